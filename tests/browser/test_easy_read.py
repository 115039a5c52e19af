"""Easy-read pages in Chromium: short sentences, a picture on every line, large words, read aloud."""

import pytest

from safeplaces import easy_read, i18n
from safeplaces.i18n import _

EASY_READ = [f"/easy-read/{page.slug}" for page in easy_read.PAGES]

# Speech is replaced by a recorder, so the test hears what would be said, in order.
RECORD_SPEECH = """
window.spoken = []; window.cancelled = 0;
window.speechSynthesis.speak = u => window.spoken.push([u.text, u.lang]);
window.speechSynthesis.cancel = () => { window.cancelled += 1; };
"""


@pytest.mark.parametrize("address", EASY_READ)
def test_every_sentence_is_short_every_line_has_a_picture_and_the_words_are_large(visit, address):
    page = visit.open(address)
    lines = page.eval_on_selector_all(
        ".er-line",
        """lines => lines.map(line => ({
        alt: [...line.querySelectorAll('img')].map(img => img.getAttribute('alt')),
        loaded: [...line.querySelectorAll('img')].every(img => img.complete && img.naturalWidth > 0),
        sentences: [...line.querySelectorAll('.er-words p')].map(p => p.innerText.trim()),
        sizes: [...line.querySelectorAll('.er-words p')].map(p => parseFloat(getComputedStyle(p).fontSize)),
        spacing: [...line.querySelectorAll('.er-words p')].map(
            p => parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize)),
      }))""",
    )
    assert lines
    for line in lines:
        assert line["alt"] and all(alt.strip() for alt in line["alt"]), line
        assert line["loaded"], line
        assert min(line["sizes"]) >= 20, line
        assert min(line["spacing"]) >= 1.5, line
        for sentence in line["sentences"]:
            assert easy_read.count_words(sentence, ("999", "101")) <= easy_read.MAX_WORDS, sentence


@pytest.fixture
def tab(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()
    page.base = live_server
    yield page
    context.close()


def test_read_aloud_reads_the_heading_and_the_lines_in_order_and_stops(tab):
    tab.add_init_script(RECORD_SPEECH)
    tab.goto(tab.base + "/easy-read/if-you-feel-unsafe")
    button = tab.get_by_role("button", name="Read this page to me")
    assert button.is_visible()
    button.click()
    spoken = tab.evaluate("window.spoken")
    assert {lang for _, lang in spoken} == {"en-GB"}
    said = [words for words, _ in spoken]
    assert said[:3] == [
        "If you feel unsafe when you are out",
        "You might feel lost, scared or unsafe when you are out.",
        "Look for the Keep Safe Places sticker in a shop window.",
    ]
    assert "In an emergency, phone 9 9 9." in said and "I need help now" in said
    assert said[-1] == "Find a Keep Safe Place"
    assert tab.get_by_role("button", name="Stop reading").is_visible()
    cancelled = tab.evaluate("window.cancelled")
    tab.get_by_role("button", name="Stop reading").click()
    assert tab.evaluate("window.cancelled") == cancelled + 1
    assert tab.get_by_role("button", name="Read this page to me").is_visible()


def test_read_aloud_stays_hidden_where_the_browser_cannot_speak(tab):
    tab.add_init_script("window.SpeechSynthesisUtterance = undefined;")
    tab.goto(tab.base + "/easy-read/what-is-hate-crime")
    assert tab.locator("[data-read-aloud]").is_hidden()


def test_the_home_page_leads_to_the_easy_read_pages(visit):
    page = visit.open("/")
    links = page.eval_on_selector_all(
        "main a[href^='/easy-read/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert "/easy-read/" in links


# A browser with the voices given, whose speech is recorded with the voice each sentence used.
FAKE_VOICES = """
window.spoken = [];
const voices = %s;
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
window.speechSynthesis.getVoices = () => voices;
window.speechSynthesis.speak = u => window.spoken.push([u.text, u.lang, u.voice && u.voice.name]);
window.speechSynthesis.cancel = () => {};
"""


def test_read_aloud_reads_a_page_in_its_own_language_with_a_voice_for_it(tab):
    voices = '[{lang: "en-GB", name: "British"}, {lang: "ur-PK", name: "Urdu"}]'
    tab.add_init_script(FAKE_VOICES % voices)
    tab.goto(tab.base + "/easy-read/if-you-feel-unsafe?lang=ur")
    with i18n.speaking("ur"):
        read, title = _(easy_read.UI["read_aloud"]), _(easy_read.page("if-you-feel-unsafe").title)
    tab.get_by_role("button", name=read).click()
    spoken = tab.evaluate("window.spoken")
    assert spoken[0][0] == title
    assert {(lang, voice) for _words, lang, voice in spoken} == {("ur", "Urdu")}
    assert tab.locator("[data-read-aloud-none]").is_hidden()


def test_read_aloud_says_so_when_the_browser_has_no_voice_for_the_language(tab):
    tab.add_init_script(FAKE_VOICES % '[{lang: "en-GB", name: "British"}]')
    tab.goto(tab.base + "/easy-read/if-you-feel-unsafe?lang=gu")
    with i18n.speaking("gu"):
        no_voice = _(easy_read.UI["no_voice"])
    note = tab.locator("[data-read-aloud-none]")
    note.wait_for(state="visible")
    assert note.inner_text() == no_voice
    assert tab.locator("[data-read-aloud]").is_hidden()
    assert tab.evaluate("window.spoken") == []
