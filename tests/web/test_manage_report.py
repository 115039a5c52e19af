"""The yearly report page: its figures, its accessible charts, and the card maker's count."""

import io
from datetime import date

import pytest
from bs4 import BeautifulSoup

from safeplaces import audit, places, visits
from tests.helpers import check_page, text
from tests.web.manage_helpers import csrf_token, make_account, sign_in

LEICESTER = {
    "name": "City Shop",
    "town": "Leicester",
    "lat": 52.636,
    "lon": -1.133,
    "position_source": "confirmed",
    "district_code": "E06000016",
}


@pytest.fixture
def registrar(app, db, client):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def cells(page, table_id):
    table = page.find(id=table_id)
    return {
        text(row.th): [text(td) for td in row.find_all("td")] for row in table.select("tbody tr, tfoot tr")
    }


def test_the_report_shows_the_years_figures_beside_accessible_charts(registrar, db, pages, monkeypatch):
    with monkeypatch.context() as clock:
        clock.setattr(audit, "stamp", lambda: "2026-02-01T10:00:00+00:00")
        clock.setattr(places, "stamp", lambda: "2026-02-01T10:00:00+00:00")
        shop = places.create(db, LEICESTER, by="reg")
    for day in ("2026-03-02", "2026-03-09", "2026-07-01"):
        visit = {"visited_on": date.fromisoformat(day), "reason": "scared", "outcomes": ["phoned police"]}
        visits.record_visit(db, shop, visit, by="reg")
    page = pages.get("/manage/report?year=2026")
    assert text(page.h1) == "Yearly report 2026"
    assert cells(page, "membership")["Leicester"] == ["1", "0"]
    assert cells(page, "visits-by-district")["March 2026"][-1] == "2"
    assert cells(page, "visits-by-district")["Total"][-1] == "3"
    assert cells(page, "visits-by-reason")["Total"][1] == "3"
    charts = page.select("svg.report-chart")
    assert len(charts) == 7
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find("title", id=title_id).get_text() and chart.find("desc", id=desc_id).get_text()
        figure = chart.parent
        assert "report-figure" in figure["class"] and figure.find("table"), (
            "each chart has its table beside it"
        )
    visits_chart = page.find("svg", attrs={"aria-labelledby": "chart-visits-title chart-visits-desc"})
    assert "March 2" in visits_chart.find("desc").get_text()  # "Total: January 0, February 0, March 2, ..."
    assert "1 January to today, 23 November 2026" in text(page.find(class_="lead"))


def test_a_wrong_year_is_explained_and_kept(registrar):
    response = registrar.get("/manage/report?year=1850")
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    assert page.select_one("#error-summary a")["href"] == "#year"
    assert text(page.find(id="year-error")) == "Error: Enter a year from 2000 to 2026, like 2026."
    assert page.find(id="year")["value"] == "1850"


def test_admins_see_the_report_too(app, db, client):
    make_account(db, "admin@example.org", "admin")
    sign_in(client, "admin@example.org")
    assert client.get("/manage/report").status_code == 200


def test_the_card_maker_counts_each_card_it_makes_and_nothing_about_the_person(app, db, client):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    response = client.post(
        "/cards/new", data={"format": "blank", "csrf_token": csrf_token(client, "/cards/new")}
    )
    assert response.status_code == 200
    batch = b"name,contact1_name,contact1_phone\nAnn Example,Jo,07700900123\nBen Example,Jo,07700900123\n"
    response = client.post(
        "/cards/batch",
        data={
            "csv": (io.BytesIO(batch), "people.csv"),
            "format": "wallet",
            "csrf_token": csrf_token(client, "/cards/batch"),
        },
    )
    assert response.status_code == 200
    refused = client.post(
        "/cards/new", data={"format": "wallet", "csrf_token": csrf_token(client, "/cards/new")}
    )
    assert refused.status_code == 400  # no card made, none counted
    assert sorted(db.execute("SELECT day, format, count FROM card_counts")) == [
        ("2026-11-23", "blank", 1),
        ("2026-11-23", "wallet", 2),
    ]
