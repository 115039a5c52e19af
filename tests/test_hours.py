import pytest

from safeplaces import clock, hours


@pytest.mark.parametrize(
    "text",
    ["", "  ", "24/7", "Mo-Fr 09:00-17:00; PH off", "Mo-Su 20:00-02:00", "Mo-Fr 09:00-12:30,13:30-17:00"],
)
def test_valid_or_unknown_hours_have_no_problem(text):
    assert hours.problem(text) is None


@pytest.mark.parametrize(
    "text, feature, message",
    [
        (
            "Mo-Fr 9-5",
            "ambiguous hours",
            "the opening hours are not in the usual format: “9-5” could mean 09:00-05:00 (through the night) or "
            "09:00-17:00; write the one you mean with the 24-hour clock, or with am and pm",
        ),
        (
            "bananas",
            "not understood",
            "the opening hours are not in the usual format: we could not read “bananas”; write days in English "
            "(Mo-Fr or Monday to Friday) and times like 09:00-17:00 or 9am-5pm",
        ),
        (
            "Montag-Freitag 09:00-17:00",
            "not understood",
            "the opening hours are not in the usual format: we could not read “Montag”; write days in English "
            "(Mo-Fr or Monday to Friday) and times like 09:00-17:00 or 9am-5pm",
        ),
        (
            "Mo-Fr 09:00-17:60",
            "syntax",
            "the opening hours are not in the usual format: minutes are two digits, 00 to 59, at "
            "“Mo-Fr 09:00-17:60”; write them like Mo-Fr 09:00-17:00; Sa 10:00-16:00",
        ),
        (
            "Feb 30 off",
            "syntax",
            "the opening hours are not in the usual format: Feb has no day 30, at “Feb 30”; write them like "
            "Mo-Fr 09:00-17:00; Sa 10:00-16:00",
        ),
        (
            "Mo-Fr 10:00",
            "points in time",
            "give the time the place closes as well as when it opens, for example 10:00-14:00",
        ),
        (
            "Fr-Sa 22:00+",
            "open end",
            "say when the place closes, for example 22:00-24:00: an open end leaves a visitor not knowing whether "
            "the door will still be open",
        ),
        (
            "Mo-Su 12:00-12:00",
            "same start and end",
            "12:00-12:00 starts and ends at the same time; for open all day write 00:00-24:00",
        ),
        (
            "Mo 10:00-12:00 Tu 14:00-16:00",
            "missing separator",
            "“Mo 10:00-12:00 Tu” gives the days a second time in one rule: is a ; missing before “Tu”?",
        ),
        (
            "Mo-Fr 10:00-16:00, We 12:00-18:00",
            "overlapping comma",
            "“Mo-Fr 10:00-16:00, We 12:00-18:00”: on the days both name, should the second add to the first or "
            "replace it? To add, write both times in one rule; to replace, write “Mo-Fr 10:00-16:00; We "
            "12:00-18:00”",
        ),
        ("SH off", "school holidays", "school holidays differ from school to school"),
        ("Mo-Fr 10:00-16:00/01:30", "repeating times", "give each opening time as a range, for example"),
        (
            "Mo-Fr 09:00-17:00,,13:00-14:00",
            "syntax",
            "the opening hours are not in the usual format: two commas in a row, at “09:00-17:00,,13:00-14:00”",
        ),
        ("x" * 1001, "too long", "this is longer than 1000 characters"),
    ],
)
def test_refusals_name_the_problem_and_the_nearest_valid_form(text, feature, message):
    with pytest.raises(hours.HoursError) as refused:
        hours.read(text)
    assert refused.value.feature == feature
    assert feature in hours.REFUSED or feature == "syntax"
    assert str(refused.value).startswith(message)
    assert hours.problem(text) == str(refused.value)


from datetime import UTC, datetime, timedelta  # noqa: E402

OFFICE = "Mo-Fr 09:00-17:00; Sa 10:00-13:00; PH off"
NIGHT = "Mo-Su 20:00-02:00"


def at(text):
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    "text, when, state",
    [
        (OFFICE, "2026-11-23T10:00", "open"),  # Monday morning
        (OFFICE, "2026-11-23T08:59", "closed"),
        (OFFICE, "2026-11-23T17:00", "closed"),  # closes at 5pm sharp
        (OFFICE, "2026-11-28T12:00", "open"),  # Saturday
        (OFFICE, "2026-11-29T12:00", "closed"),  # Sunday
        (OFFICE, "2026-08-31T12:00", "closed"),  # England and Wales summer bank holiday
        (OFFICE, "2026-08-03T12:00", "open"),  # Scotland's, not ours
        (OFFICE, "2026-12-25T12:00", "closed"),  # Christmas Day
        (OFFICE, "2026-12-28T12:00", "closed"),  # Boxing Day, moved to Monday
        (OFFICE, "2027-01-01T12:00", "closed"),  # New Year's Day
        (OFFICE, "2026-04-06T12:00", "closed"),  # Easter Monday
        ("Sa,PH 10:00-16:00", "2026-08-31T11:00", "open"),  # holiday opening on a bank holiday
        ("Sa,PH 10:00-16:00", "2026-08-24T11:00", "closed"),
        ("PH,Sa 10:00-16:00", "2026-08-31T11:00", "open"),
        ("Mo-Fr 09:00-17:00; Sa,Su,PH 11:00-15:00", "2027-01-01T10:00", "closed"),
        ("Mo-Fr 09:00-17:00; Sa,Su,PH 11:00-15:00", "2027-01-01T12:00", "open"),
        (NIGHT, "2026-11-22T23:30", "open"),
        (NIGHT, "2026-11-23T01:59", "open"),  # after midnight, from the evening before
        (NIGHT, "2026-11-23T02:00", "closed"),
        (NIGHT, "2026-11-23T19:59", "closed"),
        ("24/7", "2026-12-25T03:00", "open"),
        # Hours that leave out bank holidays do not say whether a place opens on one.
        ("Mo-Fr 09:00-17:00", "2026-12-25T12:00", "unknown"),
        ("Mo-Fr 09:00-17:00", "2026-12-25T08:00", "closed"),  # closed then on any Friday
        ("Mo-Fr 09:00-17:00", "2026-12-24T12:00", "open"),  # Christmas Eve is no bank holiday
        (NIGHT, "2026-12-25T01:00", "open"),  # Christmas Eve's night, which is no bank holiday
        (NIGHT, "2026-12-26T01:00", "unknown"),  # Christmas night: did it open that evening?
        ("Mo 20:00-02:00", "2026-04-07T01:00", "unknown"),  # the night after Easter Monday
        ("Su 20:00-02:00", "2026-04-06T01:00", "open"),  # Easter Sunday's night, into Easter Monday
        ("Jun-Aug 00:00-24:00; Sep-May Mo-Fr 09:00-17:00", "2026-12-25T10:00", "unknown"),
        ("Mo-Su 00:00-24:00", "2026-12-25T12:00", "open"),  # never closes, so not on Christmas Day
        ("open", "2026-12-25T12:00", "open"),
        ("", "2026-11-23T10:00", "unknown"),
        ('Mo-Fr 09:00-17:00 "PH is our word"; PH off', "2026-08-31T10:00", "closed"),
    ],
)
def test_state_at_chosen_times(text, when, state):
    assert hours.state(text, at(when)) == state
    assert hours.is_open(text, at(when)) == (state == "open")


def test_times_with_an_offset_are_read_in_london_time():
    assert hours.state(OFFICE, datetime.fromisoformat("2026-07-01T08:30+00:00")) == "open"  # 9:30 BST


@pytest.mark.parametrize(
    "when, state, words",
    [
        ("2026-03-29T01:30", "open", "Open now until 3am"),  # skipped by the clocks: 2:30am BST
        ("2026-10-25T01:30", "open", "Open now until 3am"),  # happens twice: the first, in BST
        ("2026-10-25T03:30", "closed", "Closed now. Opens Saturday at 10pm"),
    ],
)
def test_times_around_the_clocks_changing_get_answers(when, state, words):
    text = "Sa 22:00-24:00; Su 00:00-03:00"
    assert hours.state(text, at(when)) == state
    assert hours.status(text, at(when)).words == words


@pytest.mark.parametrize("when", ["2026-03-29T01:30", "2026-10-25T01:30"])
def test_a_london_time_the_clocks_skip_or_repeat_is_still_a_time(when):
    assert clock.local(at(when)).utcoffset() is not None
    assert hours.week(OFFICE, at(when))[0].words == "Closed"


@pytest.mark.parametrize(
    "text, when, words",
    [
        (OFFICE, "2026-11-23T10:00", "Open now until 5pm"),
        (OFFICE, "2026-11-23T18:00", "Closed now. Opens tomorrow at 9am"),
        (OFFICE, "2026-11-23T07:00", "Closed now. Opens today at 9am"),
        (OFFICE, "2026-11-28T14:00", "Closed now. Opens Monday at 9am"),
        (OFFICE, "2026-08-28T18:00", "Closed now. Opens tomorrow at 10am"),
        (OFFICE, "2026-08-29T14:00", "Closed now. Opens Tuesday at 9am"),  # over the bank holiday weekend
        (
            OFFICE,
            "2026-12-24T18:00",
            "Closed now. Opens Tuesday at 9am",
        ),  # Christmas, then Boxing Day on Monday
        ("Mo-Fr 09:00-12:30,13:30-17:00", "2026-11-23T12:45", "Closed now. Opens today at 1:30pm"),
        (NIGHT, "2026-11-22T23:00", "Open now until 2am"),
        (NIGHT, "2026-11-23T03:00", "Closed now. Opens today at 8pm"),
        ("Mo 12:00-24:00", "2026-11-23T13:00", "Open now until midnight"),
        ("Tu 12:00-18:00", "2026-11-23T13:00", "Closed now. Opens tomorrow at midday"),
        ("24/7; Dec 25 off", "2026-12-17T10:00", "Open now until midnight on the night of 24 December"),
        ("24/7", "2026-11-23T13:00", "Open 24 hours"),
        ("off", "2026-11-23T13:00", "Closed now"),
        ("", "2026-11-23T13:00", "Opening times not known"),
    ],
)
def test_status_in_plain_words(text, when, words):
    assert hours.status(text, at(when)).words == words


UNKNOWN_SATURDAY = "Mo-Fr 09:00-17:00; Sa 10:00-12:00 unknown"


@pytest.mark.parametrize(
    "text, when, words, change",
    [
        # Saturday's times are not known, so it must not promise Saturday at 10am.
        (
            UNKNOWN_SATURDAY,
            "2026-11-27T18:00",
            "Closed now until tomorrow at 10am. Times after that are not known",
            "2026-11-28T10:00:00+00:00",
        ),
        (
            UNKNOWN_SATURDAY,
            "2026-11-28T13:00",
            "Closed now. Opens Monday at 9am",
            "2026-11-30T09:00:00+00:00",
        ),
        (
            "Mo-Fr 09:00-17:00; Sa unknown",
            "2026-11-27T18:00",
            "Closed now until midnight. Times after that are not known",
            "2026-11-28T00:00:00+00:00",
        ),
        (
            "Mo-Fr 09:00-17:00; Sa unknown",
            "2026-11-27T12:00",
            "Open now until 5pm",
            "2026-11-27T17:00:00+00:00",
        ),
        ("Jan 01 10:00-12:00", "2026-11-27T12:00", "Closed now", None),  # nothing within the week
    ],
)
def test_a_closed_place_names_when_it_opens_or_that_times_are_not_known(text, when, words, change):
    found = hours.status(text, at(when))
    assert found.words == words
    assert (found.next_change.isoformat() if found.next_change else None) == change


@pytest.mark.parametrize(
    "text, when, words",
    [
        ("Sa 00:00-06:00", "2026-11-27T20:00", "Closed now. Opens at midnight tonight"),  # Friday
        ("Sa 00:00-06:00", "2026-11-26T20:00", "Closed now. Opens at midnight tomorrow night"),  # Thursday
        ("Sa 00:00-06:00", "2026-11-24T20:00", "Closed now. Opens at midnight on Friday night"),  # Tuesday
        ("Fr 12:00-24:00", "2026-11-27T13:00", "Open now until midnight"),
        ("Fr 12:00-24:00; Sa 00:00-24:00", "2026-11-27T13:00", "Open now until midnight tomorrow night"),
        ("Fr 12:00-24:00; Sa-Su 00:00-24:00", "2026-11-27T13:00", "Open now until midnight on Sunday night"),
    ],
)
def test_midnight_is_named_by_the_night_before(text, when, words):
    assert hours.status(text, at(when)).words == words


def test_next_change_crosses_the_clocks_going_back():
    change = hours.next_change("Mo-Su 09:00-17:00", at("2026-10-24T18:00"))
    assert change.isoformat() == "2026-10-25T09:00:00+00:00"


def test_the_week_in_words():
    week = hours.week(OFFICE, at("2026-08-27T10:00"))
    assert [(d.day.isoformat(), d.words, d.holiday) for d in week] == [
        ("2026-08-27", "9am to 5pm", None),
        ("2026-08-28", "9am to 5pm", None),
        ("2026-08-29", "10am to 1pm", None),
        ("2026-08-30", "Closed", None),
        ("2026-08-31", "Closed", "Late Summer Bank Holiday"),
        ("2026-09-01", "9am to 5pm", None),
        ("2026-09-02", "9am to 5pm", None),
    ]


@pytest.mark.parametrize(
    "text, first_two",
    [
        # Last night's hours, which ran until 2am, are over by 10am: the row is today's own.
        (NIGHT, ["8pm to 2am", "8pm to 2am"]),
        ("24/7", ["Open all day", "Open all day"]),
        ("Mo-Fr 09:00-12:30,13:30-17:00", ["9am to 12:30pm, 1:30pm to 5pm", "9am to 12:30pm, 1:30pm to 5pm"]),
    ],
)
def test_the_week_for_overnight_all_day_and_split_hours(text, first_two):
    assert [d.words for d in hours.week(text, at("2026-11-23T10:00"))[:2]] == first_two


@pytest.mark.parametrize(
    "text, when, rows",
    [
        # Times not known are not "Closed".
        (
            'Mo-Fr 09:00-17:00; Sa unknown "by appointment"',
            "2026-11-27T10:00",
            ["9am to 5pm", "Times not known", "Closed"],
        ),
        (UNKNOWN_SATURDAY, "2026-11-27T10:00", ["9am to 5pm", "10am to midday: times not known", "Closed"]),
        # Today's first row shows hours running on from last night (not shown) while they last.
        ("Fr-Sa 22:00-02:30", "2026-11-29T01:00", ["until 2:30am", "Closed", "Closed"]),
        ("Fr-Sa 22:00-02:30", "2026-11-29T10:00", ["Closed", "Closed", "Closed"]),
        (NIGHT, "2026-11-24T01:00", ["until 2am, 8pm to 2am", "8pm to 2am", "8pm to 2am"]),
        (NIGHT, "2026-11-24T02:00", ["8pm to 2am", "8pm to 2am", "8pm to 2am"]),
        # Other rows leave them to the row before.
        ("Fr-Sa 22:00-02:30", "2026-11-27T10:00", ["10pm to 2:30am", "10pm to 2:30am", "Closed"]),
    ],
)
def test_the_week_shows_unknown_times_and_last_nights_hours(text, when, rows):
    assert [d.words for d in hours.week(text, at(when))[:3]] == rows


@pytest.mark.parametrize(
    "text, when, last",
    [
        ("Fr-Sa 22:00-02:30", "2026-11-29T10:00", "10pm to 2:30am"),  # the last row is a Saturday
        ("Sa 22:00-24:00", "2026-11-29T10:00", "10pm to midnight"),
        ("Sa 22:00-24:00; Su 00:00-24:00", "2026-11-29T10:00", "from 10pm"),
    ],
)
def test_the_last_row_shows_where_its_hours_really_end(text, when, last):
    assert hours.week(text, at(when))[-1].words == last


# Forgiving, then exact: the English forms people type, read into the canonical text.


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("Mon-Fri 9am-5pm", "Mo-Fr 09:00-17:00"),
        ("Monday to Friday 9.00 - 17.00", "Mo-Fr 09:00-17:00"),
        ("Mon-Fri 9:30 a.m. - 5:30 p.m.", "Mo-Fr 09:30-17:30"),
        ("10am-12pm,1pm-8pm", "10:00-12:00,13:00-20:00"),
        ("10am-12pm, 1pm-8pm", "10:00-12:00,13:00-20:00"),
        ("12pm-12am", "12:00-24:00"),  # 12pm is midday, 12am midnight
        ("Sa 12am-2am", "Sa 00:00-02:00"),
        ("10-12", "10:00-12:00"),
        ("Mo 7-18", "Mo 07:00-18:00"),
        ("10.00-12.00", "10:00-12:00"),
        ("Mo 12:00–14:00", "Mo 12:00-14:00"),  # an en dash
        ("Mo 12:00 — 14:00", "Mo 12:00-14:00"),  # an em dash
        ("Mo 12:00 to 14:00", "Mo 12:00-14:00"),
        ("Tue 10:00 till 16:00", "Tu 10:00-16:00"),
        ("Wednesday 10:00 until 16:00", "We 10:00-16:00"),
        ("Mo-Fr 09:00-17:00;", "Mo-Fr 09:00-17:00"),
        ("; Mo-Fr 09:00-17:00;; Sa 10:00-12:00,", "Mo-Fr 09:00-17:00; Sa 10:00-12:00"),
        ("Mon-Fri 9am-5pm, Sat 10am-4pm", "Mo-Fr 09:00-17:00, Sa 10:00-16:00"),
        ("Mon - Fri: 9am - 5pm; Sat: 10am - 1pm; Sun: closed", "Mo-Fr 09:00-17:00; Sa 10:00-13:00; Su off"),
        ("Mo, Tu, We, Th, Fr, Su 11:00-01:00; Sa 11:00-02:00", "Mo-Fr,Su 11:00-01:00; Sa 11:00-02:00"),
        ("Mondays and Thursdays 10am-2pm", "Mo,Th 10:00-14:00"),
        ("Tues, Thurs & Sat 10-4pm", "Tu,Th,Sa 10:00-16:00"),
        ("daily 8am-10pm", "Mo-Su 08:00-22:00"),
        ("weekdays 9-5pm; weekends 10-4pm", "Mo-Fr 09:00-17:00; Sa-Su 10:00-16:00"),
        ("Mo-Fr 09:00-17:00; bank holidays closed", "Mo-Fr 09:00-17:00; PH off"),
        ("Mon-Fri 9am-5pm; closed on bank holidays", "Mo-Fr 09:00-17:00; PH off"),
        ("Sat 10am-4pm, closed Sundays", "Sa 10:00-16:00, Su off"),
        ("Open from 9:00 to 17:30 Monday to Friday", "Mo-Fr 09:00-17:30 open"),
        ("Mo-Sa 10:00-16:00; day after bank holiday off", "Mo-Sa 10:00-16:00; PH +1 day off"),
        ("24 hours", "00:00-24:00"),
        ("Mo-Fr noon-midnight", "Mo-Fr 12:00-24:00"),
        ("Sept-Oct Sat 10am-1pm", "Sep-Oct Sa 10:00-13:00"),
        ("Dec 25 closed", "Dec 25 off"),
        ("9am-5pm Mon-Fri", "Mo-Fr 09:00-17:00"),  # in the usual order
        ("Mo-Fr 9:00-17:30 \u201cby appointment\u201d", 'Mo-Fr 09:00-17:30 "by appointment"'),  # curly quotes
        ("Mo-Fr\u00a009:00-17:00", "Mo-Fr 09:00-17:00"),  # a no-break space from a word processor
        ("Mo-Fr 22-2", "Mo-Fr 22:00-02:00"),  # a 12-hour reading makes no day of it either
        ("Mo-Fr 09:00-05:00", "Mo-Fr 09:00-05:00"),  # written with the 24-hour clock: meant
    ],
)
def test_english_forms_are_read_into_the_canonical_text(typed, canonical):
    assert hours.read(typed) == hours.Reading(canonical, canonical != " ".join(typed.split()))
    assert hours.read(canonical) == hours.Reading(canonical, False)


@pytest.mark.parametrize(
    "typed, options",
    [
        ("9-5", "09:00-05:00 (through the night) or 09:00-17:00"),
        ("Mo-Fr 8:30-12:30, 1:30-5", "01:30-05:00 or 13:30-17:00"),
        ("Sa 1-5", "01:00-05:00 or 13:00-17:00"),
        ("Mo-Sa 11:00-1:00", "11:00-01:00 (through the night) or 11:00-13:00"),
        ("Mo-Fr 12-2", "12:00-02:00 (through the night) or 12:00-14:00"),
        ("Fr 7-10pm", "07:00-22:00 or 19:00-22:00"),
    ],
)
def test_hours_that_could_be_morning_or_afternoon_are_asked_about(typed, options):
    with pytest.raises(hours.HoursError) as refused:
        hours.read(typed)
    assert refused.value.feature == "ambiguous hours"
    assert f"could mean {options}; write the one you mean" in str(refused.value)


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("5-9pm", "17:00-21:00"),
        ("1-5pm", "13:00-17:00"),
        ("9-5pm", "09:00-17:00"),
        ("10-12pm", "10:00-12:00"),
    ],
)
def test_am_or_pm_at_one_end_settles_the_other_when_only_one_reading_makes_a_day(typed, canonical):
    assert hours.read(typed).text == canonical


def test_blank_hours_mean_not_known():
    assert hours.read("") == hours.Reading("", False)
    assert hours.read("  ") == hours.Reading("", False)
    assert hours.problem("") is None


def test_check_details_stores_the_canonical_text():
    from safeplaces import places
    from tests.test_places import GOOD

    clean, problems = places.check_details({**GOOD, "opening_hours": " Mon-Fri 9am-5pm; Sat 10-1pm "})
    assert problems == {}
    assert clean["opening_hours"] == "Mo-Fr 09:00-17:00; Sa 10:00-13:00"
    clean, problems = places.check_details({**GOOD, "opening_hours": "Mo-Fr 9-5"})
    assert "opening_hours" in problems and clean["opening_hours"] == "Mo-Fr 9-5"


# The meanings issue 15 found wrong, from the reference suite's cases.

LATE = "Mo, Tu, We, Th, Fr, Su 11:00-01:00; Sa 11:00-02:00"


@pytest.mark.parametrize(
    "text, when, state",
    [
        (LATE, "2026-11-25T04:13", "closed"),  # a Wednesday: not open all day
        (LATE, "2026-11-25T10:00", "closed"),
        (LATE, "2026-11-25T11:00", "open"),
        (LATE, "2026-11-26T00:59", "open"),  # Wednesday's hours run on to 1am
        (LATE, "2026-11-26T01:00", "closed"),
        (LATE, "2026-11-29T01:15", "open"),  # Sunday: Saturday's hours run on to 2am
        (LATE, "2026-11-29T01:59", "open"),
        (LATE, "2026-11-29T02:00", "closed"),
        ('Mo-Fr 08:00-11:00 || Th-Sa 12:00-13:00 open "Emergency only"', "2026-11-26T12:01", "open"),
        ('Mo-Fr 08:00-11:00 || Th-Sa 12:00-13:00 open "Emergency only"', "2026-11-26T12:59", "open"),
        ('Mo-Fr 08:00-11:00 || Th-Sa 12:00-13:00 open "Emergency only"', "2026-11-26T11:30", "closed"),
        ("Fr 08:00-12:00 || Fr 12:00-16:00 open", "2026-11-27T13:00", "open"),
        ("Fr 08:00-12:00 || Fr 12:00-16:00 open", "2026-11-27T16:00", "closed"),
    ],
)
def test_the_readings_the_issue_found_wrong(text, when, state):
    assert hours.state(text, at(when)) == state


@pytest.mark.parametrize(
    "text, when, state",
    [
        (
            "Mo-Fr 09:00-17:00; PH +1 day off",
            "2026-12-29T12:00",
            "closed",
        ),  # the day after Boxing Day (observed)
        ("Mo-Fr 09:00-17:00; PH +1 day off", "2026-12-30T12:00", "open"),
        ("Mo-Fr 09:00-17:00; PH -1 day 09:00-12:00", "2026-12-24T13:00", "closed"),  # Christmas Eve
        ("Mo-Fr 09:00-17:00; PH -1 day 09:00-12:00", "2026-12-24T11:00", "open"),
        ("PH Mo 10:00-12:00", "2026-08-31T11:00", "open"),  # a bank holiday that is a Monday
        ("PH Mo 10:00-12:00", "2026-12-25T11:00", "closed"),  # a Friday
        ("Dec 24-Jan 02 off; 24/7", "2026-12-31T12:00", "open"),  # the later rule wins
        ("24/7; Dec 24-Jan 02 off", "2027-01-01T12:00", "closed"),
        ("24/7; Dec 24-Jan 02 off", "2027-01-03T00:00", "open"),
        ("Mo-Fr 09:00-17:00; Fr[-1] 09:00-12:00", "2026-11-27T13:00", "closed"),  # the last Friday
        ("Mo-Fr 09:00-17:00; Fr[-1] 09:00-12:00", "2026-11-20T13:00", "open"),
        ("week 01-53/2 Mo 10:00-12:00", "2026-11-23T11:00", "closed"),  # week 48, even
        ("week 01-53/2 Mo 10:00-12:00", "2026-11-30T11:00", "open"),
    ],
)
def test_bank_holidays_dates_and_weeks(text, when, state):
    assert hours.state(text, at(when)) == state


@pytest.mark.parametrize("stored", ["Mo-Fr 9-5", "Mo-Fr sunrise-sunset", "Fr 22:00+", "nonsense"])
def test_stored_hours_we_cannot_read_are_never_open(stored):
    assert hours.state(stored, at("2026-11-27T12:00")) == "unknown"
    assert hours.status(stored, at("2026-11-27T12:00")).words == "Opening times not known"
    assert hours.open_intervals(stored, at("2026-11-27T00:00"), at("2026-12-04T00:00")) == []


# open_intervals: the offline file and the Open Referral feed build on it.


def test_open_intervals_join_midnight_and_are_aware_london_times():
    found = hours.open_intervals(NIGHT, at("2026-11-23T00:00"), at("2026-11-25T00:00"))
    assert [(start.isoformat(), end.isoformat()) for start, end in found] == [
        ("2026-11-23T00:00:00+00:00", "2026-11-23T02:00:00+00:00"),
        ("2026-11-23T20:00:00+00:00", "2026-11-24T02:00:00+00:00"),
        ("2026-11-24T20:00:00+00:00", "2026-11-25T00:00:00+00:00"),
    ]
    assert all(start.tzinfo is clock.LONDON for start, _ in found)


def test_open_intervals_apply_bank_holidays_and_cut_to_the_range():
    found = hours.open_intervals(OFFICE, at("2026-08-28T12:00"), at("2026-09-01T10:00"))
    assert [(start.isoformat(), end.isoformat()) for start, end in found] == [
        ("2026-08-28T12:00:00+01:00", "2026-08-28T17:00:00+01:00"),
        ("2026-08-29T10:00:00+01:00", "2026-08-29T13:00:00+01:00"),
        # Monday 31 August is a bank holiday.
        ("2026-09-01T09:00:00+01:00", "2026-09-01T10:00:00+01:00"),
    ]


def test_open_intervals_over_the_clocks_changing():
    found = hours.open_intervals("24/7", at("2026-10-24T00:00"), at("2026-10-26T00:00"))
    assert len(found) == 1
    start, end = found[0]
    # The night the clocks go back has 25 hours (Python subtracts times in one zone on the clock).
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=49)
    assert hours.open_intervals("24/7; Dec 25 off", at("2026-12-24T00:00"), at("2026-12-27T00:00")) == [
        (
            at("2026-12-24T00:00").replace(tzinfo=clock.LONDON),
            at("2026-12-25T00:00").replace(tzinfo=clock.LONDON),
        ),
        (
            at("2026-12-26T00:00").replace(tzinfo=clock.LONDON),
            at("2026-12-27T00:00").replace(tzinfo=clock.LONDON),
        ),
    ]


@pytest.mark.parametrize(
    "text, says",
    [
        ("Mo-Fr 09:00-17:00; PH off", True),
        ("Sa,PH 10:00-16:00", True),
        ("Mo-Fr 09:00-17:00; PH +1 day off", True),
        ("24/7", True),
        ("Mo-Su 00:00-24:00", True),
        ("Mo-Fr 09:00-17:00", False),
        ("Mo-Sa 00:00-24:00", False),  # closed on Sundays, so it does close
        ("Jun-Aug 00:00-24:00; Sep-May Mo-Fr 09:00-17:00", False),  # never closes only in summer
        ("24/7; Dec 25 off", True),  # never closes but on Christmas Day
        ('Mo-Fr 09:00-17:00 "PH"', False),  # a comment is not a rule
        ("", False),
        ("not hours at all", False),
    ],
)
def test_which_hours_say_what_happens_on_bank_holidays(text, says):
    assert hours.says_bank_holidays(text) is says


def test_a_bank_holiday_the_hours_leave_out_is_said_in_words():
    christmas = hours.status("Mo-Fr 09:00-17:00", at("2026-12-25T12:00"))
    assert (christmas.state, christmas.words) == (
        "unknown",
        "Opening times not known today: it is a bank holiday",
    )
    before = hours.status("Mo-Fr 09:00-17:00", at("2026-12-24T20:00"))
    assert before.words == "Closed now until tomorrow at 9am. Times after that are not known"
    rows = hours.week("Mo-Fr 09:00-17:00", at("2026-12-24T12:00"))[:3]
    assert [(row.words, row.holiday) for row in rows] == [
        ("9am to 5pm", None),
        ("9am to 5pm: times not known", "Christmas Day"),
        ("Closed", "Boxing Day"),  # a Saturday, closed on any Saturday
    ]
    assert hours.known_all_day("Mo-Fr 09:00-17:00", at("2026-12-24T12:00").date())
    assert not hours.known_all_day("Mo-Fr 09:00-17:00", at("2026-12-25T12:00").date())
    assert hours.open_intervals("Mo-Fr 09:00-17:00", at("2026-12-25T00:00"), at("2026-12-26T00:00")) == []
