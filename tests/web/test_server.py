"""The production server, gunicorn, serving the app: it names no version of anything."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_answers_without_a_version_in_its_headers(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "SAFEPLACES_DB": str(tmp_path / "t.db"),
        "SAFEPLACES_SECRET_KEY": secrets.token_hex(8),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "app:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, response = time.monotonic() + 60, None
        while response is None and time.monotonic() < deadline:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            except OSError:
                time.sleep(0.3)
        assert response is not None and response.status == 200
        headers = {name.lower(): value for name, value in response.headers.items()}
    finally:
        server.terminate()
        server.wait(30)
    assert headers["server"] == "gunicorn"
    assert not any(re.search(r"[0-9]+\.[0-9]+", value) for name, value in headers.items() if name != "date")
    assert "x-powered-by" not in headers
