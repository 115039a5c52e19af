"""What a phone keeps for when it has no signal: every active place and when it is open.

The service worker (templates/offline/sw.js) saves this file with the site's pages. Offline,
the help page answers from it alone: the nearest place open now and for the walk there, its
phone number, and 999 and 101. So that the phone needs no opening-hours parser, the server
works out each place's open intervals for the next OFFLINE_DAYS days; the file says when it
was saved, and the page says so ("This list was saved on ..."), because it grows stale.

Intervals are whole minutes from the file's `start`, to keep the file small: [[from, to], ...].
Postcode-area centres inside the area let a typed postcode answer roughly, as it does online
without a geocoder.
"""

import hashlib
from datetime import datetime, timedelta

from . import geo, help_now, hours

OFFLINE_DAYS = 14
FIELDS = ("slug", "name", "lat", "lon", "phone", "address", "town", "postcode")
AREA_MARGIN_DEGREES = 0.15  # about 10 miles around the area, for postcode areas at its edge

ACTIVE = (
    "SELECT slug, name, lat, lon, phone, address, town, postcode, opening_hours FROM places "
    "WHERE status = 'active' AND lat IS NOT NULL ORDER BY id"
)


def fingerprint(db) -> str:
    """A digest of everything the file is built from in the database: it changes whenever a
    place in the file changes. Reading the rows costs a hundredth of working out their hours."""
    digest = hashlib.sha256()
    for row in db.execute(ACTIVE):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def places_file(db, at: datetime, phones: dict, outcodes: dict, area_bounds: tuple, place_name: str) -> dict:
    """The offline file: when it was saved, the rules for walking, the places and postcode areas.

    outcodes is {"LE1": (lat, lon)}; area_bounds is (south, west, north, east).
    """
    start = at.replace(second=0, microsecond=0)
    end = start + timedelta(days=OFFLINE_DAYS)
    return {
        "saved": start.isoformat(),
        "start": start.isoformat(),
        "days": OFFLINE_DAYS,
        "place_name": place_name,
        "phones": phones,
        "walk": {
            "detour": geo.WALK_DETOUR,
            "metres_per_minute": geo.WALK_METRES_PER_MINUTE,
            "limit_minutes": help_now.WALK_LIMIT_MINUTES,
            "reasonable_minutes": geo.REASONABLE_WALK_MINUTES,
        },
        "places": [_place(row, start, end) for row in db.query(ACTIVE)],
        "outcodes": _outcodes_near(outcodes, area_bounds),
    }


def _place(row, start, end):
    place = {field: row[field] for field in FIELDS}
    place["open"] = [
        [_minutes(start, begin), _minutes(start, finish)]
        for begin, finish in hours.open_intervals(row["opening_hours"], start, end)
    ]
    return place


def _minutes(start, moment):
    return max(0, round((moment - start).total_seconds() / 60))


def _outcodes_near(outcodes, area_bounds):
    south, west, north, east = area_bounds
    margin = AREA_MARGIN_DEGREES
    return {
        code: [round(lat, 5), round(lon, 5)]
        for code, (lat, lon) in sorted(outcodes.items())
        if south - margin <= lat <= north + margin and west - margin <= lon <= east + margin
    }
