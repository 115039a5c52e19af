"""Each language in Chromium, tried as a new reader would: the pages read in it, right to left
for Urdu and Arabic, with no axe violations, nothing sideways at 320 px, and only its own fonts.

The words compared are the catalogue's own (i18n.speaking), so a changed translation changes
what is expected, never the test.
"""

import pytest

from safeplaces import i18n, languages
from safeplaces.i18n import _
from safeplaces.web.languages import NOT_CHECKED
from tests.browser.test_pages import axe_violations

# The pages the issue names, with their heading's message where it is one message alone.
PAGES = [
    ("/", None),
    ("/find?q=LE1+5FQ", None),
    ("/help-now", "I need help now"),
    ("/easy-read/", "Easy read"),
    ("/cards/new", "Make a Keep Safe card"),
]
OTHERS = [language for language in languages.LANGUAGES if language.code != i18n.SOURCE]
# The folder of the font files each script's stylesheet loads, and the family they hold; a page
# in any other language loads none.
FONT_FILES = {"Gujr": "gujarati", "Guru": "gurmukhi", "Arab": "arabic"}
FONT_FAMILY = {"Gujr": "Noto Sans Gujarati", "Guru": "Noto Sans Gurmukhi", "Arab": "Noto Naskh Arabic"}


def words(code, message):
    with i18n.speaking(code):
        return _(message)


def fonts_fetched(page):
    return [
        url
        for url in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        if url.endswith(".woff2")
    ]


@pytest.mark.parametrize("language", OTHERS, ids=[language.code for language in OTHERS])
@pytest.mark.parametrize("address, heading", PAGES, ids=[address for address, _h in PAGES])
def test_each_page_reads_in_each_language_at_320_px_with_no_axe_violations(visit, language, address, heading):
    visit.page.set_viewport_size({"width": 320, "height": 640})
    join = "&" if "?" in address else "?"
    page = visit.open(f"{address}{join}lang={language.code}")
    page.wait_for_load_state("load")
    html = page.locator("html")
    assert html.get_attribute("lang") == language.code
    assert html.get_attribute("dir") == language.direction
    assert page.evaluate("getComputedStyle(document.body).direction") == language.direction
    if heading:
        assert page.inner_text("h1").strip() == words(language.code, heading)
    footer = page.inner_text(".site-footer")
    assert words(language.code, "Make a Keep Safe card") in footer and "Make a Keep Safe card" not in footer
    notice = page.inner_text("#translation-notice")
    assert words(language.code, NOT_CHECKED) in notice
    assert NOT_CHECKED in notice  # and in English
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "scrolls sideways"
    assert axe_violations(page) == []
    assert visit.errors == []


@pytest.mark.parametrize("language", OTHERS, ids=[language.code for language in OTHERS])
def test_a_page_loads_the_fonts_of_its_own_script_only(visit, language):
    page = visit.open(f"/?lang={language.code}")
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    fetched = fonts_fetched(page)
    folder = FONT_FILES.get(language.script)
    if folder is None:
        assert fetched == []
        return
    assert fetched and all(f"/static/fonts/{folder}/" in url for url in fetched), fetched
    family = FONT_FAMILY[language.script]
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert f'"{family}"' in loaded or family in loaded, loaded
    # The words are drawn in that font: the body's first choice.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(f'"{family}"')


def test_an_english_page_loads_no_font_and_reads_left_to_right(visit):
    page = visit.open("/?lang=en")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert fonts_fetched(page) == []
    assert page.locator("#translation-notice").count() == 0
