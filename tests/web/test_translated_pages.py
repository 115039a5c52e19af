"""Every public page in every language, the API's errors by Accept-Language, the words domain
modules make, and the fonts a page in each script loads.

Words are compared with the catalogue's own (i18n.speaking), so a changed translation changes
what is expected, never the test.
"""

import re
from datetime import datetime

import pytest

from safeplaces import geo, help_now, hours, i18n, languages, locate, week_table
from safeplaces.clock import LONDON
from safeplaces.i18n import _
from safeplaces.web import delivery
from safeplaces.web.languages import FONT_STYLESHEETS
from tests.browser.test_pages import PAGES

OTHERS = [language.code for language in languages.LANGUAGES if language.code != i18n.SOURCE]
# The public pages (tests/browser/test_pages.py lists them all), without the manage area's.
PUBLIC = [(address, status) for _rule, address, status in PAGES if not address.startswith("/manage")]


def words(code, message, **values):
    with i18n.speaking(code):
        return _(message, **values)


@pytest.mark.parametrize("code", OTHERS)
@pytest.mark.parametrize("address, status", PUBLIC, ids=[address for address, _s in PUBLIC])
def test_every_public_page_is_whole_in_every_language(client, pages, seeded, code, address, status):
    join = "&" if "?" in address else "?"
    page = pages.get(f"{address}{join}lang={code}", status=status)
    assert page.html["lang"] == code
    footer = page.select_one(".site-footer").get_text(" ", strip=True)
    assert words(code, "Make a Keep Safe card") in footer


@pytest.mark.parametrize("code", OTHERS)
def test_an_api_error_follows_accept_language(client, seeded, code):
    answer = client.get("/api/v1/places/nearest", headers={"Accept-Language": code})
    assert answer.status_code == 400
    assert answer.json["error"] == words(
        code, "Say where to search from: lat and lon, or q (a postcode or a town)."
    )
    assert "Accept-Language" in answer.headers["Vary"]


@pytest.mark.parametrize("code", OTHERS)
def test_an_open_referral_error_follows_accept_language(client, seeded, code):
    answer = client.get("/openreferral/v3/services/no-such-id", headers={"Accept-Language": code})
    assert answer.status_code == 404
    assert answer.json["error"] == words(code, "There is no service with that id in this feed.")


def test_the_api_ignores_the_page_cookie_and_lang(client, seeded):
    client.get("/?lang=pl")
    answer = client.get("/api/v1/places/nearest?lang=pl")
    assert answer.json["error"] == "Say where to search from: lat and lon, or q (a postcode or a town)."


MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def test_domain_words_are_english_with_no_language_set():
    assert hours.status("Mo-Fr 09:00-17:00", MONDAY_10AM).words == "Open now until 5pm"
    assert geo.how_far(500) == "about 9 minutes' walk (0.3 miles)"
    _week, problems = week_table.read({"mo_opens": "9am"})
    assert problems["mo_closes"] == "Monday: give the closing time as well."


@pytest.mark.parametrize("code", OTHERS)
def test_domain_words_follow_the_language_set(db, code):
    with i18n.speaking(code):
        status = hours.status("Mo-Fr 09:00-17:00", MONDAY_10AM).words
        walk = geo.how_far(500)
        _week, problems = week_table.read({"mo_opens": "9am"})
        with pytest.raises(locate.NotUnderstood) as refused:
            locate.parse_lat_lon("north", "1")
        answer = _nobody_open(db)
    assert status == words(code, "Open now until %(time)s", time=_time(code))
    assert status != "Open now until 5pm"
    assert walk == words(
        code,
        "%(walk)s (%(miles)s)",
        walk=_walk(code, 9),
        miles=words(code, "%(miles)s miles", miles=_decimal(code)),
    )
    assert problems["mo_closes"] == words(
        code, "%(day)s: give the closing time as well.", day=words(code, "Monday")
    )
    assert str(refused.value) == words(code, "The latitude must be a number, like 52.636.")
    assert "101" in answer.message and "999" in answer.message
    assert answer.message != _nobody_open(db).message


def _time(code):
    with i18n.speaking(code):
        return i18n.time_words(MONDAY_10AM.replace(hour=17))


def _walk(code, minutes):
    with i18n.speaking(code):
        return geo.minutes_walk_words(minutes)


def _decimal(code):
    with i18n.speaking(code):
        return i18n.decimal(500 / geo.METRES_PER_MILE)


def _nobody_open(db):
    """help_now's answer with no place in the database: its message names both police numbers."""
    phones = {"non_emergency": "101", "emergency": "999"}
    return help_now.find_help(db, 52.6369, -1.1398, MONDAY_10AM, phones, "Keep Safe Place")


@pytest.mark.parametrize("code", [language.code for language in languages.LANGUAGES])
def test_a_page_links_the_fonts_of_its_own_script_and_no_other(pages, code):
    page = pages.get(f"/?lang={code}")
    linked = [link["href"] for link in page.select("link[rel=stylesheet]") if "/fonts-" in link["href"]]
    sheet = FONT_STYLESHEETS.get(languages.BY_CODE[code].script)
    if sheet is None:
        assert linked == []
    else:
        stem = sheet.removeprefix("css/").removesuffix(".css")
        assert len(linked) == 1 and f"/{stem}." in linked[0]


@pytest.mark.parametrize("sheet", sorted(FONT_STYLESHEETS.values()))
def test_each_font_stylesheet_loads_fonts_this_site_serves_and_keeps_for_a_year(client, app, sheet):
    css = client.get(f"/static/{sheet}").get_data(as_text=True)
    assert "font-display: swap" in css
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+\.woff2)"\)', css)
    assert len(fonts) == 2  # regular and bold
    for font in fonts:
        answer = client.get(f"/static/{font}")
        assert answer.status_code == 200, font
        assert answer.headers["Cache-Control"] == delivery.FOR_A_YEAR
        assert answer.get_data()[:4] == b"wOF2"
    assert client.get("/static/fonts/OFL.txt").status_code == 200
