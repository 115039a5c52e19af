"""Open downloads: GeoJSON read by GDAL's ogrinfo and shapely, CSV read back, and their page."""

import csv
import io
import json
import os
import shutil
import subprocess

import pytest
import shapely
from shapely.geometry import shape

from safeplaces import geo, opendata, places
from tests.helpers import add_place, text

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PRIVATE = ("contact_name", "contact_email", "contact_phone", "next_review_due", "staff_trained_on", "status")


def ogrinfo_or_skip():
    found = shutil.which("ogrinfo")
    if found:
        return found
    message = "GDAL's ogrinfo was not found: install Debian's gdal-bin (apt-get install gdal-bin)."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def active(seeded, db):
    return {row["uuid"]: row for row in db.query("SELECT * FROM places WHERE status = 'active'")}


def download(client, url, mimetype):
    response = client.get(url)
    assert (response.status_code, response.mimetype) == (200, mimetype)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Link"] == f'<{OGL}>; rel="license"'
    return response


def test_the_geojson_is_rfc_7946_points_at_longitude_latitude(client, active, app):
    collection = json.loads(
        download(client, "/places.geojson", "application/geo+json").get_data(as_text=True)
    )
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert collection["licence"] == {"name": "Open Government Licence v3.0", "url": OGL}
    assert len(collection["features"]) == len(active) == 76
    districts = geo.load_districts(app.config["SAFEPLACES_DISTRICTS"])
    for feature in collection["features"]:
        row = active[feature["id"]]
        point = shape(feature["geometry"])
        assert point.geom_type == "Point" and shapely.is_valid(point)
        assert (point.x, point.y) == (row["lon"], row["lat"])
        # Longitude first: the point is inside its district's boundary only that way round.
        assert districts.find(point.y, point.x).code == row["district_code"]
        assert set(feature["properties"]) == set(opendata.COLUMNS) - {"latitude", "longitude"}
        assert not set(feature["properties"]) & set(PRIVATE)
        assert feature["properties"]["url"] == f"http://localhost/places/{row['slug']}"


def test_gdal_reads_the_geojson(client, active, tmp_path):
    ogrinfo = ogrinfo_or_skip()
    path = tmp_path / "places.geojson"
    path.write_bytes(download(client, "/places.geojson", "application/geo+json").get_data())
    result = subprocess.run(
        [ogrinfo, "-ro", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    )
    summary = result.stdout
    assert "Geometry: Point" in summary and "Feature Count: 76" in summary, summary
    assert 'EPSG",4326' in summary or "WGS 84" in summary, summary
    for field in ("name", "category", "postcode", "district", "opening_hours", "url"):
        assert f"\n{field}: String" in summary, (field, summary)
    extent = next(line for line in summary.splitlines() if line.startswith("Extent:"))
    (west, south), (east, north) = (
        tuple(float(n) for n in part.strip(" ()").split(","))
        for part in extent.removeprefix("Extent:").split(" - ")
    )
    assert -2 < west < east < 0 and 52 < south < north < 53, extent
    one = subprocess.run(
        [ogrinfo, "-ro", "-al", "-where", "postcode = 'LE1 2TS'", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "name (String) = Clock Tower Information Point" in one.stdout
    assert "POINT (-1.13318 52.63588)" in one.stdout


def test_the_csv_has_a_row_for_each_active_place(client, active):
    body = download(client, "/places.csv", "text/csv").get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert tuple(rows[0]) == opendata.COLUMNS
    assert {row["uuid"] for row in rows} == set(active)
    for row in rows:
        stored = active[row["uuid"]]
        assert (float(row["latitude"]), float(row["longitude"])) == (stored["lat"], stored["lon"])
        assert row["facilities"] == "; ".join(json.loads(stored["facilities"]))


def test_only_active_places_and_only_public_fields(client, db):
    shown = add_place(
        db,
        52.63,
        -1.13,
        name="=HYPERLINK(1)",
        contact_name="Private Person",
        facilities='["quiet space", "seating"]',
    )
    for status in ("applied", "suspended", "archived"):
        add_place(db, 52.63, -1.13, status=status, name=f"{status} place")
    db.conn.commit()
    collection = client.get("/places.geojson").get_json(force=True)
    assert [f["properties"]["name"] for f in collection["features"]] == ["=HYPERLINK(1)"]
    body = client.get("/places.csv").get_data().decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert row["name"] == "'=HYPERLINK(1)" and row["facilities"] == "quiet space; seating"
    assert row["uuid"] == places.by_id(db, shown)["uuid"]
    assert "Private Person" not in body + json.dumps(collection)


def test_an_empty_register_is_an_empty_collection(client):
    assert client.get("/places.geojson").get_json(force=True)["features"] == []
    assert client.get("/places.csv").get_data().decode("utf-8-sig").splitlines() == [
        ",".join(opendata.COLUMNS)
    ]


def test_the_open_data_page_gives_the_addresses_fields_licence_and_an_example(pages, active):
    page = pages.get("/open-data")
    assert page.find("a", href=OGL)
    assert page.find("a", href="http://localhost/places.geojson") and page.find(
        "a", href="http://localhost/places.csv"
    )
    assert "http://localhost/openreferral/v3/" in text(page.find(id="main"))
    assert [text(dt) for dt in page.select(".open-data-fields dt")] == list(opendata.COLUMNS)
    example = json.loads(page.find(id="example-geojson").get_text())
    assert example["geometry"]["type"] == "Point" and example["id"] in active
    assert "76 places" in text(page.find(id="main"))
    home = pages.get("/")
    assert home.select_one("footer a[href='/open-data']").get_text() == "Open data"


def test_a_scheme_sets_its_own_licence(app, client, pages, seeded):
    app.config.update(
        SAFEPLACES_DATA_LICENCE_NAME="CC BY 4.0",
        SAFEPLACES_DATA_LICENCE_URL="https://creativecommons.org/licenses/by/4.0/",
    )
    response = client.get("/places.csv")
    assert response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert client.get("/places.geojson").get_json(force=True)["licence"]["name"] == "CC BY 4.0"
    page = pages.get("/open-data")
    assert page.find("a", href="https://creativecommons.org/licenses/by/4.0/").get_text() == "CC BY 4.0"
