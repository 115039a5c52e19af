"""The manage area: sign-in, and the guard every /manage address passes through.

The guard runs for every request whose path is under /manage, so a new manage route is
protected without anyone remembering a decorator; tests/web/test_manage_security.py walks the
route map to prove it. Admin-only blueprints add `admin_required` as their before_request.
"""

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField

from .. import auth, checks, places
from ..db import get_db
from . import districts, limiter, now

bp = Blueprint("manage", __name__, url_prefix="/manage")
login_manager = LoginManager()
SIGN_IN_LIMIT = "5 per 15 minutes"
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


def signed_in_as():
    """Who made a change, for the audit trail."""
    return current_user.email


class SignInForm(FlaskForm):
    email = EmailField("Email address")
    password = PasswordField("Password")


def _failed_sign_in(response):
    return response.status_code != 302


def _account_key():
    return "account:" + auth.tidy_email(request.form.get("email"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"], deduct_when=_failed_sign_in)
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"], deduct_when=_failed_sign_in, key_func=_account_key)
def login():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        row = auth.authenticate(get_db(), form.email.data, form.password.data)
        if row:
            login_user(Account(row))
            return redirect(_safe_next(request.args.get("next")))
        error = "The email address or password is not right."
    status = 200 if error is None else 401
    return render_template("manage/login.html", form=form, error=error), status


def _safe_next(target):
    """Only ever go on to a manage page on this site after signing in."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not under_manage(parts.path):
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
        untrained_unreviewed=checks.never_trained_or_reviewed(db),
        by_district=checks.visits_by_district(db, today, districts()),
        by_reason=checks.visits_by_reason(db, today),
        by_outcome=checks.visits_by_outcome(db, today),
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
