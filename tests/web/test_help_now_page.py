import pytest

from tests.helpers import add_place, text


@pytest.fixture
def monday_morning(app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"


def test_every_page_has_the_help_now_button_first_in_the_header(pages, seeded):
    for url in ("/", "/find?q=LE1", "/help-now", "/nowhere"):
        page = pages.get(url, status=404 if url == "/nowhere" else 200)
        button = page.select_one("header .help-now-button")
        assert button["href"] == "/help-now" and text(button) == "I need help now", url


def test_without_a_location_it_asks_where_you_are_and_shows_999_and_101(pages):
    page = pages.get("/help-now")
    assert text(page.h1) == "I need help now"
    assert [a["href"] for a in page.select("main .call-buttons a")] == ["tel:999", "tel:101"]
    form = page.find("form", attrs={"action": "/help-now"})
    assert form["method"] == "get" and form.find("input", id="q")
    assert form.find(attrs={"data-locate": True}).has_attr("hidden")


def test_an_open_place_within_a_walk(pages, db, monday_morning):
    add_place(db, 52.6365, -1.133, name="Closed Café", opening_hours="Sa-Su 10:00-16:00")
    add_place(
        db,
        52.6380,
        -1.133,
        name="Open Library",
        slug="open-library",
        phone="0116 496 0111",
        opening_hours="Mo-Fr 09:00-17:00",
    )
    page = pages.get("/help-now?lat=52.636&lon=-1.133")
    assert text(page.h1) == "Go to Open Library"
    assert text(page.find(id="help-message")) == "Open Library is open now. It is about 4 minutes' walk away."
    assert text(page.select_one(".help-place .status")) == "✓ Open now until 5pm"
    assert page.find(id="call-place")["href"] == "tel:01164960111"
    assert page.find(id="directions")
    assert [a["href"] for a in page.select("main .call-buttons a")] == ["tel:999", "tel:101"]
    assert page.find(id="call-101") is None
    assert page.find("iframe") is None and page.find(class_="ksp-map-block") is None, "no map needed"


def test_nothing_open_within_a_walk_offers_101_first(pages, db, monday_morning):
    add_place(db, 52.6500, -1.133, name="Far Bus Station", opening_hours="24/7")
    page = pages.get("/help-now?lat=52.636&lon=-1.133")
    assert text(page.h1) == "No place is open within a 15-minute walk"
    main_links = [a["href"] for a in page.select("main a[href^='tel:']")]
    assert main_links[0] == "tel:101"
    assert text(page.find(id="help-place-name")) == "The nearest open place is further away: Far Bus Station"


def test_nothing_open_at_all(pages, db, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-22T03:00"
    add_place(db, 52.6365, -1.133, opening_hours="Mo-Fr 09:00-17:00")
    page = pages.get("/help-now?q=LE1+5FQ")
    assert text(page.h1) == "No Keep Safe Place is open near you"
    assert page.find(id="call-101")["href"] == "tel:101"
    assert page.select_one(".help-place") is None


def test_a_search_it_cannot_place_keeps_what_was_typed(pages):
    page = pages.get("/help-now?q=Narnia", status=404)
    assert page.find("input", id="q")["value"] == "Narnia"
    assert "Narnia" in text(page.find(id="q-error"))


def test_the_demo_places_answer_in_leicester(pages, seeded, monday_morning):
    page = pages.get("/help-now?q=LE1+5FQ")
    assert text(page.h1).startswith("Go to ")
    assert page.find(id="call-place")["href"].startswith("tel:0116496")


def test_a_rough_starting_point_is_said_to_be_rough(pages, seeded, monday_morning):
    page = pages.get("/help-now?q=LE11+3AA")
    assert "middle of the LE11 postcode area" in text(page.find(id="approximate"))
    assert pages.get("/help-now?lat=52.7721&lon=-1.2062").find(id="approximate") is None
