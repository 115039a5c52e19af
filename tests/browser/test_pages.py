"""Every public page in Chromium: axe-core, 320 px, 200% text, structure and the keyboard."""

import json
from itertools import pairwise
from urllib.parse import urlparse

import pytest

from safeplaces import easy_read
from tests.browser.conftest import AXE

DEMO_PLACE = "/places/bishop-street-central-library-leicester"

# (route, address to open, expected status). Every public page must be here: see the last test.
PAGES = [
    ("/", "/", 200),
    ("/find", "/find?q=LE1+5FQ", 200),
    ("/find", "/find?q=LE1+5FQ&open=now", 200),
    (
        "/find",
        "/find?lat=52.6356&lon=-1.1362",
        200,
    ),  # the nearest place is closed: the nearest open one first
    ("/find", "/find?q=Narnia", 404),
    ("/find", "/find?q=Leicestershire", 200),
    ("/find", "/find?q=Leicster", 200),
    ("/find", "/find?q=Ansty", 200),
    ("/find", "/find?q=Lutterworth+Rd", 404),  # a street: asked for the postcode
    ("/find", "/find?q=leicester+city+centre", 200),
    ("/find", "/find?lat=52.57&lon=-0.95", 200),  # between towns: the nearest open place is 6 miles away
    ("/places/<slug>", DEMO_PLACE, 200),
    ("/help-now", "/help-now", 200),
    ("/help-now", "/help-now?q=LE1+5FQ", 200),
    ("/help-now", "/help-now?q=LE15", 200),  # the nearest open place is past a reasonable walk
    ("/help-now", "/help-now?q=AB10", 200),
    ("/help-now", "/help-now?q=Charnwood", 200),
    ("/map", "/map", 200),
    ("/map", "/map?q=LE1", 200),
    ("/map", "/map?q=LE1+5FQ", 200),
    ("/report-hate-crime", "/report-hate-crime", 200),
    ("/map", "/map?q=Leicster", 200),
    ("/map", "/map?q=Rutland", 200),
    ("/easy-read/", "/easy-read/", 200),
    *[("/easy-read/<page>", f"/easy-read/{page.slug}", 200) for page in easy_read.PAGES],
    ("/apply", "/apply", 200),
    ("/apply/sent", "/apply/sent", 200),
    ("/cards/new", "/cards/new", 200),
    ("/cards/batch", "/cards/batch", 200),
    ("/manage/login", "/manage/login", 200),
    ("/offline/help", "/offline/help", 200),
    ("/offline/help", "/offline/help?q=LE1+5FQ", 200),
    ("/open-data", "/open-data", 200),
    ("404", "/no-such-page", 404),
]
PAGE_IDS = [address for _, address, _ in PAGES]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

VISIBLE_FOCUS = """el => {
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                  && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineColor !== 'transparent';
  return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""


def axe_violations(page):
    page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if not _overlapping_markers(v)
    ]


def _overlapping_markers(violation):
    """Map markers of places close together overlap, failing axe's target-size rule.

    WCAG 2.5.8 exempts a target when an equivalent control on the same page meets the size:
    every marker's link is also in the page's text list (tests/web/test_map_page.py checks it).
    """
    return violation["id"] == "target-size" and all(
        "leaflet-marker-icon" in " ".join(node["target"]) for node in violation["nodes"]
    )


@pytest.mark.parametrize("rule, address, status", PAGES, ids=PAGE_IDS)
def test_no_axe_violations(visit, rule, address, status):
    page = visit.open(address, status)
    assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
    assert visit.errors == [], visit.errors


@pytest.mark.parametrize("rule, address, status", PAGES, ids=PAGE_IDS)
def test_nothing_scrolls_sideways_at_320_px(visit, rule, address, status):
    visit.page.set_viewport_size({"width": 320, "height": 640})
    page = visit.open(address, status)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("rule, address, status", PAGES, ids=PAGE_IDS)
def test_text_zoomed_to_200_percent_loses_nothing(visit, rule, address, status):
    visit.page.set_viewport_size({"width": 640, "height": 800})
    page = visit.open(address, status)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    clipped = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(el => {
        const s = getComputedStyle(el);
        // A map's panes hold tiles and markers, not text, and overflow on purpose.
        return el.offsetParent && s.overflow !== 'visible' && el.scrollWidth > el.clientWidth + 1
               && !el.matches('.visually-hidden, .skip-link') && !el.closest('.leaflet-container');
      }).map(el => el.tagName + '.' + el.className)""")
    assert clipped == []


@pytest.mark.parametrize("rule, address, status", PAGES, ids=PAGE_IDS)
def test_structure(visit, rule, address, status):
    page = visit.open(address, status)
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    headings = page.evaluate(
        "[...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
        ".map(h => [Number(h.tagName[1]), h.textContent.trim()])"
    )
    assert len(page.query_selector_all("h1")) == 1
    levels = [level for level, _ in headings if True]
    h1 = page.inner_text("h1").strip()
    title = page.title().removeprefix("Error: ")
    assert title.startswith(h1) and title != h1, "the title names the page and the site"
    after_h1 = levels[levels.index(1) :]
    assert all(b <= a + 1 for a, b in pairwise(after_h1)), headings


def tab_to(page, selector, limit=40):
    """Press Tab until `selector` has focus, checking every stop shows where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        assert page.evaluate(VISIBLE_FOCUS, focused), page.evaluate(
            "el => el.outerHTML.slice(0, 120)", focused
        )
        if page.evaluate("(args) => args[0].matches(args[1])", [focused, selector]):
            return
    pytest.fail(f"could not reach {selector} with the Tab key")


def test_keyboard_journey_from_search_to_a_phone_number(visit):
    page = visit.open("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main", "skip link first"
    tab_to(page, "input#q")
    page.keyboard.type("LE1 5FQ")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/find?q=LE1+5FQ" in page.url
    tab_to(page, "#results > li:first-child .place-name a")
    tab_to(page, "#results > li:first-child a.phone")
    assert page.evaluate("document.activeElement.getAttribute('href')").startswith("tel:")


def test_skip_link_moves_focus_to_the_main_content(visit):
    page = visit.open("/find?q=LE1+5FQ")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_help_now_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name="I need help now").click()
    page.fill("input#q", "LE1 5FQ")
    page.click("button[type=submit]")
    assert page.inner_text("h1").startswith("Go to ")
    assert page.get_attribute("#call-place", "href").startswith("tel:")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_use_my_location_appears_with_javascript_and_searches_from_there(browser, live_server):
    context = browser.new_context(
        geolocation={"latitude": 52.6340, "longitude": -1.1310}, permissions=["geolocation"]
    )
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_url("**/find?lat=52.6340&lon=-1.1310")
    assert page.inner_text("h1") == "Keep Safe Places near your location"
    context.close()


# Public addresses that answer with something other than a page.
NOT_PAGES = {
    "/places/<slug>/photo",
    "/healthz",
    "/manifest.webmanifest",
    "/sw.js",
    "/offline/places.json",
    "/places.geojson",
    "/places.csv",
    "/openreferral/v3/",
    "/openreferral/v3/services",
    "/openreferral/v3/services/<service_id>",
    "/openreferral/v3/service_at_locations",
    "/openreferral/v3/service_at_locations/<link_id>",
}


def test_every_public_page_is_checked_here(app):
    public = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.rule.startswith(("/api/", "/static", "/manage"))
    }
    assert public - NOT_PAGES - {rule for rule, _, _ in PAGES} == set()


def test_the_map_draws_named_keyboard_markers_and_asks_only_the_tile_server(visit):
    page = visit.open("/map?q=LE1+5FQ")
    page.wait_for_selector(".leaflet-marker-icon")
    assert visit.errors == []
    region = page.locator("[role=region]")
    assert region.get_attribute("aria-label") == "Map of Keep Safe Places near LE1 5FQ"
    names = page.eval_on_selector_all(
        ".leaflet-marker-icon", "els => els.map(e => [e.tabIndex, e.textContent.trim()])"
    )
    assert names and all(tab_index == 0 and name for tab_index, name in names)
    assert names[0][1].startswith("You are here: LE1 5FQ")
    assert any(name.endswith(", open now") for _, name in names)
    assert {urlparse(url).netloc for url in visit.outside} <= {"tile.openstreetmap.org"}


def wait_until(page, expression, seconds=5):
    """Poll an expression (wait_for_function would evaluate it in the page, which the CSP forbids)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    pytest.fail(f"still false after {seconds} s: {expression}")


def map_view(page):
    return page.evaluate(
        "(() => { const map = document.querySelector('[data-ksp-map]').kspMap;"
        " const b = map.getBounds(); return {zoom: map.getZoom(),"
        " south: b.getSouth(), north: b.getNorth(), west: b.getWest(), east: b.getEast()}; })()"
    )


def test_the_map_opens_on_the_origin_and_its_nearest_places(visit):
    page = visit.open("/map?q=LE1+5FQ")
    page.wait_for_selector(".leaflet-marker-icon")
    view = map_view(page)
    data = page.evaluate("JSON.parse(document.getElementById('safe-places-map-data').textContent)")
    for lat, lon, *_ in data["places"][:5]:
        assert view["south"] <= lat <= view["north"] and view["west"] <= lon <= view["east"]
    assert view["zoom"] >= 14, "a few streets around you, not the whole area"
    whole = visit.open("/map")
    whole.wait_for_selector(".leaflet-marker-icon")
    assert map_view(whole)["zoom"] < view["zoom"]


def test_a_marker_opens_its_popup_from_the_keyboard_and_focus_comes_back(visit):
    page = visit.open("/map?q=LE1+5FQ")
    page.wait_for_selector(".ksp-open.leaflet-marker-icon")
    marker = page.locator(".ksp-open.leaflet-marker-icon").first
    marker.focus()
    assert page.evaluate(VISIBLE_FOCUS, page.evaluate_handle("document.activeElement"))
    page.keyboard.press("Enter")
    link = page.wait_for_selector(".leaflet-popup a")
    assert link.get_attribute("href").startswith("/places/")
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null"), "focus moves in"
    page.keyboard.press("Escape")
    wait_until(page, "!document.querySelector('.leaflet-popup')")
    assert "ksp-open" in page.evaluate("document.activeElement.className"), "and back to its marker"
    page.keyboard.press(" ")
    page.wait_for_selector(".leaflet-popup a")


def test_close_places_are_grouped_and_a_group_zooms_in_from_the_keyboard(visit):
    page = visit.open("/map")
    page.wait_for_selector(".ksp-group")
    group = page.locator(".ksp-group").first
    name = group.text_content()
    assert " places here, " in name and ("open now" in name)
    before = map_view(page)["zoom"]
    group.focus()
    page.keyboard.press("Enter")
    wait_until(page, f"document.querySelector('[data-ksp-map]').kspMap.getZoom() > {before}")


def test_open_places_are_drawn_above_closed_ones(visit):
    page = visit.open("/map?q=LE1+5FQ")
    page.wait_for_selector(".ksp-open.leaflet-marker-icon")
    by_kind = page.evaluate(
        "[...document.querySelectorAll('.leaflet-marker-icon')].map(e =>"
        " [['ksp-open', 'ksp-closed', 'ksp-unknown', 'ksp-origin'].find(k => e.classList.contains(k)) || 'group',"
        " Number(e.style.zIndex)])"
    )
    lowest_open = min(z for kind, z in by_kind if kind == "ksp-open")
    highest_other = max(z for kind, z in by_kind if kind in ("ksp-closed", "ksp-unknown"))
    assert lowest_open > highest_other
    assert max(z for kind, z in by_kind if kind == "ksp-origin") > lowest_open


def test_the_map_page_without_javascript_is_its_list(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server + "/map?q=LE1")
    assert not page.locator(".ksp-map-block").is_visible()
    assert page.locator("#place-list a").count() > 10
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_the_application_week_table_by_keyboard_with_a_plain_error_at_320_px(visit):
    page = visit.open("/apply")
    page.set_viewport_size({"width": 320, "height": 640})
    tab_to(page, "#hours-mo_opens", limit=60)
    page.keyboard.type("9")
    page.keyboard.press("Tab")
    page.keyboard.type("5")  # 5am or 5pm? The form asks rather than guess
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "hours-mo_closed"
    with page.expect_navigation():
        page.click(".apply-form button[type=submit]")
    summary = page.inner_text("#error-summary")
    assert "Monday: does it close at 5am, after midnight, or at 5pm? Write 5am or 5pm." in summary
    assert page.input_value("#hours-mo_opens") == "9" and page.input_value("#hours-mo_closes") == "5"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.click("#error-summary a[href='#hours-mo_closes']")
    assert page.evaluate("document.activeElement.id") == "hours-mo_closes"
