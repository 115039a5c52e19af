"""Addresses the site makes (API links, QR codes) never come from a Host header it does not trust."""

import pytest

from safeplaces import create_app
from tests.web.manage_helpers import csrf_token


def _app(tmp_path, **settings):
    return create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SECRET_KEY": "x", **settings})


@pytest.fixture
def seeded_app(tmp_path):
    app = _app(tmp_path)
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    return app


NEAREST = "/api/v1/places/nearest?lat=52.636&lon=-1.133&limit=1"


@pytest.mark.parametrize("path", ["/", NEAREST, "/manage/", "/cards/new", "/no-such-page"])
def test_with_no_base_address_another_host_is_refused(seeded_app, path):
    response = seeded_app.test_client().get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


def test_a_refused_host_cannot_post_a_form_either(seeded_app):
    client = seeded_app.test_client()
    token = csrf_token(client, "/cards/new")
    response = client.post(
        "/cards/new",
        data={"csrf_token": token, "name": "Sam", "format": "blank"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400 and response.mimetype != "application/pdf"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5000"])
def test_loopback_addresses_are_always_trusted(seeded_app, host):
    response = seeded_app.test_client().get(NEAREST, headers={"Host": host})
    assert response.status_code == 200
    assert response.get_json()["places"][0]["url"].startswith(f"http://{host}/places/")


def test_the_base_address_names_the_one_trusted_host(tmp_path):
    app = _app(tmp_path, SAFEPLACES_BASE_URL="https://keepsafe.example.org")
    assert app.config["TRUSTED_HOSTS"] == ["keepsafe.example.org", "localhost", "127.0.0.1"]
    client = app.test_client()
    assert client.get("/", headers={"Host": "keepsafe.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "keepsafe.example.org.evil.example"}).status_code == 400


def test_more_hosts_can_be_trusted_by_a_setting(tmp_path):
    app = _app(
        tmp_path,
        SAFEPLACES_BASE_URL="https://keepsafe.example.org",
        SAFEPLACES_TRUSTED_HOSTS=["www.keepsafe.example.org"],
    )
    client = app.test_client()
    for host, status in (
        ("www.keepsafe.example.org", 200),
        ("keepsafe.example.org", 200),
        ("x.example", 400),
    ):
        assert client.get("/", headers={"Host": host}).status_code == status, host


def test_trusted_hosts_from_the_environment(monkeypatch):
    from safeplaces import config

    found = config.from_environment({"SAFEPLACES_TRUSTED_HOSTS": "a.example, b.example\nc.example"})
    assert found["SAFEPLACES_TRUSTED_HOSTS"] == ["a.example", "b.example", "c.example"]
