"""Properties of the opening-hours reading, over texts built the way people type them.

The canonical text a venue is shown ("We read this as ...") and which is stored must read back
as itself and mean what was typed; the public answers must agree with each other; and any text
at all gets an answer or a plain refusal, never an exception.
"""

from datetime import UTC, date, datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from safeplaces import hours
from safeplaces.clock import LONDON
from safeplaces.hours_rules import REFUSED

DAYS = [
    "Mo-Fr",
    "Mon-Fri",
    "Monday to Friday",
    "Sa",
    "Sun",
    "Mo,We,Fr",
    "Tu, Th",
    "Sa-Mo",
    "PH",
    "Sa,PH",
    "daily",
    "weekends",
    "Fr[-1]",
    "Dec 24-Jan 02",
    "Jan-Mar",
    "Dec 25",
    "week 01-53/2 Mo",
    "day after bank holiday",
    "Feb: Su[-1]",
    "2026 Dec 24-2027 Jan 02",
    "easter -2 days-easter +1 day",
    "Jan 01,Dec 24,25",
    "week 05 Feb 2027",
    "2027 Mo-Fr",
]
STATES = ["", " off", " closed", " open", " unknown", ' "by appointment"']
SEPARATORS = ["; ", ", ", " || ", ";", " ; "]


@st.composite
def clock_times(draw):
    """A time as people write it: 09:00, 9:30, 9am, 9.30pm, noon."""
    hour, minute = draw(st.integers(0, 24)), draw(st.sampled_from([0, 0, 15, 30, 45]))
    if hour == 24:
        return "24:00"
    style = draw(st.sampled_from(["24h", "24h", "bare", "ampm", "dots"]))
    if style == "24h":
        return f"{hour:02d}:{minute:02d}"
    if style == "dots":
        return f"{hour:02d}.{minute:02d}"
    if style == "bare":
        return f"{hour}" if minute == 0 else f"{hour}:{minute:02d}"
    twelve = hour % 12 or 12
    return f"{twelve}{'' if minute == 0 else f':{minute:02d}'}{'am' if hour < 12 else 'pm'}"


@st.composite
def time_ranges(draw):
    joiner = draw(st.sampled_from(["-", " - ", " to ", "\u2013", " till "]))
    return f"{draw(clock_times())}{joiner}{draw(clock_times())}"


@st.composite
def rules(draw):
    days = draw(st.sampled_from(["", *DAYS]))
    times = ",".join(draw(st.lists(time_ranges(), min_size=0, max_size=2)))
    state = draw(st.sampled_from(STATES))
    text = " ".join(part for part in (days, times) if part) + state
    assume(text.strip())
    return text


@st.composite
def typed_hours(draw):
    parts = draw(st.lists(rules(), min_size=1, max_size=4))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    return text


def readable(text):
    try:
        return hours.read(text)
    except hours.HoursError as error:
        assert error.feature in REFUSED or error.feature == "syntax", error.feature
        assert str(error) == hours.problem(text)
        return None


days_in_range = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
times_in_range = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31))


@given(typed_hours(), days_in_range)
def test_the_canonical_text_reads_back_as_itself_and_means_what_was_typed(text, day):
    reading = readable(text)
    assume(reading is not None)
    assert hours.read(reading.text) == hours.Reading(reading.text, False)
    assert hours._day(text, day) == hours._day(reading.text, day)
    assert hours._day(text, day + timedelta(days=1)) == hours._day(reading.text, day + timedelta(days=1))


@given(typed_hours(), times_in_range)
def test_the_answers_agree_with_each_other(text, when):
    assume(readable(text) is not None)
    at = when.replace(second=0, microsecond=0, tzinfo=LONDON)
    now = hours.state(text, at)
    change = hours.next_change(text, at)
    if change is not None:
        assert change > at.astimezone(UTC)
        assert hours.state(text, change) != now
        before = (change.astimezone(UTC) - timedelta(minutes=1)).astimezone(LONDON)
        assert before < at.astimezone(UTC) or hours.state(text, before) == now
    for start, end in hours.open_intervals(text, at, at + timedelta(days=2)):
        assert start < end
        assert hours.state(text, start) == hours.OPEN
        assert hours.state(text, (end.astimezone(UTC) - timedelta(minutes=1))) == hours.OPEN
    assert (now == hours.OPEN) == any(
        start <= at < end for start, end in hours.open_intervals(text, at, at + timedelta(minutes=1))
    )
    assert len(hours.week(text, at)) == 7


@given(st.text(max_size=80), times_in_range)
def test_any_text_gets_an_answer_or_a_plain_refusal(text, when):
    message = hours.problem(text)
    assert message is None or (isinstance(message, str) and message)
    at = when.replace(tzinfo=LONDON)
    assert hours.state(text, at) in (hours.OPEN, hours.CLOSED, hours.UNKNOWN)
    if message is not None:
        assert hours.state(text, at) == hours.UNKNOWN
