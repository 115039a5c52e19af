import re

import pytest

from safeplaces import config, easy_read

PICTURES = config.ROOT / "static" / "vendor" / "openmoji"
DEFAULT_VALUES = easy_read.placeholders(config.DEFAULTS)


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("A shop.", 2),
        ("In an emergency, phone 999.", 5),
        ("If it is not an emergency, phone the police on 101.", 11),
        ("Phone Crimestoppers on 0800 555 111.", 4),
        ("Call 0116 496 0107 or 101 now.", 5),
        ("A shop, café – or a library.", 6),
        ("There are 150 places.", 4),
        ("", 0),
    ],
)
def test_count_words_counts_a_phone_number_as_one_word(sentence, words):
    assert easy_read.count_words(sentence) == words


@pytest.mark.parametrize(
    "text, parts",
    [
        ("Phone 999.", [("Phone ", None), ("999", "999"), (".", None)]),
        (
            "Phone Crimestoppers on 0800 555 111",
            [("Phone Crimestoppers on ", None), ("0800 555 111", "0800555111")],
        ),
        ("101 or 999", [("101", "101"), (" or ", None), ("999", "999")]),
        ("No number here.", [("No number here.", None)]),
        ("In 2026 there were 150 places.", [("In 2026 there were 150 places.", None)]),
    ],
)
def test_phone_parts(text, parts):
    assert easy_read.phone_parts(text) == parts


def test_a_configured_short_number_is_a_phone_number():
    assert easy_read.phone_parts("Phone 150.", ["150"]) == [("Phone ", None), ("150", "150"), (".", None)]
    assert easy_read.count_words("Phone the police on 150.", ["150"]) == 5


def test_every_sentence_has_at_most_15_words():
    too_long = [
        (easy_read.count_words(s), s)
        for s in easy_read.sentences(DEFAULT_VALUES)
        if easy_read.count_words(s) > easy_read.MAX_WORDS
    ]
    assert too_long == []


def test_sentences_cover_every_line_and_can_be_left_unfilled_for_translation():
    raw = easy_read.sentences()
    assert "In an emergency, phone {emergency}." in raw
    assert "Make your Keep Safe card" in raw and "Read this page to me" in raw
    with_centres = {**DEFAULT_VALUES, "reporting_centres": "yes"}
    assert len(easy_read.sentences(with_centres)) == len(raw)
    filled = easy_read.sentences(DEFAULT_VALUES)
    assert len(filled) == len(raw) - 2, "no reporting centres: their line and its link are left out"
    assert "In an emergency, phone 999." in filled
    assert not [s for s in filled if "{" in s or "}" in s]


def test_split_sentences():
    assert easy_read.split_sentences("Some hate is not a crime. It is called a hate incident.") == [
        "Some hate is not a crime.",
        "It is called a hate incident.",
    ]
    assert easy_read.split_sentences("Go to police.uk now.") == ["Go to police.uk now."]


def test_every_line_has_a_picture_that_is_here_and_alt_text():
    for page in easy_read.PAGES:
        assert (PICTURES / page.picture).is_file(), page.slug
        for line in page.lines:
            assert (PICTURES / line.picture).is_file(), line
            assert line.alt.strip() and line.words.strip(), line
            assert bool(line.href) == bool(line.link), line


def test_only_pictures_that_are_used_are_vendored_and_each_is_credited():
    vendored = sorted(path.name for path in PICTURES.glob("*.svg"))
    assert vendored == easy_read.pictures()
    readme = (PICTURES / "README.md").read_text()
    assert "CC BY-SA 4.0" in readme and "17.0.0" in readme
    assert [name for name in vendored if f"`{name}`" not in readme] == []
    assert (PICTURES / "LICENSE.txt").read_text().startswith("Attribution-ShareAlike 4.0 International")


def test_pages_have_unique_short_slugs():
    slugs = [page.slug for page in easy_read.PAGES]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", slug) and len(slug) <= 30 for slug in slugs)
    assert easy_read.page("what-is-hate-crime").title == "What is hate crime?"
    assert easy_read.page("no-such-page") is None


def test_words_are_whole_sentences_without_blocks_of_capitals():
    for page in easy_read.PAGES:
        for line in page.lines:
            assert line.words.rstrip()[-1] in ".?!", line.words
            assert not re.search(r"\b[A-Z]{4,}\b", line.words), line.words


def test_fill_uses_the_configured_names():
    values = {**DEFAULT_VALUES, "area": "Testshire", "emergency": "112"}
    page = easy_read.filled(easy_read.page("if-you-feel-unsafe"), values)
    words = " ".join(line.words for line in page.lines)
    assert "phone 112." in words and "{" not in words
    assert "Testshire" in " ".join(line.words for line in easy_read.filled(easy_read.PAGES[0], values).lines)
    with pytest.raises(KeyError):
        easy_read.fill("{nobody}", values)
