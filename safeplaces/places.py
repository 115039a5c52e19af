"""Keep Safe Places: the rules for a place's details, its slug, and what the public may see."""

import json
from datetime import timedelta

import phonenumbers
from slugify import slugify

from . import audit, hours, locate

CATEGORIES = (
    "library", "council office", "shop", "café", "pharmacy", "supermarket", "leisure centre",
    "police station", "community centre", "museum", "bus station", "health centre",
    "place of worship", "bank", "post office", "pub", "other",
)
STATUSES = ("applied", "active", "suspended", "archived")
MAX_LENGTH = {"name": 120, "address": 200, "town": 80, "phone": 40, "opening_hours": 255}
SLUG_MAX = 80
MAP_LIMIT = 2000  # the most places one map page shows

# Everything the public pages and the API may show. Contact details and the review
# records are deliberately absent.
PUBLIC_FIELDS = (
    "id", "slug", "name", "category", "address", "town", "postcode", "district_code",
    "lat", "lon", "phone", "website", "easy_read_description", "opening_hours", "facilities",
)

# The whole United Kingdom with a margin: a venue outside it has a mistyped position.
UK_BOUNDS = {"lat": (49.8, 60.95), "lon": (-8.7, 1.8)}


def category_of(text):
    """The category named by text, matched without case or accents; None if unknown."""
    wanted = slugify(text)
    if not wanted:
        return "other"
    return next((c for c in CATEGORIES if slugify(c) == wanted), None)


def tidy_phone(text):
    """A UK phone number written the usual way (0116 496 0123); ValueError if it is not one."""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(f"the phone number {text!r} is not a UK phone number, for example 0116 496 0123")
    if number.country_code != 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def check_details(values):
    """Check a place's details as typed. Returns (clean values, {field: problem})."""
    text = {key: (values.get(key) or "").strip() for key in
            ("name", "address", "town", "postcode", "latitude", "longitude", "phone",
             "opening_hours", "category")}
    clean, problems = {}, {}
    for field in ("name", "address", "town"):
        if not text[field]:
            problems[field] = f"the {field} is missing"
    for field, limit in MAX_LENGTH.items():
        if len(text[field]) > limit:
            problems[field] = f"the {field.replace('_', ' ')} is longer than {limit} characters"
    clean.update({f: text[f] for f in ("name", "address", "town", "opening_hours")})

    postcode = locate.tidy_postcode(text["postcode"])
    if postcode is None:
        problems["postcode"] = (f"{text['postcode']!r} is not a full UK postcode, for example LE1 5FQ"
                                if text["postcode"] else "the postcode is missing")
    clean["postcode"] = postcode

    _check_position(text, clean, problems)

    clean["phone"] = ""
    if text["phone"]:
        try:
            clean["phone"] = tidy_phone(text["phone"])
        except ValueError as error:
            problems["phone"] = str(error)

    if "opening_hours" not in problems and (reason := hours.problem(text["opening_hours"])):
        problems["opening_hours"] = reason

    clean["category"] = category_of(text["category"])
    if clean["category"] is None:
        problems["category"] = (f"{text['category']!r} is not a category we know; use one of: "
                                + ", ".join(CATEGORIES))
    return clean, problems


def _check_position(text, clean, problems):
    """Latitude and longitude: both or neither, numbers, and inside the UK."""
    clean["lat"] = clean["lon"] = None
    if not text["latitude"] and not text["longitude"]:
        return
    try:
        lat, lon = locate.parse_lat_lon(text["latitude"], text["longitude"])
    except locate.LocateError as error:
        problems["position"] = error.message
        return
    (south, north), (west, east) = UK_BOUNDS["lat"], UK_BOUNDS["lon"]
    if not (south <= lat <= north and west <= lon <= east):
        problems["position"] = (f"the position {lat}, {lon} is not in the UK "
                                "(are latitude and longitude the right way round?)")
        return
    clean["lat"], clean["lon"] = lat, lon


def unique_slug(name, town, taken):
    """A readable, stable slug for the place's public address, not in `taken`; adds it there."""
    base = slugify(f"{name} {town}", max_length=SLUG_MAX, word_boundary=True) or "place"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def public(row):
    """The public view of a place row."""
    place = {field: row[field] for field in PUBLIC_FIELDS}
    place["facilities"] = json.loads(row["facilities"] or "[]")
    return place


def active_by_slug(db, slug):
    """The active place with this slug, or None."""
    rows = list(db.query("SELECT * FROM places WHERE slug = ? AND status = 'active'", [slug]))
    return rows[0] if rows else None


def active_by_id(db, place_id):
    rows = list(db.query("SELECT * FROM places WHERE id = ? AND status = 'active'", [place_id]))
    return rows[0] if rows else None


def demo_is_shown(db):
    """True while any demonstration place is public, so every page can say so."""
    return bool(db.execute(
        "SELECT 1 FROM places WHERE is_demo = 1 AND status = 'active' LIMIT 1").fetchone())


def all_active(db):
    """Every active place with a position, by town and name, for the map page."""
    return list(db.query("SELECT * FROM places WHERE status = 'active' AND lat IS NOT NULL "
                         f"ORDER BY town, name LIMIT {MAP_LIMIT}"))


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


class ChangeRefused(ValueError):
    """A change to a place that the rules do not allow; the message says why."""


def by_id(db, place_id):
    """The place with this id, whatever its status, or None."""
    rows = list(db.query("SELECT * FROM places WHERE id = ?", [place_id]))
    return rows[0] if rows else None


def create(db, values, by, status="active"):
    """Add a place from checked values (with lat, lon and district_code); returns its id."""
    at = audit.now()
    taken = {row[0] for row in db.execute("SELECT slug FROM places")}
    row = {**values, "slug": unique_slug(values["name"], values["town"], taken), "status": status,
           "created_at": at, "updated_at": at, "updated_by": by}
    with db.atomic():
        place_id = db["places"].insert(row).last_pk
        audit.record(db, by, "create", "places", place_id, None, row)
    return place_id


def update(db, place_id, values, by):
    """Change a place's details, auditing what changed; returns the changed fields."""
    with db.atomic():
        current = by_id(db, place_id)
        changed = {key: value for key, value in values.items() if current[key] != value}
        if changed:
            db["places"].update(place_id, {**changed, "updated_at": audit.now(), "updated_by": by})
            audit.record(db, by, "edit", "places", place_id, {k: current[k] for k in changed}, changed)
    return changed


def change_status(db, place_id, status, reason, by):
    """Move a place along its lifecycle, with a reason, in the audit trail."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ChangeRefused("Give a reason for the change.")
    if len(reason) > MAX_REASON:
        raise ChangeRefused(f"The reason must be {MAX_REASON} characters or fewer.")
    with db.atomic():
        current = by_id(db, place_id)
        action = TRANSITIONS.get((current["status"], status))
        if action is None:
            raise ChangeRefused(f"A place that is {current['status']} cannot be made {status}.")
        db["places"].update(place_id, {"status": status, "updated_at": audit.now(), "updated_by": by})
        audit.record(db, by, action, "places", place_id, {"status": current["status"]},
                     {"status": status, "reason": reason})


def in_status(db, status):
    """Places with this status, oldest change first."""
    return list(db.query("SELECT * FROM places WHERE status = ? ORDER BY updated_at, id", [status]))


def reviews_due(db, today, within_days):
    """Active places whose review is overdue or due within `within_days`, soonest first."""
    until = (today + timedelta(days=within_days)).isoformat()
    return list(db.query("SELECT * FROM places WHERE status = 'active' AND next_review_due IS NOT NULL "
                         "AND next_review_due <= ? ORDER BY next_review_due, name", [until]))
