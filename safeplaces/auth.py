"""Accounts for the manage area: registrars and admins (who also manage accounts).

Passwords are hashed with scrypt (werkzeug's default KDF). Checking a password for an unknown
address still runs the KDF, so the time taken does not tell which addresses have accounts. A new
password may not be one of the 30,000 most common (data/common-passwords.txt, see
data/SOURCES.md), even with digits or symbols added before or after: those are guessed first.

Sessions live in the `sessions` table, found by a hash of the random token the session cookie
carries: signing out deletes the row, so a copied cookie opens nothing afterwards. A session
ends when unused for the idle time, and in any case a fixed time after signing in; a new
password, or deactivating the account, ends every other session of the account.

Two-step sign-in is TOTP (RFC 6238, pyotp): 6 digits from an app, a new one every 30 seconds.
A code is accepted for the 30 seconds before and after its own, and only once.
"""

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

import pyotp
from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from . import audit, clock
from .config import DATA
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


def tidy_email(text: str | None) -> str:
    return clean(text).lower()


def check_new_account(
    db: Database, email: str, password: str, role: str, password_again: str | None = None
) -> dict[str, str]:
    """{field: problem} for a new account; empty when it can be made.

    With password_again, the password typed twice must be the same.
    """
    problems = {}
    email = tidy_email(email)
    if not EMAIL.fullmatch(email):
        problems["email"] = "Enter an email address, like name@example.org."
    elif db.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone():
        problems["email"] = ALREADY_TAKEN
    problems.update(new_password_problems(password, password if password_again is None else password_again))
    if role not in ROLES:
        problems["role"] = "Choose registrar or admin."
    return problems


def create_user(db: Database, email: str, password: str, role: str, by: str) -> int:
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


def authenticate(db: Database, email: str | None, password: str | None) -> dict | None:
    """The active account with this email and password, or None."""
    rows = list(db.query("SELECT * FROM users WHERE email = ? AND active = 1", [tidy_email(email)]))
    if not rows:
        check_password_hash(_NO_ACCOUNT_HASH, password or "")
        return None
    return rows[0] if check_password_hash(rows[0]["password_hash"], password or "") else None


def by_id(db: Database, user_id: int) -> dict | None:
    """The active account with this id, with its password hash, or None."""
    rows = list(db.query("SELECT * FROM users WHERE id = ? AND active = 1", [user_id]))
    return rows[0] if rows else None


class AccountRefused(ValueError):
    """A change to an account that the rules do not allow; the message says why."""


ACCOUNT_FIELDS = (  # never the password hash or the two-step secret
    "id, email, role, active, created_at, totp_secret IS NOT NULL AS two_step"
)


def list_accounts(db: Database) -> list[dict]:
    """Every account, active ones first, by email; without password hashes."""
    return list(db.query(f"SELECT {ACCOUNT_FIELDS} FROM users ORDER BY active DESC, email"))


def account(db: Database, user_id: int) -> dict | None:
    """One account, active or not, without its password hash; None if there is none."""
    rows = list(db.query(f"SELECT {ACCOUNT_FIELDS} FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


COMMON = (
    "That password is one of the most common ones, which are guessed first. Choose another: a few "
    "ordinary words together are easy to remember and hard to guess."
)


@cache
def common_passwords() -> frozenset:
    return frozenset((DATA / "common-passwords.txt").read_text(encoding="utf-8").split())


# Runs of keys people type as a password: the digits, the alphabet, the keyboard's rows.
SEQUENCES = ("01234567890123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm")


def is_common(password: str) -> bool:
    """Whether password is a common one (ignoring case and spaces), one with digits or symbols
    around it, a run of keys (123456789012, qwertyuiopas) or of one or two characters."""
    plain = "".join(password.lower().split())
    core = plain.strip("0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
    return (
        plain in common_passwords()
        or core in common_passwords()
        or len(set(plain)) <= 2
        or any(plain in run or plain in run[::-1] for run in SEQUENCES)
    )


NOT_THE_SAME = "The two passwords are not the same."


def new_password_problems(password: str, again: str) -> dict[str, str]:
    """{field: problem} for a new password typed twice (fields password, password_again)."""
    if problem := password_problem(password):
        return {"password": problem}
    if password != again:
        return {"password_again": NOT_THE_SAME}
    return {}


def password_problem(password: str | None) -> str | None:
    """What is wrong with a new password, or None (the rule every new password passes)."""
    if not MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD:
        return f"The password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters long."
    if is_common(password):
        return COMMON
    return None


def _other_active_admins(db: Database, user_id: int) -> int:
    return db.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?", [user_id]
    ).fetchone()[0]


def _keep_an_admin(db: Database, row: dict, by: str, doing: str) -> None:
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


def _existing(db: Database, user_id: int) -> dict:
    row = account(db, user_id)
    if row is None:
        raise AccountRefused("There is no such account.")
    return row


def change_role(db: Database, user_id: int, role: str, by: str) -> bool:
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


def set_active(db: Database, user_id: int, active: bool, by: str) -> bool:
    """Deactivate (never delete) or reactivate an account, audited; False if nothing changed."""
    with writing(db):
        row = _existing(db, user_id)
        if bool(row["active"]) == bool(active):
            return False
        if not active:
            _keep_an_admin(db, row, by, "deactivate")
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(bool(active)), user_id])
        if not active:
            end_sessions(db, user_id)
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


def set_password(db: Database, user_id: int, password: str, by: str, keep_session: str | None = None) -> None:
    """Give an account a new password (after password_problem); the audit says only that it changed.

    Every session of the account ends, but keep_session (a token: the person changing their own).
    """
    if problem := password_problem(password):
        raise AccountRefused(problem)
    with writing(db):
        _existing(db, user_id)
        db.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?", [generate_password_hash(password), user_id]
        )
        end_sessions(db, user_id, keep=keep_session)
        audit.record(db, by, "set password", "users", user_id, None, {"password": "changed"})


def change_own_password(db: Database, user_id: int, current: str, new: str, keep_session: str | None) -> None:
    """A person's own new password: AccountRefused unless `current` is their password now."""
    row = by_id(db, user_id)
    if row is None or not check_password_hash(row["password_hash"], current or ""):
        raise AccountRefused(CURRENT_NOT_RIGHT)
    set_password(db, user_id, new, by=row["email"], keep_session=keep_session)


CURRENT_NOT_RIGHT = "Your current password is not right."


# Sessions


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Database, user_id: int, at: datetime) -> str:
    """A new session for the account; returns the token its cookie carries (never stored)."""
    token = secrets.token_urlsafe(32)
    with writing(db):
        db.execute(
            "INSERT INTO sessions (id, user_id, started_at, seen_at) VALUES (?, ?, ?, ?)",
            [_hashed(token), user_id, clock.stamp(at), clock.stamp(at)],
        )
    return token


SESSION_SEEN_EVERY = timedelta(minutes=1)  # how often using a session is written down


def session_account(
    db: Database, token: str, at: datetime, idle: timedelta, lifetime: timedelta
) -> tuple[dict | None, str | None]:
    """(the active account whose session this token is, None) or (None, why it ended: "idle",
    "lifetime" or "unknown"). A live session is marked as seen now; an ended one is deleted."""
    rows = list(
        db.query(
            "SELECT sessions.id AS session, started_at, seen_at, users.* FROM sessions "
            "JOIN users ON users.id = sessions.user_id WHERE sessions.id = ? AND users.active = 1",
            [_hashed(token or "")],
        )
    )
    if not rows:
        return None, "unknown"
    row = rows[0]
    seen, started = datetime.fromisoformat(row["seen_at"]), datetime.fromisoformat(row["started_at"])
    ended = "idle" if at - seen > idle else "lifetime" if at - started > lifetime else None
    if ended:
        with writing(db):
            db.execute("DELETE FROM sessions WHERE id = ?", [row["session"]])
        return None, ended
    if at - seen > SESSION_SEEN_EVERY:
        with writing(db):
            db.execute("UPDATE sessions SET seen_at = ? WHERE id = ?", [clock.stamp(at), row["session"]])
    return row, None


def end_session(db: Database, token: str) -> None:
    with writing(db):
        db.execute("DELETE FROM sessions WHERE id = ?", [_hashed(token or "")])


def end_sessions(db: Database, user_id: int, keep: str | None = None) -> None:
    """End every session of an account, but the one with the token `keep`."""
    with writing(db):
        db.execute("DELETE FROM sessions WHERE user_id = ? AND id != ?", [user_id, _hashed(keep or "")])


def end_old_sessions(db: Database, at: datetime, idle: timedelta, lifetime: timedelta) -> None:
    """Delete the sessions that have ended by time, which nobody came back to end."""
    with writing(db):
        db.execute(
            "DELETE FROM sessions WHERE seen_at < ? OR started_at < ?",
            [clock.stamp(at - idle), clock.stamp(at - lifetime)],
        )


# Two-step sign-in


def new_two_step_secret(key: bytes | str, session_token: str) -> str:
    """The secret offered while setting up two-step sign-in, the same on every view of the setup
    page in one session, and stored nowhere until a code from it is typed back."""
    key = key.encode() if isinstance(key, str) else key
    raw = hmac.new(key, b"two-step setup " + session_token.encode(), hashlib.sha256).digest()[:20]
    return base64.b32encode(raw).decode().rstrip("=")


def two_step_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


CODE = re.compile(r"[0-9]{6}")


def code_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step whose code this is (the one now, or just before or after), or None."""
    code = "".join((code or "").split())
    if not CODE.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at)
    return next(
        (step for step in (now - 1, now, now + 1) if hmac.compare_digest(totp.generate_otp(step), code)), None
    )


def check_code(db: Database, user_id: int, code: str, at: datetime) -> bool:
    """Whether code is the account's two-step code now, and not one already used."""
    with writing(db):
        row = by_id(db, user_id)
        step = code_step(row["totp_secret"], code, at) if row and row["totp_secret"] else None
        if step is None or step <= row["totp_last_step"]:
            return False
        db.execute("UPDATE users SET totp_last_step = ? WHERE id = ?", [step, user_id])
    return True


def turn_on_two_step(db: Database, user_id: int, secret: str, code: str, at: datetime, by: str) -> None:
    """Keep the secret once a code from it is typed back; AccountRefused if the code is wrong."""
    step = code_step(secret, code, at)
    if step is None:
        raise AccountRefused(CODE_NOT_RIGHT)
    with writing(db):
        db.execute(
            "UPDATE users SET totp_secret = ?, totp_last_step = ? WHERE id = ?", [secret, step, user_id]
        )
        audit.record(db, by, "turn on two-step sign-in", "users", user_id, None, {"two_step": "on"})


def turn_off_two_step(db: Database, user_id: int, by: str) -> bool:
    """Forget the account's two-step secret, audited; False if it had none."""
    with writing(db):
        row = _existing(db, user_id)
        if not db.execute("SELECT totp_secret FROM users WHERE id = ?", [user_id]).fetchone()[0]:
            return False
        db.execute("UPDATE users SET totp_secret = NULL, totp_last_step = 0 WHERE id = ?", [user_id])
        audit.record(db, by, "turn off two-step sign-in", "users", row["id"], None, {"two_step": "off"})
    return True


CODE_NOT_RIGHT = "That code is not right. Type the 6 digits the app shows now."
