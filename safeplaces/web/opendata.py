"""Open data: the register as GeoJSON and CSV downloads, and the page that describes them.

The downloads are open to any site (Access-Control-Allow-Origin: *) and name their licence in
a Link header as well as in the GeoJSON itself.
"""

import json

from flask import Blueprint, Response, current_app, render_template, url_for

from .. import opendata, openreferral
from ..db import get_db
from .openreferral import PREFIX as FEED_PREFIX
from .searching import districts
from .settings import printed_url

bp = Blueprint("opendata", __name__)


def licence():
    config = current_app.config
    return opendata.Licence(
        config["SAFEPLACES_DATA_LICENCE_NAME"],
        config["SAFEPLACES_DATA_LICENCE_URL"],
        f"Contains data from {config['SAFEPLACES_SCHEME_NAME']}, {config['SAFEPLACES_AREA_NAME']}, "
        f"licensed under the {config['SAFEPLACES_DATA_LICENCE_NAME']}.",
    )


def _url(row):
    return printed_url(url_for("public.place", slug=row["slug"]))


def _download(text, mimetype, filename):
    return Response(
        text,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Access-Control-Allow-Origin": "*",
            "Link": f'<{licence().url}>; rel="license"',
        },
    )


@bp.get("/places.geojson")
def places_geojson():
    rows = opendata.active_places(get_db())
    collection = opendata.geojson(rows, districts().name_of, _url, licence())
    return _download(opendata.geojson_text(collection), "application/geo+json", "keep-safe-places.geojson")


@bp.get("/places.csv")
def places_csv():
    rows = opendata.active_places(get_db())
    text = "\ufeff" + opendata.csv_text(rows, districts().name_of, _url)
    return _download(text.encode("utf-8"), "text/csv", "keep-safe-places.csv")


@bp.get("/open-data")
def open_data_page():
    rows = opendata.active_places(get_db())
    example = rows[:1]
    feature = opendata.geojson(example, districts().name_of, _url, licence())["features"]
    csv_lines = opendata.csv_text(example, districts().name_of, _url).splitlines()
    return render_template(
        "opendata/open_data.html",
        count=len(rows),
        licence=licence(),
        fields=opendata.meanings(),
        feed=printed_url(FEED_PREFIX + "/"),
        feed_version=openreferral.VERSION,
        profile_url=openreferral.PROFILE_URL,
        geojson_url=printed_url(url_for(".places_geojson")),
        csv_url=printed_url(url_for(".places_csv")),
        example_feature=json.dumps(feature[0], ensure_ascii=False, indent=2) if feature else None,
        example_csv=csv_lines,
    )
