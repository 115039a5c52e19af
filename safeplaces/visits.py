"""Visits: the anonymous log of people who came to a place for help, and its monthly figures.

Anonymous by design: a date, a reason and what the staff did, and nothing about the person.
The dashboard and the yearly report count them by month and district, reason or outcome.
"""

import json
from collections.abc import Mapping
from datetime import date, timedelta

from sqlite_utils import Database

from . import audit
from .clock import stamp
from .counts import Counts, counts_of
from .dates import check_past_date
from .geo import Districts
from .transaction import writing

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
OUTSIDE = "Outside the area"
REPORT_MONTHS = 12


def check_visit(values: Mapping, today: date) -> tuple[dict, dict[str, str]]:
    """Check a visit as typed. Returns (clean values, {field: problem}).

    `outcomes` is a list: the staff may have done several things (phoned the card contact and
    helped on the spot), and each is counted in the reports.
    """
    problems = {}
    visited_on = check_past_date(values.get("visited_on"), "visit", today, problems, "visited_on")
    reason = (values.get("reason") or "").strip()
    if reason not in REASONS:
        problems["reason"] = "Choose why the person came in."
    chosen = values.get("outcomes") or []
    chosen = {(text or "").strip() for text in ([chosen] if isinstance(chosen, str) else chosen)}
    outcomes = [outcome for outcome in OUTCOMES if outcome in chosen]
    if not outcomes or len(outcomes) != len(chosen):
        problems["outcomes"] = "Choose what the staff did: one or more of the things listed."
    return {"visited_on": visited_on, "reason": reason, "outcomes": outcomes}, problems


def record_visit(db: Database, place_id: int, visit: Mapping, by: str) -> int:
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


def visits_to(db: Database, place_id: int, limit: int = 10) -> list[dict]:
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


def report_months(today: date, count: int = REPORT_MONTHS) -> list[date]:
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


def _counts(
    db: Database, months: list[date], today: date, group: str, outcomes: bool = False
) -> dict[tuple[date, str | None], int]:
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


def _period(months: list[date], today: date) -> str:
    return f"{months[0]:%B %Y} to {today:%B %Y}"


def visits_by_district(
    db: Database, today: date, districts: Districts, months: list[date] | None = None
) -> Counts:
    """Visits a month by district, for the last 12 months or the given months up to today;
    places outside the districts are "Outside the area"."""
    months = months or report_months(today)
    counts = {}
    for (month, code), n in _counts(db, months, today, "places.district_code").items():
        key = (month, districts.name_of(code) or OUTSIDE)
        counts[key] = counts.get(key, 0) + n
    columns = sorted(d.name for d in districts.districts) + [OUTSIDE]
    return month_table(f"Visits each month by district, {_period(months, today)}", columns, months, counts)


def visits_by_reason(db: Database, today: date, months: list[date] | None = None) -> Counts:
    """Visits a month by why the person came in, for the last 12 months or the given months."""
    months = months or report_months(today)
    return month_table(
        f"Visits each month by reason, {_period(months, today)}",
        list(REASONS),
        months,
        _counts(db, months, today, "visits.reason"),
    )


def visits_by_outcome(db: Database, today: date, months: list[date] | None = None) -> Counts:
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
