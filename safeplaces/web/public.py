"""Public pages: home, nearest places, one place."""

from flask import Blueprint, abort, current_app, render_template, request

from .. import geo, locate, places
from ..db import get_db
from . import PAGE_RESULTS, districts, origin_from, search

bp = Blueprint("public", __name__)


@bp.app_template_filter("miles")
def miles(metres):
    """A distance in miles, in words."""
    value = metres / 1609.344
    if value < 0.1:
        return "less than 0.1 miles"
    if value >= 10:
        return f"{value:.0f} miles"
    return f"{value:.1f} miles" if f"{value:.1f}" != "1.0" else "1 mile"


@bp.app_template_filter("walk")
def walk(metres):
    """The estimated walk, in words."""
    minutes = geo.walk_minutes(metres)
    if minutes == 1:
        return "about 1 minute's walk"
    if minutes <= 120:
        return f"about {minutes} minutes' walk"
    return "more than 2 hours' walk"


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/find")
def find():
    query = request.args.get("q", "")
    if not request.args:
        return render_template("public/home.html")
    try:
        origin = origin_from(request.args)
    except locate.LocateError as error:
        return render_template("public/find.html", query=query, error=error.message), error.status
    found = search(origin, PAGE_RESULTS)
    radius_km = float(current_app.config["SAFEPLACES_SEARCH_RADIUS_KM"])
    return render_template("public/find.html", query=query, origin=origin, places=found,
                           radius_m=radius_km * 1000)


@bp.get("/places/<slug>")
def place(slug):
    row = places.active_by_slug(get_db(), slug)
    if row is None:
        abort(404)
    return render_template("public/place.html", place=places.public(row),
                           district=districts().name_of(row["district_code"]))
