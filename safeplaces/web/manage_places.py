"""The manage area's register of places: find, add, edit, see the history of, suspend and reinstate.

Every /manage address is guarded by manage.sign_in_required, so these views need no decorator.
The rules for a place's details are places.check_place_form; photos are checked and cleaned by
photos.py. A new or replaced photo is written only when everything else is right, and an old
photo is deleted only after the change that replaces it has been committed.
"""

import json
import math

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import (
    BooleanField,
    EmailField,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice

from .. import audit, cards, dates, hours, locate, photos, places, positions, week_table
from ..db import get_db
from ..text import capitalised, phrase
from .arguments import page_arg
from .files import pdf_response, photo_folder, send_photo
from .forms import Form, WeekForm, problem_order
from .manage import signed_in_as
from .searching import districts, locator
from .settings import now, phones, printed_url

bp = Blueprint("manage_places", __name__, url_prefix="/manage/places")
MAX_REGISTER_PAGES = 10**6  # beyond any register; a page past the last shows the last

# Room for a 5 MB photo and the form: a photo a little too big still gets its message next to
# the field with everything typed kept; only a far bigger request is cut off unread.
MAX_REQUEST_BYTES = 12 * 1024 * 1024
FORM_ENDPOINTS = {"manage_places.new_place", "manage_places.edit_place"}
MAX_SEARCH = 100
PRIVATE = "Private: only the steering group sees this"
DATE_HINT = f"For example {places.DATE_EXAMPLE}"
PIN_ZOOM = {positions.POSTCODE: 17, positions.OUTCODE: 14, positions.TOWN: 13}


class PlaceForm(Form):
    """A place's details as a registrar types them: each field once, in the page's order, with its
    label and hint. The rules are places.check_place_form (docs/forms.md); the template draws each
    field by its kind, with a heading before each field named in SECTIONS."""

    SECTIONS = {
        "name": "The place",
        "latitude": "Where it is",
        "phone": "What the public sees",
        "contact_name": "The venue’s contact person",
        "sticker_displayed": "Sticker, training and review",
    }
    # Where the summary links for a problem that is not a field's own (see forms.problem_order).
    ANCHORS = {"position": "latitude", "changed": "changed-meanwhile"}

    name = StringField("Name", render_kw={"autocomplete": "organization"})
    address = StringField("Address", description="The building and street, for example 41 Granby Street")
    town = StringField("Town")
    postcode = StringField("Postcode", render_kw={"class": "input-short", "autocomplete": "postal-code"})
    category = SelectField(
        "Category",
        choices=[
            SelectChoice("", "Choose a category"),
            *(SelectChoice(c, capitalised(c)) for c in places.CATEGORIES),
        ],
        validate_choice=False,
    )
    latitude = StringField("Latitude")
    longitude = StringField("Longitude")
    phone = TelField(
        "Phone number (optional)", description="For example 0116 496 0123", render_kw={"class": "input-phone"}
    )
    website = URLField(
        "Website (optional)",
        description="Starting with https:// or http://, for example https://www.example.org",
    )
    hours = FormField(WeekForm, label="Opening times")
    opening_hours = StringField(
        "Opening hours in OpenStreetMap’s format",
        description="For example: Mo-Fr 09:00-17:00; Sa 10:00-16:00; PH off. Change this, or the week "
        "table, not both. Leave both empty if the times are not known.",
    )
    opening_hours_shown = HiddenField()  # the text the form was opened with: which of the two was changed
    facilities = SelectMultipleField(
        "Facilities",
        choices=[SelectChoice(f) for f in places.FACILITIES],
        validate_choice=False,
        description="Tick all the place has.",
    )
    easy_read_description = TextAreaField(
        "Easy-read description (optional)",
        description="A few short sentences about the place, in easy words. Up to 300 characters.",
    )
    photo = FileField(
        "Photo of the entrance (optional)",
        description="A JPEG, PNG or WebP picture of 5 MB or less, so people know the door when they see it. "
        "We remove the camera details and location from it.",
    )
    remove_photo = BooleanField("Remove the photo")
    contact_name = StringField("Contact’s name", description=PRIVATE)
    contact_email = EmailField("Contact’s email address", description=PRIVATE)
    contact_phone = TelField(
        "Contact’s phone number", description=PRIVATE, render_kw={"class": "input-phone"}
    )
    sticker_displayed = BooleanField("The Keep Safe Places sticker is displayed")
    staff_trained_on = StringField(
        "Staff trained on (optional)", description=DATE_HINT, render_kw={"class": "input-date"}
    )
    next_review_due = StringField(
        "Next review due (optional)", description=DATE_HINT, render_kw={"class": "input-date"}
    )
    updated_at = HiddenField()  # when the place was read for this form, so a save cannot undo a later change


class StatusForm(Form):
    status = StringField("What do you want to do?")
    reason = TextAreaField("Reason")
    shown_status = HiddenField()  # the status the page showed, which the choices were made for


@bp.url_value_preprocessor
def limit_request_size(endpoint, _values):
    """Cap the request body before CSRFProtect reads the form (see web/cards.py)."""
    if endpoint in FORM_ENDPOINTS:
        request.max_content_length = MAX_REQUEST_BYTES


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A far too big upload: the form cannot be read, so say so and show it again, empty."""
    place_id = (request.view_args or {}).get("place_id")
    row = places.by_id(get_db(), place_id) if place_id else None
    form = PlaceForm(formdata=None, data=places.form_values_of(row) if row else {})
    problem = f"{photos.REFUSED}. Nothing was saved: please make your changes again."
    return _form_page(form, row, {"photo": problem}, status=413)


def _place_or_404(place_id):
    row = places.by_id(get_db(), place_id)
    if row is None:
        abort(404)
    return row


@bp.get("/")
def list_places():
    text = request.args.get("q", "").strip()[:MAX_SEARCH]
    status = request.args.get("status", "all")
    status = status if status in places.STATUSES else "all"
    page = page_arg(MAX_REGISTER_PAGES)
    found, total = places.register_page(get_db(), text, status, page)
    last = max(1, math.ceil(total / places.REGISTER_PAGE))
    if page > last:
        page = last
        found, total = places.register_page(get_db(), text, status, page)
    return render_template(
        "manage/places/list.html",
        places=found,
        total=total,
        text=text,
        status=status,
        page=page,
        last=last,
        status_words=places.STATUS_WORDS,
    )


@bp.route("/new", methods=["GET", "POST"])
def new_place():
    form = PlaceForm()
    # False only for a GET: the form has no WTForms validators (its rules are the domain's), and
    # CSRFProtect has already refused a POST without its token.
    if not form.validate_on_submit():
        return _form_page(form, None, {})
    return _save(form, None)


@bp.route("/<int:place_id>/edit", methods=["GET", "POST"])
def edit_place(place_id):
    row = _place_or_404(place_id)
    form = PlaceForm(data=places.form_values_of(row))
    if not form.validate_on_submit():  # a GET, as for new_place
        return _form_page(form, row, {})
    return _save(form, row)


def _save(form, row):
    """Check the form; show it again with its problems, or save and go on to the place."""
    clean, problems = places.check_place_form(form.data, today=now().date(), current=row)
    upload, cleaned_photo = form.photo.data, None
    if upload and upload.filename:
        try:
            cleaned_photo = photos.prepare(upload.stream.read(photos.MAX_BYTES + 1))
        except photos.PhotoRefused as refused:
            problems["photo"] = str(refused)
    if problems:
        return _form_page(form, row, problems, status=400, had_photo=bool(cleaned_photo))
    district = districts().find(clean["lat"], clean["lon"])
    clean["district_code"] = district.code if district else None
    try:
        place_id = _store(clean, row, cleaned_photo, form.remove_photo.data, form.updated_at.data)
    except places.ChangeRefused as refused:
        problem = "position" if isinstance(refused, places.PositionNotPublic) else "changed"
        return _form_page(form, row, {problem: str(refused)}, status=409, had_photo=bool(cleaned_photo))
    flash(f"{clean['name']} is saved." if row is None else f"Your changes to {clean['name']} are saved.")
    if read_as := places.hours_read_as(form.data):
        flash(f"We read the opening hours as: {read_as}")
    if left_out := places.bank_holidays_left_out(clean["opening_hours"]):
        flash(left_out)
    return redirect(url_for(".place_page", place_id=place_id))


def _store(clean, row, cleaned_photo, remove_photo, read_at):
    """Create or update the place with its new photo, if any; delete a replaced photo afterwards.

    An update is refused (places.ChangeRefused) if the place changed after read_at, its form's updated_at.
    """
    db, folder, by = get_db(), photo_folder(), signed_in_as()
    old_photo = row["photo"] if row else None
    new_photo = photos.store(cleaned_photo, folder) if cleaned_photo else None
    try:
        if row is None:
            return places.create(db, {**clean, "photo": new_photo}, by=by)
        if new_photo or (remove_photo and old_photo):
            clean["photo"] = new_photo
        places.update(db, row["id"], clean, by=by, expect_updated_at=read_at or "")
    except BaseException:
        photos.delete(folder, new_photo)
        raise
    if old_photo and "photo" in clean:
        photos.delete(folder, old_photo)
    return row["id"]


def _form_page(form, row, problems, status=200, had_photo=False):
    """The place form, new (row None) or edit, with its problems."""
    typed = _typed_position(form)
    district = districts().find(*typed) if typed else None
    shown = form.opening_hours_shown.data or ""
    hours_why = places.hours_table(shown)[1]
    start, not_found = (None, None) if typed else pin_start(form.postcode.data, row)
    if not_found and problems.get("position") == places.GIVE_THE_POSITION:
        problems = {**problems, "position": f"{not_found} {places.GIVE_THE_POSITION}"}
    return render_template(
        "manage/places/form.html",
        form=form,
        place=row,
        problems=problems,
        order=problem_order(form, problems, PlaceForm.ANCHORS),
        anchors=PlaceForm.ANCHORS,
        error=bool(problems),
        had_photo=had_photo,
        district=district,
        position=typed,
        stored=positions.of_place(row),
        start=start,
        area_centre=districts().centre(),
        hours_why=hours_why,
        holidays_not_said=not hours_why and bool(shown) and not hours.says_bank_holidays(shown),
        hours_open=bool(hours_why or problems.get("opening_hours"))
        or (form.opening_hours.data or "").strip() != (form.opening_hours_shown.data or "").strip(),
        week_days=week_table.DAYS,
        holiday_choices=week_table.HOLIDAY_CHOICES,
    ), status


def pin_start(postcode, row=None):
    """(where the pin starts when the position boxes are empty, why the postcode gave none).

    The start is the place's stored position, or its postcode's (positions.from_postcode), with
    words saying how rough it is; None, with the postcode's problem if it has one, if neither.
    """
    position = positions.of_place(row)
    if position is None and (tidy := locate.tidy_postcode(postcode or "")):
        try:
            position = positions.from_postcode(locator(), tidy)
        except positions.NotFound as error:
            return None, str(error)
    if position is None:
        return None, None
    start = {
        "lat": position.lat,
        "lon": position.lon,
        "zoom": PIN_ZOOM.get(position.source, 17),
        "words": f"The pin starts at the position we have, which is {position.words()}. "
        "Move it to the place’s door.",
    }
    return start, None


def _typed_position(form):
    """(lat, lon) if the form holds a usable position, else None."""
    try:
        return locate.parse_lat_lon(form.latitude.data, form.longitude.data)
    except locate.LocateError:
        return None


@bp.get("/<int:place_id>")
def place_page(place_id):
    return _place_page(_place_or_404(place_id), StatusForm(formdata=None), {})


@bp.post("/<int:place_id>/status")
def change_status(place_id):
    row = _place_or_404(place_id)
    # validate_on_submit() is not called: on a POST it is always true (no WTForms validators, and
    # CSRFProtect has checked the token). The choice and the reason are checked below, and by
    # places.change_status.
    form = StatusForm()
    target, shown, problems = form.status.data or "", form.shown_status.data or "", {}
    if target not in places.allowed_changes(shown):
        problems["status"] = "Choose what to do with this place"
    else:
        db = get_db()
        try:
            places.change_status(db, place_id, target, form.reason.data, by=signed_in_as(), expect=shown)
        except places.ChangeRefused as refused:
            row = places.by_id(db, place_id)  # it may have changed since the page was shown
            about_reason = row["status"] == shown and not isinstance(refused, places.PositionNotPublic)
            problems["reason" if about_reason else "status"] = phrase(str(refused))
    if problems:
        return _place_page(row, form, problems, status=400)
    flash(f"{row['name']} is now {target}.")
    return redirect(url_for(".place_page", place_id=place_id))


def _place_page(row, form, problems, status=200):
    """A place's manage page: details, private contact, photo, status form and history."""
    area = districts()
    entries = places.history_words(audit.history(get_db(), "places", row["id"]), area.name_of)
    for entry in entries:
        entry["when"] = dates.when_words(entry["at"])
    return render_template(
        "manage/places/place.html",
        place=row,
        form=form,
        problems=problems,
        error=bool(problems),
        district=area.name_of(row["district_code"]) if row["district_code"] else None,
        position_words=positions.source_words(row["position_source"], row["postcode"]),
        facilities=json.loads(row["facilities"] or "[]"),
        week=hours.week(row["opening_hours"], now()) if row["opening_hours"] else [],
        changes=places.allowed_changes(row["status"]),
        transition_words=places.TRANSITION_WORDS,
        status_words=places.STATUS_WORDS,
        history=entries,
        long_date=dates.long_date,
        private=PRIVATE,
    ), status


@bp.get("/<int:place_id>/photo")
def photo(place_id):
    """The place's photo, whatever its status, for the manage pages only."""
    response = send_photo(_place_or_404(place_id)["photo"])
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _active_or_404(place_id):
    """Posters and stickers are only for places that are in the scheme now."""
    row = _place_or_404(place_id)
    if row["status"] != "active":
        abort(404)
    return row


@bp.get("/<int:place_id>/poster.pdf")
def poster(place_id):
    row = _active_or_404(place_id)
    config = current_app.config
    pdf = cards.poster(
        row,
        printed_url(f"/places/{row['slug']}"),
        phones(),
        config["SAFEPLACES_PLACE_NAME"],
        config["SAFEPLACES_PLACE_NAME_PLURAL"],
    )
    return pdf_response(pdf, f"keep-safe-place-poster-{row['slug']}.pdf")


@bp.get("/<int:place_id>/stickers.pdf")
def stickers(place_id):
    row = _active_or_404(place_id)
    return pdf_response(
        cards.stickers(
            row, printed_url(f"/places/{row['slug']}"), place_name=current_app.config["SAFEPLACES_PLACE_NAME"]
        ),
        f"keep-safe-place-stickers-{row['slug']}.pdf",
    )
