"""Opening hours: OpenStreetMap `opening_hours` text, read by opening-hours-py in Europe/London.

Public holidays (`PH`) are England and Wales bank holidays, from python-holidays.
opening-hours-py's own GB calendar holds only the holidays all four UK nations share, so it
misses New Year's Day, Easter Monday, the August bank holiday and substitute days. On a bank
holiday we therefore read the text with `PH` also standing for that day's weekday (`PH` becomes
`PH,Mo` on a Monday), so every rule written for public holidays applies that day; the parser
still does all the reading.

Empty text means the hours are not known: such a place is never treated as open.

Two forms the parser accepts are refused, because they would be read wrongly here: sunrise,
sunset, dawn and dusk (the parser does not know where the place is, so it takes 07:00 and 19:00)
and offsets such as `PH +1 day` (the bank-holiday fix above cannot move them to the bank holidays
the parser's own calendar lacks).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from opening_hours import OpeningHours, ParserError, State

from .clock import LONDON, local
from .dates import clock

EXAMPLE = "Mo-Fr 09:00-17:00; Sa 10:00-16:00"
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OPEN, CLOSED, UNKNOWN = "open", "closed", "unknown"
STATES = {State.OPEN: OPEN, State.CLOSED: CLOSED, State.UNKNOWN: UNKNOWN}
LOOK_AHEAD_DAYS = 8
SUN_TIMES = re.compile(r"\b(sunrise|sunset|dawn|dusk)\b", re.IGNORECASE)
HOLIDAY_OFFSET = re.compile(r"\bPH\s*([+-])\s*\d+\s*days?\b")


def problem(text):
    """Why `text` is not valid opening hours, in words plus the parser's reason; None if valid.

    Empty text is valid: it means the hours are not known.
    """
    if not text.strip():
        return None
    outside = " ".join(_outside_quotes(text))
    if SUN_TIMES.search(outside):
        return "use clock times, such as 07:30-16:00, instead of sunrise or sunset"
    if offset := HOLIDAY_OFFSET.search(outside):
        side = "after" if offset.group(1) == "+" else "before"
        return f"write the day {side} a bank holiday as its own rule"
    try:
        OpeningHours(text)
    except ParserError as error:
        return f"the opening hours are not in the usual format, for example {EXAMPLE} ({_reason(error)})"
    return None


def _reason(error):
    """The parser's reason in one line: where it stopped and what it expected."""
    message = str(error)
    position = re.search(r"--> \d+:(\d+)", message)
    expected = re.search(r"= (.+)$", message.strip(), re.MULTILINE)
    parts = []
    if position:
        parts.append(f"problem at character {position.group(1)}")
    if expected:
        parts.append(expected.group(1).strip())
    return "; ".join(parts) or message.strip()


def _outside_quotes(text):
    """The parts of `text` outside quoted comments."""
    return text.split('"')[::2]


def _with_holiday(text, replacement):
    """The text with each PH, outside quoted comments, replaced."""
    parts = text.split('"')
    parts[::2] = [re.sub(r"\bPH\b", replacement, part) for part in parts[::2]]
    return '"'.join(parts)


@lru_cache(maxsize=4096)
def _parsed(text, weekday=None):
    if weekday:
        # The grammar wants holidays before or after the weekdays ("PH,Mo,Sa" or "Sa,Mo,PH"),
        # never between them, so try both.
        for replacement in (f"PH,{weekday}", f"{weekday},PH"):
            try:
                return OpeningHours(_with_holiday(text, replacement), timezone=LONDON, country="GB")
            except ParserError:
                pass
        # A form such as "PH +1 day", refused by problem() but perhaps saved before that:
        # fall back to the parser's own calendar.
    return OpeningHours(text, timezone=LONDON, country="GB")


def _for_day(text, day):
    """The parsed hours to use for times on `day`."""
    return _parsed(text, WEEKDAYS[day.weekday()] if day in BANK_HOLIDAYS else None)


def _midnight(day):
    return datetime.combine(day, time(0), tzinfo=LONDON)


def state(text, at):
    """ "open", "closed" or "unknown" at the time `at`."""
    if not text.strip():
        return UNKNOWN
    at = local(at)
    return STATES[_for_day(text, at.date()).state(at)[0]]


def is_open(text, at):
    return state(text, at) == OPEN


def next_change(text, at):
    """When the state next changes, within about a week; None if it does not."""
    if not text.strip():
        return None
    at = local(at)
    now = state(text, at)
    cursor = at
    end = _midnight(at.date() + timedelta(days=LOOK_AHEAD_DAYS))
    while cursor < end:
        next_midnight = _midnight(cursor.date() + timedelta(days=1))
        change = _for_day(text, cursor.date()).next_change(cursor)
        cursor = min(local(change), next_midnight) if change else next_midnight
        if state(text, cursor) != now:
            return cursor
    return None


def _date_words(day):
    return f"{day.day} {day.strftime('%B')}"


def _day_words(day, today):
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    if day < today + timedelta(days=7):
        return day.strftime("%A")
    return f"on {_date_words(day)}"


def _night_words(night, today):
    """The night after `night`'s date: tonight, tomorrow night, on Friday night."""
    if night == today:
        return "tonight"
    if night == today + timedelta(days=1):
        return "tomorrow night"
    if night < today + timedelta(days=7):
        return f"on {night.strftime('%A')} night"
    return f"on the night of {_date_words(night)}"


def _is_midnight(moment):
    return moment.hour == 0 and moment.minute == 0


def _opens_words(moment, today):
    """When a place opens: tomorrow at 10am, at midnight tonight."""
    if _is_midnight(moment):
        # "Tomorrow at midnight" could mean either end of tomorrow, so name the night instead.
        return f"at midnight {_night_words(moment.date() - timedelta(days=1), today)}"
    return f"{_day_words(moment.date(), today)} at {clock(moment)}"


def _until_words(moment, today, overnight=True):
    """The time after "until": 5pm, 2am (if `overnight`, else tomorrow at 2am), midnight, Friday at 9am."""
    if _is_midnight(moment):
        night = moment.date() - timedelta(days=1)
        return "midnight" if night == today else f"midnight {_night_words(night, today)}"
    next_morning = overnight and moment.date() == today + timedelta(days=1) and moment.hour < 12
    if moment.date() == today or next_morning:
        return clock(moment)
    if moment.date() < today + timedelta(days=7):
        return f"{_day_words(moment.date(), today)} at {clock(moment)}"
    return f"{_date_words(moment.date())} at {clock(moment)}"


@dataclass(frozen=True)
class Status:
    """The state, in words, and `next_change`: the time the words name, which is next_change()."""

    state: str
    words: str
    next_change: datetime | None


def status(text, at):
    """The state at `at`, in plain words ("Open now until 5pm"), and when it next changes."""
    at = local(at)
    now = state(text, at)
    if now == UNKNOWN:
        return Status(UNKNOWN, "Opening times not known", None)
    change, today = next_change(text, at), at.date()
    if change is None:
        return Status(now, "Open 24 hours" if now == OPEN else "Closed now", None)
    if now == OPEN:
        return Status(OPEN, f"Open now until {_until_words(change, today)}", change)
    if state(text, change) == OPEN:
        return Status(CLOSED, f"Closed now. Opens {_opens_words(change, today)}", change)
    # Closed, then times not known: it may open then, so promise no later opening. "Until 10am"
    # would do for a late-night place still open, but a closed one should say which day.
    until = _until_words(change, today, overnight=False)
    return Status(CLOSED, f"Closed now until {until}. Times after that are not known", change)


@dataclass(frozen=True)
class Day:
    day: date
    words: str
    holiday: str | None


def week(text, at, days=7):
    """Each of the next `days` days from `at`'s date, with its hours in words."""
    today = local(at).date()
    # A day either side of the rows, for hours that run over midnight into or out of them.
    start, end = _midnight(today - timedelta(days=1)), _midnight(today + timedelta(days=days + 1))
    spans = _spans(text, start, end)
    return [
        Day(day, _hours_on(day, spans, first=day == today), BANK_HOLIDAYS.get(day))
        for day in (today + timedelta(days=n) for n in range(days))
    ]


def open_intervals(text: str, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The times between start and end when the place is open, as (from, to) in London time."""
    if not text.strip():
        return []
    start, end = local(start), local(end)
    return [
        (max(begin, start), min(finish, end))
        for begin, finish, kind in _spans(text, start, end)
        if kind == OPEN and finish > start and begin < end
    ]


def _spans(text, start, end):
    """[(from, to, state)] of open and of not-known times between start and end, joined across midnights."""
    spans = []
    day = start.date()
    while _midnight(day) < end:
        day_start, day_end = _midnight(day), _midnight(day + timedelta(days=1))
        for begin, finish, state_, _ in _for_day(text, day).intervals(day_start, day_end):
            kind = STATES[state_]
            if kind == CLOSED:
                continue
            begin, finish = local(begin), local(finish) if finish else day_end
            if spans and spans[-1][1] == begin and spans[-1][2] == kind:
                spans[-1] = (spans[-1][0], finish, kind)
            else:
                spans.append((begin, finish, kind))
        day += timedelta(days=1)
    return spans


def _hours_on(day, spans, first=False):
    """`day`'s hours in words; the first row also shows hours running on from the night before."""
    day_start, day_end = _midnight(day), _midnight(day + timedelta(days=1))
    for begin, finish, kind in spans:
        if begin <= day_start and finish >= day_end:
            return "Open all day" if kind == OPEN else "Times not known"
    words = []
    for begin, finish, kind in spans:
        long = finish - begin >= timedelta(days=1)
        if day_start <= begin < day_end:
            times = f"from {clock(begin)}" if long else f"{clock(begin)} to {clock(finish)}"
        elif begin < day_start < finish < day_end and (long or first):
            # Other rows leave these to the day before, where they are listed.
            times = f"until {clock(finish)}"
        else:
            continue
        words.append(times if kind == OPEN else f"{times}: times not known")
    return ", ".join(words) if words else "Closed"
