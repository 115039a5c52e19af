"""Where am I: turn what a person typed into a point on the map, or ask which place they mean.

Accepted, in this order: a latitude and longitude ("52.636, -1.133"); a full UK postcode in any
case, spacing and punctuation ("le1-5fq", "LE1 5FQ."); an outward code ("LE13"); a place name.
Offline, a full postcode is placed at the centre of its outward code and the answer says it is
approximate; when a geocoder is configured (geopy's Nominatim, rate-limited, answers cached in
SQLite) it is placed exactly, and villages missing from the gazetteer can be found too.

A place name is looked for in this order, so that the area's names win over the same name
elsewhere (see safeplaces/gazetteer.py for the data):

1. a settlement of the area, or a local name for one ("Lboro");
2. the whole area, a county or a district ("Leicestershire", "Charnwood"): the person is asked
   which part (ChooseOne);
3. the town of some active Keep Safe Places, placed at their middle;
4. the area's settlements whose names begin with the words typed: one is the answer, with the
   text typed kept on the Origin as for a correction, several are offered ("Market": Market
   Bosworth, Market Harborough or Market Overton);
5. "Name, qualifier" ("Newport, Isle of Wight", "Oakham, Rutland");
6. the geocoder, inside the area, when one is configured;
7. settlements elsewhere in Great Britain: never answered straight away, since the name may be
   a village of the area that the gazetteer lacks, but offered with their county ("Bottesford,
   North Lincolnshire"), with the area's names close to it ("Ansty": Anstey, or Ansty, Wiltshire);
8. a misspelling of the area's names: one clear best match is answered, with the text typed
   kept on the Origin ("Showing places near Leicester. You typed Leicster."); several close
   ones are offered; names elsewhere close to it are only ever offered. A name ending like a
   street's ("Lutterworth Rd") is never corrected to a town's: the person is asked for the
   postcode instead.

"Leicester city centre", "Oakham town centre" are the town: its point is its middle already.
Otherwise the answer is NotFound. An answer is never a guess: when unsure, the locator asks.
The errors say what happened (NotUnderstood, NotFound, ChooseOne); the web layer picks the
HTTP status.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from geopy.location import Location
from sqlite_utils import Database

from . import clock, gazetteer, geo, transaction
from .gazetteer import Area, Choice, Gazetteer, NamedPoint, Settlement, name_key
from .geo import Bounds, LatLon
from .i18n import _

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
NUMBER = r"[-+]?[0-9]+(?:\.[0-9]+)?"
LAT_LON = re.compile(rf"^({NUMBER})\s*[,;\s]\s*({NUMBER})$")
# Forgiven around and inside a postcode: spaces and the punctuation a phone keyboard offers.
POSTCODE_MARKS = re.compile(r"[\s.,;:\-_/'\"()]+")
MAX_QUERY = 100
CENTRE = re.compile(r"\s+(?:(?:city|town|village)\s+)?cent(?:re|er)$")
# The last word of a street's name: a name ending in one is never corrected to a town's.
STREET_WORDS = frozenset(
    "road rd street st lane ln avenue ave close way drive dr crescent cres terrace gardens grove "
    "walk row square sq parade court ct".split()
)
EXAMPLE_POSTCODE = "LE1 5FQ"

EXACT, POSTCODE_CENTRE, OUTCODE_CENTRE, TOWN_CENTRE = "exact", "postcode", "outcode", "town"
APPROXIMATE = {OUTCODE_CENTRE, TOWN_CENTRE}
AREA, PLACES = "area", "places"  # the kinds of ChooseOne: a part of an area, or one of some places


@dataclass(frozen=True)
class Origin:
    """A point to search from, what to call it, and how precise it is.

    corrected_from is what the person typed when the answer is a correction of its spelling.
    """

    lat: float
    lon: float
    label: str
    precision: str
    corrected_from: str | None = None

    @property
    def approximate(self) -> bool:
        return self.precision in APPROXIMATE


class LocateError(Exception):
    """What the person typed could not be turned into one point; str(error) says why."""


class NotUnderstood(LocateError):
    """The text is not something we can read as a place: empty, too long, not a postcode."""


class NotFound(LocateError):
    """The text was read, but names nothing we know."""


class ChooseOne(LocateError):
    """The text names many places, or is close to several: the person chooses one.

    kind is AREA (a county or district: choose a part of it) or PLACES (which one; did you mean).
    """

    def __init__(
        self, message: str, kind: str, choices: tuple[Choice, ...], others: tuple[Choice, ...] = ()
    ) -> None:
        super().__init__(message)
        self.kind, self.choices, self.others = kind, tuple(choices), tuple(others)


def postcode_text(text: str | None) -> str:
    """The letters and digits of text, upper case, without the spaces and marks around them."""
    return POSTCODE_MARKS.sub("", text or "").upper()


def tidy_postcode(text: str | None) -> str | None:
    """A full postcode written the standard way ("LE1 5FQ"), or None if text is not one."""
    match = POSTCODE.match(postcode_text(text))
    return f"{match.group(1)} {match.group(2)}" if match else None


def outward_code(text: str) -> str | None:
    """The outward code ("LE13") if text is one, marks around it forgiven; None otherwise.

    Only unbroken text can be an outward code: "LE1 5" is half of an LE1 postcode, not LE15.
    """
    inner = POSTCODE_MARKS.sub(" ", text).strip().upper()
    return inner if " " not in inner and OUTCODE.match(inner) else None


def parse_lat_lon(lat_text: str | None, lon_text: str | None) -> LatLon:
    """(lat, lon) as numbers, or NotUnderstood saying plainly what is wrong."""
    lat_text, lon_text = (str(lat_text or "").strip(), str(lon_text or "").strip())
    if not lat_text or not lon_text:
        raise NotUnderstood(_("Give both a latitude and a longitude."))
    values = []
    for value, limit, not_a_number, out_of_range in (
        (
            lat_text,
            90,
            _("The latitude must be a number, like 52.636."),
            _("The latitude must be between -90 and 90."),
        ),
        (
            lon_text,
            180,
            _("The longitude must be a number, like 52.636."),
            _("The longitude must be between -180 and 180."),
        ),
    ):
        if not re.fullmatch(NUMBER, value):
            raise NotUnderstood(not_a_number)
        number = float(value)
        if not -limit <= number <= limit:
            raise NotUnderstood(out_of_range)
        values.append(number)
    return values[0], values[1]


class Geocoder(Protocol):
    """What the Locator asks a geocoder: (name, lat, lon) of a full postcode or a place, or None."""

    def postcode(self, postcode: str) -> NamedPoint | None: ...

    def place(self, name: str) -> NamedPoint | None: ...


class NominatimGeocoder:
    """Full postcodes and village names through geopy's Nominatim, one request a second.

    `geocode` is geopy's Nominatim.geocode wrapped in its RateLimiter; tests pass their own.
    """

    def __init__(
        self, geocode: Callable[..., Location | None], viewbox: Sequence[LatLon] | None = None
    ) -> None:
        self.geocode = geocode
        self.viewbox = viewbox  # [(south, west), (north, east)] of the scheme's area

    @classmethod
    def create(
        cls, user_agent: str, domain: str, viewbox: Sequence[LatLon] | None = None, timeout: float = 4
    ) -> "NominatimGeocoder":
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        service = Nominatim(user_agent=user_agent, domain=domain, timeout=timeout)
        # No retries: a failed look-up falls back to the postcode area at once, rather than
        # keeping someone who needs help waiting; errors are swallowed and answer None.
        return cls(
            RateLimiter(service.geocode, min_delay_seconds=1, max_retries=0, swallow_exceptions=True), viewbox
        )

    def postcode(self, postcode: str) -> NamedPoint | None:
        return self._point(self.geocode({"postalcode": postcode}, country_codes="gb"), postcode)

    def place(self, name: str) -> NamedPoint | None:
        if self.viewbox is None:
            return None
        found = self.geocode(name, country_codes="gb", viewbox=self.viewbox, bounded=True)
        return self._point(found, found.address.split(",")[0] if found else name)

    @staticmethod
    def _point(location: Location | None, label: str) -> NamedPoint | None:
        return None if location is None else (label, location.latitude, location.longitude)


class CachedGeocoder:
    """A geocoder whose answers are kept in the geocode_cache table.

    Geocoders answer (name, lat, lon) or None.
    """

    def __init__(self, db: Database, geocoder: Geocoder) -> None:
        self.db, self.geocoder = db, geocoder

    def postcode(self, postcode: str) -> NamedPoint | None:
        return self._cached(f"postcode:{postcode}", self.geocoder.postcode, postcode)

    def place(self, name: str) -> NamedPoint | None:
        return self._cached(f"place:{name_key(name)}", self.geocoder.place, name)

    def _cached(self, key: str, look_up: Callable[[str], NamedPoint | None], text: str) -> NamedPoint | None:
        rows = list(self.db.query("SELECT lat, lon, label FROM geocode_cache WHERE query = ?", [key]))
        if rows:
            return rows[0]["label"], rows[0]["lat"], rows[0]["lon"]
        found = look_up(text)  # outside the transaction: never hold the write lock over the network
        if found is not None:
            with transaction.writing(self.db):
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

    def __init__(
        self,
        gazetteer: Gazetteer,
        area_name: str,
        geocoder: Geocoder | None = None,
        db: Database | None = None,
    ) -> None:
        self.gazetteer, self.area_name, self.geocoder, self.db = gazetteer, area_name, geocoder, db

    def point(self, lat_text: str | None, lon_text: str | None) -> Origin:
        lat, lon = parse_lat_lon(lat_text, lon_text)
        return Origin(lat, lon, _("your location"), EXACT)

    def find(self, text: str | None) -> Origin:
        """The Origin for a search box's text; NotUnderstood, NotFound or ChooseOne otherwise."""
        text = " ".join((text or "").split())
        if not text:
            raise NotUnderstood(_("Type a postcode or the name of a town."))
        if len(text) > MAX_QUERY:
            raise NotUnderstood(
                _(
                    "That is too long. Type a postcode or a town, in %(most)d letters or fewer.",
                    most=MAX_QUERY,
                )
            )
        if match := LAT_LON.match(text):
            return self.point(match.group(1), match.group(2))
        if postcode := tidy_postcode(text):
            return self.postcode(postcode)
        if outcode := outward_code(text):
            return self.outcode(outcode)
        if any(c.isdigit() for c in text):
            raise NotUnderstood(
                _(
                    "“%(typed)s” is not a postcode we can read. A postcode looks like %(example)s, or just %(area)s.",
                    typed=text,
                    example=EXAMPLE_POSTCODE,
                    area=EXAMPLE_POSTCODE.split()[0],
                )
            )
        return self.town(text)

    def postcode(self, postcode: str) -> Origin:
        found = self.geocoder.postcode(postcode) if self.geocoder else None
        if found is not None:
            return Origin(found[1], found[2], postcode, POSTCODE_CENTRE)
        outcode = postcode.split()[0]
        if outcode not in self.gazetteer.outcodes:
            raise NotFound(
                _("We could not find the postcode %(postcode)s. Check it, or type a town.", postcode=postcode)
            )
        lat, lon = self.gazetteer.outcodes[outcode]
        return Origin(lat, lon, postcode, OUTCODE_CENTRE)

    def outcode(self, outcode: str) -> Origin:
        if outcode not in self.gazetteer.outcodes:
            raise NotFound(
                _("We could not find the postcode area %(area)s. Check it, or type a town.", area=outcode)
            )
        lat, lon = self.gazetteer.outcodes[outcode]
        return Origin(lat, lon, outcode, OUTCODE_CENTRE)

    def town(self, text: str) -> Origin:
        """The Origin of a place name, by the rules in the module docstring."""
        # "Leicester city centre" is Leicester: the gazetteer's point is the middle of the town.
        key = CENTRE.sub("", name_key(text)) or name_key(text)
        if not key:
            raise NotUnderstood(_("Type a postcode or the name of a town."))
        found = self._known(key, text) or self._qualified(text) or self._geocoded(text)
        if found is not None:
            return found
        if key.split()[-1] in STREET_WORDS:
            # "Lutterworth Rd" is a street in Leicester, not the town of Lutterworth 12 miles away.
            raise NotFound(
                _(
                    "“%(typed)s” looks like a street. We can only find towns, villages and postcodes: "
                    "type the postcode, like %(example)s, or the town.",
                    typed=text,
                    example=EXAMPLE_POSTCODE,
                )
            )
        near = self._close_in_area(key)
        if elsewhere := self.gazetteer.elsewhere(key):
            # Perhaps a village of the area that the gazetteer lacks: ask, never assume.
            choices = [choice for choice, _score in near] + self._choices(elsewhere)
            raise self._did_you_mean(
                text,
                choices,
                _("We could not find “%(typed)s” in %(area)s.", typed=text, area=self.area_name),
            )
        if near:
            return self._corrected(text, near)
        if far := self.gazetteer.close_elsewhere(key):
            raise self._did_you_mean(text, [choice for choice, _score in far])
        raise NotFound(
            _(
                "We could not find a place called “%(typed)s”. Check the spelling, or type a postcode, like %(example)s.",
                typed=text,
                example=EXAMPLE_POSTCODE,
            )
        )

    def _known(self, key: str, text: str) -> Origin | None:
        """Steps 1 to 4: the area's own names and the towns of its places."""
        if settlements := self.gazetteer.in_area(key):
            return self._settlements(settlements, text)
        if area := self.gazetteer.area(key):
            raise self._choose_part(area)
        if town := self._town_of_places(text):
            return Origin(town[1], town[2], town[0], TOWN_CENTRE)
        if starting := self.gazetteer.starting(key):
            origin = self._settlements(
                starting, text, _("Which place beginning “%(typed)s” do you mean?", typed=text)
            )
            return replace(origin, corrected_from=text)  # "Kirb": the page says what was typed
        return None

    def _geocoded(self, text: str) -> Origin | None:
        found = self.geocoder.place(text) if self.geocoder else None
        return Origin(found[1], found[2], found[0], TOWN_CENTRE) if found else None

    def _qualified(self, text: str) -> Origin | None:
        """ "Name, qualifier": a settlement called Name in the county, district or country named."""
        name, _comma, qualifier = text.partition(",")
        if not qualifier.strip():
            return None
        found = self.gazetteer.named(name_key(name), name_key(qualifier))
        exact = [s for s in found if name_key(s.label) == name_key(text)]  # "Newport, Wales"
        return self._settlements(exact or found, text) if found else None

    def _exactly(self, query: str) -> Origin:
        """The Origin of a name that needs no correction: a Choice's query."""
        found = self._known(name_key(query), query) or self._qualified(query)
        if found is None:
            raise NotFound(_("We could not find a place called “%(typed)s”.", typed=query))
        return found

    def _settlements(self, settlements: list[Settlement], text: str, question: str = "") -> Origin:
        """The one settlement's Origin, or ChooseOne between several."""
        if len(self._choices(settlements)) == 1:
            return _origin_of(settlements[0])  # the same name twice in one county: the first
        question = question or _(
            "There is more than one place called “%(typed)s”. Which one do you mean?", typed=text
        )
        raise ChooseOne(question, PLACES, tuple(self._choices(settlements)))

    def _choices(self, settlements: Iterable[Settlement]) -> list[Choice]:
        return list(dict.fromkeys(self.gazetteer.choice(s) for s in settlements))

    def _choose_part(self, area: Area) -> ChooseOne:
        parts = _sorted(area.parts + tuple(self._towns_with_places(area)))
        if area.kind == gazetteer.DISTRICT:
            return ChooseOne(_("Which town or village in %(area)s are you in?", area=area.name), AREA, parts)
        return ChooseOne(_("Which part of %(area)s are you in?", area=area.name), AREA, parts, area.others)

    def _towns_with_places(self, area: Area) -> list[Choice]:
        """Towns of the district's active places that the gazetteer does not list."""
        if self.db is None or not area.district_code:
            return []
        listed = {name_key(choice.query) for choice in area.parts}
        rows = self.db.execute(
            "SELECT DISTINCT town FROM public_places WHERE district_code = ?", [area.district_code]
        )
        return [Choice(town, town) for (town,) in rows if town and name_key(town) not in listed]

    def _close_in_area(self, key: str) -> list[tuple[Choice, float]]:
        """[(Choice, score)] of the area's names and its places' towns close to the text."""
        towns: dict[str, Choice] = {}
        if self.db is not None and len(key) >= gazetteer.MIN_FUZZY_LENGTH:
            for (town,) in self.db.execute("SELECT DISTINCT town FROM public_places"):
                if town and name_key(town):
                    towns.setdefault(name_key(town), Choice(town, town))
        return self.gazetteer.close_in_area(key, towns)

    def _corrected(self, text: str, close: list[tuple[Choice, float]]) -> Origin:
        """The one clear best match, answered with what was typed; otherwise ChooseOne."""
        (best, score), rest = close[0], close[1:]
        if score < gazetteer.SURE or (rest and score - rest[0][1] < gazetteer.CLEAR_MARGIN):
            raise self._did_you_mean(text, [choice for choice, _score in close])
        try:
            origin = self._exactly(best.query)
        except ChooseOne as area:
            raise ChooseOne(
                _(
                    "We could not find “%(typed)s”. Did you mean %(place)s? %(question)s",
                    typed=text,
                    place=best.label,
                    question=str(area),
                ),
                area.kind,
                area.choices,
                area.others,
            ) from None
        return Origin(origin.lat, origin.lon, origin.label, origin.precision, corrected_from=text)

    @staticmethod
    def _did_you_mean(text: str, choices: Sequence[Choice], not_found: str = "") -> ChooseOne:
        choices = tuple(dict.fromkeys(choices))[: gazetteer.MAX_CHOICES]
        ask = (
            _("Did you mean %(place)s?", place=choices[0].label)
            if len(choices) == 1
            else _("Did you mean one of these?")
        )
        not_found = not_found or _("We could not find “%(typed)s”.", typed=text)
        return ChooseOne(f"{not_found} {ask}", PLACES, choices)

    def _town_of_places(self, text: str) -> NamedPoint | None:
        """(name, lat, lon): the middle of the active places in the town named, if there are any."""
        if self.db is None:
            return None
        row = self.db.execute(
            "SELECT min(town), avg(lat), avg(lon) FROM public_places WHERE town = ? COLLATE NOCASE", [text]
        ).fetchone()
        return row if row[0] is not None else None


def _origin_of(settlement: Settlement) -> Origin:
    return Origin(settlement.lat, settlement.lon, settlement.label, TOWN_CENTRE)


def _sorted(choices: Iterable[Choice]) -> tuple[Choice, ...]:
    return tuple(sorted(dict.fromkeys(choices), key=lambda choice: choice.label))


@lru_cache(maxsize=4)
def _nominatim(user_agent: str, domain: str, viewbox: Bounds) -> NominatimGeocoder:
    # One per process, so its rate limit holds across requests.
    return NominatimGeocoder.create(user_agent, domain, [viewbox[:2], viewbox[2:]])


def gazetteer_for(config: Mapping) -> Gazetteer:
    """The configured Gazetteer, loaded once per process for the same files."""
    return gazetteer.load(
        str(config["SAFEPLACES_OUTCODES"]),
        str(config["SAFEPLACES_TOWNS"]),
        str(config.get("SAFEPLACES_ALIASES") or ""),
        str(config["SAFEPLACES_DISTRICTS"]),
        config["SAFEPLACES_AREA_NAME"],
    )


def locator_for(config: Mapping, db: Database, area_bounds: Bounds | None = None) -> Locator:
    """A Locator set up from configuration; area_bounds is (south, west, north, east).

    Everything it reads from files is loaded once per process; only the database and the
    geocoder's cache are the request's own.
    """
    geocoder = None
    if config.get("SAFEPLACES_GEOCODER") == "nominatim":
        bounds = area_bounds or geo.load_districts(str(config["SAFEPLACES_DISTRICTS"])).bounds()
        service = _nominatim(
            config["SAFEPLACES_GEOCODER_USER_AGENT"], config["SAFEPLACES_GEOCODER_DOMAIN"], tuple(bounds)
        )
        geocoder = CachedGeocoder(db, service)
    elif config.get("SAFEPLACES_GEOCODER"):
        raise ValueError(
            f"SAFEPLACES_GEOCODER must be empty or 'nominatim', not {config['SAFEPLACES_GEOCODER']!r}"
        )
    return Locator(gazetteer_for(config), config["SAFEPLACES_AREA_NAME"], geocoder, db)
