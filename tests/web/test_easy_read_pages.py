import re
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from safeplaces import config, create_app, easy_read
from tests.helpers import check_page, static_url, text

SLUGS = [page.slug for page in easy_read.PAGES]
STATIC = config.ROOT / "static"
DEFAULT_VALUES = easy_read.placeholders(config.DEFAULTS)


def lines(page):
    return page.select("#easy-read-lines > li")


def shown(slug, values=DEFAULT_VALUES):
    """The easy-read page as the default settings show it."""
    return easy_read.filled(easy_read.page(slug), values)


def test_index_links_to_every_page(pages):
    page = pages.get("/easy-read/")
    assert text(page.h1) == "Easy read"
    links = page.select("#easy-read-pages a")
    assert [link["href"] for link in links] == [f"/easy-read/{slug}" for slug in SLUGS]
    assert [text(link) for link in links] == [shown(slug).title for slug in SLUGS]
    assert text(links[0]) == "What is a Keep Safe Place?"
    assert "These pages tell you about Keep Safe Places" in text(page.select_one(".er-intro"))


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_has_a_picture_beside_every_line(pages, slug, app):
    data = shown(slug)
    page = pages.get(f"/easy-read/{slug}")
    assert text(page.h1) == data.title
    assert text(page.title).startswith(text(page.h1))
    items = lines(page)
    assert len(items) == len(data.lines)
    for item, line in zip(items, data.lines, strict=True):
        picture = item.find("img", recursive=False)
        assert picture["alt"].strip() == line.alt
        assert picture["src"] == static_url(app, f"vendor/openmoji/{line.picture}")
        assert (STATIC / "vendor" / "openmoji" / line.picture).is_file()
        assert int(picture["width"]) >= 64 and picture["width"] == picture["height"]
        assert [child.name for child in item.children if child.name][:2] == ["img", "div"], (
            "picture, then words"
        )
        assert text(item.select_one(".er-words")), line


@pytest.mark.parametrize("url", ["/easy-read/"] + [f"/easy-read/{slug}" for slug in SLUGS])
def test_pages_fill_placeholders_and_load_nothing_from_other_hosts(pages, url, app):
    page = pages.get(url)
    main = text(page.find(id="main"))
    assert "{" not in main and "}" not in main
    sources = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href], img[src]")]
    assert all(urlparse(source).netloc == "" for source in sources), sources
    assert not page.select("[style]"), "the Content-Security-Policy forbids style attributes"
    assert not [script for script in page.select("script") if not script.get("src")], "no inline scripts"
    assert page.find("link", href=static_url(app, "css/easy_read.css"))
    assert page.find("script", src=static_url(app, "js/read_aloud.js"))


@pytest.mark.parametrize("url", ["/easy-read/"] + [f"/easy-read/{slug}" for slug in SLUGS])
def test_read_aloud_button_is_hidden_until_the_browser_can_speak(pages, url):
    button = pages.get(url).select_one("main button[data-read-aloud]")
    assert button.has_attr("hidden") and button["type"] == "button"
    assert text(button) == "Read this page to me"
    assert button["data-stop-label"] == "Stop reading"


def test_every_sentence_on_the_pages_is_short(pages):
    for slug in SLUGS:
        for words in pages.get(f"/easy-read/{slug}").select("main [data-read]"):
            for sentence in easy_read.split_sentences(text(words)):
                assert easy_read.count_words(sentence) <= easy_read.MAX_WORDS, sentence


def test_unknown_page_is_a_friendly_404(pages):
    page = pages.get("/easy-read/no-such-page", status=404)
    assert text(page.h1) == "Page not found"
    assert page.find("form", attrs={"role": "search"})


def test_hate_crime_page_names_each_protected_characteristic(pages):
    words = text(pages.get("/easy-read/what-is-hate-crime").find(id="main"))
    for characteristic in ("disability", "race", "religion", "belief", "sexual orientation", "transgender"):
        assert characteristic in words
    assert "In Leicester, Leicestershire and Rutland, it can be any other difference too." in words
    assert "Goth" in words and "hate incident" in words and "Mate crime" in words
    assert "a carer, a friend or a neighbour" in words


def test_report_page_gives_every_way_to_report(pages):
    """Before: it linked to the police.uk home page."""
    page = pages.get("/easy-read/report-hate-crime")
    phones = {link["href"] for link in page.select("#easy-read-lines a[href^='tel:']")}
    assert phones == {"tel:999", "tel:101", "tel:0800555111"}
    assert text(page.select_one("a[href='tel:0800555111']")) == "0800 555 111"
    links = {text(a): a["href"] for a in page.select("#easy-read-lines .er-link a")}
    assert links == {
        "Report it to Leicestershire Police online": "https://www.leics.police.uk/ro/report/",
        "Report it on True Vision": "https://www.report-it.org.uk/",
    }
    assert not page.select("a[href='https://www.police.uk']")
    assert "True Vision is a website where you can report hate crime. The police pay for it." in text(page)
    assert "Keep Safe Place can help you report it" in text(page)
    assert "reporting centres" not in text(page).lower() and not page.select("a[href$='#centres']")


def test_card_page_links_to_the_card_maker(pages):
    page = pages.get("/easy-read/your-keep-safe-card")
    link = page.select_one("#easy-read-lines a[href='/cards/new']")
    assert text(link) == "Make your Keep Safe card"


def test_what_is_a_keep_safe_place_page(pages):
    words = text(pages.get("/easy-read/what-is-a-keep-safe-place").find(id="main"))
    assert "sticker in the window" in words
    assert "phone the police" in words and "phone someone you trust" in words
    assert "You can go in even if you do not have a Keep Safe card." in words


def test_unsafe_page_gives_999_and_101_and_the_help_now_page(pages):
    page = pages.get("/easy-read/if-you-feel-unsafe")
    hrefs = [link["href"] for link in page.select("#easy-read-lines a")]
    assert "tel:999" in hrefs and "tel:101" in hrefs and "/help-now" in hrefs


def test_find_page_has_the_search_and_the_help_now_page(pages):
    page = pages.get("/easy-read/find-a-place")
    form = page.find("form", attrs={"role": "search"})
    assert form["method"] == "get" and form["action"] == "/find"
    field = form.find("input", attrs={"name": "q"})
    assert text(page.find("label", attrs={"for": field["id"]})) == "Your postcode or town"
    assert page.select_one("#easy-read-lines a[href='/help-now']")


def test_pages_use_the_configured_names_and_numbers(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "t.db",
            "SECRET_KEY": "test",
            "SAFEPLACES_SCHEME_NAME": "Safe Spaces",
            "SAFEPLACES_AREA_NAME": "Testshire",
            "SAFEPLACES_EMERGENCY_PHONE": "112",
            "SAFEPLACES_NON_EMERGENCY_PHONE": "150",
        }
    )
    client = app.test_client()
    page = BeautifulSoup(client.get("/easy-read/if-you-feel-unsafe").get_data(as_text=True), "html.parser")
    check_page(page)
    hrefs = {link["href"] for link in page.select("#easy-read-lines a[href^='tel:']")}
    assert hrefs == {"tel:112", "tel:150"}
    assert "Look for the Safe Spaces sticker in a shop window." in text(page)
    hate = client.get("/easy-read/what-is-hate-crime").get_data(as_text=True)
    assert "In Testshire, it can be any other difference too." in hate
    assert "Leicester" not in hate


def test_home_and_every_footer_lead_to_the_easy_read_pages(pages):
    home = pages.get("/")
    assert home.select_one("ul.easy-read-links a[href='/easy-read/what-is-a-keep-safe-place']")
    assert home.select_one("ul.easy-read-links a[href='/easy-read/']")
    for url in ("/", "/easy-read/what-is-hate-crime"):
        assert pages.get(url).select_one(".site-footer a[href='/easy-read/']")


def test_easy_read_text_is_large_with_space_between_lines():
    css = (STATIC / "css" / "easy_read.css").read_text()
    rule = re.search(r"\.er-intro, \.er-words, \.er-index-link \{([^}]*)\}", css).group(1)
    # Ragged, never justified: aligned to where reading starts (left, or right in Urdu and Arabic).
    assert "font-size: 1.25rem" in rule and "line-height: 1.5" in rule and "text-align: start" in rule
    assert "justify" not in css and "uppercase" not in css and "italic" not in css
