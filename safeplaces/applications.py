"""Applications to join the scheme, from the public form, and the registrar's decision on each.

An application becomes a place with status "applied", which the public never sees, until a
registrar approves it, confirming its position in the same step (positions.py), or declines it
with a reason.
"""

from collections.abc import Mapping

from sqlite_utils import Database

from . import auth, places, positions
from .geo import Districts
from .i18n import _
from .locate import Locator
from .text import sentence
from .transaction import writing

MAX_WHY = 1000
MAX_CONTACT = {"contact_name": 120, "contact_email": 254}
APPLICATION_FORM = "application form"  # who the audit trail says made an application
APPROVED = "Approved"
# The details of a place that the application form asks for, as places.check_details names them
# (its opening hours come from the week table).
DETAILS = ("name", "address", "town", "postcode", "phone", "category")


def check_application(
    values: Mapping, locator: Locator, districts: Districts
) -> tuple[dict, str, dict[str, str]]:
    """Check an application as typed. Returns (values for places.create, why, {field: problem}).

    The opening times come from the week table (values["hours"], see places.hours_of_form). The
    position comes from the postcode (positions.from_postcode): only a starting point, which
    keeps the place off every public page until a registrar confirms it on approving.
    """
    opening_hours, hours_problems = places.hours_of_form(values)
    typed = {field: values.get(field) for field in DETAILS}
    clean, found = places.check_details({**typed, "opening_hours": opening_hours})
    problems = {field: sentence(problem) for field, problem in found.items()}
    problems.update(hours_problems)
    if not (values.get("category") or "").strip():
        problems["category"] = _("Choose what kind of place it is.")
    _check_contact(values, clean, problems)
    why = (values.get("why") or "").strip()
    if len(why) > MAX_WHY:
        problems["why"] = _(
            "Say why you want to join in %(most)d characters or fewer (you wrote %(count)d).",
            most=MAX_WHY,
            count=len(why),
        )
    if "postcode" not in problems:
        try:
            position = positions.from_postcode(locator, clean["postcode"])
        except positions.NotFound as error:
            problems["postcode"] = str(error)
        else:
            district = districts.find(position.lat, position.lon)
            clean.update(position.values(), district_code=district.code if district else None)
    return clean, why, problems


def _check_contact(values: Mapping, clean: dict, problems: dict[str, str]) -> None:
    """The contact person: a name and an email address, and a phone number if given."""
    contact = {
        field: (values.get(field) or "").strip()
        for field in ("contact_name", "contact_email", "contact_phone")
    }
    if not contact["contact_name"]:
        problems["contact_name"] = _("Enter the name of the person we can contact.")
    if not contact["contact_email"]:
        problems["contact_email"] = _(
            "Enter an email address for the person we can contact, like name@example.org."
        )
    elif not auth.EMAIL.fullmatch(contact["contact_email"]):
        problems["contact_email"] = _(
            "“%(typed)s” is not an email address. Write it like name@example.org.",
            typed=contact["contact_email"],
        )
    for field, limit in MAX_CONTACT.items():
        if len(contact[field]) > limit:
            problems[field] = _(
                "This must be %(most)d characters or fewer (you wrote %(count)d).",
                most=limit,
                count=len(contact[field]),
            )
    clean.update(contact, contact_phone="")
    if contact["contact_phone"]:
        try:
            clean["contact_phone"] = places.tidy_phone(contact["contact_phone"])
        except ValueError as error:
            problems["contact_phone"] = sentence(str(error))


def apply(db: Database, clean: dict, why: str) -> int:
    """Add an application as an applied place; returns its id.

    There is no column for why the place wants to join: the note is kept in the audit trail's
    entry for the place's creation, written in the same transaction.
    """
    with writing(db):
        place_id = places.create(db, clean, by=APPLICATION_FORM, status="applied")
        if why:
            db.execute(
                "UPDATE audit SET after = json_set(after, '$.why', ?) WHERE id = "
                "(SELECT max(id) FROM audit WHERE entity = 'places' AND entity_id = ? AND action = 'create')",
                [why, place_id],
            )
    return place_id


def applications(db: Database) -> list[dict]:
    """Places waiting for a decision, oldest application first, each with its `why` note."""
    return list(
        db.query(
            "SELECT places.*, (SELECT json_extract(after, '$.why') FROM audit WHERE entity = 'places' "
            "AND entity_id = places.id AND action = 'create') AS why "
            "FROM places WHERE status = 'applied' ORDER BY created_at, id"
        )
    )


def _waiting(db: Database, place_id: int) -> dict:
    """The applied place with this id; ChangeRefused if it is no longer waiting."""
    place = places.by_id(db, place_id)
    if place["status"] != "applied":
        raise places.ChangeRefused(f"{place['name']} is not waiting for a decision: it is {place['status']}.")
    return place


def check_approval(values: Mapping, place: Mapping, districts: Districts) -> tuple[dict, str, dict[str, str]]:
    """Check an approval as typed. Returns ({position columns to write}, note, {field: problem}).

    Approving publishes the place, so it asks for the position in the same step: the latitude
    and longitude a person gave (by moving the pin, or typing them). The position the postcode
    gave is only a starting point: given back unchanged, it is refused (positions.given).
    A position already confirmed, or given in a file, may be approved as it is.
    """
    problems, changes = {}, {}
    note = " ".join((values.get("note") or "").split())
    if len(note) > places.MAX_REASON:
        problems["note"] = (
            f"The note must be {places.MAX_REASON} characters or fewer (you wrote {len(note)})."
        )
    lat_text, lon_text = str(values.get("latitude") or "").strip(), str(values.get("longitude") or "").strip()
    stored = positions.of_place(place)
    if not lat_text and not lon_text:
        problems["position"] = (
            places.GIVE_THE_POSITION
            if stored and stored.trusted
            else positions.not_public_because(stored, place["name"])
        )
        return changes, note, problems
    try:
        position = positions.given(*places.typed_position(lat_text, lon_text), stored)
    except ValueError as error:
        problems["position"] = sentence(str(error))
        return changes, note, problems
    if why := positions.not_public_because(position, place["name"]):
        problems["position"] = why
        return changes, note, problems
    district = districts.find(position.lat, position.lon)
    changes = {**position.values(), "district_code": district.code if district else None}
    return changes, note, problems


def approve(db: Database, place_id: int, note: str, by: str, changes: dict | None = None) -> None:
    """Make an application a public place, with a note for the record ("Approved" if none).

    `changes` (from check_approval) are written in the same step: the position confirmed on
    approving, and its district. places.change_status refuses it if the position is still rough.
    """
    with writing(db):
        _waiting(db, place_id)
        places.change_status(
            db,
            place_id,
            "active",
            " ".join((note or "").split()) or APPROVED,
            by,
            expect="applied",
            changes=changes,
        )


def decline(db: Database, place_id: int, reason: str, by: str) -> None:
    """Archive an application; the reason is required, because the applicant may ask."""
    with writing(db):
        place = _waiting(db, place_id)
        if not " ".join((reason or "").split()):
            raise places.ChangeRefused(f"Give the reason for declining {place['name']}.")
        places.change_status(db, place_id, "archived", reason, by, expect="applied")
