"""Checks on the places of the register: training, annual reviews and mystery-shopper visits.

A passed annual review or mystery-shopper visit moves the place's next review to a year after
it; a passed training check records when the staff were trained. A failed check changes nothing
by itself: the registrar decides, and the dashboard shows it.
"""

from collections.abc import Mapping
from datetime import date

from sqlite_utils import Database

from . import audit, places
from .clock import stamp
from .dates import check_past_date, one_year_back, one_year_on
from .transaction import writing

KINDS = ("training", "annual review", "mystery shopper")
REVIEWS = ("annual review", "mystery shopper")  # a pass at one of these sets the next review
RESULTS = ("passed", "failed")
MAX_NOTES = 1000


def check_check(values: Mapping, today: date) -> tuple[dict, dict[str, str]]:
    """Check a check as typed. Returns (clean values, {field: problem})."""
    problems = {}
    kind = (values.get("kind") or "").strip()
    if kind not in KINDS:
        problems["kind"] = "Choose what kind of check it was."
    checked_on = check_past_date(values.get("checked_on"), "check", today, problems, "checked_on")
    result = (values.get("result") or "").strip()
    if result not in RESULTS:
        problems["result"] = "Say whether the place passed or failed."
    notes = (values.get("notes") or "").strip()
    if len(notes) > MAX_NOTES:
        problems["notes"] = f"The notes must be {MAX_NOTES} characters or fewer (you wrote {len(notes)})."
    return {"kind": kind, "checked_on": checked_on, "passed": result == "passed", "notes": notes}, problems


def follow_on(place: Mapping, check: Mapping) -> dict:
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


def record_check(db: Database, place_id: int, check: Mapping, by: str) -> int:
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


def checks_of(db: Database, place_id: int) -> list[dict]:
    """The checks on one place, newest first."""
    return list(
        db.query("SELECT * FROM checks WHERE place_id = ? ORDER BY checked_on DESC, id DESC", [place_id])
    )


def last_passed_review(db: Database, place_id: int) -> date | None:
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


def failed_checks(db: Database, today: date) -> list[dict]:
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


def never_trained_or_reviewed(db: Database) -> list[dict]:
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


def places_to_check(db: Database) -> list[dict]:
    """Every place not archived, by town and name, with the date of its last check."""
    return list(
        db.query(
            "SELECT places.*, (SELECT max(checked_on) FROM checks WHERE place_id = places.id) AS last_checked "
            "FROM places WHERE status != 'archived' ORDER BY town, name, id"
        )
    )
