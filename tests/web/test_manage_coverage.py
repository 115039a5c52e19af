"""The coverage page: places for their residents by district, every table as CSV."""

import csv
import io
import json
from datetime import date, datetime, time

import pytest

from safeplaces import coverage, geo, hours, locate
from safeplaces.clock import LONDON
from tests.helpers import add_place, text
from tests.web.manage_helpers import make_account, sign_in


@pytest.fixture
def registrar(app, db, client):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def rows_of(table):
    return {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")}


def test_places_per_10000_residents_by_district(registrar, db, pages):
    for _ in range(3):
        add_place(db, 52.7650, -0.8860, district_code="E07000133")  # Melton: 51,800 residents
    add_place(db, 52.6360, -1.1330, district_code="E06000016", status="suspended")
    add_place(db, 53.48, -2.24, district_code=None)
    db.conn.commit()
    table = pages.get("/manage/coverage").find(id="districts")
    rows = rows_of(table)
    assert rows["Melton"] == ["3", "51,800", "0.6"]
    assert rows["Leicester"] == ["0", "368,600", "0.0"]
    assert rows["Outside the area"] == ["1", "Not known", "Not known"]
    assert len(rows) == 10


def test_the_districts_table_as_csv(registrar, db):
    add_place(db, 52.7650, -0.8860, district_code="E07000133")
    db.conn.commit()
    response = registrar.get("/manage/coverage/districts.csv")
    assert (response.status_code, response.mimetype) == (200, "text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    melton = next(row for row in rows if row["district"] == "Melton")
    assert melton == {
        "district_code": "E07000133",
        "district": "Melton",
        "active_places": "1",
        "residents": "51800",
        "places_per_10000_residents": "0.2",
    }
    assert registrar.get("/manage/coverage/nothing.csv").status_code == 404


def test_a_scheme_replaces_the_population_file(app, registrar, db, pages, tmp_path):
    path = tmp_path / "population.csv"
    path.write_text("code,name,population\nE07000133,Melton,10000\n")
    app.config["SAFEPLACES_POPULATION"] = str(path)
    add_place(db, 52.7650, -0.8860, district_code="E07000133")
    db.conn.commit()
    rows = rows_of(pages.get("/manage/coverage").find(id="districts"))
    assert rows["Melton"] == ["1", "10,000", "1.0"]
    assert rows["Leicester"] == ["0", "Not known", "Not known"]
    path.write_text("code,name,population\nE07000133,Melton,many\n")
    page = pages.get("/manage/coverage", status=500)
    assert "Row 2 of the population file" in text(page.find(id="problem"))


def test_admins_and_registrars_both_see_coverage(app, db, client, registrar):
    assert registrar.get("/manage/coverage").status_code == 200
    other = app.test_client()
    make_account(db, "admin@example.org", "admin")
    sign_in(other, "admin@example.org")
    assert other.get("/manage/coverage").status_code == 200


def map_data(page):
    return json.loads(page.find("script", id="coverage-map-data").get_text())


def test_towns_and_villages_far_from_a_place_in_a_table_a_csv_and_on_a_map(app, registrar, db, pages):
    shown = [(52.6360, -1.1330), (52.6917, -1.18841)]  # Leicester; 2 km north of Anstey
    add_place(db, *shown[0], district_code="E06000016", name="Clock Tower Shop")
    add_place(db, *shown[1], district_code="E07000130", name="Field Farm Shop")
    add_place(db, 52.7650, -0.8860, district_code="E07000133", status="archived")  # not public
    db.conn.commit()
    settlements = [s for s in locate.gazetteer_for(app.config).settlements if s.in_area]
    expected = {}
    for s in settlements:
        metres = min(geo.distance_m(s.lat, s.lon, lat, lon) for lat, lon in shown)
        if geo.walk_minutes(metres) > coverage.WALK_LIMIT_MINUTES:
            expected[s.name] = "Yes" if metres <= coverage.TWO_MILES_M else "No"
    page = pages.get("/manage/coverage")
    rows = rows_of(page.find(id="settlements"))
    assert {name: cells[-1] for name, cells in rows.items()} == expected
    assert "Leicester" not in rows and rows["Melton Mowbray"] == ["Melton", "More than 2 miles away", "No"]
    assert text(page.find(id="settlement-counts")).startswith(
        f"{list(expected.values()).count('No')} of them have"
    )
    data = map_data(page)
    kinds = {row[2]: row[4] for row in data["places"]}
    assert kinds["Clock Tower Shop"] == "open" and kinds["Melton Mowbray"] == "closed"
    assert {name for name, kind in kinds.items() if kind != "open"} == set(expected)
    key = [text(li) for li in page.select("#coverage-map-block .ksp-map-key li")]
    assert "Yes" in expected.values() and key == [
        "A Keep Safe Place",
        "A town or village with no place within 2 miles",
        "? A town or village with no place within a 15-minute walk, but one within 2 miles",  # ? is its shape
    ]
    response = registrar.get("/manage/coverage/settlements.csv")
    csv_rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {row["settlement"]: row["place_within_2_miles"] for row in csv_rows} == {
        name: answer.lower() for name, answer in expected.items()
    }


def test_the_demonstration_places_evening_and_night_gaps(registrar, db, seeded, pages):
    page = pages.get("/manage/coverage")
    sections = {text(s.h3).split(" (")[0]: s for s in page.select("section.coverage-district")}
    assert list(sections)[:2] == ["All districts", "Blaby"] and len(sections) == 10
    melton = sections["Melton"]
    table = melton.find("table")
    assert [text(th) for th in table.select("thead th")][1:] == [f"{hour:02d}" for hour in range(24)]
    monday = next(tr for tr in table.select("tbody tr") if text(tr.th) == "Monday")
    cells = monday.find_all("td")
    assert [text(td) for td in cells[:7]] == ["0"] * 7 and all(
        "coverage-gap" in td["class"] for td in cells[:7]
    )
    assert [text(td) for td in cells[22:]] == ["0", "0"]
    assert int(text(cells[12])) > 0 and "coverage-gap" not in (cells[12].get("class") or [])
    words = [text(li) for li in melton.select(".coverage-gaps li")]
    assert words == [
        "Monday to Saturday: midnight to 7am, 10pm to midnight",
        "Sunday: midnight to 9am, 4pm to midnight",
        # Only the supermarket and the café say they open on bank holidays, 8am to 6pm at most.
        "Bank holiday (Christmas Day, Friday 25 December 2026): midnight to 8am, 6pm to midnight",
    ]
    # Leicester has places open all night (24/7), so no hour is a gap there.
    assert "has a place open in every hour" in text(sections["Leicester"])


def test_each_count_is_the_places_open_for_the_whole_hour(registrar, db, seeded, app):
    """The counts, checked against hours.is_open at every quarter hour and the last minute."""
    response = registrar.get("/manage/coverage/opening.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    days = dict(coverage.opening_days(date(2026, 11, 23)))
    melton = [
        row["opening_hours"]
        for row in db.query(
            "SELECT opening_hours FROM places WHERE status = 'active' AND district_code = 'E07000133'"
        )
    ]
    for row in (r for r in rows if r["district"] == "Melton"):
        day = days[row["day"]]
        for hour in range(24):
            moments = [
                datetime.combine(day, time(hour, minute), tzinfo=LONDON) for minute in (0, 15, 30, 45, 59)
            ]
            expected = sum(all(hours.is_open(text_, at) for at in moments) for text_ in melton)
            assert int(row[f"{hour:02d}:00"]) == expected, (row["day"], hour)
