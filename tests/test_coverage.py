"""Coverage's counts of places open by day and hour, from open spans, and the gaps in words."""

from dataclasses import dataclass
from datetime import date, datetime

from safeplaces import coverage, geo
from safeplaces.clock import LONDON
from safeplaces.config import DATA
from tests.helpers import add_place

MONDAY = date(2027, 1, 4)
DAYS = [
    (name, date(2027, 1, 4 + n))
    for n, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
]


def at(day, hour, minute=0):
    return datetime(2027, 1, day, hour, minute, tzinfo=LONDON)


def test_a_place_counts_in_an_hour_only_when_open_for_all_of_it():
    assert coverage.hours_open([(at(4, 9), at(4, 17, 30))], MONDAY) == set(range(9, 17))
    overnight = [(at(8, 22), at(9, 2))]
    assert coverage.hours_open(overnight, date(2027, 1, 8)) == {22, 23}
    assert coverage.hours_open(overnight, date(2027, 1, 9)) == {0, 1}
    assert coverage.hours_open([], MONDAY) == set()


def test_opening_tables_count_by_district_and_say_the_gaps():
    districts = geo.load_districts(str(DATA / "llr-districts.geojson"))
    weekdays = {day: [(at(day.day, 9), at(day.day, 17))] for _, day in DAYS[:5]}
    always = {day: [(at(day.day, 0), at(day.day + 1, 0))] for _, day in DAYS}
    places_spans = [("E06000016", weekdays), ("E06000016", weekdays), ("E07000133", always), (None, {})]
    tables = {table.name: table for table in coverage.opening_tables(places_spans, DAYS, districts)}
    assert list(tables)[:2] == ["All districts", "Blaby"] and list(tables)[-1] == "Outside the area"
    leicester = tables["Leicester"]
    assert leicester.places == 2
    assert dict(leicester.rows)["Monday"] == [0] * 9 + [2] * 8 + [0] * 7
    assert leicester.gaps() == [
        ("Monday to Friday", "midnight to 9am, 5pm to midnight"),
        ("Saturday and Sunday", "all day"),
    ]
    assert tables["Melton"].gaps() == []
    everywhere = tables["All districts"]
    assert everywhere.places == 4 and dict(everywhere.rows)["Monday"][12] == 3
    assert dict(everywhere.rows)["Sunday"] == [1] * 24
    assert tables["Blaby"].gaps() == [("Monday to Sunday", "all day")]


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    district_code: str


def test_settlements_with_no_place_within_a_walk_or_two_miles(db):
    add_place(db, 52.6360, -1.1330)  # Leicester clock tower
    add_place(db, 52.7650, -0.8860, status="suspended")  # Melton, not public
    towns = [
        Town("Centre", 52.6365, -1.1330, "E06000016"),  # about 56 m away
        Town("Edge", 52.6500, -1.1330, "E06000016"),  # about 1.56 km: a 26-minute walk
        Town("Melton Mowbray", 52.7650, -0.8860, "E07000133"),  # only a suspended place
    ]
    gaps = coverage.settlement_gaps(db, towns)
    assert [(gap.name, gap.beyond_two_miles) for gap in gaps] == [("Edge", False), ("Melton Mowbray", True)]
    assert gaps[0].nearest_m == geo.distance_m(52.6500, -1.1330, 52.6360, -1.1330)
    assert geo.walk_minutes(gaps[0].nearest_m) > coverage.WALK_LIMIT_MINUTES
