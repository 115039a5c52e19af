"""Looking after the register: applications to join, checks on places, the anonymous log of
visits, and the figures the manage area's dashboard reports.

An application becomes a place with status "applied", which the public never sees, until a
registrar approves it. A passed annual review or mystery-shopper visit moves the place's next
review to a year after it; a passed training check records when the staff were trained. A
failed check changes nothing by itself: the registrar decides, and the dashboard shows it.
Visits are anonymous by design: a date, a reason and what the staff did, and nothing about the
person.
"""

import json
from collections.abc import Mapping
from datetime import date, timedelta

from sqlite_utils import Database

from . import audit, auth, dates, places, positions
from .clock import stamp
from .counts import Counts, counts_of
from .dates import long_date, one_year_back, one_year_on, parse_date
from .i18n import _
from .text import sentence
from .transaction import writing

KINDS = ("training", "annual review", "mystery shopper")
REVIEWS = ("annual review", "mystery shopper")  # a pass at one of these sets the next review
RESULTS = ("passed", "failed")
REASONS = (
    "lost",
    "scared",
    "bullied or harassed",
    "hate incident",
    "unwell",
    "lost phone, money or bus pass",
    "other",
)
OUTCOMES = ("phoned the card contact", "phoned police", "phoned ambulance", "helped on the spot")
MAX_NOTES = 1000
MAX_WHY = 1000
MAX_CONTACT = {"contact_name": 120, "contact_email": 254}
APPLICATION_FORM = "application form"  # who the audit trail says made an application
APPROVED = "Approved"
OUTSIDE = "Outside the area"
REPORT_MONTHS = 12
# The details of a place that the application form asks for, as places.check_details names them
# (its opening hours come from the week table).
DETAILS = ("name", "address", "town", "postcode", "phone", "category")


def _check_date(text, what, today, problems, field):
    """The date typed for `what`, or None with the problem recorded: it must not be in the future."""
    if not (text or "").strip():
        problems[field] = f"Enter the date of the {what}, for example {dates.EXAMPLE}."
        return None
    day = parse_date(text)
    if day is None:
        problems[field] = f"“{text.strip()}” is not a date we can read. Write it like {dates.EXAMPLE}."
    elif day > today:
        problems[field] = f"The date of the {what} cannot be in the future: today is {long_date(today)}."
    elif day.year < 2000:
        problems[field] = f"The date of the {what} must be in the year 2000 or later."
    else:
        return day
    return None


# Applications


def check_application(values: Mapping, locator, districts) -> tuple[dict, str, dict[str, str]]:
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


def _check_contact(values, clean, problems):
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


def apply(db, clean, why):
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


def applications(db):
    """Places waiting for a decision, oldest application first, each with its `why` note."""
    return list(
        db.query(
            "SELECT places.*, (SELECT json_extract(after, '$.why') FROM audit WHERE entity = 'places' "
            "AND entity_id = places.id AND action = 'create') AS why "
            "FROM places WHERE status = 'applied' ORDER BY created_at, id"
        )
    )


def _waiting(db, place_id):
    """The applied place with this id; ChangeRefused if it is no longer waiting."""
    place = places.by_id(db, place_id)
    if place["status"] != "applied":
        raise places.ChangeRefused(f"{place['name']} is not waiting for a decision: it is {place['status']}.")
    return place


def check_approval(values: Mapping, place, districts) -> tuple[dict, str, dict[str, str]]:
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


def decline(db, place_id, reason, by):
    """Archive an application; the reason is required, because the applicant may ask."""
    with writing(db):
        place = _waiting(db, place_id)
        if not " ".join((reason or "").split()):
            raise places.ChangeRefused(f"Give the reason for declining {place['name']}.")
        places.change_status(db, place_id, "archived", reason, by, expect="applied")


# Checks


def check_check(values, today):
    """Check a check as typed. Returns (clean values, {field: problem})."""
    problems = {}
    kind = (values.get("kind") or "").strip()
    if kind not in KINDS:
        problems["kind"] = "Choose what kind of check it was."
    checked_on = _check_date(values.get("checked_on"), "check", today, problems, "checked_on")
    result = (values.get("result") or "").strip()
    if result not in RESULTS:
        problems["result"] = "Say whether the place passed or failed."
    notes = (values.get("notes") or "").strip()
    if len(notes) > MAX_NOTES:
        problems["notes"] = f"The notes must be {MAX_NOTES} characters or fewer (you wrote {len(notes)})."
    return {"kind": kind, "checked_on": checked_on, "passed": result == "passed", "notes": notes}, problems


def follow_on(place, check):
    """What a check changes on its place: the next review after a passed review, training dates.

    A check recorded late never moves a date backwards. A first passed training check also sets
    the first review, a year on, so that every trained place comes up for review.
    """
    changes = {}
    if not check["passed"]:
        return changes
    due = one_year_on(check["checked_on"]).isoformat()
    if check["kind"] in REVIEWS and (place["next_review_due"] or "") < due:
        changes["next_review_due"] = due
    if check["kind"] == "training":
        if (place["staff_trained_on"] or "") < check["checked_on"].isoformat():
            changes["staff_trained_on"] = check["checked_on"].isoformat()
        if not place["next_review_due"]:
            changes["next_review_due"] = due
    return changes


def record_check(db, place_id, check, by):
    """Record a checked check, audited on the check and in the place's history; returns its id."""
    row = {
        "place_id": place_id,
        "kind": check["kind"],
        "checked_on": check["checked_on"].isoformat(),
        "passed": int(check["passed"]),
        "notes": check["notes"],
        "checked_by": by,
        "created_at": stamp(),
    }
    with writing(db):
        place = places.by_id(db, place_id)
        check_id = db["checks"].insert(row).last_pk
        audit.record(db, by, "create", "checks", check_id, None, row)
        audit.record(
            db,
            by,
            "check",
            "places",
            place_id,
            None,
            {
                "check_id": check_id,
                "kind": row["kind"],
                "checked_on": row["checked_on"],
                "outcome": "passed" if row["passed"] else "failed",
                "notes": row["notes"],
            },
        )
        if changes := follow_on(place, check):
            places.update(db, place_id, changes, by)
    return check_id


def checks_of(db, place_id):
    """The checks on one place, newest first."""
    return list(
        db.query("SELECT * FROM checks WHERE place_id = ? ORDER BY checked_on DESC, id DESC", [place_id])
    )


def last_passed_review(db, place_id: int) -> date | None:
    """The date of the place's last passed annual review or mystery-shopper visit, or None.

    This is what the public page's "Checked by the scheme in <month>" says; training is not a check
    of the place by the scheme, so it does not count.
    """
    row = db.execute(
        f"SELECT max(checked_on) FROM checks WHERE place_id = ? AND passed = 1 "
        f"AND kind IN ({', '.join('?' * len(REVIEWS))})",
        [place_id, *REVIEWS],
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def failed_checks(db, today):
    """Failed checks in the year up to today, newest first, with their place's name and status."""
    return list(
        db.query(
            "SELECT checks.*, places.name, places.town, places.status FROM checks "
            "JOIN places ON places.id = checks.place_id "
            "WHERE checks.passed = 0 AND checks.checked_on > ? AND checks.checked_on <= ? "
            "ORDER BY checks.checked_on DESC, checks.id DESC",
            [one_year_back(today).isoformat(), today.isoformat()],
        )
    )


def never_trained_or_reviewed(db):
    """Active places never trained or never reviewed, by town and name, each with both flags.

    Never reviewed: no annual review or mystery-shopper check recorded, passed or failed. Such
    places have no review date unless one was typed, so "reviews overdue" alone misses them.
    """
    kinds = ", ".join("?" * len(REVIEWS))
    return list(
        db.query(
            "SELECT * FROM (SELECT places.*, staff_trained_on IS NULL AS never_trained, NOT EXISTS "
            f"(SELECT 1 FROM checks WHERE place_id = places.id AND kind IN ({kinds})) AS never_reviewed "
            "FROM places WHERE status = 'active') WHERE never_trained OR never_reviewed ORDER BY town, name, id",
            list(REVIEWS),
        )
    )


def places_to_check(db):
    """Every place not archived, by town and name, with the date of its last check."""
    return list(
        db.query(
            "SELECT places.*, (SELECT max(checked_on) FROM checks WHERE place_id = places.id) AS last_checked "
            "FROM places WHERE status != 'archived' ORDER BY town, name, id"
        )
    )


# Visits: the anonymous usage log


def check_visit(values, today):
    """Check a visit as typed. Returns (clean values, {field: problem}).

    `outcomes` is a list: the staff may have done several things (phoned the card contact and
    helped on the spot), and each is counted in the reports.
    """
    problems = {}
    visited_on = _check_date(values.get("visited_on"), "visit", today, problems, "visited_on")
    reason = (values.get("reason") or "").strip()
    if reason not in REASONS:
        problems["reason"] = "Choose why the person came in."
    chosen = values.get("outcomes") or []
    chosen = {(text or "").strip() for text in ([chosen] if isinstance(chosen, str) else chosen)}
    outcomes = [outcome for outcome in OUTCOMES if outcome in chosen]
    if not outcomes or len(outcomes) != len(chosen):
        problems["outcomes"] = "Choose what the staff did: one or more of the things listed."
    return {"visited_on": visited_on, "reason": reason, "outcomes": outcomes}, problems


def record_visit(db, place_id, visit, by):
    """Record a checked visit and what the staff did, audited; returns its id."""
    row = {
        "place_id": place_id,
        "visited_on": visit["visited_on"].isoformat(),
        "reason": visit["reason"],
        "created_at": stamp(),
    }
    with writing(db):
        visit_id = db["visits"].insert(row).last_pk
        db["visit_outcomes"].insert_all({"visit_id": visit_id, "outcome": o} for o in visit["outcomes"])
        audit.record(db, by, "create", "visits", visit_id, None, {**row, "outcomes": visit["outcomes"]})
    return visit_id


def visits_to(db, place_id, limit=10):
    """The latest visits recorded for one place, newest first, each with its list of outcomes."""
    rows = list(
        db.query(
            "SELECT visits.*, (SELECT json_group_array(outcome) FROM visit_outcomes "
            "WHERE visit_id = visits.id) AS outcomes FROM visits WHERE place_id = ? "
            f"ORDER BY visited_on DESC, id DESC LIMIT {int(limit)}",
            [place_id],
        )
    )
    order = {outcome: n for n, outcome in enumerate(OUTCOMES)}
    for row in rows:
        row["outcomes"] = sorted(json.loads(row["outcomes"]), key=lambda o: order.get(o, len(order)))
    return rows


# The report


def report_months(today, count=REPORT_MONTHS):
    """The first day of each of the `count` months up to and including today's, oldest first."""
    months, month = [], today.replace(day=1)
    for _month in range(count):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months[::-1]


def month_table(caption: str, columns: list, months: list, counts: dict) -> Counts:
    """Counts {(first of month, column): n} as a table with a row for each month."""
    found = {(f"{month:%B %Y}", column): n for (month, column), n in counts.items()}
    return counts_of(caption, "Month", columns, [f"{month:%B %Y}" for month in months], found)


def _counts(db, months, today, group, outcomes=False):
    """{(first of month, group value): visits} for visits from the first month to today.

    With outcomes=True each thing the staff did is counted, so a visit may count more than once.
    """
    join = "JOIN visit_outcomes ON visit_outcomes.visit_id = visits.id " if outcomes else ""
    counts = {}
    for row in db.query(
        f"SELECT substr(visited_on, 1, 7) AS month, {group} AS grouped, count(*) AS visits "
        f"FROM visits JOIN places ON places.id = visits.place_id {join}"
        "WHERE visited_on >= ? AND visited_on <= ? GROUP BY month, grouped",
        [months[0].isoformat(), today.isoformat()],
    ):
        key = (date.fromisoformat(row["month"] + "-01"), row["grouped"])
        counts[key] = counts.get(key, 0) + row["visits"]
    return counts


def _period(months, today):
    return f"{months[0]:%B %Y} to {today:%B %Y}"


def visits_by_district(db, today, districts, months=None):
    """Visits a month by district, for the last 12 months or the given months up to today;
    places outside the districts are "Outside the area"."""
    months = months or report_months(today)
    counts = {}
    for (month, code), n in _counts(db, months, today, "places.district_code").items():
        key = (month, districts.name_of(code) or OUTSIDE)
        counts[key] = counts.get(key, 0) + n
    columns = sorted(d.name for d in districts.districts) + [OUTSIDE]
    return month_table(f"Visits each month by district, {_period(months, today)}", columns, months, counts)


def visits_by_reason(db, today, months=None):
    """Visits a month by why the person came in, for the last 12 months or the given months."""
    months = months or report_months(today)
    return month_table(
        f"Visits each month by reason, {_period(months, today)}",
        list(REASONS),
        months,
        _counts(db, months, today, "visits.reason"),
    )


def visits_by_outcome(db, today, months=None):
    """What the staff did, a month, for the last 12 months or the given months.

    A visit where the staff did two things counts once in each column, so the totals count
    things done, not visits.
    """
    months = months or report_months(today)
    return month_table(
        f"What the staff did each month, {_period(months, today)} (a visit counts once for each thing done)",
        list(OUTCOMES),
        months,
        _counts(db, months, today, "visit_outcomes.outcome", outcomes=True),
    )
