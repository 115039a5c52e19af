"""The JSON API, /api/v1: a stable contract. Bad input answers 400, unknown things 404."""

import re

from flask import Blueprint, jsonify, request, url_for

from .. import geo, locate, places
from ..db import get_db
from . import origin_from, search

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_LIMIT = 50
DEFAULT_LIMIT = 5
ERROR_WORDS = {
    400: "The request was not understood.",
    404: "There is nothing at this address.",
    405: "This address does not accept that kind of request.",
    500: "Something went wrong on our side. Please try again.",
}
NEAREST_FIELDS = ("id", "slug", "name", "address", "town", "postcode", "lat", "lon", "phone")


def _error(message, status):
    return jsonify(error=message), status


def _limit(text):
    """The limit as a whole number from 1 to MAX_LIMIT, or None if it is not one."""
    text = (text or str(DEFAULT_LIMIT)).strip()
    if not re.fullmatch(r"[0-9]{1,3}", text) or not 1 <= int(text) <= MAX_LIMIT:
        return None
    return int(text)


@bp.get("/places/nearest")
def nearest():
    limit = _limit(request.args.get("limit"))
    if limit is None:
        return _error(f"limit must be a whole number from 1 to {MAX_LIMIT}.", 400)
    if not any(key in request.args for key in ("q", "lat", "lon")):
        return _error("Say where to search from: lat and lon, or q (a postcode or a town).", 400)
    try:
        origin = origin_from(request.args)
    except locate.LocateError as error:
        return _error(error.message, error.status)
    found = search(origin, limit)
    return jsonify(
        origin={"lat": origin.lat, "lon": origin.lon, "label": origin.label,
                "precision": origin.precision},
        places=[_nearest_place(place) for place in found],
    )


def _nearest_place(place):
    return {
        **{field: place[field] for field in NEAREST_FIELDS},
        "distance_m": round(place["distance_m"]),
        "walk_minutes": geo.walk_minutes(place["distance_m"]),
        "url": url_for("public.place", slug=place["slug"], _external=True),
    }


@bp.get("/places/<int:place_id>")
def place(place_id):
    row = places.active_by_id(get_db(), place_id)
    if row is None:
        return _error("There is no Keep Safe Place with that id.", 404)
    return jsonify({**places.public(row), "url": url_for("public.place", slug=row["slug"], _external=True)})
