"""The card maker in Chromium: made by keyboard alone, without JavaScript at 320 px, and its
page of mistakes checked by axe-core. The card that comes back is read with pdftotext."""

from tests.browser.test_pages import axe_violations, tab_to
from tests.test_card_scripts import readable
from tests.test_cards import poppler_text


def download_text(download):
    with open(download.path(), "rb") as pdf:
        return readable(poppler_text(pdf.read()))


def test_a_card_made_by_keyboard_alone(visit):
    page = visit.open("/cards/new")
    tab_to(page, "input#name")
    page.keyboard.type("અમિત પટેલ")
    tab_to(page, "input#contact1_name")
    page.keyboard.type("Meena Patel")
    tab_to(page, "input#contact1_phone")
    page.keyboard.type("07700 900123")
    tab_to(page, "select#language")
    page.keyboard.press("ArrowDown")  # a closed select moves through its options with the arrow keys
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("select#language", "el => el.value") == "gu"
    tab_to(page, "input#format-wallet")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    with page.expect_download() as made:
        page.keyboard.press("Enter")
    text = download_text(made.value)
    assert "અમિત પટેલ" in text and "My language: Gujarati (ગુજરાતી)" in text
    assert visit.errors == []


def test_a_card_made_without_javascript_on_a_small_screen(browser, live_server):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 640}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name="Make a Keep Safe card").first.click()
    assert page.inner_text("h1") == "Make a Keep Safe card"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.fill("#name", "عائشہ خان")
    page.fill("#contact1_name", "Fatima Khan")
    page.fill("#contact1_phone", "07700 900456")
    page.select_option("#language", "ur")
    page.check("#format-a4")
    with page.expect_download() as made:
        page.click("button[type=submit]")
    text = download_text(made.value)
    # (poppler gives the bracket after اردو back on the wrong side: it is printed right.)
    assert "عائشہ خان" in text and "My language: Urdu" in text and "اردو" in text
    context.close()


def test_the_page_of_mistakes_passes_axe_and_keeps_the_language(visit):
    page = visit.open("/cards/new")
    page.select_option("#language", "pa")
    page.fill("#contact1_phone", "12")
    page.click("button[type=submit]")
    assert page.inner_text("title").startswith("Error: ")
    assert page.eval_on_selector("select#language", "el => el.value") == "pa"
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
