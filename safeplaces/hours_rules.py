"""The opening_hours syntax: text to rules, rules to the times of one day.

safeplaces.hours answers "open now?" from these; this module only reads and evaluates. We read
the text ourselves, rather than through a library, for three reasons found by testing against
the reference evaluator's own test suite (opening_hours.js, see tests/test_hours_reference.py):
the library we used read `Mo, Tu 11:00-01:00` as two rules (open all of Monday), answered
fallback rules (`||`) and hours running past midnight differently from the reference, and took
seconds per answer for texts such as `Mo-Su 00:00-24:00`. Here a day's times cost one pass over
the rules, whatever the text.

The meaning follows opening_hours.js, which defines the syntax in practice:

* Rules are separated by `;` (a normal rule), `,` after a rule's times or state (an additional
  rule) or `||` (a fallback rule). They are read in order. A normal rule that opens (or marks
  as unknown) and selects the day replaces what earlier rules said about that day; a closing
  rule (`off`) only closes its times; an additional rule adds to what is there; a fallback
  rule only fills times still closed.
* A time range past midnight (`22:00-02:00`, up to `48:00`) puts its early hours on the next
  day, as if written there after its own rule: a later normal rule selecting that day replaces
  them, an earlier one does not.
* Date selectors of different kinds (year, holiday, month, date, week, weekday) must all match;
  items of one kind, in a list or side by side, are alternatives. `PH,Sa` is a bank holiday or a
  Saturday; `PH Sa` is a bank holiday on a Saturday.

Only the strict syntax is read here; the English forms people type are turned into it by
safeplaces.hours_reading. Every refusal raises HoursError, whose str() is the reason in plain
words, and whose `feature` names what was refused (see REFUSED).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from dateutil.easter import easter

DAY = 24 * 60
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
OPEN, CLOSED, UNKNOWN = "open", "closed", "unknown"
EXAMPLE = "Mo-Fr 09:00-17:00; Sa 10:00-16:00"
MAX_RULES = 60
# The reference's limits on moving a day (`PH +1 day`, `Sa[-1] +3 days`, `easter -2 days`).
MAX_MOVE = {"PH": 1, "weekday": 6, "easter": 200, "easter end": 366}

# (start, end) in minutes from the day's midnight; an end past 24:00 runs into the next day
TimeRange = tuple[int, int]
Span = tuple[int, int, str]  # (start minute, end minute, state) of a day, as Hours.day gives them
Part = tuple[int, str]  # (rank, canonical text) of a rule's selector, as Rule.parts keeps them

# What the site refuses on purpose, with the reason (README, "Opening hours", lists these).
REFUSED = {
    "sun times": "sunrise, sunset, dawn and dusk: the answer would depend on where the place is",
    "school holidays": "school holidays (SH): they differ from school to school, so give the dates",
    "open end": "an open end (17:00+, late): a visitor needs to know the door will still be open",
    "points in time": "a time without an end (12:00): opening hours are ranges from opening to closing",
    "repeating times": "times repeating every so often (10:00-16:00/01:30): that is for bus times",
    "ambiguous hours": "hours that could be morning or afternoon (9-5): we ask instead of guessing",
    "same start and end": "a range that starts and ends at the same time (12:00-12:00)",
    "overlapping comma": "a comma between rules for the same days: it could add to them or replace them",
    "missing separator": "days, dates or times given twice in one rule (Oct 10:00-14:30 Nov off): a ; is missing",
    "days without times": (
        "days or dates with no times (Mo-Fr): the syntax reads that as open all day and night, which is "
        "seldom what a venue means; write the times, or 00:00-24:00 if it is so"
    ),
    "not understood": "words or signs we do not know, such as names of days in other languages",
    "too long": "texts too long to be opening hours",
}


class HoursError(ValueError):
    """Opening hours we will not read. str() is the reason in plain words, naming the nearest valid
    form where there is one; `feature` is a key of REFUSED, or "syntax" for a text out of order.
    A text we cannot make out says so first: "the opening hours are not in the usual format: ..."."""

    def __init__(self, message: str, feature: str = "syntax") -> None:
        if feature in ("syntax", "not understood", "ambiguous hours", "days without times"):
            message = f"the opening hours are not in the usual format: {message}"
        super().__init__(message)
        self.feature = feature


@dataclass(frozen=True)
class Token:
    """A word or sign of the strict syntax: kind is num, year, weekday, month, PH, week, easter,
    days, ampm, state, comment, 24/7, or the sign itself (- , ; || : + / [ ])."""

    kind: str
    value: object
    start: int  # where it was in the text as typed, for messages
    end: int
    text: str = ""  # as typed (for a number, its digits: 09 is on the 24-hour clock, 9 may not be)


@dataclass(frozen=True)
class Clock:
    """A time as written: hours and minutes, whether am or pm was given, and the token."""

    hour: int
    minute: int
    meridian: str | None
    token: Token
    end: int  # where the time ended in the text as typed

    @property
    def twelve_hour(self) -> bool:
        """Could be on a 12-hour clock though no am or pm was given: 1 to 11, not written 01 to 09."""
        return self.meridian is None and 1 <= self.hour <= 11 and not self.token.text.startswith("0")

    @property
    def twenty_four_hour(self) -> bool:
        """Written the 24-hour way: 00, 13 to 48, or with a leading zero (09)."""
        return self.meridian is None and (
            self.hour == 0 or self.hour >= 13 or self.token.text.startswith("0")
        )

    def minutes(self, pm: bool | None = None) -> int:
        """Minutes from midnight; with pm True or False, read on a 12-hour clock that way."""
        pm = (self.meridian == "pm") if pm is None and self.meridian else pm
        hour = self.hour if pm is None else self.hour % 12 + (12 if pm else 0)
        return hour * 60 + self.minute


# Date selectors. Each has matches(day, holidays) and text (its canonical form).


class Holidays(Protocol):
    """The bank holidays the selectors are asked about: `day in holidays` (hours.BANK_HOLIDAYS, `()`
    for none, or a set of dates). Not Container[date], whose `in` must take any object: the
    calendar in hours.py asks the day for its year."""

    def __contains__(self, day: date, /) -> bool: ...


@dataclass(frozen=True)
class WeekdayRange:
    first: int
    last: int

    def matches(self, day: date, holidays: Holidays) -> bool:
        wanted = day.weekday()
        if self.first <= self.last:
            return self.first <= wanted <= self.last
        return wanted >= self.first or wanted <= self.last

    @property
    def text(self) -> str:
        return (
            WEEKDAYS[self.first]
            if self.first == self.last
            else f"{WEEKDAYS[self.first]}-{WEEKDAYS[self.last]}"
        )


def _moved(days: int) -> str:
    if days == 0:
        return ""
    return f" {'+' if days > 0 else '-'}{abs(days)} day{'s' if abs(days) != 1 else ''}"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1..5, or -1..-5 from the end) `weekday` of a month; may fall outside it if there is none."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))


@dataclass(frozen=True)
class NthWeekday:
    """`Sa[-1]`: the last Saturday of each month; with `move`, days before or after it (`Sa[-1] +3 days`)."""

    weekday: int
    nth: tuple[int, ...]
    move: int = 0

    def matches(self, day: date, holidays: Holidays) -> bool:
        target = day - timedelta(days=self.move)
        if target.weekday() != self.weekday:
            return False
        for nth in self.nth:
            found = _nth_weekday(target.year, target.month, self.weekday, nth)
            if found == target:
                return True
        return False

    @property
    def text(self) -> str:
        return f"{WEEKDAYS[self.weekday]}[{','.join(str(n) for n in self.nth)}]{_moved(self.move)}"


@dataclass(frozen=True)
class BankHoliday:
    """`PH`: a bank holiday; `PH +1 day`: the day after one."""

    move: int = 0

    def matches(self, day: date, holidays: Holidays) -> bool:
        return day - timedelta(days=self.move) in holidays

    @property
    def text(self) -> str:
        return f"PH{_moved(self.move)}"


@dataclass(frozen=True)
class Years:
    first: int
    last: int | None  # None: no end (`2030+`, or `2030/2`, every other year from 2030)
    step: int = 1
    text: str = ""

    def matches(self, day: date, holidays: Holidays) -> bool:
        year = day.year
        if year < self.first or (self.last is not None and year > self.last):
            return False
        return (year - self.first) % self.step == 0


@dataclass(frozen=True)
class Months:
    first: int  # 1..12
    last: int

    def matches(self, day: date, holidays: Holidays) -> bool:
        if self.first <= self.last:
            return self.first <= day.month <= self.last
        return day.month >= self.first or day.month <= self.last

    @property
    def text(self) -> str:
        name = MONTHS[self.first - 1]
        return name if self.first == self.last else f"{name}-{MONTHS[self.last - 1]}"


@dataclass(frozen=True)
class DayOf:
    """One end of a date range: a date (`Dec 25`), an nth weekday of a month (`Mar Su[-1]`) or
    easter, perhaps moved by some days, perhaps in a given year."""

    year: int | None
    month: int | None  # None for easter
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None
    move: int = 0

    def on(self, year: int) -> date:
        """The date this names in `year` (the reference lets Feb 29 run on into March 1)."""
        year = self.year or year
        if self.month is None:
            found = easter(year)
        elif self.weekday is not None:
            found = _nth_weekday(year, self.month, self.weekday, self.nth)
        else:
            found = date(year, self.month, 1) + timedelta(days=self.day - 1)
        return found + timedelta(days=self.move)

    @property
    def text(self) -> str:
        year = f"{self.year} " if self.year else ""
        if self.month is None:
            return f"{year}easter{_moved(self.move)}"
        if self.weekday is not None:
            return f"{year}{MONTHS[self.month - 1]} {WEEKDAYS[self.weekday]}[{self.nth}]{_moved(self.move)}"
        return f"{year}{MONTHS[self.month - 1]} {self.day:02d}"


@dataclass(frozen=True)
class DateRange:
    """`Jan 23-Feb 12`, `Dec 31-Jan 01` (over the new year), `easter -2 days-easter +2 days`."""

    first: DayOf
    last: DayOf

    def matches(self, day: date, holidays: Holidays) -> bool:
        if self.first.year is not None:
            start, end = self.first.on(self.first.year), self._end(self.last.year)
            return start <= day < end
        # As the reference: the range of the day's own year, all but its middle if it ends before
        # it starts (Dec 31-Jan 01, easter-Apr 02)...
        start, end = self.first.on(day.year), self._end(day.year)
        if (start <= day < end) or (end < start and not end <= day < start):
            return True
        # ...or last year's, if it ran on into this one (Dec 20-Dec Su[-1] +4 days).
        start, end = self.first.on(day.year - 1), self._end(day.year - 1)
        return start <= day < end

    def _end(self, year: int) -> date:
        # The reference ends a range after its last date, except after easter (a quirk we keep).
        return self.last.on(year) + timedelta(days=0 if self.last.month is None else 1)

    @property
    def text(self) -> str:
        return f"{self.first.text}-{self.last.text}"


@dataclass(frozen=True)
class MonthDays:
    """`Dec 25`, `Dec 24-26`, `Jan 01-31/8` (every eighth day), perhaps in a given year."""

    year: int | None
    month: int
    first: int
    last: int
    step: int = 1

    def matches(self, day: date, holidays: Holidays) -> bool:
        if day.month != self.month or (self.year and day.year != self.year):
            return False
        if self.month == 2 and 29 in (self.first, self.last) and not _leap(day.year):
            return False  # the reference never matches a Feb 29 range in other years
        if not self.first <= day.day <= self.last:
            return False
        return (day.day - self.first) % self.step == 0

    @property
    def text(self) -> str:
        year = f"{self.year} " if self.year else ""
        days = f"{self.first:02d}" if self.first == self.last else f"{self.first:02d}-{self.last:02d}"
        step = f"/{self.step}" if self.step > 1 else ""
        return f"{year}{MONTHS[self.month - 1]} {days}{step}"


@dataclass(frozen=True)
class OneDay:
    """`easter`, `easter +1 day`, `Jan Su[1]` as a single day."""

    of: DayOf

    def matches(self, day: date, holidays: Holidays) -> bool:
        return self.of.on(day.year) == day

    @property
    def text(self) -> str:
        return self.of.text


@dataclass(frozen=True)
class Weeks:
    first: int
    last: int
    step: int = 1

    def matches(self, day: date, holidays: Holidays) -> bool:
        week = day.isocalendar().week
        return self.first <= week <= self.last and (week - self.first) % self.step == 0

    @property
    def text(self) -> str:
        if self.first == self.last:
            return f"{self.first:02d}"
        step = f"/{self.step}" if self.step > 1 else ""
        return f"{self.first:02d}-{self.last:02d}{step}"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


BUCKETS = ("year", "holiday", "month", "monthday", "week", "weekday")
Selector = WeekdayRange | NthWeekday | BankHoliday | Years | Months | DateRange | MonthDays | OneDay | Weeks
DaySelector = WeekdayRange | NthWeekday | BankHoliday  # a rule's days: `Mo-Fr`, `Sa[-1]`, `PH`
# What a rule says, as Rule.meaning gives it: selectors by kind, times, state, comment, and whether
# it is an additional and a fallback rule.
Meaning = tuple[tuple[tuple[Selector, ...], ...], tuple[TimeRange, ...], str, str | None, bool, bool]


@dataclass
class Rule:
    """One rule: date selectors by kind (all kinds must match; any item of a kind), time ranges in
    minutes from the day's midnight (an end past 24:00 runs into the next day), and its state."""

    selectors: dict[str, list[Selector]] = field(default_factory=lambda: {bucket: [] for bucket in BUCKETS})
    times: list[TimeRange] = field(default_factory=list)  # [(start, end)]; empty: the whole day
    state: str = OPEN
    comment: str | None = None
    additional: bool = False
    fallback: bool = False
    stated: bool = False  # open, closed, unknown or a comment was written
    # (rank, canonical text) of each selector as written; the canonical order is by rank: dates
    # (years stay where they were among them), weeks, days, times, open or closed, comment.
    parts: list[Part] = field(default_factory=list)

    @property
    def dated(self) -> bool:
        return any(self.selectors.values())

    def matches(self, day: date, holidays: Holidays) -> bool:
        return all(
            any(item.matches(day, holidays) for item in items) for items in self.selectors.values() if items
        )

    @property
    def text(self) -> str:
        return _joined_parts(sorted(self.parts, key=lambda part: part[0]))

    @property
    def text_as_written(self) -> str:
        return _joined_parts(self.parts)

    @property
    def meaning(self) -> Meaning:
        """What the rule says, whatever the order it was written in: for comparing readings."""
        selectors = tuple(tuple(items) for items in self.selectors.values())
        return (selectors, tuple(self.times), self.state, self.comment, self.additional, self.fallback)


def _joined_parts(parts: list[Part]) -> str:
    """The parts with spaces; `Feb: Su[-1]` keeps its colon (the last Sunday of every February),
    as `Feb Su[-1]` would be one day, a date."""
    out = ""
    for n, (_, text) in enumerate(parts):
        if n:
            month_then_nth = (
                parts[n - 1][0] == 1 and parts[n - 1][1][-3:] in MONTHS and re.match(r"\w\w\[", text)
            )
            out += ": " if month_then_nth else " "
        out += text
    return out


@dataclass(frozen=True)
class Entry:
    """A rule as evaluated: the rule itself, or (`wrapped`) the early hours its times put on the next day."""

    rule: Rule
    wrapped: bool
    spans: tuple[TimeRange, ...]  # ((start, end), ...) within the day; empty: the whole day

    def matches(self, day: date, holidays: Holidays) -> bool:
        return self.rule.matches(day - timedelta(days=1) if self.wrapped else day, holidays)


class Hours:
    """A text's rules, ready to say which times of a day are open, closed or not known."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.entries: list[Entry] = []
        for rule in rules:
            self.entries.append(Entry(rule, False, tuple((s, min(e, DAY)) for s, e in rule.times)))
            spill = tuple((0, e - DAY) for s, e in rule.times if e > DAY)
            if spill:
                self.entries.append(Entry(rule, True, spill))

    @property
    def text(self) -> str:
        """The canonical text: selectors in the usual order (Mo-Fr 09:00-17:00, not 09:00-17:00 Mo-Fr)."""
        return self._joined(lambda rule: rule.text)

    @property
    def text_as_written(self) -> str:
        """The canonical text with each rule's selectors in the order they were written."""
        return self._joined(lambda rule: rule.text_as_written)

    @property
    def meaning(self) -> tuple[Meaning, ...]:
        return tuple(rule.meaning for rule in self.rules)

    def _joined(self, text_of: Callable[[Rule], str]) -> str:
        out = ""
        for n, rule in enumerate(self.rules):
            if n:
                out += (
                    " || " if rule.fallback and not rule.additional else (", " if rule.additional else "; ")
                )
            out += text_of(rule)
        return out

    def day(self, day: date, holidays: Holidays, night_before: bool = True) -> list[Span]:
        """[(start, end, state)] covering the day's minutes 0 to 1440, in order, neighbours different.

        Without `night_before`, the early hours run on from the day before's rules are left out.
        """
        chosen: list[Entry] = []
        for n, entry in enumerate(self.entries):
            if not entry.matches(day, holidays) or (entry.wrapped and not night_before):
                continue
            rule = entry.rule
            replaces = rule.dated or (n > 0 and rule.state == OPEN and not self.entries[n - 1].rule.dated)
            if replaces and rule.state != CLOSED and not (entry.wrapped or rule.additional or rule.fallback):
                chosen = []
            chosen.append(entry)
        timeline: list[list[int | str]] = [[0, DAY, CLOSED]]
        for entry in chosen:
            # The reference treats the early hours of a fallback rule as an ordinary rule.
            fallback = entry.rule.fallback and not entry.wrapped
            for start, end in entry.spans or ((0, DAY),):
                _paint(timeline, start, end, entry.rule.state, fallback)
        return [tuple(segment) for segment in timeline]


def _paint(timeline: list[list[int | str]], start: int, end: int, state: str, only_closed: bool) -> None:
    """Set `state` over [start, end) of the timeline (only where it is closed, for a fallback rule)."""
    if start >= end:
        return
    out = []
    for seg_start, seg_end, seg_state in timeline:
        for piece_start, piece_end in _split(seg_start, seg_end, start, end):
            inside = start <= piece_start and piece_end <= end
            new = state if inside and (not only_closed or seg_state == CLOSED) else seg_state
            if out and out[-1][2] == new and out[-1][1] == piece_start:
                out[-1][1] = piece_end
            else:
                out.append([piece_start, piece_end, new])
    timeline[:] = out


def _split(seg_start: int, seg_end: int, start: int, end: int) -> list[TimeRange]:
    cuts = sorted({seg_start, seg_end, *(x for x in (start, end) if seg_start < x < seg_end)})
    return list(zip(cuts, cuts[1:], strict=False))


# Parsing the strict syntax, from tokens (safeplaces.hours_reading makes them from what was typed).


class Parser:
    """Reads tokens into rules, as opening_hours.js does: selectors in any order, a comma after a
    rule's times or state starting an additional rule."""

    def __init__(self, tokens: list[Token], text: str) -> None:
        self.tokens = tokens
        self.text = text

    def rules(self) -> list[Rule]:
        groups, current, fallback = [], [], False
        for token in self.tokens:
            if token.kind in (";", "||"):
                groups.append((current, fallback))
                if token.kind == "||" and not current:
                    raise self.error(token, "there is nothing before “||”")
                current, fallback = [], token.kind == "||"
            else:
                current.append(token)
        groups.append((current, fallback))
        rules = []
        for tokens, fallback in groups:
            at = 0
            while at < len(tokens):
                rule = Rule(additional=at > 0, fallback=fallback)
                at = self.group(tokens, at, rule)
                rules.append(rule)
        if not rules:
            raise HoursError(f"there are no opening hours here; write them like {EXAMPLE}")
        if len(rules) > MAX_RULES:
            raise HoursError(f"there are more than {MAX_RULES} rules; write fewer, longer ones", "too long")
        return rules

    # Helpers

    def error(self, token: Token | None, what: str) -> HoursError:
        shown = self.text[max(0, token.start - 20) : token.end].strip() if token else self.text[-20:]
        return HoursError(f"{what}, at “{shown}”; write them like {EXAMPLE}")

    def at(self, tokens: list[Token], n: int, *kinds: str) -> bool:
        """Whether tokens[n:] begin with tokens of these kinds."""
        return all(n + i < len(tokens) and tokens[n + i].kind == kind for i, kind in enumerate(kinds))

    def move(self, tokens: list[Token], n: int, limit: int, what: str) -> tuple[int, int]:
        """(days, tokens read) for an optional `+3 days` / `-1 day` at n."""
        if self.at(tokens, n, "+", "num", "days") or self.at(tokens, n, "-", "num", "days"):
            days = tokens[n + 1].value
            if days > limit:
                raise self.error(
                    tokens[n + 1], f"{what} can be moved by at most {limit} day{'s' * (limit > 1)}"
                )
            return (days if tokens[n].kind == "+" else -days), 3
        return 0, 0

    # A rule

    def group(self, tokens: list[Token], at: int, rule: Rule) -> int:
        """Read one rule from tokens[at:]; the position after it (after its comma, for an additional rule)."""
        stated, seen = False, set()
        while at < len(tokens):
            token = tokens[at]
            kind = token.kind
            if kind == ":" and 0 < at < len(tokens) - 1:
                at += 1  # a colon after the dates, for readability: "Mo-Fr: 09:00-17:00"
                continue
            selector = self.selector_kind(tokens, at)
            if selector in seen:
                # "Mo 10:00-12:00 Tu 14:00-16:00": the reference would make Tuesday an alternative
                # to Monday for both times; a venue has left out a ; between two rules.
                raise HoursError(
                    f"“{self.text[max(0, token.start - 20) : token.end].strip()}” gives the {selector} a second time "
                    f"in one rule: is a ; missing before “{token.text}”?",
                    "missing separator",
                )
            if selector:
                seen.add(selector)
            if selector == "days":
                at = self.weekdays(tokens, at, rule)
            elif selector == "holidays":
                at = self.holidays(tokens, at, rule)
            elif kind == "24/7":
                rule.times.append((0, DAY))
                rule.parts.append((4, "24/7"))
                at += 1
            elif selector in ("months", "dates"):
                at = self.dates(tokens, at, rule)
            elif selector == "years":
                at = self.years(tokens, at, rule)
            elif selector == "weeks":
                at = self.weeks(tokens, at, rule)
            elif selector == "times":
                at = self.times(tokens, at, rule)
                if isinstance(at, tuple):
                    return at[0]
            elif kind == "state":
                if stated:
                    raise self.error(token, "say open, closed or unknown once, before any comment")
                rule.state, stated = token.value, True
                rule.stated = True
                rule.parts.append((5, "off" if token.value == CLOSED else token.value))
                at += 1
                if self.at(tokens, at, ","):
                    return at + 1
            elif kind == "comment":
                rule.comment = token.value
                rule.stated = True
                if not stated:
                    rule.state, stated = UNKNOWN, True
                rule.parts.append((6, f'"{token.value}"'))
                at += 1
                if self.at(tokens, at, ","):
                    return at + 1
            else:
                raise self.error(token, "something here is out of place")
        if not rule.parts:
            raise self.error(tokens[at - 1] if at else None, "a rule is empty")
        return at

    def selector_kind(self, tokens: list[Token], at: int) -> str | None:
        """Which kind of selector starts at `at` (a rule gives each at most once), or None."""
        kind = tokens[at].kind
        if kind == "weekday" or (kind == "PH" and self.at(tokens, at + 1, ",")):
            return "days"
        if kind == "PH":
            return "holidays"
        if self.is_date(tokens, at):
            return "dates"
        if kind == "month":
            return "months"
        return {"year": "years", "week": "weeks", "num": "times", "24/7": "times", "comment": "comment"}.get(
            kind
        )

    def weekdays(self, tokens: list[Token], at: int, rule: Rule) -> int:
        items: list[DaySelector] = []
        while True:
            if self.at(tokens, at, "weekday", "["):
                weekday = tokens[at].value
                nths, at = self.nths(tokens, at + 2)
                move, used = self.move(tokens, at, MAX_MOVE["weekday"], "a weekday")
                at += used
                item = NthWeekday(weekday, tuple(nths), move)
            elif self.at(tokens, at, "weekday"):
                first = tokens[at].value
                last = first
                if self.at(tokens, at + 1, "-", "weekday"):
                    last = tokens[at + 2].value
                    at += 2
                at += 1
                item = WeekdayRange(first, last)
            elif self.at(tokens, at, "PH"):
                move, used = self.move(tokens, at + 1, MAX_MOVE["PH"], "a bank holiday")
                at += 1 + used
                item = BankHoliday(move)
            else:
                raise self.error(
                    tokens[at] if at < len(tokens) else tokens[-1], "a day is missing after a comma"
                )
            items.append(item)
            if not self.at(tokens, at, ","):
                break
            if not (self.at(tokens, at + 1, "weekday") or self.at(tokens, at + 1, "PH")):
                raise self.error(tokens[at], "a comma is followed by something that is not a day")
            at += 1
        items = _compact_weekdays(items)
        rule.selectors["weekday"].extend(items)
        rule.parts.append((3, ",".join(item.text for item in items)))
        return at

    def nths(self, tokens: list[Token], at: int) -> tuple[list[int], int]:
        found: list[int] = []
        while True:
            negative = self.at(tokens, at, "-")
            if negative:
                at += 1
            if not self.at(tokens, at, "num"):
                raise self.error(tokens[min(at, len(tokens) - 1)], "a number is missing in [ ]")
            first = -tokens[at].value if negative else tokens[at].value
            last = first
            if not negative and self.at(tokens, at + 1, "-", "num"):
                last = tokens[at + 2].value
                at += 2
            at += 1
            if first > last or any(n == 0 or abs(n) > 5 for n in (first, last)):
                raise self.error(
                    tokens[at - 1], "the number in [ ] must be from 1 to 5 (or -1 to -5 from the end)"
                )
            found.extend(n for n in range(first, last + 1))
            if self.at(tokens, at, ","):
                at += 1
                continue
            if not self.at(tokens, at, "]"):
                raise self.error(tokens[min(at, len(tokens) - 1)], "a “]” is missing")
            return found, at + 1

    def holidays(self, tokens: list[Token], at: int, rule: Rule) -> int:
        move, used = self.move(tokens, at + 1, MAX_MOVE["PH"], "a bank holiday")
        item = BankHoliday(move)
        rule.selectors["holiday"].append(item)
        rule.parts.append((3, item.text))
        return at + 1 + used

    def years(self, tokens: list[Token], at: int, rule: Rule) -> int:
        texts: list[str] = []
        while True:
            first = tokens[at].value
            last, step, text = first, 1, str(first)
            if self.at(tokens, at + 1, "-", "year"):
                last = tokens[at + 2].value
                if last <= first:
                    raise self.error(
                        tokens[at + 2], "a range of years must run forwards over two years or more"
                    )
                text += f"-{last}"
                at += 2
                if self.at(tokens, at + 1, "/", "num"):
                    step = self.step(tokens, at + 2)
                    text += f"/{step}"
                    at += 2
            elif self.at(tokens, at + 1, "/", "num"):
                step, last = self.step(tokens, at + 2), None
                text += f"/{step}"
                at += 2
            elif self.at(tokens, at + 1, "+"):
                last = None
                text += "+"
                at += 1
            at += 1
            rule.selectors["year"].append(Years(first, last, step, text))
            texts.append(text)
            if not self.at(tokens, at, ",", "year"):
                break
            at += 1
        rule.parts.append((1, ",".join(texts)))
        return at

    def step(self, tokens: list[Token], at: int) -> int:
        step = tokens[at].value
        if step < 1:
            raise self.error(tokens[at], "a step must be 1 or more")
        return step

    def is_date(self, tokens: list[Token], at: int) -> bool:
        """Whether a date starts at `at` (Dec 25, 2026 Dec 25, Mar Su[-1], easter), not a month
        followed by a time (Aug 10:00-12:00)."""
        if self.at(tokens, at, "year"):
            at += 1
        if self.at(tokens, at, "easter") or self.at(tokens, at, "month", "weekday", "["):
            return True
        time_follows = self.at(tokens, at + 1, "num", ":", "num") and (
            self.at(tokens, at + 4, "-") or self.at(tokens, at + 4, "+")
        )
        return self.at(tokens, at, "month", "num") and not time_follows

    def dates(self, tokens: list[Token], at: int, rule: Rule) -> int:
        """A list of dates, date ranges, months and month ranges: alternatives of one kind, "monthday"
        if the list starts with a date, else "month" (as the reference files them)."""
        bucket = "monthday" if self.is_date(tokens, at) else "month"
        texts: list[str] = []
        while True:
            if self.is_date(tokens, at):
                at = self.date_item(tokens, at, rule, bucket, texts)
            elif self.at(tokens, at, "month"):
                first = last = tokens[at].value
                if self.at(tokens, at + 1, "-", "month"):
                    last = tokens[at + 2].value
                    at += 2
                at += 1
                item = Months(first, last)
                rule.selectors[bucket].append(item)
                texts.append(item.text)
            else:
                raise self.error(
                    tokens[min(at, len(tokens) - 1)], "a month or a date is missing after a comma"
                )
            if not (
                self.at(tokens, at, ",", "month")
                or (self.at(tokens, at, ",") and self.is_date(tokens, at + 1))
            ):
                break
            at += 1
        rule.parts.append((1, ",".join(texts)))
        return at

    def date_item(self, tokens: list[Token], at: int, rule: Rule, bucket: str, texts: list[str]) -> int:
        first, after = self.day_of(tokens, at)
        if self.at(tokens, after, "-") and not self.at(tokens, after, "-", "num"):
            last, after = self.day_of(tokens, after + 1, "easter end")
            if (first.year is None) != (last.year is None):
                raise self.error(tokens[after - 1], "give the year at both ends of the dates, or at neither")
            item = DateRange(first, last)
            if first.year and item._end(last.year) <= first.on(first.year):
                raise self.error(tokens[after - 1], "these dates run backwards")
        elif first.day is None:
            item = OneDay(first)
        else:
            return self.day_list(tokens, after, first, rule, bucket, texts)
        rule.selectors[bucket].append(item)
        texts.append(item.text)
        return after

    def day_of(self, tokens: list[Token], at: int, limit_key: str = "easter") -> tuple[DayOf, int]:
        """(DayOf, position after) for a date at `at`: [year] month day, [year] month weekday[n] [move], [year] easter [move]."""
        year = None
        if self.at(tokens, at, "year"):
            year = tokens[at].value
            at += 1
        if self.at(tokens, at, "easter"):
            move, used = self.move(tokens, at + 1, MAX_MOVE[limit_key], "easter")
            return DayOf(year, None, move=move), at + 1 + used
        if self.at(tokens, at, "month", "weekday", "["):
            nths, after = self.nths(tokens, at + 3)
            if len(nths) != 1:
                raise self.error(tokens[at + 3], "a date can name one weekday of the month, such as Su[-1]")
            move, used = self.move(tokens, after, MAX_MOVE["weekday"], "a weekday")
            return DayOf(
                year, tokens[at].value, weekday=tokens[at + 1].value, nth=nths[0], move=move
            ), after + used
        if self.at(tokens, at, "month", "num"):
            month, day = tokens[at].value, tokens[at + 1].value
            self.check_date(tokens[at + 1], month, day)
            return DayOf(year, month, day), at + 2
        raise self.error(tokens[min(at, len(tokens) - 1)], "a date is not complete")

    def check_date(self, token: Token, month: int, day: int) -> None:
        longest = 29 if month == 2 else (30 if month in (4, 6, 9, 11) else 31)
        if not 1 <= day <= longest:
            raise self.error(token, f"{MONTHS[month - 1]} has no day {day}")

    def day_list(
        self, tokens: list[Token], at: int, first: DayOf, rule: Rule, bucket: str, texts: list[str]
    ) -> int:
        """`Jan 23-31/2`, `Dec 24,25`: days of one month; the position after them."""
        start = first.day
        while True:
            last, step = start, 1
            if self.at(tokens, at, "-", "num"):
                last = tokens[at + 1].value
                self.check_date(tokens[at + 1], first.month, last)
                if last < start:
                    raise self.error(tokens[at + 1], "a range of days must run forwards")
                at += 2
                if self.at(tokens, at, "/", "num"):
                    step = self.step(tokens, at + 1)
                    at += 2
            item = MonthDays(first.year, first.month, start, last, step)
            rule.selectors[bucket].append(item)
            texts.append(item.text)
            if not self.at(tokens, at, ",", "num"):
                return at
            start = tokens[at + 1].value
            self.check_date(tokens[at + 1], first.month, start)
            at += 2

    def weeks(self, tokens: list[Token], at: int, rule: Rule) -> int:
        texts: list[str] = []
        while True:
            if self.at(tokens, at, "week"):
                at += 1
            if not self.at(tokens, at, "num"):
                raise self.error(tokens[min(at, len(tokens) - 1)], "a week number is missing")
            first = last = tokens[at].value
            step = 1
            if self.at(tokens, at + 1, "-", "num"):
                last = tokens[at + 2].value
                at += 2
                if self.at(tokens, at + 1, "/", "num"):
                    step = tokens[at + 2].value
                    if not 2 <= step <= 26:
                        raise self.error(tokens[at + 2], "a step of weeks must be from 2 to 26")
                    at += 2
            at += 1
            if not 1 <= first <= last <= 53:
                raise self.error(tokens[at - 1], "week numbers run forwards from 01 to 53")
            item = Weeks(first, last, step)
            rule.selectors["week"].append(item)
            texts.append(item.text)
            if not (self.at(tokens, at, ",", "num") or self.at(tokens, at, ",", "week")):
                break
            at += 1
        rule.parts.append((2, "week " + ",".join(texts)))
        return at

    def times(self, tokens: list[Token], at: int, rule: Rule) -> int | tuple[int]:
        """Time ranges; the position after them, or (position,) when a comma after them starts an
        additional rule there (`Mo 10:00-12:00, We 14:00-16:00`)."""
        texts: list[str] = []
        while True:
            first, at = self.clock(tokens, at)
            if self.at(tokens, at, "/"):
                raise HoursError(
                    f"we could not read “{self.text[first.token.start : tokens[at].end + 2].strip()}”",
                    "not understood",
                )
            if self.at(tokens, at, "+"):
                start = first.minutes()
                raise HoursError(
                    f"say when the place closes, for example {_hhmm(start)}-{_hhmm(min(start + 6 * 60, DAY))}: "
                    "an open end leaves a visitor not knowing whether the door will still be open",
                    "open end",
                )
            if not self.at(tokens, at, "-"):
                start = first.minutes()
                raise HoursError(
                    "give the time the place closes as well as when it opens, for example "
                    f"{_hhmm(start)}-{_hhmm(min(start + 4 * 60, DAY))}",
                    "points in time",
                )
            last, at = self.clock(tokens, at + 1)
            start, end = self.range_of(first, last)
            if self.at(tokens, at, "+"):
                raise HoursError(
                    f"say when the place closes, for example {_range_text(start, end)} without “+”: an open "
                    "end leaves a visitor not knowing whether the door will still be open",
                    "open end",
                )
            if self.at(tokens, at, "/"):
                raise HoursError(
                    f"give each opening time as a range, for example {_range_text(start, end)}: times repeating "
                    "every so often are for buses, not opening hours",
                    "repeating times",
                )
            rule.times.append((start, end))
            texts.append(_range_text(start, end))
            if self.at(tokens, at, ",", "num"):
                at += 1
            elif not self.at(tokens, at, "num"):  # "10:00-12:00 14:00-16:00": the reference allows no comma
                break
        rule.parts.append((4, ",".join(texts)))
        return (at + 1,) if self.at(tokens, at, ",") else at

    def clock(self, tokens: list[Token], at: int) -> tuple[Clock, int]:
        """(Clock, position after) for 09:00, 9, 9am or 9:30 pm (the reader makes 9.30 into 9:30)."""
        if not self.at(tokens, at, "num"):
            raise self.error(tokens[min(at, len(tokens) - 1)], "a time is missing")
        token = tokens[at]
        minute = 0
        if self.at(tokens, at, "num", ":"):
            if (
                not self.at(tokens, at + 2, "num")
                or len(tokens[at + 2].text) != 2
                or tokens[at + 2].value > 59
            ):
                raise self.error(tokens[min(at + 2, len(tokens) - 1)], "minutes are two digits, 00 to 59")
            minute = tokens[at + 2].value
            at += 2
        at += 1
        meridian = None
        if self.at(tokens, at, "ampm"):
            meridian = tokens[at].value
            if not 1 <= token.value <= 12:
                raise self.error(
                    tokens[at], f"{token.value}{meridian} is not a time; with am or pm, hours run 1 to 12"
                )
            at += 1
        if token.value > 48 or (token.value == 48 and minute):
            raise self.error(token, "hours run from 00 to 24 (or to 48 for the night after)")
        return Clock(token.value, minute, meridian, token, tokens[at - 1].end), at

    def ambiguous(self, first: Clock, last: Clock, readings: list[TimeRange]) -> HoursError:
        typed = self.text[first.token.start : last.end]
        options = " or ".join(_option_text(start, end) for start, end in readings)
        return HoursError(
            f"“{typed}” could mean {options}; write the one you mean with the 24-hour clock, or with am "
            "and pm",
            "ambiguous hours",
        )

    def range_of(self, first: Clock, last: Clock) -> TimeRange:
        """(start, end) in minutes for a range, the end past 24:00 if it runs over midnight.

        Without am or pm a time is on the 24-hour clock, as OpenStreetMap writes it, unless that
        reading runs through the night or starts before 6am while a 12-hour reading would make an
        ordinary day (9-5, 1-5, 11:00-1:00): then we ask rather than guess."""
        readings = list(dict.fromkeys((s, e) for s in _readings(first) for e in _readings(last)))
        if first.meridian or last.meridian:
            # One end has am or pm: the other is read the way that makes a day, or else a night
            # out ending by 6am (9pm-2), if only one reading does.
            sensible = [r for r in readings if _daytime(r, first)] or [r for r in readings if _night(r)]
            if len(readings) > 1 and len(sensible) != 1:
                raise self.ambiguous(first, last, sensible or readings)
            start, end = readings[0] if len(readings) == 1 else sensible[0]
        else:
            start, end = first.minutes(), last.minutes()
            written = (start, end)
            twelve_hour_clock = not (first.twenty_four_hour or last.twenty_four_hour)
            if twelve_hour_clock and not _daytime(written, first):
                others = [r for r in readings if r != written and _daytime(r, first)]
                if others:
                    raise self.ambiguous(first, last, [written, *others])
        if start >= DAY:
            raise self.error(first.token, "a time range must start before 24:00")
        if end == start:
            raise HoursError(
                f"{_hhmm(start)}-{_hhmm(end)} starts and ends at the same time; for open all day write "
                "00:00-24:00",
                "same start and end",
            )
        if end < start:
            end += DAY
        if end > 2 * DAY:
            raise self.error(last.token, "a time range can run past midnight but not past the next one")
        return start, end


def _readings(clock: Clock) -> list[int]:
    """The minutes `clock` may mean: as written, or in the afternoon too if it could be 12-hour."""
    if clock.meridian:
        return [clock.minutes()]
    if clock.twelve_hour:
        return [clock.minutes(pm=False), clock.minutes(pm=True)]
    return [clock.minutes()]


def _daytime(reading: TimeRange, first: Clock) -> bool:
    """A range that makes an ordinary day: it does not run through the night, and starts at 6am or
    later unless its start was written unmistakably (09:00, 5am)."""
    start, end = reading
    end = DAY if end == 0 else end
    return start < end and (start >= 6 * 60 or not first.twelve_hour)


def _option_text(start: int, end: int) -> str:
    """A reading of a range in words for a question: 09:00-05:00 (through the night)."""
    end %= DAY
    if end == 0:
        return f"{_hhmm(start)}-24:00"
    return f"{_hhmm(start)}-{_hhmm(end)}" + (" (through the night)" if end < start else "")


def _night(reading: TimeRange) -> bool:
    start, end = reading
    return end < start and 0 < end <= 6 * 60


def _range_text(start: int, end: int) -> str:
    """09:00-17:00; a range over midnight ends at its clock time (22:00-02:00) unless it lasts 24
    hours or more (Tu 23:59-48:00), or both ends would be hours a 12-hour clock also has (11:00 to
    10:00 the next morning is 11:00-34:00: 11:00-10:00 could be 11am to 10pm)."""
    if end > DAY and end - DAY < start:
        twelve_hour_clock = start // 60 in (10, 11, 12) and (end - DAY) // 60 in (10, 11, 12)
        if not twelve_hour_clock:
            end -= DAY
    return f"{_hhmm(start)}-{_hhmm(end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _compact_weekdays(items: list[DaySelector]) -> list[DaySelector]:
    """Runs of three or more single days in a list made a range: Mo,Tu,We,Th,Fr,Su is Mo-Fr,Su."""
    out: list[DaySelector] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            out.append(WeekdayRange(run[0], run[-1]))
        else:
            out.extend(WeekdayRange(day, day) for day in run)
        run.clear()

    for item in items:
        single = isinstance(item, WeekdayRange) and item.first == item.last
        if single and run and item.first == run[-1] + 1:
            run.append(item.first)
            continue
        flush()
        if single:
            run.append(item.first)
        else:
            out.append(item)
    flush()
    return out


def overlapping_comma(hours: Hours, years: range) -> tuple[Rule, Rule] | None:
    """(earlier rule, additional rule) if an additional rule opens, on a day an earlier rule also
    opens, at times that meet the earlier rule's: `Mo-Fr 10:00-16:00, We 12:00-18:00` could give
    Wednesday 10:00-18:00 (the syntax's reading) or 12:00-18:00 (a venue's likely one), so we ask.
    Times that do not meet (`Mo-Fr 08:00-12:00, We 14:00-18:00`) are plainly added. Checked over
    the days of `years`, taking every day as a possible bank holiday."""
    opening = [rule for rule in hours.rules if rule.state != CLOSED and not rule.fallback]
    added = [rule for rule in opening if rule.additional]
    if not added:
        return None
    pairs = [
        (earlier, later)
        for n, later in enumerate(opening)
        if later.additional
        for earlier in opening[:n]
        if _times_meet(earlier, later)
    ]
    # Rules that name only weekdays (the usual case) are compared by their weekdays.
    weekly = [(a, b) for a, b in pairs if _weekdays_of(a) is not None and _weekdays_of(b) is not None]
    for earlier, later in weekly:
        if _weekdays_of(earlier) & _weekdays_of(later):
            return earlier, later
    pairs = [pair for pair in pairs if pair not in weekly]
    if not pairs:
        return None
    # Others by the days they select, each rule's days found once (a day is one pass over a rule).
    every_day, days_of = _Everything(), {}
    days = [
        date(years.start, 1, 1) + timedelta(days=n)
        for n in range((date(years.stop, 1, 1) - date(years.start, 1, 1)).days)
    ]
    for earlier, later in pairs:
        for rule in (earlier, later):
            if id(rule) not in days_of:
                days_of[id(rule)] = {day for day in days if rule.matches(day, every_day)}
        if days_of[id(earlier)] & days_of[id(later)]:
            return earlier, later
    return None


def _weekdays_of(rule: Rule) -> frozenset[int] | None:
    """The weekdays (0 to 6) a rule selects, if it selects by weekday ranges alone; else None."""
    if any(items for bucket, items in rule.selectors.items() if bucket != "weekday"):
        return None
    items = rule.selectors["weekday"]
    if not all(isinstance(item, WeekdayRange) for item in items):
        return None
    if not items:
        return frozenset(range(7))
    return frozenset(
        day for day in range(7) for item in items if item.matches(_A_MONDAY + timedelta(days=day), ())
    )


_A_MONDAY = date(2024, 1, 1)


def _times_meet(first: Rule, second: Rule) -> bool:
    """Whether two rules' times on a day overlap (for more than an instant)."""
    spans = [[(s, e) for s, e in rule.times] or [(0, DAY)] for rule in (first, second)]
    return any(a < d and c < b for a, b in spans[0] for c, d in spans[1])


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def years_named(text: str) -> set[int]:
    return {int(year) for year in re.findall(r"\b(19\d\d|2\d\d\d)\b", text)}
