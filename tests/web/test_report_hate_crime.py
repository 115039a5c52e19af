"""Reporting hate crime, to the right places: "Right answers for everyone in the area", item 7."""

import pytest
from bs4 import BeautifulSoup

from safeplaces import config, create_app, reporting
from tests.helpers import check_page, text

# Invented for the tests: the phone number is in Ofcom's range for drama.
CENTRE = {
    "name": "Example Community Centre",
    "address": "1 Example Street, Leicester LE1 1AA",
    "phone": "0116 496 0999",
    "hours": "Monday to Friday, 9am to 5pm",
}


def app_with(tmp_path, **settings):
    return create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SECRET_KEY": "test", **settings})


def get(app, url):
    response = app.test_client().get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return page


def test_the_public_page_gives_every_route(pages):
    page = pages.get("/report-hate-crime")
    assert text(page.h1) == "Report a hate crime or a hate incident"
    main = page.find(id="main")
    assert main.select_one("#emergency ~ p a[href='tel:999']")
    assert main.select_one("a[href='tel:101']")
    police = page.find(id="police-report")
    assert police["href"] == "https://www.leics.police.uk/ro/report/"
    assert text(police) == "Report it to Leicestershire Police online"
    assert page.find(id="true-vision-link")["href"] == "https://www.report-it.org.uk/"
    assert "paid for by the police" in text(main)
    crimestoppers = page.find(id="crimestoppers")
    assert (crimestoppers["href"], text(crimestoppers)) == ("tel:0800555111", "0800 555 111")
    assert page.find(id="centre-list") is None, "the default lists no centres: none is invented"
    assert page.select_one("main a[href='/easy-read/report-hate-crime']")


def test_every_page_links_to_it_from_the_footer(pages, seeded):
    for url in ("/", "/find?q=LE1", "/easy-read/what-is-hate-crime", "/map"):
        assert pages.get(url).select_one(".site-footer a[href='/report-hate-crime']"), url


def test_the_schemes_reporting_centres_are_listed_on_both_pages(tmp_path):
    app = app_with(tmp_path, SAFEPLACES_REPORTING_CENTRES=[CENTRE, {"name": "Second Centre"}])
    page = get(app, "/report-hate-crime")
    centres = page.select("#centre-list .centre")
    assert [text(centre.h3) for centre in centres] == ["Example Community Centre", "Second Centre"]
    first = centres[0]
    assert text(first.select_one(".address")) == CENTRE["address"]
    assert "Open: Monday to Friday, 9am to 5pm" in text(first)
    assert first.select_one("a.phone")["href"] == "tel:01164960999"
    assert text(centres[1]) == "Second Centre"
    easy = get(app, "/easy-read/report-hate-crime")
    link = easy.select_one("#easy-read-lines a[href='/report-hate-crime#centres']")
    assert text(link) == "Places that help you report"
    assert "Some places in Leicester, Leicestershire and Rutland help people report hate crime." in text(easy)


def test_the_local_police_are_settings(tmp_path):
    app = app_with(
        tmp_path,
        SAFEPLACES_POLICE_NAME="Testshire Police",
        SAFEPLACES_POLICE_REPORT_URL="https://www.testshire.police.example/report/",
    )
    for url in ("/report-hate-crime", "/easy-read/report-hate-crime"):
        page = get(app, url)
        link = page.select_one("main a[href='https://www.testshire.police.example/report/']")
        assert text(link) == "Report it to Testshire Police online", url
        assert "Leicestershire" not in text(page.find(id="main")), url


@pytest.mark.parametrize(
    "centres, message",
    [
        ({"name": "A"}, "must be a list of centres"),
        ([{"address": "1 Street"}], "centre 1 has no name"),
        ([{"name": "A"}, "B"], "centre 2 must have a name"),
        (
            [{"name": "A", "email": "a@example.org"}],
            "centre 1 has email: use only name, address, phone, hours",
        ),
        ([{"name": "A", "phone": "12"}], "centre 1: the phone number '12' is not a UK phone number"),
        ([{"name": "A\u202eB"}], "centre 1: the name must be one line of text"),
        ([{"name": 7}], "centre 1: the name must be one line of text"),
    ],
)
def test_wrong_centres_stop_the_app_with_a_message(tmp_path, centres, message):
    with pytest.raises(ValueError, match=message):
        app_with(tmp_path, SAFEPLACES_REPORTING_CENTRES=centres)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "www.example.org", ""])
def test_a_police_address_that_is_not_a_web_address_stops_the_app(tmp_path, url):
    with pytest.raises(ValueError, match="SAFEPLACES_POLICE_REPORT_URL must be a web address"):
        app_with(tmp_path, SAFEPLACES_POLICE_REPORT_URL=url)


def test_centres_in_the_environment_are_json():
    found = config.from_environment(
        {"SAFEPLACES_REPORTING_CENTRES": '[{"name": "A", "phone": "0116 496 0999"}]'}
    )
    assert reporting.centres(found["SAFEPLACES_REPORTING_CENTRES"]) == (
        reporting.Centre("A", phone="0116 496 0999"),
    )
    with pytest.raises(ValueError, match="SAFEPLACES_REPORTING_CENTRES must be written as JSON"):
        config.from_environment({"SAFEPLACES_REPORTING_CENTRES": "[{name: A}]"})
