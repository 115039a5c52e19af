"""The yearly report's figures, checked against data these tests build through the real code."""

from contextlib import contextmanager
from datetime import date, datetime

import pytest

from safeplaces import applications, audit, checks, geo, places, report, visits
from safeplaces.clock import LONDON, stamp

LEICESTER = {
    "name": "City Shop",
    "town": "Leicester",
    "lat": 52.636,
    "lon": -1.133,
    "position_source": "confirmed",
    "district_code": "E06000016",
}
MELTON = {
    "name": "Melton Café",
    "town": "Melton Mowbray",
    "lat": 52.765,
    "lon": -0.886,
    "position_source": "confirmed",
    "district_code": "E07000133",
}


@pytest.fixture
def districts(app):
    return geo.load_districts(app.config["SAFEPLACES_DISTRICTS"])


@pytest.fixture
def clock(monkeypatch):
    """Set the time the audit trail and places record, London time."""

    @contextmanager
    def at(text):
        when = stamp(datetime.fromisoformat(text).replace(tzinfo=LONDON))
        with monkeypatch.context() as m:
            m.setattr(audit, "stamp", lambda: when)
            m.setattr(places, "stamp", lambda: when)
            yield

    return at


def row_of(counts, name):
    return dict(zip(counts.columns, next(cells for n, cells, _ in counts.rows if n == name), strict=True))


def test_joined_and_left_by_district_from_the_audit_trail(db, districts, clock):
    with clock("2024-12-31T23:59"):
        places.create(db, {**LEICESTER, "name": "Last Year"}, by="reg")  # the year before
    with clock("2025-01-01T00:00"):
        shop = places.create(db, LEICESTER, by="reg")  # joined
    with clock("2025-02-01T10:00"):
        cafe = places.create(db, MELTON, by="form", status="applied")  # applied: not joined yet
        refused = places.create(db, {**MELTON, "name": "Refused"}, by="form", status="applied")
    with clock("2025-03-01T10:00"):
        applications.approve(db, cafe, "", by="reg")  # joined
        applications.decline(db, refused, "Not in the area", by="reg")  # never joined, so never left
    with clock("2025-07-01T10:00"):
        places.change_status(db, shop, "suspended", "Closed for building work", by="reg")  # left
    with clock("2025-08-01T10:00"):
        places.change_status(db, shop, "active", "Open again", by="reg")  # joined again
    with clock("2025-12-31T23:59"):
        places.change_status(db, cafe, "archived", "Left the scheme", by="reg")  # left
    with clock("2026-01-01T00:00"):
        places.change_status(db, shop, "archived", "Closed", by="reg")  # the year after
    counts = report.membership(db, date(2025, 1, 1), date(2025, 12, 31), districts)
    assert row_of(counts, "Leicester") == {"Joined": 2, "Left": 1}
    assert row_of(counts, "Melton") == {"Joined": 1, "Left": 1}
    assert (counts.totals, counts.total) == ([3, 2], 5)
    assert [name for name, _, _ in counts.rows][-1] == "Outside the area"
    assert counts.caption == "Places joined and left by district, 1 January 2025 to 31 December 2025"


def test_reviews_overdue_are_counted_as_they_were_at_the_end_of_the_year(db, districts, clock):
    with clock("2025-01-10T09:00"):
        overdue = places.create(db, {**LEICESTER, "next_review_due": "2025-06-01"}, by="reg")
        places.create(db, {**LEICESTER, "name": "Never Reviewed"}, by="reg")
        places.create(db, {**MELTON, "next_review_due": "2026-03-01"}, by="reg")  # due after the year
        gone = places.create(db, {**MELTON, "name": "Gone", "next_review_due": "2025-02-01"}, by="reg")
    with clock("2025-11-01T09:00"):
        places.change_status(db, gone, "archived", "Closed", by="reg")
    with clock("2026-02-01T09:00"):
        review = {"kind": "annual review", "checked_on": date(2026, 2, 1), "passed": True, "notes": ""}
        checks.record_check(db, overdue, review, by="reg")  # later: must not rewrite 2025
        places.create(db, {**LEICESTER, "name": "Joined Later"}, by="reg")
    assert places.by_id(db, overdue)["next_review_due"] == "2027-02-01"
    counts = report.reviews_overdue(db, date(2025, 12, 31), districts)
    assert row_of(counts, "Leicester") == {"Active places": 2, "Review overdue": 1, "No review date": 1}
    assert row_of(counts, "Melton") == {"Active places": 1, "Review overdue": 0, "No review date": 0}
    assert counts.totals == [3, 1, 1]
    now = report.reviews_overdue(db, date(2026, 2, 2), districts)
    assert row_of(now, "Leicester") == {"Active places": 3, "Review overdue": 0, "No review date": 2}


def test_checks_passed_and_failed_by_kind(db):
    shop = places.create(db, LEICESTER, by="reg")
    for kind, day, passed in [
        ("training", date(2025, 1, 5), True),
        ("annual review", date(2025, 6, 1), False),
        ("annual review", date(2025, 7, 1), True),
        ("mystery shopper", date(2025, 12, 31), False),
        ("mystery shopper", date(2026, 1, 1), True),  # next year
    ]:
        checks.record_check(
            db, shop, {"kind": kind, "checked_on": day, "passed": passed, "notes": ""}, by="reg"
        )
    counts = report.checks_done(db, date(2025, 1, 1), date(2025, 12, 31))
    assert [(name, cells) for name, cells, _ in counts.rows] == [
        ("Training", [1, 0]),
        ("Annual review", [1, 1]),
        ("Mystery shopper", [0, 1]),
    ]


def test_cards_are_counted_by_day_and_format_and_nothing_else(db):
    report.count_card(db, "wallet", date(2025, 3, 3))
    report.count_card(db, "wallet", date(2025, 3, 3))
    report.count_card(db, "a4", date(2025, 3, 20), cards=40)
    report.count_card(db, "blank", date(2025, 11, 30))
    report.count_card(db, "wallet", date(2026, 1, 1))
    assert [column.name for column in db["card_counts"].columns] == ["day", "format", "count"]
    assert list(db.execute("SELECT * FROM card_counts WHERE day = '2025-03-03'")) == [
        ("2025-03-03", "wallet", 2)
    ]
    months = report.year_months(2025, date(2025, 12, 31))
    table = report.cards_made(db, months, date(2025, 12, 31))
    assert table.columns == ["wallet", "a4", "blank"]
    assert table.rows[2] == ("March 2025", [2, 40, 0], 42)
    assert table.rows[10] == ("November 2025", [0, 0, 1], 1)
    assert (table.totals, table.total) == ([2, 40, 1], 43)


def test_the_whole_report_for_a_year_still_running(db, districts):
    shop = places.create(db, LEICESTER, by="reg")
    visit = {
        "visited_on": date(2026, 3, 2),
        "reason": "lost",
        "outcomes": ["phoned police", "helped on the spot"],
    }
    visits.record_visit(db, shop, visit, by="reg")
    visits.record_visit(db, shop, {**visit, "visited_on": date(2025, 3, 2)}, by="reg")
    figures = report.year_report(db, 2026, date(2026, 5, 15), districts)
    assert (figures.first, figures.last, figures.running) == (date(2026, 1, 1), date(2026, 5, 15), True)
    assert [name for name, _, _ in figures.visits_by_district.rows] == [
        "January 2026",
        "February 2026",
        "March 2026",
        "April 2026",
        "May 2026",
    ]
    assert figures.visits_by_district.total == 1 and figures.visits_by_outcome.total == 2
    assert (
        dict(zip(figures.visits_by_reason.columns, figures.visits_by_reason.totals, strict=True))["lost"] == 1
    )


@pytest.mark.parametrize("typed, year", [("", 2026), (" 2025 ", 2025), ("2000", 2000)])
def test_the_year_typed(typed, year):
    assert report.check_year(typed, date(2026, 5, 15)) == year


@pytest.mark.parametrize("typed", ["1999", "2027", "twenty", "2025.5", "-2025", "²⁰²⁵", "٢٠٢٥"])
def test_a_wrong_year_is_refused_in_words(typed):
    with pytest.raises(report.YearRefused, match="Enter a year from 2000 to 2026, like 2026."):
        report.check_year(typed, date(2026, 5, 15))


def test_a_chart_says_its_numbers_and_scales_its_bars():
    chart = report.bar_chart("c", "Cards", ["Jan", "Feb"], [("Wallet", [2, 4]), ("A4", [0, 1])])
    assert (
        chart.description
        == "Bar chart. Wallet: Jan 2, Feb 4; A4: Jan 0, Feb 1. The table beside it has the same figures."
    )
    widths = {(bar.category, bar.series): bar.width for bar in chart.bars}
    assert widths[("Feb", 0)] == report.PLOT_WIDTH and widths[("Jan", 0)] == report.PLOT_WIDTH / 2
    assert widths[("Jan", 1)] == 0
    assert [style for _, style in chart.series] == ["solid", "hatched"]
    empty = report.bar_chart("e", "Nothing", ["Jan"], [("Total", [0])])
    assert [bar.width for bar in empty.bars] == [0]
