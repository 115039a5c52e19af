"""Opening hours as people type them, read into OpenStreetMap's `opening_hours` syntax.

Venues write `Mon-Fri 9am-5pm`, `Monday to Friday 9.00 - 17.00`, `10am-12pm, 1pm-8pm` or paste
`Mo 12:00–14:00` from a word processor (an en dash). We accept those English forms and store the
canonical text (`Mo-Fr 09:00-17:00`), which the person is shown ("We read this as ...") so that
a wrong reading is caught by the one who knows the hours. Hours without minutes and without am
or pm are on the 24-hour clock, as in OpenStreetMap (`Mo 7-18`), except where that reading would
run through the night or start before 6am while a 12-hour one would make an ordinary day (`9-5`,
`1-5`, `11:00-1:00`): then we ask, since a place shown open at night when it is shut is the worst
mistake the site can make. Names of days and months in other languages are refused rather than
guessed.

This module turns the typed words into tokens, and refuses readings the syntax allows but a venue
seldom means (days with no times, which the syntax reads as open day and night; a comma that
could add to a day's hours or replace them); safeplaces.hours_rules reads the tokens strictly and
evaluates them.
"""

import re

from .hours_rules import OPEN, Hours, HoursError, Parser, Token, overlapping_comma, years_named

MAX_LENGTH = 1000
Scanned = tuple[str, str, int, int]  # (kind, text, start, end): a match of SCAN, before it is a Token
Phrase = tuple[tuple[str, ...], str]  # (words, what they mean in the strict syntax), as in PHRASES
# Characters word processors and phones put in: read as the plain ones (one for one, so positions
# in messages still point into what was typed).
SAME = str.maketrans(
    {
        **dict.fromkeys("\u00a0\u2007\u2009\u200a\u202f\t\r\n", " "),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
        **dict.fromkeys("\u201c\u201d", '"'),
        "\uff1a": ":",
    }
)
SCAN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>"[^"]*"?)
  | (?P<always>24/7|24x7)
  | (?P<ampm>[ap]\.\ ?m\.?|[ap]m(?![^\W\d_]))
  | (?P<num>\d+)
  | (?P<word>[^\W\d_]+\.?)
  | (?P<oror>\|\|)
  | (?P<sign>[-,;:+/\[\]&.])
    """,
    re.VERBOSE | re.IGNORECASE,
)
WEEKDAY_NAMES = {
    0: ("mo", "mon", "monday"),
    1: ("tu", "tue", "tues", "tuesday"),
    2: ("we", "wed", "weds", "wednesday"),
    3: ("th", "thu", "thur", "thurs", "thursday"),
    4: ("fr", "fri", "friday"),
    5: ("sa", "sat", "saturday"),
    6: ("su", "sun", "sunday"),
}
MONTH_NAMES = {
    1: ("jan", "january"),
    2: ("feb", "february"),
    3: ("mar", "march"),
    4: ("apr", "april"),
    5: ("may",),
    6: ("jun", "june"),
    7: ("jul", "july"),
    8: ("aug", "august"),
    9: ("sep", "sept", "september"),
    10: ("oct", "october"),
    11: ("nov", "november"),
    12: ("dec", "december"),
}
WORDS = {
    **{name: ("weekday", day) for day, names in WEEKDAY_NAMES.items() for name in names},
    **{
        name + "s": ("weekday", day)
        for day, names in WEEKDAY_NAMES.items()
        for name in names
        if len(name) > 3
    },
    **{name: ("month", month) for month, names in MONTH_NAMES.items() for name in names},
    "ph": ("PH", None),
    "week": ("week", None),
    "easter": ("easter", None),
    "day": ("days", None),
    "days": ("days", None),
    "open": ("state", "open"),
    "closed": ("state", "closed"),
    "off": ("state", "closed"),
    "unknown": ("state", "unknown"),
    "to": ("-", None),
    "till": ("-", None),
    "til": ("-", None),
    "until": ("-", None),
    "through": ("-", None),
    "thru": ("-", None),
    "and": (",", None),
}
# Words that stand for several tokens: (words, what they mean in the strict syntax).
PHRASES: list[Phrase] = [
    (("7", "days", "a", "week"), "Mo-Su"),
    (("7", "days", "/", "week"), "Mo-Su"),
    (("always", "open"), "24/7"),
    (("always", "closed"), "off"),
    (("always",), "24/7"),
    (("all", "day"), "00:00-24:00"),
    (("every", "day"), "Mo-Su"),
    (("daily",), "Mo-Su"),
    (("everyday",), "Mo-Su"),
    (("weekdays",), "Mo-Fr"),
    (("weekends",), "Sa-Su"),
    (("weekend",), "Sa-Su"),
    (("bank", "holidays"), "PH"),
    (("bank", "holiday"), "PH"),
    (("public", "holidays"), "PH"),
    (("public", "holiday"), "PH"),
    (("open", "24", "hours"), "00:00-24:00"),
    (("24", "hours"), "00:00-24:00"),
    (("24", "hrs"), "00:00-24:00"),
    (("24hrs",), "00:00-24:00"),
    (("noon",), "12:00"),
    (("midday",), "12:00"),
    (("midnight",), "00:00"),
    (("from",), ""),
    (("on",), ""),
]
PHRASES += [
    ((*one, "day", when, kind, holiday), f"PH {move}")
    for one in ((), ("one",))
    for when, move in (("after", "+1 day"), ("before", "-1 day"))
    for kind in ("bank", "public")
    for holiday in ("holiday", "holidays")
]
REFUSED_WORDS = {
    **dict.fromkeys(("sunrise", "sunset", "dawn", "dusk", "daylight"), "sun times"),
    **dict.fromkeys(("sh", "school"), "school holidays"),
    **dict.fromkeys(("late", "openend"), "open end"),
}
PHRASES_BY_FIRST_WORD: dict[str, list[Phrase]] = {}
for _words, _meaning in PHRASES:  # in order: the longer phrases come first
    PHRASES_BY_FIRST_WORD.setdefault(_words[0], []).append((_words, _meaning))
REFUSED_PHRASES = {"open end": "open end", "open-end": "open end"}


def read(text: str) -> tuple[Hours, str]:
    """(rules, canonical text) for opening hours as typed; HoursError if we will not read them.

    Blank text is not read here: it means the hours are not known (safeplaces.hours says so)."""
    hours, canonical = parse(text)
    _check_meaning(hours, canonical)
    return hours, canonical


def parse(text: str) -> tuple[Hours, str]:
    """(rules, canonical text) as the syntax reads them, before the checks that refuse readings a
    venue seldom means (`read` makes those); HoursError if the text is not opening hours at all."""
    if len(text) > MAX_LENGTH:
        raise HoursError(
            f"this is longer than {MAX_LENGTH} characters; write the hours more briefly", "too long"
        )
    hours = _strict(text)
    # The canonical text must read back as itself and mean the same. Putting the selectors in the
    # usual order can join a year to a date ("2026 Jan 31-Feb 02") and change the reading: then
    # they stay in the order written, and failing that (never yet seen) the text stays as typed.
    for canonical in (hours.text, hours.text_as_written, " ".join(text.split())):
        try:
            again = _strict(canonical)
        except HoursError:
            continue
        if again.meaning == hours.meaning and canonical in (again.text, again.text_as_written):
            return hours, canonical
    return hours, " ".join(text.split())


def _strict(text: str) -> Hours:
    return Hours(Parser(_tidy(_tokens(text), text), text).rules())


def _check_meaning(hours: Hours, canonical: str) -> None:
    """Refuse what the syntax allows but a venue seldom means (hours_rules.REFUSED says why)."""
    for rule in hours.rules:
        if rule.state == OPEN and not rule.times and not rule.stated and rule.dated:
            raise HoursError(
                f"give the times for “{rule.text}”, for example {rule.text} 09:00-17:00; if the place is open all "
                f"day and night then, write {rule.text} 00:00-24:00",
                "days without times",
            )
    named = years_named(canonical)
    # Four years hold every weekday of every date and a leap day; and the years the text names.
    years = range(min(named | {2024}), max(named | {2027}) + 1) if len(named) < 4 else range(2024, 2028)
    if clash := overlapping_comma(hours, years):
        earlier, later = clash
        raise HoursError(
            f"“{earlier.text}, {later.text}”: on the days both name, should the second add to the first or "
            f"replace it? To add, write both times in one rule; to replace, write “{earlier.text}; {later.text}”",
            "overlapping comma",
        )


def _tokens(text: str) -> list[Token]:
    """The tokens of the typed text, with phrases and English words turned into the strict ones."""
    plain = text.translate(SAME)
    outside_comments = " ".join(plain.split('"')[::2]).lower()
    for word in re.findall(r"[^\W\d_]+", outside_comments):
        if word in REFUSED_WORDS:
            raise _refused(REFUSED_WORDS[word])
        if word in ("holiday", "holidays") and not re.search(
            r"\b(bank|public) holidays?\b", outside_comments
        ):
            raise HoursError(
                "“holidays” could mean bank holidays or school holidays: write PH (or bank holidays) for bank "
                "holidays, and the dates for others, such as Dec 24-Jan 02 off",
                "not understood",
            )
    for phrase, feature in REFUSED_PHRASES.items():
        if phrase in outside_comments:
            raise _refused(feature)
    raw: list[Scanned] = []
    at = 0
    while at < len(plain):
        match = SCAN.match(plain, at)
        if not match:
            raise _not_understood(plain, at, at + 1)
        kind, found = match.lastgroup, match.group()
        if kind != "space":
            raw.append((kind, found, match.start(), match.end()))
        at = match.end()
    tokens: list[Token] = []
    n = 0
    while n < len(raw):
        phrase = _phrase_at(raw, n)
        if phrase:
            length, meaning = phrase
            start, end = raw[n][2], raw[n + length - 1][3]
            tokens.extend(Token(t.kind, t.value, start, end, t.text) for t in _tokens(meaning) if meaning)
            n += length
            continue
        tokens.append(_token(plain, *raw[n]))
        n += 1
    return _times_with_dots(tokens, plain)


def _phrase_at(raw: list[Scanned], n: int) -> tuple[int, str] | None:
    """(how many raw tokens, meaning) of the phrase starting at raw[n], or None."""
    for words, meaning in PHRASES_BY_FIRST_WORD.get(_word(raw[n]), ()):
        if tuple(_word(item) for item in raw[n : n + len(words)]) == words:
            return len(words), meaning
    return None


def _word(item: Scanned) -> str | None:
    kind, found = item[0], item[1]
    return found.lower().rstrip(".") if kind in ("word", "num", "sign") else None


def _token(plain: str, kind: str, found: str, start: int, end: int) -> Token:
    if kind == "comment":
        if len(found) < 3 or not found.endswith('"'):
            raise HoursError(f"a comment in quotes is empty or not closed, at “{plain[start : start + 20]}”")
        return Token("comment", found[1:-1], start, end, found)
    if kind == "always":
        return Token("24/7", None, start, end, found)
    if kind == "ampm":
        return Token("ampm", "am" if found[0].lower() == "a" else "pm", start, end, found)
    if kind == "num":
        if len(found) == 4 and 1900 <= int(found) <= 2100:
            return Token("year", int(found), start, end, found)
        if len(found) > 2:
            raise HoursError(
                f"“{found}” is not a time or a date we can read; write times with a colon, as in 09:00-17:30",
                "not understood",
            )
        return Token("num", int(found), start, end, found)
    if kind == "oror":
        return Token("||", None, start, end, found)
    if kind == "sign":
        return Token("," if found == "&" else found, None, start, end, found)
    word = found.lower().rstrip(".")
    if word in REFUSED_WORDS:
        raise _refused(REFUSED_WORDS[word])
    if word in WORDS:
        meaning, value = WORDS[word]
        return Token(meaning, value, start, end, found)
    raise _not_understood(plain, start, end)


def _times_with_dots(tokens: list[Token], plain: str) -> list[Token]:
    """9.30 is 9:30; a full stop anywhere else is refused, but one at the very end is dropped."""
    out: list[Token] = []
    for n, token in enumerate(tokens):
        if token.kind != ".":
            out.append(token)
            continue
        before, after = (tokens[n - 1] if n else None), (tokens[n + 1] if n + 1 < len(tokens) else None)
        if after is None:
            continue
        if (
            before
            and after
            and before.kind == after.kind == "num"
            and before.end == token.start == after.start - 1
        ):
            out.append(Token(":", None, token.start, token.end, "."))
            continue
        raise HoursError(
            f"a full stop is out of place, at “{_near(plain, tokens, n)}”; write dates as Dec 24 and times as 09:30",
            "not understood",
        )
    return out


def _tidy(tokens: list[Token], text: str) -> list[Token]:
    """Stray separators dropped: ; or , at either end, and ; repeated or after a comma."""
    out: list[Token] = []
    for n, token in enumerate(tokens):
        if token.kind == "," and out and out[-1].kind == ",":
            raise HoursError(
                f"two commas in a row, at “{_near(text, tokens, n)}”; is something missing between them?"
            )
        if token.kind == ";":
            while out and out[-1].kind == ",":
                out.pop()
            if not out or out[-1].kind == ";":
                continue
        out.append(token)
    while out and out[-1].kind in (";", ","):
        out.pop()
    while out and out[0].kind == ",":
        out.pop(0)
    return out


def _near(text: str, tokens: list[Token], n: int) -> str:
    """The typed word (between spaces) holding tokens[n], for a message."""
    start, end = tokens[n].start, tokens[n].end
    right = text.find(" ", end)
    return text[text.rfind(" ", 0, start) + 1 : len(text) if right < 0 else right]


def _not_understood(plain: str, start: int, end: int) -> HoursError:
    word = plain[start:end].strip() or plain[start : start + 1]
    return HoursError(
        f"we could not read “{word}”; write days in English (Mo-Fr or Monday to Friday) and times like "
        "09:00-17:00 or 9am-5pm",
        "not understood",
    )


def _refused(feature: str) -> HoursError:
    messages = {
        "sun times": "use clock times, such as 07:30-16:00, instead of sunrise or sunset",
        "school holidays": (
            "school holidays differ from school to school: write their dates instead, for example Jul 24-Sep 02 off"
        ),
        "open end": (
            "say when the place closes, for example 17:00-23:00: an open end leaves a visitor not knowing "
            "whether the door will still be open"
        ),
    }
    return HoursError(messages[feature], feature)
