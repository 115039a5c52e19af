import pytest

from safeplaces import clock, hours


@pytest.mark.parametrize(
    "text",
    ["", "  ", "24/7", "Mo-Fr 09:00-17:00; PH off", "Mo-Su 20:00-02:00", "Mo-Fr 09:00-12:30,13:30-17:00"],
)
def test_valid_or_unknown_hours_have_no_problem(text):
    assert hours.problem(text) is None


@pytest.mark.parametrize(
    "text, where",
    [("Mo-Fr 9-5", "character 7"), ("bananas", "character 1"), ("Mo-Fr 09:00-17:00;;", "character")],
)
def test_invalid_hours_are_refused_with_the_parsers_reason(text, where):
    message = hours.problem(text)
    assert message.startswith("the opening hours are not in the usual format")
    assert where in message


SUN = "use clock times, such as 07:30-16:00, instead of sunrise or sunset"


@pytest.mark.parametrize(
    "text, message",
    [
        # The parser accepts these but does not know where the place is, so it takes 07:00 to 19:00.
        ("Mo-Fr sunrise-sunset", SUN),
        ("Mo-Fr 09:00-(sunset-01:00)", SUN),
        ("Sa Dawn-Dusk", SUN),
        # The bank-holiday fix cannot move these to the bank holidays the parser's calendar lacks.
        ("Mo-Fr 09:00-17:00; PH +1 day off", "write the day after a bank holiday as its own rule"),
        ("Mo-Fr 09:00-17:00; Sa,PH -2 days off", "write the day before a bank holiday as its own rule"),
    ],
)
def test_forms_read_wrongly_here_are_refused_in_plain_words(text, message):
    assert hours.problem(text) == message


@pytest.mark.parametrize(
    "text", ['Mo-Fr 09:00-17:00 "closes at sunset in winter"', 'Mo-Fr 09:00-17:00; PH off "and PH +1 day"']
)
def test_those_words_inside_a_comment_are_fine(text):
    assert hours.problem(text) is None


from datetime import datetime  # noqa: E402

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
        (NIGHT, ["until 2am, 8pm to 2am", "8pm to 2am"]),  # today's row starts with last night's hours
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
        # Today's first row shows hours running on from last night, which is not shown.
        ("Fr-Sa 22:00-02:30", "2026-11-29T01:00", ["until 2:30am", "Closed", "Closed"]),
        ("Fr-Sa 22:00-02:30", "2026-11-29T10:00", ["until 2:30am", "Closed", "Closed"]),
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
