"""Open downloads of the register: every active place as GeoJSON and as CSV.

The same public fields as the place pages and the API (places.PUBLIC_FIELDS, which leaves out
the venue's contact person, the checks, the reviews and the visits), plus the place's stable
UUID (the same id as in the Open Referral feed), its district's name and its public page.

GeoJSON follows RFC 7946: a FeatureCollection in WGS84, each position [longitude, latitude],
no `crs` member. A place without a position has a null geometry, as the RFC allows. The
licence and attribution travel inside the file as foreign members, so a copy passed on still
says them. The CSV is UTF-8 with a byte-order mark (so Excel shows accents), and text that a
spreadsheet would run as a formula gets a leading apostrophe, as in the manage area's export.
"""

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from . import places
from .i18n import N_, _
from .importer import spreadsheet_safe  # one rule for every CSV the scheme gives out

# (field, what it means): the columns of the CSV and the properties of each GeoJSON feature. The
# meanings are shown translated (meanings); the category's lists the categories as stored.
FIELDS = (
    ("uuid", N_("The place's stable id; the same as its service at location id in the Open Referral feed.")),
    ("name", N_("The name of the place.")),
    ("category", N_("What kind of place it is: %(kinds)s.")),
    ("address", N_("The street address.")),
    ("town", N_("The town or city.")),
    ("postcode", N_("The full postcode.")),
    (
        "district_code",
        N_("The ONS code of the local authority district the place is in; empty outside them."),
    ),
    ("district", N_("The name of that district.")),
    ("latitude", N_("WGS84 latitude, in decimal degrees (in GeoJSON, the second number of the position).")),
    ("longitude", N_("WGS84 longitude, in decimal degrees (in GeoJSON, the first number of the position).")),
    ("phone", N_("The place's public phone number, if it has one.")),
    ("website", N_("The place's website, if it has one.")),
    (
        "opening_hours",
        N_("Opening hours in OpenStreetMap's opening_hours syntax, in UK time; empty if not known."),
    ),
    (
        "facilities",
        N_("What the place has, such as step-free access or a quiet space (in CSV, separated by “; ”)."),
    ),
    ("easy_read_description", N_("A short description in easy read.")),
    ("url", N_("The place's page on this site.")),
)
COLUMNS = tuple(name for name, _meaning in FIELDS)


def meanings() -> list[tuple[str, str]]:
    """(field, what it means) in the reader's language; the categories keep their stored words."""
    return [(name, _(meaning, kinds=", ".join(places.CATEGORIES))) for name, meaning in FIELDS]


@dataclass(frozen=True)
class Licence:
    name: str
    url: str
    attribution: str


def active_places(db: Database) -> list[dict]:
    """Every active place, by name."""
    return list(db.query("SELECT * FROM public_places ORDER BY name COLLATE NOCASE, id"))


def record(row: Mapping, district_name: Callable[[str | None], str], url: Callable[[Mapping], str]) -> dict:
    """One place's public fields, by the names in FIELDS."""
    public = places.public(row)
    return {
        "uuid": row["uuid"],
        **{field: public[field] for field in ("name", "category", "address", "town", "postcode")},
        "district_code": public["district_code"] or "",
        "district": (district_name(public["district_code"]) if public["district_code"] else None) or "",
        "latitude": public["lat"],
        "longitude": public["lon"],
        **{field: public[field] for field in ("phone", "website", "opening_hours")},
        "facilities": public["facilities"],
        "easy_read_description": public["easy_read_description"],
        "url": url(row),
    }


def geojson(
    rows: list, district_name: Callable[[str | None], str], url: Callable[[Mapping], str], licence: Licence
) -> dict:
    """RFC 7946 GeoJSON of the places: a FeatureCollection of Points at [longitude, latitude]."""
    features = []
    for row in rows:
        properties = record(row, district_name, url)
        lat, lon = properties.pop("latitude"), properties.pop("longitude")
        features.append(
            {
                "type": "Feature",
                "id": properties["uuid"],
                "geometry": None if lat is None else {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
        )
    return {
        "type": "FeatureCollection",
        "licence": {"name": licence.name, "url": licence.url},
        "attribution": licence.attribution,
        "features": features,
    }


def geojson_text(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


def csv_text(rows: list, district_name: Callable[[str | None], str], url: Callable[[Mapping], str]) -> str:
    """The places as CSV, one row each, with the COLUMNS as its header."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        values = record(row, district_name, url)
        values["facilities"] = "; ".join(values["facilities"])
        writer.writerow([spreadsheet_safe(values[column]) for column in COLUMNS])
    return out.getvalue()
