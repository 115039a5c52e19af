"""Opening spans as HSDS weekly schedules, and the ordinary week they are read from."""

from datetime import date, datetime

import pytest

from safeplaces import openreferral
from safeplaces.clock import LONDON

PLACE = "6f0c0d43-5a6e-4f0b-9d1f-1c2b3a4d5e6f"
WEEK = date(2027, 1, 4)  # a Monday, in a week with no bank holiday and no clock change


def at(day, hour, minute=0):
    return datetime(2027, 1, day, hour, minute, tzinfo=LONDON)


def rows(spans):
    return [
        (s["byday"], s["opens_at"], s["closes_at"], s["description"])
        for s in openreferral.weekly_schedules(spans, WEEK, PLACE)
    ]


def test_the_same_hours_on_several_days_are_one_schedule():
    spans = [(at(day, 9), at(day, 17)) for day in range(4, 9)] + [(at(9, 10), at(9, 16))]
    assert rows(spans) == [
        ("MO,TU,WE,TH,FR", "09:00", "17:00", "Monday to Friday: 9am to 5pm."),
        ("SA", "10:00", "16:00", "Saturday: 10am to 4pm."),
    ]


def test_a_night_past_midnight_is_one_row_on_the_day_it_opens():
    spans = [(at(8, 22), at(9, 2)), (at(10, 22), at(11, 2, 30)), (at(3, 22), at(4, 2, 30))]
    # The last span began the Sunday before the week: its twin on the week's Sunday is the one.
    assert rows(spans) == [
        ("FR", "22:00", "02:00", "Friday: 10pm to 2am the next morning."),
        ("SU", "22:00", "02:30", "Sunday: 10pm to 2:30am the next morning."),
    ]


def test_closing_at_midnight_closes_at_00_00():
    assert rows([(at(5, 18), at(6, 0))]) == [("TU", "18:00", "00:00", "Tuesday: 6pm to midnight.")]


def test_open_all_week_is_24_hours_every_day_as_hsds_suggests():
    schedules = openreferral.weekly_schedules([(at(3, 0), at(13, 0))], WEEK, PLACE)
    assert [(s["byday"], s["opens_at"], s["closes_at"], s["description"]) for s in schedules] == [
        ("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59", "Every day: Open 24 hours.")
    ]
    assert schedules[0]["freq"] == "WEEKLY" and schedules[0]["service_at_location_id"] == PLACE
    assert schedules[0]["notes"] == openreferral.TIMES_NOTE


def test_open_for_days_on_end_gives_a_row_a_day():
    assert rows([(at(8, 9), at(10, 17))]) == [
        ("FR", "09:00", "00:00", "Friday: 9am to midnight."),
        ("SA", "00:00", "23:59", "Saturday: Open 24 hours."),
        ("SU", "00:00", "17:00", "Sunday: midnight to 5pm."),
    ]


def test_schedule_ids_are_stable_and_bank_holiday_words_go_in_the_notes():
    spans = [(at(4, 9), at(4, 17))]
    first = openreferral.weekly_schedules(spans, WEEK, PLACE, "On bank holidays: closed.")
    assert first == openreferral.weekly_schedules(spans, WEEK, PLACE, "On bank holidays: closed.")
    assert first[0]["notes"] == f"{openreferral.TIMES_NOTE} On bank holidays: closed."
    assert first[0]["service_id"] == openreferral.derived_id(PLACE, "service")


def test_the_reference_week_has_no_bank_holiday_and_no_clock_change():
    assert openreferral.reference_week(date(2027, 1, 4)) == date(2027, 1, 4)
    assert openreferral.reference_week(date(2026, 12, 22)) == date(2027, 1, 4)  # Christmas, New Year
    # The clocks go forward on 29 March 2026; Good Friday is 3 April, Easter Monday 6 April.
    assert openreferral.reference_week(date(2026, 3, 23)) == date(2026, 4, 13)


TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "text, note",
    [
        ("Mo-Fr 09:00-17:00; PH off", "On bank holidays: closed."),
        # Hours that leave out bank holidays do not say them (hours' docstring).
        ("Mo-Su 09:00-17:00", "On bank holidays: times not known."),
        ('Mo-Fr 09:00-17:00 "by appointment"', ""),
        ("Mo-Fr 09:00-17:00; PH 10:00-14:00", "On bank holidays: open 10am to 2pm."),
        ("Mo-Sa,PH 09:00-17:00; Dec 25 off", "Bank holidays: Christmas Day, 25 December 2026: closed."),
        ("24/7; PH 08:00-20:00", "On bank holidays: open 8am to 8pm."),
    ],
)
def test_bank_holidays_that_differ_are_said_in_words(text, note):
    week = openreferral.reference_week(TODAY)
    assert openreferral.bank_holiday_note(text, week, TODAY) == note


def place(hours, uuid=PLACE):
    return {"opening_hours": hours, "uuid": uuid}


def test_schedules_from_opening_hours_read_an_ordinary_week():
    assert openreferral.schedules(place(""), TODAY) == []
    [evening] = openreferral.schedules(place("Mo-Su 18:00-02:00"), TODAY)
    assert (evening["byday"], evening["opens_at"], evening["closes_at"]) == (
        "MO,TU,WE,TH,FR,SA,SU",
        "18:00",
        "02:00",
    )
    assert evening["description"] == "Every day: 6pm to 2am the next morning."
    [always] = openreferral.schedules(place("24/7"), TODAY)
    assert (always["byday"], always["opens_at"], always["closes_at"]) == (
        "MO,TU,WE,TH,FR,SA,SU",
        "00:00",
        "23:59",
    )
    lunch = openreferral.schedules(place("Mo-Fr 09:00-12:30,13:30-17:00; PH off"), TODAY)
    assert [(s["opens_at"], s["closes_at"]) for s in lunch] == [("09:00", "12:30"), ("13:30", "17:00")]
    assert all(s["notes"].endswith("On bank holidays: closed.") for s in lunch)


@pytest.mark.parametrize("page", ["0", "-1", "1.5", "¹", "٣", "x"])
def test_a_page_that_is_not_a_whole_number_is_refused_in_words(page):
    """Hypothesis found "¹": str.isdigit() took it and int() then failed, a 500."""
    with pytest.raises(openreferral.FeedError, match="page must be a whole number from 1 to"):
        openreferral.paging_of({"page": page})
