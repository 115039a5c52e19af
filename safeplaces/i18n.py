"""Translation: the one home for words in the reader's language, wherever they are made.

Many public words are made in domain modules, which import no Flask: an opening time's status
("Open now until 5pm"), a walk ("about 6 minutes' walk"), a search's "did you mean", a card's
problems, the easy-read pages. They all call `_` (gettext), `_n` (ngettext) or `_l` (a lazy
gettext, for words kept in module constants) from here, and so do the templates, so pybabel
extracts every message from one kind of call and one catalogue holds them all
(safeplaces/translations/<code>/LC_MESSAGES/messages.po; the README says how to update them).

The language is a context variable holding the current `babel.support.Translations` and its
Babel locale. The web layer sets it for each request from Flask-Babel's choice (see
safeplaces/web/languages.py) and resets it when the request ends; a command, a test or anything
else that sets nothing speaks English, the words as written in the code. A context variable,
not a global, because a threaded server answers requests in different languages at once.

Messages with values use named placeholders, `_("Open now until %(time)s", time=...)`, never an
f-string inside `_()`: pybabel extracts the literal, and the translator needs the whole sentence
with its gaps named, since the order of words differs between languages. Easy-read words keep
their own `{place}` placeholders (safeplaces/easy_read.py fills them after translating).

Numbers, dates and times are formatted by Babel for the current language (`decimal`,
`date_words`, `time_words`), from the Unicode CLDR data; English keeps the site's own clock
words ("9am", "5:30pm"), which `safeplaces/dates.py` writes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from babel.support import LazyProxy, NullTranslations, Translations

FOLDER = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
SOURCE = "en"  # the language the messages are written in
# The Babel locale for each language's numbers and dates, where it is not the code itself.
LOCALES = {"en": "en_GB", "pa": "pa_Guru"}


@dataclass(frozen=True)
class Speaking:
    """The language of what is being made now: its code, its translations and its Babel locale."""

    code: str
    translations: NullTranslations
    locale: Locale


def locale_of(code: str) -> Locale:
    return Locale.parse(LOCALES.get(code, code))


ENGLISH = Speaking(SOURCE, NullTranslations(), locale_of(SOURCE))
_speaking: ContextVar[Speaking] = ContextVar("safeplaces_speaking", default=ENGLISH)


@lru_cache(maxsize=16)
def translations(code: str) -> NullTranslations:
    """The compiled catalogue for a language (read once per process); English has none."""
    if code == SOURCE:
        return NullTranslations()
    return Translations.load(str(FOLDER), [code], DOMAIN)


def use(code: str, catalogue: NullTranslations | None = None) -> Token:
    """Speak this language from now on in this context; returns the token `reset` takes.

    catalogue: the translations to use (the web layer passes Flask-Babel's), else the package's own.
    """
    chosen = catalogue if catalogue is not None else translations(code)
    return _speaking.set(Speaking(code, chosen, locale_of(code)))


def reset(token: Token) -> None:
    _speaking.reset(token)


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Speak this language inside the `with` block (commands, tests)."""
    token = use(code)
    try:
        yield
    finally:
        reset(token)


def current() -> str:
    """The code of the language being spoken: "en", "gu", ..."""
    return _speaking.get().code


def locale() -> Locale:
    return _speaking.get().locale


def gettext(message: str, **values: object) -> str:
    """The message in the current language, its %(name)s placeholders filled from values."""
    text = _speaking.get().translations.gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, num: int, **values: object) -> str:
    """The singular or plural message for num, in the current language's plural forms.

    %(num)d stands for num; other placeholders are filled from values.
    """
    text = _speaking.get().translations.ngettext(singular, plural, num)
    return text % {"num": num, **values}


def raw_ngettext(singular: str, plural: str, num: int) -> str:
    """The plural form for num with its placeholders left in (for words a script fills in later)."""
    return _speaking.get().translations.ngettext(singular, plural, num)


def lazy_gettext(message: str, **values: object) -> LazyProxy:
    """A message translated each time it is used as text, for words kept in module constants."""
    return LazyProxy(gettext, message, enable_cache=False, **values)


def N_(message: str) -> str:
    """Mark words kept as data for extraction; they are translated where they are shown (`_`)."""
    return message


_ = gettext
_n = ngettext
_l = lazy_gettext


def decimal(value: float, pattern: str = "0.0") -> str:
    """A number as the current language writes it: 0.3, 0,3 in Polish."""
    return format_decimal(value, pattern, locale=locale())


def number(value: int) -> str:
    """A whole number as the current language writes it: 2,000 (2000 in Polish)."""
    return format_decimal(value, locale=locale())


def date_words(day: date | datetime, pattern: str) -> str:
    """A date in a CLDR pattern ("EEEE" the weekday, "d MMMM" 23 November, "LLLL y" a month alone)."""
    return format_date(day, pattern, locale=locale())


def joined(items: list[str]) -> str:
    """Items one after another, separated as the current language separates a list: "a, b", "a، b"."""
    middle = locale().list_patterns["standard"]["middle"]
    separator = middle.replace("{0}", "").replace("{1}", "")
    return separator.join(items)


def time_words(moment: datetime | time) -> str:
    """A time of day as the current language writes it, short: 17:00, 5:00 PM."""
    return format_time(moment, "short", locale=locale())
