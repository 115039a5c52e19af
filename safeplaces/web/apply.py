"""Apply to become a Keep Safe Place: the public application form (no sign-in).

Against spam: a rate limit on sending, and a honeypot, a box people never see (it is off the
screen and hidden from screen readers) but form-filling robots fill in. An application with
the honeypot filled in is thanked like any other, and nothing is written. Its name is one
that browsers' autofill and password managers never fill (not "website", "url" or "email"):
a box they fill in would silently drop a real application.
"""

from flask import Blueprint, redirect, render_template, url_for
from wtforms import EmailField, StringField, TelField, TextAreaField

from .. import checks, hours, places
from ..db import get_db
from . import districts, limiter, locator
from .forms import Form

bp = Blueprint("apply", __name__)

SENT_LIMIT = "5 per hour"  # applications sent from one address
TRY_LIMIT = "30 per hour"  # every try, including ones with mistakes to put right
FIELDS = (
    "name",
    "category",
    "address",
    "town",
    "postcode",
    "phone",
    "opening_hours",
    "contact_name",
    "contact_email",
    "contact_phone",
    "why",
)


class ApplicationForm(Form):
    name = StringField("Name of the place")
    category = StringField("What kind of place is it?")
    address = StringField("Address")
    town = StringField("Town or city")
    postcode = StringField("Postcode")
    phone = StringField("Phone number of the place (optional)")
    opening_hours = StringField("Opening times (optional)")
    contact_name = StringField("Your name")
    contact_email = EmailField("Email address")
    contact_phone = TelField("Phone number (optional)")
    why = TextAreaField("Why do you want to join? (optional)")
    leave_this_empty = StringField("Leave this empty")  # the honeypot


def _sent(response):
    return response.status_code == 302


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(SENT_LIMIT, methods=["POST"], deduct_when=_sent)
@limiter.limit(TRY_LIMIT, methods=["POST"])
def application():
    form = ApplicationForm()
    if not form.validate_on_submit():
        return _form_page(form, {})
    if form.leave_this_empty.data:
        return redirect(url_for("apply.sent"))
    clean, why, problems = checks.check_application(form.data, locator(), districts())
    if problems:
        return _form_page(form, problems, 400)
    checks.apply(get_db(), clean, why)
    return redirect(url_for("apply.sent"))


@bp.get("/apply/sent")
def sent():
    return render_template("apply/sent.html")


@bp.errorhandler(429)
def too_many(_error):
    return render_template("apply/too_many.html", title="Too many applications"), 429


def _form_page(form, problems, status=200):
    return render_template(
        "apply/form.html",
        form=form,
        problems=problems,
        error=bool(problems),
        order=[field for field in FIELDS if field in problems],
        categories=places.CATEGORIES,
        example_hours=hours.EXAMPLE,
        max_why=checks.MAX_WHY,
    ), status
