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
    ("/find", "/find?q=Narnia", 404),
    ("/places/<slug>", DEMO_PLACE, 200),
    ("/help-now", "/help-now", 200),
    ("/help-now", "/help-now?q=LE1+5FQ", 200),
    ("/help-now", "/help-now?q=AB10", 200),
    ("/map", "/map", 200),
    ("/map", "/map?q=LE1+5FQ", 200),
    ("/easy-read/", "/easy-read/", 200),
    *[("/easy-read/<page>", f"/easy-read/{page.slug}", 200) for page in easy_read.PAGES],
    ("/apply", "/apply", 200),
    ("/apply/sent", "/apply/sent", 200),
    ("/cards/new", "/cards/new", 200),
    ("/cards/batch", "/cards/batch", 200),
    ("/manage/login", "/manage/login", 200),
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
    tab_to(page, "#results > li:first-child h2 a")
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
NOT_PAGES = {"/places/<slug>/photo"}


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
    assert any(name.endswith("open now") for _, name in names)
    page.focus(".leaflet-marker-icon >> nth=1")
    page.keyboard.press("Enter")
    link = page.wait_for_selector(".leaflet-popup a")
    assert link.get_attribute("href").startswith("/places/")
    assert {urlparse(url).netloc for url in visit.outside} <= {"tile.openstreetmap.org"}


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
