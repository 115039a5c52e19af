"""Accounts in the manage area: admins add, change, deactivate and reset; every change audited."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from safeplaces import auth
from safeplaces.web import manage_users
from tests.helpers import check_page, text
from tests.web.manage_helpers import PASSWORD, csrf_token, make_account, sign_in

NEW_PASSWORD = "a brand new long password"
TOO_SHORT = "The password must be 12 to 200 characters long."


@pytest.fixture
def admin(db, client):
    make_account(db, "ann@example.org", "admin")
    assert sign_in(client, "ann@example.org").status_code == 302
    return client


def user_id(db, email):
    return db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]


def post(client, url, data, form_page=None):
    """Post a form with a CSRF token from the page it is on; the response and its checked page."""
    token = csrf_token(client, form_page or url)
    response = client.post(url, data={"csrf_token": token, **data})
    page = None
    if response.mimetype == "text/html" and response.status_code != 302:
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        check_page(page)
    return response, page


def add(client, email="bob@example.org", role="registrar", password=NEW_PASSWORD, again=None):
    return post(
        client,
        "/manage/users/new",
        {
            "email": email,
            "role": role,
            "password": password,
            "password_again": password if again is None else again,
        },
    )


def audit_rows(db, action=None):
    rows = list(db.query("SELECT * FROM audit WHERE entity = 'users' ORDER BY id"))
    return [row for row in rows if action is None or row["action"] == action]


def test_the_accounts_page_lists_every_account_without_passwords(db, admin, pages):
    make_account(db, "bob@example.org", "registrar")
    db.execute("UPDATE users SET active = 0 WHERE email = 'bob@example.org'")
    db.conn.commit()
    page = pages.get("/manage/users/")
    assert text(page.h1) == "Accounts"
    rows = [[text(cell) for cell in row.find_all("td")] for row in page.select("#accounts tbody tr")]
    assert [row[:3] for row in rows] == [
        ["ann@example.org (you)", "Admin", "Yes"],
        ["bob@example.org", "Registrar", "No: deactivated"],
    ]
    assert re.fullmatch(r"[0-9]{1,2} [A-Z][a-z]+ [0-9]{4}", rows[0][3]), rows[0][3]
    assert "scrypt" not in str(page)
    link = page.select_one("#accounts a")
    assert link["href"] == f"/manage/users/{user_id(db, 'ann@example.org')}"


def test_an_admin_adds_an_account_that_can_then_sign_in(db, admin, app, pages):
    assert text(pages.get("/manage/users/new").h1) == "Add an account"
    response, _ = add(admin, email=" Bob@Example.org ")
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/users/")
    page = pages.get("/manage/users/")
    assert "Made a registrar account for bob@example.org." in text(page.find(class_="done-notice"))
    entry = audit_rows(db, "create")[-1]
    assert entry["user"] == "ann@example.org" and json.loads(entry["after"]) == {
        "email": "bob@example.org",
        "role": "registrar",
    }
    other = app.test_client()
    assert sign_in(other, "bob@example.org", NEW_PASSWORD).status_code == 302
    assert other.get("/manage/").status_code == 200


@pytest.mark.parametrize(
    "fields, field_id, message",
    [
        ({"email": "bob"}, "email", "Enter an email address, like name@example.org."),
        ({"email": "ANN@example.org"}, "email", "There is already an account with that email address."),
        ({"role": "boss"}, "role", "Choose registrar or admin."),
        ({"role": ""}, "role", "Choose registrar or admin."),
        ({"password": "too short", "again": "too short"}, "password", TOO_SHORT),
        ({"password": "x" * 201, "again": "x" * 201}, "password", TOO_SHORT),
        ({"again": NEW_PASSWORD + "!"}, "password-again", "The two passwords are not the same."),
    ],
)
def test_a_new_account_is_checked_and_what_was_typed_is_kept(db, admin, fields, field_id, message):
    response, page = add(admin, **fields)
    assert response.status_code == 400
    assert page.title.get_text().startswith("Error: Add an account")
    assert text(page.find(id=f"{field_id}-error")) == f"Error: {message}"
    summary_link = page.select_one("#error-summary a")
    assert text(summary_link) == message
    assert page.find(id=summary_link["href"][1:]) is not None
    email = page.find("input", id="email")
    assert email["value"] == fields.get("email", "bob@example.org")
    if field_id != "role":
        assert page.find("input", id="role-registrar").has_attr("checked")
        assert page.find("input", id=field_id)["aria-invalid"] == "true"
        assert f"{field_id}-error" in page.find("input", id=field_id)["aria-describedby"]
    assert [field.get("value", "") for field in page.select("input[type=password]")] == ["", ""]
    assert db["users"].count == 1 and len(audit_rows(db)) == 1


@pytest.mark.parametrize("url", ["/manage/users/new", "account"])
def test_each_role_has_its_own_hint_linked_to_its_radio(db, admin, pages, url):
    make_account(db, "bob@example.org", "registrar")
    page = pages.get(f"/manage/users/{user_id(db, 'bob@example.org')}" if url == "account" else url)
    for role, (words, detail) in manage_users.ROLE_WORDS.items():
        radio = page.find("input", id=f"role-{role}")
        assert radio["name"] == "role" and radio["value"] == role
        assert text(page.find("label", attrs={"for": radio["id"]})) == words
        assert radio["aria-describedby"] == f"role-{role}-hint"
        assert text(page.find(id=radio["aria-describedby"])) == detail
    if url == "account":
        assert text(page.select_one("fieldset legend")) == "Role for bob@example.org"
        assert page.find("input", id="role-registrar").has_attr("checked")


def test_changing_a_role_is_audited_and_takes_effect_at_once(db, admin, app, pages):
    make_account(db, "bob@example.org", "registrar")
    bob = user_id(db, "bob@example.org")
    other = app.test_client()
    sign_in(other, "bob@example.org")
    assert other.get("/manage/users/").status_code == 403
    response, _ = post(admin, f"/manage/users/{bob}/role", {"role": "admin"}, f"/manage/users/{bob}")
    assert (response.status_code, response.headers["Location"]) == (302, f"/manage/users/{bob}")
    page = pages.get(f"/manage/users/{bob}")
    assert text(page.find(class_="done-notice")) == "bob@example.org is now an admin."
    assert page.find("input", id="role-admin").has_attr("checked")
    entry = audit_rows(db, "change role")[-1]
    assert (entry["user"], entry["entity_id"], json.loads(entry["before"]), json.loads(entry["after"])) == (
        "ann@example.org",
        bob,
        {"role": "registrar"},
        {"role": "admin"},
    )
    assert other.get("/manage/users/").status_code == 200


def test_choosing_the_same_role_changes_and_audits_nothing(db, admin, pages):
    make_account(db, "bob@example.org", "registrar")
    bob = user_id(db, "bob@example.org")
    post(admin, f"/manage/users/{bob}/role", {"role": "registrar"}, f"/manage/users/{bob}")
    assert "was already a registrar: nothing changed" in text(pages.get(f"/manage/users/{bob}"))
    assert audit_rows(db, "change role") == []


def test_a_role_that_does_not_exist_is_refused_on_the_page(db, admin):
    make_account(db, "bob@example.org", "registrar")
    bob = user_id(db, "bob@example.org")
    response, page = post(admin, f"/manage/users/{bob}/role", {"role": "boss"}, f"/manage/users/{bob}")
    assert response.status_code == 400
    assert text(page.find(id="role-error")) == "Error: Choose registrar or admin."
    assert page.select_one("#error-summary a")["href"] == "#role-registrar"
    assert auth.account(db, bob)["role"] == "registrar"


def test_deactivating_stops_sign_in_at_once_and_reactivating_restores_it(db, admin, app, pages):
    make_account(db, "bob@example.org", "registrar")
    bob = user_id(db, "bob@example.org")
    other = app.test_client()
    sign_in(other, "bob@example.org")
    assert other.get("/manage/").status_code == 200
    response, _ = post(admin, f"/manage/users/{bob}/deactivate", {}, f"/manage/users/{bob}")
    assert response.status_code == 302
    page = pages.get(f"/manage/users/{bob}")
    assert "bob@example.org is deactivated" in text(page.find(class_="done-notice"))
    assert page.find("button", id="reactivate")
    assert other.get("/manage/").status_code == 302, "signed out everywhere"
    assert sign_in(other, "bob@example.org").status_code == 401
    assert db["users"].count == 2, "never deleted"
    post(admin, f"/manage/users/{bob}/reactivate", {}, f"/manage/users/{bob}")
    assert sign_in(other, "bob@example.org").status_code == 302
    assert [(row["action"], json.loads(row["after"])) for row in audit_rows(db)[-2:]] == [
        ("deactivate", {"active": 0}),
        ("reactivate", {"active": 1}),
    ]


@pytest.mark.parametrize(
    "action, data, message",
    [
        (
            "role",
            {"role": "registrar"},
            "You cannot take the admin role from your own account: ask another admin to do it.",
        ),
        ("deactivate", {}, "You cannot deactivate your own account: ask another admin to do it."),
    ],
)
def test_an_admin_cannot_demote_or_deactivate_themselves(db, admin, pages, action, data, message):
    make_account(db, "bob@example.org", "admin")  # another admin exists: still refused
    ann = user_id(db, "ann@example.org")
    page = pages.get(f"/manage/users/{ann}")
    assert page.find("input", id="role-registrar") is None and page.find("button", id="deactivate") is None
    assert "another admin can" in text(page.find(id="main"))
    response, page = post(admin, f"/manage/users/{ann}/{action}", data, f"/manage/users/{ann}")
    assert response.status_code == 400
    field = "role" if action == "role" else "active"
    assert text(page.find(id=f"{field}-error")) == f"Error: {message}"
    assert text(page.select_one("#error-summary a")) == message
    assert page.find(id=page.select_one("#error-summary a")["href"][1:]) is not None
    row = auth.account(db, ann)
    assert (row["role"], row["active"]) == ("admin", 1)
    assert audit_rows(db, "change role") == audit_rows(db, "deactivate") == []


@pytest.mark.parametrize(
    "change, doing",
    [
        (
            lambda db, target: auth.change_role(db, target, "registrar", by="setup"),
            "take the admin role from",
        ),
        (lambda db, target: auth.set_active(db, target, False, by="setup"), "deactivate"),
    ],
)
def test_the_last_active_admin_stays(db, change, doing):
    auth.create_user(db, "ann@example.org", PASSWORD, "admin", by="setup")
    auth.create_user(db, "bob@example.org", PASSWORD, "admin", by="setup")
    ann, bob = user_id(db, "ann@example.org"), user_id(db, "bob@example.org")
    auth.set_active(db, bob, False, by="ann@example.org")
    with pytest.raises(auth.AccountRefused) as refused:
        change(db, ann)
    assert str(refused.value) == (
        f"ann@example.org is the only active admin, so you cannot {doing} "
        "this account: make another account an admin first."
    )
    row = auth.account(db, ann)
    assert (row["role"], row["active"]) == ("admin", 1)
    auth.set_active(db, bob, True, by="ann@example.org")
    assert change(db, ann) is True  # with another active admin, it is allowed


def test_a_deactivated_admin_does_not_count_and_can_be_demoted(db):
    auth.create_user(db, "ann@example.org", PASSWORD, "admin", by="setup")
    auth.create_user(db, "bob@example.org", PASSWORD, "admin", by="setup")
    bob = user_id(db, "bob@example.org")
    auth.set_active(db, bob, False, by="ann@example.org")
    assert auth.change_role(db, bob, "registrar", by="ann@example.org") is True


def test_setting_a_new_password(db, admin, app, pages):
    make_account(db, "bob@example.org", "registrar")
    bob = user_id(db, "bob@example.org")
    response, _ = post(
        admin,
        f"/manage/users/{bob}/password",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        f"/manage/users/{bob}",
    )
    assert response.status_code == 302
    assert "bob@example.org has a new password" in text(pages.get(f"/manage/users/{bob}"))
    other = app.test_client()
    assert sign_in(other, "bob@example.org", PASSWORD).status_code == 401
    assert sign_in(other, "bob@example.org", NEW_PASSWORD).status_code == 302
    entry = audit_rows(db, "set password")[-1]
    assert (entry["user"], entry["before"], json.loads(entry["after"])) == (
        "ann@example.org",
        None,
        {"password": "changed"},
    )


def test_a_new_password_signs_the_person_out_everywhere(db, admin, app):
    make_account(db, "bob@example.org", "registrar")
    bob = user_id(db, "bob@example.org")
    bobs_phone = app.test_client()
    sign_in(bobs_phone, "bob@example.org")
    assert bobs_phone.get("/manage/").status_code == 200
    response, _ = post(
        admin,
        f"/manage/users/{bob}/password",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        f"/manage/users/{bob}",
    )
    assert response.status_code == 302
    assert bobs_phone.get("/manage/").headers["Location"].startswith("/manage/login")
    assert sign_in(bobs_phone, "bob@example.org", NEW_PASSWORD).status_code == 302
    assert bobs_phone.get("/manage/").status_code == 200


def test_an_admin_sets_their_own_password_on_their_account_page_which_asks_for_the_current_one(db, admin):
    ann = user_id(db, "ann@example.org")
    response, page = post(
        admin,
        f"/manage/users/{ann}/password",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        f"/manage/users/{ann}",
    )
    assert response.status_code == 400
    assert "Your account" in text(page.find(id="password-error"))
    assert auth.authenticate(db, "ann@example.org", PASSWORD)


def test_the_same_new_account_sent_twice_is_refused_on_the_form(db, admin, monkeypatch):
    real = auth.check_new_account

    def the_first_request_saves_after_this_check(db_, email, password, role, password_again=None):
        problems = real(db_, email, password, role, password_again)
        auth.create_user(db_, email, password, role, by="ann@example.org")
        return problems

    monkeypatch.setattr(auth, "check_new_account", the_first_request_saves_after_this_check)
    response, page = add(admin)
    assert response.status_code == 400
    assert text(page.find(id="email-error")) == "Error: There is already an account with that email address."
    assert db.execute("SELECT count(*) FROM users WHERE email = 'bob@example.org'").fetchone()[0] == 1


@pytest.mark.parametrize(
    "password, again, field_id, message",
    [
        ("short one", "short one", "password", TOO_SHORT),
        ("", "", "password", TOO_SHORT),
        (NEW_PASSWORD, NEW_PASSWORD.upper(), "password-again", "The two passwords are not the same."),
    ],
)
def test_a_new_password_is_checked(db, admin, password, again, field_id, message):
    make_account(db, "bob@example.org", "registrar")
    bob = user_id(db, "bob@example.org")
    before = db.execute("SELECT password_hash FROM users WHERE id = ?", [bob]).fetchone()[0]
    response, page = post(
        admin,
        f"/manage/users/{bob}/password",
        {"password": password, "password_again": again},
        f"/manage/users/{bob}",
    )
    assert response.status_code == 400
    assert text(page.find(id=f"{field_id}-error")) == f"Error: {message}"
    assert page.find("input", id=field_id)["aria-invalid"] == "true"
    assert page.select_one("#error-summary a")["href"] == f"#{field_id}"
    assert db.execute("SELECT password_hash FROM users WHERE id = ?", [bob]).fetchone()[0] == before
    assert audit_rows(db, "set password") == []


def test_no_password_or_hash_ever_reaches_the_audit_trail(db, admin):
    add(admin)
    bob = user_id(db, "bob@example.org")
    post(
        admin,
        f"/manage/users/{bob}/password",
        {"password": NEW_PASSWORD + "2", "password_again": NEW_PASSWORD + "2"},
        f"/manage/users/{bob}",
    )
    post(admin, f"/manage/users/{bob}/role", {"role": "admin"}, f"/manage/users/{bob}")
    post(admin, f"/manage/users/{bob}/deactivate", {}, f"/manage/users/{bob}")
    rows = audit_rows(db)
    assert [row["action"] for row in rows] == [
        "create",
        "create",
        "set password",
        "change role",
        "deactivate",
    ]
    everything = json.dumps(rows)
    assert "scrypt" not in everything and NEW_PASSWORD not in everything and "password_hash" not in everything


def test_an_unknown_account_is_404(admin):
    assert admin.get("/manage/users/999").status_code == 404
    token = csrf_token(admin, "/manage/users/")
    for action in ("role", "deactivate", "reactivate", "password"):
        assert admin.post(f"/manage/users/999/{action}", data={"csrf_token": token}).status_code == 404


def test_a_registrar_is_refused_every_account_page(db, client, app):
    make_account(db, "reg@example.org", "registrar")
    make_account(db, "ann@example.org", "admin")
    sign_in(client, "reg@example.org")
    token = csrf_token(client, "/manage/")
    ann = user_id(db, "ann@example.org")
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("manage_users."):
            url = rule.build({"user_id": ann})[1] if "user_id" in rule.arguments else rule.rule
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                response = client.open(
                    url,
                    method=method,
                    data={
                        "csrf_token": token,
                        "role": "registrar",
                        "password": NEW_PASSWORD,
                        "password_again": NEW_PASSWORD,
                    },
                )
                assert response.status_code == 403, (method, url)
    row = auth.account(db, ann)
    assert (row["role"], row["active"]) == ("admin", 1) and db["users"].count == 2
