"""The message catalogues: every message of the code, translated whole, compiled as committed.

The messages are extracted afresh from the code and the templates with the README's own
pybabel command, so a message added without running it fails here, not on a page. Every
language a scheme is offered by default (config.DEFAULTS) must have every message translated,
none fuzzy. Every catalogue keeps each message's placeholders (%(name)s, and the easy-read
pages' {name}), since a dropped one loses a phone number or a place's name and an added one
breaks the page. The compiled .mo files are committed (so a plain `pip install -e .` has them)
and must be what the .po files compile to.
"""

import io
import re
import shlex
import subprocess
import sys

import pytest
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from safeplaces import i18n, languages
from safeplaces.config import DEFAULTS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CATALOGUES = sorted(path.parent.parent.name for path in i18n.FOLDER.glob("*/LC_MESSAGES/messages.po"))
OFFERED = [code for code in DEFAULTS["SAFEPLACES_LANGUAGES"] if code != i18n.SOURCE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def catalogue(code):
    with open(i18n.FOLDER / code / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=code)


def placeholders(text):
    return sorted(a or b for a, b in PLACEHOLDER.findall(text))


def readme_command(word):
    """The README's `pybabel <word>` command, as arguments run by this Python's Babel."""
    found = re.findall(rf"^\.venv/bin/pybabel {word} (.+)$", README, flags=re.MULTILINE)
    assert found, f"README.md does not give the pybabel {word} command"
    return [sys.executable, "-m", "babel.messages.frontend", word, *shlex.split(found[0])]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages of the code now, extracted by the README's command into a new template."""
    command = readme_command("extract")
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    command[command.index("-o") + 1] = str(out)
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with open(out, "rb") as f:
        return {message.id for message in read_po(f) if message.id}


def test_every_language_has_a_catalogue_and_every_catalogue_a_language():
    assert CATALOGUES == sorted(code for code in languages.CODES if code != i18n.SOURCE)


def test_the_committed_template_holds_the_messages_of_the_code(extracted):
    with open(i18n.FOLDER / "messages.pot", "rb") as f:
        committed = {message.id for message in read_po(f) if message.id}
    assert committed == extracted, "run the README's pybabel extract and update commands"


@pytest.mark.parametrize("code", CATALOGUES)
def test_each_catalogue_holds_every_message_and_no_other(code, extracted):
    held = {message.id for message in catalogue(code) if message.id}
    assert sorted(map(str, extracted - held)) == [], "missing: run the README's pybabel update command"
    assert sorted(map(str, held - extracted)) == [], "messages no longer in the code"


@pytest.mark.parametrize("code", OFFERED)
def test_each_offered_language_translates_every_message_and_none_is_fuzzy(code):
    untranslated, fuzzy = [], []
    for message in catalogue(code):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(forms):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("code", CATALOGUES)
def test_translations_keep_every_placeholder(code):
    wrong = []
    for message in catalogue(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        # A plural form may say the number, or a word that changes with it, as either English form does.
        allowed = [placeholders(text) for text in ids]
        wrong += [(ids[0], form) for form in forms if form and placeholders(form) not in allowed]
    assert wrong == []


@pytest.mark.parametrize("code", CATALOGUES)
def test_translations_fill_in_as_python_formats(code):
    """A translation with a broken placeholder ("%(time)", "%(time) s") would raise on its page."""
    for message in catalogue(code):
        if not message.id or not message.python_format:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        values = dict.fromkeys({name for text in ids for name in placeholders(text)}, 1)
        for form in message.string if isinstance(message.string, tuple) else (message.string,):
            if form:
                assert isinstance(form % values, str)
        assert not message.check(), message.check()


@pytest.mark.parametrize("code", CATALOGUES)
def test_plural_forms_are_the_languages_own(code):
    assert catalogue(code).plural_forms == get_plural(i18n.locale_of(code)).plural_forms


@pytest.mark.parametrize("code", CATALOGUES)
def test_the_committed_compiled_catalogue_is_the_one_its_po_file_compiles_to(code):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(code))
    committed = (i18n.FOLDER / code / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert committed == compiled.getvalue(), "run the README's pybabel compile command"
