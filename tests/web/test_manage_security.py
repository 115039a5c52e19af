"""Every manage address refuses anyone not signed in; sign-in is throttled; forms need CSRF."""

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from safeplaces.web.manage import OPEN_ENDPOINTS
from tests.helpers import check_page
from tests.web.manage_helpers import PASSWORD, csrf_token, make_account, sign_in


def manage_urls(app: Flask):
    """(url, methods) of every route under /manage, with its parameters filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/manage"):
            continue
        values = {
            name: 1 if isinstance(converter, IntegerConverter) else "x"
            for name, converter in rule._converters.items()
        }
        url = rule.build(values)[1]
        found.append((rule.endpoint, url, sorted(rule.methods - {"HEAD", "OPTIONS"})))
    return found


@pytest.fixture
def registrar(db, client):
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def test_the_code_page_without_a_right_password_first_sends_to_sign_in(client):
    response = client.get("/manage/login/code")
    assert response.status_code == 302 and response.headers["Location"].startswith("/manage/login")


def test_the_manage_area_has_routes(app):
    endpoints = {endpoint for endpoint, _, _ in manage_urls(app)}
    assert {"manage.login", "manage.logout", "manage.dashboard"} <= endpoints


def test_every_manage_route_refuses_anonymous_requests(app, client):
    assert OPEN_ENDPOINTS == {"manage.login", "manage.login_code"}
    for endpoint, url, methods in manage_urls(app):
        if endpoint in OPEN_ENDPOINTS:
            continue
        for method in methods:
            response = client.open(url, method=method)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/manage/login"), (method, url)


def test_admin_only_routes_refuse_registrars(app, registrar):
    from safeplaces.web.manage import admin_required

    admin_blueprints = {name for name, funcs in app.before_request_funcs.items() if admin_required in funcs}
    assert "manage_users" in admin_blueprints
    token = csrf_token(registrar, "/manage/")  # so a form is refused for the role, not for a missing token
    checked = 0
    for endpoint, url, methods in manage_urls(app):
        if endpoint.split(".")[0] in admin_blueprints:
            for method in methods:
                data = None if method == "GET" else {"csrf_token": token}
                assert registrar.open(url, method=method, data=data).status_code == 403, (method, url)
                checked += 1
    assert checked > 0


def test_sign_in_and_out(db, client):
    make_account(db, "ann@example.org", "admin")
    response = sign_in(client, "ann@example.org")
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/")
    assert client.get("/manage/").status_code == 200
    token = csrf_token(client, "/manage/")
    assert client.post("/manage/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/manage/").status_code == 302


def test_a_wrong_password_keeps_the_email_and_says_so_plainly(db, pages, client):
    make_account(db, "ann@example.org", "admin")
    response = sign_in(client, "ann@example.org", "wrong password!!")
    assert response.status_code == 401
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.find("input", id="email")["value"] == "ann@example.org"
    assert "The email address or password is not right." in page.find(id="email-error").get_text()


def test_after_signing_in_you_go_back_where_you_were_but_only_within_manage(db, client):
    make_account(db, "ann@example.org", "admin")
    assert client.get("/manage/").headers["Location"] == "/manage/login?next=/manage/"
    token = csrf_token(client, "/manage/login")
    for target, expected in (
        ("/manage/", "/manage/"),
        ("https://evil.example/manage/", "/manage/"),
        ("//evil.example/x", "/manage/"),
        ("/find?q=x", "/manage/"),
    ):
        client.get("/")  # stay signed out
        response = client.post(
            f"/manage/login?next={target}",
            data={"csrf_token": token, "email": "ann@example.org", "password": PASSWORD},
        )
        assert response.headers["Location"] == expected, target
        client.post("/manage/logout", data={"csrf_token": csrf_token(client, "/manage/")})
        token = csrf_token(client, "/manage/login")


def test_a_form_without_its_csrf_token_is_refused(db, client):
    make_account(db, "ann@example.org", "admin")
    response = client.post("/manage/login", data={"email": "ann@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_five_failures_from_an_address_then_429(db, client):
    make_account(db, "ann@example.org", "admin")
    for n in range(5):
        assert sign_in(client, f"nobody{n}@example.org", "wrong password!!").status_code == 401
    assert sign_in(client, "ann@example.org").status_code == 429


def test_five_failures_from_elsewhere_do_not_lock_the_owner_out(db, client, app):
    make_account(db, "ann@example.org", "admin")
    attacker = app.test_client()
    for n in range(5):
        assert (
            sign_in(attacker, "ann@example.org", "wrong password!!", address=f"10.0.0.{n}").status_code == 401
        )
    assert (
        sign_in(client, "ann@example.org", address="10.9.9.9").status_code == 302
    )  # a new place, a new device


def _sign_out(client):
    """Forget the session, but not the cookies a browser keeps (such as the known-device one)."""
    with client.session_transaction() as session:
        session.clear()


def test_many_failures_for_an_account_pause_new_devices_but_not_the_owners_own(db, client, app):
    make_account(db, "ann@example.org", "admin")
    assert sign_in(client, "ann@example.org", address="10.0.0.200").status_code == 302  # her own laptop
    _sign_out(client)
    attacker = app.test_client()
    for n in range(10):
        assert (
            sign_in(attacker, "ann@example.org", "wrong password!!", address=f"10.0.1.{n}").status_code == 401
        )
    stranger = app.test_client()
    paused = sign_in(stranger, "ann@example.org", address="10.0.2.1")
    assert paused.status_code == 429
    page = BeautifulSoup(paused.get_data(as_text=True), "html.parser")
    check_page(page)
    assert "signed in on before" in page.find(id="main").get_text()
    # Ann, on her own laptop, from a café's wifi she has never used:
    assert sign_in(client, "ann@example.org", address="10.0.3.1").status_code == 302


def test_a_device_cookie_for_another_account_does_not_help(db, client, app):
    make_account(db, "ann@example.org", "admin")
    make_account(db, "bob@example.org", "registrar")
    assert sign_in(client, "bob@example.org", address="10.0.0.200").status_code == 302
    _sign_out(client)
    for n in range(10):
        assert (
            sign_in(app.test_client(), "ann@example.org", "x" * 12, address=f"10.0.1.{n}").status_code == 401
        )
    assert sign_in(client, "ann@example.org", address="10.0.3.1").status_code == 429


def test_failed_sign_ins_and_lockouts_are_logged_without_the_email(db, client, caplog):
    make_account(db, "ann@example.org", "admin")
    with caplog.at_level("WARNING", logger="safeplaces.security"):
        for _ in range(6):
            sign_in(client, "ann@example.org", "wrong password!!", address="10.0.0.7")
    lines = [record.getMessage() for record in caplog.records if record.name == "safeplaces.security"]
    assert sum(line.startswith("sign-in failed ") for line in lines) == 5
    assert any(line.startswith("sign-in paused ") and "limit=address" in line for line in lines)
    assert not any("ann@example.org" in line or "10.0.0.7" in line for line in lines), lines
    accounts = {part for line in lines for part in line.split() if part.startswith("account=")}
    assert len(accounts) == 1 and len(accounts.pop()) == len("account=") + 12


def test_successful_sign_ins_do_not_count(db, client):
    make_account(db, "ann@example.org", "admin")
    for _ in range(7):
        assert sign_in(client, "ann@example.org").status_code == 302
        client.post("/manage/logout", data={"csrf_token": csrf_token(client, "/manage/")})


def test_a_session_from_before_server_sessions_must_sign_in_again(db, client):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    with client.session_transaction() as session:
        session["_user_id"] = "1:0123456789abcdef"  # how sessions named the account before
    assert client.get("/manage/").headers["Location"].startswith("/manage/login")


def test_a_session_with_a_wrong_token_must_sign_in_again(db, client):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    with client.session_transaction() as session:
        session["_user_id"] = session["_user_id"].split(":")[0] + ":0123456789abcdef"
    assert client.get("/manage/").headers["Location"].startswith("/manage/login")


def test_session_cookie_flags(db, client, app):
    make_account(db, "ann@example.org", "admin")
    cookie = sign_in(client, "ann@example.org").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.config["SESSION_COOKIE_SECURE"] is False  # http://127.0.0.1 base address in tests


def test_cookies_are_secure_when_the_site_is_https(tmp_path):
    from safeplaces import create_app

    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "s.db",
            "SECRET_KEY": "x",
            "SAFEPLACES_BASE_URL": "https://keepsafe.example.org",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    "query",
    [
        "approved=100000000000000000000",
        "declined=9223372036854775808",
        "approved=-1",
        "declined=%C2%B2",  # a superscript two: a digit to str.isdigit, not to int()
        "approved=9223372036854775807",
    ],
)
def test_an_id_out_of_range_in_a_query_string_is_ignored_not_a_500(db, client, query):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    response = client.get(f"/manage/applications?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["recorded=100000000000000000000", "recorded=9223372036854775808"])
def test_a_recorded_id_out_of_range_is_ignored(db, client, query):
    from tests.helpers import add_place

    place_id = add_place(db, 52.63, -1.13)
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    for page in ("checks", "visits"):
        assert client.get(f"/manage/{page}/places/{place_id}?{query}").status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "/manage/%0D%0AX:1",
        "/manage/%0AX:1",
        "/manage/%00",
        "/manage/\\\\evil.example",
        "/manage/ x",
        "/\\evil.example",
    ],
)
def test_next_with_line_breaks_or_tricks_goes_to_the_dashboard(db, client, target):
    make_account(db, "ann@example.org", "admin")
    token = csrf_token(client, "/manage/login")
    response = client.post(
        f"/manage/login?next={target}",
        data={"csrf_token": token, "email": "ann@example.org", "password": PASSWORD},
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/")


def test_next_keeps_a_manage_page_with_its_query(db, client):
    make_account(db, "ann@example.org", "admin")
    token = csrf_token(client, "/manage/login")
    response = client.post(
        "/manage/login?next=/manage/places/%3Fq%3DCaf%25C3%25A9%26page%3D2",
        data={"csrf_token": token, "email": "ann@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/manage/places/?q=Caf%C3%A9&page=2"


def _signed_in_once(db, client):
    """An admin signed in on client (hypothesis runs a test many times with the same fixtures)."""
    if db["users"].count == 0:
        make_account(db, "fuzz@example.org", "admin")
    if client.get("/manage/").status_code != 200:
        assert sign_in(client, "fuzz@example.org").status_code == 302


QUERY_KEYS = ("approved", "declined", "recorded", "page", "q", "status", "contacts", "next", "example")
QUERY_VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["9223372036854775807", "9223372036854775808", "1e309", "nan", "0", "-0", "²", "١٢"]),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    route=st.integers(min_value=0),
    query=st.dictionaries(
        st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=10)), QUERY_VALUES, max_size=4
    ),
)
def test_no_query_string_makes_a_manage_page_fail(app, db, client, route, query):
    _signed_in_once(db, client)
    pages = sorted(url for _, url, methods in manage_urls(app) if "GET" in methods and url != "/manage/login")
    url = pages[route % len(pages)]
    response = client.get(url, query_string=query)
    assert response.status_code < 500, (url, query, response.status_code)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.one_of(st.text(max_size=60), st.from_regex(r"/manage/[ -~\r\n\t]{0,30}", fullmatch=True)))
def test_any_next_after_signing_in_is_a_local_manage_page(db, client, target):
    _signed_in_once(db, client)
    client.post("/manage/logout", data={"csrf_token": csrf_token(client, "/manage/login")})
    response = client.post(
        "/manage/login",
        query_string={"next": target},
        data={
            "csrf_token": csrf_token(client, "/manage/login"),
            "email": "fuzz@example.org",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/manage") and not location.startswith("//"), location
