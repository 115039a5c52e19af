"""A short smoke test of the production server: gunicorn with the README's settings.

It starts gunicorn as the README says, on a free port, with two workers, asks for a few pages,
and reads its access log: what people searched for must never be in it.
"""

import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from safeplaces import create_app

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def gunicorn(tmp_path):
    database = tmp_path / "live.db"
    app = create_app({"TESTING": True, "SAFEPLACES_DB": database, "SECRET_KEY": "smoke"})
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    port = free_port()
    env = {
        **os.environ,
        "SAFEPLACES_DB": str(database),
        "SAFEPLACES_SECRET_KEY": "smoke",
        "SAFEPLACES_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:safeplaces.gunicorn_config", "app:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start:\n" + log.read_text())
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_serves_the_site_and_keeps_searches_out_of_its_log(gunicorn):
    base, log = gunicorn
    status, _, body = get(base + "/healthz")
    assert status == 200 and b'"ok"' in body
    status, headers, body = get(base + "/find?q=LE1+5FQ", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "Keep Safe Places near LE1 5FQ" in gzip.decompress(body).decode()
    get(base + "/api/v1/places/nearest?lat=52.6361&lon=-1.1331")
    time.sleep(0.2)
    written = log.read_text()
    assert '"GET /find" 200' in written and '"GET /api/v1/places/nearest" 200' in written
    for private in ("LE1", "5FQ", "52.63", "-1.13", "lat=", "q=", "127.0.0.1 -"):
        assert private not in written.split("Listening at")[-1], private
