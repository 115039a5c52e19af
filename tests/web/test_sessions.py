"""Manage sessions live on the server: signing out ends them, and they end when idle or old."""

import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from bs4 import BeautifulSoup

from safeplaces import auth, clock, create_app, ratelimits
from tests.helpers import check_page, text
from tests.web.manage_helpers import PASSWORD, csrf_token, make_account, sign_in


def _app(tmp_path, **settings):
    return create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SECRET_KEY": "x", **settings})


def _session_cookie(client):
    return client.get_cookie("session").value


def _sign_out(client):
    return client.post("/manage/logout", data={"csrf_token": csrf_token(client, "/manage/")})


def test_a_copied_cookie_no_longer_opens_the_manage_area_after_signing_out(db, client, app):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    copied = _session_cookie(client)
    _sign_out(client)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/manage/").status_code == 302


def test_sessions_are_kept_on_the_server_by_a_hash_of_their_token(db, client):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    with client.session_transaction() as session:
        token = session["_user_id"]
    [row] = list(db.query("SELECT * FROM sessions"))
    assert token not in str(row) and row["user_id"] == 1
    _sign_out(client)
    assert db["sessions"].count == 0


def _age(db, **times):
    """Move every session's times into the past."""
    for column, ago in times.items():
        db.execute(f"UPDATE sessions SET {column} = ?", [clock.stamp(datetime.now(UTC) - ago)])
    db.conn.commit()


def test_a_session_unused_for_longer_than_the_idle_time_ends(db, client):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    _age(db, seen_at=timedelta(minutes=29))
    assert client.get("/manage/").status_code == 200
    _age(db, seen_at=timedelta(minutes=31))
    response = client.get("/manage/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/manage/login")
    page = BeautifulSoup(client.get(response.headers["Location"]).get_data(as_text=True), "html.parser")
    assert "30 minutes" in text(page.find(id="main"))


def test_a_session_ends_after_its_lifetime_however_busy(db, client):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    _age(db, started_at=timedelta(hours=8, minutes=1))
    assert client.get("/manage/").status_code == 302


def test_the_times_are_settings(tmp_path):
    app = _app(tmp_path, SAFEPLACES_SESSION_IDLE_MINUTES=5, SAFEPLACES_SESSION_HOURS=1)
    from safeplaces import db as database

    db = database.open_app_db(app)
    make_account(db, "ann@example.org", "admin")
    client = app.test_client()
    sign_in(client, "ann@example.org")
    _age(db, seen_at=timedelta(minutes=6))
    assert client.get("/manage/").status_code == 302


def test_deactivating_an_account_ends_its_sessions(db, client, app):
    make_account(db, "ann@example.org", "admin")
    make_account(db, "reg@example.org", "registrar")
    other = app.test_client()
    sign_in(other, "reg@example.org")
    sign_in(client, "ann@example.org")
    token = csrf_token(client, "/manage/users/2")
    assert client.post("/manage/users/2/deactivate", data={"csrf_token": token}).status_code == 302
    assert db.execute("SELECT count(*) FROM sessions WHERE user_id = 2").fetchone()[0] == 0
    assert other.get("/manage/").status_code == 302


# Your own account: a new password asks for the current one


def _change_password(client, current, new, again=None):
    return client.post(
        "/manage/account/password",
        data={
            "csrf_token": csrf_token(client, "/manage/account"),
            "current_password": current,
            "password": new,
            "password_again": again if again is not None else new,
        },
    )


def test_a_registrar_can_change_their_own_password(db, client, app, pages):
    make_account(db, "reg@example.org", "registrar")
    elsewhere = app.test_client()
    sign_in(elsewhere, "reg@example.org")
    sign_in(client, "reg@example.org")
    page = pages.get("/manage/account")
    assert page.find("input", attrs={"name": "current_password"})
    response = _change_password(client, PASSWORD, "a new long passphrase here")
    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200  # this session goes on
    assert elsewhere.get("/manage/").status_code == 302  # every other one has ended
    assert auth.authenticate(db, "reg@example.org", "a new long passphrase here")
    assert "a new long passphrase" not in str(list(db.query("SELECT * FROM audit")))


@pytest.mark.parametrize(
    "current, new, again, field, words",
    [
        ("wrong password!!", "a new long passphrase", None, "current_password", "is not right"),
        (PASSWORD, "short", None, "password", "12 to 200 characters"),
        (PASSWORD, "a new long passphrase", "something else", "password_again", "not the same"),
        (PASSWORD, "password1234", None, "password", "common"),
        (PASSWORD, "qwertyuiopasdfgh", None, "password", "common"),
    ],
)
def test_a_password_change_is_refused_plainly(db, client, current, new, again, field, words):
    make_account(db, "reg@example.org", "registrar")
    sign_in(client, "reg@example.org")
    response = _change_password(client, current, new, again)
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    assert words in text(page.find(id=f"{field.replace('_', '-')}-error"))
    assert auth.authenticate(db, "reg@example.org", PASSWORD)


def test_an_admin_changes_their_own_password_on_their_account_page_not_the_accounts_page(db, client):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    response = client.post(
        "/manage/users/1/password",
        data={
            "csrf_token": csrf_token(client, "/manage/users/1"),
            "password": "x" * 20,
            "password_again": "x" * 20,
        },
    )
    assert response.status_code == 400
    assert auth.authenticate(db, "ann@example.org", PASSWORD)


@pytest.mark.parametrize(
    "password", ["password1234", "Password1234", "Dragon2024!!", "123456789012", "aaaaaaaaaaaa"]
)
def test_common_passwords_are_refused_everywhere(password):
    assert "common" in auth.password_problem(password) or "guess" in auth.password_problem(password)


def test_an_uncommon_password_is_fine():
    assert auth.password_problem(PASSWORD) is None
    assert auth.password_problem("Granby Street Café 41") is None


# Two-step sign-in


def _set_up_two_step(client):
    page = BeautifulSoup(client.get("/manage/account/two-step").get_data(as_text=True), "html.parser")
    secret = page.find(id="secret").get_text().replace(" ", "")
    assert page.find("img", id="qr-code")["src"] == "/manage/account/two-step/qr.png"  # to scan
    response = client.post(
        "/manage/account/two-step",
        data={"csrf_token": csrf_token(client, "/manage/account/two-step"), "code": pyotp.TOTP(secret).now()},
    )
    assert response.status_code == 302
    return secret


def _code(client, code):
    return client.post(
        "/manage/login/code", data={"csrf_token": csrf_token(client, "/manage/login/code"), "code": code}
    )


def test_two_step_sign_in_asks_for_a_code_after_the_password(db, client, app):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    secret = _set_up_two_step(client)
    _sign_out(client)
    response = sign_in(client, "ann@example.org")
    assert response.headers["Location"].startswith("/manage/login/code")
    assert client.get("/manage/").status_code == 302  # not signed in yet
    assert _code(client, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111").status_code == 401
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the next code: the one now set it up
    assert _code(client, code).status_code == 302
    assert client.get("/manage/").status_code == 200
    # The same code cannot be used twice.
    _sign_out(client)
    sign_in(client, "ann@example.org")
    assert _code(client, code).status_code == 401


def test_the_qr_code_holds_the_secret(db, client):
    import io

    import zxingcpp
    from PIL import Image

    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    page = BeautifulSoup(client.get("/manage/account/two-step").get_data(as_text=True), "html.parser")
    png = client.get("/manage/account/two-step/qr.png")
    assert png.headers["Cache-Control"] == "no-store"
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    secret = page.find(id="secret").get_text().replace(" ", "")
    assert found.text.startswith("otpauth://totp/") and f"secret={secret}" in found.text


def test_admins_can_be_required_to_use_two_step_sign_in(tmp_path):
    app = _app(tmp_path, SAFEPLACES_ADMIN_TWO_STEP=True)
    from safeplaces import db as database

    db = database.open_app_db(app)
    make_account(db, "ann@example.org", "admin")
    make_account(db, "reg@example.org", "registrar")
    admin, registrar = app.test_client(), app.test_client()
    sign_in(admin, "ann@example.org")
    sign_in(registrar, "reg@example.org")
    assert registrar.get("/manage/").status_code == 200
    for path in ("/manage/", "/manage/users/", "/manage/places/"):
        assert admin.get(path).headers["Location"] == "/manage/account/two-step", path
    _set_up_two_step(admin)
    assert admin.get("/manage/users/").status_code == 200


def test_an_admin_can_turn_off_someones_two_step_sign_in_when_they_lose_their_phone(db, client, app):
    make_account(db, "ann@example.org", "admin")
    make_account(db, "reg@example.org", "registrar")
    registrar = app.test_client()
    sign_in(registrar, "reg@example.org")
    _set_up_two_step(registrar)
    sign_in(client, "ann@example.org")
    token = csrf_token(client, "/manage/users/2")
    assert client.post("/manage/users/2/two-step/off", data={"csrf_token": token}).status_code == 302
    assert sign_in(app.test_client(), "reg@example.org").headers["Location"] == "/manage/"
    actions = [row["action"] for row in db.query("SELECT action FROM audit WHERE entity = 'users'")]
    assert "turn on two-step sign-in" in actions and "turn off two-step sign-in" in actions
    assert db.execute("SELECT totp_secret FROM users WHERE id = 2").fetchone()[0] is None


def test_the_command_line_turns_it_off_for_the_last_admin(db, client, runner):
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "ann@example.org")
    _set_up_two_step(client)
    result = runner.invoke(args=["turn-off-two-step", "ann@example.org"])
    assert result.exit_code == 0, result.output
    assert db.execute("SELECT totp_secret FROM users").fetchone()[0] is None


def test_the_current_password_cannot_be_guessed_again_and_again(db, client):
    make_account(db, "reg@example.org", "registrar")
    sign_in(client, "reg@example.org")
    statuses = [
        _change_password(client, f"guess number {n}!", "a new long passphrase").status_code for n in range(5)
    ]
    assert statuses == [400] * 5
    assert _change_password(client, PASSWORD, "a new long passphrase").status_code == 429
    assert auth.authenticate(db, "reg@example.org", PASSWORD), "nothing changed"


def test_the_limits_store_never_holds_an_email_address(db, client, app):
    make_account(db, "reg@example.org", "registrar")
    sign_in(client, "reg@example.org", password="not the password at all")
    store = sqlite3.connect(ratelimits.default_uri(app.config["SAFEPLACES_DB"]).removeprefix("sqlite://"))
    keys = [row[0] for row in store.execute("SELECT key FROM counts")]
    store.close()
    assert any("account" in key for key in keys) and not any("reg@example.org" in key for key in keys)
