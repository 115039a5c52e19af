"""The Open Referral UK feed, /openreferral/v3: open to anyone, no key, JSON only.

Every answer, errors included, carries Access-Control-Allow-Origin: *, as the UK profile's
compliance rules ask, so a web page on any site can read it. Bad input answers 400 and an
unknown id 404, each as {"error": "<plain words>"}.
"""

from flask import Blueprint, current_app, jsonify, request, url_for

from .. import geo, locate, openreferral
from ..db import get_db
from ..i18n import _
from .searching import districts, locate_status, locator, search_limit
from .security import limiter
from .settings import now, printed_url

PREFIX = "/openreferral/v3"
bp = Blueprint("openreferral", __name__, url_prefix=PREFIX)


@bp.after_app_request
def open_to_every_site(response):
    """CORS for the whole feed, including the app's own 404 and 405 answers under it."""
    if request.path == PREFIX or request.path.startswith(PREFIX + "/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(openreferral.FeedError)
def bad_request(error):
    return jsonify(error=str(error)), 400


@bp.errorhandler(locate.LocateError)
def not_located(error):
    return jsonify(error=str(error)), locate_status(error)


def _scheme():
    config = current_app.config
    return openreferral.Scheme.of(
        config["SAFEPLACES_SCHEME_NAME"],
        config["SAFEPLACES_AREA_NAME"],
        printed_url(""),
        config.get("SAFEPLACES_OPENREFERRAL_ORGANIZATION_ID") or "",
        config["SAFEPLACES_PLACE_NAME"],
    )


def _place_url(row):
    return printed_url(url_for("public.place", slug=row["slug"]))


def _not_found(message):
    return jsonify(error=message), 404


@bp.get("/")
def about():
    return jsonify(
        version=openreferral.VERSION, profile=openreferral.PROFILE_URL, openapi_url=openreferral.OPENAPI_URL
    )


def _page(near=None):
    openreferral.check_filters(request.args)
    paging = openreferral.paging_of(request.args)
    rows, total = openreferral.active_places(get_db(), paging, request.args.get("search", ""), near)
    return rows, total, paging


@bp.get("/services")
def services():
    rows, total, paging = _page()
    scheme = _scheme()
    contents = [openreferral.service_summary(row, scheme, _place_url(row)) for row in rows]
    return jsonify(openreferral.page_of(contents, total, paging))


@bp.get("/services/<service_id>")
def service(service_id):
    row = openreferral.by_service_id(get_db(), service_id)
    if row is None:
        return _not_found(_("There is no service with that id in this feed."))
    schedules = openreferral.schedules(row, now().date())
    return jsonify(
        openreferral.full_service(
            row, _scheme(), _place_url(row), districts().name_of(row["district_code"]), schedules
        )
    )


def _near():
    """Where to list places from, nearest first, within proximity if given; None without a postcode."""
    proximity = openreferral.proximity_of(request.args)
    postcode = request.args.get("postcode", "").strip()
    if not postcode:
        return None
    tidy = locate.tidy_postcode(postcode)
    if tidy is None:
        raise openreferral.FeedError(
            _(
                "postcode must be a full UK postcode, for example %(example)s.",
                example=locate.EXAMPLE_POSTCODE,
            )
        )
    origin = locator().postcode(tidy)
    return openreferral.Near(origin.lat, origin.lon, proximity or geo.ANYWHERE_M)


@bp.get("/service_at_locations")
@limiter.limit(search_limit, exempt_when=lambda: "postcode" not in request.args)  # a search, like /find
def service_at_locations():
    rows, total, paging = _page(_near())
    scheme, name_of = _scheme(), districts().name_of
    contents = [
        openreferral.service_at_location_summary(row, scheme, _place_url(row), name_of(row["district_code"]))
        for row in rows
    ]
    return jsonify(openreferral.page_of(contents, total, paging))


@bp.get("/service_at_locations/<link_id>")
def service_at_location(link_id):
    row = openreferral.by_uuid(get_db(), link_id)
    if row is None:
        return _not_found(_("There is no service at location with that id in this feed."))
    return jsonify(
        openreferral.full_service_at_location(
            row,
            _scheme(),
            _place_url(row),
            districts().name_of(row["district_code"]),
            openreferral.schedules(row, now().date()),
        )
    )
