from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplaces import geo, help_now, hours
from tests.helpers import add_place

PHONES = {"emergency": "999", "non_emergency": "101"}
NAME = "Keep Safe Place"
MONDAY_10AM = datetime(2026, 11, 23, 10, 0)
HERE = (52.6360, -1.1330)


def north(metres):
    """A point this many metres north of HERE."""
    return HERE[0] + metres / 111_250, HERE[1]


def test_an_open_place_is_chosen_over_a_nearer_closed_one(db):
    add_place(db, *north(100), name="Closed Café", opening_hours="Sa-Su 10:00-16:00")
    add_place(db, *north(150), name="Unknown Hours Shop", opening_hours="")
    open_id = add_place(db, *north(400), name="Open Library", opening_hours="Mo-Fr 09:00-17:00")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME)
    assert answer.place["id"] == open_id
    assert answer.within_walk and answer.walk_minutes == geo.walk_minutes(answer.place["distance_m"])
    assert (
        answer.message == f"Open Library is open now. It is about {answer.walk_minutes} minutes' walk away."
    )


def test_the_fifteen_minute_cut_off(db):
    # 15 minutes' walk is 15 * 80 / 1.3 = 923 metres in a straight line.
    add_place(db, *north(915), name="Just In Reach", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME)
    assert (answer.walk_minutes, answer.within_walk) == (15, True)


def test_beyond_a_fifteen_minute_walk_offers_101_first(db):
    add_place(db, *north(935), name="Just Too Far", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME)
    assert (answer.walk_minutes, answer.within_walk, answer.place["name"]) == (16, False, "Just Too Far")
    assert answer.message == (
        "No Keep Safe Place is open within a 15-minute walk. If you need the police, "
        "phone 101. The nearest open place is Just Too Far, about 16 minutes' walk away."
    )


def test_nothing_open_at_all(db):
    add_place(db, *north(100), opening_hours="Mo-Fr 09:00-17:00")
    answer = help_now.find_help(db, *HERE, datetime(2026, 11, 22, 3, 0), PHONES, NAME)
    assert answer.place is None and not answer.within_walk and answer.walk_minutes is None
    assert answer.message == (
        "No Keep Safe Place is open near you now. If you need the police, phone 101. "
        "In an emergency, phone 999."
    )


def test_on_christmas_day_only_a_place_that_says_it_opens_is_chosen(db):
    # Hours that leave out bank holidays do not say the place opens on one (hours' docstring).
    add_place(db, *north(100), name="Every Weekday", opening_hours="Mo-Fr 08:00-18:00")
    said = add_place(
        db, *north(400), name="Open At Christmas", opening_hours="Mo-Fr 08:00-18:00; PH 10:00-16:00"
    )
    answer = help_now.find_help(db, *HERE, datetime(2026, 12, 25, 12, 0), PHONES, NAME)
    assert answer.place["id"] == said


def test_only_active_places_help(db):
    add_place(db, *north(100), status="suspended", opening_hours="24/7")
    assert help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME).place is None


def test_a_place_closing_before_you_could_get_there_is_not_chosen(db):
    add_place(db, *north(100), name="Shuts At Five", opening_hours="Mo-Fr 09:00-17:00")
    later = add_place(db, *north(600), name="Open Late", opening_hours="Mo-Fr 09:00-20:00")
    answer = help_now.find_help(db, *HERE, datetime(2026, 11, 23, 16, 50), PHONES, NAME)
    assert answer.place["id"] == later and answer.within_walk


def test_within_a_reasonable_walk_the_walk_and_directions_are_offered(db):
    # 30 minutes' walk is 30 * 80 / 1.3 = 1846 metres in a straight line.
    add_place(db, *north(1800), name="Half An Hour", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME)
    assert (answer.within_walk, answer.walkable, answer.walk_minutes) == (False, True, 30)
    assert answer.message.endswith("The nearest open place is Half An Hour, about 30 minutes' walk away.")


def test_past_a_reasonable_walk_the_distance_and_ask_for_help_not_a_walk(db):
    """/help-now from Melton offered a 13-mile walk with walking directions."""
    add_place(db, *north(1900), name="Just Past A Walk", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME)
    assert (answer.within_walk, answer.walkable) == (False, False)
    assert answer.message == (
        "No Keep Safe Place is open within a 15-minute walk. If you need the police, phone 101. "
        "The nearest open place is Just Past A Walk, 1.2 miles away. Ask someone to help you get there."
    )


def test_far_away_is_told_in_miles_never_in_hours(db):
    add_place(db, *north(21_000), name="Far Away", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME, max_m=100_000)
    assert answer.message.endswith(
        "The nearest open place is Far Away, 13 miles away. Ask someone to help you get there."
    )
    assert "hour" not in answer.message and "walk away" not in answer.message


def test_the_place_name_is_the_schemes(db):
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, "Safe Haven")
    assert answer.message.startswith("No Safe Haven is open near you now.")


def test_a_place_with_a_break_in_the_next_fifteen_minutes_is_not_chosen(db):
    add_place(db, *north(100), name="Shuts For Ten Minutes", opening_hours="Mo-Fr 09:00-10:05,10:15-17:00")
    later = add_place(db, *north(600), name="Open All Morning", opening_hours="Mo-Fr 09:00-13:00")
    assert help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME).place["id"] == later


def test_a_place_that_shuts_during_a_longer_walk_is_passed_over(db):
    # 25 minutes' walk is about 1,540 metres; the place shuts 20 minutes from now.
    add_place(db, *north(1500), name="Shuts Before You Arrive", opening_hours="Mo-Fr 09:00-10:20")
    stays = add_place(db, *north(1700), name="Open Longer", opening_hours="Mo-Fr 09:00-12:00")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, NAME)
    assert answer.place["id"] == stays and answer.walk_minutes == geo.walk_minutes(answer.place["distance_m"])


HOURS_TEXTS = [
    "24/7",
    "Mo-Fr 09:00-17:00",
    "Mo-Fr 09:00-10:05,10:15-17:00",
    "Mo-Su 09:00-10:20",
    "Mo-Su 10:10-18:00",
    "Mo-Su 08:00-10:40",
    "Sa-Su 10:00-16:00",
    "",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    places=st.lists(
        st.tuples(
            st.integers(0, 30_000), st.sampled_from(HOURS_TEXTS), st.sampled_from(["active", "suspended"])
        ),
        max_size=25,
    ),
    minute=st.integers(0, 59),
)
def test_the_answer_is_the_nearest_place_open_for_the_trip_measured_one_by_one(fresh_db, places, minute):
    db = fresh_db()
    for metres, text, status in places:
        add_place(db, *north(metres), opening_hours=text, status=status)
    at = MONDAY_10AM.replace(minute=minute)
    every = geo.nearest_by_scan(db, *HERE, limit=10**6)
    expected = next(
        (
            place
            for place in every
            if hours.open_throughout(
                place["opening_hours"],
                at,
                at + timedelta(minutes=help_now.open_for_minutes(place["distance_m"])),
            )
        ),
        None,
    )
    answer = help_now.find_help(db, *HERE, at, PHONES, NAME)
    assert (answer.place or {}).get("id") == (expected or {}).get("id")
