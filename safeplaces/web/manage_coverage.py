"""Coverage, /manage/coverage, for registrars and admins: where and when there is no place.

Under /manage, so the app-wide guard in manage.py signs people in first. Every table on the
page is also a CSV file, /manage/coverage/<table>.csv. The map of the settlements far from a
place only adds to their table, which lists every one of them.
"""

from flask import Blueprint, Response, abort, current_app, render_template

from .. import coverage, locate
from ..db import get_db
from .page_maps import page_map, place_marker
from .searching import districts
from .settings import now

bp = Blueprint("manage_coverage", __name__, url_prefix="/manage")

# The gap map's markers: the same three shapes as every map, in the words of this one ({place}
# is the scheme's word for a place, SAFEPLACES_PLACE_NAME).
GAP_MARKERS = {
    True: ("open", "a {place}", "A {place}"),
    False: ("closed", "no place within 2 miles", "A town or village with no place within 2 miles"),
    None: (
        "unknown",
        "no place within a 15-minute walk",
        "A town or village with no place within a 15-minute walk, but one within 2 miles",
    ),
}


def _districts():
    population = coverage.load_population(current_app.config["SAFEPLACES_POPULATION"])
    return coverage.districts_coverage(get_db(), districts(), population)


def _settlement_gaps():
    settlements = [s for s in locate.gazetteer_for(current_app.config).settlements if s.in_area]
    return coverage.settlement_gaps(get_db(), settlements)


def _opening():
    """(the days, an OpeningTable for the area and for each district)."""
    days = coverage.opening_days(now().date())
    return days, coverage.opening_tables(coverage.places_spans(get_db(), days), days, districts())


def _gap_map(gaps):
    """A map of the settlements far from a place, among the active places."""
    config = current_app.config
    places = [
        place_marker(row, is_open=True)
        for row in get_db().query("SELECT name, slug, lat, lon FROM public_places")
    ]
    markers = [
        {
            "name": gap.name,
            "url": f"#settlement-{n}",
            "lat": gap.lat,
            "lon": gap.lon,
            "open": False if gap.beyond_two_miles else None,
        }
        for n, gap in enumerate(gaps, start=1)
    ]
    return page_map(
        places + markers,
        map_name=f"Map of the towns and villages far from a {config['SAFEPLACES_PLACE_NAME']}",
        element_id="coverage-map",
        list_id="settlements",
        size="small",
        status={
            kind: tuple(words.format(place=config["SAFEPLACES_PLACE_NAME"]) for words in marker)
            for kind, marker in GAP_MARKERS.items()
        },
    )


@bp.errorhandler(coverage.PopulationError)
def population_unreadable(error):
    return render_template("manage/coverage/unreadable.html", problem=str(error)), 500


@bp.get("/coverage")
def coverage_page():
    gaps = _settlement_gaps()
    days, tables = _opening()
    return render_template(
        "manage/coverage/index.html",
        districts=_districts(),
        gaps=gaps,
        far=[gap for gap in gaps if gap.beyond_two_miles],
        district_name=districts().name_of,
        map=_gap_map(gaps),
        days=days,
        opening=tables,
        tables=CSV_TABLES,
    )


CSV_TABLES = {
    "districts": ("Places and residents by district", lambda: coverage.districts_csv(_districts())),
    "settlements": (
        "Towns and villages far from a place",
        lambda: coverage.settlements_csv(_settlement_gaps(), districts().name_of),
    ),
    "opening": ("Places open by day and hour, by district", lambda: coverage.opening_csv(_opening()[1])),
}


@bp.get("/coverage/<table>.csv")
def coverage_csv(table):
    if table not in CSV_TABLES:
        abort(404)
    text = "\ufeff" + CSV_TABLES[table][1]()
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="coverage-{table}.csv"'},
    )
