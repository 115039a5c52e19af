"""Coverage, /manage/coverage, for registrars and admins: where and when there is no place.

Under /manage, so the app-wide guard in manage.py signs people in first. Every table on the
page is also a CSV file, /manage/coverage/<table>.csv.
"""

from flask import Blueprint, Response, abort, current_app, render_template

from .. import coverage
from ..db import get_db
from . import districts

bp = Blueprint("manage_coverage", __name__, url_prefix="/manage")


def _districts():
    population = coverage.load_population(current_app.config["SAFEPLACES_POPULATION"])
    return coverage.districts_coverage(get_db(), districts(), population)


@bp.errorhandler(coverage.PopulationError)
def population_unreadable(error):
    return render_template("manage/coverage/unreadable.html", problem=str(error)), 500


@bp.get("/coverage")
def coverage_page():
    return render_template("manage/coverage/index.html", districts=_districts(), tables=CSV_TABLES)


CSV_TABLES = {
    "districts": ("Places and residents by district", lambda: coverage.districts_csv(_districts())),
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
