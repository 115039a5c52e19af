"""Accounts for the manage area: registrars and admins (who also manage accounts).

Passwords are hashed with scrypt (werkzeug's default KDF). Checking a password for an unknown
address still runs the KDF, so the time taken does not tell which addresses have accounts.
"""

import re

from werkzeug.security import check_password_hash, generate_password_hash

from . import audit

ROLES = ("registrar", "admin")
MIN_PASSWORD = 12
MAX_PASSWORD = 200
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_NO_ACCOUNT_HASH = generate_password_hash("no account has this password")


def tidy_email(text):
    return (text or "").strip().lower()


def check_new_account(db, email, password, role):
    """{field: problem} for a new account; empty when it can be made."""
    problems = {}
    email = tidy_email(email)
    if not EMAIL.fullmatch(email):
        problems["email"] = "Enter an email address, like name@example.org."
    elif db.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone():
        problems["email"] = "There is already an account with that email address."
    if not MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD:
        problems["password"] = f"The password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters long."
    if role not in ROLES:
        problems["role"] = "Choose registrar or admin."
    return problems


def create_user(db, email, password, role, by):
    """Make an account (after check_new_account) and audit it; returns its id."""
    row = {"email": tidy_email(email), "password_hash": generate_password_hash(password), "role": role,
           "active": 1, "created_at": audit.now()}
    with db.atomic():
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


def by_id(db, user_id):
    rows = list(db.query("SELECT * FROM users WHERE id = ? AND active = 1", [user_id]))
    return rows[0] if rows else None
