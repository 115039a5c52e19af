"""safeplaces/i18n.py: words in the language set for the context, English when none is set."""

import ast
import threading
from datetime import date, time
from pathlib import Path

import pytest

from safeplaces import i18n
from safeplaces.i18n import _, _l, _n

PACKAGE = Path(i18n.__file__).parent
# The app factory, the command line and the database's Flask glue; everything else is domain.
FLASK_HOMES = {"__init__.py", "cli.py", "db.py"}


def test_english_when_no_language_is_set():
    assert i18n.current() == "en"
    assert _("I need help now") == "I need help now"
    assert _("Call %(number)s", number="999") == "Call 999"


def test_the_language_set_is_spoken_and_put_back_after():
    with i18n.speaking("pl"):
        assert i18n.current() == "pl"
        assert _("Call %(number)s", number="999") == "Zadzwoń pod 999"
        with i18n.speaking("cy"):
            assert _("Call %(number)s", number="101") == "Ffoniwch 101"
        assert _("Languages") == "Języki"
    assert _("Languages") == "Languages"


def test_a_message_without_a_translation_stays_in_english():
    with i18n.speaking("pl"):
        assert _("Words nobody has translated") == "Words nobody has translated"


def test_each_thread_speaks_its_own_language():
    heard, ready = {}, threading.Barrier(3)

    def speak(code):
        with i18n.speaking(code):
            ready.wait(timeout=5)
            heard[code] = _("Languages")

    threads = [threading.Thread(target=speak, args=(code,)) for code in ("pl", "gu", "ur")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert heard == {"pl": "Języki", "gu": "ભાષાઓ", "ur": "زبانیں"}
    assert _("Languages") == "Languages"


def test_a_lazy_message_is_translated_each_time_it_is_shown():
    kept = _l("Languages")
    assert str(kept) == "Languages"
    with i18n.speaking("so"):
        assert str(kept) == "Luqadaha"


def test_plural_placeholders_fill_in_the_number():
    assert _n("%(num)d place", "%(num)d places", 1) == "1 place"
    assert _n("%(num)d place", "%(num)d places", 3) == "3 places"


def test_numbers_and_dates_follow_the_language():
    assert i18n.decimal(0.3) == "0.3"
    assert i18n.date_words(date(2026, 11, 23), "EEEE d MMMM") == "Monday 23 November"
    with i18n.speaking("pl"):
        assert i18n.decimal(0.3) == "0,3"
        assert i18n.date_words(date(2026, 11, 23), "EEEE d MMMM") == "poniedziałek 23 listopada"
        assert i18n.time_words(time(17, 0)) == "17:00"
    with i18n.speaking("cy"):
        assert i18n.date_words(date(2026, 11, 23), "LLLL y") == "Tachwedd 2026"
    with i18n.speaking("so"):
        assert i18n.date_words(date(2026, 11, 23), "EEEE d MMMM") == "Isniin 23 Noofeembar"


def domain_modules():
    return sorted(
        path
        for path in [*PACKAGE.glob("*.py"), *PACKAGE.glob("cards/*.py")]
        if path.parent != PACKAGE or path.name not in FLASK_HOMES
    )


@pytest.mark.parametrize("path", domain_modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_domain_modules_import_no_flask(path):
    """Domain modules translate through i18n, never through Flask or the web layer."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(("." * node.level) + (node.module or ""))
    assert not [name for name in imported if name.split(".")[0].lower().startswith("flask")]
    assert not [name for name in imported if name.lstrip(".").startswith("web") or ".web" in name]
