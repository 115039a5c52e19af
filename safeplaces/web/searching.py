"""Searching for a request: where the visitor is, and the nearest places to it.

Every page that searches (/find, /map, the API, the Open Referral feed, the manage pages that
place a postcode) reads the same settings here, so a search radius or a rate limit is set once.
The districts and the gazetteer are loaded once per process; only the database is per request.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import current_app

from .. import geo, locate
from ..db import get_db

PAGE_RESULTS = 10


def search_limit() -> str:
    """How often one address may search (/find, /map): SAFEPLACES_SEARCH_LIMIT."""
    return current_app.config["SAFEPLACES_SEARCH_LIMIT"]


def districts() -> geo.Districts:
    """The configured district boundaries, loaded once per process."""
    return geo.load_districts(str(current_app.config["SAFEPLACES_DISTRICTS"]))


def locator() -> locate.Locator:
    """A Locator for this request: the gazetteer and the area's bounds are loaded once per process."""
    return locate.locator_for(current_app.config, get_db(), districts().bounds())


def origin_from(args: Mapping[str, str]) -> locate.Origin:
    """The Origin named by a request's q, or lat and lon; a locate.LocateError otherwise."""
    if "lat" in args or "lon" in args:
        return locator().point(args.get("lat"), args.get("lon"))
    return locator().find(args.get("q", ""))


def locate_status(error: locate.LocateError) -> int:
    """The HTTP status for a search that found no one place: 400 not understood, 404 not found."""
    return 404 if isinstance(error, locate.NotFound) else 400


@dataclass(frozen=True)
class Located:
    """What a page's search came to: one origin, a choice to offer, or an error and its status."""

    origin: locate.Origin | None = None
    choose: locate.ChooseOne | None = None
    error: str | None = None
    status: int = 200


def located(args: Mapping[str, str]) -> Located:
    """The Located for a request's q, or lat and lon. A choice is a useful page: status 200."""
    try:
        return Located(origin=origin_from(args))
    except locate.ChooseOne as choose:
        return Located(choose=choose)
    except locate.LocateError as error:
        return Located(error=str(error), status=locate_status(error))


def max_m() -> float:
    """How far a search looks, in metres: SAFEPLACES_SEARCH_RADIUS_KM."""
    return float(current_app.config["SAFEPLACES_SEARCH_RADIUS_KM"]) * 1000


def search(origin: locate.Origin, limit: int, keep: Callable[[str], bool] | None = None) -> list[dict]:
    """The nearest public places to origin, within the configured radius."""
    return geo.nearest(get_db(), origin.lat, origin.lon, limit=limit, max_m=max_m(), keep=keep)
