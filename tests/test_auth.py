import pytest

from safeplaces import auth


@pytest.mark.parametrize(
    "email, password, role, problems",
    [
        ("ann@example.org", "correct horse battery", "admin", {}),
        (
            "ann",
            "correct horse battery",
            "admin",
            {"email": "Enter an email address, like name@example.org."},
        ),
        (
            "ann@example.org",
            "short",
            "registrar",
            {"password": "The password must be 12 to 200 characters long."},
        ),
        ("ann@example.org", "correct horse battery", "boss", {"role": "Choose registrar or admin."}),
    ],
)
def test_new_account_rules(db, email, password, role, problems):
    assert auth.check_new_account(db, email, password, role) == problems


def test_accounts_are_hashed_unique_and_audited(db):
    user_id = auth.create_user(db, "Ann@Example.org ", "correct horse battery", "admin", by="setup")
    row = auth.by_id(db, user_id)
    assert row["email"] == "ann@example.org" and row["password_hash"].startswith("scrypt:")
    assert "correct horse" not in open(
        db.conn.execute("PRAGMA database_list").fetchone()[2], "rb"
    ).read().decode("latin-1")
    assert auth.check_new_account(db, "ANN@example.org", "correct horse battery", "admin") == {
        "email": "There is already an account with that email address."
    }
    entry = next(db.query("SELECT * FROM audit WHERE entity = 'users'"))
    assert entry["action"] == "create" and "password" not in entry["after"]


def test_authenticate(db):
    auth.create_user(db, "ann@example.org", "correct horse battery", "registrar", by="setup")
    assert auth.authenticate(db, "ANN@example.org", "correct horse battery")["role"] == "registrar"
    assert auth.authenticate(db, "ann@example.org", "wrong horse battery") is None
    assert auth.authenticate(db, "bob@example.org", "correct horse battery") is None
    db.execute("UPDATE users SET active = 0")
    db.conn.commit()
    assert auth.authenticate(db, "ann@example.org", "correct horse battery") is None


def test_create_user_command_reads_the_password_twice_from_standard_input(runner, db):
    result = runner.invoke(
        args=["create-user", "ann@example.org", "--role", "admin"],
        input="correct horse battery\ncorrect horse battery\n",
    )
    assert result.exit_code == 0, result.output
    assert "Made an admin account for ann@example.org." in result.output
    assert auth.authenticate(db, "ann@example.org", "correct horse battery")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("correct horse battery\ncorrect horse batterz\n", "The two passwords are not the same."),
        ("short\nshort\n", "The password must be 12 to 200 characters long."),
    ],
)
def test_create_user_command_refuses(runner, db, typed, message):
    result = runner.invoke(args=["create-user", "ann@example.org", "--role", "admin"], input=typed)
    assert result.exit_code == 1 and message in result.output
    assert db["users"].count == 0


def test_the_same_account_made_twice_is_refused_plainly(db):
    auth.create_user(db, "ann@example.org", "correct horse battery", "admin", by="setup")
    with pytest.raises(auth.AccountRefused, match="There is already an account with that email address."):
        auth.create_user(db, "ANN@example.org", "correct horse battery", "admin", by="setup")
    assert db["users"].count == 1


def test_a_new_password_ends_every_session_but_the_one_kept(db):
    from datetime import UTC, datetime, timedelta

    user_id = auth.create_user(db, "ann@example.org", "correct horse battery", "admin", by="setup")
    at, idle, lifetime = datetime.now(UTC), timedelta(minutes=30), timedelta(hours=8)
    here, there = auth.start_session(db, user_id, at), auth.start_session(db, user_id, at)
    assert auth.session_account(db, there, at, idle, lifetime)[0]["id"] == user_id
    auth.set_password(db, user_id, "a brand new long password", by="setup", keep_session=here)
    assert auth.session_account(db, there, at, idle, lifetime) == (None, "unknown")
    assert auth.session_account(db, here, at, idle, lifetime)[0]["id"] == user_id
    assert auth.session_account(db, here, at + timedelta(minutes=31), idle, lifetime) == (None, "idle")
