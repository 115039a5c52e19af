"""The week table (week_table.py): boxes to OpenStreetMap text and back, checked against hours.py.

The property tests compare the text the table writes, read by hours.py (opening-hours-py), with
what the table itself says is open, minute by minute on ordinary days and bank holidays.
"""

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplaces import hours, week_table
from safeplaces.clock import LONDON
from safeplaces.week_table import CLOSED, MIDNIGHT, OTHER, SAME, Week

WEEKDAYS = {"mo_opens": "9", "mo_closes": "5pm", "tu_opens": "9am", "tu_closes": "17:00"}


def boxes(**typed):
    """A table with every day closed and bank holidays closed, changed by `typed`."""
    values = {f"{code}_closed": "y" for code, _ in week_table.DAYS}
    values["ph"] = CLOSED
    for key, value in typed.items():
        day = key.split("_")[0]
        if day != "ph" and not key.endswith("_closed") and f"{day}_closed" not in typed:
            values.pop(f"{day}_closed", None)
        values[key] = value
    return {key: value for key, value in values.items() if value is not None}


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    "typed, minutes",
    [
        ("9", 540),
        ("09", 540),
        ("9am", 540),
        ("9 AM", 540),
        ("9a.m.", 540),
        ("9:30", 570),
        ("9.30", 570),
        ("09:30", 570),
        ("0930", 570),
        ("17.30", 1050),
        ("1730", 1050),
        ("5pm", 1020),
        ("5.15 pm", 1035),
        ("12pm", 720),
        ("noon", 720),
        ("12am", 0),
        ("midnight", 0),
        ("24:00", 0),
        ("0", 0),
    ],
)
def test_times_as_people_type_them(typed, minutes):
    assert week_table.read_time(typed)[0] == minutes


@pytest.mark.parametrize(
    "typed, certain",
    [
        ("5", False),
        ("5:30", False),
        ("10", False),
        ("09:30", True),
        ("05", True),
        ("5pm", True),
        ("17", True),
    ],
)
def test_a_time_says_whether_it_could_be_the_other_half_of_the_day(typed, certain):
    assert week_table.read_time(typed)[1] is certain


@pytest.mark.parametrize("typed", ["9ish", "25", "13pm", "9:60", "0am", "half nine", "", "9-5", "9::30"])
def test_what_is_not_a_time(typed):
    with pytest.raises(week_table.Unreadable):
        week_table.read_time(typed)


@pytest.mark.parametrize(
    "typed, text",
    [
        (
            {f"{d}_opens": "9" for d in ("mo", "tu", "we", "th", "fr")}
            | {f"{d}_closes": "5pm" for d in ("mo", "tu", "we", "th", "fr")}
            | {"sa_opens": "10am", "sa_closes": "4pm"},
            "Mo-Fr 09:00-17:00; Sa 10:00-16:00; PH off",
        ),
        (
            {"mo_opens": "9", "mo_closes": "12:30", "mo_opens2": "1.30pm", "mo_closes2": "17:00", "ph": SAME},
            "Mo 09:00-12:30,13:30-17:00; PH Mo 09:00-12:30,13:30-17:00",
        ),
        (
            {"mo_opens": "9", "mo_closes": "5pm", "we_opens": "9", "we_closes": "5pm", "th_opens": "9:00"}
            | {"th_closes": "17:00", "fr_opens": "10", "fr_closes": "4pm"},
            "Mo,We,Th 09:00-17:00; Fr 10:00-16:00; PH off",
        ),
        (
            {"fr_opens": "8pm", "fr_closes": "2am", "ph": SAME},
            "Fr 20:00-02:00; PH Fr 20:00-02:00; PH Sa 00:00-02:00",
        ),
        (
            {"fr_opens": "20:00", "fr_closes": "2am", "sa_opens": "10", "sa_closes": "4pm"},
            "Fr 20:00-02:00, Sa 10:00-16:00; PH off; PH +1 day Sa 00:00-02:00 off",
        ),
        (
            {"sa_opens": "6pm", "sa_closes": "midnight", "ph": OTHER, "ph_opens": "10", "ph_closes": "2pm"},
            "Sa 18:00-24:00; PH 10:00-14:00",
        ),
        (
            dict.fromkeys([f"{d}_opens" for d, _ in week_table.DAYS], "midnight")
            | dict.fromkeys([f"{d}_closes" for d, _ in week_table.DAYS], "midnight")
            | {"ph": SAME},
            "24/7",
        ),
    ],
)
def test_the_table_writes_opening_hours_text(typed, text):
    week, problems = week_table.read(boxes(**typed))
    assert problems == {}
    assert week_table.text_of(week) == text
    assert hours.problem(text) is None
    assert week_table.week_of(text) == week, "and reads it back"


def test_an_empty_table_means_the_times_are_not_known():
    assert week_table.read({}) == (None, {})
    assert week_table.read({"mo_opens": " ", "ph": ""}) == (None, {})
    assert week_table.text_of(None) == ""
    assert week_table.week_of("") is None


@pytest.mark.parametrize(
    "typed, box, message",
    [
        (
            {"mo_opens": "9", "mo_closes": "9am"},
            "mo_closes",
            "Monday: the closing time must be after the opening time.",
        ),
        (
            {"mo_opens": "6pm", "mo_closes": "5pm"},
            "mo_closes",
            "Monday: the closing time must be after the opening time. Hours past midnight must end by noon, for example 8pm to 2am.",
        ),
        (
            {"tu_opens": "9", "tu_closes": "5"},
            "tu_closes",
            "Tuesday: does it close at 5am, after midnight, or at 5pm? Write 5am or 5pm.",
        ),
        (
            {"we_opens": "8", "we_closes": "2am"},
            "we_opens",
            "Wednesday: does it open at 8am or at 8pm? Write 8am or 8pm.",
        ),
        (
            {"th_opens": "9ish", "th_closes": "5pm"},
            "th_opens",
            "Thursday: “9ish” is not a time we can read. Write it like 9am, 9:30, 17.30 or 5pm.",
        ),
        ({"fr_opens": "9am"}, "fr_closes", "Friday: give the closing time as well."),
        ({"fr_closes": "5pm"}, "fr_opens", "Friday: give the opening time as well."),
        (
            {"sa_opens": "9", "sa_closes": "1pm", "sa_opens2": "2pm"},
            "sa_closes2",
            "Saturday: give the second closing time as well.",
        ),
        (
            {"sa_opens": "9", "sa_closes": "1pm", "sa_opens2": "12:30", "sa_closes2": "5pm"},
            "sa_opens2",
            "Saturday: the second opening time must be after the first closing time.",
        ),
        (
            {"su_opens": "8pm", "su_closes": "2am", "su_opens2": "3am", "su_closes2": "5am"},
            "su_opens2",
            "Sunday: the first opening runs past midnight, so there cannot be a second one after it.",
        ),
        (
            {"mo_closed": "y", "mo_opens": "9", "mo_closes": "5pm"},
            "mo_closed",
            "Monday: you ticked closed but also gave times. Clear the times, or untick closed.",
        ),
        ({"mo_closed": None}, "mo_opens", "Monday: give the opening and closing times, or tick closed."),
        (
            {"mo_opens": "9", "mo_closes": "5pm", "ph": None},
            "ph",
            "Bank holidays: choose whether the place is closed, open as on a normal day, or open at other times.",
        ),
        (
            {"mo_opens": "9", "mo_closes": "5pm", "ph": OTHER},
            "ph_opens",
            "Bank holidays: give the opening and closing times.",
        ),
        (
            {"mo_opens": "9", "mo_closes": "5pm", "ph_opens": "10"},
            "ph_opens",
            "Bank holidays: you gave times, so choose “Open at other times on bank holidays”, or clear the times.",
        ),
        (
            {"mo_opens": "9", "mo_closes": "5pm", "ph": OTHER, "ph_opens": "8pm", "ph_closes": "2am"},
            "ph_closes",
            "Bank holidays: the closing time must be after the opening time (bank holiday hours cannot run past midnight).",
        ),
        (
            {},
            "mo_opens",
            "The place must be open on at least one day. If you do not know the times, leave the whole table empty.",
        ),
    ],
)
def test_each_problem_is_plain_and_names_its_day(typed, box, message):
    week, problems = week_table.read(boxes(**typed))
    assert week is None
    assert problems == {box: message}


def test_every_wrong_day_is_named_once():
    _, problems = week_table.read(
        boxes(mo_opens="9", mo_closes="9", tu_opens="x", tu_closes="y", we_opens="1")
    )
    assert list(problems) == ["mo_closes", "tu_opens", "we_closes"]


def test_overnight_hours_are_open_after_midnight():
    """Friday 8pm to 2am: open at 1am on Saturday, closed at 2:30am."""
    week, problems = week_table.read(
        boxes(fr_opens="20:00", fr_closes="02:00", sa_opens="10am", sa_closes="4pm")
    )
    assert problems == {}
    text = week_table.text_of(week)
    friday = at("2026-11-27T21:00")
    assert hours.status(text, friday).words == "Open now until 2am"
    assert hours.status(text, at("2026-11-28T01:00")).state == hours.OPEN
    assert hours.status(text, at("2026-11-28T01:00")).words == "Open now until 2am"
    assert hours.status(text, at("2026-11-28T02:30")).state == hours.CLOSED
    assert hours.status(text, at("2026-11-28T11:00")).state == hours.OPEN


@pytest.mark.parametrize(
    "text, week",
    [
        ("Mo-Fr 09:00-17:00; Sa 10:00-16:00; PH off", None),
        ("Mo-Sa 09:00-17:00; We 09:00-13:00", "Mo,Tu,Th-Sa 09:00-17:00; We 09:00-13:00"),
        ("Mo-Fr 09:00-17:00, Sa 10:00-12:00", None),
        ("Mo-Fr 08:00-18:00; PH 10:00-14:00", None),
        ("Mo-Fr 20:00-26:00", "Mo-Fr 20:00-02:00"),
        ("Mo-Fr 09:00-12:00, 13:00-17:00", "Mo-Fr 09:00-12:00,13:00-17:00"),
        ("Mo-Su 00:00-24:00", "24/7"),
        ("Sa-Su 10:00-16:00; Mo-Fr off", "Sa,Su 10:00-16:00"),
    ],
)
def test_simple_texts_are_read_back_into_the_table(text, week):
    read = week_table.week_of(text)
    expected = week_table.text_of(read)
    assert expected == (week or text) or expected.replace(", ", "; ") == text.replace(", ", "; ")
    for moment in (
        "2026-11-23T08:30",
        "2026-11-25T12:30",
        "2026-11-28T11:00",
        "2026-11-27T23:00",
        "2026-12-28T11:00",
    ):
        assert hours.state(text, at(moment)) == hours.state(expected, at(moment)), (text, moment)


@pytest.mark.parametrize(
    "text, why",
    [
        ("Jan-Mar Mo-Fr 09:00-17:00", "the table cannot show “Jan-Mar Mo-Fr 09:00-17:00”"),
        ("Mo 08:00-10:00,11:00-12:00,13:00-14:00", "it has more than two openings on Monday"),
        ("PH off; Mo-Fr 09:00-17:00", "the bank holiday times are not the last part"),
        ("Mo-Fr,PH 09:00-17:00", "the table cannot show “Mo-Fr,PH 09:00-17:00”"),
        (
            "Fr 20:00-02:00; Sa 10:00-16:00",
            "its times after midnight on Friday night are cut short by Saturday’s own times",
        ),
        ("Mo-Fr 09:00+", "the table cannot show “Mo-Fr 09:00+”"),
        ('Mo-Fr 09:00-17:00 "ask at the desk"', "the table cannot show"),
        ("Mo-Su off", "it says the place is never open"),
        ("PH 20:00-02:00", "its bank holiday times run past midnight"),
        (
            "Mo-Fr 09:00-17:00; PH off; PH Mo-Fr 09:00-17:00",
            "it gives bank holidays both their own times and those of a normal day",
        ),
        ("Mo 09:00-13:00,12:00-17:00", "its openings on Monday overlap"),
    ],
)
def test_texts_the_table_cannot_show_say_why(text, why):
    with pytest.raises(week_table.NotATable) as refused:
        week_table.week_of(text)
    assert str(refused.value).startswith(why)


def test_open_as_on_a_normal_day_is_written_out_so_the_hours_say_it():
    week = Week((((540, 1020),),) * 5 + (((600, 960),), ()), SAME)
    text = week_table.text_of(week)
    assert text == "Mo-Fr 09:00-17:00; Sa 10:00-16:00; PH Mo-Fr 09:00-17:00; PH Sa 10:00-16:00"
    assert hours.says_bank_holidays(text)
    assert hours.state(text, at("2026-12-25T12:00")) == hours.OPEN  # Christmas Day, a Friday
    assert hours.state(text, at("2026-12-26T12:00")) == hours.OPEN  # Boxing Day, a Saturday


def test_a_text_that_leaves_out_bank_holidays_asks_the_table_to_say():
    week = week_table.week_of("Mo-Fr 09:00-17:00")
    assert week == Week((((540, 1020),),) * 5 + ((), ()), week_table.NOT_SAID)
    assert week_table.text_of(week) == "Mo-Fr 09:00-17:00", "kept as it was until the form says"
    filled = week_table.boxes_of(week)
    assert filled["ph"] == ""
    assert week_table.read(filled) == (
        None,
        {
            "ph": "Bank holidays: choose whether the place is closed, open as on a normal day, or open at other times."
        },
    )


def test_the_boxes_of_a_week_read_back_the_same():
    week = week_table.week_of("Mo-Fr 09:00-12:30,13:30-17:00; Sa 18:00-24:00; PH 10:00-14:00")
    filled = week_table.boxes_of(week)
    assert (filled["mo_opens"], filled["mo_closes2"], filled["sa_closes"], filled["su_closed"]) == (
        "09:00",
        "17:00",
        "midnight",
        "y",
    )
    assert (filled["ph"], filled["ph_opens"]) == (OTHER, "10:00")
    assert week_table.read(filled) == (week, {})


# Properties: any week the table can hold is written as text that hours.py reads the same way.


@st.composite
def days(draw):
    """One day's openings: closed, or one or two, the last perhaps past midnight."""
    kind = draw(st.sampled_from(["closed", "one", "two"]))
    if kind == "closed":
        return ()
    quarter = st.integers(0, 95).map(lambda n: n * 15)
    opens = draw(quarter)
    if kind == "one":
        closes = draw(st.integers(1, 96).map(lambda n: n * 15).filter(lambda c: c != opens))
        if closes < opens and closes > week_table.LATEST_OVERNIGHT:
            closes = MIDNIGHT
        return ((opens, closes),)
    first_close = draw(st.integers(opens // 15 + 1, 94).map(lambda n: n * 15)) if opens < 94 * 15 else None
    if first_close is None:
        return ((opens, MIDNIGHT),)
    second_open = draw(st.integers(first_close // 15 + 1, 95).map(lambda n: n * 15))
    second_close = draw(
        st.sampled_from([MIDNIGHT, 60, 120, second_open + 15 if second_open < 95 * 15 else MIDNIGHT])
    )
    return ((opens, first_close), (second_open, second_close))


@st.composite
def weeks(draw):
    week_days = tuple(draw(days()) for _ in range(7))
    if not any(week_days):
        week_days = (((540, 1020),), *week_days[1:])
    holiday = draw(st.sampled_from([CLOSED, SAME, OTHER]))
    holiday_hours = ((600, 840),) if holiday == OTHER else ()
    return Week(week_days, holiday, holiday_hours)


def open_in_table(week, moment):
    """What the table means: is the place open at `moment` (London time)?"""

    def periods_on(day):
        if day in hours.BANK_HOLIDAYS and week.holiday != SAME:
            return week.holiday_hours, True
        return week.days[day.weekday()], False

    minute = moment.hour * 60 + moment.minute
    today, holiday_today = periods_on(moment.date())
    for opens, closes in today:
        if opens <= minute < (closes if closes > opens else MIDNIGHT):
            return True
    if holiday_today:
        return False  # a bank holiday's own times replace the whole day, from midnight
    yesterday, _ = periods_on(moment.date() - timedelta(days=1))
    return any(closes <= opens and minute < closes for opens, closes in yesterday)


MOMENTS = st.builds(
    lambda day, minute: datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=LONDON),
    st.one_of(
        st.dates(date(2026, 1, 1), date(2027, 12, 31)),
        st.sampled_from(
            sorted(
                d + timedelta(days=n)
                for d in holidays.country_holidays("GB", subdiv="ENG", years=[2026, 2027])
                for n in (-1, 0, 1)
            )
        ),
    ),
    st.integers(0, 24 * 60 - 1).filter(lambda m: m % 5 == 0),
)


@given(weeks(), st.lists(MOMENTS, min_size=1, max_size=12))
def test_hours_reads_the_text_as_the_table_means_it(week, moments):
    text = week_table.text_of(week)
    assert hours.problem(text) is None, text
    for moment in moments:
        expected = hours.OPEN if open_in_table(week, moment) else hours.CLOSED
        assert hours.state(text, moment) == expected, (text, moment.isoformat())


def test_a_place_closed_on_bank_holidays_is_not_open_the_night_after_easter_monday():
    text = week_table.text_of(Week(((((1200, 120),),) + ((),) * 6), CLOSED))
    assert text == "Mo 20:00-02:00; PH off; PH +1 day Tu 00:00-02:00 off"
    assert hours.state(text, at("2026-04-06T21:00")) == hours.CLOSED  # Easter Monday
    assert hours.state(text, at("2026-04-07T01:00")) == hours.CLOSED
    assert hours.state(text, at("2026-04-14T01:00")) == hours.OPEN  # an ordinary Monday night
    assert week_table.week_of(text) == Week(((((1200, 120),),) + ((),) * 6), CLOSED)


def test_a_day_that_opens_at_midnight_keeps_its_own_hours_after_a_holiday():
    days = (((1200, 120),), ((0, 600),)) + ((),) * 5
    assert week_table.text_of(Week(days, CLOSED)) == "Mo 20:00-02:00, Tu 00:00-10:00; PH off"
    early = (((1200, 180),), ((0, 60),)) + ((),) * 5
    text = week_table.text_of(Week(early, CLOSED))
    assert text.endswith("; PH off; PH +1 day Tu 01:00-03:00 off")
    assert hours.state(text, at("2026-04-07T00:30")) == hours.OPEN  # Tuesday's own hour
    assert hours.state(text, at("2026-04-07T02:00")) == hours.CLOSED  # not Monday's, a holiday


@given(weeks())
def test_a_written_week_reads_back_the_same(week):
    text = week_table.text_of(week)
    assert week_table.week_of(text) == week, text
    assert week_table.read(week_table.boxes_of(week)) == (week, {})


@pytest.mark.parametrize(
    "typed, text",
    [
        ({"mo_opens": "8am-8pm"}, "Mo 08:00-20:00; PH off"),
        ({"mo_opens": "9 to 5.30pm"}, "Mo 09:00-17:30; PH off"),
        ({"mo_opens": "9am – 12pm", "mo_opens2": "1pm-5pm"}, "Mo 09:00-12:00,13:00-17:00; PH off"),
    ],
)
def test_both_times_typed_under_opens_are_read_as_meant(typed, text):
    """A new user typed "8am-8pm" under Monday's "Opens" and was told to give the closing time."""
    week, problems = week_table.read(boxes(**typed))
    assert problems == {} and week_table.text_of(week) == text
