"""Where a place is, how we know, and which positions the public may see.

A position found from a postcode is only a starting point: without a geocoder it is the middle
of the postcode area (LE7's middle is 11 km from Anstey), and even a full postcode's middle can
be a street or two away in the country. Someone walking to a place needs its door. So every
place records how its position was found (`position_source`), and only two sources may be
public: a person confirmed it (put the pin on the door, or typed the numbers, in the manage
area), or an imported file gave it (someone typed it into the file). Positions found from a
postcode or a town are never public; `places` refuses to make such a place active, and the
database refuses it too (see db.py's triggers), so every path (approving, reinstating, the
place form, imports, seed-demo) keeps the rule. This module is the one home for placing a place
from its postcode, and for the words that say how good a position is.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from . import geo, locate
from .i18n import _

CONFIRMED = "confirmed"  # a person put the pin on the place, or typed its latitude and longitude
FILE = "file"  # typed into an imported file, not confirmed here
POSTCODE, OUTCODE, TOWN = locate.POSTCODE_CENTRE, locate.OUTCODE_CENTRE, locate.TOWN_CENTRE
SOURCES = (CONFIRMED, FILE, POSTCODE, OUTCODE, TOWN)
TRUSTED = (CONFIRMED, FILE)  # the only sources an active (public) place may have
# A point typed within this distance of a position we already had is that position, not a new
# one: copying the rough numbers back does not confirm them.
SAME_POINT_M = 5
COPY_DECIMALS = 6  # about 10 cm: what the form's boxes show


class NotFound(ValueError):
    """The postcode could not be placed; the message says so in plain words."""


@dataclass(frozen=True)
class Position:
    """A point, how it was found (one of SOURCES) and what it was found from (a postcode)."""

    lat: float
    lon: float
    source: str
    found_from: str = ""

    @property
    def trusted(self) -> bool:
        return self.source in TRUSTED

    def is_near(self, lat: float, lon: float) -> bool:
        return geo.distance_m(self.lat, self.lon, lat, lon) < SAME_POINT_M

    def words(self) -> str:
        """How good the position is, to finish "The position is …"."""
        return source_words(self.source, self.found_from)

    def values(self) -> dict:
        """The columns this position is stored in (the district comes from the caller)."""
        return {"lat": self.lat, "lon": self.lon, "position_source": self.source}


def source_words(source: str | None, found_from: str = "") -> str:
    """A position_source in words: "confirmed by a person", "only the middle of the postcode area LE7"."""
    area = found_from.split()[0] if found_from else ""
    return {
        None: "not known",
        CONFIRMED: "confirmed by a person",
        FILE: "given in an imported file",
        POSTCODE: f"only the middle of the postcode {found_from}".rstrip(),
        OUTCODE: f"only the middle of the postcode area {area}".rstrip(),
        TOWN: f"only the middle of {found_from or 'the town'}",
    }[source]


def from_postcode(locator: locate.Locator, postcode: str) -> Position:
    """Place a place from its postcode: the one way every path does it.

    A full postcode found by the geocoder is POSTCODE; without one, the middle of the postcode
    area is OUTCODE. Neither is trusted: see the module's docstring. NotFound if neither is known.
    """
    try:
        origin = locator.postcode(postcode)
    except locate.LocateError:
        raise NotFound(
            _("We could not find the postcode %(postcode)s. Check that it is right.", postcode=postcode)
        ) from None
    return Position(origin.lat, origin.lon, origin.precision, postcode)


def of_place(row: Mapping | None) -> Position | None:
    """A stored place's position, or None if it has none."""
    if row is None or row["lat"] is None:
        return None
    return Position(row["lat"], row["lon"], row["position_source"], row["postcode"])


def given(lat: float, lon: float, current: Position | None) -> Position:
    """The position a person gave (typed, or by moving the pin) on a form showing `current`.

    The same point as `current` keeps its source, so a form saved unchanged, or with a rough
    position's numbers copied back, confirms nothing; any other point is CONFIRMED.
    """
    if current is not None and current.is_near(lat, lon):
        return current
    return Position(lat, lon, CONFIRMED)


def as_typed(value: float | None) -> str:
    """A latitude or longitude as a form's box shows it."""
    return "" if value is None else f"{value:.{COPY_DECIMALS}f}".rstrip("0").rstrip(".")


def not_public_because(position: Position | None, name: str) -> str | None:
    """Why the place called `name` cannot be public at this position, in a sentence; None if it can."""
    if position is None:
        return (
            f"{name} has no position yet. Put the pin on the place’s door, or type its latitude "
            "and longitude, before it is shown to the public."
        )
    if not position.trusted:
        return (
            f"The position of {name} is {position.words()}, not the place itself. Put the pin on "
            "the place’s door, or type its latitude and longitude, before it is shown to the public."
        )
    return None
