"""Accounts for the manage area, for admins only: list, add, change role, deactivate, set a password.

Accounts are never deleted, only deactivated. The rules (nobody takes away their own admin role
or deactivates themselves; the last active admin stays) live in auth.py; these views only parse
the forms, call it and render.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from wtforms import EmailField, RadioField
from wtforms.fields.choices import SelectChoice

from .. import auth, dates
from ..db import get_db
from .forms import Form, new_password_fields, problem_order
from .manage import admin_required, signed_in_as

bp = Blueprint("manage_users", __name__, url_prefix="/manage/users")
bp.before_request(admin_required)

ROLE_WORDS = {
    "registrar": ("Registrar", "Registers and checks places."),
    "admin": ("Admin", "Registers and checks places, and manages accounts."),
}
OWN_PASSWORD = "Change your own password on Your account, which asks for your current one."
# The roles as radios, each with what it may do; the rule is auth's (check_new_account, change_role).
ROLE_CHOICES = [
    SelectChoice(role, words, render_kw={"hint": detail}) for role, (words, detail) in ROLE_WORDS.items()
]


def _role_field():
    return RadioField("Role", choices=ROLE_CHOICES, validate_choice=False)


# Each radio with a hint has the id role-<value>: the summary links to the first.
ANCHORS = {"role": "role-registrar", "password_again": "password-again"}


class NewAccountForm(Form):
    """A new account: each field once, in the page's order. The rules are auth.check_new_account."""

    email = EmailField("Email address", render_kw={"class": "input-wide"})
    role = _role_field()
    password, password_again = new_password_fields("Password", "Password again")


class RoleForm(Form):
    role = _role_field()


class PasswordForm(Form):
    password, password_again = new_password_fields("New password", "New password again")


def a_role(role):
    """The role with its article: a registrar, an admin."""
    return f"{'an' if role == 'admin' else 'a'} {role}"


@bp.get("/")
def accounts():
    rows = [{**row, "created": dates.long_date(row["created_at"])} for row in auth.list_accounts(get_db())]
    return render_template("manage/users/index.html", accounts=rows, roles=ROLE_WORDS)


@bp.route("/new", methods=["GET", "POST"])
def add():
    form = NewAccountForm()
    if not form.validate_on_submit():  # a GET
        return _new_page(form, {})
    db = get_db()
    problems = auth.check_new_account(
        db, form.email.data, form.password.data, form.role.data, form.password_again.data
    )
    if problems:
        return _new_page(form, problems, 400)
    try:
        auth.create_user(db, form.email.data, form.password.data, form.role.data, by=signed_in_as())
    except auth.AccountRefused as refused:  # the same form sent twice
        return _new_page(form, {"email": str(refused)}, 400)
    flash(
        f"Made {a_role(form.role.data)} account for {auth.tidy_email(form.email.data)}. Tell them the "
        "password by phone or in person, not by email."
    )
    return redirect(url_for(".accounts"))


def _new_page(form, problems, status=200):
    return render_template(
        "manage/users/new.html",
        form=form,
        problems=problems,
        order=problem_order(form, problems, ANCHORS),
        anchors=ANCHORS,
        error=bool(problems),
    ), status


def _account_or_404(user_id):
    row = auth.account(get_db(), user_id)
    if row is None:
        abort(404)
    return row


def _account_page(row, problems=None, role_form=None, password_form=None, status=200):
    """One account's page, with each form's problems (a refused change says why)."""
    problems = problems or {}
    sent = role_form or password_form  # the form whose problems these are, if any
    yourself = row["email"] == auth.tidy_email(signed_in_as())
    # Your own role's problem is shown without the radios (you cannot change it), by the heading.
    anchors = {**ANCHORS, "active": "active-error", **({"role": "role-error"} if yourself else {})}
    return render_template(
        "manage/users/account.html",
        account={**row, "created": dates.long_date(row["created_at"])},
        yourself=yourself,
        roles=ROLE_WORDS,
        role_form=role_form or RoleForm(role=row["role"]),
        password_form=password_form or PasswordForm(),
        problems=problems,
        order=problem_order(sent, problems, anchors) if sent else list(problems),
        anchors=anchors,
        error=bool(problems),
    ), status


@bp.get("/<int:user_id>")
def account(user_id):
    return _account_page(_account_or_404(user_id))


def _done(user_id, message):
    flash(message)
    return redirect(url_for(".account", user_id=user_id))


@bp.post("/<int:user_id>/role")
def change_role(user_id):
    row = _account_or_404(user_id)
    # POST only, so no validate_on_submit(): CSRFProtect has refused a POST without its token, and
    # auth.change_role holds the rule.
    form = RoleForm()
    try:
        changed = auth.change_role(get_db(), user_id, form.role.data, by=signed_in_as())
    except auth.AccountRefused as refused:
        return _account_page(row, {"role": str(refused)}, role_form=form, status=400)
    if not changed:
        return _done(user_id, f"{row['email']} was already {a_role(form.role.data)}: nothing changed.")
    return _done(user_id, f"{row['email']} is now {a_role(form.role.data)}.")


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id):
    return _set_active(user_id, False)


@bp.post("/<int:user_id>/reactivate")
def reactivate(user_id):
    return _set_active(user_id, True)


def _set_active(user_id, active):
    row = _account_or_404(user_id)
    try:
        auth.set_active(get_db(), user_id, active, by=signed_in_as())
    except auth.AccountRefused as refused:
        return _account_page(row, {"active": str(refused)}, status=400)
    if active:
        return _done(user_id, f"{row['email']} can sign in again.")
    return _done(
        user_id,
        f"{row['email']} is deactivated: they cannot sign in, and are signed out "
        "everywhere. Nothing about them is deleted.",
    )


@bp.post("/<int:user_id>/password")
def set_password(user_id):
    row = _account_or_404(user_id)
    form = PasswordForm()  # POST only: no validate_on_submit(), as in change_role
    if row["email"] == auth.tidy_email(signed_in_as()):
        return _account_page(row, {"password": OWN_PASSWORD}, password_form=form, status=400)
    problems = auth.new_password_problems(form.password.data, form.password_again.data)
    if problems:
        return _account_page(row, problems, password_form=form, status=400)
    auth.set_password(get_db(), user_id, form.password.data, by=signed_in_as())
    return _done(
        user_id,
        f"{row['email']} has a new password, and is signed out everywhere. Tell them it by phone or "
        "in person, not by email.",
    )


@bp.post("/<int:user_id>/two-step/off")
def two_step_off(user_id):
    """For someone who has lost their phone: they sign in with the password, and set it up again."""
    row = _account_or_404(user_id)
    if not auth.turn_off_two_step(get_db(), user_id, by=signed_in_as()):
        return _done(user_id, f"{row['email']} did not use two-step sign-in: nothing changed.")
    return _done(
        user_id,
        f"Two-step sign-in is off for {row['email']}. They can sign in with their password and set it up again.",
    )
