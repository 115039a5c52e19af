"""The offline file: every active place with its open intervals for the next 14 days."""

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplaces import clock, config, geo, hours, locate, offline
from tests.helpers import add_place

AT = datetime(2026, 11, 23, 23, 50, tzinfo=clock.LONDON)  # a Monday night, near midnight
PHONES = {"emergency": "999", "non_emergency": "101"}
OUTCODES = {"LE1": (52.63, -1.13), "LE15": (52.67, -0.72), "AB10": (57.14, -2.11)}
BOUNDS = (52.39, -1.6, 52.98, -0.43)
HOURS = [
    "Mo-Fr 09:00-17:00; Sa 10:00-16:00",
    "Mo-Su 20:00-02:00",
    "24/7",
    "Mo-Sa 08:00-20:00; Su 10:00-16:00; PH off",
    "",
    "Fr 22:00-04:00",
]


def saved(db):
    return offline.places_file(db, AT, PHONES, OUTCODES, BOUNDS, "Keep Safe Place")


def test_only_active_places_with_a_position_and_only_public_fields(db):
    shown = add_place(db, 52.63, -1.13, opening_hours="24/7", contact_name="Private Person")
    add_place(db, 52.64, -1.14, status="suspended")
    add_place(db, 52.65, -1.15, status="applied")
    places = saved(db)["places"]
    assert [place["slug"] for place in places] == [db["places"].get(shown)["slug"]]
    assert set(places[0]) == {*offline.FIELDS, "open"}
    assert "Private Person" not in str(places)


def test_a_place_open_all_week_is_one_interval_over_the_whole_file(db):
    add_place(db, 52.63, -1.13, opening_hours="24/7")
    (place,) = saved(db)["places"]
    assert place["open"] == [[0, offline.OFFLINE_DAYS * 24 * 60]]


def test_hours_not_known_are_never_open(db):
    add_place(db, 52.63, -1.13, opening_hours="")
    assert saved(db)["places"][0]["open"] == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    minute=st.integers(min_value=0, max_value=offline.OFFLINE_DAYS * 24 * 60 - 1), text=st.sampled_from(HOURS)
)
def test_the_file_says_open_exactly_when_the_hours_do(db, minute, text):
    db.execute("DELETE FROM places")
    add_place(db, 52.63, -1.13, opening_hours=text)
    file = saved(db)
    moment = datetime.fromisoformat(file["start"]) + timedelta(minutes=minute)
    in_file = any(begin <= minute < end for begin, end in file["places"][0]["open"])
    assert in_file == hours.is_open(text, moment), (text, moment)


def test_the_file_carries_the_rules_the_phone_needs(db):
    file = saved(db)
    assert file["saved"] == "2026-11-23T23:50:00+00:00"
    assert file["phones"] == PHONES and file["place_name"] == "Keep Safe Place"
    assert file["walk"] == {
        "detour": geo.WALK_DETOUR,
        "metres_per_minute": geo.WALK_METRES_PER_MINUTE,
        "limit_minutes": 15,
        "reasonable_minutes": 30,
    }
    assert set(file["outcodes"]) == {"LE1", "LE15"}, "postcode areas far from the area are left out"


def test_the_file_names_the_areas_towns_and_their_local_names_but_never_a_shared_one(db):
    gazetteer = locate.gazetteer_for(config.DEFAULTS)
    towns = offline.places_file(db, AT, PHONES, OUTCODES, BOUNDS, "Keep Safe Place", gazetteer.towns())[
        "towns"
    ]
    assert towns["anstey"] == ["Anstey", 52.67368, -1.18841]
    assert towns["lboro"][0] == "Loughborough", "a local name"
    assert "leicester" in towns and "manchester" not in towns, "only the area's"
    in_area = [s.key for s in gazetteer.settlements if s.in_area]
    shared = {key for key in in_area if in_area.count(key) > 1}
    assert not shared & set(towns), "a name two places share would be a guess"
