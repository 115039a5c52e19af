"""Headers, file permissions, refusals logged, and searches limited: the smaller promises."""

import os
import stat

import pytest

from safeplaces import create_app
from tests.helpers import add_place
from tests.web.manage_helpers import csrf_token, make_account, sign_in


def _app(tmp_path, **settings):
    return create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SECRET_KEY": "x", **settings})


@pytest.fixture
def admin(db, client):
    make_account(db, "ann@example.org", "admin")
    assert sign_in(client, "ann@example.org").status_code == 302
    return client


def test_every_manage_page_is_kept_by_no_browser_or_proxy(admin, db):
    place_id = add_place(db, 52.63, -1.13, contact_email="private@example.org")
    for path in (
        "/manage/",
        f"/manage/places/{place_id}",
        f"/manage/places/{place_id}/edit",
        "/manage/login",
    ):
        assert admin.get(path).headers["Cache-Control"] == "no-store", path


def test_public_pages_may_still_be_cached(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_hsts_only_when_the_site_is_https(tmp_path):
    https = _app(tmp_path, SAFEPLACES_BASE_URL="https://keepsafe.example.org").test_client()
    answer = https.get("/", headers={"Host": "keepsafe.example.org"})
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = _app(tmp_path / "plain").test_client()
    assert "Strict-Transport-Security" not in plain.get("/").headers


def test_the_database_and_its_folder_are_private_to_the_sites_user(tmp_path):
    _app(tmp_path / "instance")
    database = tmp_path / "instance" / "t.db"
    for path in (database, database.with_name("t.db-wal"), database.with_name("t-ratelimits.db")):
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


def test_an_existing_database_keeps_its_permissions(tmp_path):
    database = tmp_path / "t.db"
    database.touch(mode=0o640)
    os.chmod(database, 0o640)
    _app(tmp_path)
    assert stat.S_IMODE(database.stat().st_mode) == 0o640  # the operator's choice is left alone


def _security_lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "safeplaces.security"]


def test_a_refusal_is_logged_without_the_email(db, client, caplog):
    make_account(db, "reg@example.org", "registrar")
    sign_in(client, "reg@example.org")
    with caplog.at_level("WARNING", logger="safeplaces.security"):
        assert client.get("/manage/users/").status_code == 403
    [line] = _security_lines(caplog)
    assert line.startswith("refused ") and "path=/manage/users/" in line and "status=403" in line
    assert "reg@example.org" not in line and "127.0.0.1" not in line


def test_a_form_without_its_token_is_logged(client, caplog):
    with caplog.at_level("WARNING", logger="safeplaces.security"):
        assert client.post("/apply", data={"name": "x"}).status_code == 400
    [line] = _security_lines(caplog)
    assert line.startswith("form without a valid token ") and "path=/apply" in line


@pytest.mark.parametrize("path", ["/find?q=LE1", "/map"])
def test_searches_are_rate_limited_per_address(tmp_path, path):
    client = _app(tmp_path, SAFEPLACES_SEARCH_LIMIT="3 per minute").test_client()
    statuses = [client.get(path).status_code for _ in range(4)]
    assert statuses[-1] == 429 and 429 not in statuses[:3]
    other = client.get(path, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code != 429
    assert "999" in other.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/api/v1/places/nearest?q=LE1", "/openreferral/v3/service_at_locations?postcode=LE1+5FQ"]
)
def test_searches_by_the_api_and_the_feed_are_rate_limited_too(tmp_path, path):
    client = _app(tmp_path, SAFEPLACES_SEARCH_LIMIT="3 per minute").test_client()
    statuses = [client.get(path).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429] and "error" in client.get(path).get_json()
    listing = "/openreferral/v3/service_at_locations"  # a listing, not a search: harvesting stays free
    assert [client.get(listing).status_code for _ in range(5)] == [200] * 5


def test_help_now_is_never_rate_limited(tmp_path):
    client = _app(tmp_path, SAFEPLACES_SEARCH_LIMIT="1 per minute").test_client()
    assert [client.get("/help-now?q=LE1").status_code for _ in range(3)] == [200] * 3
    assert [client.get("/api/v1/help?q=LE1").status_code for _ in range(3)] == [200] * 3


def test_the_pause_page_for_too_many_searches_promises_no_wrong_wait(tmp_path):
    client = _app(tmp_path, SAFEPLACES_SEARCH_LIMIT="1 per minute").test_client()
    client.get("/find?q=LE1")
    page = client.get("/find?q=LE1").get_data(as_text=True)
    assert "15 minutes" not in page and "Call 999" in page


def test_logging_out_is_refused_without_a_token(admin):
    assert admin.post("/manage/logout").status_code == 400
    assert admin.get("/manage/").status_code == 200
    token = csrf_token(admin, "/manage/")
    assert admin.post("/manage/logout", data={"csrf_token": token}).status_code == 302


def test_every_test_security_md_names_exists():
    """SECURITY.md says which test checks each promise: each named test must be there."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    named, file = [], None
    for path, name, same_file in re.findall(
        r"`(tests/[\w/]+\.py)(?:::(\w+))?`|`::(\w+)`", (root / "SECURITY.md").read_text(encoding="utf-8")
    ):
        file = path or file
        if name or same_file:
            named.append((file, name or same_file))
    assert len(named) > 40
    missing = [(f, n) for f, n in named if f"def {n}(" not in (root / f).read_text(encoding="utf-8")]
    assert missing == []
