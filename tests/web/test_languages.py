"""Choosing a page's language: ?lang=, the cookie, Accept-Language; links, <html lang dir>, Vary."""

from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

import pytest

from safeplaces import config, create_app, i18n, languages
from safeplaces.web.languages import COOKIE, NOT_CHECKED

ALL = [language.code for language in languages.LANGUAGES]


def html_lang(page):
    return page.html["lang"], page.html["dir"]


def words(code, message):
    with i18n.speaking(code):
        return i18n.gettext(message)


def heading(page):
    return page.select_one(".help-now-button").get_text(strip=True)


def test_english_without_any_choice(pages):
    page = pages.get("/")
    assert html_lang(page) == ("en-GB", "ltr")
    assert heading(page) == "I need help now"
    assert page.find(id="translation-notice") is None


@pytest.mark.parametrize("code", [code for code in ALL if code != "en"])
def test_lang_switches_the_page_and_is_remembered_in_a_cookie(client, pages, code):
    language = languages.BY_CODE[code]
    response = client.get(f"/?lang={code}")
    cookie = SimpleCookie(response.headers["Set-Cookie"])[COOKIE]
    assert cookie.value == code, "the cookie holds only the code"
    assert cookie["samesite"] == "Lax" and cookie["httponly"] and cookie["path"] == "/"
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    page = pages.get("/report-hate-crime")  # no ?lang=: the cookie decides
    assert html_lang(page) == (code, language.direction)
    assert heading(page) == words(code, "I need help now") != "I need help now"


def test_the_cookie_is_set_only_when_the_choice_changes_and_a_later_lang_wins(client):
    assert "Set-Cookie" in client.get("/?lang=pl").headers
    assert "Set-Cookie" not in client.get("/?lang=pl").headers
    assert client.get("/?lang=ur").headers["Set-Cookie"].startswith(f"{COOKIE}=ur;")
    assert 'lang="ur"' in client.get("/").get_data(as_text=True)


def test_an_unknown_or_unoffered_language_is_ignored(client):
    for asked in ("xx", "de", "EN", "pl;", "<script>"):
        response = client.get("/", query_string={"lang": asked})
        assert response.status_code == 200 and "Set-Cookie" not in response.headers
        assert 'lang="en-GB"' in response.get_data(as_text=True)


def test_a_cookie_not_offered_counts_for_nothing(client):
    client.set_cookie(COOKIE, "de")
    assert 'lang="en-GB"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "header, expected",
    [
        ("pl-PL,pl;q=0.9,en;q=0.8", "pl"),
        ("gu-IN", "gu"),
        ("de-DE,ur;q=0.7", "ur"),
        ("en-GB,ar;q=0.9", "en"),
        ("ar;q=0.5,so;q=0.9", "so"),
        ("pa-Arab,en;q=0.5", "en"),  # Shahmukhi is not Gurmukhi
        ("pa-PK", "en"),
        ("pa-Guru-IN", "pa"),
        ("cy", "cy"),
        ("fr,de", "en"),
        ("", "en"),
    ],
)
def test_accept_language_decides_without_a_choice(client, header, expected):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'lang="{"en-GB" if expected == "en" else expected}"' in page


def test_a_choice_beats_accept_language(client):
    client.get("/?lang=so")
    page = client.get("/", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert 'lang="so"' in page


@pytest.mark.parametrize(
    "address",
    ["/", "/find?q=LE1+5FQ&open=now", "/help-now?q=LE1+5FQ", "/easy-read/", "/cards/new", "/no-such-page"],
)
def test_every_page_links_to_every_language_named_in_itself_keeping_its_query(pages, seeded, address):
    page = pages.get(address, status=404 if address == "/no-such-page" else 200)
    links = page.select("nav.languages a")
    assert [link["hreflang"] for link in links] == ALL
    assert [link.get_text(strip=True) for link in links] == [lang.own for lang in languages.LANGUAGES]
    own_query = parse_qs(urlsplit(address).query)
    for link, language in zip(links, languages.LANGUAGES, strict=True):
        assert link["lang"] == language.code and link["dir"] == language.direction
        href = urlsplit(link["href"])
        assert href.path == urlsplit(address).path
        assert parse_qs(href.query) == {**own_query, "lang": [language.code]}
    assert [link["hreflang"] for link in page.select("nav.languages a[aria-current=true]")] == ["en"]


def test_a_search_in_polish_stays_the_same_search(client, seeded):
    client.get("/?lang=pl")
    response = client.get("/find?q=LE1+5FQ&lang=pl")
    assert response.status_code == 200
    assert "Bishop Street" in response.get_data(as_text=True)


def test_lang_alone_on_find_is_the_search_box_not_an_error(client):
    assert client.get("/find?lang=pl").status_code == 200


@pytest.mark.parametrize("code", ["ur", "ar"])
def test_urdu_and_arabic_pages_are_right_to_left(pages, code):
    assert html_lang(pages.get(f"/?lang={code}")) == (code, "rtl")


def test_pages_say_they_vary_by_language(client):
    vary = client.get("/").headers["Vary"]
    assert {"Cookie", "Accept-Language"} <= {part.strip() for part in vary.split(",")}


@pytest.mark.parametrize("code", [code for code in ALL if code != "en"])
def test_a_language_nobody_has_checked_says_so_in_it_and_in_english(pages, code):
    assert languages.checked(code) is None
    notice = pages.get(f"/?lang={code}").find(id="translation-notice")
    said = [p.get_text(" ", strip=True) for p in notice.find_all("p")]
    assert said == [words(code, NOT_CHECKED), NOT_CHECKED]
    assert notice.find_all("p")[1]["lang"] == "en-GB"


def test_a_checked_language_does_not_say_it_is_unchecked(pages, tmp_path, monkeypatch):
    checked = tmp_path / "checked.csv"
    checked.write_text("code,checked_by,checked_on\npl,A. Nowak (Leicester Polish Centre),2026-12-01\n")
    monkeypatch.setattr(languages, "CHECKED_FILE", checked)
    assert languages.checked("pl").checked_by.startswith("A. Nowak")
    assert pages.get("/?lang=pl").find(id="translation-notice") is None
    assert pages.get("/?lang=gu").find(id="translation-notice") is not None


def test_the_manage_area_stays_in_english(client):
    client.get("/?lang=ur")
    page = client.get("/manage/login", headers={"Accept-Language": "ur"}).get_data(as_text=True)
    assert 'lang="en-GB" dir="ltr"' in page
    assert 'class="languages"' not in page


def test_a_scheme_offers_only_the_languages_it_sets(tmp_path):
    app = create_app(
        {"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SAFEPLACES_LANGUAGES": ["en", "cy"]}
    )
    client = app.test_client()
    page = client.get("/", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert 'lang="en-GB"' in page and 'hreflang="pl"' not in page and 'hreflang="cy"' in page
    assert "Set-Cookie" not in client.get("/?lang=pl").headers
    assert 'lang="cy"' in client.get("/?lang=cy").get_data(as_text=True)


def test_one_language_offered_shows_no_language_links(tmp_path):
    app = create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SAFEPLACES_LANGUAGES": ["en"]})
    assert 'class="languages"' not in app.test_client().get("/").get_data(as_text=True)


@pytest.mark.parametrize("setting", [["en", "de"], ["pl", "gu"], "en xx"])
def test_a_setting_that_cannot_be_used_stops_the_site_from_starting(tmp_path, setting):
    with pytest.raises(ValueError, match="SAFEPLACES_LANGUAGES"):
        create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SAFEPLACES_LANGUAGES": setting})


def test_the_setting_is_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFEPLACES_LANGUAGES", "en, pl ur")
    assert config.from_environment()["SAFEPLACES_LANGUAGES"] == ["en", "pl", "ur"]
