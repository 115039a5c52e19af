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
from dataclasses import dataclass

from . import checks

PER_RESIDENTS = 10_000


class PopulationError(ValueError):
    """The population file cannot be read; the message says why."""


def load_population(path) -> dict:
    """{district code: residents} from a CSV file with the columns code, name, population."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as error:
        raise PopulationError(f"The population file {path} cannot be read: {error.strerror}.") from None
    found = {}
    for number, row in enumerate(rows, start=2):
        text = (row.get("population") or "").replace(",", "").strip()
        if not row.get("code") or not text.isdigit():
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


def districts_coverage(db, districts, population: dict) -> list:
    """Each district's active places and residents, by name; then places outside the districts."""
    counts = {
        row[0]: row[1]
        for row in db.execute("SELECT district_code, count(*) FROM places WHERE status = 'active' GROUP BY 1")
    }
    known = {d.code for d in districts.districts}
    found = [
        DistrictCoverage(d.code, d.name, counts.get(d.code, 0), population.get(d.code))
        for d in sorted(districts.districts, key=lambda d: d.name)
    ]
    outside = sum(n for code, n in counts.items() if code not in known)
    if outside:
        found.append(DistrictCoverage(None, checks.OUTSIDE, outside, None))
    return found


def csv_text(header: list, rows: list) -> str:
    """A table as CSV text; the caller adds the byte-order mark for spreadsheets."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


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
