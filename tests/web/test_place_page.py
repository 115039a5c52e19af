"""A place's public page in words: the situations of "Right answers for everyone in the area", item 4."""

import json
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from safeplaces import checks, create_app, places
from tests.helpers import add_place, text

OSM_HOURS = "Mo-Fr 07:30-17:00; Sa 08:00-12:00"


@pytest.fixture
def cafe(db, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    return add_place(
        db,
        52.6340,
        -1.1310,
        slug="cafe",
        name="Granby Street Café",
        category="café",
        address="41 Granby Street",
        postcode="LE1 6EZ",
        phone="0116 496 0107",
        opening_hours=OSM_HOURS,
        district_code="E06000016",
        website="https://www.example.org/cafe/",
        facilities=json.dumps(["step-free access", "quiet space", "Changing Places"]),
        easy_read_description="A café with a quiet room at the back. Ask for Sam.",
    )


def check(db, place_id, kind, on, passed=True):
    values = {"kind": kind, "checked_on": on, "passed": passed, "notes": ""}
    checks.record_check(db, place_id, values, by="registrar@example.org")


def test_opening_times_are_only_in_words(pages, cafe):
    """Before: the page showed the raw OpenStreetMap text, "Mo-Fr 07:30-17:00"."""
    page = pages.get("/places/cafe")
    rows = [[text(cell) for cell in row.select("th, td")] for row in page.select("#week tbody tr")]
    assert rows[0] == ["Monday 23 November", "7:30am to 5pm"]
    assert rows[5] == ["Saturday 28 November", "8am to midday"]
    assert rows[6] == ["Sunday 29 November", "Closed"]
    words = text(page.find(id="main"))
    assert (
        "Mo-Fr" not in words and "07:30" not in words and not re.search(r"\b(Mo|Tu|We|Th|Fr|Sa|Su)\b", words)
    )


def test_the_api_and_the_manage_area_keep_the_openstreetmap_text(client, cafe):
    assert client.get(f"/api/v1/places/{cafe}").get_json()["opening_hours"] == OSM_HOURS


def test_no_stray_district_line(pages, cafe):
    """Before: "In Leicester." under an address that already says Leicester."""
    assert "In Leicester." not in text(pages.get("/places/cafe").find(id="main"))


def test_website_facilities_and_easy_read_description(pages, cafe):
    page = pages.get("/places/cafe")
    website = page.find(id="website")
    assert website["href"] == "https://www.example.org/cafe/" and text(website) == "www.example.org/cafe"
    assert "noopener" in website["rel"] and "noreferrer" in website["rel"]
    assert [text(li) for li in page.select("#facilities li")] == [
        "Step-free access",
        "Quiet space",
        "Changing Places",
    ]
    assert text(page.find(id="easy-read-description")) == "A café with a quiet room at the back. Ask for Sam."


@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(1)",
        "http://x.example\x00javascript:alert(1)",
        "https://example.org/\u202egnp.exe",
        "https://exa mple.org",
        "www.example.org",
    ],
)
def test_a_website_that_is_not_a_safe_address_is_not_linked(pages, db, website):
    add_place(db, 52.6, -1.1, slug="odd-website", website=website)
    page = pages.get("/places/odd-website")
    assert page.find(id="website") is None
    assert not [a for a in page.select("main a[href]") if "example" in a["href"] or "javascript" in a["href"]]
    assert places.public(places.active_by_slug(db, "odd-website"))["website"] == ""


def test_checked_by_the_scheme_from_the_last_passed_review_or_visit(pages, db, cafe):
    assert pages.get("/places/cafe").find(id="checked") is None, "never checked: nothing said"
    check(db, cafe, "annual review", date(2025, 3, 4))
    check(db, cafe, "mystery shopper", date(2026, 2, 10))
    check(db, cafe, "annual review", date(2026, 6, 1), passed=False)
    check(db, cafe, "training", date(2026, 9, 1))
    assert text(pages.get("/places/cafe").find(id="checked")) == "Checked by the scheme in February 2026."


def test_a_place_with_almost_nothing_known_prints_no_none(pages, db):
    add_place(
        db,
        52.63,
        -1.13,
        slug="bare",
        name="Bare Shop",
        category="other",
        address="",
        town="",
        postcode="",
        phone="",
        opening_hours="",
        website="",
    )
    page = pages.get("/places/bare")
    words = text(page)
    assert "None" not in words and "none" not in words.lower().split()
    assert text(page.select_one(".lead")).startswith("This place is part of Keep Safe Places.")
    assert text(page.find(id="address")) == "No address given. Phone before you go, if you can."
    assert "Opening times not known" in text(page.find(id="opening-hours"))
    assert page.find(id="facilities") is None and page.find(id="website") is None


def test_the_place_page_uses_the_schemes_names(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "t.db",
            "SECRET_KEY": "test",
            "SAFEPLACES_SCHEME_NAME": "Safe Havens Testshire",
            "SAFEPLACES_PLACE_NAME": "Safe Haven",
            "SAFEPLACES_PLACE_NAME_PLURAL": "Safe Havens",
        }
    )
    client = app.test_client()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    for url in (
        "/",
        "/find?q=LE1+5FQ",
        "/help-now",
        "/help-now?q=AB10",
        "/map",
        "/map?q=LE1",
        "/places/bishop-street-central-library-leicester",
        "/report-hate-crime",
        "/apply",
        "/cards/new",
    ):
        page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        main = text(page.find(id="main")) + text(page.select_one(".site-footer"))
        assert "Keep Safe Place" not in main, url
    apply = BeautifulSoup(client.get("/apply").get_data(as_text=True), "html.parser")
    assert text(apply.h1) == "Apply to become a Safe Haven"
    feed = client.get("/openreferral/v3/services").get_json()["contents"]
    assert feed and all(service["description"].startswith("A Safe Haven.") for service in feed)
    find = BeautifulSoup(client.get("/find?q=LE1+5FQ").get_data(as_text=True), "html.parser")
    assert text(find.h1) == "Safe Havens near LE1 5FQ"
    lead = BeautifulSoup(client.get("/places/bishop-street-central-library-leicester").data, "html.parser")
    assert text(lead.select_one(".lead")).startswith("This library is part of Safe Havens Testshire.")
