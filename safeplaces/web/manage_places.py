"""The manage area's register of places: find, add, edit, see the history of, suspend and reinstate.

Every /manage address is guarded by manage.sign_in_required, so these views need no decorator.
The rules for a place's details are places.check_place_form; photos are checked and cleaned by
photos.py. A new or replaced photo is written only when everything else is right, and an old
photo is deleted only after the change that replaces it has been committed.
"""

import json
import math

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField

from .. import audit, cards, dates, locate, photos, places
from ..db import get_db
from ..text import phrase
from . import districts, locator, now, pdf_response, phones, photo_folder, printed_url, send_photo
from .manage import signed_in_as

bp = Blueprint("manage_places", __name__, url_prefix="/manage/places")

# Room for a 5 MB photo and the form: a photo a little too big still gets its message next to
# the field with everything typed kept; only a far bigger request is cut off unread.
MAX_REQUEST_BYTES = 12 * 1024 * 1024
FORM_ENDPOINTS = {"manage_places.new_place", "manage_places.edit_place"}
MAX_SEARCH = 100
# Where each problem's message links to in the error summary, when not the field of that name.
PROBLEM_TARGETS = {"position": "latitude", "facilities": "facilities-0", "changed": "changed-meanwhile"}
PROBLEM_ORDER = (
    "changed",
    "name",
    "address",
    "town",
    "postcode",
    "position",
    "category",
    "phone",
    "website",
    "opening_hours",
    "facilities",
    "easy_read_description",
    "photo",
    "contact_name",
    "contact_email",
    "contact_phone",
    "staff_trained_on",
    "next_review_due",
)
PRIVATE = "Private: only the steering group sees this"


class PlaceForm(FlaskForm):
    """A place's details, as a registrar types them. The rules are places.check_place_form."""

    name = StringField("Name")
    address = StringField("Address")
    town = StringField("Town")
    postcode = StringField("Postcode")
    latitude = StringField("Latitude")
    longitude = StringField("Longitude")
    category = StringField("Category")
    phone = StringField("Phone number (optional)")
    website = StringField("Website (optional)")
    opening_hours = StringField("Opening hours (optional)")
    # Only for reading a list from the request: the template draws the boxes, check_place_form checks them.
    facilities = SelectMultipleField("Facilities", choices=list(places.FACILITIES), validate_choice=False)
    easy_read_description = TextAreaField("Easy-read description (optional)")
    photo = FileField("Photo of the entrance (optional)")
    remove_photo = BooleanField("Remove the photo")
    contact_name = StringField("Contact's name")
    contact_email = StringField("Contact's email address")
    contact_phone = StringField("Contact's phone number")
    sticker_displayed = BooleanField("The Keep Safe Places sticker is displayed")
    staff_trained_on = StringField("Staff trained on (optional)")
    next_review_due = StringField("Next review due (optional)")
    updated_at = HiddenField()  # when the place was read for this form, so a save cannot undo a later change


class StatusForm(FlaskForm):
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
    page = _page_number(request.args.get("page"))
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


def _page_number(text):
    return int(text) if text and text.isdigit() and 0 < int(text) < 10**6 else 1


@bp.route("/new", methods=["GET", "POST"])
def new_place():
    form = PlaceForm()
    if not form.validate_on_submit():
        return _form_page(form, None, {})
    return _save(form, None)


@bp.route("/<int:place_id>/edit", methods=["GET", "POST"])
def edit_place(place_id):
    row = _place_or_404(place_id)
    form = PlaceForm(data=places.form_values_of(row))
    if not form.validate_on_submit():
        return _form_page(form, row, {})
    return _save(form, row)


def _save(form, row):
    """Check the form; show its problems, or the position found to confirm; or save and go on."""
    values = {name: form[name].data for name in places.FORM_FIELDS}
    clean, problems = places.check_place_form(values, today=now().date())
    upload, cleaned_photo = form.photo.data, None
    if upload and upload.filename:
        try:
            cleaned_photo = photos.prepare(upload.stream.read(photos.MAX_BYTES + 1))
        except photos.PhotoRefused as refused:
            problems["photo"] = str(refused)
    if problems:
        return _form_page(form, row, problems, status=400)
    if clean["lat"] is None:
        return _confirm_position(form, row, clean["postcode"], bool(cleaned_photo))
    district = districts().find(clean["lat"], clean["lon"])
    clean["district_code"] = district.code if district else None
    try:
        place_id = _store(clean, row, cleaned_photo, form.remove_photo.data, form.updated_at.data)
    except places.ChangeRefused as refused:
        return _form_page(form, row, {"changed": str(refused)}, status=409, had_photo=bool(cleaned_photo))
    flash(f"{clean['name']} is saved." if row is None else f"Your changes to {clean['name']} are saved.")
    return redirect(url_for(".place_page", place_id=place_id))


def _confirm_position(form, row, postcode, had_photo):
    """The form again with the position found from the postcode, for the registrar to check."""
    try:
        found = locator().postcode(postcode)
    except locate.LocateError as error:
        return _form_page(
            form, row, {"position": f"{error} Type the latitude and longitude instead."}, status=400
        )
    form.latitude.data, form.longitude.data = f"{found.lat:.6f}", f"{found.lon:.6f}"
    return _form_page(form, row, {}, found=found, had_photo=had_photo)


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


def _form_page(form, row, problems, status=200, found=None, had_photo=False):
    """The place form: new (row None) or edit, with its problems, or a found position to confirm."""
    position = _typed_position(form)
    district = districts().find(*position) if position else None
    order = sorted(problems, key=lambda name: PROBLEM_ORDER.index(name) if name in PROBLEM_ORDER else 99)
    south, west, north, east = districts().bounds()
    return render_template(
        "manage/places/form.html",
        form=form,
        place=row,
        problems=problems,
        order=order,
        targets=PROBLEM_TARGETS,
        error=bool(problems),
        found=found,
        had_photo=had_photo,
        district=district,
        position=position,
        private=PRIVATE,
        date_example=places.DATE_EXAMPLE,
        area_centre=((south + north) / 2, (west + east) / 2),
        categories=places.CATEGORIES,
        facilities=places.FACILITIES,
    ), status


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
    form = StatusForm()
    form.validate_on_submit()
    target, shown, problems = form.status.data or "", form.shown_status.data or "", {}
    if target not in places.allowed_changes(shown):
        problems["status"] = "Choose what to do with this place"
    else:
        db = get_db()
        try:
            places.change_status(db, place_id, target, form.reason.data, by=signed_in_as(), expect=shown)
        except places.ChangeRefused as refused:
            row = places.by_id(db, place_id)  # it may have changed since the page was shown
            problems["reason" if row["status"] == shown else "status"] = phrase(str(refused))
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
        facilities=json.loads(row["facilities"] or "[]"),
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
    pdf = cards.poster(row, printed_url(f"/places/{row['slug']}"), phones())
    return pdf_response(pdf, f"keep-safe-place-poster-{row['slug']}.pdf")


@bp.get("/<int:place_id>/stickers.pdf")
def stickers(place_id):
    row = _active_or_404(place_id)
    return pdf_response(
        cards.stickers(row, printed_url(f"/places/{row['slug']}")),
        f"keep-safe-place-stickers-{row['slug']}.pdf",
    )
