"""Blueprints by audience. Views parse the request, call the domain modules and render."""

import os
import re
from dataclasses import dataclass
from datetime import datetime

from flask import Response, abort, current_app, request, send_file, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from .. import clock, geo, hours, locate, maps, photos, security_log
from ..db import get_db
from ..i18n import _

PAGE_RESULTS = 10
# Sign-in and the public forms are rate-limited; SAFEPLACES_RATELIMIT_STORAGE may name a shared
# store (such as redis://) when the site runs in more than one process.
limiter = Limiter(get_remote_address)
OPEN_MARKER = {hours.OPEN: True, hours.CLOSED: False, hours.UNKNOWN: None}
YEARS = range(2000, 2101)  # for planning ahead; beyond this the calendar libraries overflow
# The largest row id SQLite stores: a bigger number from a request cannot name anything.
MAX_ROW_ID = 2**63 - 1
ROW_ID = re.compile(r"[0-9]{1,19}")
LOCAL_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)?"
)


def search_limit():
    """How often one address may search (/find, /map): SAFEPLACES_SEARCH_LIMIT."""
    return current_app.config["SAFEPLACES_SEARCH_LIMIT"]


def districts():
    """The configured district boundaries, loaded once per process."""
    return geo.load_districts(str(current_app.config["SAFEPLACES_DISTRICTS"]))


def locator():
    """A Locator for this request: the gazetteer and the area's bounds are loaded once per process."""
    return locate.locator_for(current_app.config, get_db(), districts().bounds())


def origin_from(args):
    """The Origin named by a request's q, or lat and lon; a locate.LocateError otherwise."""
    if "lat" in args or "lon" in args:
        return locator().point(args.get("lat"), args.get("lon"))
    return locator().find(args.get("q", ""))


def locate_status(error):
    """The HTTP status for a search that found no one place: 400 not understood, 404 not found."""
    return 404 if isinstance(error, locate.NotFound) else 400


@dataclass(frozen=True)
class Located:
    """What a page's search came to: one origin, a choice to offer, or an error and its status."""

    origin: locate.Origin | None = None
    choose: locate.ChooseOne | None = None
    error: str | None = None
    status: int = 200


def located(args):
    """The Located for a request's q, or lat and lon. A choice is a useful page: status 200."""
    try:
        return Located(origin=origin_from(args))
    except locate.ChooseOne as choose:
        return Located(choose=choose)
    except locate.LocateError as error:
        return Located(error=str(error), status=locate_status(error))


def page_arg(last):
    """The page asked for (?page=), from 1 to last; anything else is the first page."""
    text = (request.args.get("page") or "").strip()
    return int(text) if ROW_ID.fullmatch(text) and 1 <= int(text) <= last else 1


def row_id_arg(name):
    """The query-string value `name` as a row id (1 to MAX_ROW_ID), or None if it cannot be one."""
    text = request.args.get(name, "")
    return int(text) if ROW_ID.fullmatch(text) and 1 <= int(text) <= MAX_ROW_ID else None


def max_m():
    return float(current_app.config["SAFEPLACES_SEARCH_RADIUS_KM"]) * 1000


def search(origin, limit, keep=None):
    """The nearest public places to origin, within the configured radius."""
    return geo.nearest(get_db(), origin.lat, origin.lon, limit=limit, max_m=max_m(), keep=keep)


def now():
    """The time now in London. SAFEPLACES_FIXED_NOW (ISO) fixes it, for tests and demonstrations."""
    fixed = current_app.config.get("SAFEPLACES_FIXED_NOW")
    return clock.local(datetime.fromisoformat(fixed)) if fixed else clock.london_now()


def parse_local_time(text):
    """A date and time typed as ISO 8601 (London time unless an offset is given), or None."""
    text = (text or "").strip()
    if not LOCAL_TIME.fullmatch(text):
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return clock.local(at) if at.year in YEARS else None


def phones():
    return {
        "emergency": current_app.config["SAFEPLACES_EMERGENCY_PHONE"],
        "non_emergency": current_app.config["SAFEPLACES_NON_EMERGENCY_PHONE"],
    }


def with_status(places, at):
    """Each place with its opening status at `at` (hours.Status) under "status"."""
    return [{**place, "status": hours.status(place["opening_hours"], at)} for place in places]


def map_of(places, origin=None, **options):
    """maps.MapParts for places carrying a "status" (see with_status), and the origin if known."""
    config = current_app.config
    markers = [
        {
            "name": p["name"],
            "url": url_for("public.place", slug=p["slug"]),
            "lat": p["lat"],
            "lon": p["lon"],
            "open": OPEN_MARKER[p["status"].state],
            "status_text": p["status"].words,
        }
        for p in places
    ]
    here = (
        {"lat": origin.lat, "lon": origin.lon, "label": _("You are here: %(place)s", place=origin.label)}
        if origin
        else None
    )
    assets = {key: url_for("static", filename=path) for key, path in maps.ASSET_FILES.items()}
    return maps.render_map(
        markers,
        origin=here,
        tiles_url=config["SAFEPLACES_TILES_URL"],
        tiles_attribution=config["SAFEPLACES_TILES_ATTRIBUTION"],
        asset_urls=assets,
        **options,
    )


def photo_folder():
    """Where photos are kept: SAFEPLACES_PHOTOS, relative to the instance folder unless absolute."""
    return os.path.join(current_app.instance_path, str(current_app.config["SAFEPLACES_PHOTOS"]))


def send_photo(name, max_age=0):
    """The stored photo called name, as a JPEG response; 404 if there is none."""
    path = photos.path_of(photo_folder(), name)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=max_age)


def printed_url(path):
    """The absolute address of a page, for QR codes that get printed.

    From SAFEPLACES_BASE_URL, or else the address this page was reached at.
    """
    return (current_app.config["SAFEPLACES_BASE_URL"] or request.url_root).rstrip("/") + path


def pdf_response(pdf, filename):
    """A PDF download that no browser or proxy keeps, under a name that names nobody."""
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def pseudonym(text):
    """The log's stand-in for an email or network address (security_log.pseudonym, with the site's key)."""
    return security_log.pseudonym(current_app.secret_key, text or "")


def security_event(what, email=None, **details):
    """Log a security event about this request, naming the visitor and any account only by pseudonym."""
    named = {"account": pseudonym(email)} if email is not None else {}
    security_log.event(what, **named, address=pseudonym(request.remote_addr), path=request.path, **details)
