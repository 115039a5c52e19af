"""Benchmark: the largest CSV file the manage area accepts, imported through the web page under
gunicorn with its default settings (one sync worker, a 30-second worker timeout).

A web import must finish well within gunicorn's timeout, or the worker is killed and nothing is
imported (the review found a 20 MB file of 130,000 rows answered 500 after 31 s). This script
makes a file of valid rows (the generator of bench/import_places.py) as close under the upload
limit (manage_import.MAX_UPLOAD_BYTES) as whole rows allow, starts gunicorn on a free loopback
port with a fresh database, makes an admin account, signs in and uploads the file through
/manage/import, as a browser would. It prints the file's size and rows, the answer's status and
the seconds it took, against the 30-second timeout, and checks that every row was imported.
Then it imports the same file again (every row unchanged: the matching path) and once more with
every phone number changed (every row an update). Timings are printed, never asserted; the
machine's load is printed with them, since the figures mean little without it.

Usage, from the repository root (gunicorn must be installed):

    .venv/bin/python bench/web_import.py [--bytes N]
"""

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import import_places  # noqa: E402

from safeplaces.web.manage_import import MAX_UPLOAD_BYTES  # noqa: E402

GUNICORN_TIMEOUT_S = 30  # gunicorn's default
PASSWORD = "bench password " + secrets.token_hex(4)


def file_under(limit, seed=20240601):
    """(CSV bytes just under limit, rows, the same rows with new phone numbers as CSV)."""
    phones = import_places.phone_pool()
    rows = import_places.make_rows(limit // 100, random.Random(seed), phones)
    per_row = len(import_places.to_csv(rows[:1000])) / 1000
    rows = rows[: int(limit / per_row)]
    while len(data := import_places.to_csv(rows)) > limit:
        rows = rows[: len(rows) - max(1, (len(data) - limit) // int(per_row) + 1)]
    changed = [{**row, "phone": phones[(i + 1) % len(phones)]} for i, row in enumerate(rows)]
    return data, len(rows), import_places.to_csv(changed)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(fields, files):
    boundary = "bench" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path, data=None, content_type=None, timeout=120):
        request = urllib.request.Request(self.base + path, data=data)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def token(self, path):
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.open(path)[1]).group(1)


def wait_for(base, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--bytes", type=int, default=MAX_UPLOAD_BYTES, help="the file's size (the upload limit)"
    )
    args = parser.parse_args(argv)
    data, rows, changed = file_under(args.bytes)
    print(f"File: {rows:,} rows, {len(data):,} bytes (limit {MAX_UPLOAD_BYTES:,} bytes).")
    print(f"Machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    failures = []
    with tempfile.TemporaryDirectory(prefix="safeplaces-web-import-") as folder:
        env = {
            **os.environ,
            "SAFEPLACES_DB": str(Path(folder) / "bench.db"),
            "SAFEPLACES_SECRET_KEY": secrets.token_hex(16),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "app",
                "create-user",
                "bench@example.org",
                "--role",
                "admin",
            ],
            input=f"{PASSWORD}\n{PASSWORD}\n",
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "app:app"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for(base, gunicorn)
            browser = Browser(base)
            token = browser.token("/manage/login")
            body = urllib.parse.urlencode(
                {"csrf_token": token, "email": "bench@example.org", "password": PASSWORD}
            ).encode()
            status, _page = browser.open("/manage/login", body, "application/x-www-form-urlencoded")
            assert status == 200, f"signing in answered {status}"
            for label, upload, expected in (
                ("(a) into an empty database", data, f"{rows} new"),
                ("(b) the same file again", data, f"{rows} unchanged"),
                ("(c) every phone number changed", changed, f"{rows} updated"),
            ):
                body, content_type = multipart(
                    {"csrf_token": browser.token("/manage/import")}, {"csv": ("places.csv", upload)}
                )
                start = time.perf_counter()
                status, page = browser.open("/manage/import", body, content_type)
                seconds = time.perf_counter() - start
                said = " ".join(re.sub(r"<[^>]+>", " ", page).split())
                done = status == 200 and expected in said.replace(" places", "")
                print(
                    f"{label}: status {status} in {seconds:.1f} s, {seconds / GUNICORN_TIMEOUT_S:.0%} of "
                    f"gunicorn's {GUNICORN_TIMEOUT_S} s timeout; {'OK' if done else 'WRONG'}"
                )
                if not done:
                    failures.append(label)
        finally:
            gunicorn.terminate()
            gunicorn.wait(30)
        count = sqlite3.connect(env["SAFEPLACES_DB"]).execute("SELECT count(*) FROM places").fetchone()[0]
        print(f"Places in the database: {count:,} (expected {rows:,}).")
        if count != rows:
            failures.append("count")
    if failures:
        print(f"FAILED: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
