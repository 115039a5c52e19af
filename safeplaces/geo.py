"""Distances, the nearest places, walking time and district lookup.

Nearest-N: the R*Tree gives the places inside a box around the origin. If at least N of them
lie within the circle the box encloses, no place outside the box can be nearer, so those N are
the answer; otherwise the box doubles, up to the search radius. Distances are geodesic (geopy,
WGS84). A geodesic costs ~50 µs, so candidates are first ordered by a spherical distance, which
is within 0.6% of it, and the exact distance is measured only while it can change the answer.
`nearest_by_scan` measures every place, the reference that tests and the benchmark compare to.

Walking time: the straight-line distance times a detour factor of 1.3 (streets are not
straight lines), at 4.8 km/h (80 metres a minute), rounded up to a whole minute. A walk is told
only up to REASONABLE_WALK_MINUTES (30): beyond that a place is described by its distance
("9.3 miles away"), never as hours of walking. Half an hour is about as far as anyone lost,
scared or unwell should be told to walk, and the detour factor is an average that grows less
true with distance (rivers, ring roads, lanes without pavements); further away, the person
needs a bus, a lift or someone to take them, and the distance is what helps them ask.
"""

import json
import math
from bisect import insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import shapely
from geopy.distance import EARTH_RADIUS, geodesic
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from sqlite_utils import Database

from . import i18n
from .i18n import _, _n

WALK_DETOUR = 1.3
WALK_METRES_PER_MINUTE = 80
REASONABLE_WALK_MINUTES = 30
# How far, in a straight line, a reasonable walk reaches (1,846 m).
REASONABLE_WALK_M = REASONABLE_WALK_MINUTES * WALK_METRES_PER_MINUTE / WALK_DETOUR
METRES_PER_MILE = 1609.344
FIRST_RADIUS_M = 1000
DEFAULT_MAX_M = 50_000
ANYWHERE_M = 20_004_000  # half the Earth's circumference: no place is further away

# Fewest metres in a degree of latitude, and in a degree of longitude at the equator, on
# WGS84, less 1%: the box made from them always encloses the whole circle.
MIN_METRES_PER_DEGREE_LAT = 110_574 * 0.99
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320 * 0.99

PUBLIC_STATUS = "active"


# A spherical distance is never more than 0.6% above the geodesic one; the millimetre allows
# for rounding, where two points a hair apart measure 0 geodesically but not spherically.
SPHERICAL_LOWER_BOUND = 0.99
# And never more than 0.6% below it: with room to spare, a place whose spherical distance is
# this far inside a radius is inside it, with no geodesic measured (count_within).
SPHERICAL_UPPER_BOUND = 1.01
ROUNDING_M = 0.001
EARTH_RADIUS_M = EARTH_RADIUS * 1000
_WGS84 = geodesic(ellipsoid="WGS-84")


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres between two WGS84 points."""
    return _WGS84.measure((lat1, lon1), (lat2, lon2)) * 1000


def spherical_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in metres: fast, and within 0.6% of distance_m."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def walk_minutes(metres: float) -> int:
    """Estimated walking time in whole minutes (at least 1); see the module docstring."""
    return max(1, math.ceil(metres * WALK_DETOUR / WALK_METRES_PER_MINUTE))


def is_a_walk(metres: float) -> bool:
    """True if the place is within a reasonable walk (see the module docstring)."""
    return walk_minutes(metres) <= REASONABLE_WALK_MINUTES


def walk_words(metres: float) -> str:
    """The estimated walk, in words: "about 6 minutes' walk". Only for a reasonable walk: see how_far."""
    return minutes_walk_words(walk_minutes(metres))


def minutes_walk_words(minutes: int) -> str:
    """A walk of so many minutes, in words, in the reader's language: "about 6 minutes' walk"."""
    return _n("about %(num)d minute's walk", "about %(num)d minutes' walk", minutes)


def miles(metres: float) -> str:
    """A distance in miles, in words: "0.3 miles", "1 mile", "13 miles" (0,3 mili in Polish)."""
    value = metres / METRES_PER_MILE
    if value < 0.1:
        return _("less than %(miles)s miles", miles=i18n.decimal(0.1))
    if value >= 10 or f"{value:.1f}" == "1.0":
        # Whole miles take the language's plural forms; a fraction of a mile has its own words.
        return _n("%(num)d mile", "%(num)d miles", round(value))
    return _("%(miles)s miles", miles=i18n.decimal(value))


def how_far(metres: float) -> str:
    """How far a place is, in words: the walk and the miles within a reasonable walk, else the miles.

    "about 6 minutes' walk (0.2 miles)", or "9.3 miles away".
    """
    if is_a_walk(metres):
        return _("%(walk)s (%(miles)s)", walk=walk_words(metres), miles=miles(metres))
    return _("%(miles)s away", miles=miles(metres))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing every point within radius_m."""
    dlat = radius_m / MIN_METRES_PER_DEGREE_LAT
    edge = min(abs(lat) + dlat, 90.0)
    cos_edge = math.cos(math.radians(edge))
    if cos_edge < 1e-6 or radius_m / (METRES_PER_DEGREE_LON_AT_EQUATOR * cos_edge) >= 180:
        return lat - dlat, lat + dlat, -180.0, 180.0
    dlon = radius_m / (METRES_PER_DEGREE_LON_AT_EQUATOR * cos_edge)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


# The public places (db.py's public_places view, spelled out here because CROSS JOIN fixes the
# join order: the R*Tree first, then each place by its primary key). Left to itself, and without statistics, SQLite reads every active place and probes the
# R*Tree for each one: hundreds of milliseconds at 100,000 places instead of under one.
NEAR_BOX_SQL = f"""
SELECT places.id, places.lat, places.lon, places.opening_hours
FROM places_rtree CROSS JOIN places ON places.id = places_rtree.id
WHERE places_rtree.max_lat >= ? AND places_rtree.min_lat <= ?
  AND places_rtree.max_lon >= ? AND places_rtree.min_lon <= ?
  AND places.status = '{PUBLIC_STATUS}'
"""

SCAN_SQL = "SELECT id, lat, lon, opening_hours FROM public_places"
# A place as both queries give it: (id, lat, lon, opening hours).
Candidate = tuple[int, float, float, str]


def _rank(
    candidates: list[Candidate],
    lat: float,
    lon: float,
    limit: int,
    max_m: float,
    keep: Callable[[str], bool] | None,
) -> list[tuple[float, int]]:
    """[(distance_m, id)] of the `limit` nearest candidates within max_m, nearest first."""
    by_sphere = sorted(
        (spherical_m(lat, lon, c_lat, c_lon), place_id, c_lat, c_lon)
        for place_id, c_lat, c_lon, hours in candidates
        if keep is None or keep(hours)
    )
    ranked = []
    for sphere, place_id, c_lat, c_lon in by_sphere:
        at_least = sphere * SPHERICAL_LOWER_BOUND - ROUNDING_M
        if at_least > max_m or (len(ranked) >= limit and at_least > ranked[limit - 1][0]):
            break
        metres = distance_m(lat, lon, c_lat, c_lon)
        if metres <= max_m:
            insort(ranked, (metres, place_id))
    return ranked[:limit]


def _box_candidates(db: Database, lat: float, lon: float, radius_m: float) -> list[Candidate]:
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_m)
    boxes = [(min_lon, max_lon)]
    if min_lon < -180 or max_lon > 180:
        # The box crosses the antimeridian: search the wrapped part as well.
        shift = 360 if min_lon < -180 else -360
        boxes.append((min_lon + shift, max_lon + shift))
    return [
        row for west, east in boxes for row in db.conn.execute(NEAR_BOX_SQL, (min_lat, max_lat, west, east))
    ]


def _with_rows(db: Database, ranked: list[tuple[float, int]]) -> list[dict]:
    ids = [place_id for _metres, place_id in ranked]
    rows = {
        row["id"]: row
        for row in db.query(f"SELECT * FROM places WHERE id IN ({', '.join('?' * len(ids))})", ids)
    }
    return [{**rows[place_id], "distance_m": metres} for metres, place_id in ranked]


def nearest(
    db: Database,
    lat: float,
    lon: float,
    limit: int = 5,
    max_m: float = DEFAULT_MAX_M,
    keep: Callable[[str], bool] | None = None,
    only: set | None = None,
) -> list[dict]:
    """The `limit` nearest public places within max_m metres, nearest first, with distance_m.

    keep(opening_hours) may narrow the search, for example to places open now; only (a set of
    place ids) to the places a text search found.
    """
    radius = min(FIRST_RADIUS_M, max_m)
    while True:
        candidates = _box_candidates(db, lat, lon, radius)
        if only is not None:
            candidates = [c for c in candidates if c[0] in only]
        ranked = _rank(candidates, lat, lon, limit, radius, keep)
        if len(ranked) >= limit or radius >= max_m:
            return _with_rows(db, ranked)
        radius = min(radius * 2, max_m)


def count_within(db: Database, lat: float, lon: float, max_m: float, only: set | None = None) -> int:
    """How many public places lie within max_m metres (of those in only, if given).

    A geodesic is measured only for a place near the edge, where the spherical distance
    cannot tell (see SPHERICAL_LOWER_BOUND and SPHERICAL_UPPER_BOUND).
    """
    count = 0
    for place_id, c_lat, c_lon, _hours in _box_candidates(db, lat, lon, max_m):
        if only is not None and place_id not in only:
            continue
        sphere = spherical_m(lat, lon, c_lat, c_lon)
        if sphere * SPHERICAL_LOWER_BOUND - ROUNDING_M > max_m:
            continue
        if (
            sphere * SPHERICAL_UPPER_BOUND + ROUNDING_M <= max_m
            or distance_m(lat, lon, c_lat, c_lon) <= max_m
        ):
            count += 1
    return count


def nearest_by_scan(
    db: Database,
    lat: float,
    lon: float,
    limit: int = 5,
    max_m: float = DEFAULT_MAX_M,
    keep: Callable[[str], bool] | None = None,
) -> list[dict]:
    """The same answer as nearest(), found by measuring the geodesic to every public place."""
    ranked = sorted(
        (distance_m(lat, lon, c_lat, c_lon), place_id)
        for place_id, c_lat, c_lon, hours in db.conn.execute(SCAN_SQL)
        if keep is None or keep(hours)
    )
    return _with_rows(db, [(m, i) for m, i in ranked if m <= max_m][:limit])


@dataclass(frozen=True)
class District:
    code: str
    name: str
    county: str = ""


LatLon = tuple[float, float]  # (lat, lon)
Bounds = tuple[float, float, float, float]  # (south, west, north, east)


class Districts:
    """The scheme's districts, for finding which one a point falls in.

    Loaded once per process (load_districts): the shapes are prepared and the area's bounds
    computed when loaded, since every search asks for them.
    """

    def __init__(self, features: Sequence[dict]) -> None:
        self.districts = [
            District(f["properties"]["code"], f["properties"]["name"], f["properties"].get("county", ""))
            for f in features
        ]
        self.shapes: list[BaseGeometry] = [shape(f["geometry"]) for f in features]
        for geometry in self.shapes:
            shapely.prepare(geometry)
        # The box around every district is the box around their boxes: no union needed.
        boxes = [geometry.bounds for geometry in self.shapes]
        west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
        east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
        self._bounds = (south, west, north, east)

    @classmethod
    def from_geojson(cls, path: str) -> "Districts":
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f)["features"])

    def find(self, lat: float, lon: float) -> District | None:
        """The District containing the point, or None when it is outside the area."""
        for district, geometry in zip(self.districts, self.shapes, strict=True):
            if shapely.contains_xy(geometry, lon, lat):
                return district
        return None

    def name_of(self, code: str | None) -> str | None:
        return next((d.name for d in self.districts if d.code == code), None)

    def bounds(self) -> Bounds:
        """(south, west, north, east) around every district."""
        return self._bounds

    def centre(self) -> LatLon:
        """(lat, lon) of the middle of the box around every district: where a map of the area opens."""
        south, west, north, east = self._bounds
        return (south + north) / 2, (west + east) / 2


@lru_cache(maxsize=4)
def load_districts(path: str) -> Districts:
    """The Districts of a boundaries file, read once per process."""
    return Districts.from_geojson(path)
