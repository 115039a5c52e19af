"""Where am I: turn what a person typed into a point on the map.

Accepted, in this order: a latitude and longitude ("52.636, -1.133"); a full UK postcode in
any case and spacing; an outward code ("LE13"); the name of a town. Offline, a full postcode
is placed at the centre of its outward code and the answer says it is approximate; when a
geocoder is configured (geopy's Nominatim, rate-limited, answers cached in SQLite) it is placed
exactly, and villages missing from the town list can be found too. A town that is in neither
list but has Keep Safe Places is placed at the middle of those places.
"""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from . import clock

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
NUMBER = r"[-+]?[0-9]+(?:\.[0-9]+)?"
LAT_LON = re.compile(rf"^({NUMBER})\s*[,;\s]\s*({NUMBER})$")
MAX_QUERY = 100
EXAMPLE_POSTCODE = "LE1 5FQ"

EXACT, POSTCODE_CENTRE, OUTCODE_CENTRE, TOWN_CENTRE = "exact", "postcode", "outcode", "town"
APPROXIMATE = {OUTCODE_CENTRE, TOWN_CENTRE}


@dataclass(frozen=True)
class Origin:
    """A point to search from, what to call it, and how precise it is."""

    lat: float
    lon: float
    label: str
    precision: str

    @property
    def approximate(self):
        return self.precision in APPROXIMATE


class LocateError(Exception):
    """What the person typed could not be turned into a point; the message says why."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status  # 400: not understood; 404: understood but not found


def tidy_postcode(text):
    """A full postcode written the standard way ("LE1 5FQ"), or None if text is not one."""
    match = POSTCODE.match(re.sub(r"\s+", "", text or "").upper())
    return f"{match.group(1)} {match.group(2)}" if match else None


def parse_lat_lon(lat_text, lon_text):
    """(lat, lon) as numbers, or LocateError saying plainly what is wrong."""
    lat_text, lon_text = (str(lat_text or "").strip(), str(lon_text or "").strip())
    if not lat_text or not lon_text:
        raise LocateError("Give both a latitude and a longitude.")
    values = []
    for name, value, limit in (("latitude", lat_text, 90), ("longitude", lon_text, 180)):
        if not re.fullmatch(NUMBER, value):
            raise LocateError(f"The {name} must be a number, like 52.636.")
        number = float(value)
        if not -limit <= number <= limit:
            raise LocateError(f"The {name} must be between -{limit} and {limit}.")
        values.append(number)
    return values[0], values[1]


def _key(name):
    """A place name compared without case, punctuation or extra spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


class Gazetteer:
    """Outward-code centres and town centres from the reference data (see data/SOURCES.md)."""

    def __init__(self, outcodes, towns):
        self.outcodes = outcodes  # {"LE1": (lat, lon)}
        self.towns = towns  # {"melton mowbray": ("Melton Mowbray", lat, lon)}

    @classmethod
    def from_files(cls, outcodes_path, towns_path):
        with open(outcodes_path, encoding="utf-8", newline="") as f:
            outcodes = {
                row["outcode"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(f)
            }
        with open(towns_path, encoding="utf-8", newline="") as f:
            towns = {
                _key(row["name"]): (row["name"], float(row["latitude"]), float(row["longitude"]))
                for row in csv.DictReader(f)
            }
        return cls(outcodes, towns)

    def town(self, text):
        """(name, lat, lon) of the town named, or one whose name it uniquely begins; or None."""
        key = _key(text)
        if key in self.towns:
            return self.towns[key]
        starts = [town for name, town in self.towns.items() if name.startswith(key + " ")]
        return starts[0] if len(starts) == 1 else None


@lru_cache(maxsize=8)
def load_gazetteer(outcodes_path, towns_path):
    return Gazetteer.from_files(outcodes_path, towns_path)


class NominatimGeocoder:
    """Full postcodes and village names through geopy's Nominatim, one request a second.

    `geocode` is geopy's Nominatim.geocode wrapped in its RateLimiter; tests pass their own.
    """

    def __init__(self, geocode, viewbox=None):
        self.geocode = geocode
        self.viewbox = viewbox  # [(south, west), (north, east)] of the scheme's area

    @classmethod
    def create(cls, user_agent, domain, viewbox=None, timeout=4):
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        service = Nominatim(user_agent=user_agent, domain=domain, timeout=timeout)
        # No retries: a failed look-up falls back to the postcode area at once, rather than
        # keeping someone who needs help waiting; errors are swallowed and answer None.
        return cls(
            RateLimiter(service.geocode, min_delay_seconds=1, max_retries=0, swallow_exceptions=True), viewbox
        )

    def postcode(self, postcode):
        return self._point(self.geocode({"postalcode": postcode}, country_codes="gb"), postcode)

    def place(self, name):
        if self.viewbox is None:
            return None
        found = self.geocode(name, country_codes="gb", viewbox=self.viewbox, bounded=True)
        return self._point(found, found.address.split(",")[0] if found else name)

    @staticmethod
    def _point(location, label):
        return None if location is None else (label, location.latitude, location.longitude)


class CachedGeocoder:
    """A geocoder whose answers are kept in the geocode_cache table.

    Geocoders answer (name, lat, lon) or None, like Gazetteer.town.
    """

    def __init__(self, db, geocoder):
        self.db, self.geocoder = db, geocoder

    def postcode(self, postcode):
        return self._cached(f"postcode:{postcode}", self.geocoder.postcode, postcode)

    def place(self, name):
        return self._cached(f"place:{_key(name)}", self.geocoder.place, name)

    def _cached(self, key, look_up, text):
        rows = list(self.db.query("SELECT lat, lon, label FROM geocode_cache WHERE query = ?", [key]))
        if rows:
            return rows[0]["label"], rows[0]["lat"], rows[0]["lon"]
        found = look_up(text)
        if found is not None:
            with self.db.atomic():
                self.db["geocode_cache"].insert(
                    {
                        "query": key,
                        "label": found[0],
                        "lat": found[1],
                        "lon": found[2],
                        "created_at": clock.stamp(),
                    },
                    replace=True,
                )
        return found


class Locator:
    """Finds the point for what a person typed, using the gazetteer, a geocoder and the register."""

    def __init__(self, gazetteer, area_name, geocoder=None, db=None):
        self.gazetteer, self.area_name, self.geocoder, self.db = gazetteer, area_name, geocoder, db

    def point(self, lat_text, lon_text):
        lat, lon = parse_lat_lon(lat_text, lon_text)
        return Origin(lat, lon, "your location", EXACT)

    def find(self, text):
        """The Origin for a search box's text, or LocateError with a plain-words reason."""
        text = " ".join((text or "").split())
        if not text:
            raise LocateError("Type a postcode or the name of a town.")
        if len(text) > MAX_QUERY:
            raise LocateError(
                f"That is too long. Type a postcode or a town, in {MAX_QUERY} letters or fewer."
            )
        if match := LAT_LON.match(text):
            return self.point(match.group(1), match.group(2))
        compact = text.replace(" ", "").upper()
        if postcode := tidy_postcode(compact):
            return self.postcode(postcode)
        # Only unspaced text can be an outward code: "LE1 5" is half of an LE1 postcode, not LE15.
        if " " not in text and OUTCODE.match(compact):
            return self.outcode(compact)
        if any(c.isdigit() for c in text):
            raise LocateError(
                f"“{text}” is not a postcode we can read. "
                f"A postcode looks like {EXAMPLE_POSTCODE}, or just {EXAMPLE_POSTCODE.split()[0]}."
            )
        return self.town(text)

    def postcode(self, postcode):
        found = self.geocoder.postcode(postcode) if self.geocoder else None
        if found is not None:
            return Origin(found[1], found[2], postcode, POSTCODE_CENTRE)
        outcode = postcode.split()[0]
        if outcode not in self.gazetteer.outcodes:
            raise LocateError(f"We could not find the postcode {postcode}. Check it, or type a town.", 404)
        lat, lon = self.gazetteer.outcodes[outcode]
        return Origin(lat, lon, postcode, OUTCODE_CENTRE)

    def outcode(self, outcode):
        if outcode not in self.gazetteer.outcodes:
            raise LocateError(
                f"We could not find the postcode area {outcode}. Check it, or type a town.", 404
            )
        lat, lon = self.gazetteer.outcodes[outcode]
        return Origin(lat, lon, outcode, OUTCODE_CENTRE)

    def town(self, text):
        found = (
            self.gazetteer.town(text)
            or (self.geocoder.place(text) if self.geocoder else None)
            or self._town_of_places(text)
        )
        if found is None:
            raise LocateError(
                f"We could not find a place called “{text}” in {self.area_name}. "
                f"Try a postcode, like {EXAMPLE_POSTCODE}.",
                404,
            )
        name, lat, lon = found
        return Origin(lat, lon, name, TOWN_CENTRE)

    def _town_of_places(self, text):
        """(name, lat, lon): the middle of the active places in the town named, if there are any."""
        if self.db is None:
            return None
        row = self.db.execute(
            "SELECT min(town), avg(lat), avg(lon) FROM places "
            "WHERE status = 'active' AND lat IS NOT NULL AND town = ? COLLATE NOCASE",
            [text],
        ).fetchone()
        return row if row[0] is not None else None


@lru_cache(maxsize=4)
def _nominatim(user_agent, domain, viewbox):
    # One per process, so its rate limit holds across requests.
    return NominatimGeocoder.create(user_agent, domain, [viewbox[:2], viewbox[2:]])


def locator_for(config, db, area_bounds):
    """A Locator set up from configuration; area_bounds is (south, west, north, east)."""
    gazetteer = load_gazetteer(config["SAFEPLACES_OUTCODES"], config["SAFEPLACES_TOWNS"])
    geocoder = None
    if config.get("SAFEPLACES_GEOCODER") == "nominatim":
        service = _nominatim(
            config["SAFEPLACES_GEOCODER_USER_AGENT"], config["SAFEPLACES_GEOCODER_DOMAIN"], tuple(area_bounds)
        )
        geocoder = CachedGeocoder(db, service)
    elif config.get("SAFEPLACES_GEOCODER"):
        raise ValueError(
            f"SAFEPLACES_GEOCODER must be empty or 'nominatim', not {config['SAFEPLACES_GEOCODER']!r}"
        )
    return Locator(gazetteer, config["SAFEPLACES_AREA_NAME"], geocoder, db)
