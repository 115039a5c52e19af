"""Rate limits that hold across processes and behind a reverse proxy."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safeplaces import create_app, ratelimits
from tests.web.manage_helpers import PASSWORD, make_account, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _app(tmp_path, **settings):
    return create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SECRET_KEY": "x", **settings})


# A second instance of the site, in its own process as a second gunicorn worker would be: it
# signs in wrongly `tries` times from one address and prints the answers' statuses.
OTHER_PROCESS = """
import json, sys
from safeplaces import create_app
from tests.web.manage_helpers import sign_in
db, tries, address = sys.argv[1], int(sys.argv[2]), sys.argv[3]
app = create_app({"TESTING": True, "SAFEPLACES_DB": db, "SECRET_KEY": "x"})
client = app.test_client()
print(json.dumps([sign_in(client, "ann@example.org", "wrong password!!", address=address).status_code
                  for _ in range(tries)]))
"""


def _sign_in_elsewhere(db_path, tries, address):
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(db_path), str(tries), address],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_default_store_is_a_file_beside_the_database(tmp_path):
    app = _app(tmp_path)
    assert app.config["RATELIMIT_STORAGE_URI"] == f"sqlite:///{tmp_path / 't-ratelimits.db'}"


def test_sign_in_limits_hold_across_two_processes_sharing_the_store(tmp_path, db):
    app = _app(tmp_path)
    make_account(db, "ann@example.org", "admin")
    here = app.test_client()
    for _ in range(3):
        assert sign_in(here, "ann@example.org", "wrong password!!", address="203.0.113.7").status_code == 401
    assert _sign_in_elsewhere(tmp_path / "t.db", 2, "203.0.113.7") == [401, 401]
    assert sign_in(here, "ann@example.org", PASSWORD, address="203.0.113.7").status_code == 429
    assert _sign_in_elsewhere(tmp_path / "t.db", 1, "203.0.113.7") == [429]


@pytest.fixture
def db(tmp_path):
    from safeplaces import db as database

    connection = database.connect(tmp_path / "t.db")
    database.migrate(connection)
    yield connection
    connection.close()


def _wrong(client, n, forwarded):
    return sign_in_via(client, f"nobody{n}@example.org", "wrong password!!", forwarded)


def sign_in_via(client, email, password, forwarded, proxy="10.0.0.2"):
    from tests.web.manage_helpers import csrf_token

    # A browser sends the page it posts from: Flask-WTF checks it matches on https.
    headers = {
        "X-Forwarded-For": forwarded,
        "X-Forwarded-Proto": "https",
        "Referer": "https://localhost/manage/login",
    }
    token = csrf_token(client, "/manage/login")
    return client.post(
        "/manage/login",
        data={"csrf_token": token, "email": email, "password": password},
        headers=headers,
        environ_base={"REMOTE_ADDR": proxy},
    )


def test_behind_a_trusted_proxy_each_visitor_is_counted_by_their_own_address(tmp_path, db):
    app = _app(tmp_path, SAFEPLACES_PROXY_COUNT=1)
    make_account(db, "ann@example.org", "admin")
    client = app.test_client()
    for n in range(5):
        assert _wrong(client, n, "198.51.100.1").status_code == 401
    assert _wrong(client, 9, "198.51.100.1").status_code == 429
    # Another visitor through the same proxy is not locked out by the first one's mistakes.
    assert sign_in_via(client, "ann@example.org", PASSWORD, "198.51.100.2").status_code == 302


def test_without_proxy_settings_a_forwarded_address_cannot_dodge_the_limit(tmp_path, db):
    app = _app(tmp_path)
    client = app.test_client()
    for n in range(5):
        assert _wrong(client, n, f"198.51.100.{n}").status_code == 401
    assert _wrong(client, 9, "198.51.100.99").status_code == 429


@pytest.mark.parametrize("proxies, scheme", [(1, "https"), (0, "http")])
def test_behind_a_trusted_proxy_the_site_knows_the_request_was_https(tmp_path, db, proxies, scheme):
    from tests.helpers import add_place

    add_place(db, 52.636, -1.133, slug="granby")
    app = _app(tmp_path, SAFEPLACES_PROXY_COUNT=proxies)
    answer = app.test_client().get(
        "/api/v1/places/nearest?lat=52.636&lon=-1.133", headers={"X-Forwarded-Proto": "https"}
    )
    assert answer.get_json()["places"][0]["url"] == f"{scheme}://localhost/places/granby"


# The store itself


@pytest.fixture
def store(tmp_path):
    return ratelimits.SQLiteStorage(f"sqlite:///{tmp_path / 'limits.db'}")


def test_a_count_grows_within_its_window_and_starts_again_after_it(store, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(ratelimits.time, "time", lambda: now[0])
    assert [store.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert (store.get("k"), store.get_expiry("k")) == (3, 1060.0)
    now[0] = 1059.9
    assert store.incr("k", 60, amount=2) == 5
    now[0] = 1060.0
    assert store.get("k") == 0
    assert store.incr("k", 60) == 1 and store.get_expiry("k") == 1120.0


def test_keys_are_separate_and_can_be_cleared(store):
    store.incr("a", 60)
    store.incr("b", 60)
    store.clear("a")
    assert (store.get("a"), store.get("b")) == (0, 1)
    assert store.reset() == 1 and store.get("b") == 0
    assert store.check()


def test_the_store_is_shared_by_every_connection_to_the_file(tmp_path):
    uri = f"sqlite:///{tmp_path / 'limits.db'}"
    first, second = ratelimits.SQLiteStorage(uri), ratelimits.SQLiteStorage(uri)
    first.incr("k", 60)
    assert second.incr("k", 60) == 2


def test_old_counts_are_swept_away(store, monkeypatch):
    now = [time.time()]
    monkeypatch.setattr(ratelimits.time, "time", lambda: now[0])
    for n in range(10):
        store.incr(f"visitor{n}", 60)
    now[0] += 61
    store.sweep()
    assert store.stored() == 0
