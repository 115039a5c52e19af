"""Apply to become a Keep Safe Place: the public application form (no sign-in).

Against spam: a rate limit on sending, and a honeypot, a box people never see (it is off the
screen and hidden from screen readers) but form-filling robots fill in. An application with
the honeypot filled in is thanked like any other, and nothing is written. Its name is one
that browsers' autofill and password managers never fill (not "website", "url" or "email"):
a box they fill in would silently drop a real application.
"""

from flask import Blueprint, redirect, render_template, url_for
from wtforms import EmailField, FormField, SelectField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice

from .. import applications, places, week_table
from ..db import get_db
from ..i18n import _, _l
from .forms import Form, WeekForm, problem_order
from .searching import districts, locator
from .security import limiter

bp = Blueprint("apply", __name__)

SENT_LIMIT = "5 per hour"  # applications sent from one address
TRY_LIMIT = "30 per hour"  # every try, including ones with mistakes to put right
SPELLCHECK = {"spellcheck": True}


class ApplicationForm(Form):
    """An application, as a venue types it: each field once, in the page's order, with its label
    and hint. The rules are applications.check_application (docs/forms.md)."""

    SECTIONS = {
        "name": _l("About the place"),
        "contact_name": _l("Who we can contact"),
        "why": _l("Anything else"),
    }
    ANCHORS = {
        "opening_hours": "hours-mo_opens"
    }  # the table writes the text: a problem with it is the table's

    name = StringField(
        _l("Name of the place"),
        description=_l("The name people see on your sign, for example Bishop Street Library."),
        render_kw={"autocomplete": "organization", **SPELLCHECK},
    )
    category = SelectField(
        _l("What kind of place is it?"),
        choices=lambda: [
            SelectChoice("", _("Choose the kind of place")),
            *(SelectChoice(c, places.category_words(c)) for c in places.CATEGORIES),
        ],
        validate_choice=False,
    )
    address = StringField(
        _l("Address"),
        description=_l("The building number and street, for example 2 Eastgates."),
        render_kw=SPELLCHECK,
    )
    town = StringField(_l("Town or city"), render_kw=SPELLCHECK)
    postcode = StringField(
        _l("Postcode"), description=_l("For example LE1 5FQ."), render_kw={"class": "input-postcode"}
    )
    phone = TelField(
        _l("Phone number of the place (optional)"),
        description=_l(
            "The number the public can phone. We show it on the website. For example 0116 496 0123."
        ),
        render_kw={"class": "input-phone"},
    )
    hours = FormField(WeekForm, label=_l("Opening times (optional)"))
    contact_name = StringField(_l("Your name"), render_kw={"autocomplete": "name", **SPELLCHECK})
    contact_email = EmailField(
        _l("Email address"),
        description=_l("For example name@example.org."),
        render_kw={"autocomplete": "email"},
    )
    contact_phone = TelField(
        _l("Phone number (optional)"), render_kw={"autocomplete": "tel", "class": "input-phone"}
    )
    why = TextAreaField(
        _l("Why do you want to join? (optional)"),
        description=_l(
            "For example: people often come in asking for help. Up to %(most)d characters.",
            most=applications.MAX_WHY,
        ),
    )
    leave_this_empty = StringField("Leave this empty")  # the honeypot


def _sent(response):
    return response.status_code == 302


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(SENT_LIMIT, methods=["POST"], deduct_when=_sent)
@limiter.limit(TRY_LIMIT, methods=["POST"])
def application():
    form = ApplicationForm()
    # False only for a GET: no WTForms validators (the rules are applications.check_application), and
    # CSRFProtect has already refused a POST without its token.
    if not form.validate_on_submit():
        return _form_page(form, {})
    if form.leave_this_empty.data:
        return redirect(url_for("apply.sent"))
    clean, why, problems = applications.check_application(form.data, locator(), districts())
    if problems:
        return _form_page(form, problems, 400)
    applications.apply(get_db(), clean, why)
    return redirect(url_for("apply.sent"))


@bp.get("/apply/sent")
def sent():
    return render_template("apply/sent.html")


@bp.errorhandler(429)
def too_many(_error):
    return render_template("apply/too_many.html", title=_("Too many applications")), 429


def _form_page(form, problems, status=200):
    return render_template(
        "apply/form.html",
        form=form,
        problems=problems,
        error=bool(problems),
        order=problem_order(form, problems, ApplicationForm.ANCHORS),
        anchors=ApplicationForm.ANCHORS,
        week_days=week_table.DAYS,
        holiday_choices=week_table.HOLIDAY_CHOICES,
    ), status
