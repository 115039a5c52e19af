"""The manage area: sign-in, and the guard every /manage address passes through.

The guard runs for every request whose path is under /manage, so a new manage route is
protected without anyone remembering a decorator; tests/web/test_manage_security.py walks the
route map to prove it. Admin-only blueprints add `admin_required` as their before_request.
"""

import hmac
import re
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import EmailField, PasswordField

from .. import auth, checks, places
from ..db import get_db
from . import districts, limiter, now, pseudonym, security_event
from .forms import Form

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
OPEN_ENDPOINTS = {"manage.login"}


class Account(UserMixin):
    """A signed-in registrar or admin (from a users row with its password hash)."""

    def __init__(self, row):
        self.id, self.email, self.role = row["id"], row["email"], row["role"]
        self.token = auth.session_token(current_app.secret_key, row["password_hash"])

    def get_id(self):
        """What the session keeps: the id with a token that a new password changes."""
        return f"{self.id}:{self.token}"

    @property
    def is_admin(self):
        return self.role == "admin"


@login_manager.user_loader
def load_account(session_id):
    """The account a session names, unless its password has changed since it signed in.

    A session from before tokens (a bare id) is refused, so its holder signs in again.
    """
    user_id, _, token = str(session_id).partition(":")
    row = auth.by_id(get_db(), int(user_id)) if user_id.isdigit() and token else None
    account = Account(row) if row else None
    return account if account and hmac.compare_digest(account.token, token) else None


def under_manage(path):
    return path == "/manage" or path.startswith("/manage/")


def sign_in_required():
    """Send anyone not signed in to the sign-in page, for every /manage address."""
    if not under_manage(request.path) or request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("manage.login", next=request.full_path.rstrip("?")))
    return None


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
    return "account:" + auth.tidy_email(request.form.get("email"))


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
        if row:
            login_user(Account(row))
            return _remember_device(redirect(_safe_next(request.args.get("next"))), row["email"])
        security_event("sign-in failed", email=form.email.data)
        error = "The email address or password is not right."
    status = 200 if error is None else 401
    return render_template("manage/login.html", form=form, error=error), status


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
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("manage.login"))


@bp.get("/")
def dashboard():
    db, today = get_db(), now().date()
    return render_template(
        "manage/dashboard.html",
        applications=checks.applications(db),
        today=today,
        reviews_due=places.reviews_due(db, today, within_days=30),
        failed_checks=checks.failed_checks(db, today),
        by_district=checks.visits_by_district(db, today, districts()),
        by_reason=checks.visits_by_reason(db, today),
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
