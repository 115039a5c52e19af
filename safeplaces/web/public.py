"""Public pages: home, nearest places, one place, and I need help now."""

from flask import Blueprint, abort, render_template, request

from .. import geo, help_now, hours, locate, places
from ..db import get_db
from . import (
    PAGE_RESULTS,
    districts,
    limiter,
    map_of,
    max_m,
    now,
    origin_from,
    phones,
    search,
    search_limit,
    send_photo,
    with_status,
)

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


bp.add_app_template_filter(geo.walk_words, "walk")


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/find")
@limiter.limit(search_limit)
def find():
    query = request.args.get("q", "")
    if not request.args:
        return render_template("public/home.html")
    try:
        origin = origin_from(request.args)
    except locate.LocateError as error:
        return render_template("public/find.html", query=query, error=error.message), error.status
    found = with_status(search(origin, PAGE_RESULTS), now())
    small_map = (
        map_of(
            found, origin, size="small", map_name=f"Map of the places near {origin.label}", list_id="results"
        )
        if found
        else None
    )
    return render_template(
        "public/find.html", query=query, origin=origin, places=found, radius_m=max_m(), map=small_map
    )


@bp.get("/places/<slug>")
def place(slug):
    row = places.active_by_slug(get_db(), slug)
    if row is None:
        abort(404)
    at = now()
    status = hours.status(row["opening_hours"], at)
    small_map = map_of([{**row, "status": status}], size="small", map_name=f"Map of {row['name']}")
    return render_template(
        "public/place.html",
        place=places.public(row),
        status=status,
        map=small_map,
        has_photo=bool(row["photo"]),
        week=hours.week(row["opening_hours"], at) if row["opening_hours"] else [],
        district=districts().name_of(row["district_code"]),
    )


@bp.get("/places/<slug>/photo")
def place_photo(slug):
    """The photo of an active place's entrance."""
    row = places.active_by_slug(get_db(), slug)
    if row is None or not row["photo"]:
        abort(404)
    return send_photo(row["photo"], max_age=3600)


@bp.get("/map")
@limiter.limit(search_limit)
def map_page():
    """Every active place on a map, and always the same places as a list, nearest first if we know where."""
    query, origin, error = request.args.get("q", ""), None, None
    if any(key in request.args for key in ("q", "lat", "lon")):
        try:
            origin = origin_from(request.args)
        except locate.LocateError as located:
            error = located.message
    at = now()
    if origin:
        shown = with_status(
            geo.nearest_by_scan(
                get_db(), origin.lat, origin.lon, limit=places.MAP_LIMIT, max_m=geo.ANYWHERE_M
            ),
            at,
        )
    else:
        shown = with_status(places.all_active(get_db()), at)
    name = f"Map of Keep Safe Places near {origin.label}" if origin else "Map of Keep Safe Places"
    whole_map = map_of(shown, origin, list_id="place-list", map_name=name)
    return render_template(
        "public/map.html", query=query, origin=origin, error=error, places=shown, map=whole_map
    ), 400 if error else 200


@bp.get("/help-now")
def help_now_page():
    query = request.args.get("q", "")
    if not any(key in request.args for key in ("q", "lat", "lon")):
        return render_template("public/help_now.html", query=query, walk_limit=help_now.WALK_LIMIT_MINUTES)
    try:
        origin = origin_from(request.args)
    except locate.LocateError as error:
        return render_template(
            "public/help_now.html", query=query, error=error.message, walk_limit=help_now.WALK_LIMIT_MINUTES
        ), error.status
    at = now()
    answer = help_now.find_help(get_db(), origin.lat, origin.lon, at, phones(), max_m())
    status = hours.status(answer.place["opening_hours"], at) if answer.place else None
    return render_template(
        "public/help_now.html",
        query=query,
        origin=origin,
        answer=answer,
        status=status,
        walk_limit=help_now.WALK_LIMIT_MINUTES,
    )
