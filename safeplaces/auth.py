"""Accounts for the manage area: registrars and admins (who also manage accounts).

Passwords are hashed with scrypt (werkzeug's default KDF). Checking a password for an unknown
address still runs the KDF, so the time taken does not tell which addresses have accounts.
"""

import hashlib
import hmac
import re

from werkzeug.security import check_password_hash, generate_password_hash

from . import audit, clock
from .text import clean
from .transaction import writing

ROLES = ("registrar", "admin")
MIN_PASSWORD = 12
MAX_PASSWORD = 200
# Every email address the scheme keeps (accounts, venue contacts) passes this one rule. The part
# after the last dot may not be empty, so "ann@example.org." is refused.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
ALREADY_TAKEN = "There is already an account with that email address."
_NO_ACCOUNT_HASH = generate_password_hash("no account has this password")


def tidy_email(text):
    return clean(text).lower()


def check_new_account(db, email, password, role):
    """{field: problem} for a new account; empty when it can be made."""
    problems = {}
    email = tidy_email(email)
    if not EMAIL.fullmatch(email):
        problems["email"] = "Enter an email address, like name@example.org."
    elif db.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone():
        problems["email"] = ALREADY_TAKEN
    if not MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD:
        problems["password"] = f"The password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters long."
    if role not in ROLES:
        problems["role"] = "Choose registrar or admin."
    return problems


def create_user(db, email, password, role, by):
    """Make an account (after check_new_account) and audit it; returns its id.

    AccountRefused if the address was taken meanwhile (the same form sent twice, say).
    """
    row = {
        "email": tidy_email(email),
        "password_hash": generate_password_hash(password),
        "role": role,
        "active": 1,
        "created_at": clock.stamp(),
    }
    with writing(db):
        if db.execute("SELECT 1 FROM users WHERE email = ?", [row["email"]]).fetchone():
            raise AccountRefused(ALREADY_TAKEN)
        user_id = db["users"].insert(row).last_pk
        audit.record(db, by, "create", "users", user_id, None, {"email": row["email"], "role": role})
    return user_id


def authenticate(db, email, password):
    """The active account with this email and password, or None."""
    rows = list(db.query("SELECT * FROM users WHERE email = ? AND active = 1", [tidy_email(email)]))
    if not rows:
        check_password_hash(_NO_ACCOUNT_HASH, password or "")
        return None
    return rows[0] if check_password_hash(rows[0]["password_hash"], password or "") else None


def session_token(secret, password_hash):
    """What a session carries to prove it began with the current password.

    Changing the password changes the token, which ends every other session. It is a keyed
    hash, never part of the password hash itself, because the session cookie can be read.
    """
    return hmac.new(
        secret.encode() if isinstance(secret, str) else secret, password_hash.encode(), hashlib.sha256
    ).hexdigest()[:16]


def by_id(db, user_id):
    """The active account with this id, with its password hash, or None."""
    rows = list(db.query("SELECT * FROM users WHERE id = ? AND active = 1", [user_id]))
    return rows[0] if rows else None


class AccountRefused(ValueError):
    """A change to an account that the rules do not allow; the message says why."""


ACCOUNT_FIELDS = "id, email, role, active, created_at"  # never the password hash


def list_accounts(db):
    """Every account, active ones first, by email; without password hashes."""
    return list(db.query(f"SELECT {ACCOUNT_FIELDS} FROM users ORDER BY active DESC, email"))


def account(db, user_id):
    """One account, active or not, without its password hash; None if there is none."""
    rows = list(db.query(f"SELECT {ACCOUNT_FIELDS} FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


def password_problem(password):
    """What is wrong with a new password, or None (the rule check_new_account uses)."""
    if not MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD:
        return f"The password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters long."
    return None


def _other_active_admins(db, user_id):
    return db.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?", [user_id]
    ).fetchone()[0]


def _keep_an_admin(db, row, by, doing):
    """Refuse taking an admin away from yourself, or the last active admin from the scheme."""
    if row["role"] != "admin" or not row["active"]:
        return
    if row["email"] == tidy_email(by):
        raise AccountRefused(f"You cannot {doing} your own account: ask another admin to do it.")
    if not _other_active_admins(db, row["id"]):
        raise AccountRefused(
            f"{row['email']} is the only active admin, so you cannot {doing} "
            "this account: make another account an admin first."
        )


def _existing(db, user_id):
    row = account(db, user_id)
    if row is None:
        raise AccountRefused("There is no such account.")
    return row


def change_role(db, user_id, role, by):
    """Make an account a registrar or an admin, audited; returns False if it already was."""
    if role not in ROLES:
        raise AccountRefused("Choose registrar or admin.")
    with writing(db):
        row = _existing(db, user_id)
        if row["role"] == role:
            return False
        _keep_an_admin(db, row, by, "take the admin role from")
        db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user_id])
        audit.record(db, by, "change role", "users", user_id, {"role": row["role"]}, {"role": role})
    return True


def set_active(db, user_id, active, by):
    """Deactivate (never delete) or reactivate an account, audited; False if nothing changed."""
    with writing(db):
        row = _existing(db, user_id)
        if bool(row["active"]) == bool(active):
            return False
        if not active:
            _keep_an_admin(db, row, by, "deactivate")
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(bool(active)), user_id])
        audit.record(
            db,
            by,
            "reactivate" if active else "deactivate",
            "users",
            user_id,
            {"active": row["active"]},
            {"active": int(bool(active))},
        )
    return True


def set_password(db, user_id, password, by):
    """Give an account a new password (after password_problem); the audit says only that it changed."""
    if problem := password_problem(password):
        raise AccountRefused(problem)
    with writing(db):
        _existing(db, user_id)
        db.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?", [generate_password_hash(password), user_id]
        )
        audit.record(db, by, "set password", "users", user_id, None, {"password": "changed"})
