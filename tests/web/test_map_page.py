import json
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from safeplaces import maps
from tests.helpers import add_place, static_url, text

TILE_HOST = "tile.openstreetmap.org"


def map_data(page):
    """The map's data block, parsed."""
    return json.loads(page.find("script", type="application/json").string)


def marker_urls(page):
    return {row[3] for row in map_data(page)["places"]}


def marker_names(page):
    return [row[2] for row in map_data(page)["places"]]


def test_every_marker_is_also_a_text_link(pages, seeded, db):
    page = pages.get("/map")
    listed = {a["href"] for a in page.select("#place-list a")}
    active = {f"/places/{row['slug']}" for row in db.query("SELECT slug FROM places WHERE status = 'active'")}
    assert listed == active == marker_urls(page)
    assert text(page.select_one("#list-heading")) == f"{len(active)} Keep Safe Places"


def test_the_map_page_loads_nothing_from_other_hosts_and_runs_no_inline_script(client, seeded, app):
    response = client.get("/map?q=LE1")
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    sources = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href], img[src]")]
    assert sources and all(urlparse(source).netloc == "" for source in sources), sources
    assert static_url(app, "vendor/leaflet.markercluster/leaflet.markercluster.js") in sources
    assert [script.get("type") for script in page.find_all("script") if not script.get("src")] == [
        "application/json"
    ]
    assert urlparse(map_data(page)["tiles"]["url"]).netloc == TILE_HOST
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "nonce" not in policy
    assert f"img-src 'self' data: https://{TILE_HOST}" in policy


def test_the_map_is_named_and_skippable(pages, seeded):
    page = pages.get("/map")
    region = page.find(attrs={"role": "region"})
    assert region["aria-label"] == "Map of Keep Safe Places"
    assert page.select_one(".ksp-map-block a[href='#place-list']") is not None


def test_a_location_lists_places_nearest_first(pages, db):
    far = add_place(db, 52.70, -1.13, name="Far")
    near = add_place(db, 52.64, -1.13, name="Near")
    page = pages.get("/map?lat=52.636&lon=-1.133")
    assert text(page.h1) == "Map of Keep Safe Places near your location"
    assert [text(a) for a in page.select("#place-list a")] == ["Near", "Far"]
    assert map_data(page)["origin"]["label"] == "You are here: your location"
    assert near and far


def test_near_a_place_it_opens_on_the_origin_and_its_nearest_places(pages, seeded):
    """Before: /map?q= opened on the whole area."""
    page = pages.get("/map?q=LE1+5FQ")
    data = map_data(page)
    (south, west), (north, east) = data["view"]["bounds"]
    nearest = data["places"][: maps.NEAREST_IN_VIEW]
    inside = [south <= row[0] <= north and west <= row[1] <= east for row in data["places"]]
    assert all(inside[: maps.NEAREST_IN_VIEW])
    assert not all(inside), "places further away are on the map, outside the first view"
    assert south <= data["origin"]["lat"] <= north and west <= data["origin"]["lon"] <= east
    assert north - south < 0.05, "a few streets, not the whole county"
    assert len(nearest) == maps.NEAREST_IN_VIEW


def test_open_and_closed_places_are_told_apart(pages, db, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    add_place(db, 52.64, -1.13, name="Open One", opening_hours="24/7")
    add_place(db, 52.65, -1.13, name="Shut One", opening_hours="off")
    page = pages.get("/map")
    data = map_data(page)
    assert [(row[2], row[4], data["statuses"][row[5]]) for row in data["places"]] == [
        ("Open One", "open", "Open 24 hours"),
        ("Shut One", "closed", "Closed now"),
    ]
    assert [text(p) for p in page.select("#place-list .status")] == ["✓ Open 24 hours", "✕ Closed now"]


def test_a_place_the_map_cannot_find_keeps_the_text(pages, seeded):
    page = pages.get("/map?q=Narnia", status=404)
    assert page.find("input", id="q")["value"] == "Narnia"
    assert page.select("#place-list li"), "the whole area's list still shows"


def test_results_and_place_pages_have_a_small_map(pages, seeded, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    find = pages.get("/find?q=LE1+5FQ")
    assert find.find(attrs={"role": "region"})["aria-label"] == "Map of the places near LE1 5FQ"
    data = map_data(find)
    assert data["interactive"] is False, "a small map's markers are pictures of the list, not links"
    assert marker_names(find) == [a.get_text(strip=True) for a in find.select("#results .place-name a")]
    assert not find.select("script[src$='leaflet.markercluster.js']")
    place = pages.get(find.select_one("#results .place-name a")["href"])
    assert place.find(attrs={"role": "region"})["aria-label"].startswith("Map of ")


def test_the_small_map_shows_the_open_place_set_apart_first(pages, seeded, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-24T00:00"
    find = pages.get("/find?q=LE1+5FQ")
    names = marker_names(find)
    assert names[0] == "High Street Late Bar & Kitchen" and names.count(names[0]) == 1
    assert names[1:] == [
        a.get_text(strip=True)
        for a in find.select("#results .place-name a")
        if a.get_text(strip=True) != names[0]
    ]


@pytest.fixture
def many(db):
    """250 places in a line going north from the clock tower, about 60 metres apart."""
    return [add_place(db, 52.6360 + n * 0.00055, -1.1330, name=f"Place {n:03d}") for n in range(250)]


def test_near_a_place_the_page_is_bounded_with_a_link_to_the_next(pages, many):
    """Before: every place, 2,000 at most (at 130,000 places /map?q=LE1 took 10 s and 2.1 MB)."""
    page = pages.get("/map?lat=52.636&lon=-1.133")
    listed = [text(a) for a in page.select("#place-list a")]
    assert listed == [f"Place {n:03d}" for n in range(maps.MAP_PAGE_PLACES)]
    assert len(map_data(page)["places"]) == maps.MAP_PAGE_PLACES
    assert text(page.find(id="list-heading")) == "Keep Safe Places 1 to 100, nearest first"
    further = page.find(id="further-places")
    assert parse_qs(urlparse(further["href"]).query) == {"lat": ["52.636"], "lon": ["-1.133"], "page": ["2"]}
    second = pages.get(further["href"])
    assert [text(a) for a in second.select("#place-list a")][0] == "Place 100"
    assert second.find(id="place-list")["start"] == "101"
    assert second.find(id="nearer-places")
    last = pages.get("/map?lat=52.636&lon=-1.133&page=3")
    assert len(last.select("#place-list li")) == 50 and last.find(id="further-places") is None


@pytest.mark.parametrize("page_number", ["0", "-1", "abc", "²", "99999999999999999999", "4", "21"])
def test_a_page_number_out_of_range_shows_a_real_page(pages, many, page_number):
    page = pages.get(f"/map?lat=52.636&lon=-1.133&page={page_number}")
    assert page.select("#place-list li")


def test_with_no_place_given_a_large_register_asks_where(pages, db, monkeypatch):
    monkeypatch.setattr(maps, "MAP_ALL_PLACES", 3)
    for n in range(4):
        add_place(db, 52.6 + n / 100, -1.1)
    page = pages.get("/map")
    assert text(page.find(id="too-many")).startswith(
        "There are more than 3 Keep Safe Places: too many for one map."
    )
    assert page.find(id="place-list") is None and page.find(attrs={"role": "region"}) is None
    assert page.find("input", id="q")
