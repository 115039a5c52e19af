"""Opening hours: OpenStreetMap `opening_hours` text, as people type it, answered in Europe/London.

"Open now" is the answer a frightened person acts on, so the reading is checked against the
test suite of opening_hours.js, the reference evaluator of the syntax (tests/
test_hours_reference.py): every text we accept gives the suite's open times. We read the text
ourselves (safeplaces.hours_reading for the English people type, safeplaces.hours_rules for the
syntax and its meaning) because the library we used read `Mo, Tu 11:00-01:00` as open all
Monday, differed from the reference on fallback rules and on hours past midnight, and took
seconds per answer for texts such as `Mo-Su 00:00-24:00`.

What is stored is the canonical text `read` returns (`Mon-Fri 9am-5pm` is stored as
`Mo-Fr 09:00-17:00`). Forms that would be read wrongly or guessed at are refused with a reason
in plain words (hours_rules.REFUSED lists them: sunrise and sunset, school holidays, open ends,
hours that could be morning or afternoon, ...).

Public holidays (`PH`) are England and Wales bank holidays, from python-holidays: New Year's
Day, Good Friday, Easter Monday, the May, spring and summer bank holidays, Christmas and Boxing
Day, and the substitute days when one falls at a weekend (a library calendar we used before held
only the holidays all four UK nations share).

Hours that do not mention bank holidays do not say what happens on one. In OpenStreetMap they
then apply as on any other day, so `Mo-Fr 09:00-17:00` would be "open" on Christmas Day, when
most such places are shut: a frightened person would be sent to a locked door. So on a bank
holiday the open times of hours without a `PH` rule are "not known" (never open, as with blank
hours; the week's row says "times not known"), unless the hours say the place never closes
(`24/7`). A place that opens on bank holidays says so with a `PH` rule (the week table's bank
holiday row always writes one); `says_bank_holidays` tells the place form and the importer when
hours leave them out, so they can ask. tests/test_hours_reference.py checks the reading itself
(hours_rules), where the OpenStreetMap meaning stands.

Cost: a text is read once per process, and each day's times are worked out once per process (a
day is one pass over the text's rules, of which a text has at most 60); an answer looks at most
nine days ahead. So every answer costs a small, bounded amount whatever the text
(bench/hours.py measures it).

Empty text means the hours are not known: such a place is never treated as open. A stored text
we cannot read (saved before a reading changed) is treated the same way, never as open.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from . import hours_reading, i18n
from .clock import LONDON, local
from .dates import clock, day_and_month, weekday
from .hours_rules import CLOSED, DAY, EXAMPLE, OPEN, REFUSED, UNKNOWN, BankHoliday, Hours, HoursError, Span
from .i18n import _

__all__ = [
    "CLOSED",
    "EXAMPLE",
    "OPEN",
    "REFUSED",
    "UNKNOWN",
    "Day",
    "HoursError",
    "Reading",
    "Status",
    "is_open",
    "known_all_day",
    "next_change",
    "open_intervals",
    "problem",
    "read",
    "says_bank_holidays",
    "state",
    "status",
    "week",
]

LOOK_AHEAD_DAYS = 8
Stretch = tuple[datetime, datetime, str]  # (from, to, state): London times, over midnight if need be


@dataclass(frozen=True)
class Reading:
    """What `read` made of typed hours: the canonical text to store, and whether it differs from
    what was typed (other than spaces), so a form can show "We read this as: ..."."""

    text: str
    changed: bool


def read(text: str) -> Reading:
    """See _read; most places share their hours text with others, so each is read once."""
    return _read(text)


@lru_cache(maxsize=4096)
def _read(text: str) -> Reading:
    """The canonical OpenStreetMap text for opening hours as typed.

    Accepts the English forms people type: am and pm (`9am`, `9:30 p.m.`, `12pm` is midday,
    `12am` midnight), dots (`9.30`), hours without minutes (`10-12`, `Mo 7-18`, on the 24-hour
    clock), en and em dashes, `to`, `till`, `until`, `and`, day and month names and their
    abbreviations (`Mon-Fri`, `Monday to Friday`, `Sept`), `daily`, `weekends`, `bank
    holidays`, `24 hours`, `noon`, `midnight`, and stray `;` or `,` at the ends. Blank text is
    valid: the hours are not known (Reading("", False)).

    Raises HoursError when the text is not opening hours we will read; str(error) is the reason
    in plain words, naming the nearest valid form where there is one, and error.feature says
    which deliberately refused feature it was (a key of REFUSED) or "syntax".
    """
    typed = " ".join(text.split())
    if not typed:
        return Reading("", False)
    _rules_read, canonical = hours_reading.read(text)
    return Reading(canonical, canonical != typed)


def problem(text: str) -> str | None:
    """Why `text` is not opening hours we will read, in plain words; None if it is (or is blank)."""
    try:
        read(text)
    except HoursError as error:
        return str(error)
    return None


@lru_cache(maxsize=128)
def _bank_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


class _BankHolidays:
    """England and Wales bank holidays, a year at a time: `day in BANK_HOLIDAYS`, .get(day) its name."""

    def __contains__(self, day: date) -> bool:
        return day in _bank_holidays(day.year)

    def get(self, day: date) -> str | None:
        return _bank_holidays(day.year).get(day)


BANK_HOLIDAYS = _BankHolidays()


@lru_cache(maxsize=4096)
def _rules(text: str) -> Hours | None:
    """The text's rules, or None if it is blank or we cannot read it (never open, then)."""
    if not text.strip():
        return None
    try:
        return hours_reading.read(text)[0]
    except HoursError:
        return None


@lru_cache(maxsize=32768)
def _day(text: str, day: date) -> tuple[Span, ...]:
    """((start minute, end minute, state), ...) for the day, covering its 1440 minutes."""
    rules = _rules(text)
    if rules is None:
        return ((0, DAY, UNKNOWN),)
    spans = tuple(rules.day(day, BANK_HOLIDAYS))
    holiday, after_holiday = day in BANK_HOLIDAYS, day - timedelta(days=1) in BANK_HOLIDAYS
    if (holiday or after_holiday) and not says_bank_holidays(text):
        own = tuple(rules.day(day, BANK_HOLIDAYS, night_before=False))
        return _open_not_known(spans, own, holiday, after_holiday)
    return spans


def _open_not_known(
    spans: tuple[Span, ...], own: tuple[Span, ...], holiday: bool, after_holiday: bool
) -> tuple[Span, ...]:
    """The day's spans with the open times a bank holiday's hours gave made "not known": the
    day's own (`own`: its spans without the night before's) if it is one, and the early hours
    run on from the night before if that was one. Neighbours of one state are joined."""
    cuts = sorted({0, DAY, *(at for start, end, _kind in (*spans, *own) for at in (start, end))})
    joined: list[Span] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        kind = _kind_at(spans, start)
        if kind == OPEN and (holiday if _kind_at(own, start) == OPEN else after_holiday):
            kind = UNKNOWN
        if joined and joined[-1][2] == kind:
            joined[-1] = (joined[-1][0], end, kind)
        else:
            joined.append((start, end, kind))
    return tuple(joined)


def _kind_at(spans: tuple[Span, ...], minute: int) -> str:
    return next(kind for start, end, kind in spans if start <= minute < end)


# A week with no bank holiday in it, to ask whether hours ever close.
_ORDINARY_WEEK = tuple(date(2026, 6, 8) + timedelta(days=n) for n in range(7))


@lru_cache(maxsize=4096)
def says_bank_holidays(text: str) -> bool:
    """True if the hours say what happens on a bank holiday: they have a `PH` rule, or they never
    close (`24/7`). Blank or unreadable hours say nothing. See the module's docstring."""
    rules = _rules(text)
    if rules is None:
        return False
    if any(
        isinstance(item, BankHoliday)
        for rule in rules.rules
        for items in rule.selectors.values()
        for item in items
    ):
        return True
    # Never closing is checked on one week, so hours that open by the date (months, dates, weeks,
    # years) are not taken for it; a date closed (`24/7; Dec 25 off`) still says the rest.
    dated = ("year", "month", "monthday", "week")
    if any(rule.state != CLOSED and any(rule.selectors[kind] for kind in dated) for rule in rules.rules):
        return False
    return all(rules.day(day, ()) == [(0, DAY, OPEN)] for day in _ORDINARY_WEEK)


def _moment(day: date, minute: int) -> datetime:
    """The London time `minute` minutes after the day's midnight on the clock (a time the clocks
    skip becomes the real time after it)."""
    day += timedelta(days=minute // DAY)
    minute %= DAY
    return local(datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON))


def _minute(at: datetime) -> int:
    return at.hour * 60 + at.minute


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON)


def state(text: str, at: datetime) -> str:
    """ "open", "closed" or "unknown" at the time `at` (a naive time is London time)."""
    at = local(at)
    return _kind_at(_day(text, at.date()), _minute(at))


def is_open(text: str, at: datetime) -> bool:
    return state(text, at) == OPEN


def known_all_day(text: str, day: date) -> bool:
    """True if every time of `day` is known to be open or closed (none is "not known")."""
    return all(kind != UNKNOWN for _start, _end, kind in _day(text, day))


def next_change(text: str, at: datetime) -> datetime | None:
    """When the state next changes, up to the midnight eight days after `at`'s; None if it does not."""
    at = local(at)
    today, minute = at.date(), _minute(at)
    now = state(text, at)
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        for start, end, kind in _day(text, day):
            if offset == 0 and end <= minute:
                continue
            if kind != now:
                return _moment(day, start)
            if offset == LOOK_AHEAD_DAYS:
                break
    return None


def open_intervals(text: str, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """[(opens, closes)] between `start` and `end`: aware London times, the open times that run
    over midnight joined into one, bank holidays applied, cut to [start, end). Times that are
    not known (`unknown`, a comment) are not open. Blank or unreadable hours give []."""
    start, end = local(start), local(end)
    found = []
    for begin, finish, kind in _spans(text, start, end):
        begin, finish = max(begin, start), min(finish, end)
        if kind == OPEN and begin < finish:
            found.append((begin, finish))
    return found


def open_throughout(text: str, start: datetime, end: datetime) -> bool:
    """True if the place is open all the time from `start` to `end`, with no break between."""
    return any(
        opens <= local(start) and closes >= local(end) for opens, closes in open_intervals(text, start, end)
    )


def _spans(text: str, start: datetime, end: datetime) -> list[Stretch]:
    """[(from, to, state)] of open and of not-known times from the midnight before `start` to the
    one after `end`, each joined across midnights."""
    spans: list[Stretch] = []
    day, last = local(start).date(), local(end).date()
    while day <= last:
        for begin, finish, kind in _day(text, day):
            if kind == CLOSED:
                continue
            begin, finish = _moment(day, begin), _moment(day, finish)
            if spans and spans[-1][1] == begin and spans[-1][2] == kind:
                spans[-1] = (spans[-1][0], finish, kind)
            else:
                spans.append((begin, finish, kind))
        day += timedelta(days=1)
    return spans


# The words of a status are whole phrases for translators (safeplaces/i18n.py): "tomorrow at
# %(time)s", never "tomorrow" + "at" + a time, because word order and grammar differ by language.


def _opens_words(moment: datetime, today: date) -> str:
    """When a place opens: tomorrow at 10am, at midnight tonight."""
    if _is_midnight(moment):
        # "Tomorrow at midnight" could mean either end of tomorrow, so name the night instead.
        return _midnight_words(moment.date() - timedelta(days=1), today, opens=True)
    return _day_and_time(moment, today)


def _day_and_time(moment: datetime, today: date) -> str:
    """A day and a time: today at 10am, tomorrow at 10am, Friday at 10am, on 3 December at 10am."""
    day, at = moment.date(), clock(moment)
    if day == today:
        return _("today at %(time)s", time=at)
    if day == today + timedelta(days=1):
        return _("tomorrow at %(time)s", time=at)
    if day < today + timedelta(days=7):
        return _("%(weekday)s at %(time)s", weekday=weekday(day), time=at)
    return _("on %(date)s at %(time)s", date=day_and_month(day), time=at)


def _midnight_words(night: date, today: date, opens: bool = False) -> str:
    """Midnight at the end of `night`'s date: (at) midnight tonight, on Friday night, ..."""
    if night == today:
        return _("at midnight tonight") if opens else _("midnight")
    if night == today + timedelta(days=1):
        return _("at midnight tomorrow night") if opens else _("midnight tomorrow night")
    if night < today + timedelta(days=7):
        if opens:
            return _("at midnight on %(weekday)s night", weekday=weekday(night))
        return _("midnight on %(weekday)s night", weekday=weekday(night))
    if opens:
        return _("at midnight on the night of %(date)s", date=day_and_month(night))
    return _("midnight on the night of %(date)s", date=day_and_month(night))


def _is_midnight(moment: datetime) -> bool:
    return moment.hour == 0 and moment.minute == 0


def _until_words(moment: datetime, today: date, overnight: bool = True) -> str:
    """The time after "until": 5pm, 2am (if `overnight`, else tomorrow at 2am), midnight, Friday at 9am."""
    if _is_midnight(moment):
        return _midnight_words(moment.date() - timedelta(days=1), today)
    next_morning = overnight and moment.date() == today + timedelta(days=1) and moment.hour < 12
    if moment.date() == today or next_morning:
        return clock(moment)
    if moment.date() < today + timedelta(days=7):
        return _day_and_time(moment, today)
    return _("%(date)s at %(time)s", date=day_and_month(moment.date()), time=clock(moment))


@dataclass(frozen=True)
class Status:
    """The state, in words, and `next_change`: the time the words name, which is next_change()."""

    state: str
    words: str
    next_change: datetime | None


def status(text: str, at: datetime) -> Status:
    """The state at `at`, in plain words ("Open now until 5pm"), and when it next changes."""
    at = local(at)
    now = state(text, at)
    if now == UNKNOWN and _rules(text) is not None and at.date() in BANK_HOLIDAYS:
        # Hours that leave bank holidays out: see the module's docstring.
        return Status(UNKNOWN, _("Opening times not known today: it is a bank holiday"), None)
    if now == UNKNOWN:
        return Status(UNKNOWN, _("Opening times not known"), None)
    change, today = next_change(text, at), at.date()
    if change is None:
        return Status(now, _("Open 24 hours") if now == OPEN else _("Closed now"), None)
    if now == OPEN:
        return Status(OPEN, _("Open now until %(time)s", time=_until_words(change, today)), change)
    if state(text, change) == OPEN:
        return Status(CLOSED, _("Closed now. Opens %(time)s", time=_opens_words(change, today)), change)
    # Closed, then times not known: it may open then, so promise no later opening. "Until 10am"
    # would do for a late-night place still open, but a closed one should say which day.
    until = _until_words(change, today, overnight=False)
    return Status(CLOSED, _("Closed now until %(time)s. Times after that are not known", time=until), change)


@dataclass(frozen=True)
class Day:
    day: date
    words: str
    holiday: str | None


def week(text: str, at: datetime, days: int = 7) -> list[Day]:
    """Each of the next `days` days from `at`'s date, with its hours in words."""
    at = local(at)
    today = at.date()
    # A day either side of the rows, for hours that run over midnight into or out of them.
    spans = _spans(text, _midnight(today - timedelta(days=1)), _midnight(today + timedelta(days=days)))
    return [
        Day(day, _hours_on(day, spans, now=at if day == today else None), BANK_HOLIDAYS.get(day))
        for day in (today + timedelta(days=n) for n in range(days))
    ]


def _hours_on(day: date, spans: list[Stretch], now: datetime | None = None) -> str:
    """`day`'s hours in words. The first row (`now` is given) also shows hours running on from
    the night before while they last: at 1am "until 2am, 6pm to 2am", at noon "6pm to 2am"."""
    day_start, day_end = _midnight(day), _midnight(day + timedelta(days=1))
    for begin, finish, kind in spans:
        if begin <= day_start and finish >= day_end:
            return _("Open all day") if kind == OPEN else _("Times not known")
    words = []
    for begin, finish, kind in spans:
        long = finish - begin >= timedelta(days=1)
        if day_start <= begin < day_end:
            times = (
                _("from %(time)s", time=clock(begin))
                if long
                else _("%(opens)s to %(closes)s", opens=clock(begin), closes=clock(finish))
            )
        elif begin < day_start < finish < day_end and (long or (now is not None and finish > now)):
            # Other rows leave these to the day before, where they are listed.
            times = _("until %(time)s", time=clock(finish))
        else:
            continue
        words.append(times if kind == OPEN else _("%(times)s: times not known", times=times))
    return i18n.joined(words) if words else _("Closed")
