"""The yearly report: what the scheme did in a calendar year, for the steering group and the
partnership that funds it (the LLR hate-crime strategy measures the scheme by places rolled
out and Keep Safe cards handed out).

Where the figures come from:
- Places joined and left, by district, from the audit trail. Joined: a place approved, made
  active by the place form or an import ("create" with status active), or reinstated. Left:
  suspended or archived. They count movements, not places: a place suspended in March and
  reinstated in May counts once each way. A declined application never joined, so it is
  neither. Each place counts in the district it is in now.
- Checks passed and failed: the checks dated in the year, by kind.
- Reviews overdue at the end of the year (or today, for the year still running): the places
  that were active then, with the next review date they had then, both read back from the
  audit trail, so a later review does not rewrite the past. A place with no review date at
  all (never trained nor reviewed) is counted apart.
- Visits by month, district, reason and what the staff did: the anonymous log of visits.
- Keep Safe cards made by month and format: card_counts, a number per day and format and
  nothing else, added to by `count_card` when the card maker makes a PDF. Nothing about the
  person is kept.

Charts are drawn here as SVG geometry and written out by a Jinja macro
(templates/manage/report/_chart.html), not by a charting library. pygal, the best kept
Python SVG charting library, puts its own JavaScript and CSS links in each chart, names it by
`<title>` only and needs post-processing for role, desc and patterns; a chart here is some
rectangles and text, so owning them costs less than working around a library, and every
chart gets role="img", a title, a description that says its numbers in words, and fill
patterns so no series is told apart by colour alone. Each chart has its data table beside it.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from . import checks, visits
from .clock import LONDON, stamp
from .counts import Counts, counts_of
from .geo import Districts
from .text import is_whole_number
from .transaction import writing

JOINED = ("approve", "reinstate")
CREATED = ("create", "import: create")
LEFT = ("suspend", "archive")
CARD_FORMATS = {"wallet": "Wallet card", "a4": "A4 page", "blank": "Blank card to fill in"}
FIRST_YEAR = 2000


def count_card(db: Database, fmt: str, day: date, cards: int = 1) -> None:
    """Count `cards` Keep Safe cards made in format `fmt` on `day`: one write, nothing about anyone."""
    with writing(db):
        db.execute(
            "INSERT INTO card_counts (day, format, count) VALUES (?, ?, ?) "
            "ON CONFLICT (day, format) DO UPDATE SET count = count + excluded.count",
            [day.isoformat(), fmt, cards],
        )


class YearRefused(ValueError):
    """A year the report cannot be made for; the message says why."""


def check_year(text: str | None, today: date) -> int:
    """The year typed, from 2000 to this year; YearRefused in plain words otherwise."""
    text = (text or "").strip()
    if not text:
        return today.year
    if not is_whole_number(text) or not FIRST_YEAR <= int(text) <= today.year:
        raise YearRefused(f"Enter a year from {FIRST_YEAR} to {today.year}, like {today.year}.")
    return int(text)


def _counts(caption: str, row_heading: str, columns: list, names: list[str], found: dict) -> Counts:
    """The report's tables by district or kind: their rows' cells measure different things."""
    return counts_of(caption, row_heading, columns, names, found, row_totals=False)


def _start_stamp(day: date) -> str:
    """The UTC stamp of London's midnight at the start of `day`, to compare with audit times."""
    return stamp(datetime.combine(day, time(0), tzinfo=LONDON))


def _district_names(districts: Districts) -> list[str]:
    return sorted(d.name for d in districts.districts) + [visits.OUTSIDE]


def membership(db: Database, first: date, last: date, districts: Districts) -> Counts:
    """Places joined and left in the days first to last, by district (see the module docstring)."""
    found = {}
    rows = db.query(
        "SELECT places.district_code AS code, audit.action AS action, audit.after AS after FROM audit "
        "JOIN places ON places.id = audit.entity_id WHERE audit.entity = 'places' "
        f"AND audit.action IN ({', '.join('?' * len(JOINED + CREATED + LEFT))}) AND audit.at >= ? AND audit.at < ?",
        [*JOINED, *CREATED, *LEFT, _start_stamp(first), _start_stamp(last + timedelta(days=1))],
    )
    for row in rows:
        if row["action"] in CREATED and json.loads(row["after"] or "{}").get("status") != "active":
            continue
        column = "Left" if row["action"] in LEFT else "Joined"
        key = (districts.name_of(row["code"]) or visits.OUTSIDE, column)
        found[key] = found.get(key, 0) + 1
    return _counts(
        f"Places joined and left by district, {_period(first, last)}",
        "District",
        ["Joined", "Left"],
        _district_names(districts),
        found,
    )


def checks_done(db: Database, first: date, last: date) -> Counts:
    """Checks passed and failed in the days first to last, by kind."""
    found = {}
    for row in db.query(
        "SELECT kind, passed, count(*) AS n FROM checks WHERE checked_on >= ? AND checked_on <= ? "
        "GROUP BY kind, passed",
        [first.isoformat(), last.isoformat()],
    ):
        found[(row["kind"].capitalize(), "Passed" if row["passed"] else "Failed")] = row["n"]
    return _counts(
        f"Checks passed and failed by kind, {_period(first, last)}",
        "Kind of check",
        ["Passed", "Failed"],
        [kind.capitalize() for kind in checks.KINDS],
        found,
    )


def places_as_at(db: Database, day: date) -> list:
    """[(place row, status, next_review_due)] as they were at the end of `day`, from the audit trail.

    A place with no audit entries (stored before the trail, or by hand) is taken as it is now
    if it was created by then.
    """
    until = _start_stamp(day + timedelta(days=1))
    then = {}
    for row in db.query(
        "SELECT entity_id, after FROM audit WHERE entity = 'places' AND at < ? ORDER BY id", [until]
    ):
        after = json.loads(row["after"] or "null") or {}
        state = then.setdefault(row["entity_id"], {})
        state.update({key: after[key] for key in ("status", "next_review_due") if key in after})
    found = []
    for place in db.query("SELECT * FROM places ORDER BY id"):
        state = then.get(place["id"])
        if state is None:
            if (place["created_at"] or "") >= until:
                continue
            state = {"status": place["status"], "next_review_due": place["next_review_due"]}
        found.append((place, state.get("status"), state.get("next_review_due")))
    return found


def reviews_overdue(db: Database, day: date, districts: Districts) -> Counts:
    """Places active at the end of `day` whose review was overdue then, or that had no review date."""
    found = {}
    for place, status, due in places_as_at(db, day):
        if status != "active":
            continue
        district = districts.name_of(place["district_code"]) or visits.OUTSIDE
        found[(district, "Active places")] = found.get((district, "Active places"), 0) + 1
        column = "No review date" if not due else "Review overdue" if due < day.isoformat() else None
        if column:
            found[(district, column)] = found.get((district, column), 0) + 1
    return _counts(
        f"Reviews overdue on {day.day} {day:%B %Y}, by district",
        "District",
        ["Active places", "Review overdue", "No review date"],
        _district_names(districts),
        found,
    )


def _period(first: date, last: date) -> str:
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def year_months(year: int, last: date) -> list:
    """The first day of each month of the year, up to the month of `last`."""
    return [date(year, month, 1) for month in range(1, 13) if date(year, month, 1) <= last]


def cards_made(db: Database, months: list, last: date) -> Counts:
    """Keep Safe cards made each month, by format."""
    counts, formats = {}, list(CARD_FORMATS)
    for row in db.query(
        "SELECT substr(day, 1, 7) AS month, format, sum(count) AS n FROM card_counts "
        "WHERE day >= ? AND day <= ? GROUP BY month, format",
        [months[0].isoformat(), last.isoformat()],
    ):
        if row["format"] not in formats:
            formats.append(row["format"])
        counts[(date.fromisoformat(row["month"] + "-01"), row["format"])] = row["n"]
    return visits.month_table(
        f"Keep Safe cards made each month by format, {months[0]:%B %Y} to {last:%B %Y}",
        formats,
        months,
        counts,
    )


@dataclass
class Report:
    year: int
    first: date
    last: date
    running: bool  # the year is not over yet: the figures run to `last`, today
    membership: Counts
    checks: Counts
    reviews: Counts
    visits_by_district: Counts
    visits_by_reason: Counts
    visits_by_outcome: Counts
    cards: Counts


def year_report(db: Database, year: int, today: date, districts: Districts) -> Report:
    """The figures for a calendar year, up to today if it is this year."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    months = year_months(year, last)
    return Report(
        year=year,
        first=first,
        last=last,
        running=last < date(year, 12, 31),
        membership=membership(db, first, last, districts),
        checks=checks_done(db, first, last),
        reviews=reviews_overdue(db, last, districts),
        visits_by_district=visits.visits_by_district(db, last, districts, months),
        visits_by_reason=visits.visits_by_reason(db, last, months),
        visits_by_outcome=visits.visits_by_outcome(db, last, months),
        cards=cards_made(db, months, last),
    )


# Charts

LABEL_WIDTH = 210
PLOT_WIDTH = 330
VALUE_WIDTH = 60
BAR_HEIGHT = 14
GROUP_GAP = 12
LEGEND_HEIGHT = 30
SERIES_STYLES = ("solid", "hatched", "dotted", "crossed")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    category: str
    value: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: a row of bars (one for each series) for each category."""

    id: str
    title: str
    description: str
    width: int
    height: int
    series: list  # (name, style)
    categories: list  # (y of the label's middle, label)
    bars: list
    label_width: int = LABEL_WIDTH


def bar_chart(chart_id: str, title: str, categories: list, series: list) -> Chart:
    """A Chart of `series` [(name, [value for each category])], its numbers also said in words."""
    largest = max([value for _, values in series for value in values] + [1])
    group = len(series) * BAR_HEIGHT + GROUP_GAP
    bars, labels = [], []
    for n, category in enumerate(categories):
        top = LEGEND_HEIGHT + n * group
        labels.append((top + len(series) * BAR_HEIGHT / 2, category))
        for s, (_, values) in enumerate(series):
            width = PLOT_WIDTH * values[n] / largest
            bars.append(Bar(LABEL_WIDTH, top + s * BAR_HEIGHT, width, BAR_HEIGHT - 2, s, category, values[n]))
    words = "; ".join(
        f"{name}: "
        + ", ".join(f"{category} {value}" for category, value in zip(categories, values, strict=True))
        for name, values in series
    )
    return Chart(
        id=chart_id,
        title=title,
        description=f"Bar chart. {words}. The table beside it has the same figures.",
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=LEGEND_HEIGHT + len(categories) * group,
        series=[(name, SERIES_STYLES[s % len(SERIES_STYLES)]) for s, (name, _) in enumerate(series)],
        categories=labels,
        bars=bars,
    )


def chart_of_counts(chart_id: str, counts: Counts, title: str) -> Chart:
    names = [name for name, _, _ in counts.rows]
    series = [(column, [cells[n] for _, cells, _ in counts.rows]) for n, column in enumerate(counts.columns)]
    return bar_chart(chart_id, title, names, series)


def chart_of_months(chart_id: str, table: Counts, title: str, by_column: bool = False) -> Chart:
    """A month table as a chart: the total each month, or each column's each month."""
    months = [name.split()[0] for name, _, _ in table.rows]
    if by_column:
        series = [
            (CARD_FORMATS.get(column, column), [cells[n] for _, cells, _ in table.rows])
            for n, column in enumerate(table.columns)
        ]
    else:
        series = [("Total", [total for _, _, total in table.rows])]
    return bar_chart(chart_id, title, months, series)


def chart_of_totals(chart_id: str, table: Counts, title: str) -> Chart:
    """A month table's column totals as a chart (the year's visits by reason, say)."""
    return bar_chart(
        chart_id, title, [c[:1].upper() + c[1:] for c in table.columns], [("Total", table.totals)]
    )
