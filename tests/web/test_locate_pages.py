"""Where am I, on the pages and in the API: corrections said, choices offered, never a 404 for an area."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.helpers import text

AREA = "Leicester, Leicestershire and Rutland"


def choices(page):
    return [(text(a), a["href"]) for a in page.select("#choices a")]


def query_of(href):
    return parse_qs(urlparse(href).query)["q"][0]


def test_a_misspelt_town_shows_places_and_says_what_was_typed(pages, seeded):
    page = pages.get("/find?q=Leicster")
    assert text(page.h1) == "Keep Safe Places near Leicester"
    assert text(page.find(id="corrected")) == "Showing places near Leicester. You typed “Leicster”."
    assert page.select("#results > li")
    assert page.find("input", id="q")["value"] == "Leicster"


def test_a_local_name_shows_places_without_a_correction(pages, seeded):
    page = pages.get("/find?q=Lboro")
    assert text(page.h1) == "Keep Safe Places near Loughborough"
    assert page.find(id="corrected") is None


def test_leicestershire_offers_its_districts_each_leading_to_places(pages, seeded):
    page = pages.get("/find?q=Leicestershire")
    assert text(page.h1) == "Find a Keep Safe Place"
    assert text(page.find(id="choose-heading")) == "Which part of Leicestershire are you in?"
    offered = choices(page)
    assert [label for label, _ in offered] == [
        "Blaby",
        "Charnwood",
        "Harborough",
        "Hinckley and Bosworth",
        "Melton",
        "North West Leicestershire",
        "Oadby and Wigston",
    ]
    others = [text(a) for a in page.select("[aria-labelledby=choose-others] a")]
    assert others == ["Leicester", "Rutland"]
    assert page.find(id="error-summary") is None
    for label, href in offered:
        district = pages.get(href)
        assert text(district.find(id="choose-heading")) == f"Which town or village in {label} are you in?"
        towns = choices(district)
        assert towns, label
        for _, town in towns:
            results = pages.get(town)
            assert text(results.h1).startswith("Keep Safe Places near "), town
            assert results.select("#results > li"), town


@pytest.mark.parametrize(
    "typed", ["Rutland", "Charnwood", "Hinckley and Bosworth", "North West Leicestershire"]
)
def test_a_district_offers_its_towns(pages, seeded, typed):
    page = pages.get(f"/find?q={typed}")
    assert text(page.find(id="choose-heading")) == f"Which town or village in {typed} are you in?"
    assert all(href.startswith("/find?q=") for _, href in choices(page))


@pytest.mark.parametrize("typed", [AREA, "LLR"])
def test_the_whole_area_offers_its_districts(pages, seeded, typed):
    page = pages.get(f"/find?q={typed}")
    assert text(page.find(id="choose-heading")) == f"Which part of {AREA} are you in?"
    assert len(choices(page)) == 9


def test_did_you_mean_offers_links(pages, seeded):
    page = pages.get("/find?q=Ansty")
    assert text(page.find(id="choose-heading")) == (
        f"We could not find “Ansty” in {AREA}. Did you mean one of these?"
    )
    assert [label for label, _ in choices(page)] == ["Anstey", "Ansty, Wiltshire"]
    assert pages.get(choices(page)[0][1]).find(id="corrected") is None


def test_a_name_nobody_knows_says_so_with_an_example(pages, seeded):
    page = pages.get("/find?q=Hogwarts", status=404)
    assert text(page.select_one("#error-summary a")) == (
        "We could not find a place called “Hogwarts”. Check the spelling, or type a postcode, like LE1 5FQ."
    )
    assert page.find(id="choices") is None


@pytest.mark.parametrize("typed", ["LE1 5FQ.", "le1-5fq", " LE15FQ,"])
def test_marks_around_a_postcode_are_forgiven(pages, seeded, typed):
    page = pages.get(f"/find?q={typed}")
    assert text(page.h1) == "Keep Safe Places near LE1 5FQ"


def test_help_now_offers_choices_that_stay_on_help_now(pages, seeded):
    page = pages.get("/help-now?q=Charnwood")
    assert text(page.h1) == "I need help now"
    assert text(page.find(id="choose-heading")) == "Which town or village in Charnwood are you in?"
    assert all(href.startswith("/help-now?q=") for _, href in choices(page))
    assert page.select("a[href='tel:999']"), "999 is still there"
    answered = pages.get("/help-now?q=Leicster")
    assert "You typed “Leicster”." in text(answered.find(id="corrected"))


def test_the_map_offers_choices_and_says_what_was_typed(pages, seeded):
    page = pages.get("/map?q=Leicestershire")
    assert all(href.startswith("/map?q=") for _, href in choices(page))
    assert page.select("#place-list li"), "the whole list still shows"
    corrected = pages.get("/map?q=Leicster")
    assert text(corrected.h1) == "Map of Keep Safe Places near Leicester"
    assert "You typed “Leicster”." in text(corrected.find(id="corrected"))


# The API: 300 Multiple Choices, and the text typed on a corrected origin.


def test_the_api_answers_an_area_with_its_choices(client, seeded):
    response = client.get("/api/v1/places/nearest?q=Leicestershire&limit=3")
    assert response.status_code == 300
    body = response.get_json()
    assert body["error"] == "Which part of Leicestershire are you in?"
    assert body["kind"] == "area"
    first = body["choices"][0]
    assert first == {
        "label": "Blaby",
        "q": "Blaby district",
        "url": "http://localhost/api/v1/places/nearest?q=Blaby+district&limit=3",
    }
    assert [c["label"] for c in body["others"]] == ["Leicester", "Rutland"]
    town = client.get(client.get(first["url"]).get_json()["choices"][0]["url"])
    assert town.status_code == 200 and len(town.get_json()["places"]) == 3


def test_the_api_says_what_was_typed_when_it_corrects_it(client, seeded):
    body = client.get("/api/v1/places/nearest?q=Leicster").get_json()
    assert (body["origin"]["label"], body["origin"]["corrected_from"]) == ("Leicester", "Leicster")
    assert client.get("/api/v1/places/nearest?q=Leicester").get_json()["origin"]["corrected_from"] is None


def test_the_api_asks_when_unsure(client, seeded):
    response = client.get("/api/v1/help?q=Ansty")
    assert response.status_code == 300
    body = response.get_json()
    assert body["kind"] == "places"
    assert [(c["label"], urlparse(c["url"]).path) for c in body["choices"]] == [
        ("Anstey", "/api/v1/help"),
        ("Ansty, Wiltshire", "/api/v1/help"),
    ]
    assert client.get(body["choices"][0]["url"]).status_code == 200


@pytest.mark.parametrize(
    "q, status",
    [("Hogwarts", 404), ("LE1 5", 400), ("ZZ9", 404), ("", 400), ("LE1 5FQ.", 200), ("Lboro", 200)],
)
def test_the_api_statuses(client, seeded, q, status):
    response = client.get("/api/v1/places/nearest", query_string={"q": q})
    assert response.status_code == status
    assert ("error" in response.get_json()) == (status != 200)
