"""Opening hours: OpenStreetMap `opening_hours` text, read by opening-hours-py in Europe/London.

Public holidays (`PH`) are England and Wales bank holidays, from python-holidays.
opening-hours-py's own GB calendar holds only the holidays all four UK nations share, so it
misses New Year's Day, Easter Monday, the August bank holiday and substitute days. On a bank
holiday we therefore read the text with `PH` also standing for that day's weekday (`PH` becomes
`PH,Mo` on a Monday), so every rule written for public holidays applies that day; the parser
still does all the reading.

Empty text means the hours are not known: such a place is never treated as open.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from opening_hours import OpeningHours, ParserError, State

EXAMPLE = "Mo-Fr 09:00-17:00; Sa 10:00-16:00"
LONDON = ZoneInfo("Europe/London")
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OPEN, CLOSED, UNKNOWN = "open", "closed", "unknown"
STATES = {State.OPEN: OPEN, State.CLOSED: CLOSED, State.UNKNOWN: UNKNOWN}
LOOK_AHEAD_DAYS = 8


def problem(text):
    """Why `text` is not valid opening hours, in words plus the parser's reason; None if valid.

    Empty text is valid: it means the hours are not known.
    """
    if not text.strip():
        return None
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


def local(at):
    """`at` as an aware time in Europe/London; a naive time is taken to be London time."""
    return at.replace(tzinfo=LONDON) if at.tzinfo is None else at.astimezone(LONDON)


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
        # A rare form such as "PH +1 day": fall back to the parser's own calendar.
    return OpeningHours(text, timezone=LONDON, country="GB")


def _for_day(text, day):
    """The parsed hours to use for times on `day`."""
    return _parsed(text, WEEKDAYS[day.weekday()] if day in BANK_HOLIDAYS else None)


def _midnight(day):
    return datetime.combine(day, time(0), tzinfo=LONDON)


def state(text, at):
    """"open", "closed" or "unknown" at the time `at`."""
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


def clock(moment):
    """A time of day in words: 9am, 5:30pm, midday, midnight."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def _day_words(day, today):
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    if day < today + timedelta(days=7):
        return day.strftime("%A")
    return f"on {day.day} {day.strftime('%B')}"


@dataclass(frozen=True)
class Status:
    state: str
    words: str
    next_change: datetime | None


def status(text, at):
    """The state at `at`, in plain words ("Open now until 5pm"), and when it next changes."""
    at = local(at)
    now = state(text, at)
    if now == UNKNOWN:
        return Status(UNKNOWN, "Opening times not known", None)
    change = next_change(text, at)
    if now == OPEN:
        return Status(OPEN, _open_words(change, at), change)
    if change is None:
        return Status(CLOSED, "Closed now", None)
    return Status(CLOSED, f"Closed now. Opens {_day_words(change.date(), at.date())} at {clock(change)}", change)


def _open_words(change, at):
    if change is None:
        return "Open 24 hours"
    overnight = change.date() == at.date() + timedelta(days=1) and change.hour < 12
    if change.date() == at.date() or overnight:
        return f"Open now until {clock(change)}"
    return f"Open now until {_day_words(change.date(), at.date())} at {clock(change)}"


@dataclass(frozen=True)
class Day:
    day: date
    words: str
    holiday: str | None


def week(text, at, days=7):
    """Each of the next `days` days from `at`'s date, with its hours in words."""
    today = local(at).date()
    start, end = _midnight(today - timedelta(days=1)), _midnight(today + timedelta(days=days))
    spans = _open_spans(text, start, end)
    return [Day(day, _hours_on(day, spans), BANK_HOLIDAYS.get(day))
            for day in (today + timedelta(days=n) for n in range(days))]


def _open_spans(text, start, end):
    """[(from, to)] of open times between start and end, joined across midnights."""
    spans = []
    day = start.date()
    while _midnight(day) < end:
        day_start, day_end = _midnight(day), _midnight(day + timedelta(days=1))
        for begin, finish, state_, _ in _for_day(text, day).intervals(day_start, day_end):
            if STATES[state_] != OPEN:
                continue
            begin, finish = local(begin), local(finish) if finish else day_end
            if spans and spans[-1][1] == begin:
                spans[-1] = (spans[-1][0], finish)
            else:
                spans.append((begin, finish))
        day += timedelta(days=1)
    return spans


def _hours_on(day, spans):
    day_start, day_end = _midnight(day), _midnight(day + timedelta(days=1))
    if any(begin <= day_start and finish >= day_end for begin, finish in spans):
        return "Open all day"
    words = []
    for begin, finish in spans:
        if day_start <= begin < day_end:
            long = finish - begin >= timedelta(days=1)
            words.append(f"from {clock(begin)}" if long else f"{clock(begin)} to {clock(finish)}")
        elif begin < day_start < finish < day_end and finish - begin >= timedelta(days=1):
            words.append(f"until {clock(finish)}")
    return ", ".join(words) if words else "Closed"
