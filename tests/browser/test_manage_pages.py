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


# The account and import forms with mistakes on them (their GET pages are checked above)


def test_the_account_and_import_forms_with_mistakes_pass_axe_and_fit_320_px(signed_in, live_server, tmp_path):
    page, problems = signed_in, {}
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(live_server + "/manage/users/new")
    page.fill("#email", "not an address")
    page.fill("#password", "short")
    page.click(".accounts-form button[type=submit]")
    assert page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash)") == [
        "#email",
        "#role-registrar",
        "#password",
    ]
    assert page.input_value("#email") == "not an address" and page.input_value("#password") == ""
    check_page_state(page, problems, "new account with mistakes")

    # Someone else's account: the role radios, each with its hint, and a password mistake.
    page.set_viewport_size({"width": 1024, "height": 800})
    page.fill("#email", "radios.person@example.org")
    page.check("#role-registrar")
    page.fill("#password", "a long enough password")
    page.fill("#password-again", "a long enough password")
    page.click(".accounts-form button[type=submit]")
    page.wait_for_url("**/manage/users/")
    page.click("#accounts a >> text=radios.person@example.org")
    page.wait_for_url("**/manage/users/*")
    page.fill("#password", "short")
    page.click("form[action$='/password'] button[type=submit]")
    assert page.get_attribute("#role-admin", "aria-describedby") == "role-admin-hint"
    assert page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash)") == ["#password"]
    check_page_state(page, problems, "another account with a password mistake")

    bad = tmp_path / "places.csv"
    bad.write_text(
        "name,address,town,postcode,latitude,longitude,phone,opening_hours,category\n"
        "No Postcode Cafe,1 High Street,Leicester,,52.6,-1.1,,,cafe\n"
    )
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(live_server + "/manage/import")
    page.set_input_files("#csv", str(bad))
    page.click(".import-form button[type=submit]")
    assert page.locator("#row-problems li").count() == 1
    assert page.get_attribute("#csv", "aria-describedby") == "csv-hint csv-error"
    check_page_state(page, problems, "import with a row to fix")
    assert problems == {}


# The approve-with-position page and the place form's week table, in their states


def apply_for(page, live_server, name, postcode="LE7 7BP"):
    """Send an application through the public form, as a venue would; returns the page after it."""
    page.goto(live_server + "/apply")
    page.fill("#name", name)
    page.select_option("#category", "shop")
    page.fill("#address", "1 The Nook")
    page.fill("#town", "Anstey")
    page.fill("#postcode", postcode)
    page.fill("#contact_name", "Sam Owner")
    page.fill("#contact_email", "sam@example.org")
    page.click(".apply-form button[type=submit]")
    page.wait_for_url("**/apply/sent")


def application_id(page, live_server, name):
    page.goto(live_server + "/manage/applications")
    link = page.locator(f"li.application:has(h3:has-text('{name}')) a[id^=approve-]")
    return int(link.get_attribute("href").split("/")[-2])


def check_page_state(page, problems, label):
    """axe at 1024 px, and nothing sideways at 320 px, for the page as it is now."""
    for width in (1024, 320):
        page.set_viewport_size({"width": width, "height": 800})
        if width == 1024 and (violations := axe_violations(page)):
            problems[label] = violations
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems[f"{label} at {width} px"] = "scrolls sideways"


def test_approving_by_keyboard_moves_the_pin_onto_the_door(signed_in, live_server):
    page, problems = signed_in, {}
    apply_for(page, live_server, "Keyboard Stores")
    place_id = application_id(page, live_server, "Keyboard Stores")
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{live_server}/manage/applications/{place_id}/approve")
    page.wait_for_selector(".leaflet-marker-icon")
    check_page_state(page, problems, "approve page")
    page.set_viewport_size({"width": 1024, "height": 800})
    assert page.input_value("#latitude") == "" and "LE7" in page.inner_text("[data-pin-map-status]")
    page.click(".approve-form button[type=submit]")  # the rough position is refused
    assert "only the middle of the postcode area LE7" in page.inner_text("#position-error")
    check_page_state(page, problems, "approve page with a problem")
    page.set_viewport_size({"width": 1024, "height": 800})
    page.focus("#longitude")
    for _ in range(20):  # Tab on, past the map's own controls, to the pin
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"), (
        "the pin is reachable"
    )
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("ArrowLeft")
    lat, lon = float(page.input_value("#latitude")), float(page.input_value("#longitude"))
    assert (round(lat - 52.677164, 4), round(lon + 1.020786, 4)) == (0.001, -0.0001)
    page.focus("#note")
    page.keyboard.type("Pinned by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/manage/applications?approved={place_id}")
    assert "Keyboard Stores is approved" in page.inner_text("#approved")
    assert problems == {}


def test_approving_without_javascript_takes_the_two_numbers(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(live_server + "/manage/login")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/manage/")
    apply_for(page, live_server, "No Script Stores")
    place_id = application_id(page, live_server, "No Script Stores")
    page.goto(f"{live_server}/manage/applications/{place_id}/approve")
    assert page.locator("[data-pin-map]").is_hidden()
    page.fill("#latitude", "52.6731.")
    page.fill("#longitude", "-1.1890")
    page.click(".approve-form button[type=submit]")
    assert page.inner_text("#position-error").endswith("The latitude must be a number, like 52.636.")
    assert page.input_value("#latitude") == "52.6731."
    page.fill("#latitude", "52.6731")
    page.click(".approve-form button[type=submit]")
    assert f"approved={place_id}" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_the_week_table_states_pass_axe_and_fit_320_px(signed_in, live_server):
    page, problems = signed_in, {}
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(live_server + "/manage/places/2/edit")
    original = page.input_value("#opening_hours")
    page.fill("#hours-tu_closes", "5")
    page.fill("#hours-sa_opens", "nine")
    page.click(".place-form button[type=submit]")
    assert "Tuesday: does it close at 5am" in page.inner_text("#error-summary")
    assert page.get_attribute("#hours-tu_closes", "aria-invalid") == "true"
    check_page_state(page, problems, "week table with problems")
    page.set_viewport_size({"width": 1024, "height": 800})
    page.click("#advanced-hours summary")
    page.fill("#opening_hours", "Jan-Mar Mo-Fr 09:00-17:00")
    page.click(".place-form button[type=submit]")
    assert "You changed both the week table and the OpenStreetMap text" in page.inner_text("#error-summary")
    page.fill("#hours-tu_closes", "17:00")
    page.fill("#hours-sa_opens", "08:00")
    page.click(".place-form button[type=submit]")
    page.wait_for_url("**/manage/places/2")
    page.goto(live_server + "/manage/places/2/edit")
    assert page.get_attribute("#advanced-hours", "open") is not None
    assert "cannot be shown in the week table" in page.inner_text("#hours-not-a-table")
    check_page_state(page, problems, "hours the table cannot show")
    page.fill("#opening_hours", original)  # as it was, for the public pages' tests
    page.click(".place-form button[type=submit]")
    page.wait_for_url("**/manage/places/2")
    assert problems == {}


def test_the_week_table_by_keyboard(signed_in, live_server):
    """Every box of a day is reached with Tab, in order, with a visible focus ring."""
    from tests.browser.test_pages import VISIBLE_FOCUS

    page = signed_in
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server + "/manage/places/2/edit")
    page.focus("#hours-mo_opens")
    order = []
    for _ in range(5):
        order.append(page.evaluate("document.activeElement.id"))
        assert page.evaluate(VISIBLE_FOCUS, page.evaluate_handle("document.activeElement")), order[-1]
        page.keyboard.press("Tab")
    assert order == [
        "hours-mo_opens",
        "hours-mo_closes",
        "hours-mo_opens2",
        "hours-mo_closes2",
        "hours-mo_closed",
    ]
    page.focus("#hours-mo_closed")
    page.keyboard.press("Space")
    assert page.is_checked("#hours-mo_closed")
