"""text.clean: one place that takes out what nobody means to type, for every text field."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplaces import cards, importer, places
from safeplaces.text import clean

ZERO_WIDTH_JOINERS = {"\u200c", "\u200d"}
# Text with plenty of the characters clean is about, among ordinary ones.
HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(
            "\x00\x07\x0b\x1b\x7f\x85\r\n\t \u00a0\u00ad\u200b\u200c\u200d\u200e\u200f\u2028\u2029"
            "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff\ue000\u0301aé"
        ),
        st.sampled_from("કખગ्ی‌د"),  # Gujarati and Persian, whose words use the joiners
    ),
    max_size=60,
)


def _allowed_format_character(text, index):
    ch = text[index]
    if ch not in ZERO_WIDTH_JOINERS or index in (0, len(text) - 1):
        return False
    return all(
        not neighbour.isascii() and unicodedata.category(neighbour)[0] in "LM"
        for neighbour in (text[index - 1], text[index + 1])
    )


@given(HOSTILE, st.booleans())
def test_nothing_invisible_or_controlling_survives(typed, multiline):
    cleaned = clean(typed, multiline=multiline)
    for index, ch in enumerate(cleaned):
        category = unicodedata.category(ch)
        assert category not in ("Cc", "Cs", "Co") or (multiline and ch == "\n"), repr(cleaned)
        assert category != "Cf" or _allowed_format_character(cleaned, index), repr(cleaned)
    assert cleaned == unicodedata.normalize("NFC", cleaned)
    assert clean(cleaned, multiline=multiline) == cleaned


@given(HOSTILE)
def test_one_line_has_single_spaces_and_no_ends(typed):
    cleaned = clean(typed)
    assert "\n" not in cleaned and "  " not in cleaned and cleaned == cleaned.strip()


@given(HOSTILE, st.booleans())
def test_every_letter_and_digit_typed_is_kept_in_order(typed, multiline):
    def letters(text):
        return [ch for ch in unicodedata.normalize("NFD", text) if ch.isalnum()]

    assert letters(clean(typed, multiline=multiline)) == letters(typed)


@pytest.mark.parametrize(
    "typed, one_line, lines",
    [
        ("  Granby\u00a0Street  Café ", "Granby Street Café", "Granby Street Café"),
        ("Corner\x00Shop", "Corner Shop", "Corner Shop"),
        ("Cafe\u0301", "Café", "Café"),
        ("\u202eevil\u202c shop", "evil shop", "evil shop"),
        ("zero\u200bwidth\ufeff", "zerowidth", "zerowidth"),
        (
            "first line\r\nsecond\rthird\u2028fourth",
            "first line second third fourth",
            "first line\nsecond\nthird\nfourth",
        ),
        ("one\n\n\n\n\ntwo\n", "one two", "one\n\ntwo"),
        ("کتاب\u200cخانه", "کتاب\u200cخانه", "کتاب\u200cخانه"),  # Persian "library" keeps its non-joiner
        ("Lib\u200drary", "Library", "Library"),
        (None, "", ""),
    ],
)
def test_examples(typed, one_line, lines):
    assert clean(typed) == one_line
    assert clean(typed, multiline=True) == lines


def test_the_importer_cleans_every_value():
    data = (
        "name,address,town,postcode,latitude,longitude,phone,opening_hours,category\r\n"
        "Corner\x00Shop\u202e,1\u200b High\x0bStreet,Leicester,LE1 1AA,52.6,-1.1,,,shop,extra\r\n"
    )
    (row,) = importer.read_rows(data)
    assert (row["name"], row["address"]) == ("Corner Shop", "1 High Street")
    assert row[None] == ["extra"]  # a value beyond the columns is still seen, and refused


@pytest.mark.parametrize("name", ["!!!", "***", "\u200b", "--- ---", "🙂"])
def test_a_name_without_letters_or_digits_is_refused_plainly(name):
    _clean, problems = places.check_details(
        {
            "name": name,
            "address": "1 High Street",
            "town": "Leicester",
            "postcode": "LE1 1AA",
            "category": "shop",
        }
    )
    assert problems["name"] in ("the name must have a letter or a number in it", "the name is missing")


def test_a_name_in_another_script_is_a_name():
    _clean, problems = places.check_details(
        {
            "name": "ગ્રંથાલય",
            "address": "1 High Street",
            "town": "Leicester",
            "postcode": "LE1 1AA",
            "category": "shop",
        }
    )
    assert "name" not in problems


def test_a_card_never_sees_an_override_or_an_invisible_character():
    card, problems = cards.check_card(
        {"name": "\u202eSam\u200b", "contact1_name": "Jo\x00", "contact1_phone": "07700 900123"}
    )
    assert problems == {} and (card.name, card.contacts[0].name) == ("Sam", "Jo")
