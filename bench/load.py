"""Benchmark: the site under load, as run for real: gunicorn, 100,000 places, 32 visitors at once.

Issue 12's load test: gunicorn with 100,000 places and 32 concurrent visitors for 60 s on the
home, results and API pages; goal 0 errors.

It makes a real SQLite file with N places (100,000 by default: the demonstration places and
invented ones inside the area, bench/_data.py), then starts gunicorn as the README's "Running it
for real" says (`gunicorn -c python:safeplaces.gunicorn_config app:app`: 4 workers unless
WEB_CONCURRENCY says otherwise, the app preloaded, the access log on) on a free loopback port,
with these settings in its environment:

* SAFEPLACES_DB, the file made; SAFEPLACES_BIND, the port; SAFEPLACES_SECRET_KEY, a new one;
* SAFEPLACES_SEARCH_LIMIT raised to 1000000 per minute: every visitor comes from 127.0.0.1, so
  the usual 60 searches a minute for one address would make the run measure 429s. /find and
  /map are the limited addresses; the limiter still counts every search in its store (the
  default, an SQLite file beside the database, shared by the workers), so its cost is measured;
* nothing else: no SAFEPLACES_BASE_URL (the site answers to 127.0.0.1), no proxy settings.

Beside them, W writers (4 by default): registrars signed in to the manage area through its
sign-in page, each recording visits to random places one after another (the visit form: a GET
for its token, then the POST, which must answer 302), as a steering group's staff would while
the public search. Their writes and the visitors' reads share the one SQLite file.

Then V visitors (threads, 32 by default), each making one request after another for S seconds
(60 by default), each on a new connection (gunicorn's sync workers close each connection after
the answer), saying `Accept-Encoding: gzip, br` as a phone does. Each request is, with equal
chances: the home page; /find?q= an outward code or a town in the area; the API's nearest
places at a random point in the area; or a random place's page. It prints requests per second,
the median and 95th percentile per kind, and the errors: answers other than 2xx or 3xx, and
connections refused, reset or timed out (after 30 s). At the end gunicorn is stopped as an
operator would (SIGTERM: it finishes the requests in hand) and its exit code printed.

The visitors run on the same machine as gunicorn and take some of its CPU; the machine and its
load average are printed with the figures. Timings are only printed, never asserted.

Usage, from the repository root:

    .venv/bin/python bench/load.py [--places N] [--visitors V] [--writers W] [--seconds S]
"""

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _data  # noqa: E402
import _figures  # noqa: E402

from safeplaces import auth, create_app, geo, locate  # noqa: E402
from safeplaces import db as database  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
READS = ("home", "find", "api nearest", "place page")
KINDS = (*READS, "record a visit")
WRITER_EMAIL, WRITER_PASSWORD = "load-writer@example.org", "a long load-test passphrase"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
HEADERS = {"Accept-Encoding": "gzip, br"}
TIMEOUT_S = 30
SEARCH_LIMIT = "1000000 per minute"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mix:
    """The addresses visitors ask for: where in the area, what they search for, which places."""

    def __init__(self, app):
        config = app.config
        self.districts = geo.load_districts(str(config["SAFEPLACES_DISTRICTS"]))
        gazetteer = locate.gazetteer_for(config)
        outcodes = [code for code, (lat, lon) in gazetteer.outcodes.items() if self.districts.find(lat, lon)]
        towns = [settlement.name for settlement in gazetteer.settlements if settlement.in_area]
        self.searches = outcodes + towns
        self.outcodes, self.towns = len(outcodes), len(towns)
        db = database.open_app_db(app)
        self.slugs = [row[0] for row in db.execute("SELECT slug FROM places WHERE status = 'active'")]
        db.close()

    def point(self, rng):
        south, west, north, east = self.districts.bounds()
        while True:
            lat, lon = rng.uniform(south, north), rng.uniform(west, east)
            if self.districts.find(lat, lon):
                return lat, lon

    def path(self, kind, rng):
        if kind == "home":
            return "/"
        if kind == "find":
            return "/find?" + urllib.parse.urlencode({"q": rng.choice(self.searches)})
        if kind == "api nearest":
            lat, lon = self.point(rng)
            return f"/api/v1/places/nearest?lat={lat:.5f}&lon={lon:.5f}"
        return f"/places/{rng.choice(self.slugs)}"


def visitor(port, mix, seed, until, results):
    """Requests one after another until `until`; appends (kind, ms, status or error) to results."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        kind = rng.choice(READS)
        path = mix.path(kind, rng)
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
        try:
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            outcome = response.status
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        finally:
            connection.close()
        results.append((kind, (time.perf_counter() - start) * 1000, outcome))


class Browser:
    """One person's cookies, kept across requests as a browser keeps them."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, form=None):
        """(status, body text) of one request on a new connection."""
        headers = dict(HEADERS, Cookie="; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Accept-Encoding"] = "identity"  # the writer reads the token from the page
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
            return response.status, text
        finally:
            connection.close()

    def token(self, path):
        status, page = self.request("GET", path)
        found = TOKEN.search(page)
        if status != 200 or not found:
            raise http.client.HTTPException(f"no form at {path} ({status})")
        return found.group(1) or found.group(2)


def writer(port, place_ids, seed, until, results):
    """A registrar recording visits one after another until `until`; appends to results as visitor does."""
    rng, browser = random.Random(seed), Browser(port)
    token = browser.token("/manage/login")
    status, _ = browser.request(
        "POST", "/manage/login", {"csrf_token": token, "email": WRITER_EMAIL, "password": WRITER_PASSWORD}
    )
    if status != 302:
        results.append(("record a visit", 0.0, f"sign-in answered {status}"))
        return
    while time.monotonic() < until:
        path = f"/manage/visits/places/{rng.choice(place_ids)}"
        start = time.perf_counter()
        try:
            form = {
                "csrf_token": browser.token(path),
                "visited_on": time.strftime("%d/%m/%Y"),
                "reason": "lost",
                "outcomes": ["phoned the card contact", "helped on the spot"],
            }
            status, _ = browser.request("POST", path, form)
            outcome = status if status == 302 else f"{status} (visit not recorded)"
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        results.append(("record a visit", (time.perf_counter() - start) * 1000, outcome))


def wait_for(port, process, log, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode}):\n{log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def is_error(outcome):
    return not isinstance(outcome, int) or not 200 <= outcome < 400


def report(results, seconds):
    print(f"{len(results):,} requests in {seconds:.1f} s: {len(results) / seconds:.1f} requests per second")
    for kind in KINDS:
        times = [ms for k, ms, _ in results if k == kind]
        if not times:
            continue
        median, p95 = _figures.median_p95(times)
        errors = sum(is_error(outcome) for k, _, outcome in results if k == kind)
        print(
            f"  {kind:<14} {len(times):6,} requests  median {median:8.1f} ms  p95 {p95:8.1f} ms  errors {errors}"
        )
    statuses = {}
    for _, _, outcome in results:
        statuses[outcome] = statuses.get(outcome, 0) + 1
    print(
        "Answers: "
        + ", ".join(f"{count:,} {outcome}" for outcome, count in sorted(statuses.items(), key=str))
    )
    errors = {}
    for _, _, outcome in results:
        if is_error(outcome):
            errors[outcome] = errors.get(outcome, 0) + 1
    words = ", ".join(f"{count} {outcome}" for outcome, count in sorted(errors.items(), key=str))
    print(f"Errors: {sum(errors.values())}{f' ({words})' if errors else ''} (goal 0)")
    return sum(errors.values())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=100_000, help="active places (100000)")
    parser.add_argument("--visitors", type=int, default=32, help="visitors at once (32)")
    parser.add_argument("--writers", type=int, default=4, help="registrars recording visits at once (4)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they visit (60)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    args = parser.parse_args(argv)

    print(_figures.machine())
    with tempfile.TemporaryDirectory(prefix="safeplaces-load-") as folder:
        db_file = Path(folder) / "load.db"
        app = create_app({"SAFEPLACES_DB": db_file, "SECRET_KEY": "load"})
        started = time.perf_counter()
        count = _data.fill(app, args.places, args.seed)
        print(
            f"Data: {count:,} active places in a real SQLite file, made in {time.perf_counter() - started:.0f} s; "
            f"hours {_data.hours_mix(app)}"
        )
        mix = Mix(app)
        db = database.open_app_db(app)
        auth.create_user(db, WRITER_EMAIL, WRITER_PASSWORD, "registrar", by="bench")
        place_ids = [row[0] for row in db.execute("SELECT id FROM places WHERE status = 'active' LIMIT 1000")]
        visits_before = db.execute("SELECT count(*) FROM visits").fetchone()[0]
        db.close()
        port = free_port()
        env = {
            **os.environ,
            "SAFEPLACES_DB": str(db_file),
            "SAFEPLACES_BIND": f"127.0.0.1:{port}",
            "SAFEPLACES_SECRET_KEY": secrets.token_hex(16),
            "SAFEPLACES_SEARCH_LIMIT": SEARCH_LIMIT,
        }
        workers = env.get("WEB_CONCURRENCY", "4")
        print(
            f"gunicorn -c python:safeplaces.gunicorn_config app:app, {workers} workers, on 127.0.0.1:{port}; "
            f"SAFEPLACES_SEARCH_LIMIT={SEARCH_LIMIT!r}; rate limits counted in the default SQLite store"
        )
        print(
            f"Visitors: {args.visitors} at once for {args.seconds:g} s, one request after another, each on a new "
            f"connection; equal shares of {', '.join(READS)} (searching for {mix.outcodes} outward codes and "
            f"{mix.towns} towns in the area); {args.writers} registrars recording visits meanwhile"
        )
        log = Path(folder) / "gunicorn.log"
        with open(log, "wb") as log_file:
            gunicorn = subprocess.Popen(
                [str(GUNICORN), "-c", "python:safeplaces.gunicorn_config", "app:app"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,  # the access log, a line a request
                stderr=log_file,
            )
        try:
            wait_for(port, gunicorn, log)
            results = []
            start = time.monotonic()
            until = start + args.seconds
            visitors = [
                threading.Thread(target=visitor, args=(port, mix, args.seed * 1000 + n, until, results))
                for n in range(args.visitors)
            ] + [
                threading.Thread(target=writer, args=(port, place_ids, args.seed * 2000 + n, until, results))
                for n in range(args.writers)
            ]
            for thread in visitors:
                thread.start()
            for thread in visitors:
                thread.join()
            elapsed = time.monotonic() - start
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                code = gunicorn.wait(60)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                code = f"{gunicorn.wait()} (killed: it did not stop within 60 s of SIGTERM)"
        errors = report(results, elapsed)
        db = database.open_app_db(app)
        recorded = db.execute("SELECT count(*) FROM visits").fetchone()[0] - visits_before
        db.close()
        answered = sum(1 for kind, _, outcome in results if kind == "record a visit" and outcome == 302)
        print(
            f"Visits recorded: {recorded:,} in the database, {answered:,} answered as recorded (must be equal)"
        )
        print(f"gunicorn stopped with SIGTERM, exit code {code}")
        print(_figures.machine())
        if errors or code != 0:
            print(f"gunicorn's error log, last lines:\n{log.read_text()[-2000:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
