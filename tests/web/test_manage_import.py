"""Importing places from a CSV file in the manage area, and exporting every place."""

import csv
import io
import json
import re

import pytest
from bs4 import BeautifulSoup

from safeplaces import importer
from safeplaces.web import manage_import
from tests.helpers import add_place, check_page, text
from tests.web.manage_helpers import csrf_token, make_account, sign_in

HEADER = "name,address,town,postcode,latitude,longitude,phone,opening_hours,category\n"
CAFE = (
    "Granby Street Café,41 Granby Street,Leicester,LE1 6EZ,52.6340,-1.1310,0116 496 0107,"
    "Mo-Sa 08:00-18:00; PH off,café\n"
)
LIBRARY = "Oakham Library,Catmos Street,Oakham,LE15 6HW,52.6699,-0.7298,0116 496 0200,Mo-Fr 09:00-17:00; PH off,library\n"
NO_POSITION = "Market Stall,1 Market Place,Leicester,LE1 5GG,,,,,shop\n"
XLSX_START = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"


@pytest.fixture
def registrar(db, client):
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def upload(client, content, allow_approximate=False, filename="places.csv"):
    """Post the import form; the response and its page, checked."""
    data = {"csrf_token": csrf_token(client, "/manage/import")}
    if content is not None:
        data["csv"] = (io.BytesIO(content.encode("utf-8") if isinstance(content, str) else content), filename)
    if allow_approximate:
        data["allow_approximate"] = "y"
    response = client.post("/manage/import", data=data, content_type="multipart/form-data")
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return response, page


def counts(page):
    return [text(item) for item in page.select("#counts li")]


def test_the_import_page(registrar, pages):
    page = pages.get("/manage/import")
    assert text(page.h1) == "Import places from a CSV file"
    assert page.find("form", class_="import-form")["enctype"] == "multipart/form-data"
    file_box = page.find("input", id="csv")
    assert (file_box["type"], file_box["name"], file_box["accept"]) == ("file", "csv", ".csv,text/csv")
    assert text(page.find(id=file_box["aria-describedby"])).startswith("Save your spreadsheet as")
    assert text(page.find("label", attrs={"for": "csv"})) == "CSV file"
    approximate = page.find("input", id="allow_approximate")
    assert not approximate.has_attr("checked")
    assert text(page.find(id=approximate["aria-describedby"])).startswith(
        "Without this, a row with no latitude"
    )
    assert not page.find(id="error-summary") and not page.find(id="csv-error")
    assert [a["href"] for a in page.select("#export ~ ul a")] == [
        "/manage/export.csv",
        "/manage/export.csv?contacts=yes",
    ]


def test_a_good_file_is_imported_and_counted(db, registrar):
    response, page = upload(registrar, HEADER + CAFE + LIBRARY)
    assert response.status_code == 200
    assert text(page.h1) == "Places imported"
    assert counts(page) == ["2 new places", "0 places updated", "0 places unchanged"]
    assert db["places"].count == 2
    users = {row["user"] for row in db.query("SELECT user FROM audit WHERE entity = 'places'")}
    assert users == {"reg@example.org"}
    response, page = upload(registrar, HEADER + CAFE.replace("0107", "0108") + LIBRARY)
    assert counts(page) == ["0 new places", "1 place updated", "1 place unchanged"]


def test_approximate_positions_only_when_allowed_and_then_noted(db, registrar):
    response, page = upload(registrar, HEADER + CAFE + NO_POSITION)
    assert response.status_code == 400
    assert "allow approximate positions" in text(page.find(id="row-problems"))
    response, page = upload(registrar, HEADER + CAFE + NO_POSITION, allow_approximate=True)
    assert response.status_code == 200
    assert counts(page)[0] == "2 new places"
    assert [text(li) for li in page.select("#notes li")] == [
        "Row 3: added as an application, not shown to the public, because it has no latitude and "
        "longitude (its postcode gives only the middle of the postcode area LE1). Approve it in the "
        "applications, putting the pin on its door."
    ]


@pytest.mark.parametrize("allow_approximate", [False, True])
def test_one_bad_row_means_nothing_is_imported_and_every_bad_row_is_listed(db, registrar, allow_approximate):
    bad = (
        "No Postcode Shop,1 High Street,Leicester,,52.6,-1.1,,,shop\n"
        "Space Shop,2 High Street,Leicester,LE1 1AA,52.6,-1.1,,,spaceport\n"
    )
    response, page = upload(registrar, HEADER + CAFE + bad + LIBRARY, allow_approximate)
    assert response.status_code == 400
    assert page.title.get_text().startswith("Error: Import places from a CSV file")
    message = (
        "Nothing was imported: 2 rows need fixing first. The first row, with the column names, is row 1."
    )
    assert text(page.select_one("#error-summary a")) == message
    assert page.select_one("#error-summary a")["href"] == "#csv"
    rows = [text(li) for li in page.select("#row-problems li")]
    assert rows[0] == "Row 3: the postcode is missing."
    assert rows[1].startswith("Row 4: 'spaceport' is not a category we know")
    assert page.find("input", id="allow_approximate").has_attr("checked") is allow_approximate
    assert "Choose the file again" in text(page.find(id="csv-hint"))
    field = page.find("input", id="csv")
    assert field["aria-invalid"] == "true" and "csv-error" in field["aria-describedby"]
    assert db["places"].count == 0
    assert db.execute("SELECT count(*) FROM audit WHERE entity = 'places'").fetchone()[0] == 0


def test_only_the_first_200_bad_rows_are_shown(db, registrar):
    bad = "".join(f"Shop {n},{n} High Street,Leicester,,52.6,-1.1,,,shop\n" for n in range(250))
    response, page = upload(registrar, HEADER + bad)
    rows = [text(li) for li in page.select("#row-problems li")]
    assert len(rows) == 201 and rows[0] == "Row 2: the postcode is missing."
    assert rows[199] == "Row 201: the postcode is missing." and rows[200] == "and 50 more rows to fix"
    assert "250 rows need fixing" in text(page.find(id="csv-error"))


def test_a_row_with_several_problems_lists_each_on_its_own_line(registrar, db):
    """A new user found "the phone ...; the opening hours ...; ... is not a category" hard to read."""
    bad = "Shop,1 High Street,Leicester,LE1 1AA,52.6,-1.1,not a phone,9-5,caff\n"
    response, page = upload(registrar, HEADER + bad)
    assert response.status_code == 400
    row = page.select_one("#row-problems > li")
    assert text(row).startswith("Row 2:")
    reasons = [text(li) for li in row.select("ul li")]
    assert len(reasons) == 3 and all(reason.endswith((".", "?")) and ".." not in reason for reason in reasons)
    assert reasons[0].startswith("The phone number") and "caff" in reasons[-1]


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (None, None, "Choose a CSV file."),
        ("", "places.csv", "The file is empty."),
        ("\n\n", "places.csv", "The file is empty."),
        (HEADER, "places.csv", "Nothing was imported: the file has the column names but no places."),
        (
            (HEADER + CAFE).encode("latin-1"),
            "places.csv",
            "Nothing was imported: the file is not UTF-8 text (save it as “CSV UTF-8”).",
        ),
        (
            XLSX_START + bytes(range(256)),
            "places.xlsx",
            "The file is a spreadsheet workbook, not a CSV file. In your spreadsheet, choose Save As (or Download) "
            "and “CSV UTF-8”, then choose that file.",
        ),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            "photo.png",
            "Nothing was imported: the file is not UTF-8 text (save it as “CSV UTF-8”).",
        ),
        (
            "Dear all,\nplease find the places attached.\n",
            "letter.txt",
            "Nothing was imported: the file has no column called name, address, town, postcode, latitude, "
            "longitude, phone, opening_hours, category.",
        ),
        (
            "name,town\nCafé,Leicester\n",
            "places.csv",
            "Nothing was imported: the file has no column called address, postcode, latitude, longitude, phone, "
            "opening_hours, category.",
        ),
        (
            HEADER + '"Unclosed quote,' + "x" * 200_000 + "\n",
            "places.csv",
            "Nothing was imported: the file cannot be read as CSV: one value is far too long, which usually means "
            'a quotation mark (") is not closed.',
        ),
    ],
)
def test_files_that_cannot_be_read_get_a_plain_message(db, registrar, content, filename, message):
    if content is None:
        response, page = upload(registrar, None)
    else:
        response, page = upload(registrar, content, allow_approximate=True, filename=filename)
    assert response.status_code == 400
    assert text(page.select_one("#error-summary a")) == message
    assert text(page.select_one("#csv-error p")) == f"Error: {message}"
    assert page.select("#row-problems") == []
    assert page.find("input", id="allow_approximate").has_attr("checked") is (content is not None)
    assert db["places"].count == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(db, registrar):
    big = HEADER + CAFE * (manage_import.MAX_UPLOAD_BYTES // len(CAFE.encode()) + 2000)
    response, page = upload(registrar, big)
    assert response.status_code == 413
    assert text(page.select_one("#error-summary a")) == (
        "The file is too big: it must be smaller than 2 MB. Split it into smaller files and import each one, "
        "or ask whoever runs the site to import it with the import-places command."
    )
    assert db["places"].count == 0


def test_the_size_is_also_checked_as_the_file_is_read(db, registrar, monkeypatch):
    monkeypatch.setattr(manage_import, "MAX_UPLOAD_BYTES", 100)
    monkeypatch.setattr(manage_import, "limit_upload_size", lambda *args: None)
    response, page = upload(registrar, HEADER + CAFE)
    assert response.status_code == 400
    assert text(page.select_one("#error-summary a")).startswith("The file is too big")


def test_the_export_is_a_download_no_one_keeps(registrar):
    response = registrar.get("/manage/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="keep-safe-places-[0-9]{4}-[0-9]{2}-[0-9]{2}\.csv"',
        response.headers["Content-Disposition"],
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith("\ufeff".encode("utf-8")), "a BOM, so Excel reads the accents"


def exported(client, url="/manage/export.csv"):
    body = client.get(url).data
    return body, list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_export_has_every_place_and_its_status_but_contacts_only_when_asked(db, registrar):
    add_place(
        db,
        52.63,
        -1.13,
        status="suspended",
        name="Café Zoë",
        contact_name="Jo Bloggs",
        contact_email="jo@example.org",
        contact_phone="0116 496 0999",
        district_code="E06000016",
    )
    add_place(db, 52.64, -1.14, status="applied", name='=HYPERLINK("http://evil.example")')
    _, rows = exported(registrar)
    assert list(rows[0]) == [
        *importer.COLUMNS,
        "status",
        "slug",
        "district_code",
        "position_source",
        "is_demo",
        "updated_at",
    ]
    assert [(row["name"], row["status"]) for row in rows] == [
        ("Café Zoë", "suspended"),
        ('\'=HYPERLINK("http://evil.example")', "applied"),
    ]
    assert (rows[0]["latitude"], rows[0]["longitude"], rows[0]["district_code"]) == (
        "52.63",
        "-1.13",
        "E06000016",
    )
    assert db.execute("SELECT count(*) FROM audit WHERE entity = 'places'").fetchone()[0] == 0
    _, rows = exported(registrar, "/manage/export.csv?contacts=yes")
    assert (rows[0]["contact_name"], rows[0]["contact_email"], rows[0]["contact_phone"]) == (
        "Jo Bloggs",
        "jo@example.org",
        "0116 496 0999",
    )
    entry = next(db.query("SELECT * FROM audit WHERE entity = 'places'"))
    assert (entry["user"], entry["action"], json.loads(entry["after"])) == (
        "reg@example.org",
        "export with contact details",
        {"places": 2},
    )


def test_an_export_imports_again_unchanged_by_the_command_and_the_page(
    db, registrar, seeded, runner, tmp_path
):
    upload(registrar, HEADER + CAFE + LIBRARY + NO_POSITION, allow_approximate=True)
    db.execute("UPDATE places SET status = 'suspended', contact_name = 'Jo' WHERE name = 'Oakham Library'")
    db.conn.commit()
    total = db["places"].count
    body, rows = exported(registrar, "/manage/export.csv?contacts=yes")
    assert len(rows) == total > 70
    path = tmp_path / "export.csv"
    path.write_bytes(body)
    result = runner.invoke(args=["import-places", str(path)])
    assert result.exit_code == 0, result.output
    assert f"0 new, 0 updated, {total} unchanged." in result.output
    response, page = upload(registrar, body)
    assert counts(page) == ["0 new places", "0 places updated", f"{total} places unchanged"]
    assert db.execute("SELECT status FROM places WHERE name = 'Oakham Library'").fetchone()[0] == "suspended"
    assert db["places"].count == total


def test_the_import_and_export_need_sign_in(client):
    for url in ("/manage/import", "/manage/export.csv"):
        assert client.get(url).headers["Location"].startswith("/manage/login")


def test_a_file_just_under_the_limit_imports_every_row(db, registrar):
    """The largest file the page takes imports whole (bench/web_import.py times it under gunicorn)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from web_import import file_under

    data, rows, _changed = file_under(manage_import.MAX_UPLOAD_BYTES)
    assert 0.99 * manage_import.MAX_UPLOAD_BYTES < len(data) <= manage_import.MAX_UPLOAD_BYTES
    response, page = upload(registrar, data)
    assert response.status_code == 200, text(page.find(id="main"))[:500]
    assert counts(page) == [f"{rows} new places", "0 places updated", "0 places unchanged"]
    assert db["places"].count == rows > 15_000
