"""The JSON API, /api/v1: a stable contract. Bad input answers 400, unknown things 404.

A place name that means several places (a county, a district, a name found in several counties,
a misspelling close to several names) answers 300 Multiple Choices, with the choices to search
for next; see README.md, "JSON API".
"""

import re

from flask import Blueprint, current_app, jsonify, request, url_for

from .. import geo, help_now, hours, locate, places
from ..db import get_db
from ..i18n import N_, _
from .arguments import parse_local_time
from .searching import locate_status, max_m, origin_from, search, search_limit
from .security import limiter
from .settings import now, phones

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_LIMIT = 50
DEFAULT_LIMIT = 5
# In the caller's Accept-Language, as every error message of the API (safeplaces/i18n.py).
ERROR_WORDS = {
    400: N_("The request was not understood."),
    404: N_("There is nothing at this address."),
    405: N_("This address does not accept that kind of request."),
    500: N_("Something went wrong on our side. Please try again."),
}
NEAREST_FIELDS = ("id", "slug", "name", "address", "town", "postcode", "lat", "lon", "phone")
YES, NO = {"1", "true", "yes"}, {"0", "false", "no", ""}
TIME_EXAMPLE = "2026-11-23T14:30"


class BadRequest(Exception):
    """The request cannot be answered; the message says why, in plain words."""


def _error(message, status):
    return jsonify(error=message), status


def _limit(text):
    """The limit as a whole number from 1 to MAX_LIMIT."""
    text = (text or str(DEFAULT_LIMIT)).strip()
    if not re.fullmatch(r"[0-9]{1,3}", text) or not 1 <= int(text) <= MAX_LIMIT:
        raise BadRequest(_("limit must be a whole number from 1 to %(most)d.", most=MAX_LIMIT))
    return int(text)


def _time(name):
    """The time given as `name`, or now."""
    if name not in request.args:
        return now()
    at = parse_local_time(request.args[name])
    if at is None:
        raise BadRequest(
            _(
                "%(name)s must be a date and time like %(example)s (London time).",
                name=name,
                example=TIME_EXAMPLE,
            )
        )
    return at


def _flag(name):
    text = request.args.get(name, "").strip().lower()
    if text not in YES | NO:
        raise BadRequest(_("%(name)s must be 1 or 0.", name=name))
    return text in YES


def _origin():
    if not any(key in request.args for key in ("q", "lat", "lon")):
        raise BadRequest(_("Say where to search from: lat and lon, or q (a postcode or a town)."))
    return origin_from(request.args)


@bp.errorhandler(BadRequest)
def bad_request(error):
    return _error(str(error), 400)


@bp.errorhandler(locate.LocateError)
def not_located(error):
    return _error(str(error), locate_status(error))


@bp.errorhandler(locate.ChooseOne)
def choose_one(choose):
    """300 Multiple Choices: each choice with the address that searches for it."""
    return jsonify(
        error=str(choose),
        kind=choose.kind,
        choices=[_choice_json(choice) for choice in choose.choices],
        others=[_choice_json(choice) for choice in choose.others],
    ), 300


def _choice_json(choice):
    args = {**request.args.to_dict(), "q": choice.query}
    return {
        "label": choice.label,
        "q": choice.query,
        "url": url_for(request.endpoint, **args, _external=True),
    }


def _origin_json(origin):
    return {
        "lat": origin.lat,
        "lon": origin.lon,
        "label": origin.label,
        "precision": origin.precision,
        "corrected_from": origin.corrected_from,
    }


@bp.get("/places/nearest")
@limiter.limit(search_limit)  # the same search as /find
def nearest():
    limit = _limit(request.args.get("limit"))
    only_open = "open_at" in request.args or _flag("open_now")
    at = _time("open_at")
    origin = _origin()
    keep = (lambda text: hours.is_open(text, at)) if only_open else None
    found = search(origin, limit, keep)
    return jsonify(origin=_origin_json(origin), places=[_place_json(place, at) for place in found])


def _place_json(place, at):
    status = hours.status(place["opening_hours"], at)
    return {
        **{field: place[field] for field in NEAREST_FIELDS},
        "distance_m": round(place["distance_m"]),
        "walk_minutes": geo.walk_minutes(place["distance_m"]),
        "url": url_for("public.place", slug=place["slug"], _external=True),
        "open_now": status.state == hours.OPEN,
        "opening_hours": place["opening_hours"],
        "next_change": status.next_change.isoformat() if status.next_change else None,
    }


@bp.get("/help")  # never rate-limited, like /help-now: someone in need always gets an answer
def help_now_api():
    at = _time("at")
    origin = _origin()
    answer = help_now.find_help(
        get_db(), origin.lat, origin.lon, at, phones(), current_app.config["SAFEPLACES_PLACE_NAME"], max_m()
    )
    return jsonify(
        origin=_origin_json(origin),
        place=_place_json(answer.place, at) if answer.place else None,
        within_walk=answer.within_walk,
        walkable=answer.walkable,
        walk_minutes=answer.walk_minutes,
        call=phones(),
        message=answer.message,
    )


@bp.get("/places/<int:place_id>")
def place(place_id):
    row = places.active_by_id(get_db(), place_id)
    if row is None:
        return _error(
            _("There is no %(place)s with that id.", place=current_app.config["SAFEPLACES_PLACE_NAME"]), 404
        )
    return jsonify({**places.public(row), "url": url_for("public.place", slug=row["slug"], _external=True)})
