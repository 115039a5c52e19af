"""Open places first: the situations of the issue "Right answers for everyone in the area", item 3.

Each runs at a fixed time (SAFEPLACES_FIXED_NOW) against the demonstration places or places
added for the test.
"""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.helpers import add_place, text

MIDNIGHT = "2026-11-24T00:00"  # a Tuesday: in the centre of Leicester only a late bar is open
MONDAY_10AM = "2026-11-23T10:00"


@pytest.fixture
def at(app):
    def fix(moment):
        app.config["SAFEPLACES_FIXED_NOW"] = moment

    return fix


def names(page):
    return [text(name) for name in page.select("#results .place-name")]


def follow(pages, link):
    return pages.get(link["href"])


def test_at_midnight_the_nearest_open_place_comes_first_set_apart(pages, seeded, at):
    """Before: nine closed places first, the one open place 8th."""
    at(MIDNIGHT)
    page = pages.get("/find?q=LE1+5FQ")
    first = page.find(id="open-first")
    assert text(first.h2) == "The nearest place open now"
    assert text(first.select_one(".place-name")) == "High Street Late Bar & Kitchen"
    assert first.select_one(".place-name a")["href"] == "/places/high-street-late-bar-kitchen-leicester"
    assert text(first.select_one(".distance")) == "about 10 minutes' walk (0.4 miles)"
    assert text(first.select_one(".status")) == "✓ Open now until 2am"
    assert first.select_one("a.phone")["href"].startswith("tel:")
    # Set apart, before the list, which is still nearest first, under its own heading.
    everything = list(page.find(id="main").descendants)
    assert everything.index(first) < everything.index(page.find(id="results"))
    assert text(page.find(id="results-heading")) == "All places near LE1 5FQ, nearest first"
    statuses = [text(status) for status in page.select("#results .status")]
    assert statuses[0].startswith("✕ Closed now") and len(statuses) == 10
    assert [name.name for name in page.select("#results .place-name")] == ["h3"] * 10


def test_only_places_open_now_is_a_plain_link(pages, seeded, at):
    at(MIDNIGHT)
    link = pages.get("/find?q=LE1+5FQ").find(id="only-open")
    assert text(link) == "Only places open now"
    assert parse_qs(urlparse(link["href"]).query) == {"q": ["LE1 5FQ"], "open": ["now"]}
    page = follow(pages, link)
    assert text(page.h1) == "Keep Safe Places open now near LE1 5FQ"
    assert names(page)[0] == "High Street Late Bar & Kitchen"
    assert all(text(status).startswith("✓ Open") for status in page.select("#results .status"))
    assert page.find(id="open-first") is None, "the list is already open places only"
    back = page.find(id="all-places")
    assert parse_qs(urlparse(back["href"]).query) == {"q": ["LE1 5FQ"]}


def test_only_places_open_now_from_a_position_keeps_the_position(pages, db, at):
    at(MONDAY_10AM)
    add_place(db, 52.6365, -1.133, name="Shut", opening_hours="Sa-Su 10:00-16:00")
    add_place(db, 52.6380, -1.133, name="Open", opening_hours="Mo-Fr 09:00-17:00")
    page = pages.get("/find?lat=52.636&lon=-1.133")
    query = parse_qs(urlparse(page.find(id="only-open")["href"]).query)
    assert query == {"lat": ["52.636"], "lon": ["-1.133"], "open": ["now"]}
    assert names(pages.get("/find?lat=52.636&lon=-1.133&open=now")) == ["Open"]


def test_when_the_nearest_place_is_open_nothing_is_set_apart(pages, seeded, at):
    at(MONDAY_10AM)
    page = pages.get("/find?q=LE1+5FQ")
    assert page.find(id="open-first") is None and page.find(id="results-heading") is None
    assert page.select_one("#results .status").get_text().strip().startswith("✓ Open")
    assert page.find(id="only-open")


def test_when_nothing_is_open_it_says_so_and_gives_the_police(pages, db, at):
    at(MIDNIGHT)
    add_place(db, 52.6365, -1.133, opening_hours="Mo-Fr 09:00-17:00")
    add_place(db, 52.6370, -1.133, opening_hours="")
    page = pages.get("/find?lat=52.636&lon=-1.133")
    notice = page.find(id="open-first")
    assert text(notice).startswith("No Keep Safe Place within 31 miles of your location is open now.")
    assert {a["href"] for a in notice.select("a")} == {"tel:101", "tel:999"}
    assert len(names(page)) == 2
    only_open = pages.get("/find?lat=52.636&lon=-1.133&open=now")
    assert only_open.select("#results li") == []
    assert text(only_open.find(id="no-results")) == (
        "No Keep Safe Place within 31 miles of your location is open now."
    )
    assert only_open.find(id="all-places")


def test_far_places_are_told_by_distance_not_hours_of_walking(pages, seeded, at):
    """Before: "more than 2 hours' walk (9.3 miles)"."""
    at(MONDAY_10AM)
    page = pages.get("/find?q=Melton")
    distances = {
        text(item.select_one(".place-name")): text(item.select_one(".distance"))
        for item in page.select("#results li")
    }
    assert distances["Oakham High Street Tea Room"] == "9.3 miles away"
    assert distances["Market Place Bakery Café"] == "about 6 minutes' walk (0.2 miles)"
    assert "hour" not in text(page.find(id="main"))


def test_help_now_past_a_reasonable_walk_offers_101_then_the_distance_and_no_walk(pages, seeded, at):
    """Before: /help-now from Melton offered a 13-mile walk with walking directions."""
    at(MIDNIGHT)
    page = pages.get("/help-now?q=Melton")
    assert text(page.h1) == "No place is open within a 15-minute walk"
    assert [a["href"] for a in page.select("main a[href^='tel:']")][0] == "tel:101"
    place = page.select_one(".help-place")
    assert text(place.h2) == "The nearest open place is further away: Beaumont Leys Supermarket"
    assert text(place.select_one(".help-walk")) == "13 miles away"
    assert text(page.find(id="get-there")) == "Ask someone to help you get there."
    assert page.find(id="directions") is None, "no walking directions for a 13-mile journey"
    assert page.find(id="call-place")["href"] == "tel:01164960191"


def test_help_now_within_a_reasonable_walk_keeps_the_walk_and_directions(pages, db, at):
    at(MONDAY_10AM)
    add_place(db, 52.6360 + 1500 / 111_250, -1.133, name="Twenty Five Minutes", opening_hours="24/7")
    page = pages.get("/help-now?lat=52.636&lon=-1.133")
    assert text(page.h1) == "No place is open within a 15-minute walk"
    assert text(page.select_one(".help-walk")).startswith("about 25 minutes' walk")
    assert page.find(id="directions") and page.find(id="get-there") is None


def test_the_api_says_when_a_place_is_past_a_reasonable_walk(client, seeded):
    body = client.get("/api/v1/help?q=Melton&at=2026-11-24T00:00").get_json()
    assert body["place"]["name"] == "Beaumont Leys Supermarket"
    assert (body["within_walk"], body["walkable"]) == (False, False)
    assert body["message"].endswith("13 miles away. Ask someone to help you get there.")
    near = client.get("/api/v1/help?q=LE1+5FQ&at=2026-11-23T10:00").get_json()
    assert (near["within_walk"], near["walkable"]) == (True, True)


def test_the_api_lists_only_places_open_now(client, seeded):
    body = client.get("/api/v1/places/nearest?q=LE1+5FQ&open_at=2026-11-24T00:00&limit=3").get_json()
    assert [place["name"] for place in body["places"]][0] == "High Street Late Bar & Kitchen"
    assert all(place["open_now"] for place in body["places"])


def test_when_the_nearest_open_place_is_past_a_walk_the_police_come_first(pages, db, at):
    """/find from Oakham offered a place 17 miles away as "the nearest place open now", and no 101."""
    at(MONDAY_10AM)
    add_place(db, 52.6365, -1.133, name="Shut Nearby", opening_hours="Sa-Su 10:00-16:00")
    add_place(db, 52.7400, -1.133, name="Open Far Away", opening_hours="Mo-Fr 09:00-17:00")
    page = pages.get("/find?lat=52.636&lon=-1.133")
    far = page.find(id="open-first-far")
    assert text(far).startswith("No Keep Safe Place within 1.1 miles of your location is open now.")
    assert {a["href"] for a in far.select("a")} == {"tel:101", "tel:999"}
    everything = list(page.find(id="main").descendants)
    first = page.find(id="open-first")
    assert everything.index(far) < everything.index(first), "the police's numbers before the far place"
    assert text(first.select_one(".place-name")) == "Open Far Away"
    assert text(first.select_one(".distance")) == "7.2 miles away"
    assert text(first.find(id="open-first-help")) == "Ask someone to help you get there."


@pytest.mark.parametrize("only_open", ["", "&open=now"])
def test_when_the_nearest_place_of_all_is_open_but_past_a_walk_the_police_come_first(
    pages, db, at, only_open
):
    """/find from the fields between towns listed a place 6 miles away with no word of 101."""
    at(MONDAY_10AM)
    add_place(db, 52.7400, -1.133, name="Open Far Away", opening_hours="Mo-Fr 09:00-17:00")
    page = pages.get(f"/find?lat=52.636&lon=-1.133{only_open}")
    far = page.find(id="open-first-far")
    assert text(far.p) == "No Keep Safe Place within 1.1 miles of your location is open now."
    assert text(far.find(id="open-first-help")) == (
        "The nearest open place is 7.2 miles away. Ask someone to help you get there."
    )
    assert {a["href"] for a in far.select("a")} == {"tel:101", "tel:999"}
    everything = list(page.find(id="main").descendants)
    assert everything.index(far) < everything.index(page.find(id="results"))
    assert page.find(id="open-first") is None, "the list's first place is the nearest open one"


def test_an_open_place_within_a_walk_needs_no_warning(pages, db, at):
    at(MONDAY_10AM)
    add_place(db, 52.6365, -1.133, name="Shut Nearby", opening_hours="Sa-Su 10:00-16:00")
    add_place(db, 52.6450, -1.133, name="Open Near", opening_hours="Mo-Fr 09:00-17:00")
    page = pages.get("/find?lat=52.636&lon=-1.133")
    assert page.find(id="open-first-far") is None and page.find(id="open-first-help") is None
    assert text(page.find(id="open-first").select_one(".place-name")) == "Open Near"
