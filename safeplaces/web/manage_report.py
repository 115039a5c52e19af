"""The yearly report, /manage/report?year=YYYY, for registrars and admins.

Under /manage, so the app-wide guard in manage.py signs people in first.
"""

from flask import Blueprint, render_template, request

from .. import report
from ..db import get_db
from .searching import districts
from .settings import now

bp = Blueprint("manage_report", __name__, url_prefix="/manage")


@bp.get("/report")
def yearly_report():
    today = now().date()
    typed = request.args.get("year", "")
    try:
        year = report.check_year(typed, today)
    except report.YearRefused as refused:
        return render_template(
            "manage/report/index.html", problem=str(refused), typed=typed, error=True, today=today
        ), 400
    figures = report.year_report(get_db(), year, today, districts())
    charts = {
        "membership": report.chart_of_counts(
            "chart-membership", figures.membership, f"Places joined and left by district in {year}"
        ),
        "checks": report.chart_of_counts(
            "chart-checks", figures.checks, f"Checks passed and failed in {year}"
        ),
        "reviews": report.chart_of_counts(
            "chart-reviews", figures.reviews, f"Active places and reviews overdue by district, end of {year}"
        ),
        "visits": report.chart_of_months(
            "chart-visits", figures.visits_by_district, f"Visits each month in {year}"
        ),
        "reasons": report.chart_of_totals(
            "chart-reasons", figures.visits_by_reason, f"Visits by reason in {year}"
        ),
        "outcomes": report.chart_of_totals(
            "chart-outcomes", figures.visits_by_outcome, f"What the staff did in {year}"
        ),
        "cards": report.chart_of_months(
            "chart-cards",
            figures.cards,
            f"Keep Safe cards made each month in {year}, by format",
            by_column=True,
        ),
    }
    return render_template(
        "manage/report/index.html", figures=figures, charts=charts, typed=str(year), today=today, problem=None
    )
