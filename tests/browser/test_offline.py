"""Works with no signal: visit once, lose the signal, ask for help, get a place (issue 12)."""

import pytest
from playwright.sync_api import Error as BrowserError

NOW = "2026-11-23T10:05:00Z"  # the live server's fixed clock, 10:00 on a Monday, five minutes on


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized tab that allows the service worker, with its clock at the server's time."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    yield context, page, live_server
    context.close()


def visit_once(page, base):
    page.goto(base + "/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    # The worker has installed (it keeps its files while installing) and now controls the tab.
    page.reload()
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


@pytest.mark.parametrize(
    "address, rough",
    [
        ("/help-now?q=LE1+5FQ", True),
        ("/help-now?lat=52.6362&lon=-1.1332", False),
        ("/find?lat=52.6362&lon=-1.1332", False),
        ("/help-now?q=Leicester", True),  # a town, as the home page's example invites
        ("/help-now?q=lboro", True),  # and a local name for one
    ],
)
def test_offline_help_answers_from_the_saved_list(phone, address, rough):
    context, page, base = phone
    visit_once(page, base)
    context.set_offline(True)
    page.goto(base + address)
    page.wait_for_selector("#offline-place")
    answer = page.inner_text("#offline-answer")
    assert "You are offline. This list was saved on 23 November 2026 at 10:00am." in answer
    assert page.inner_text("#offline-place").startswith("Go to ")
    assert page.locator("#offline-answer a[href^='tel:']").count() == 1
    assert ("approximate" in answer) == rough
    if "Leicester" in address:
        assert "We used the middle of Leicester, so distances are approximate." in answer
    calls = page.eval_on_selector_all("a[href^='tel:']", "links => links.map(a => a.getAttribute('href'))")
    assert "tel:999" in calls and "tel:101" in calls


POINTS = [(52.6362, -1.1332), (52.6205, -1.1100), (52.7700, -1.2050), (52.5400, -1.3700), (52.6700, -0.7300)]


def test_offline_and_online_help_choose_the_same_place(phone):
    """The phone's answer from the saved list follows the server's rules (help_now.py)."""
    context, page, base = phone
    visit_once(page, base)
    online = {}
    for lat, lon in POINTS:
        answer = context.request.get(f"{base}/api/v1/help?lat={lat}&lon={lon}&at=2026-11-23T10:05").json()
        online[lat, lon] = answer["place"]["name"] if answer["place"] else None
    assert any(online.values())
    context.set_offline(True)
    for (lat, lon), name in online.items():
        page.goto(f"{base}/help-now?lat={lat}&lon={lon}")
        page.wait_for_selector("#offline-place, #offline-answer .help-message")
        chosen = page.locator("#offline-place")
        if name is None:
            assert chosen.count() == 0, (lat, lon)
        else:
            assert chosen.inner_text().endswith(name), (lat, lon, name, chosen.inner_text())


def test_offline_the_easy_read_pages_still_open(phone):
    context, page, base = phone
    visit_once(page, base)
    context.set_offline(True)
    response = page.goto(base + "/easy-read/what-is-a-keep-safe-place")
    assert response.ok
    assert page.locator("img").first.evaluate("img => img.complete && img.naturalWidth > 0")


def test_offline_a_postcode_not_in_the_saved_list_says_so_and_offers_the_phones(phone):
    context, page, base = phone
    visit_once(page, base)
    context.set_offline(True)
    page.goto(base + "/help-now?q=AB10+1AA")
    page.wait_for_function("() => !document.getElementById('offline-working')")
    assert "We cannot find “AB10 1AA” in the list saved on this phone" in page.inner_text("#offline-answer")


def test_the_manage_area_is_never_kept(phone):
    context, page, base = phone
    visit_once(page, base)
    page.goto(base + "/manage/login")
    cached = page.evaluate(
        "() => caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))"
        ".then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert cached and not [path for path in cached if path.startswith("/manage")]
    context.set_offline(True)
    with pytest.raises(BrowserError):
        page.goto(base + "/manage/login")
