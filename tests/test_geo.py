import csv

import pytest
import shapely
from geopy.distance import geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplaces import config, geo
from tests.helpers import add_place


def offset(origin, north_deg, east_deg):
    lat = max(-89.99, min(89.99, origin[0] + north_deg))
    lon = (origin[1] + east_deg + 180) % 360 - 180
    return lat, lon


near_leicester = st.tuples(st.floats(52.3, 52.9), st.floats(-1.7, -0.4))
anywhere = st.tuples(st.floats(-89.9, 89.9), st.floats(-180, 180))
small_offset = st.tuples(st.floats(-0.6, 0.6), st.floats(-0.9, 0.9))
status = st.sampled_from(["active", "active", "active", "suspended", "applied"])


def assert_same_as_scan(db, origin, limit, max_m):
    found = geo.nearest(db, *origin, limit=limit, max_m=max_m)
    scanned = geo.nearest_by_scan(db, *origin, limit=limit, max_m=max_m)
    assert [(p["id"], p["distance_m"]) for p in found] == [(p["id"], p["distance_m"]) for p in scanned]
    assert all(p["status"] == "active" and p["distance_m"] <= max_m for p in found)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    points=st.lists(st.tuples(near_leicester, status), max_size=60),
    origin=near_leicester,
    limit=st.integers(1, 12),
    max_m=st.sampled_from([300, 2_000, 10_000, 50_000]),
)
def test_nearest_equals_brute_force_in_leicestershire(fresh_db, points, origin, limit, max_m):
    db = fresh_db()
    for (lat, lon), state in points:
        add_place(db, lat, lon, status=state)
    assert_same_as_scan(db, origin, limit, max_m)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(origin=anywhere, offsets=st.lists(small_offset, max_size=40), limit=st.integers(1, 8))
def test_nearest_equals_brute_force_anywhere_on_earth(fresh_db, origin, offsets, limit):
    db = fresh_db()
    for north, east in offsets:
        add_place(db, *offset(origin, north, east))
    assert_same_as_scan(db, origin, limit, 50_000)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    origin=anywhere,
    offsets=st.lists(st.tuples(small_offset, status, st.booleans()), max_size=40),
    max_m=st.sampled_from([300, 2_000, 10_000, 50_000, geo.ANYWHERE_M]),
)
def test_count_within_and_only_agree_with_measuring_every_place(fresh_db, origin, offsets, max_m):
    db = fresh_db()
    only = set()
    for (north, east), state, searched in offsets:
        place_id = add_place(db, *offset(origin, north, east), status=state)
        if searched:
            only.add(place_id)
    every = geo.nearest_by_scan(db, *origin, limit=10**6, max_m=max_m)
    assert geo.count_within(db, *origin, max_m) == len(every)
    assert geo.count_within(db, *origin, max_m, only=only) == len([p for p in every if p["id"] in only])
    found = geo.nearest(db, *origin, limit=5, max_m=max_m, only=only)
    assert [p["id"] for p in found] == [p["id"] for p in every if p["id"] in only][:5]


@pytest.mark.parametrize("origin", [(52.6, 179.99), (-33.9, -179.995), (89.9, 10.0), (-89.9, -70.0)])
def test_nearest_across_the_antimeridian_and_near_the_poles(fresh_db, origin):
    db = fresh_db()
    ids = [add_place(db, *offset(origin, 0.01 * i, -0.02 * i)) for i in range(1, 6)]
    found = geo.nearest(db, *origin, limit=3)
    assert [p["id"] for p in found] == ids[:3]


def test_places_a_hair_apart_tie_and_are_ordered_by_id(fresh_db):
    db = fresh_db()
    first = add_place(db, 1e-45, 0.0)
    add_place(db, 0.0, 0.0)
    assert [p["id"] for p in geo.nearest(db, 0.0, 0.0, limit=1)] == [first]


def test_tied_places_are_ordered_by_id(fresh_db):
    db = fresh_db()
    ids = [add_place(db, 52.6, -1.1) for _ in range(4)]
    assert [p["id"] for p in geo.nearest(db, 52.61, -1.1, limit=3)] == ids[:3]


def test_search_stops_at_the_radius(fresh_db):
    db = fresh_db()
    near = add_place(db, 52.60, -1.10)
    add_place(db, 53.20, -1.10)  # about 67 km north
    assert [p["id"] for p in geo.nearest(db, 52.60, -1.10, limit=5)] == [near]
    assert geo.nearest(db, 52.60, -1.10, limit=5, max_m=100_000)[1]["distance_m"] > 50_000


def test_only_active_places_are_found(fresh_db):
    db = fresh_db()
    for state in ("applied", "suspended", "archived"):
        add_place(db, 52.6, -1.1, status=state)
    assert geo.nearest(db, 52.6, -1.1) == []


def test_distance_is_geodesic():
    leicester, loughborough = (52.6369, -1.1398), (52.7721, -1.2062)
    assert geo.distance_m(*leicester, *loughborough) == pytest.approx(geodesic(leicester, loughborough).m)


@settings(max_examples=300)
@given(origin=anywhere, radius=st.floats(1, 50_000), bearing=st.floats(0, 360), fraction=st.floats(0, 1))
def test_bounding_box_holds_the_whole_circle(origin, radius, bearing, fraction):
    point = geodesic(meters=radius * fraction).destination(origin, bearing)
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(*origin, radius)
    assert min_lat <= point.latitude <= max_lat
    lon = point.longitude
    assert any(min_lon <= lon + shift <= max_lon for shift in (-360, 0, 360))


@settings(max_examples=300)
@given(a=anywhere, b=anywhere)
def test_spherical_distance_is_a_safe_lower_bound(a, b):
    exact = geo.distance_m(*a, *b)
    assert geo.spherical_m(*a, *b) * geo.SPHERICAL_LOWER_BOUND - geo.ROUNDING_M <= exact


@pytest.mark.parametrize("metres, minutes", [(0, 1), (10, 1), (80, 2), (923, 15), (924, 16), (1000, 17)])
def test_walk_minutes(metres, minutes):
    assert geo.walk_minutes(metres) == minutes


def test_every_town_falls_in_its_district():
    districts = geo.load_districts(str(config.DATA / "llr-districts.geojson"))
    with open(config.DATA / "llr-places.csv", encoding="utf-8") as f:
        for town in csv.DictReader(f):
            found = districts.find(float(town["latitude"]), float(town["longitude"]))
            assert found is not None and found.code == town["district_code"], town["name"]
    assert districts.find(51.5074, -0.1278) is None  # London is outside the area
    assert districts.name_of("E06000017") == "Rutland"


def test_the_areas_bounds_are_those_of_the_union_of_its_districts():
    districts = geo.load_districts(str(config.DATA / "llr-districts.geojson"))
    west, south, east, north = shapely.union_all(districts.shapes).bounds
    assert districts.bounds() == (south, west, north, east)
    assert {d.county for d in districts.districts} == {"Leicester", "Leicestershire", "Rutland"}


HOURS = ["", "24/7", "Mo-Fr 09:00-17:00", "Sa-Su 10:00-16:00", "Mo-Su 20:00-02:00"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    points=st.lists(st.tuples(near_leicester, st.sampled_from(HOURS)), max_size=40),
    origin=near_leicester,
    limit=st.integers(1, 6),
    open_hours=st.sets(st.sampled_from(HOURS)),
)
def test_a_narrowed_search_equals_brute_force(fresh_db, points, origin, limit, open_hours):
    db = fresh_db()
    for (lat, lon), hours in points:
        add_place(db, lat, lon, opening_hours=hours)
    keep = open_hours.__contains__
    found = geo.nearest(db, *origin, limit=limit, keep=keep)
    assert [p["id"] for p in found] == [
        p["id"] for p in geo.nearest_by_scan(db, *origin, limit=limit, keep=keep)
    ]
    assert all(p["opening_hours"] in open_hours for p in found)


def test_a_search_without_a_practical_limit_ends(fresh_db):
    db = fresh_db()
    ids = [add_place(db, 52.6, -1.1), add_place(db, -33.9, 151.2)]  # Leicester, Sydney
    found = geo.nearest(db, 52.6, -1.1, limit=5, max_m=geo.ANYWHERE_M)
    assert [p["id"] for p in found] == ids


@pytest.mark.parametrize(
    "metres, words",
    [
        (10, "about 1 minute's walk (less than 0.1 miles)"),
        (600, "about 10 minutes' walk (0.4 miles)"),
        (1846, "about 30 minutes' walk (1.1 miles)"),  # 30 minutes: the longest walk told
        (1847, "1.1 miles away"),
        (15_000, "9.3 miles away"),  # was "more than 2 hours' walk (9.3 miles)"
        (21_000, "13 miles away"),
    ],
)
def test_how_far_tells_a_walk_only_within_a_reasonable_walk(metres, words):
    assert geo.how_far(metres) == words


@given(st.floats(min_value=0, max_value=geo.ANYWHERE_M))
def test_how_far_never_tells_hours_of_walking(metres):
    words = geo.how_far(metres)
    assert "hour" not in words
    assert ("walk" in words) == (geo.walk_minutes(metres) <= geo.REASONABLE_WALK_MINUTES)
