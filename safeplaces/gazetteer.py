"""The gazetteer: the names people type for places, and what each one means.

Its data, loaded once per process (`load`) from the configured files (see data/SOURCES.md):

* settlements (data/gb-places.csv, built by scripts/build_gazetteer.py): Great Britain's
  settlements of 1,000 people or more from GeoNames, with the area's own town centres; each
  settlement of the scheme's area carries its district;
* local names and short forms (data/llr-aliases.csv), each with where it comes from;
* the area, its counties and its districts (the district boundaries file), which answer as a
  choice of their parts rather than as one point;
* postcode outward-code centres (data/uk-outcodes.csv).

Names are compared by `name_key`: case, accents kept, punctuation and spacing ignored, so
"ashby de la zouch" is "Ashby-de-la-Zouch". The area's names win over the same name elsewhere:
"Ashby" is Ashby-de-la-Zouch, never Ashby in Lincolnshire; a name found only elsewhere is
labelled with its county ("Ansty, Wiltshire") so nobody mistakes it for a place of the area.

Misspellings are matched with rapidfuzz's `fuzz.ratio`: 100 × (1 − Indel distance / total
length), the Indel distance counting insertions and deletions (a changed letter costs 2).
"Leicster" → "leicester" scores 94, "Market Harboro" → "market harborough" 90, "Melton Mowbary"
→ "melton mowbray" 93; "Leicester Square" → "leicester" only 72. `close` lists names scoring
CLOSE or more, the area's apart from anywhere else's; the locator answers one directly only when
it scores SURE or more and no other place comes within CLEAR_MARGIN of it, and otherwise asks
(see safeplaces/locate.py). Text shorter than MIN_FUZZY_LENGTH letters is never corrected:
short names differ by one letter from too many others.
"""

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from . import geo

CLOSE = 82  # offered as "did you mean"
SURE = 88  # may be answered directly, if clearly the best
CLEAR_MARGIN = 8  # how far ahead of the next place the best must be to be answered
MIN_FUZZY_LENGTH = 4
MAX_CHOICES = 6

WHOLE_AREA, COUNTY, DISTRICT = "area", "county", "district"
# Qualifiers after a comma that name a country, not a county: "Oakham, UK".
COUNTRIES = {"uk", "united kingdom", "gb", "great britain", "britain"}


NOT_LETTERS = re.compile(r"[\W_]+")
NamedPoint = tuple[str, float, float]  # (name, lat, lon): a town, or a geocoder's answer
Alias = tuple[str, str, str]  # (local name, the place it stands for, where it comes from)


def name_key(name: str) -> str:
    """A place name compared without case, punctuation or extra spaces."""
    return " ".join(NOT_LETTERS.sub(" ", name.casefold()).split())


@dataclass(frozen=True)
class Settlement:
    """A town, village or city, with a point at its centre."""

    name: str
    lat: float
    lon: float
    county: str = ""
    country: str = ""
    district_code: str = ""
    district: str = ""

    @property
    def in_area(self) -> bool:
        return bool(self.district_code)

    @cached_property
    def key(self) -> str:
        return name_key(self.name)

    @cached_property
    def label(self) -> str:
        """The name, with its county (or country) when it is outside the scheme's area."""
        if self.in_area:
            return self.name
        county, name = name_key(self.county), self.key
        same = not county or county == name or county.endswith(" " + name)
        return f"{self.name}, {self.country if same else self.county}"

    def answers(self, qualifier: str) -> bool:
        """Whether a qualifier typed after a comma ("Oakham, Rutland") names where this is."""
        if qualifier in COUNTRIES:
            return True
        names = {name_key(self.county), name_key(self.country), name_key(self.district)}
        return any(name == qualifier or name.endswith(" " + qualifier) for name in names if name)


@dataclass(frozen=True)
class Choice:
    """One answer to offer: what the link says and what searching for it types."""

    label: str
    query: str


@dataclass(frozen=True)
class Area:
    """The whole area, a county or a district: a name that means many places."""

    name: str
    kind: str  # WHOLE_AREA, COUNTY or DISTRICT
    query: str  # what finds this area again: "Melton district", since "Melton" is the town
    parts: tuple[Choice, ...]  # its districts, or a district's towns and villages
    others: tuple[Choice, ...] = ()  # the rest of the scheme's area, for a county
    district_code: str = ""


class Gazetteer:
    """Settlements, local names, the area's names and outward codes, indexed for the locator."""

    def __init__(
        self,
        outcodes: dict[str, geo.LatLon],
        settlements: Sequence[Settlement],
        aliases: Iterable[Alias],
        districts: geo.Districts,
        area_name: str,
    ) -> None:
        self.outcodes = outcodes  # {"LE1": (lat, lon)}
        self.settlements = settlements
        self._by_key: dict[str, list[Settlement]] = {}
        for settlement in sorted(settlements, key=lambda s: not s.in_area):
            self._by_key.setdefault(settlement.key, []).append(settlement)
        self._area_settlements = [s for s in settlements if s.in_area]
        # A district whose name is also a town's, or a local name for one, is searched as "X district".
        taken = {name_key(alias) for alias, _name, _source in aliases} | {
            s.key for s in self._area_settlements
        }
        self.areas = _areas(districts, area_name, self, taken)
        self.aliases: dict[str, Settlement | Area] = {}  # {"lboro": Settlement or Area}
        for alias, name, _source in aliases:
            self.aliases[name_key(alias)] = self._target(alias, name)
        self._index_names()

    @classmethod
    def from_files(
        cls, outcodes_path: str, towns_path: str, aliases_path: str, districts_path: str, area_name: str
    ) -> "Gazetteer":
        with open(outcodes_path, encoding="utf-8", newline="") as f:
            outcodes = {
                row["outcode"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(f)
            }
        with open(towns_path, encoding="utf-8", newline="") as f:
            settlements = [_settlement(row) for row in csv.DictReader(f)]
        aliases: list[Alias] = []
        if aliases_path:
            with open(aliases_path, encoding="utf-8", newline="") as f:
                aliases = [(row["alias"], row["name"], row["source"]) for row in csv.DictReader(f)]
        return cls(outcodes, settlements, aliases, geo.load_districts(districts_path), area_name)

    def in_area(self, key: str) -> list[Settlement]:
        """The area's settlements called this, or the one a local name stands for."""
        target = self.aliases.get(key)
        if isinstance(target, Settlement):
            return [target]
        return [s for s in self._by_key.get(key, []) if s.in_area]

    def area(self, key: str) -> Area | None:
        """The whole area, a county or a district with this name (or a local name for one)."""
        target = self.aliases.get(key)
        return target if isinstance(target, Area) else self.areas.get(key)

    def starting(self, key: str) -> list[Settlement]:
        """The area's settlements whose names begin with the words typed ("Market" → three)."""
        return [s for s in self._area_settlements if s.key.startswith(key + " ")]

    def elsewhere(self, key: str) -> list[Settlement]:
        """Settlements outside the area called this."""
        return [s for s in self._by_key.get(key, []) if not s.in_area]

    def named(self, key: str, qualifier: str) -> list[Settlement]:
        """Settlements called this in the place the qualifier names ("Newport", "isle of wight")."""
        area = self.area(qualifier)
        whole_or_county = area is not None and area.kind != DISTRICT
        return [
            s
            for s in self.in_area(key) + self.elsewhere(key)
            if s.answers(qualifier) or (s.in_area and whole_or_county)
        ]

    def choice(self, settlement: Settlement) -> Choice:
        """A settlement as a choice whose query finds it again: "Name, county" outside the area."""
        if not settlement.in_area:
            return Choice(settlement.label, settlement.label)
        if [s for s in self._by_key[settlement.key] if s.in_area] == [settlement]:
            return Choice(settlement.name, settlement.name)
        where = f"{settlement.name}, {settlement.district}"
        return Choice(where, where)

    def close_in_area(self, key: str, more: dict[str, Choice] | None = None) -> list[tuple[Choice, float]]:
        """[(Choice, score)] of the area's names (and `more`) within CLOSE of the text, best first."""
        extra = more or {}
        return self._scored(
            key, self._area_keys + list(extra), self._area_choices + list(extra.values()), CLOSE
        )

    def close_elsewhere(self, key: str) -> list[tuple[Choice, float]]:
        """[(Choice, score)] of names outside the area within SURE of the text, best first."""
        return self._scored(key, self._other_keys, self._other_choices, SURE)

    def _index_names(self) -> None:
        """Each name people may type, with the choice it stands for, for the fuzzy matcher."""
        # {(key, Choice): None}: every place of a name, each once
        area: dict[tuple[str, Choice], None] = {}
        other: dict[tuple[str, Choice], None] = {}
        for key, settlements in self._by_key.items():
            for settlement in settlements:
                (area if settlement.in_area else other)[key, self.choice(settlement)] = None
        # A name means what the locator finds first: a settlement, then a local name, then an area.
        named = {key for key, _ in area}
        for key, target in [*self.aliases.items(), *self.areas.items()]:
            if key not in named:
                named.add(key)
                area[key, _choice_of(target, self)] = None
        self._area_keys, self._area_choices = [k for k, _ in area], [c for _, c in area]
        self._other_keys, self._other_choices = [k for k, _ in other], [c for _, c in other]

    @staticmethod
    def _scored(
        key: str, keys: list[str], choices: list[Choice], cutoff: float
    ) -> list[tuple[Choice, float]]:
        if len(key) < MIN_FUZZY_LENGTH:
            return []
        hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=4 * MAX_CHOICES)
        best: dict[Choice, float] = {}
        for _name, score, index in hits:
            best.setdefault(choices[index], score)
        return sorted(best.items(), key=lambda hit: -hit[1])

    def towns(self) -> dict[str, NamedPoint]:
        """{name key: (name, lat, lon)} of the area's settlements and their local names, for a
        phone with no signal to look a typed name up in (offline.py). A name two settlements of
        the area share is left out: online the person is asked which, offline nobody can ask."""
        found: dict[str, NamedPoint] = {}
        shared: set[str] = set()
        for settlement in self._area_settlements:
            if settlement.key in found:
                shared.add(settlement.key)
            found[settlement.key] = (settlement.name, settlement.lat, settlement.lon)
        for key, target in self.aliases.items():
            if isinstance(target, Settlement) and target.key not in shared:
                found.setdefault(key, (target.name, target.lat, target.lon))
        return {key: town for key, town in found.items() if key not in shared}

    def _target(self, alias: str, name: str) -> Settlement | Area:
        key = name_key(name)
        target = ([s for s in self._by_key.get(key, []) if s.in_area] or [None])[0] or self.areas.get(key)
        if target is None:
            raise ValueError(
                f"The local name {alias!r} stands for {name!r}, which is not a place of the area."
            )
        return target


def _settlement(row: dict[str, str]) -> Settlement:
    return Settlement(
        row["name"],
        float(row["latitude"]),
        float(row["longitude"]),
        row.get("county") or "",
        row.get("country") or "",
        row.get("district_code") or "",
        row.get("district") or "",
    )


def _choice_of(target: Settlement | Area, gazetteer: Gazetteer) -> Choice:
    if isinstance(target, Settlement):
        return gazetteer.choice(target)
    return Choice(target.name, target.query)


def _by_label(choices: Iterable[Choice]) -> tuple[Choice, ...]:
    return tuple(sorted(choices, key=lambda choice: choice.label))


def _areas(
    districts: geo.Districts, area_name: str, gazetteer: Gazetteer, taken: set[str]
) -> dict[str, Area]:
    """{key: Area} for the whole area, each county of more than one district, and each district.

    A link to a district with one town goes straight to the town (the district of Leicester is
    the city); a county of one district is that district (Rutland).
    """
    areas, links, by_county = {}, {}, {}
    for district in districts.districts:
        by_county.setdefault(district.county or district.name, []).append(district)
        towns = {}
        for settlement in gazetteer._area_settlements:
            if settlement.district_code == district.code:
                towns.setdefault(settlement.key, gazetteer.choice(settlement))
        key = name_key(district.name)
        query = f"{district.name} district" if key in taken else district.name
        area = Area(district.name, DISTRICT, query, _by_label(towns.values()), district_code=district.code)
        areas[key + " district"] = area
        areas.setdefault(key, area)
        links[district.code] = area.parts[0] if len(area.parts) == 1 else Choice(district.name, query)
    counties = {
        county: Choice(county, county) if len(members) > 1 else links[members[0].code]
        for county, members in by_county.items()
    }
    for county, members in by_county.items():
        if len(members) > 1:
            parts = _by_label(links[d.code] for d in members)
            others = _by_label(choice for name, choice in counties.items() if name != county)
            areas.setdefault(name_key(county), Area(county, COUNTY, county, parts, others))
    areas[name_key(area_name)] = Area(area_name, WHOLE_AREA, area_name, _by_label(links.values()))
    return areas


@lru_cache(maxsize=4)
def load(
    outcodes_path: str, towns_path: str, aliases_path: str, districts_path: str, area_name: str
) -> Gazetteer:
    """The Gazetteer of these files, read and indexed once per process."""
    return Gazetteer.from_files(outcodes_path, towns_path, aliases_path, districts_path, area_name)
