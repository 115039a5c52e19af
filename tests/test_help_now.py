from datetime import datetime

from safeplaces import geo, help_now
from tests.helpers import add_place

PHONES = {"emergency": "999", "non_emergency": "101"}
MONDAY_10AM = datetime(2026, 11, 23, 10, 0)
HERE = (52.6360, -1.1330)


def north(metres):
    """A point this many metres north of HERE."""
    return HERE[0] + metres / 111_250, HERE[1]


def test_an_open_place_is_chosen_over_a_nearer_closed_one(db):
    add_place(db, *north(100), name="Closed Café", opening_hours="Sa-Su 10:00-16:00")
    add_place(db, *north(150), name="Unknown Hours Shop", opening_hours="")
    open_id = add_place(db, *north(400), name="Open Library", opening_hours="Mo-Fr 09:00-17:00")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES)
    assert answer.place["id"] == open_id
    assert answer.within_walk and answer.walk_minutes == geo.walk_minutes(answer.place["distance_m"])
    assert (
        answer.message == f"Open Library is open now. It is about {answer.walk_minutes} minutes' walk away."
    )


def test_the_fifteen_minute_cut_off(db):
    # 15 minutes' walk is 15 * 80 / 1.3 = 923 metres in a straight line.
    add_place(db, *north(915), name="Just In Reach", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES)
    assert (answer.walk_minutes, answer.within_walk) == (15, True)


def test_beyond_a_fifteen_minute_walk_offers_101_first(db):
    add_place(db, *north(935), name="Just Too Far", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES)
    assert (answer.walk_minutes, answer.within_walk, answer.place["name"]) == (16, False, "Just Too Far")
    assert answer.message == (
        "No Keep Safe Place is open within a 15-minute walk. If you need the police, "
        "phone 101. The nearest open place is Just Too Far, about 16 minutes' walk away."
    )


def test_nothing_open_at_all(db):
    add_place(db, *north(100), opening_hours="Mo-Fr 09:00-17:00")
    answer = help_now.find_help(db, *HERE, datetime(2026, 11, 22, 3, 0), PHONES)
    assert answer.place is None and not answer.within_walk and answer.walk_minutes is None
    assert answer.message == (
        "No Keep Safe Place is open near you now. If you need the police, phone 101. "
        "In an emergency, phone 999."
    )


def test_only_active_places_help(db):
    add_place(db, *north(100), status="suspended", opening_hours="24/7")
    assert help_now.find_help(db, *HERE, MONDAY_10AM, PHONES).place is None


def test_a_place_closing_before_you_could_get_there_is_not_chosen(db):
    add_place(db, *north(100), name="Shuts At Five", opening_hours="Mo-Fr 09:00-17:00")
    later = add_place(db, *north(600), name="Open Late", opening_hours="Mo-Fr 09:00-20:00")
    answer = help_now.find_help(db, *HERE, datetime(2026, 11, 23, 16, 50), PHONES)
    assert answer.place["id"] == later and answer.within_walk


def test_the_walk_is_worded_the_same_everywhere(db):
    add_place(db, *north(90_000 / 2), name="Far Away", opening_hours="24/7")
    answer = help_now.find_help(db, *HERE, MONDAY_10AM, PHONES, max_m=100_000)
    assert answer.message.endswith("The nearest open place is Far Away, more than 2 hours' walk away.")
