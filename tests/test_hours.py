import pytest

from safeplaces import hours


@pytest.mark.parametrize("text", ["", "  ", "24/7", "Mo-Fr 09:00-17:00; PH off", "Mo-Su 20:00-02:00",
                                  "Mo-Fr 09:00-12:30,13:30-17:00"])
def test_valid_or_unknown_hours_have_no_problem(text):
    assert hours.problem(text) is None


@pytest.mark.parametrize("text, where", [("Mo-Fr 9-5", "character 7"), ("bananas", "character 1"),
                                         ("Mo-Fr 09:00-17:00;;", "character")])
def test_invalid_hours_are_refused_with_the_parsers_reason(text, where):
    message = hours.problem(text)
    assert message.startswith("the opening hours are not in the usual format")
    assert where in message


from datetime import datetime  # noqa: E402

OFFICE = "Mo-Fr 09:00-17:00; Sa 10:00-13:00; PH off"
NIGHT = "Mo-Su 20:00-02:00"


def at(text):
    return datetime.fromisoformat(text)


@pytest.mark.parametrize("text, when, state", [
    (OFFICE, "2026-11-23T10:00", "open"),      # Monday morning
    (OFFICE, "2026-11-23T08:59", "closed"),
    (OFFICE, "2026-11-23T17:00", "closed"),    # closes at 5pm sharp
    (OFFICE, "2026-11-28T12:00", "open"),      # Saturday
    (OFFICE, "2026-11-29T12:00", "closed"),    # Sunday
    (OFFICE, "2026-08-31T12:00", "closed"),    # England and Wales summer bank holiday
    (OFFICE, "2026-08-03T12:00", "open"),      # Scotland's, not ours
    (OFFICE, "2026-12-25T12:00", "closed"),    # Christmas Day
    (OFFICE, "2026-12-28T12:00", "closed"),    # Boxing Day, moved to Monday
    (OFFICE, "2027-01-01T12:00", "closed"),    # New Year's Day
    (OFFICE, "2026-04-06T12:00", "closed"),    # Easter Monday
    ("Sa,PH 10:00-16:00", "2026-08-31T11:00", "open"),  # holiday opening on a bank holiday
    ("Sa,PH 10:00-16:00", "2026-08-24T11:00", "closed"),
    ("PH,Sa 10:00-16:00", "2026-08-31T11:00", "open"),
    ("Mo-Fr 09:00-17:00; Sa,Su,PH 11:00-15:00", "2027-01-01T10:00", "closed"),
    ("Mo-Fr 09:00-17:00; Sa,Su,PH 11:00-15:00", "2027-01-01T12:00", "open"),
    (NIGHT, "2026-11-22T23:30", "open"),
    (NIGHT, "2026-11-23T01:59", "open"),       # after midnight, from the evening before
    (NIGHT, "2026-11-23T02:00", "closed"),
    (NIGHT, "2026-11-23T19:59", "closed"),
    ("24/7", "2026-12-25T03:00", "open"),
    ("", "2026-11-23T10:00", "unknown"),
    ('Mo-Fr 09:00-17:00 "PH is our word"; PH off', "2026-08-31T10:00", "closed"),
])
def test_state_at_chosen_times(text, when, state):
    assert hours.state(text, at(when)) == state
    assert hours.is_open(text, at(when)) == (state == "open")


def test_times_with_an_offset_are_read_in_london_time():
    assert hours.state(OFFICE, datetime.fromisoformat("2026-07-01T08:30+00:00")) == "open"  # 9:30 BST


@pytest.mark.parametrize("text, when, words", [
    (OFFICE, "2026-11-23T10:00", "Open now until 5pm"),
    (OFFICE, "2026-11-23T18:00", "Closed now. Opens tomorrow at 9am"),
    (OFFICE, "2026-11-23T07:00", "Closed now. Opens today at 9am"),
    (OFFICE, "2026-11-28T14:00", "Closed now. Opens Monday at 9am"),
    (OFFICE, "2026-08-28T18:00", "Closed now. Opens tomorrow at 10am"),
    (OFFICE, "2026-08-29T14:00", "Closed now. Opens Tuesday at 9am"),  # over the bank holiday weekend
    (OFFICE, "2026-12-24T18:00", "Closed now. Opens Tuesday at 9am"),  # Christmas, then Boxing Day on Monday
    ("Mo-Fr 09:00-12:30,13:30-17:00", "2026-11-23T12:45", "Closed now. Opens today at 1:30pm"),
    (NIGHT, "2026-11-22T23:00", "Open now until 2am"),
    (NIGHT, "2026-11-23T03:00", "Closed now. Opens today at 8pm"),
    ("Mo 12:00-24:00", "2026-11-23T13:00", "Open now until midnight"),
    ("Tu 12:00-18:00", "2026-11-23T13:00", "Closed now. Opens tomorrow at midday"),
    ("24/7", "2026-11-23T13:00", "Open 24 hours"),
    ("off", "2026-11-23T13:00", "Closed now"),
    ("", "2026-11-23T13:00", "Opening times not known"),
])
def test_status_in_plain_words(text, when, words):
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


@pytest.mark.parametrize("text, first_two", [
    (NIGHT, ["8pm to 2am", "8pm to 2am"]),
    ("24/7", ["Open all day", "Open all day"]),
    ("Mo-Fr 09:00-12:30,13:30-17:00", ["9am to 12:30pm, 1:30pm to 5pm", "9am to 12:30pm, 1:30pm to 5pm"]),
])
def test_the_week_for_overnight_all_day_and_split_hours(text, first_two):
    assert [d.words for d in hours.week(text, at("2026-11-23T10:00"))[:2]] == first_two
