"""What a phone keeps for when it has no signal: every active place and when it is open.

The service worker (templates/offline/sw.js) saves this file with the site's pages. Offline,
the help page answers from it alone: the nearest place open now and for the walk there, its
phone number, and 999 and 101. So that the phone needs no opening-hours parser, the server
works out each place's open intervals for the next OFFLINE_DAYS days; the file says when it
was saved, and the page says so ("This list was saved on ..."), because it grows stale.

Intervals are whole minutes from the file's `start`, to keep the file small: [[from, to], ...].
Postcode-area centres and the area's towns and villages (with their local names) let a typed
postcode or town answer roughly, as they do online without a geocoder.
"""

from datetime import datetime, timedelta

from sqlite_utils import Database

from . import geo, help_now, hours
from .gazetteer import NamedPoint
from .geo import Bounds, LatLon

OFFLINE_DAYS = 14
FIELDS = ("slug", "name", "lat", "lon", "phone", "address", "town", "postcode")
AREA_MARGIN_DEGREES = 0.15  # about 10 miles around the area, for postcode areas at its edge

ACTIVE = "SELECT slug, name, lat, lon, phone, address, town, postcode, opening_hours FROM public_places ORDER BY id"


def fingerprint(db: Database) -> tuple:
    """What changes whenever a place in the file changes, asked without reading every place.

    Every change to a place is stamped (updated_at) and audited, and removing places changes
    their count; stamps are to the second, so the newest audit entry tells two changes within
    one second apart. A change made behind the site's back (SQL typed into the database) is in
    the file once the kept one is older than the web layer keeps it.
    """
    return tuple(
        db.execute(
            "SELECT count(*), total(id), max(updated_at), (SELECT max(id) FROM audit) FROM public_places"
        ).fetchone()
    )


def places_file(
    db: Database,
    at: datetime,
    phones: dict,
    outcodes: dict[str, LatLon],
    area_bounds: Bounds,
    place_name: str,
    towns: dict[str, NamedPoint] | None = None,
) -> dict:
    """The offline file: when it was saved, the rules for walking, the places, postcode areas and towns.

    outcodes is {"LE1": (lat, lon)}; area_bounds is (south, west, north, east); towns is
    {name key: (name, lat, lon)} (gazetteer.towns), looked up by the name typed.
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
        "places": _places(db, start, end),
        "outcodes": _outcodes_near(outcodes, area_bounds),
        "towns": {
            key: [name, round(lat, 5), round(lon, 5)]
            for key, (name, lat, lon) in sorted((towns or {}).items())
        },
    }


def _places(db: Database, start: datetime, end: datetime) -> list[dict]:
    """Every active place with its open intervals. Most places share their hours text with
    others (Mo-Sa 09:00-17:30), so each text's intervals are worked out once."""
    intervals = {}
    found = []
    for row in db.query(ACTIVE):
        text = row["opening_hours"]
        if text not in intervals:
            intervals[text] = [
                [_minutes(start, begin), _minutes(start, finish)]
                for begin, finish in hours.open_intervals(text, start, end)
            ]
        found.append({**{field: row[field] for field in FIELDS}, "open": intervals[text]})
    return found


def _minutes(start: datetime, moment: datetime) -> int:
    return max(0, round((moment - start).total_seconds() / 60))


def _outcodes_near(outcodes: dict[str, LatLon], area_bounds: Bounds) -> dict[str, list[float]]:
    south, west, north, east = area_bounds
    margin = AREA_MARGIN_DEGREES
    return {
        code: [round(lat, 5), round(lon, 5)]
        for code, (lat, lon) in sorted(outcodes.items())
        if south - margin <= lat <= north + margin and west - margin <= lon <= east + margin
    }
