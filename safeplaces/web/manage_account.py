"""Your own account, for everyone who signs in: a new password, and two-step sign-in.

A new password asks for the current one, so someone who finds a signed-in computer cannot take
the account over. Two-step sign-in is set up by scanning a QR code into an authenticator app and
typing back the code it shows; the secret is stored only then. Someone who loses their phone
asks an admin to turn it off for their account (on its page under Accounts), then signs in with
the password and sets it up again; the last admin can use the `turn-off-two-step` command.
"""

import io
from datetime import UTC, datetime

import qrcode
from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import PasswordField, StringField

from .. import auth
from ..db import get_db
from .forms import Form, new_password_fields, problem_order
from .manage import ADDRESS_LIMIT, CODE_BOX, CODE_HINT, signed_in_as
from .security import limiter

bp = Blueprint("manage_account", __name__, url_prefix="/manage/account")
PASSWORD_FIELDS = ("current_password", "password", "password_again")


def _own_account():
    return f"current-password:{current_user.id}"


def _refused(response):
    return response.status_code == 400


# Someone who finds a signed-in computer may not try password after password through the forms
# that ask for the current one: they have the sign-in page's limit.
current_password_limit = limiter.shared_limit(
    ADDRESS_LIMIT, scope="current-password", key_func=_own_account, deduct_when=_refused, methods=["POST"]
)


CURRENT = {"autocomplete": "current-password", "class": "input-wide"}


class OwnPasswordForm(Form):
    """The rules are auth.new_password_problems and auth.change_own_password."""

    current_password = PasswordField("Your current password", id="current-password", render_kw=CURRENT)
    password, password_again = new_password_fields("New password", "New password again")


class TwoStepForm(Form):
    code = StringField("Code from the app", description=CODE_HINT, render_kw=CODE_BOX)


class TurnOffForm(Form):
    # On the same page as OwnPasswordForm's box of the same name, so its own id.
    current_password = PasswordField(
        "Your password, to turn it off", id="turn-off-password", render_kw=CURRENT
    )


# The turn-off form's problems are named two_step (it may be refused before the password is read).
ANCHORS = {
    "current_password": "current-password",
    "password_again": "password-again",
    "two_step": "turn-off-password",
}


def _page(problems=None, status=200, password_form=None):
    problems = problems or {}
    password_form = password_form or OwnPasswordForm(formdata=None)
    return render_template(
        "manage/account.html",
        account=auth.account(get_db(), current_user.id),
        password_form=password_form,
        turn_off_form=TurnOffForm(formdata=None),
        problems=problems,
        order=problem_order(password_form, problems, ANCHORS),
        anchors=ANCHORS,
        error=bool(problems),
        required=_two_step_required(),
    ), status


def _two_step_required():
    return bool(current_app.config["SAFEPLACES_ADMIN_TWO_STEP"] and current_user.is_admin)


@bp.get("")
def account():
    return _page()


@bp.post("/password")
@current_password_limit
def change_password():
    form = OwnPasswordForm()  # POST only: no validate_on_submit(), CSRFProtect has checked the token
    problems = auth.new_password_problems(form.password.data, form.password_again.data)
    if not form.current_password.data:
        problems["current_password"] = "Type your current password."
    if problems:
        return _page(problems, 400, form)
    try:
        auth.change_own_password(
            get_db(), current_user.id, form.current_password.data, form.password.data, current_user.token
        )
    except auth.AccountRefused as refused:
        return _page({"current_password": str(refused)}, 400, form)
    flash("Your password is changed. You are signed out everywhere else.")
    return redirect(url_for(".account"))


def _offered_secret():
    return auth.new_two_step_secret(current_app.secret_key, current_user.token)


@bp.route("/two-step", methods=["GET", "POST"])
def two_step():
    form, problem = TwoStepForm(), None
    if form.validate_on_submit():
        try:
            auth.turn_on_two_step(
                get_db(),
                current_user.id,
                _offered_secret(),
                form.code.data,
                datetime.now(UTC),
                signed_in_as(),
            )
        except auth.AccountRefused as refused:
            problem = str(refused)
        else:
            flash(
                "Two-step sign-in is on. From now on you will type a code from the app after your password."
            )
            return redirect(url_for(".account"))
    secret = _offered_secret()
    return render_template(
        "manage/two_step.html",
        form=form,
        problem=problem,
        error=bool(problem),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        already=current_user.two_step,
        required=_two_step_required(),
    ), 400 if problem else 200


@bp.get("/two-step/qr.png")
def two_step_qr():
    """The QR code of the otpauth:// address, for the app to scan; no browser keeps it."""
    uri = auth.two_step_uri(
        _offered_secret(), current_user.email, current_app.config["SAFEPLACES_SCHEME_NAME"]
    )
    image = qrcode.make(uri, box_size=6, border=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return Response(out.getvalue(), mimetype="image/png", headers={"Cache-Control": "no-store"})


@bp.post("/two-step/off")
@current_password_limit
def two_step_off():
    form = TurnOffForm()  # POST only, as change_password
    if _two_step_required():
        return _page(
            {"two_step": "Admins of this scheme must use two-step sign-in, so it cannot be turned off."}, 400
        )
    if auth.authenticate(get_db(), current_user.email, form.current_password.data) is None:
        return _page({"two_step": auth.CURRENT_NOT_RIGHT}, 400)
    auth.turn_off_two_step(get_db(), current_user.id, signed_in_as())
    flash("Two-step sign-in is off: you sign in with your password alone.")
    return redirect(url_for(".account"))
