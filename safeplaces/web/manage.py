"""The manage area: sign-in, and the guard every /manage address passes through.

The guard runs for every request whose path is under /manage, so a new manage route is
protected without anyone remembering a decorator; tests/web/test_manage_security.py walks the
route map to prove it. Admin-only blueprints add `admin_required` as their before_request.
"""

import hmac
import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import EmailField, PasswordField, StringField

from .. import applications, auth, checks, places, visits
from ..db import get_db
from .forms import Form
from .searching import districts
from .security import limiter, pseudonym, security_event
from .settings import now

bp = Blueprint("manage", __name__, url_prefix="/manage")
login_manager = LoginManager()
# Wrong sign-ins: from one address, whatever the account; and for one account from browsers
# that have not signed in to it before. That second, slower limit stops guessing spread over
# many addresses, and a browser that has signed in to the account (its cookie says so) is let
# off it, so nobody can lock an account's owner out by failing on purpose from elsewhere.
ADDRESS_LIMIT = "5 per 15 minutes"
ACCOUNT_LIMIT = "10 per hour"
PAUSE_WORDS = "15 minutes, or an hour at most"
DEVICE_COOKIE = "known_device"
KNOWN_DEVICE_DAYS = 90
KNOWN_DEVICE_SECONDS = KNOWN_DEVICE_DAYS * 24 * 3600
OPEN_ENDPOINTS = {"manage.login", "manage.login_code"}
# What an admin who must set up two-step sign-in may still use.
TWO_STEP_SETUP = {"manage_account.two_step", "manage_account.two_step_qr", "manage.logout"}
PENDING_SECONDS = 5 * 60  # from the right password to the two-step code


class Account(UserMixin):
    """A signed-in registrar or admin: a users row, and the token of the session it signed in with."""

    def __init__(self, row, token):
        self.id, self.email, self.role = row["id"], row["email"], row["role"]
        self.two_step = bool(row["totp_secret"])
        self.token = token

    def get_id(self):
        """What the session cookie keeps: the server-side session's token, and nothing else."""
        return self.token

    @property
    def is_admin(self):
        return self.role == "admin"


def session_times():
    """(idle, lifetime) of a manage session, from the settings."""
    config = current_app.config
    return (
        timedelta(minutes=float(config["SAFEPLACES_SESSION_IDLE_MINUTES"])),
        timedelta(hours=float(config["SAFEPLACES_SESSION_HOURS"])),
    )


@login_manager.user_loader
def load_account(token):
    """The account whose live session the cookie names, or None (the session has ended)."""
    row, ended = auth.session_account(get_db(), str(token), datetime.now(UTC), *session_times())
    if row is None:
        g.session_ended = ended
        return None
    return Account(row, str(token))


def start_session(row):
    """Sign row's account in, with a new server-side session (and clear away ended ones)."""
    at = datetime.now(UTC)
    auth.end_old_sessions(get_db(), at, *session_times())
    login_user(Account(row, auth.start_session(get_db(), row["id"], at)))


def under_manage(path):
    return path == "/manage" or path.startswith("/manage/")


def sign_in_required():
    """Send anyone not signed in to the sign-in page, for every /manage address.

    With SAFEPLACES_ADMIN_TWO_STEP, an admin without two-step sign-in can only set it up (or
    sign out) until they have.
    """
    if not under_manage(request.path) or request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        if g.get("session_ended") in ("idle", "lifetime"):
            idle, lifetime = session_times()
            flash(
                f"For safety you were signed out, after {_minutes(idle)} without using the manage "
                f"area or {_minutes(lifetime)} after signing in. Please sign in again."
            )
        return redirect(url_for("manage.login", next=request.full_path.rstrip("?")))
    if (
        current_app.config["SAFEPLACES_ADMIN_TWO_STEP"]
        and current_user.is_admin
        and not current_user.two_step
        and request.endpoint not in TWO_STEP_SETUP
    ):
        return redirect(url_for("manage_account.two_step"))
    return None


def _minutes(span):
    minutes = round(span.total_seconds() / 60)
    if minutes % 60 == 0:
        return f"{minutes // 60} hour{'s' if minutes != 60 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def admin_required():
    """For blueprints only admins may use."""
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(403)


def signed_in_account():
    """{"user": the account's id} when someone is signed in, for the security log; else {}."""
    return {"user": current_user.id} if current_user.is_authenticated else {}


def signed_in_as():
    """Who made a change, for the audit trail."""
    return current_user.email


class SignInForm(Form):
    email = EmailField("Email address")
    password = PasswordField("Password")


def _failed_sign_in(response):
    return response.status_code != 302


def _account_key():
    # A pseudonym: the limits store (a file, or Redis) never holds an email address.
    return "account:" + pseudonym(auth.tidy_email(request.form.get("email")))


def _device_signer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def _known_device():
    """Whether this browser has signed in before to the account it is signing in to now.

    The cookie holds only the account's pseudonym, signed with the site's key.
    """
    try:
        known = _device_signer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=KNOWN_DEVICE_SECONDS)
    except BadData:
        return False
    return hmac.compare_digest(str(known), pseudonym(auth.tidy_email(request.form.get("email"))))


def _remember_device(response, email):
    response.set_cookie(
        DEVICE_COOKIE,
        _device_signer().dumps(pseudonym(email)),
        max_age=KNOWN_DEVICE_SECONDS,
        path="/manage/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


def _paused(limit):
    """on_breach for a sign-in limit: log which limit paused signing in."""

    def log(_request_limit):
        security_event("sign-in paused", email=request.form.get("email", ""), limit=limit)

    return log


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_failed_sign_in, on_breach=_paused("address"))
@limiter.limit(
    ACCOUNT_LIMIT,
    methods=["POST"],
    deduct_when=_failed_sign_in,
    key_func=_account_key,
    exempt_when=_known_device,
    on_breach=_paused("account"),
)
def login():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        row = auth.authenticate(get_db(), form.email.data, form.password.data)
        if row and row["totp_secret"]:
            # The password was right: the code comes next, on its own page.
            session["pending_sign_in"] = {"user": row["id"], "at": time.time()}
            return redirect(url_for("manage.login_code", next=request.args.get("next")))
        if row:
            return _signed_in(row)
        security_event("sign-in failed", email=form.email.data)
        error = "The email address or password is not right."
    status = 200 if error is None else 401
    return render_template("manage/login.html", form=form, error=error), status


def _signed_in(row):
    session.pop("pending_sign_in", None)
    start_session(row)
    return _remember_device(redirect(_safe_next(request.args.get("next"))), row["email"])


# A two-step sign-in code, here and when setting it up (manage_account.TwoStepForm).
CODE_HINT = "6 digits, for example 123456"
CODE_BOX = {"autocomplete": "one-time-code", "class": "input-wide"}


class CodeForm(Form):
    code = StringField("Code from your app", description=CODE_HINT, render_kw=CODE_BOX)


def _pending_account():
    """The account whose password was right in this browser a moment ago, waiting for its code."""
    pending = session.get("pending_sign_in") or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return auth.by_id(get_db(), pending["user"])


def _pending_key():
    return f"code:{(session.get('pending_sign_in') or {}).get('user')}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_failed_sign_in, on_breach=_paused("address"))
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_failed_sign_in, key_func=_pending_key)
def login_code():
    """The second step of signing in, for an account with two-step sign-in."""
    row = _pending_account()
    if row is None:
        flash("Please sign in again: the code must be typed within 5 minutes of the password.")
        return redirect(url_for("manage.login", next=request.args.get("next")))
    form, error = CodeForm(), None
    if form.validate_on_submit():
        if auth.check_code(get_db(), row["id"], form.code.data, datetime.now(UTC)):
            return _signed_in(row)
        security_event("two-step code wrong", email=row["email"])
        error = auth.CODE_NOT_RIGHT
    return render_template("manage/login_code.html", form=form, error=error), 401 if error else 200


@bp.errorhandler(429)
def paused(_error):
    return render_template(
        "manage/paused.html", title="Signing in is paused", minutes=PAUSE_WORDS, device_days=KNOWN_DEVICE_DAYS
    ), 429


# A manage page's path and query as a browser sends them: printable ASCII with no spaces,
# quotes, angle brackets or backslashes. A line break in it would end the Location header.
LOCAL_PATH = re.compile(r"/manage(/[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*)?")


def _safe_next(target):
    """Only ever go on to a manage page on this site after signing in."""
    target = target or ""
    if not LOCAL_PATH.fullmatch(target) or target.startswith("//") or not under_manage(urlsplit(target).path):
        return url_for("manage.dashboard")
    return target


@bp.post("/logout")
def logout():
    auth.end_session(get_db(), current_user.token)  # a copy of the cookie opens nothing now
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("manage.login"))


@bp.get("/")
def dashboard():
    db, today = get_db(), now().date()
    return render_template(
        "manage/dashboard.html",
        applications=applications.applications(db),
        today=today,
        reviews_due=places.reviews_due(db, today, within_days=30),
        failed_checks=checks.failed_checks(db, today),
        untrained_unreviewed=checks.never_trained_or_reviewed(db),
        by_district=visits.visits_by_district(db, today, districts()),
        by_reason=visits.visits_by_reason(db, today),
        by_outcome=visits.visits_by_outcome(db, today),
    )


def init_app(app):
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    app.before_request(sign_in_required)
    app.register_blueprint(bp)
    # Secure cookies need HTTPS: the local demonstration on http://127.0.0.1 could not sign in.
    app.config["SESSION_COOKIE_SECURE"] = not app.debug and app.config["SAFEPLACES_BASE_URL"].startswith(
        "https://"
    )
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
