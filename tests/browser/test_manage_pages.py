"""Every manage page, signed in, in Chromium: axe-core, 320 px and structure, as for public pages."""

import pytest

from tests.browser.conftest import ADMIN, PASSWORD
from tests.browser.test_pages import axe_violations

# Addresses under /manage that answer with something other than a page.
NOT_PAGES = ("/manage/login", "/manage/export.csv")
NOT_PAGE_ENDINGS = (".pdf", "/photo", ".png", ".csv")


def manage_pages(app):
    """Every GET page under /manage, with demonstration place 1 and account 1 filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if (
            not rule.rule.startswith("/manage")
            or "GET" not in rule.methods
            or rule.rule in NOT_PAGES
            or rule.rule.endswith(NOT_PAGE_ENDINGS)
        ):
            continue
        found.append(rule.build({name: 1 for name in rule.arguments})[1])
    return sorted(found)


@pytest.fixture(scope="module")
def signed_in(browser, live_server):
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.goto(live_server + "/manage/login")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/manage/")
    yield page
    context.close()


def test_manage_pages_are_found(app):
    assert {"/manage/", "/manage/places/", "/manage/places/new", "/manage/places/1"} <= set(manage_pages(app))


def test_every_manage_page_passes_axe_fits_320_px_and_has_one_h1(signed_in, live_server, app):
    problems = {}
    for path in manage_pages(app):
        for width in (1024, 320):
            signed_in.set_viewport_size({"width": width, "height": 800})
            response = signed_in.goto(live_server + path)
            if response.status != 200:
                problems[path] = f"status {response.status}"
                continue
            if width == 1024 and (violations := axe_violations(signed_in)):
                problems[path] = violations
            if signed_in.evaluate("document.documentElement.scrollWidth") > width:
                problems[f"{path} at {width} px"] = "scrolls sideways"
            if len(signed_in.query_selector_all("h1")) != 1:
                problems[path] = "not exactly one h1"
    assert problems == {}


def test_manage_tables_use_a_desktops_width_without_scrolling_sideways(signed_in, live_server):
    """At 1280 px the dashboard's and the report's tables fit: nothing scrolls sideways."""
    signed_in.set_viewport_size({"width": 1280, "height": 800})
    problems = {}
    for path in ("/manage/", "/manage/report", "/manage/coverage"):
        signed_in.goto(live_server + path)
        overflowing = signed_in.evaluate(
            "[...document.querySelectorAll('.table-scroll')]"
            ".filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.querySelector('table').id)"
        )
        main_width = signed_in.evaluate("document.querySelector('main').getBoundingClientRect().width")
        if overflowing or main_width < 1100:
            problems[path] = (overflowing, main_width)
    assert problems == {}
