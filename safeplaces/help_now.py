"""I need help now: the one place to go, for a person who is frightened.

The answer is the nearest place that is open now and stays open, with no break, for 15 minutes
or for the walk there if that is longer (up to half an hour: further away, the person is not
walking), so nobody walks to a door that shuts as they arrive. If it is within a 15-minute
walk, go there; if not, the answer says so plainly and offers the police's non-emergency
number first, then the nearest open place further away. Up to a reasonable walk
(geo.REASONABLE_WALK_MINUTES) that place comes with its walk and walking directions; beyond it,
with its distance only and "ask someone to help you get there": a frightened person is never
sent on a walk of hours. 999 and 101 are always part of the answer.

What one place of the scheme is called ("Keep Safe Place") is the scheme's setting, passed in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from . import geo, hours
from .i18n import N_, _

WALK_LIMIT_MINUTES = 15
ASK_FOR_HELP = N_("Ask someone to help you get there.")


@dataclass(frozen=True)
class Answer:
    place: dict | None  # the place row, with distance_m; None when nothing is open in range
    within_walk: bool  # within WALK_LIMIT_MINUTES: go there now
    walk_minutes: int | None
    message: str
    walkable: bool = False  # within a reasonable walk, so walking directions make sense


def open_for_minutes(metres: float) -> int:
    """How long a place that far away must stay open: at least WALK_LIMIT_MINUTES, and the walk
    there up to a reasonable walk (beyond it, the person needs a lift and the walk means nothing)."""
    return max(WALK_LIMIT_MINUTES, min(geo.walk_minutes(metres), geo.REASONABLE_WALK_MINUTES))


def _nearest_open_for_the_trip(
    db: Database, lat: float, lon: float, at: datetime, max_m: float
) -> dict | None:
    """The nearest place open from `at` for open_for_minutes of its distance, or None.

    Every such place is open for the first WALK_LIMIT_MINUTES, so the search keeps only those,
    nearest first, and checks each one's longer trip in turn: a place that shuts during the walk
    there is passed over for the next.
    """
    first = at + timedelta(minutes=WALK_LIMIT_MINUTES)
    limit = 1
    while True:
        found = geo.nearest(
            db, lat, lon, limit=limit, max_m=max_m, keep=lambda text: hours.open_throughout(text, at, first)
        )
        for place in found:
            until = at + timedelta(minutes=open_for_minutes(place["distance_m"]))
            if until == first or hours.open_throughout(place["opening_hours"], at, until):
                return place
        if len(found) < limit:
            return None
        limit *= 4


def find_help(
    db: Database,
    lat: float,
    lon: float,
    at: datetime,
    phones: dict,
    place_name: str,
    max_m: float = geo.DEFAULT_MAX_M,
) -> Answer:
    """The nearest place open at `at` and for the walk after, and what to tell the person.

    phones has emergency and non_emergency; place_name is what one place of the scheme is called.
    """
    place = _nearest_open_for_the_trip(db, lat, lon, at, max_m)
    if place is None:
        return Answer(
            None,
            False,
            None,
            _(
                "No %(place)s is open near you now. If you need the police, phone %(non_emergency)s. "
                "In an emergency, phone %(emergency)s.",
                place=place_name,
                non_emergency=phones["non_emergency"],
                emergency=phones["emergency"],
            ),
        )
    metres = place["distance_m"]
    minutes = geo.walk_minutes(metres)
    if minutes <= WALK_LIMIT_MINUTES:
        message = _(
            "%(name)s is open now. It is %(walk)s away.", name=place["name"], walk=geo.walk_words(metres)
        )
        return Answer(place, True, minutes, message, True)
    walkable = geo.is_a_walk(metres)
    how_far = geo.walk_words(metres) if walkable else geo.miles(metres)
    message = _(
        "No %(place)s is open within a %(minutes)d-minute walk. If you need the police, phone "
        "%(non_emergency)s. The nearest open place is %(name)s, %(how_far)s away.",
        place=place_name,
        minutes=WALK_LIMIT_MINUTES,
        non_emergency=phones["non_emergency"],
        name=place["name"],
        how_far=how_far,
    )
    return Answer(place, False, minutes, message if walkable else f"{message} {_(ASK_FOR_HELP)}", walkable)
