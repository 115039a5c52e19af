"""The week table: opening times as a shopkeeper gives them, written as OpenStreetMap text.

Nobody running a shop should have to learn `Mo-Fr 09:00-17:00; PH off`. The application form
and the place form ask, for each day, whether the place is closed or when it opens and closes
(with a second opening for a day split by lunch), and what happens on bank holidays; this module
turns those boxes into the `opening_hours` text the rest of the site reads (hours.py), and reads
a simple text back into boxes for editing. Times are read as people type them: 9, 9am, 9:30,
17.30, 5pm, noon, midnight.

Hours past midnight: a closing time earlier than the opening time means the next morning
(8pm to 2am). It must be by noon, so that "opens 6pm, closes 5pm" is caught as a slip, and a
bare "5" after a "9" is asked about (5am or 5pm?) rather than read as an all-night opening.
OpenStreetMap's parser lets a later rule for the next day cut such hours short at midnight
(`Fr 20:00-02:00; Sa 10:00-16:00` is closed at 1am on Saturday), so when that could happen the
weekday rules are joined with `, ` (OpenStreetMap's "additional rule"), which keeps them. The bank
holidays row's own times ("open at other times") cannot run past midnight: they would run into
the next day, whose own hours the text would then have to be cut around, which the table does
not do. (A bank holiday open as on a normal day keeps that day's night hours.)

Bank holidays are always said: hours that leave them out are "not known" on one (hours.py), so
"open as on a normal day" is written as a rule for each weekday (`PH Mo-Fr 09:00-17:00`), and a
stored text with no bank holiday rule comes back into the table with no choice made (NOT_SAID),
so the form asks.

A text this module cannot show as a table (dates, months, more than two openings a day, a bank
holiday rule that is not last...) is left as text: `week_of` says why, and the manage form
shows the text box instead.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import N_, _

# The words are in English; N_ marks them, and pages and messages show them translated (_).
DAYS = (
    ("mo", N_("Monday")),
    ("tu", N_("Tuesday")),
    ("we", N_("Wednesday")),
    ("th", N_("Thursday")),
    ("fr", N_("Friday")),
    ("sa", N_("Saturday")),
    ("su", N_("Sunday")),
)
HOLIDAY = ("ph", N_("Bank holidays"))
CLOSED, SAME, OTHER = "closed", "same", "other"
NOT_SAID = ""  # a stored text that does not say what happens on bank holidays (see hours.py)
HOLIDAY_CHOICES = (
    (CLOSED, N_("Closed on bank holidays")),
    (SAME, N_("Open as on a normal day")),
    (OTHER, N_("Open at other times on bank holidays")),
)
BOXES = ("opens", "closes", "opens2", "closes2")  # each day's boxes: "mo_opens", ..., and "mo_closed"
TIME_EXAMPLE = N_("9am, 9:30, 17.30 or 5pm")
MIDNIGHT = 24 * 60
ONE_PM = 13 * 60  # an earlier time could also be read on the 12-hour clock
LATEST_OVERNIGHT = 12 * 60  # hours past midnight end by noon
TRUE = ("y", "yes", "on", "1", "true")

Period = tuple[int, int]  # minutes after midnight; a closing time at or before the opening is the next day
Openings = tuple[Period, ...]  # a day's openings, in order; empty: closed all day


@dataclass(frozen=True)
class Week:
    """Each day's openings, Monday first (an empty tuple: closed), and the bank holidays': CLOSED,
    SAME, OTHER (with `holiday_hours`), or NOT_SAID for a stored text that leaves them out."""

    days: tuple[Openings, ...]
    holiday: str = SAME
    holiday_hours: Openings = ()


class Unreadable(ValueError):
    """Typed text that is not a time."""


# Reading what was typed in the boxes


def read_time(text: str) -> tuple[int, bool]:
    """(minutes after midnight, whether it cannot be the other half of the day) for a typed time.

    "9", "9am", "09:30", "9.30pm", "1730", "noon", "midnight". "5" alone may mean 5am or 5pm:
    the second value is False for such a time, True for "5pm", "17:00", "05:00", "10:00", "12" or "0".
    Midnight is 0. Unreadable if it is not a time.

    Why not hours_reading's reader: that one reads a whole text token by token and takes a bare
    hour's half of the day from the range around it (`9-5`); a box holds one time and no range,
    so it says when the half is uncertain and the form asks.
    """
    compact = re.sub(r"\s+", "", text.lower()).replace("a.m.", "am").replace("p.m.", "pm")
    named = {"noon": 720, "midday": 720, "12noon": 720, "midnight": 0, "12midnight": 0}
    if compact in named:
        return named[compact], True
    match = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm)?", compact)
    if not match:
        raise Unreadable(text)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if minute > 59:
        raise Unreadable(text)
    if half:
        if not 1 <= hour <= 12:
            raise Unreadable(text)
        return (hour % 12 + (12 if half == "pm" else 0)) * 60 + minute, True
    if hour == 24 and minute == 0:
        return 0, True
    if hour > 23:
        raise Unreadable(text)
    # "17:00", "09:30" and "0930" are the 24-hour clock; "5", "5:30" and "10" may be either half.
    certain = hour == 0 or hour >= 12 or (len(match.group(1)) == 2 and (bool(match.group(2)) or hour < 10))
    return hour * 60 + minute, certain


def read(values: Mapping[str, object], unsaid_holidays: bool = False) -> tuple[Week | None, dict[str, str]]:
    """The week typed in the table's boxes, or its problems: ({box: message}), one per row.

    Boxes are named as in BOXES ("mo_opens"), with "mo_closed" ticked for a day closed all
    day, "ph" the bank-holiday choice and "ph_opens"... its hours. An empty table is (None, {}):
    the opening times are not known. No bank holiday choice is a problem, unless
    `unsaid_holidays`: then it is NOT_SAID, as in a stored text that leaves them out.
    """
    text = {key: str(values.get(key) or "").strip() for key in _box_names()}
    closed = {code: str(values.get(f"{code}_closed") or "").lower() in TRUE for code, _day in DAYS}
    holiday = str(values.get("ph") or "").strip()
    if not any(text.values()) and not any(closed.values()) and not holiday:
        return None, {}
    _split_ranges(text)
    problems: dict[str, str] = {}
    days = tuple(_read_day(code, name, text, closed[code], problems) for code, name in DAYS)
    if unsaid_holidays and holiday == NOT_SAID and not any(text[f"{HOLIDAY[0]}_{box}"] for box in BOXES):
        holiday_hours = ()
    else:
        holiday_hours = _read_holiday(holiday, text, problems)
    if not problems and not any(days):
        problems["mo_opens"] = _(
            "The place must be open on at least one day. If you do not know the times, "
            "leave the whole table empty."
        )
    if problems:
        return None, problems
    return Week(days, holiday, holiday_hours), {}


# "8am-8pm", "9 to 5.30pm": both times typed in the opening box.
RANGE = re.compile(r"(.+?)\s*(?:-|–|—|\bto\b|\btill\b|\buntil\b)\s*(.+)", re.IGNORECASE)


def _split_ranges(text: dict[str, str]) -> None:
    """Both times typed in an opening box with its closing box empty are read as meant: the
    opening and the closing time (a shopkeeper typing "8am-8pm" under "Opens")."""
    for code, _day in (*DAYS, HOLIDAY):
        for opens, closes in (("opens", "closes"), ("opens2", "closes2")):
            if text[f"{code}_{opens}"] and not text[f"{code}_{closes}"]:
                if found := RANGE.fullmatch(text[f"{code}_{opens}"]):
                    text[f"{code}_{opens}"], text[f"{code}_{closes}"] = found.group(1), found.group(2)


def _box_names() -> list[str]:
    return [f"{code}_{box}" for code, _day in (*DAYS, HOLIDAY) for box in BOXES]


def _read_day(code: str, name: str, text: dict[str, str], closed: bool, problems: dict[str, str]) -> Openings:
    typed = [text[f"{code}_{box}"] for box in BOXES]
    if closed:
        if any(typed):
            problems[f"{code}_closed"] = _(
                "%(day)s: you ticked closed but also gave times. Clear the times, or untick closed.",
                day=_(name),
            )
        return ()
    if not any(typed):
        problems[f"{code}_opens"] = _(
            "%(day)s: give the opening and closing times, or tick closed.", day=_(name)
        )
        return ()
    return _read_periods(code, name, text, problems, overnight=True)


def choose_holidays() -> str:
    """The problem when the bank holidays row has no choice."""
    return _(
        "%(day)s: choose whether the place is closed, open as on a normal day, or open at other times.",
        day=_(HOLIDAY[1]),
    )


def _read_holiday(choice: str, text: dict[str, str], problems: dict[str, str]) -> Openings:
    code, name = HOLIDAY
    typed = any(text[f"{code}_{box}"] for box in BOXES)
    if choice not in (CLOSED, SAME, OTHER):
        problems[code] = choose_holidays()
    elif choice != OTHER and typed:
        problems[f"{code}_opens"] = _(
            "%(day)s: you gave times, so choose “%(choice)s”, or clear the times.",
            day=_(name),
            choice=_(HOLIDAY_CHOICES[2][1]),
        )
    elif choice == OTHER and not typed:
        problems[f"{code}_opens"] = _("%(day)s: give the opening and closing times.", day=_(name))
    elif choice == OTHER:
        return _read_periods(code, name, text, problems, overnight=False)
    return ()


def _read_periods(
    code: str, name: str, text: dict[str, str], problems: dict[str, str], overnight: bool
) -> Openings:
    """The day's one or two openings; records at most one problem for the row."""
    periods: list[Period] = []
    for n, (opens, closes) in enumerate((("opens", "closes"), ("opens2", "closes2"))):
        if n == 1 and not (text[f"{code}_opens2"] or text[f"{code}_closes2"]):
            break
        try:
            periods.append(_read_period(code, name, text, opens, closes, second=n == 1, overnight=overnight))
        except _RowProblem as problem:
            problems[problem.box] = str(problem)
            return ()
    if len(periods) == 2:
        (open1, close1), (open2, _close2) = periods
        if close1 <= open1:
            problems[f"{code}_opens2"] = _(
                "%(day)s: the first opening runs past midnight, so there cannot be a second one after it.",
                day=_(name),
            )
        elif open2 <= close1:
            problems[f"{code}_opens2"] = _(
                "%(day)s: the second opening time must be after the first closing time.", day=_(name)
            )
    return tuple(periods) if f"{code}_opens2" not in problems else ()


class _RowProblem(Exception):
    """A row's one problem: the box it belongs to, and str(problem) in plain words."""

    def __init__(self, box: str, message: str) -> None:
        super().__init__(message)
        self.box = box


# A row's problems with its first or second opening, whole for translators.
PERIOD_WORDS = {
    "no opens": (
        N_("%(day)s: give the opening time as well."),
        N_("%(day)s: give the second opening time as well."),
    ),
    "no closes": (
        N_("%(day)s: give the closing time as well."),
        N_("%(day)s: give the second closing time as well."),
    ),
    "closes first": (
        N_("%(day)s: the closing time must be after the opening time."),
        N_("%(day)s: the second closing time must be after the opening time."),
    ),
    "holiday overnight": (
        N_(
            "%(day)s: the closing time must be after the opening time (bank holiday hours cannot run past midnight)."
        ),
        N_(
            "%(day)s: the second closing time must be after the opening time "
            "(bank holiday hours cannot run past midnight)."
        ),
    ),
    "too late": (
        N_(
            "%(day)s: the closing time must be after the opening time. "
            "Hours past midnight must end by noon, for example 8pm to 2am."
        ),
        N_(
            "%(day)s: the second closing time must be after the opening time. "
            "Hours past midnight must end by noon, for example 8pm to 2am."
        ),
    ),
}


def _read_period(
    code: str,
    name: str,
    text: dict[str, str],
    opens_box: str,
    closes_box: str,
    second: bool,
    overnight: bool,
) -> Period:
    def problem(box: str, kind: str) -> _RowProblem:
        return _RowProblem(f"{code}_{box}", _(PERIOD_WORDS[kind][second], day=_(name)))

    opens_text, closes_text = text[f"{code}_{opens_box}"], text[f"{code}_{closes_box}"]
    if not opens_text:
        raise problem(opens_box, "no opens")
    if not closes_text:
        raise problem(closes_box, "no closes")
    opens, opens_certain = _time(code, name, opens_box, opens_text)
    closes, closes_certain = _time(code, name, closes_box, closes_text)
    closes = closes or MIDNIGHT  # closing at midnight is the end of the day
    if closes > opens:
        return opens, closes
    if closes == opens:
        raise problem(closes_box, "closes first")
    if not overnight:
        raise problem(closes_box, "holiday overnight")
    if not closes_certain and opens < closes + 720 <= MIDNIGHT:
        raise _RowProblem(
            f"{code}_{closes_box}",
            _(
                "%(day)s: does it close at %(hour)sam, after midnight, or at %(hour)spm? Write %(hour)sam or %(hour)spm.",
                day=_(name),
                hour=closes_text.strip(),
            ),
        )
    if closes > LATEST_OVERNIGHT:
        raise problem(closes_box, "too late")
    if not opens_certain:
        raise _RowProblem(
            f"{code}_{opens_box}",
            _(
                "%(day)s: does it open at %(hour)sam or at %(hour)spm? Write %(hour)sam or %(hour)spm.",
                day=_(name),
                hour=opens_text.strip(),
            ),
        )
    return opens, closes


def _time(code: str, name: str, box: str, typed: str) -> tuple[int, bool]:
    try:
        return read_time(typed)
    except Unreadable:
        raise _RowProblem(
            f"{code}_{box}",
            _(
                "%(day)s: “%(typed)s” is not a time we can read. Write it like %(example)s.",
                day=_(name),
                typed=typed,
                example=_(TIME_EXAMPLE),
            ),
        ) from None


# Writing the text


def text_of(week: Week | None) -> str:
    """The OpenStreetMap opening_hours text for a week ("" for None: not known)."""
    if week is None:
        return ""
    if week.holiday == SAME and all(day == ((0, MIDNIGHT),) for day in week.days):
        return "24/7"
    groups: dict[Openings, list[int]] = {}
    for index, periods in enumerate(week.days):
        if periods:
            groups.setdefault(periods, []).append(index)
    rules = [f"{_days_words(days)} {_times(periods)}" for periods, days in groups.items()]
    text = (", " if _cut_at_midnight(week.days) else "; ").join(rules)
    if week.holiday == CLOSED:
        text += "; PH off"
    elif week.holiday == OTHER:
        text += f"; PH {_times(week.holiday_hours)}"
    elif week.holiday == SAME:
        text += "".join(f"; {rule}" for rule in _as_on_a_normal_day(week.days))
    if week.holiday in (CLOSED, OTHER):
        text += "".join(f"; {rule}" for rule in _after_a_holiday(week.days))
    return text


def _as_on_a_normal_day(days: tuple[Openings, ...]) -> list[str]:
    """Rules giving a bank holiday the hours of its weekday, so that the text says so.

    Hours that leave bank holidays out are "not known" on one (see hours.py), so "open as on a
    normal day" is written out: `Mo-Fr 09:00-17:00; PH Mo-Fr 09:00-17:00`. Each rule replaces
    its day's hours, including the small hours run on from the night before, so those are
    written in too (`PH Sa 00:00-02:00,10:00-16:00` after `Fr 20:00-02:00`).
    """
    groups: dict[Openings, list[int]] = {}
    for index, periods in enumerate(days):
        whole_day = _with_last_night(periods, days[index - 1])
        if whole_day:
            groups.setdefault(whole_day, []).append(index)
    return [f"PH {_days_words(indexes)} {_times(periods)}" for periods, indexes in groups.items()]


def _with_last_night(periods: Openings, before: Openings) -> Openings:
    """A day's openings with the small hours run on from the day `before` joined in."""
    if not (before and before[-1][1] < before[-1][0]):
        return periods
    overnight = periods[-1][1] if periods and periods[-1][1] < periods[-1][0] else None
    merged: list[list[int]] = []
    for opens, closes in sorted([(0, before[-1][1]), *((o, c if c > o else MIDNIGHT) for o, c in periods)]):
        if merged and opens <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    if overnight is not None:
        # The last opening still runs on into the next morning; from midnight, that is 24:00 and on.
        merged[-1][1] = overnight + MIDNIGHT if merged[-1][0] == 0 else overnight
    return tuple((opens, closes) for opens, closes in merged)


def _after_a_holiday(days: tuple[Openings, ...]) -> list[str]:
    """Rules closing the small hours after a bank holiday, which the holiday's own hours replace.

    In the syntax, hours past midnight belong to the next day: `Mo 20:00-02:00; PH off` closes
    a bank holiday Monday but still opens the small hours of the Tuesday after it (so does the
    reference evaluator, opening_hours.js). A venue closed on the holiday means closed that night
    too, so the table also writes `PH +1 day Tu 00:00-02:00 off`, leaving alone any hours the
    next day has of its own from midnight.
    """
    rules = []
    for index, periods in enumerate(days):
        if periods and periods[-1][1] < periods[-1][0]:
            following, until = (index + 1) % 7, periods[-1][1]
            own = days[following]
            start = (own[0][1] if own[0][1] > own[0][0] else MIDNIGHT) if own and own[0][0] == 0 else 0
            if start < until:
                rules.append(f"PH +1 day {_DAY_CODES[following]} {_clock(start)}-{_clock(until)} off")
    return rules


def _cut_at_midnight(days: tuple[Openings, ...]) -> bool:
    """True if a day's hours run past midnight into a day with other hours of its own."""
    return any(
        periods and periods[-1][1] <= periods[-1][0] and days[(n + 1) % 7] and days[(n + 1) % 7] != periods
        for n, periods in enumerate(days)
    )


def _days_words(indexes: list[int]) -> str:
    """Day numbers as OpenStreetMap day ranges: [0, 1, 2, 4] is "Mo-We,Fr"."""
    runs, start = [], indexes[0]
    for previous, index in zip(indexes, [*indexes[1:], None], strict=True):
        if index != previous + 1:
            runs.append((start, previous))
            start = index
    names = [code.capitalize() for code, _day in DAYS]
    return ",".join(
        names[a] if a == b else f"{names[a]},{names[b]}" if b == a + 1 else f"{names[a]}-{names[b]}"
        for a, b in runs
    )


def _times(periods: Openings) -> str:
    return ",".join(f"{_clock(opens)}-{_clock(_end(opens, closes))}" for opens, closes in periods)


def _end(opens: int, closes: int) -> int:
    """The closing time as written: past midnight after a morning opening, as 24 hours on.

    `20:00-02:00` can only be a night, but `10:15-10:00` reads as a slip for 10:15-22:00 (hours.py
    asks which), so a night that starts before 1pm is written `10:15-34:00`, as OpenStreetMap
    allows, which only means the morning after.
    """
    return closes + MIDNIGHT if closes < opens < ONE_PM else closes


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Reading a stored text back into the table

_DAY_CODES = [code.capitalize() for code, _day in DAYS]
_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_SELECTOR = re.compile(rf"^(PH|{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*)\s+(.+)$")
_TIMES = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_AFTER_A_HOLIDAY = re.compile(rf"^PH \+1 day {_DAY} \d{{2}}:\d{{2}}-\d{{2}}:\d{{2}} off$")
_AS_ON_A_NORMAL_DAY = re.compile(rf"^PH {_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)* \S+$")
_RULE_SPLIT = re.compile(rf"\s*(;|,(?=\s+(?:{_DAY}|PH)\b))\s*")


class NotATable(ValueError):
    """A text the week table cannot show; the message says why, to finish "…because …"."""


def week_of(text: str) -> Week | None:
    """The week a stored opening_hours text describes, for the table; None for empty text.

    NotATable when the table cannot show it exactly (the message says why).
    """
    text = " ".join((text or "").split())
    if not text:
        return None
    if text == "24/7":
        return Week(((((0, MIDNIGHT),),) * 7), SAME)
    parts = _RULE_SPLIT.split(text)
    # The rules text_of adds after the bank holiday's (see _after_a_holiday and
    # _as_on_a_normal_day), checked at the end.
    after_holiday, as_normal = _trailing(parts, _AFTER_A_HOLIDAY), _trailing(parts, _AS_ON_A_NORMAL_DAY)
    days: list[list[Period] | None] = [None] * 7
    owner: list[int | None] = [None] * 7
    holiday, holiday_hours, overriding = NOT_SAID, (), False
    for number, (joined, rule) in enumerate(zip([";", *parts[1::2]], parts[::2], strict=True)):
        if holiday != NOT_SAID:
            raise NotATable("the bank holiday times are not the last part")
        match = _SELECTOR.match(rule)
        if not match:
            raise NotATable(
                f"the table cannot show “{rule}”: it shows each day’s times and bank holidays only"
            )
        selector, times = match.groups()
        periods = _periods(times, rule)
        if selector == "PH":
            if any(closes <= opens for opens, closes in periods):
                raise NotATable("its bank holiday times run past midnight")
            holiday, holiday_hours = (CLOSED, ()) if not periods else (OTHER, tuple(periods))
            continue
        overriding |= joined == ";" and number > 0
        for index in _day_indexes(selector, rule):
            if joined == ";" or days[index] is None:
                days[index], owner[index] = list(periods), number
            else:
                days[index] = days[index] + list(periods)
    week_days = tuple(_one_day(n, day) for n, day in enumerate(days))
    if as_normal and holiday != NOT_SAID:
        raise NotATable("it gives bank holidays both their own times and those of a normal day")
    if as_normal:
        holiday = SAME
    elif holiday == NOT_SAID and all(day == ((0, MIDNIGHT),) for day in week_days):
        holiday = SAME  # never closes, so open on bank holidays too (24/7)
    week = Week(week_days, holiday, holiday_hours)
    if overriding:
        _check_not_cut(week.days, owner)
    if not any(week.days):
        raise NotATable("it says the place is never open")
    if as_normal and as_normal != _as_on_a_normal_day(week.days):
        raise NotATable("its bank holiday times are not those of a normal day")
    if after_holiday != (_after_a_holiday(week.days) if holiday in (CLOSED, OTHER) else []):
        raise NotATable("its times after a bank holiday are not the small hours the holiday closes")
    return week


def _trailing(parts: list[str], pattern: re.Pattern[str]) -> list[str]:
    """The rules matching `pattern` at the end of the split text, taken off it."""
    found: list[str] = []
    while len(parts) >= 3 and parts[-2] == ";" and pattern.match(parts[-1]):
        found.insert(0, parts.pop())
        parts.pop()
    return found


def _periods(times: str, rule: str) -> list[Period]:
    if times in ("off", "closed"):
        return []
    periods = []
    for part in re.split(r",\s*", times):
        match = _TIMES.match(part)
        if not match:
            raise NotATable(
                f"the table cannot show “{rule}”: it shows each day’s times and bank holidays only"
            )
        h1, m1, h2, m2 = (int(n) for n in match.groups())
        opens, closes = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or opens >= MIDNIGHT or closes > MIDNIGHT + LATEST_OVERNIGHT:
            raise NotATable(f"the table cannot show the times in “{rule}”")
        if closes > MIDNIGHT:  # OpenStreetMap's 26:00 is 2am the next morning
            closes -= MIDNIGHT
        if closes == opens or (closes < opens and closes > LATEST_OVERNIGHT):
            raise NotATable(f"the table cannot show the times in “{rule}”")
        periods.append((opens, closes))
    return periods


def _day_indexes(selector: str, rule: str) -> list[int]:
    indexes: list[int] = []
    for part in selector.split(","):
        first, _dash, last = part.partition("-")
        start, end = _DAY_CODES.index(first), _DAY_CODES.index(last or first)
        if end < start:
            raise NotATable(f"the table cannot show the days in “{rule}”")
        indexes.extend(range(start, end + 1))
    return indexes


def _one_day(index: int, periods: list[Period] | None) -> Openings:
    name = DAYS[index][1]
    periods = sorted(periods or [])
    if len(periods) > 2:
        raise NotATable(f"it has more than two openings on {name}")
    if len(periods) == 2 and (periods[0][1] <= periods[0][0] or periods[1][0] <= periods[0][1]):
        raise NotATable(f"its openings on {name} overlap")
    return tuple(periods)


def _check_not_cut(days: tuple[Openings, ...], owner: list[int | None]) -> None:
    for n, periods in enumerate(days):
        following = (n + 1) % 7
        if periods and periods[-1][1] <= periods[-1][0] and days[following] and owner[following] != owner[n]:
            raise NotATable(
                f"its times after midnight on {DAYS[n][1]} night are cut short by {DAYS[following][1]}’s "
                "own times, which the table cannot show"
            )


# The boxes for a week, to show it in the table


def boxes_of(week: Week | None) -> dict[str, str]:
    """The table's boxes filled in for a week (all empty for None)."""
    boxes = dict.fromkeys(_box_names(), "")
    boxes.update({f"{code}_closed": "" for code, _day in DAYS}, ph="")
    if week is None:
        return boxes
    for (code, _day), periods in zip(DAYS, week.days, strict=True):
        _fill(boxes, code, periods)
        if not periods:
            boxes[f"{code}_closed"] = "y"
    boxes["ph"] = week.holiday
    _fill(boxes, HOLIDAY[0], week.holiday_hours)
    return boxes


def _fill(boxes: dict[str, str], code: str, periods: Openings) -> None:
    for (opens, closes), (open_box, close_box) in zip(
        periods, (("opens", "closes"), ("opens2", "closes2")), strict=False
    ):
        boxes[f"{code}_{open_box}"] = _clock(opens)
        boxes[f"{code}_{close_box}"] = "midnight" if closes == MIDNIGHT else _clock(closes)
