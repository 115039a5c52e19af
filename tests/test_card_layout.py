"""Keep Safe cards as printed, measured from the PDF itself (pdfplumber), not from the constants
that drew them: the pictures to point at, the A4 sheet's cut marks, the blank card's lines, and
long names that wrap at spaces and hyphens, never inside a word (issue 10)."""

import io
import subprocess

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplaces import cards
from safeplaces.cards import faces, typeset
from tests.test_cards import FIND_URL, NUMBERS, make_card, poppler_text

MM = 72 / 25.4
WHITE = (1.0, 1.0, 1.0)


def pages(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            {
                "width": page.width,
                "curves": page.curves,
                "lines": page.lines,
                "chars": page.chars,
                "words": page.extract_words(),
            }
            for page in document.pages
        ]


def picture_buttons(page):
    """The boxes round the pictures: white rounded rectangles (drawn as curves) wider than tall."""
    return [
        curve
        for curve in page["curves"]
        if tuple(curve.get("non_stroking_color") or ()) == WHITE and curve["width"] > 2 * curve["height"] > 40
    ]


def inside(char, box):
    return (
        char["x0"] >= box["x0"] - 0.1
        and char["x1"] <= box["x1"] + 0.1
        and char["top"] >= box["top"] - 0.1
        and char["bottom"] <= box["bottom"] + 0.1
    )


@pytest.mark.parametrize(
    "pdf, count",
    [
        (lambda: cards.card_pdf(make_card(), "wallet", FIND_URL, NUMBERS), 6),
        (lambda: cards.card_pdf(make_card(), "a4", FIND_URL, NUMBERS), 12),
        (lambda: cards.card_pdf(None, "blank", FIND_URL, NUMBERS), 12),
    ],
    ids=["wallet", "a4", "blank"],
)
def test_the_pictures_to_point_at_are_at_least_10_mm_tall_with_8_pt_words(pdf, count):
    page = pages(pdf())[-1]
    buttons = picture_buttons(page)
    assert len(buttons) == count
    for button in buttons:
        assert button["height"] >= 10 * MM - 0.01, button["height"] / MM
        words = [char for char in page["chars"] if inside(char, button) and char["text"].strip()]
        assert words, "each picture has its words"
        assert min(char["size"] for char in words) >= 8 - 0.01


def cut_marks(page):
    """The short solid lines at a card's corners (each CROP_MARK long)."""
    return [
        line
        for line in page["lines"]
        if abs(max(line["width"], line["height"]) - faces.CROP_MARK) < 0.1 and solid(line)
    ]


def solid(line):
    dash = line.get("dash")
    return not dash or not dash[0]


@pytest.mark.parametrize("card", [lambda: make_card(name="Łukasz Żółć"), lambda: None], ids=["a4", "blank"])
def test_an_a4_sheet_carries_two_cards_with_cut_marks_at_their_corners(card):
    made = card()
    (page,) = pages(cards.card_pdf(made, "a4" if made else "blank", FIND_URL, NUMBERS))
    marks = cut_marks(page)
    assert len(marks) == 2 * 8  # two cards, two marks at each of four corners
    across = sorted({round(line["top"], 1) for line in marks if line["height"] < 0.1})
    down = sorted({round(line["x0"], 1) for line in marks if line["width"] < 0.1})
    w, h = faces.PANEL_SIZE
    assert len(across) == 4 and len(down) == 2
    # Marks on the lines of each card's edges: 60 mm tall, 180 mm wide (front and back).
    assert across[1] - across[0] == pytest.approx(h, abs=0.2)
    assert across[3] - across[2] == pytest.approx(h, abs=0.2)
    assert down[1] - down[0] == pytest.approx(2 * w, abs=0.2)
    assert across[2] > across[1]  # the second card below the first, not over it
    if made:
        assert poppler_text(cards.card_pdf(made, "a4", FIND_URL, NUMBERS)).count("Łukasz Żółć") == 2


def test_the_blank_cards_writing_lines_are_at_least_8_mm_apart():
    (page,) = pages(cards.card_pdf(None, "blank", FIND_URL, NUMBERS))
    marks = {id(line) for line in cut_marks(page)}
    rules = [
        line
        for line in page["lines"]
        if line["height"] < 0.1 and line["width"] > 20 and id(line) not in marks and solid(line)
    ]
    middle = page["width"] / 2
    found = 0
    for side in (lambda line: line["x1"] <= middle + 1, lambda line: line["x0"] >= middle - 1):
        heights = sorted({round(line["top"], 2) for line in rules if side(line)})
        cards_apart = [heights]
        # The two cards on the sheet are far apart: split where the gap is bigger than a card.
        for i in range(1, len(heights)):
            if heights[i] - heights[i - 1] > 40 * MM:
                cards_apart = [heights[:i], heights[i:]]
        for card_rules in cards_apart:
            found += len(card_rules)
            for upper, lower in zip(card_rules, card_rules[1:], strict=False):
                assert lower - upper >= 8 * MM - 0.01, (upper, lower)
    assert found == 2 * (5 + 3)  # each card: name, language and three contacts; communication and medical


def test_the_schemes_name_and_area_are_on_every_face():
    scheme = cards.Scheme("Safe Places Wales", "Cardiff and the Vale of Glamorgan")
    for fmt, card in (("wallet", make_card()), ("a4", make_card()), ("blank", None)):
        pdf = cards.card_pdf(card, fmt, FIND_URL, NUMBERS, scheme)
        assert "Safe Places Wales, Cardiff and the Vale of Glamorgan" in " ".join(poppler_text(pdf).split())


# --- Long names: wrapped at spaces and hyphens, shrunk to fit, never broken inside a word -----


def name_lines(pdf, name):
    """The lines pdftotext gives for the name on the front: the consecutive lines that make it up,
    joined with a space, or with nothing after a line that ends with a hyphen."""
    lines = [line.strip() for line in poppler_text_lines(pdf) if line.strip()]
    for start in range(len(lines)):
        joined = ""
        for end in range(start, len(lines)):
            joined += ("" if not joined or joined.endswith("-") else " ") + lines[end]
            if joined == name:
                return lines[start : end + 1]
            if not name.startswith(joined):
                break
    raise AssertionError(f"{name!r} not found in {lines!r}")


def poppler_text_lines(pdf):
    """The first page's lines as pdftotext reads them. -raw keeps a hyphen that ends a line: by
    default poppler joins such a line to the next and drops the hyphen."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-l", "1", "-", "-"], input=pdf, capture_output=True
    )
    return out.stdout.decode("utf-8").splitlines()


@pytest.mark.parametrize(
    "name, lines",
    [
        # Smaller, in whole words, rather than broken after a hyphen...
        ("Fitzgerald-Worthington-Smythe", ["Fitzgerald-Worthington-Smythe"]),
        ("Maximilian Fitzgerald-Worthington-Smythe", ["Maximilian", "Fitzgerald-Worthington-Smythe"]),
        (
            "Anna-Maria Fitzgerald-Worthington-Smythe Jones",
            ["Anna-Maria", "Fitzgerald-Worthington-Smythe", "Jones"],
        ),
        # ...and after a hyphen when a word is too long for a line even at 12 points.
        (
            "Wolfeschlegelstein-Hausenbergerdorff-Fitzgerald-Worthington",
            ["Wolfeschlegelstein-", "Hausenbergerdorff-", "Fitzgerald-Worthington"],
        ),
    ],
)
def test_a_long_name_wraps_at_spaces_and_hyphens_and_reads_back_whole(name, lines):
    pdf = cards.card_pdf(make_card(name=name), "wallet", FIND_URL, NUMBERS)
    # name_lines joins the lines back with a space, or nothing after a hyphen: a word broken
    # anywhere else ("Worthingto" / "n-Smythe") could not make the name again.
    assert name_lines(pdf, name) == lines


def test_a_long_name_shrinks_to_fit_but_not_below_12_points():
    name = "Maximilian Alexander Fitzgerald-Worthington-Smythe Jones"
    card = make_card(
        name=name,
        language="gu",
        contact2_name="Leicester Support Team",
        contact2_relationship="Support worker",
        contact2_phone="0116 496 0123",
        contact3_name="Anna Kowalska",
        contact3_phone="07700 900456",
    )
    (front, _) = pages(cards.card_pdf(card, "wallet", FIND_URL, NUMBERS))
    sizes = {round(char["size"], 2) for char in front["chars"] if char["text"] in "MaximlnAexdrFtzgWothSyJs-"}
    assert max(sizes) < 18  # smaller than a short name
    name_chars = [char for char in front["chars"] if char["size"] >= cards.MIN_NAME_PT - 0.01]
    assert name_chars
    assert max(char["x1"] for char in name_chars) <= front["width"] - faces.PAD + 0.1


WORD = st.text(alphabet="abcdefghijklmnoprstuwyzłóżśćęą", min_size=1, max_size=14).map(str.capitalize)
HYPHENATED = st.lists(WORD, min_size=1, max_size=3).map("-".join)
NAMES = st.lists(HYPHENATED, min_size=1, max_size=6).map(" ".join).filter(lambda name: len(name) <= 60)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, size=st.sampled_from([18, 16, 14, 12]), width=st.sampled_from([225.6, 150.0, 90.0]))
def test_wrapping_never_breaks_inside_a_word(name, size, width):
    lines = typeset.wrap([typeset.Span(name, bold=True)], size, width)
    parts = [part for word in name.split() for part in typeset.AFTER_HYPHEN.split(word)]
    if lines is None:
        # Only when some unbreakable part is wider than the line.
        assert max(typeset.text_width(part, size, True) for part in parts) > width
        return
    rest = name
    for i, line in enumerate(lines):
        assert line.width <= width + 1e-6
        assert line.width == pytest.approx(typeset.text_width(line.text, size, True))
        assert rest.startswith(line.text), (rest, line.text)
        rest = rest[len(line.text) :]
        if i < len(lines) - 1:
            # The break is at a space (dropped), or just after a hyphen inside a word.
            assert rest.startswith(" ") or (line.text.endswith("-") and rest[:1].isalpha()), (line.text, rest)
            rest = rest.removeprefix(" ")
    assert rest == ""


@settings(max_examples=60, deadline=None)
@given(name=NAMES)
def test_a_name_either_fits_in_whole_words_at_12_points_or_more_or_is_refused_plainly(name):
    card = make_card(name=name)
    problems = cards.fit_problems(card, "wallet")
    if problems:
        assert list(problems) == ["name"] and problems["name"].endswith("make it shorter")
        return
    plan = faces.front_plan(card, *faces.WALLET_SIZE, faces.DEFAULT_SCHEME)
    assert plan.name.size >= cards.MIN_NAME_PT
    assert "".join(line.text for line in plan.name.lines).replace(" ", "") == name.replace(" ", "")
