"""Keep Safe Places: the rules for a place's details, its slug, and what the public may see."""

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from urllib.parse import urlsplit

import phonenumbers
from slugify import slugify
from sqlite_utils import Database

from . import audit, auth, hours, locate, positions, week_table
from .clock import stamp
from .dates import long_date, parse_date
from .i18n import N_, _
from .text import capitalised, sentence
from .transaction import writing

# Stored in English; N_ marks each for translation where a page shows it (category_words).
CATEGORIES = (
    N_("library"),
    N_("council office"),
    N_("shop"),
    N_("café"),
    N_("pharmacy"),
    N_("supermarket"),
    N_("leisure centre"),
    N_("police station"),
    N_("community centre"),
    N_("museum"),
    N_("bus station"),
    N_("health centre"),
    N_("place of worship"),
    N_("bank"),
    N_("post office"),
    N_("pub"),
    N_("other"),
)
CATEGORY_SLUGS = {slugify(category): category for category in CATEGORIES}


def category_words(category: str) -> str:
    """A category as a page shows it, in the reader's language, with a capital: "Library"."""
    return capitalised(_(category))


STATUSES = ("applied", "active", "suspended", "archived")


@dataclass(frozen=True)
class Detail:
    """A detail of a place that people type: what it is called, and its rules if plain text."""

    words: str  # in messages ("the name is missing") and, capitalised, in the place's history
    max_length: int | None = None
    required: bool = False


# Every detail of a place a person types, in the order the forms ask for them, each declared
# once. A new plain-text detail is a line here (with its column, in a migration in db.py) and
# a line in the form that asks for it (web/manage_places.PlaceForm); check_place_form,
# form_values_of and the history words all follow from this table.
DETAILS = {
    "name": Detail(N_("name"), 120, required=True),
    "address": Detail(N_("address"), 200, required=True),
    "town": Detail(N_("town"), 80, required=True),
    "postcode": Detail("postcode"),
    "category": Detail("category"),
    "phone": Detail(N_("phone"), 40),
    "website": Detail("website", 200),
    "opening_hours": Detail(N_("opening hours"), 255),
    "facilities": Detail("facilities"),
    "easy_read_description": Detail("easy-read description", 300),
    "contact_name": Detail("contact's name", 120),
    "contact_email": Detail("contact's email address", 254),
    "contact_phone": Detail("contact's phone number"),
    "sticker_displayed": Detail("sticker displayed"),
    "staff_trained_on": Detail("staff trained on"),
    "next_review_due": Detail("next review due"),
}
# What check_details reads: the details an import row or an application gives.
SHARED = (
    "name",
    "address",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "phone",
    "opening_hours",
    "category",
)
SLUG_MAX = 80

# Everything the public pages and the API may show. Contact details and the review
# records are deliberately absent.
PUBLIC_FIELDS = (
    "id",
    "slug",
    "name",
    "category",
    "address",
    "town",
    "postcode",
    "district_code",
    "lat",
    "lon",
    "phone",
    "website",
    "easy_read_description",
    "opening_hours",
    "facilities",
)

# The whole United Kingdom with a margin: a venue outside it has a mistyped position.
UK_BOUNDS = {"lat": (49.8, 60.95), "lon": (-8.7, 1.8)}


@cache
def category_of(text: str | None) -> str | None:
    """The category named by text, matched without case or accents; None if unknown.

    Cached: an import asks for the same few names for every row, and slugify is slow.
    """
    wanted = slugify(text)
    if not wanted:
        return "other"
    return CATEGORY_SLUGS.get(wanted)


def tidy_phone(text: str) -> str:
    """A UK phone number written the usual way (0116 496 0123); ValueError if it is not one."""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number) or number.country_code != 44:
        raise ValueError(
            # Translators: %(typed)s is what was typed, in quotes.
            _(
                "the phone number %(typed)s is not a UK phone number, for example 0116 496 0123",
                typed=repr(text),
            )
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def check_details(values: Mapping) -> tuple[dict, dict[str, str]]:
    """Check a place's details as typed. Returns (clean values, {field: problem})."""
    text = {key: (values.get(key) or "").strip() for key in SHARED}
    clean, problems = {}, {}
    _check_text(text, ("name", "address", "town", "phone", "opening_hours"), problems)
    if text["name"] and "name" not in problems and not any(ch.isalnum() for ch in text["name"]):
        # Its public address (slug) would be made of the town alone.
        problems["name"] = _("the name must have a letter or a number in it")
    clean.update({f: text[f] for f in ("name", "address", "town", "opening_hours")})

    postcode = locate.tidy_postcode(text["postcode"])
    if postcode is None:
        problems["postcode"] = (
            _("%(typed)s is not a full UK postcode, for example LE1 5FQ", typed=repr(text["postcode"]))
            if text["postcode"]
            else _("the postcode is missing")
        )
    clean["postcode"] = postcode

    _check_position(text, clean, problems)

    clean["phone"] = ""
    if text["phone"] and "phone" not in problems:
        try:
            clean["phone"] = tidy_phone(text["phone"])
        except ValueError as error:
            problems["phone"] = str(error)

    if "opening_hours" not in problems:
        try:
            clean["opening_hours"] = hours.read(text["opening_hours"]).text
        except hours.HoursError as error:
            problems["opening_hours"] = str(error)

    clean["category"] = category_of(text["category"])
    if clean["category"] is None:
        problems["category"] = _(
            "%(typed)s is not a category we know; use one of: %(kinds)s",
            typed=repr(text["category"]),
            kinds=", ".join(_(category) for category in CATEGORIES),
        )
    return clean, problems


def _check_text(text: dict[str, str], fields: Iterable[str], problems: dict[str, str]) -> None:
    """The rules DETAILS gives for plain text: required, and no longer than its limit."""
    for field in fields:
        detail = DETAILS[field]
        if detail.required and not text[field]:
            problems[field] = _("the %(detail)s is missing", detail=_(detail.words))
        elif detail.max_length and len(text[field]) > detail.max_length:
            problems[field] = _(
                "the %(detail)s is longer than %(most)d characters",
                detail=_(detail.words),
                most=detail.max_length,
            )


def _check_position(text: dict[str, str], clean: dict, problems: dict[str, str]) -> None:
    """Latitude and longitude: both or neither, numbers, and inside the UK."""
    clean["lat"] = clean["lon"] = None
    if not text["latitude"] and not text["longitude"]:
        return
    try:
        clean["lat"], clean["lon"] = typed_position(text["latitude"], text["longitude"])
    except ValueError as error:
        problems["position"] = str(error)


def typed_position(lat_text: str, lon_text: str) -> tuple[float, float]:
    """(lat, lon) from the two boxes; ValueError saying plainly what is wrong (also if not in the UK)."""
    try:
        lat, lon = locate.parse_lat_lon(lat_text, lon_text)
    except locate.LocateError as error:
        raise ValueError(str(error)) from None
    (south, north), (west, east) = UK_BOUNDS["lat"], UK_BOUNDS["lon"]
    if not (south <= lat <= north and west <= lon <= east):
        raise ValueError(
            f"the position {lat}, {lon} is not in the UK (are latitude and longitude the right way round?)"
        )
    return lat, lon


def unique_slug(name: str, town: str | None, taken: set) -> str:
    """A readable, stable slug for the place's public address, not in `taken`; adds it there."""
    base = slugify(f"{name} {town}", max_length=SLUG_MAX, word_boundary=True) or "place"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def public(row: Mapping) -> dict:
    """The public view of a place row. A website is kept only if it is safe to link to."""
    place = {field: row[field] for field in PUBLIC_FIELDS}
    place["facilities"] = json.loads(row["facilities"] or "[]")
    place["website"] = row["website"] if is_safe_link(row["website"] or "") else ""
    return place


def is_safe_link(text: str) -> bool:
    """True if text is an http(s) address that can be put in a public page's link as it is.

    The place form checks a website when it is typed; this checks again on the way out, for rows
    that came in another way: no control, invisible or direction-changing characters.
    """
    return text.isprintable() and _is_web_address(text)


def active_by_slug(db: Database, slug: str) -> dict | None:
    """The active place with this slug, or None."""
    rows = list(db.query("SELECT * FROM public_places WHERE slug = ?", [slug]))
    return rows[0] if rows else None


def active_by_id(db: Database, place_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM public_places WHERE id = ?", [place_id]))
    return rows[0] if rows else None


def demo_is_shown(db: Database) -> bool:
    """True while any demonstration place is public, so every page can say so."""
    return bool(db.execute("SELECT 1 FROM public_places WHERE is_demo = 1 LIMIT 1").fetchone())


def count_active(db: Database, up_to: int) -> int:
    """How many active places have a position, counting no further than up_to (a count of all
    of them reads every row: 100 ms at 130,000 places)."""
    return db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM public_places LIMIT ?)",
        [up_to],
    ).fetchone()[0]


def all_active(db: Database) -> list[dict]:
    """Every active place with a position, by town and name, for the map page."""
    return list(db.query("SELECT * FROM public_places ORDER BY town, name, id"))


# (from, to): what the change is called in the audit trail.
TRANSITIONS = {
    ("applied", "active"): "approve",
    ("applied", "archived"): "decline",
    ("active", "suspended"): "suspend",
    ("suspended", "active"): "reinstate",
    ("active", "archived"): "archive",
    ("suspended", "archived"): "archive",
    ("archived", "active"): "reinstate",
}
MAX_REASON = 500
CHANGED_MEANWHILE = (
    "Someone else changed this place after you opened the form, so your changes are not saved."
)


class ChangeRefused(ValueError):
    """A change to a place that the rules do not allow; the message says why."""


class PositionNotPublic(ChangeRefused):
    """The change would make a place public at a position the public may not see (positions.py)."""


def by_id(db: Database, place_id: int) -> dict | None:
    """The place with this id, whatever its status, or None."""
    rows = list(db.query("SELECT * FROM places WHERE id = ?", [place_id]))
    return rows[0] if rows else None


def remove_demonstration(db: Database) -> tuple[int, list[str]]:
    """Delete every demonstration place with everything recorded about it, in one transaction.

    Demonstration places are not real venues, so unlike real ones they are deleted rather than
    archived. Returns how many were deleted and the names of their photos, which the caller
    deletes from the photo folder once this has been committed.
    """
    demo = "(SELECT id FROM places WHERE is_demo = 1)"
    with writing(db):
        photos = [row[0] for row in db.execute(f"SELECT photo FROM places WHERE id IN {demo} AND photo")]
        count = db.execute(f"SELECT count(*) FROM places WHERE id IN {demo}").fetchone()[0]
        db.execute(f"DELETE FROM audit WHERE entity = 'places' AND entity_id IN {demo}")
        visits = f"(SELECT id FROM visits WHERE place_id IN {demo})"
        db.execute(
            f"DELETE FROM audit WHERE entity = 'checks' AND entity_id IN (SELECT id FROM checks WHERE place_id IN {demo})"
        )
        db.execute(f"DELETE FROM audit WHERE entity = 'visits' AND entity_id IN {visits}")
        db.execute(f"DELETE FROM visit_outcomes WHERE visit_id IN {visits}")
        db.execute(f"DELETE FROM checks WHERE place_id IN {demo}")
        db.execute(f"DELETE FROM visits WHERE place_id IN {demo}")
        db.execute("DELETE FROM places WHERE is_demo = 1")
    return count, photos


def new_uuid() -> str:
    """A new place's one stable identity for the Open Referral feed (see openreferral.py)."""
    return str(uuid.uuid4())


def _refuse_if_rough(name: str, status: str, position: positions.Position | None) -> None:
    """ChangeRefused unless an active place's position may be public (see positions.py)."""
    if status == "active" and (why := positions.not_public_because(position, name)):
        raise PositionNotPublic(why)


def _position_after(current: Mapping | None, values: Mapping) -> positions.Position | None:
    """The position a place will have once `values` are written over `current` (None: a new place)."""
    merged = {
        key: (current[key] if current else None) for key in ("lat", "lon", "position_source", "postcode")
    }
    merged.update({key: values[key] for key in merged if key in values})
    return positions.of_place(merged)


def create(
    db: Database,
    values: dict,
    by: str,
    status: str = "active",
    *,
    action: str = "create",
    taken: set | None = None,
) -> int:
    """Add a place from checked values (with lat, lon, position_source and district_code); returns its id.

    ChangeRefused if it would be active at a position the public may not see. The importer
    passes its own audit action ("import: create") and the slugs taken so far (kept up to date
    here), so that adding thousands of places does not read every slug for each one.
    """
    _refuse_if_rough(values["name"], status, _position_after(None, values))
    at = stamp()
    with writing(db):
        # Slugs are read under the write lock: two saves at once must not pick the same one.
        if taken is None:
            taken = {row[0] for row in db.execute("SELECT slug FROM places")}
        row = {
            **values,
            "slug": unique_slug(values["name"], values["town"], taken),
            "uuid": new_uuid(),
            "status": status,
            "created_at": at,
            "updated_at": at,
            "updated_by": by,
        }
        taken.add(row["slug"])
        columns = list(row)
        place_id = db.execute(
            f"INSERT INTO places ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[column] for column in columns],
        ).lastrowid
        audit.record(db, by, action, "places", place_id, None, row)
    return place_id


def update(
    db: Database,
    place_id: int,
    values: dict,
    by: str,
    expect_updated_at: str | None = None,
    *,
    action: str = "edit",
    current: dict | None = None,
) -> dict:
    """Change a place's details, auditing what changed; returns the changed fields.

    With expect_updated_at (the place's updated_at when its form was opened), ChangeRefused if
    anyone has changed the place since, so a form never silently undoes someone else's change.
    ChangeRefused, too, if an active place would be left at a position the public may not see.
    The importer passes its own audit action ("import: update") and the place as it read it
    inside its own transaction (current), so the place is not read twice.
    """
    with writing(db):
        current = current or by_id(db, place_id)
        if expect_updated_at is not None and current["updated_at"] != expect_updated_at:
            raise ChangeRefused(CHANGED_MEANWHILE)
        changed = {key: value for key, value in values.items() if current[key] != value}
        _refuse_if_rough(
            values.get("name", current["name"]), current["status"], _position_after(current, changed)
        )
        if changed:
            written = {**changed, "updated_at": stamp(), "updated_by": by}
            db.execute(
                f"UPDATE places SET {', '.join(f'{column} = ?' for column in written)} WHERE id = ?",
                [*written.values(), place_id],
            )
            audit.record(db, by, action, "places", place_id, {k: current[k] for k in changed}, changed)
    return changed


def change_status(
    db: Database,
    place_id: int,
    status: str,
    reason: str,
    by: str,
    expect: str | None = None,
    changes: dict | None = None,
) -> None:
    """Move a place along its lifecycle, with a reason, in the audit trail.

    With expect (the status the person deciding saw), ChangeRefused if it is not the status now.
    `changes` are details written with the change, in the same entry of the history (approving
    an application writes the position confirmed with it). Making a place active is refused
    unless its position may be public (positions.TRUSTED).
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise ChangeRefused("Give a reason for the change.")
    if len(reason) > MAX_REASON:
        raise ChangeRefused(f"The reason must be {MAX_REASON} characters or fewer.")
    with writing(db):
        current = by_id(db, place_id)
        if expect is not None and current["status"] != expect:
            raise ChangeRefused(
                f"This place changed while you were looking at it: it is now "
                f"{current['status']}. Look again before changing it."
            )
        action = TRANSITIONS.get((current["status"], status))
        if action is None:
            raise ChangeRefused(f"A place that is {current['status']} cannot be made {status}.")
        changed = {key: value for key, value in (changes or {}).items() if current[key] != value}
        _refuse_if_rough(current["name"], status, _position_after(current, changed))
        db["places"].update(place_id, {**changed, "status": status, "updated_at": stamp(), "updated_by": by})
        audit.record(
            db,
            by,
            action,
            "places",
            place_id,
            {"status": current["status"], **{key: current[key] for key in changed}},
            {"status": status, "reason": reason, **changed},
        )


def reviews_due(db: Database, today: date, within_days: int) -> list[dict]:
    """Active places whose review is overdue or due within `within_days`, soonest first."""
    until = (today + timedelta(days=within_days)).isoformat()
    return list(
        db.query(
            "SELECT * FROM places WHERE status = 'active' AND next_review_due IS NOT NULL "
            "AND next_review_due <= ? ORDER BY next_review_due, name",
            [until],
        )
    )


# The registrar's place form: the fields beyond check_details, their rules and their words.

FACILITIES = (
    N_("step-free access"),
    N_("accessible toilet"),
    N_("quiet space"),
    N_("seating"),
    N_("hearing loop"),
    N_("Changing Places"),
)
DATE_EXAMPLE = "23 November 2026 or 23/11/2026"
DATE_WORDS = {
    "staff_trained_on": "the date staff were trained",
    "next_review_due": "the date of the next review",
}
# The details check_place_form reads with rules of their own; every other detail is plain text.
RULED = (*SHARED, "category", "facilities", "sticker_displayed", "contact_phone", *DATE_WORDS)
# How to say what happens on bank holidays, for hours that leave them out (hours' docstring).
SAY_BANK_HOLIDAYS = (
    "Add “PH off” if the place is closed on bank holidays, or its bank holiday hours, such as "
    "“PH 10:00-16:00”."
)
HOURS = "hours"  # the week table's boxes come as values["hours"]; their problems as "hours-mo_opens"
BOTH_CHANGED = (
    "You changed both the week table and the OpenStreetMap text. Change only one of them: "
    "the other is filled in from it when the place is saved."
)
STATUS_WORDS = {
    "applied": "Applied: waiting to be approved",
    "active": "Active: shown to the public",
    "suspended": "Suspended: hidden from the public for now",
    "archived": "Archived: closed or left the scheme",
}
# What each change of status is called on the buttons that make it.
TRANSITION_WORDS = {
    "approve": "Approve: make it active, shown to the public",
    "decline": "Decline the application (it is archived)",
    "suspend": "Suspend: hide it from the public for now",
    "reinstate": "Reinstate: make it active, shown to the public again",
    "archive": "Archive: it has closed or left the scheme",
}
# The place's history names each stored column: the details by their words, and the rest.
FIELD_WORDS = {
    **{field: capitalised(detail.words) for field, detail in DETAILS.items()},
    "district_code": "District",
    "lat": "Latitude",
    "lon": "Longitude",
    "position_source": "Position",
    "photo": "Photo of the entrance",
    "status": "Status",
    "slug": "Public address",
    "is_demo": "Demonstration place",
}
ACTION_WORDS = {
    "create": "Added",
    "edit": "Edited",
    "approve": "Approved",
    "decline": "Declined",
    "suspend": "Suspended",
    "reinstate": "Reinstated",
    "archive": "Archived",
    "check": "Check recorded",
    "import: create": "Added by an import",
    "import: update": "Changed by an import",
}
REGISTER_PAGE = 50
EMAIL = auth.EMAIL  # one rule everywhere: an address that passed the application form must pass this one


def check_place_form(
    values: Mapping, today: date | None = None, current: Mapping | None = None
) -> tuple[dict, dict[str, str]]:
    """Check the registrar's place form. Returns (clean values, {field: problem in a sentence}).

    `current` is the stored place being edited, None for a new one (which will be active).
    The shared fields go through check_details; "position" names a problem with latitude and
    longitude, which are required: see _settle_position. Opening hours come from the week table
    or the OpenStreetMap text (hours_of_form).
    """
    opening_hours, hours_problems = hours_of_form(values, advanced=True)
    clean, problems = check_details({**values, "opening_hours": opening_hours})
    problems.update(hours_problems)
    text = {key: str(values.get(key) or "").strip() for key in DETAILS if key != "facilities"}
    if not text["category"]:
        problems["category"] = "choose the category"
    plain = [field for field in DETAILS if field not in RULED]
    _check_text(text, plain, problems)
    clean.update({field: text[field] for field in plain})
    if text["website"] and "website" not in problems and not _is_web_address(text["website"]):
        problems["website"] = (
            "the website must be a web address starting with https:// or http://, "
            "for example https://www.example.org"
        )
    if (
        text["contact_email"]
        and "contact_email" not in problems
        and not EMAIL.fullmatch(text["contact_email"])
    ):
        problems["contact_email"] = "the contact's email address must look like name@example.org"
    clean["contact_phone"] = ""
    if text["contact_phone"]:
        try:
            clean["contact_phone"] = tidy_phone(text["contact_phone"])
        except ValueError:
            problems["contact_phone"] = (
                "the contact's phone number is not a UK phone number, for example 0116 496 0123"
            )
    chosen = values.get("facilities") or []
    chosen = [chosen] if isinstance(chosen, str) else list(chosen)
    if set(chosen) - set(FACILITIES):
        problems["facilities"] = "choose facilities from the list"
    clean["facilities"] = json.dumps([f for f in FACILITIES if f in chosen])
    clean["sticker_displayed"] = int(values.get("sticker_displayed") in (True, 1, "1", "y", "yes", "on"))
    for field, words in DATE_WORDS.items():
        clean[field] = None
        if text[field]:
            day = parse_date(text[field])
            if day is None or not 1900 <= day.year <= 2200:
                problems[field] = f"{words} must be a real date, for example {DATE_EXAMPLE}"
            else:
                clean[field] = day.isoformat()
    if today and clean["staff_trained_on"] and clean["staff_trained_on"] > today.isoformat():
        problems["staff_trained_on"] = f"{DATE_WORDS['staff_trained_on']} must be today or in the past"
    _settle_position(clean, problems, current)
    return clean, {field: sentence(problem) for field, problem in problems.items()}


GIVE_THE_POSITION = "Give the position: put the pin on the place’s door, or type its latitude and longitude."


def _settle_position(clean: dict, problems: dict[str, str], current: Mapping | None) -> None:
    """The position to save, and how it was found; a problem if it is missing or cannot be public.

    A point the same as the stored one keeps its source (positions.given), so saving a form
    unchanged confirms nothing; a new point is confirmed by the person who gave it. A new place,
    and an active one, must end with a position the public may see.
    """
    clean["position_source"] = None
    if clean["lat"] is None:
        problems.setdefault("position", GIVE_THE_POSITION)
        return
    position = positions.given(clean["lat"], clean["lon"], positions.of_place(current))
    clean.update(position.values())
    status = current["status"] if current else "active"
    if status == "active" and (why := positions.not_public_because(position, clean["name"] or "This place")):
        problems["position"] = why


def hours_of_form(values: Mapping, advanced: bool = False) -> tuple[str, dict[str, str]]:
    """(opening_hours text, {field: problem}) from a form's week table, or its OpenStreetMap text.

    The application form has only the week table (values["hours"]). The place form also has
    the text, as an advanced box ("opening_hours"), and the text it showed when it was opened
    ("opening_hours_shown"): whichever of the two the registrar changed is used, and the other
    follows when the place is saved; both changed is a problem; neither keeps the text as it was,
    however the table would write it. A stored text that leaves out bank holidays shows the
    table with no bank holiday choice: that is a problem only if the table was changed.
    """
    week, found = week_table.read(values.get(HOURS) or {}, unsaid_holidays=advanced)
    problems = {f"{HOURS}-{box}": message for box, message in found.items()}
    if not advanced:
        return week_table.text_of(week), problems
    shown = str(values.get("opening_hours_shown") or "").strip()
    typed = str(values.get("opening_hours") or "").strip()
    try:
        table_changed = bool(problems) or week != week_table.week_of(shown)
    except week_table.NotATable:
        table_changed = bool(problems) or week is not None
    if typed != shown:
        return typed, {"opening_hours": BOTH_CHANGED} if table_changed else {}
    if not table_changed:
        return shown, {}
    if week is not None and week.holiday == week_table.NOT_SAID:
        problems[f"{HOURS}-ph"] = week_table.choose_holidays()
    return week_table.text_of(week), problems


def hours_read_as(values: Mapping) -> str | None:
    """The stored opening hours, when the registrar typed the text and it is stored differently.

    So the place form can say "We read the opening hours as: Mo-Fr 09:00-17:00" (hours.read
    turns "Mon-Fri 9am-5pm" into that); None when the text was not typed or is stored as typed.
    """
    shown = str(values.get("opening_hours_shown") or "").strip()
    typed = str(values.get("opening_hours") or "").strip()
    if typed == shown or not typed:
        return None
    try:
        reading = hours.read(typed)
    except hours.HoursError:
        return None
    return reading.text if reading.changed else None


def bank_holidays_left_out(text: str) -> str | None:
    """What the place form says when the stored hours leave out bank holidays; None if they do not."""
    if not text or hours.says_bank_holidays(text):
        return None
    return (
        "The opening hours do not say whether the place opens on bank holidays, so on a bank "
        f"holiday the site says its times are not known. {SAY_BANK_HOLIDAYS} In the week table, "
        "that is the bank holidays row."
    )


def hours_table(text: str) -> tuple[dict[str, str], str | None]:
    """The week table's boxes for a stored opening_hours text, and why the table cannot show it (or None)."""
    try:
        return week_table.boxes_of(week_table.week_of(text)), None
    except week_table.NotATable as why:
        return week_table.boxes_of(None), str(why)


def _is_web_address(text: str) -> bool:
    """True if text is an http or https address with a host name, and no spaces."""
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(host)
        and "." in host
        and not any(c.isspace() for c in text)
    )


def form_values_of(row: Mapping) -> dict:
    """A stored place as its form shows it, for editing, with the updated_at it was read at."""
    values = {field: row[field] for field in DETAILS}
    values.update(
        latitude=positions.as_typed(row["lat"]),
        longitude=positions.as_typed(row["lon"]),
        facilities=json.loads(row["facilities"] or "[]"),
        sticker_displayed=bool(row["sticker_displayed"]),
        staff_trained_on=long_date(row["staff_trained_on"]),
        next_review_due=long_date(row["next_review_due"]),
        hours=hours_table(row["opening_hours"])[0],
        opening_hours_shown=row["opening_hours"],
        updated_at=row["updated_at"],
    )
    return {key: "" if value is None else value for key, value in values.items()}


def fts_query(text: str | None) -> str | None:
    """An FTS5 query matching every word of text as a prefix; None if it has no words.

    Each word is quoted, so what a registrar types (quotes, -, *, OR) is never FTS5 syntax.
    """
    words = re.findall(r"\w+", text or "")
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words) or None


def register_page(
    db: Database, text: str = "", status: str | None = None, page: int = 1, per_page: int = REGISTER_PAGE
) -> tuple[list[dict], int]:
    """(places, total) for one page of the register, any status, by name; searched by name,
    town and address when text has words, and only the given status if one is named."""
    where, args = [], []
    query = fts_query(text)
    if query:
        where.append("places.id IN (SELECT rowid FROM places_fts WHERE places_fts MATCH ?)")
        args.append(query)
    if status in STATUSES:
        where.append("places.status = ?")
        args.append(status)
    condition = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT count(*) FROM places {condition}", args).fetchone()[0]
    rows = list(
        db.query(
            f"SELECT * FROM places {condition} ORDER BY name COLLATE NOCASE, town, id LIMIT ? OFFSET ?",
            [*args, per_page, (max(page, 1) - 1) * per_page],
        )
    )
    return rows, total


def allowed_changes(status: str) -> dict[str, str]:
    """{new status: action} for the changes TRANSITIONS allows from `status`."""
    return {to: action for (start, to), action in TRANSITIONS.items() if start == status}


def value_words(
    field: str, value: object, district_name: Callable[[str | None], str] | None = None, after: bool = False
) -> str:
    """A stored value in words, for the place's history; after=True for the value a change made."""
    if value is None or value == "":
        return "no photo" if field == "photo" else "blank"
    if field == "facilities":
        return ", ".join(json.loads(value)) or "none"
    if field in ("sticker_displayed", "is_demo"):
        return "yes" if value else "no"
    if field in DATE_WORDS:
        return long_date(value)
    if field == "photo":
        return "a new photo" if after else "a photo"
    if field == "district_code" and district_name:
        return district_name(value) or value
    if field == "position_source":
        return positions.source_words(value)
    return str(value)


def history_words(rows: list[dict], district_name: Callable[[str | None], str] | None = None) -> list[dict]:
    """Audit rows of a place as {at, user, action, changes: [(field, before, after)], reason}."""
    entries = []
    for row in rows:
        before = json.loads(row["before"] or "null") or {}
        after = json.loads(row["after"] or "null") or {}
        reason = after.pop("reason", None)
        shown = [] if row["action"].endswith("create") else [key for key in after if key in FIELD_WORDS]
        changes = [
            (
                FIELD_WORDS[key],
                value_words(key, before.get(key), district_name),
                value_words(key, after[key], district_name, after=True),
            )
            for key in shown
        ]
        entries.append(
            {
                "at": row["at"],
                "user": row["user"],
                "reason": reason,
                "changes": changes,
                "action": ACTION_WORDS.get(row["action"], capitalised(row["action"])),
                "detail": check_words(after) if row["action"] == "check" else None,
            }
        )
    return entries


def check_words(after: Mapping) -> str:
    """A check's line in the place's history: "Annual review on 23 November 2026: passed. Notes: …"."""
    words = f"{capitalised(after['kind'])} on {long_date(after['checked_on'])}: {after['outcome']}."
    return f"{words} Notes: {after['notes']}" if after.get("notes") else words
