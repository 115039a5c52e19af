"""Public pages: home, nearest places, one place, the map, I need help now and reporting hate crime."""

import math

from flask import Blueprint, abort, current_app, render_template, request

from .. import checks, geo, help_now, hours, maps, places, reporting
from ..db import get_db
from ..i18n import _
from .arguments import page_arg
from .files import send_photo
from .page_maps import page_map, place_marker
from .searching import PAGE_RESULTS, located, max_m, search, search_limit
from .security import limiter
from .settings import now, phones

bp = Blueprint("public", __name__)
OPEN_NOW = "now"  # /find?open=now: only places open now
OPEN_MARKER = {hours.OPEN: True, hours.CLOSED: False, hours.UNKNOWN: None}


@bp.record_once
def _check_settings(state):
    """Refuse to start with reporting settings that cannot be shown, rather than fail on a page."""
    reporting.check_settings(state.app.config)


def _open_at(at):
    return lambda text: hours.is_open(text, at)


def _where(origin, query):
    """The arguments that search from the same place again: q, or lat and lon."""
    return {"q": query} if query else {"lat": origin.lat, "lon": origin.lon}


def _with_status(rows, at):
    """Each place with its opening status at `at` (hours.Status) under "status"."""
    return [{**place, "status": hours.status(place["opening_hours"], at)} for place in rows]


def _map_of(rows, origin=None, **options):
    """maps.MapParts for places carrying a "status" (see _with_status), and the origin if known."""
    markers = [place_marker(p, OPEN_MARKER[p["status"].state], p["status"].words) for p in rows]
    here = (
        {"lat": origin.lat, "lon": origin.lon, "label": _("You are here: %(place)s", place=origin.label)}
        if origin
        else None
    )
    return page_map(markers, origin=here, **options)


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/find")
@limiter.limit(search_limit)
def find():
    query = request.args.get("q", "")
    if not request.args.keys() - {"lang"}:  # only a language chosen: the search box
        return render_template("public/home.html")
    where = located(request.args)
    if where.origin is None:
        return render_template(
            "public/find.html", query=query, choose=where.choose, error=where.error
        ), where.status
    origin = where.origin
    at = now()
    only_open = request.args.get("open") == OPEN_NOW
    found = _with_status(search(origin, PAGE_RESULTS, _open_at(at) if only_open else None), at)
    # When the nearest place is closed, the nearest open one comes first, set apart.
    first_closed = bool(found) and not only_open and found[0]["status"].state != hours.OPEN
    nearest_open = _with_status(search(origin, 1, _open_at(at)), at) if first_closed else []
    first_ids = {place["id"] for place in nearest_open}
    shown = nearest_open + [place for place in found if place["id"] not in first_ids]
    small_map = (
        _map_of(
            shown,
            origin,
            size="small",
            map_name=_("Map of the places near %(place)s", place=origin.label),
            list_id="results",
        )
        if found
        else None
    )
    return render_template(
        "public/find.html",
        query=query,
        origin=origin,
        places=found,
        only_open=only_open,
        first_closed=first_closed,
        nearest_open=nearest_open[0] if nearest_open else None,
        # Past a reasonable walk, the police's numbers come first and nobody is told to walk.
        nearest_open_far=_past_a_walk(
            nearest_open or [p for p in found[:1] if p["status"].state == hours.OPEN]
        ),
        walk_m=geo.REASONABLE_WALK_M,
        where=_where(origin, query),
        radius_m=max_m(),
        map=small_map,
    )


def _past_a_walk(nearest_open):
    """True if the nearest open place (a list of it, or empty) is past a reasonable walk."""
    return bool(nearest_open) and not geo.is_a_walk(nearest_open[0]["distance_m"])


@bp.get("/places/<slug>")
def place(slug):
    row = places.active_by_slug(get_db(), slug)
    if row is None:
        abort(404)
    at = now()
    status = hours.status(row["opening_hours"], at)
    has_position = row["lat"] is not None
    small_map = (
        _map_of([{**row, "status": status}], size="small", map_name=_("Map of %(place)s", place=row["name"]))
        if has_position
        else None
    )
    return render_template(
        "public/place.html",
        place=places.public(row),
        status=status,
        map=small_map,
        has_position=has_position,
        has_photo=bool(row["photo"]),
        week=hours.week(row["opening_hours"], at) if row["opening_hours"] else [],
        checked=checks.last_passed_review(get_db(), row["id"]),
    )


@bp.get("/places/<slug>/photo")
def place_photo(slug):
    """The photo of an active place's entrance."""
    row = places.active_by_slug(get_db(), slug)
    if row is None or not row["photo"]:
        abort(404)
    return send_photo(row["photo"], max_age=3600)


def _nearest_page(origin, page):
    """(places, page, more): a page of the places nearest origin, nearest first.

    A page past the last is the last; `more` says whether another page follows.
    """
    size = maps.MAP_PAGE_PLACES
    nearest = search(origin, page * size + 1)
    page = min(page, max(1, math.ceil(len(nearest) / size)))
    more = len(nearest) > page * size and page < maps.MAP_PAGES
    return nearest[(page - 1) * size : page * size], page, more


@bp.get("/map")
@limiter.limit(search_limit)
def map_page():
    """The map, and always the same places as a list: near a place, a page at a time; else the whole area.

    Bounded (see maps.py): near a place, the nearest maps.MAP_PAGE_PLACES, with a link to the next
    ones, up to maps.MAP_PAGES pages; with no place given, every place while the scheme has at
    most maps.MAP_ALL_PLACES, and otherwise a request to say where.
    """
    query, where = request.args.get("q", ""), None
    if any(key in request.args for key in ("q", "lat", "lon")):
        where = located(request.args)
    origin, choose, error = (where.origin, where.choose, where.error) if where else (None, None, None)
    page, too_many, more = 1, False, False
    if origin:
        shown, page, more = _nearest_page(origin, page_arg(maps.MAP_PAGES))
    else:
        too_many = places.count_active(get_db(), up_to=maps.MAP_ALL_PLACES + 1) > maps.MAP_ALL_PLACES
        shown = [] if too_many else places.all_active(get_db())
    shown = _with_status(shown, now())
    plural = current_app.config["SAFEPLACES_PLACE_NAME_PLURAL"]
    name = (
        _("Map of %(places)s near %(place)s", places=plural, place=origin.label)
        if origin
        else _("Map of %(places)s", places=plural)
    )
    whole_map = (
        _map_of(shown, origin, list_id="place-list", map_name=name, fit_nearest=maps.NEAREST_IN_VIEW)
        if shown or origin
        else None
    )
    return render_template(
        "public/map.html",
        query=query,
        origin=origin,
        choose=choose,
        error=error,
        places=shown,
        map=whole_map,
        page=page,
        first=(page - 1) * maps.MAP_PAGE_PLACES + 1,
        more=more,
        too_many=too_many,
        map_all=maps.MAP_ALL_PLACES,
        where=_where(origin, query) if origin else {},
        radius_m=max_m(),
    ), where.status if where else 200


@bp.get("/help-now")
def help_now_page():
    query = request.args.get("q", "")
    if not any(key in request.args for key in ("q", "lat", "lon")):
        return render_template("public/help_now.html", query=query, walk_limit=help_now.WALK_LIMIT_MINUTES)
    where = located(request.args)
    if where.origin is None:
        return render_template(
            "public/help_now.html",
            query=query,
            choose=where.choose,
            error=where.error,
            walk_limit=help_now.WALK_LIMIT_MINUTES,
        ), where.status
    origin = where.origin
    at = now()
    answer = help_now.find_help(
        get_db(), origin.lat, origin.lon, at, phones(), current_app.config["SAFEPLACES_PLACE_NAME"], max_m()
    )
    status = hours.status(answer.place["opening_hours"], at) if answer.place else None
    return render_template(
        "public/help_now.html",
        query=query,
        origin=origin,
        answer=answer,
        status=status,
        walk_limit=help_now.WALK_LIMIT_MINUTES,
        ask_for_help=_(help_now.ASK_FOR_HELP),
    )


@bp.get("/report-hate-crime")
def report_hate_crime():
    """Every way to report a hate crime or hate incident, with the scheme's own reporting centres."""
    return render_template("public/report_hate_crime.html", routes=reporting.routes(current_app.config))
