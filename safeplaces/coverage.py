"""Coverage: where and when the scheme fails people, for the steering group.

Where: for each district, its active places and places per 10,000 residents (the population
file is a setting, SAFEPLACES_POPULATION; Census 2021 for LLR by default), and the settlements
of the gazetteer with no place within a 15-minute walk (geo.walk_minutes, the same estimate
the public pages give) and with none within 2 miles.

When: for each district, a Monday-to-Sunday by 24-hour table of how many places are open, and
a row for a bank holiday, from hours.open_intervals over an ordinary week (one with no bank
holiday and no clock change, as the Open Referral schedules use). A place counts in an hour
only if it is open for the whole of it: someone arriving at 5:45pm needs a place open then, so
a place closing at 5:30pm does not count for 5pm to 6pm. Hours with no place open are the gaps,
said in words as well as shown.
"""

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from . import geo, help_now, hours, openreferral, visits
from .clock import LONDON
from .dates import clock
from .text import is_whole_number

PER_RESIDENTS = 10_000


class PopulationError(ValueError):
    """The population file cannot be read; the message says why."""


def load_population(path: str | os.PathLike) -> dict:
    """{district code: residents} from a CSV file with the columns code, name, population."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as error:
        raise PopulationError(f"The population file {path} cannot be read: {error.strerror}.") from None
    found = {}
    for number, row in enumerate(rows, start=2):
        text = (row.get("population") or "").replace(",", "").strip()
        if not row.get("code") or not is_whole_number(text):
            raise PopulationError(
                f"Row {number} of the population file {path} needs a code and a whole number of residents."
            )
        found[row["code"].strip()] = int(text)
    return found


@dataclass(frozen=True)
class DistrictCoverage:
    code: str | None
    name: str
    places: int
    residents: int | None

    @property
    def per_10k(self) -> float | None:
        """Active places per 10,000 residents, to one decimal place; None without a population."""
        if not self.residents:
            return None
        return round(self.places * PER_RESIDENTS / self.residents, 1)


def districts_coverage(db: Database, districts: geo.Districts, population: dict) -> list:
    """Each district's active places and residents, by name; then places outside the districts."""
    counts = {
        row[0]: row[1] for row in db.execute("SELECT district_code, count(*) FROM public_places GROUP BY 1")
    }
    known = {d.code for d in districts.districts}
    found = [
        DistrictCoverage(d.code, d.name, counts.get(d.code, 0), population.get(d.code))
        for d in sorted(districts.districts, key=lambda d: d.name)
    ]
    outside = sum(n for code, n in counts.items() if code not in known)
    if outside:
        found.append(DistrictCoverage(None, visits.OUTSIDE, outside, None))
    return found


# Settlements far from a place

WALK_LIMIT_MINUTES = help_now.WALK_LIMIT_MINUTES  # a place further than this is not near enough to help
TWO_MILES_M = 2 * geo.METRES_PER_MILE


@dataclass(frozen=True)
class SettlementGap:
    """A settlement with no place within a 15-minute walk; `nearest_m` None when none is within 2 miles."""

    name: str
    district_code: str
    lat: float
    lon: float
    nearest_m: float | None

    @property
    def beyond_two_miles(self) -> bool:
        return self.nearest_m is None


def settlement_gaps(db: Database, settlements: list) -> list:
    """The settlements (with name, lat, lon, district_code) with no active place within a
    15-minute walk, by district and name, each with the distance to its nearest place if that
    is within 2 miles."""
    gaps = []
    for settlement in settlements:
        nearest = geo.nearest(db, settlement.lat, settlement.lon, limit=1, max_m=TWO_MILES_M)
        metres = nearest[0]["distance_m"] if nearest else None
        if metres is None or geo.walk_minutes(metres) > WALK_LIMIT_MINUTES:
            gaps.append(
                SettlementGap(
                    settlement.name, settlement.district_code, settlement.lat, settlement.lon, metres
                )
            )
    return sorted(gaps, key=lambda gap: (gap.district_code, gap.name))


def csv_text(header: list, rows: list) -> str:
    """A table as CSV text; the caller adds the byte-order mark for spreadsheets."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def settlements_csv(gaps: list, district_name: Callable[[str | None], str]) -> str:
    return csv_text(
        [
            "district",
            "settlement",
            "latitude",
            "longitude",
            "nearest_place_metres",
            "walk_minutes",
            "place_within_2_miles",
        ],
        [
            [
                district_name(gap.district_code) or gap.district_code,
                gap.name,
                gap.lat,
                gap.lon,
                "" if gap.nearest_m is None else round(gap.nearest_m),
                "" if gap.nearest_m is None else geo.walk_minutes(gap.nearest_m),
                "no" if gap.beyond_two_miles else "yes",
            ]
            for gap in gaps
        ],
    )


def districts_csv(rows: list) -> str:
    return csv_text(
        ["district_code", "district", "active_places", "residents", "places_per_10000_residents"],
        [
            [
                row.code or "",
                row.name,
                row.places,
                "" if row.residents is None else row.residents,
                "" if row.per_10k is None else row.per_10k,
            ]
            for row in rows
        ],
    )


# Opening by day and hour

HOURS = range(24)


def _hour_start(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _hour_end(day: date, hour: int) -> datetime:
    return (
        _hour_start(day, hour + 1)
        if hour < 23
        else datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON)
    )


def hours_open(spans: list, day: date) -> set:
    """The hours (0 to 23) of `day` that one place is open for the whole of, given its open spans."""
    found = set()
    for start, end in spans:
        for hour in HOURS:
            if start <= _hour_start(day, hour) and _hour_end(day, hour) <= end:
                found.add(hour)
    return found


@dataclass
class OpeningTable:
    """How many places are open in each hour of each day: the rows are (label, [24 counts])."""

    name: str
    places: int
    rows: list = field(default_factory=list)

    def gaps(self) -> list:
        """[(days in words, hours in words)] of the hours with no place open, days with the same gaps joined."""
        by_words = {}
        for n, (_, counts) in enumerate(self.rows):
            words = _closed_words(counts)
            if words:
                by_words.setdefault(words, []).append(n)
        return [
            (_days_words([label for label, _ in self.rows], rows), words) for words, rows in by_words.items()
        ]


def _closed_words(counts: list[int]) -> str:
    """The runs of hours with nothing open, in words: "midnight to 7am, 10pm to midnight"."""
    runs, start = [], None
    for hour in [*HOURS, 24]:
        empty = hour < 24 and counts[hour] == 0
        if empty and start is None:
            start = hour
        elif not empty and start is not None:
            runs.append((start, hour))
            start = None
    if runs == [(0, 24)]:
        return "all day"
    return ", ".join(f"{clock(time(a))} to {clock(time(b % 24))}" for a, b in runs)


def _days_words(labels: list[str], rows: list[int]) -> str:
    """The rows' labels in words, three or more days in a row as "Monday to Friday"."""
    runs = []
    for n in rows:
        if runs and n == runs[-1][-1] + 1 and n < 7:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{labels[run[0]]} to {labels[run[-1]]}")
        else:
            parts += [labels[n] for n in run]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def opening_tables(places_spans: list, days: list, districts: geo.Districts) -> list:
    """An OpeningTable for the whole area, then one for each district (and outside, if any).

    places_spans: [(district code, {day: open spans}) for each active place]; days: [(label,
    date)] for the rows: an ordinary week, then a bank holiday.
    """
    names = {d.code: d.name for d in districts.districts}
    tables = {"": OpeningTable("All districts", 0)}
    for district in sorted(districts.districts, key=lambda d: d.name):
        tables[district.code] = OpeningTable(district.name, 0)
    counts = {key: [[0] * 24 for _ in days] for key in tables}
    for code, spans_by_day in places_spans:
        key = code if code in names else None
        if key is None:
            key = visits.OUTSIDE
            if key not in tables:
                tables[key] = OpeningTable(visits.OUTSIDE, 0)
                counts[key] = [[0] * 24 for _ in days]
        for table_key in ("", key):
            tables[table_key].places += 1
            for n, (_, day) in enumerate(days):
                for hour in hours_open(spans_by_day.get(day, []), day):
                    counts[table_key][n][hour] += 1
    for key, table in tables.items():
        table.rows = [(label, counts[key][n]) for n, (label, _) in enumerate(days)]
    return list(tables.values())


def opening_days(today: date) -> list:
    """[(label, date)]: the days of the next ordinary week (see openreferral.reference_week), then
    the next bank holiday."""
    week = openreferral.reference_week(today)
    days = [(f"{day:%A}", day) for day in (week + timedelta(days=n) for n in range(7))]
    holiday = next(
        day for day in (today + timedelta(days=n) for n in range(400)) if day in hours.BANK_HOLIDAYS
    )
    days.append(
        (
            f"Bank holiday ({hours.BANK_HOLIDAYS.get(holiday)}, {holiday:%A} {holiday.day} {holiday:%B %Y})",
            holiday,
        )
    )
    return days


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON)


def places_spans(db: Database, days: list) -> list:
    """[(district code, {day: open spans})] for every active place, from hours.open_intervals."""
    week_start, week_end = days[0][1], days[6][1] + timedelta(days=1)
    found = []
    for row in db.query("SELECT district_code, opening_hours FROM public_places"):
        text = row["opening_hours"] or ""
        week = hours.open_intervals(text, _midnight(week_start), _midnight(week_end))
        by_day = {day: week for _, day in days[:7]}
        for _, day in days[7:]:
            by_day[day] = hours.open_intervals(text, _midnight(day), _midnight(day + timedelta(days=1)))
        found.append((row["district_code"], by_day))
    return found


def opening_csv(tables: list) -> str:
    return csv_text(
        ["district", "day", *(f"{hour:02d}:00" for hour in HOURS)],
        [[table.name, label, *counts] for table in tables for label, counts in table.rows],
    )
