"""Dates and times in words, and dates as people type them: one home for both.

Every page and message shows dates the same way ("23 November 2026", "2:30pm") and every form
reads them the same way (23/11/2026, 23-11-2026, 23 11 2026, 2026-11-23, 23 November 2026,
23 Nov 2026).

The public pages show times, days and months in the reader's language (safeplaces/i18n.py):
English keeps the site's own words ("9am", "5:30pm", "midday", "midnight"); other languages have
Babel's short time (17:00, 5:00 PM) and CLDR's names of days and months (poniedziałek,
Tachwedd). The manage area, and what it stores, stays in English.
"""

import re
from datetime import date, datetime, time

from . import i18n
from .clock import local

EXAMPLE = "23/11/2026"
NUMERIC_DATE = re.compile(r"([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4})")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def clock(moment: datetime | time) -> str:
    """A time of day in words: 9am, 5:30pm, midday, midnight; in another language, Babel's (17:00)."""
    if i18n.current() != i18n.SOURCE:
        return i18n.time_words(moment)
    return english_clock(moment)


def english_clock(moment: datetime | time) -> str:
    """A time of day in English words, whatever the reader's language (for data such as the feed's)."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def long_date(value: str | date | datetime | None) -> str:
    """A date, an ISO date, or a UTC timestamp, as London shows it: "23 November 2026"; "" if empty."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = local(value).date() if value.tzinfo else value.date()
    return f"{value.day} {value:%B %Y}"


def month_year(value: date) -> str:
    """A month in words, as the reader's language names a month on its own: "November 2026"."""
    return i18n.date_words(value, "LLLL y")


def weekday(value: date) -> str:
    """The day of the week in words: "Monday", "poniedziałek"."""
    return i18n.date_words(value, "EEEE")


def day_and_month(value: date) -> str:
    """A day of a month in words: "23 November", "23 listopada"."""
    return i18n.date_words(value, "d MMMM")


def day_in_full(value: date) -> str:
    """A day with its weekday, as a table's row heading: "Monday 23 November"."""
    return i18n.date_words(value, "EEEE d MMMM")


def when_words(at: str) -> str:
    """A stored UTC time in London time, in words: 23 November 2026 at 2:30pm."""
    moment = local(datetime.fromisoformat(at))
    hour = moment.hour % 12 or 12
    return f"{long_date(moment.date())} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def parse_date(text: str | None) -> date | None:
    """The date typed (see the module docstring), or None if it is not a real date."""
    text = " ".join((text or "").split())
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if match := NUMERIC_DATE.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    for pattern in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def one_year_on(day: date) -> date:
    """The same date a year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def one_year_back(day: date) -> date:
    """The same date a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def check_past_date(text: str | None, what: str, today: date, problems: dict, field: str) -> date | None:
    """The date typed for `what` (a check, a visit), or None with the problem recorded under
    field: it must be a date we can read, not in the future, in 2000 or later."""
    if not (text or "").strip():
        problems[field] = f"Enter the date of the {what}, for example {EXAMPLE}."
        return None
    day = parse_date(text)
    if day is None:
        problems[field] = f"“{text.strip()}” is not a date we can read. Write it like {EXAMPLE}."
    elif day > today:
        problems[field] = f"The date of the {what} cannot be in the future: today is {long_date(today)}."
    elif day.year < 2000:
        problems[field] = f"The date of the {what} must be in the year 2000 or later."
    else:
        return day
    return None
