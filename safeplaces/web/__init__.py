"""Blueprints by audience. Views parse the request, call the domain modules and render."""

from flask import current_app

from .. import geo, locate
from ..db import get_db

PAGE_RESULTS = 10


def districts():
    return geo.load_districts(current_app.config["SAFEPLACES_DISTRICTS"])


def locator():
    return locate.locator_for(current_app.config, get_db(), districts().bounds())


def origin_from(args):
    """The Origin named by a request's q, or lat and lon; LocateError otherwise."""
    if "lat" in args or "lon" in args:
        return locator().point(args.get("lat"), args.get("lon"))
    return locator().find(args.get("q", ""))


def search(origin, limit):
    """The nearest public places to origin, within the configured radius."""
    max_m = float(current_app.config["SAFEPLACES_SEARCH_RADIUS_KM"]) * 1000
    return geo.nearest(get_db(), origin.lat, origin.lon, limit=limit, max_m=max_m)
