"""The manage area's applications queue, checks on places and the anonymous log of visits.

Every address here is under /manage, so the app-wide guard in manage.py signs people in first.
"""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from .. import applications, checks, places, positions, visits
from ..db import get_db
from ..text import capitalised
from .arguments import row_id_arg
from .forms import Form, problem_order
from .manage import signed_in_as
from .manage_places import pin_start
from .searching import districts
from .settings import now

bp = Blueprint("manage_checks", __name__, url_prefix="/manage")

DATE_HINT = "For example 23/11/2026. It cannot be in the future."


def _choices(values):
    """Choices in the words stored, shown with a capital (the domain checks the choice, not WTForms)."""
    return [SelectChoice(value, capitalised(value)) for value in values]


class DecisionForm(Form):
    reason = StringField("Reason")


class ApprovalForm(Form):
    """Approving an application: its position, confirmed in the same step, and a note."""

    ANCHORS = {"position": "latitude", "queue": "waiting"}

    latitude = StringField("Latitude")
    longitude = StringField("Longitude")
    note = StringField(
        "Note for the record (optional)", description="If you leave it empty, the record says “Approved”."
    )


class CheckForm(Form):
    kind = RadioField("What kind of check was it?", choices=_choices(checks.KINDS), validate_choice=False)
    checked_on = StringField("Date of the check", description=DATE_HINT, render_kw={"class": "input-date"})
    result = RadioField(
        "Did the place pass?",
        choices=_choices(checks.RESULTS),
        validate_choice=False,
        render_kw={"inline": True},
    )
    notes = TextAreaField(
        "Notes (optional)",
        description=f"What went well, or what needs to change. Up to {checks.MAX_NOTES} characters. "
        "Do not write the names of members of the public.",
    )


class VisitForm(Form):
    visited_on = StringField("Date of the visit", description=DATE_HINT, render_kw={"class": "input-date"})
    reason = RadioField(
        "Why did the person come in?", choices=_choices(visits.REASONS), validate_choice=False
    )
    outcomes = SelectMultipleField(
        "What did the staff do?",
        description="Choose everything they did.",
        choices=_choices(visits.OUTCOMES),
        validate_choice=False,
    )


def _place_or_404(db, place_id):
    place = places.by_id(db, place_id)
    if place is None:
        abort(404)
    return place


def _today_typed():
    return f"{now():%d/%m/%Y}"


# The applications queue


@bp.get("/applications", endpoint="applications")
def applications_queue():
    return _queue()


@bp.route("/applications/<int:place_id>/approve", methods=["GET", "POST"])
def approve(place_id):
    """Approve an application, confirming its position in the same step (applications.check_approval)."""
    db = get_db()
    place = _place_or_404(db, place_id)
    stored = positions.of_place(place)
    # A rough position is never put in the boxes, so it cannot be approved by pressing the button.
    shown = {}
    if stored is not None and stored.trusted:
        shown = {"latitude": positions.as_typed(stored.lat), "longitude": positions.as_typed(stored.lon)}
    form = ApprovalForm(data=shown)
    if place["status"] != "applied":
        problem = f"{place['name']} is not waiting for a decision any more: it is {place['status']}."
        return _approve_page(form, place, {"queue": problem}, 409 if request.method == "POST" else 200)
    if not form.validate_on_submit():  # a GET: no WTForms validators; CSRFProtect checked the token
        return _approve_page(form, place, {})
    changes, note, problems = applications.check_approval(form.data, place, districts())
    if not problems:
        try:
            applications.approve(db, place_id, note, signed_in_as(), changes)
        except places.ChangeRefused as refused:
            problems = {"queue": str(refused)}
        else:
            return redirect(url_for(".applications", approved=place_id))
    return _approve_page(form, place, problems, 400)


def _approve_page(form, place, problems, status=200):
    typed = form.latitude.data or form.longitude.data
    return render_template(
        "manage/checks/approve.html",
        form=form,
        place=place,
        problems=problems,
        order=problem_order(form, problems, ApprovalForm.ANCHORS),
        anchors=ApprovalForm.ANCHORS,
        error=bool(problems),
        stored=positions.of_place(place),
        start=None if typed else pin_start(place["postcode"], place)[0],
        area_centre=districts().centre(),
        capitalised=capitalised,
    ), status


@bp.post("/applications/<int:place_id>/decline")
def decline(place_id):
    """Decline, then back to the queue saying so; or the queue with the problem."""
    db = get_db()
    place = _place_or_404(db, place_id)
    form = DecisionForm()  # validate_on_submit() not needed: a POST, with no WTForms validators
    field = f"reason-{place_id}"
    if place["status"] != "applied":
        return _queue(
            {"queue": f"{place['name']} is not waiting for a decision any more: it is {place['status']}."},
            status=409,
        )
    try:
        applications.decline(db, place_id, form.reason.data, signed_in_as())
    except places.ChangeRefused as refused:
        return _queue({field: str(refused)}, {field: form.reason.data}, 400)
    return redirect(url_for(".applications", declined=place_id))


def _queue(problems=None, values=None, status=200):
    db = get_db()
    done = {key: places.by_id(db, row_id_arg(key) or 0) for key in ("approved", "declined")}
    return render_template(
        "manage/checks/applications.html",
        applications=applications.applications(db),
        problems=problems or {},
        values=values or {},
        error=bool(problems),
        approved=done["approved"],
        declined=done["declined"],
        district_name=districts().name_of,
        position_words=lambda source, postcode: capitalised(positions.source_words(source, postcode)),
        trusted=positions.TRUSTED,
    ), status


# Checks


@bp.get("/checks/")
def check_places():
    return render_template("manage/checks/index.html", places=checks.places_to_check(get_db()))


@bp.route("/checks/places/<int:place_id>", methods=["GET", "POST"])
def place_checks(place_id):
    db = get_db()
    place = _place_or_404(db, place_id)
    form, problems = CheckForm(), {}
    if form.validate_on_submit():
        check, problems = checks.check_check(form.data, now().date())
        if not problems:
            check_id = checks.record_check(db, place_id, check, signed_in_as())
            return redirect(url_for(".place_checks", place_id=place_id, recorded=check_id))
    elif request.method == "GET":
        form.checked_on.data = _today_typed()
    history = checks.checks_of(db, place_id)
    recorded = next((c for c in history if c["id"] == row_id_arg("recorded")), None)
    return render_template(
        "manage/checks/place_checks.html",
        place=place,
        form=form,
        problems=problems,
        error=bool(problems),
        order=problem_order(form, problems),
        history=history,
        recorded=recorded,
    ), 400 if problems else 200


# Visits


@bp.route("/visits/places/<int:place_id>", methods=["GET", "POST"])
def place_visits(place_id):
    db = get_db()
    place = _place_or_404(db, place_id)
    form, problems = VisitForm(), {}
    if place["status"] == "applied":
        problems = {"place": f"{place['name']} has not been approved yet, so it has no visits to record."}
    elif form.validate_on_submit():
        visit, problems = visits.check_visit(form.data, now().date())
        if not problems:
            visit_id = visits.record_visit(db, place_id, visit, signed_in_as())
            return redirect(url_for(".place_visits", place_id=place_id, recorded=visit_id))
    elif request.method == "GET":
        form.visited_on.data = _today_typed()
    latest = visits.visits_to(db, place_id)
    recorded = next((v for v in latest if v["id"] == row_id_arg("recorded")), None)
    failed = bool(problems) and request.method == "POST"
    return render_template(
        "manage/checks/place_visits.html",
        place=place,
        form=form,
        problems=problems,
        error=failed,
        order=problem_order(form, problems),
        visits=latest,
        recorded=recorded,
    ), 400 if failed else 200
