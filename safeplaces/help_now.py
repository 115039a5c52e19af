"""I need help now: the one place to go, for a person who is frightened.

The answer is the nearest place that is open now and will still be open in 15 minutes, so
nobody walks to a door that shuts as they arrive. If it is within a 15-minute walk, go there;
if not, the answer says so plainly, offers the police's non-emergency number first, then the
nearest open place further away. 999 and 101 are always part of the answer.
"""

from dataclasses import dataclass
from datetime import timedelta

from . import geo, hours

WALK_LIMIT_MINUTES = 15


@dataclass(frozen=True)
class Answer:
    place: dict | None  # the place row, with distance_m; None when nothing is open in range
    within_walk: bool
    walk_minutes: int | None
    message: str


def find_help(db, lat, lon, at, phones, max_m=geo.DEFAULT_MAX_M):
    """The nearest place open at `at` and for the walk after, and what to tell the person.

    phones has emergency and non_emergency.
    """
    arrival = at + timedelta(minutes=WALK_LIMIT_MINUTES)
    found = geo.nearest(
        db,
        lat,
        lon,
        limit=1,
        max_m=max_m,
        keep=lambda text: hours.is_open(text, at) and hours.is_open(text, arrival),
    )
    if not found:
        return Answer(
            None,
            False,
            None,
            f"No Keep Safe Place is open near you now. If you need the police, "
            f"phone {phones['non_emergency']}. In an emergency, phone {phones['emergency']}.",
        )
    place = found[0]
    minutes = geo.walk_minutes(place["distance_m"])
    if minutes <= WALK_LIMIT_MINUTES:
        return Answer(
            place,
            True,
            minutes,
            f"{place['name']} is open now. It is {geo.walk_words(place['distance_m'])} away.",
        )
    return Answer(
        place,
        False,
        minutes,
        f"No Keep Safe Place is open within a {WALK_LIMIT_MINUTES}-minute walk. "
        f"If you need the police, phone {phones['non_emergency']}. The nearest open place is "
        f"{place['name']}, {geo.walk_words(place['distance_m'])} away.",
    )
