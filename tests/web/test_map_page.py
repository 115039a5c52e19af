import html
import json
import re
from urllib.parse import urlparse

from tests.helpers import add_place, text

TILE_HOST = "tile.openstreetmap.org"


def markers(page):
    """The page URLs linked from the map's popups, and the map script."""
    script = page.find("script", nonce=True).string
    return set(re.findall(r'href=\\"(/places/[^\\"]+)\\"', script)), script


def marker_names(script):
    """The place names the map's markers carry, in order (their hidden text, less the status)."""
    hidden = re.findall(r'ksp-vh\\"\\u003e(.*?)\\u003c/span', script)
    return [html.unescape(json.loads(f'"{text}"')).rsplit(", ", 1)[0] for text in hidden]


def test_every_marker_is_also_a_text_link(pages, seeded, db):
    page = pages.get("/map")
    listed = {a["href"] for a in page.select("#place-list a")}
    active = {f"/places/{row['slug']}" for row in db.query("SELECT slug FROM places WHERE status = 'active'")}
    urls, _ = markers(page)
    assert listed == active == urls
    assert text(page.select_one("#list-heading")) == f"{len(active)} Keep Safe Places"


def test_the_map_page_loads_nothing_from_other_hosts(pages, seeded):
    page = pages.get("/map")
    sources = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href], img[src]")]
    assert sources and all(urlparse(source).netloc == "" for source in sources), sources
    script = page.find("script", nonce=True).string
    hosts = {urlparse(url).netloc for url in re.findall(r"https?://[^\s\"'<>]+", script)}
    assert hosts <= {TILE_HOST, "www.openstreetmap.org", "leafletjs.com"}, hosts


def test_the_map_is_named_skippable_and_needs_the_nonce(client, seeded):
    response = client.get("/map")
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    region = page.find(attrs={"role": "region"})
    assert region["aria-label"] == "Map of Keep Safe Places"
    skip = page.select_one(".ksp-map-block a[href='#place-list']")
    assert skip is not None
    nonce = page.find("script", nonce=True)["nonce"]
    policy = response.headers["Content-Security-Policy"]
    assert f"script-src 'self' 'nonce-{nonce}'" in policy
    assert f"img-src 'self' data: https://{TILE_HOST}" in policy
    assert client.get("/map").headers["Content-Security-Policy"] != policy, "a new nonce each time"


def test_pages_without_a_map_allow_no_inline_script(client):
    assert "script-src 'self';" in client.get("/help-now").headers["Content-Security-Policy"]


def test_a_location_lists_every_place_nearest_first(pages, db):
    far = add_place(db, 52.70, -1.13, name="Far")
    near = add_place(db, 52.64, -1.13, name="Near")
    page = pages.get("/map?lat=52.636&lon=-1.133")
    assert text(page.h1) == "Map of Keep Safe Places near your location"
    assert [text(a) for a in page.select("#place-list a")] == ["Near", "Far"]
    assert "You are here: your location" in page.find("script", nonce=True).string
    assert near and far


def test_open_and_closed_places_are_told_apart_in_words(pages, db, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    add_place(db, 52.64, -1.13, name="Open One", opening_hours="24/7")
    add_place(db, 52.65, -1.13, name="Shut One", opening_hours="off")
    page = pages.get("/map")
    script = page.find("script", nonce=True).string
    assert "Open One, open now" in script and "Shut One, closed now" in script
    assert [text(p) for p in page.select("#place-list .status")] == ["✓ Open 24 hours", "✕ Closed now"]


def test_a_place_the_map_cannot_find_keeps_the_text(pages, seeded):
    page = pages.get("/map?q=Narnia", status=404)
    assert page.find("input", id="q")["value"] == "Narnia"
    assert page.select("#place-list li"), "the full list still shows"


def test_results_and_place_pages_have_a_small_map(pages, seeded):
    find = pages.get("/find?q=LE1+5FQ")
    assert find.find(attrs={"role": "region"})["aria-label"] == "Map of the places near LE1 5FQ"
    urls, script = markers(find)
    assert urls == set(), "a small map's markers are pictures of the list beside it, not links"
    assert marker_names(script) == [a.get_text(strip=True) for a in find.select("#results h2 a")]
    place = pages.get(find.select_one("#results h2 a")["href"])
    assert place.find(attrs={"role": "region"})["aria-label"].startswith("Map of ")
