"""Keep Safe cards, posters and stickers: real PDFs, read back as text, rendered with pdftoppm and
their QR codes decoded with zxing-cpp."""

import io
import math
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from safeplaces import cards

NUMBERS = {"emergency": "999", "non_emergency": "101"}
FIND_URL = "https://keepsafe.example.org/find"
PLACE_URL = "https://keepsafe.example.org/places/central-library-leicester"
WALLET_PT = (242.65, 153.07)
A4_PT = (595.28, 841.89)
DPI = 300
NAMES = ("Łukasz Nowak", "Ștefan Popescu", "Antonín Dvořák", "Gülşen Yılmaz")


# --- Helpers shared with tests/web/test_card_maker.py ---------------------------------------


def render(pdf, dpi=DPI):
    """Each page of the PDF as a greyscale PIL image, rendered by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(folder) / "page")], check=True
        )
        images = []
        for path in sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            with Image.open(path) as image:
                images.append(image.convert("L"))
        return images


def qr_codes(image):
    """The QR codes zxing-cpp finds in an image."""
    return [found for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


def qr_texts(image):
    return [found.text for found in qr_codes(image)]


def page_texts(pdf):
    """The text of each page, by pypdf, with runs of whitespace made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def poppler_text(pdf):
    """The whole text by poppler's pdftotext, an independent reader, whitespace made single spaces."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def text_sizes(pdf):
    """[(text, size in points)] for every piece of text on every page, via pypdf's text visitor.

    The size is the font size times the vertical scale of the text matrix and of the graphics
    state's matrix, so a scaled canvas cannot hide small print.
    """
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text, cm, tm, _font, size):
            if text.strip():
                found.append((text.strip(), size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])))

        page.extract_text(visitor_text=visit)
    return found


def page_sizes(pdf):
    return [
        (float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def assert_size(actual, expected):
    assert abs(actual[0] - expected[0]) <= 0.5 and abs(actual[1] - expected[1]) <= 0.5, actual


def make_card(**values):
    """A checked Card from form-style values, with one contact unless others are given."""
    given = {
        "name": "Sam Example",
        "contact1_name": "Jo Example",
        "contact1_relationship": "Mum",
        "contact1_phone": "07700 900123",
        **values,
    }
    card, problems = cards.check_card(given)
    assert problems == {}, problems
    return card


# --- Checking what was typed ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, tidy",
    [
        ("07700 900123", "07700 900123"),
        ("07700900123", "07700 900123"),
        ("+447700900123", "07700 900123"),
        ("0044 7700 900123", "07700 900123"),
        ("0116 496 0123", "0116 496 0123"),
        ("01164960123", "0116 496 0123"),
        ("+44 (0)116 496 0123", "0116 496 0123"),
        ("(0116) 4960123", "0116 496 0123"),
        ("020 7946 0000", "020 7946 0000"),
        ("0800 123 4567", "0800 123 4567"),
        ("+1 202 555 0143", "+1 202-555-0143"),
    ],
)
def test_phone_numbers_are_checked_loosely_and_printed_tidily(typed, tidy):
    assert cards.tidy_phone(typed) == tidy


@pytest.mark.parametrize("typed", ["", "abc", "999", "101", "12345", "0116 496 012", "07700 9001234", "+44"])
def test_what_is_not_a_phone_number(typed):
    with pytest.raises(ValueError):
        cards.tidy_phone(typed)


def test_a_card_keeps_its_contacts_in_order_skipping_empty_rows():
    card, problems = cards.check_card(
        {
            "name": "  Łukasz\n Nowak ",
            "contact2_name": "Anna Kowalska",
            "contact2_relationship": "Sister",
            "contact2_phone": "07700900123",
            "contact3_name": "Leicester Support Team",
            "contact3_phone": "+44 116 496 0123",
            "communication": "Please\r\nspeak slowly.",
            "medical": "",
        }
    )
    assert problems == {}
    assert card.name == "Łukasz Nowak"
    assert [(c.name, c.relationship, c.phone) for c in card.contacts] == [
        ("Anna Kowalska", "Sister", "07700 900123"),
        ("Leicester Support Team", "", "0116 496 0123"),
    ]
    assert card.communication == "Please speak slowly."


def test_clean_text():
    assert cards.clean("  a\tb\n\nc \x00d\x07 ") == "a b c d"
    assert cards.clean("S\u0326tefan") == "Ștefan"  # combining comma below, composed (NFC)
    assert cards.clean(None) == ""


def test_a_card_shows_no_details_in_its_repr():
    card = make_card(name="Private Person")
    assert "Private" not in repr(card) and "Jo Example" not in repr(card.contacts[0])


GOOD = {"name": "Sam", "contact1_name": "Jo", "contact1_phone": "07700 900123"}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Enter the name of the person the card is for"),
        ({"name": "   "}, "name", "Enter the name of the person the card is for"),
        ({"name": "x" * 61}, "name", "The name must be 60 characters or fewer (it has 61)"),
        ({"contact1_name": "", "contact1_phone": ""}, "contact1_name", "Enter the name of someone to phone"),
        ({"contact1_name": "", "contact1_phone": ""}, "contact1_phone", "Enter their phone number"),
        ({"contact1_phone": ""}, "contact1_phone", "Enter a phone number for contact 1"),
        ({"contact1_name": ""}, "contact1_name", "Enter the name of contact 1"),
        ({"contact2_relationship": "Dad"}, "contact2_name", "Enter the name of contact 2"),
        ({"contact2_relationship": "Dad"}, "contact2_phone", "Enter a phone number for contact 2"),
        (
            {"contact3_name": "Al", "contact3_phone": "12"},
            "contact3_phone",
            "Enter a phone number for contact 3 like 0116 496 0123, 07700 900123 or +44 116 496 0123",
        ),
        (
            {"contact1_phone": "0" * 31},
            "contact1_phone",
            "The phone number of contact 1 must be 30 characters or fewer (it has 31)",
        ),
        (
            {"contact1_name": "y" * 41},
            "contact1_name",
            "The name of contact 1 must be 40 characters or fewer (it has 41)",
        ),
        (
            {"contact1_relationship": "z" * 31},
            "contact1_relationship",
            "Who contact 1 is must be 30 characters or fewer (it has 31)",
        ),
        (
            {"communication": "w " * 101},
            "communication",
            "How I communicate must be 200 characters or fewer (it has 201)",
        ),
        (
            {"medical": "m" * 151},
            "medical",
            "Medical information must be 150 characters or fewer (it has 151)",
        ),
    ],
)
def test_card_problems(changes, field, message):
    card, problems = cards.check_card({**GOOD, **changes})
    assert card is None
    assert problems[field] == message


NOT_IN_THE_FONT = (
    "This card can print the letters of English and other European languages, Gujarati, "
    "Punjabi (Gurmukhi), Urdu and Arabic. Write the name in those letters, or choose the blank "
    "card and write it by hand"
)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": "王小明"}, "name"),  # no font has Chinese letters: they would print as empty boxes
        ({"name": "דוד כהן"}, "name"),  # no Hebrew font either
        ({"name": "Sam 🙂"}, "name"),
        ({"contact1_name": "王"}, "contact1_name"),
        (
            {"contact3_name": "Jo", "contact3_relationship": "אמא", "contact3_phone": "07700 900456"},
            "contact3_relationship",
        ),
        ({"communication": "नमस्ते"}, "communication"),  # Devanagari: not one of the area's scripts yet
        ({"medical": "糖尿病"}, "medical"),
    ],
)
def test_words_the_card_cannot_print_are_refused_plainly(changes, field):
    card, problems = cards.check_card({**GOOD, **changes})
    assert card is None
    what = "the name" if field.endswith("name") else "it"
    assert problems == {field: NOT_IN_THE_FONT.replace("the name", what)}


@pytest.mark.parametrize(
    "name", [*NAMES, "Zoë Ñandú", "Ελένη Παπαδοπούλου", "Олена Шевченко", "Siobhán Ní Bhriain"]
)
def test_european_letters_are_printed(name):
    card, problems = cards.check_card({**GOOD, "name": name, "contact1_name": name, "medical": name})
    assert problems == {} and card.name == name
    assert name in page_texts(cards.card_pdf(card, "wallet", FIND_URL, NUMBERS))[0]


def test_only_the_first_contact_row_is_needed_when_another_is_given():
    card, problems = cards.check_card(
        {"name": "Sam", "contact2_name": "Jo", "contact2_phone": "07700 900123"}
    )
    assert problems == {} and len(card.contacts) == 1


# --- Wallet cards ---------------------------------------------------------------------------


def test_a_wallet_card_is_two_bank_card_sized_pages_with_everything_on_them():
    card = make_card(
        name="Łukasz Ștefan Dvořák",
        contact2_name="Leicester Support Team",
        contact2_relationship="Support worker",
        contact2_phone="01164960123",
        contact3_name="Gülşen Yılmaz",
        contact3_phone="+44 7700 900456",
        communication="I use Makaton. Please speak slowly.",
        medical="I have epilepsy.",
    )
    pdf = cards.card_pdf(card, "wallet", FIND_URL, NUMBERS)
    sizes = page_sizes(pdf)
    assert len(sizes) == 2
    for size in sizes:
        assert_size(size, WALLET_PT)
    front, back = page_texts(pdf)
    for words in (
        "Keep Safe card",
        "Łukasz Ștefan Dvořák",
        "Please help me. Please phone:",
        "Jo Example",
        "(Mum)",
        "07700 900123",
        "Leicester Support Team",
        "(Support worker)",
        "0116 496 0123",
        "Gülşen Yılmaz",
        "07700 900456",
    ):
        assert words in front, words
    for words in (
        "How I communicate: I use Makaton. Please speak slowly.",
        "Medical: I have epilepsy.",
        "Emergency 999",
        "Police 101",
        "Scan to find a Keep Safe Place",
        *dict(cards.PICTURES).values(),
    ):
        assert words in back, words
    front_image, back_image = render(pdf)
    assert qr_texts(front_image) == []
    assert qr_texts(back_image) == [FIND_URL]


@pytest.mark.parametrize("name", NAMES)
def test_latin_extended_names_print_and_read_back(name):
    pdf = cards.card_pdf(make_card(name=name, contact1_name=name), "wallet", FIND_URL, NUMBERS)
    assert name in page_texts(pdf)[0]
    assert name in poppler_text(pdf)


def test_the_font_is_embedded():
    pdf = cards.card_pdf(make_card(name="Gülşen"), "wallet", FIND_URL, NUMBERS)
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts.append((str(font["/BaseFont"]), "/FontFile2" in descendant["/FontDescriptor"]))
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not [name for name, _ in fonts if "Helvetica" in name]


def test_nothing_on_a_wallet_card_is_under_7_points_and_the_name_is_at_least_12():
    card = make_card(
        name="Sam Example",
        contact2_name="Al",
        contact2_phone="0116 496 0999",
        communication="x " * 90,
        medical="y " * 70,
    )
    sizes = text_sizes(cards.card_pdf(card, "wallet", FIND_URL, NUMBERS))
    assert sizes
    assert min(size for _, size in sizes) >= cards.MIN_TEXT_PT - 0.01, sorted(sizes, key=lambda s: s[1])[:3]
    assert min(size for text, size in sizes if text in card.name) >= cards.MIN_NAME_PT


def test_a_60_character_name_fits_at_12_points_or_more():
    name = "Maximilian Łukasz Ștefan Dvořák-Gülşen Wolfeschlegelsteinhau"
    assert len(name) == 60
    card = make_card(
        name=name,
        contact2_name="Bartholomew Fitzgerald-Montgomery Smythe",
        contact2_relationship="Community support worker",
        contact2_phone="0116 496 0123",
        contact3_name="Anna",
        contact3_phone="07700 900456",
    )
    pdf = cards.card_pdf(card, "wallet", FIND_URL, NUMBERS)
    assert name in page_texts(pdf)[0]
    name_sizes = [size for text, size in text_sizes(pdf) if text in name]
    assert name_sizes and min(name_sizes) >= cards.MIN_NAME_PT
    assert min(size for _, size in text_sizes(pdf)) >= cards.MIN_TEXT_PT - 0.01
    # Nothing is printed in the outer 2 mm of either side: the words stayed on the card.
    for image in render(pdf):
        edge = round(2 / 25.4 * DPI)
        width, height = image.size
        for box in (
            (0, 0, width, edge),
            (0, height - edge, width, height),
            (0, 0, edge, height),
            (width - edge, 0, width, height),
        ):
            assert image.crop(box).getextrema()[0] >= 250, box


def test_a_word_too_long_for_a_line_is_refused_not_broken():
    # Issue 10 changed this: such a word used to be broken at the card's edge.
    card = make_card(name="Wolfeschlegelsteinhausenbergerdorffvoralternwarenge")
    for fmt in cards.BATCH_FORMATS:
        assert cards.fit_problems(card, fmt) == {
            "name": "A word in the name is too long to fit across the card: make it shorter"
        }
    with pytest.raises(cards.CardTooLong):
        cards.card_pdf(card, "wallet", FIND_URL, NUMBERS)


@pytest.mark.parametrize(
    "values, field",
    [
        ({"communication": "W" * 200, "medical": "W" * 150}, "communication"),
        ({"medical": "W" * 150, "communication": "W" * 120}, "medical"),
        (
            {
                f"contact{n}_{part}": "W" * size
                for n in (1, 2, 3)
                for part, size in (("name", 40), ("relationship", 30))
            }
            | {"contact2_phone": "07700 900123", "contact3_phone": "07700 900123"},
            "contact1_name",
        ),
    ],
)
def test_words_that_cannot_fit_are_refused_with_a_reason(values, field):
    card = make_card(**values)
    for fmt in cards.BATCH_FORMATS:
        problems = cards.fit_problems(card, fmt)
        assert list(problems) == [field]
        assert "make" in problems[field] and "shorter" in problems[field]
    with pytest.raises(cards.CardTooLong):
        cards.card_pdf(card, "wallet", FIND_URL, NUMBERS)


LONG_WORDS = (
    "I use Makaton signs and some words. Please speak slowly, use short sentences and give me "
    "time to answer. Show me pictures if I do not understand. I do not like loud noise or being "
    "touched. Thank you."
)


@pytest.mark.parametrize(
    "fmt, communication, medical",
    # Since issue 10 made the pictures on the back at least 10 mm tall, a wallet card has room for
    # about 280 characters of these two together, the A4 card (a little bigger) about 330.
    [("wallet", 200, 80), ("wallet", 130, 130), ("a4", 200, 130)],
)
def test_the_longest_real_words_fit(fmt, communication, medical):
    card = make_card(
        communication=LONG_WORDS[:communication],
        medical=LONG_WORDS[:medical],
        contact2_name="Anna Kowalska",
        contact2_phone="07700 900456",
        contact3_name="Tom",
        contact3_phone="0116 496 0999",
    )
    assert cards.fit_problems(card, fmt) == {}
    pdf = cards.card_pdf(card, fmt, FIND_URL, NUMBERS)
    back = page_texts(pdf)[1 if fmt == "wallet" else 0]
    assert " ".join(LONG_WORDS[:communication].split()[:-1]) in back


def test_words_that_fit_only_on_the_a4_card_say_so():
    card = make_card(communication=LONG_WORDS[:200], medical=LONG_WORDS[:110])
    assert cards.fit_problems(card, "a4") == {}
    assert cards.fit_problems(card, "wallet") == {
        "communication": "This does not fit on the card with everything else: make it shorter, "
        "or choose the A4 page, which has more room"
    }


def test_the_phone_numbers_to_call_come_from_the_caller():
    pdf = cards.card_pdf(
        make_card(), "wallet", FIND_URL, {"emergency": "112", "non_emergency": "0300 123 4567"}
    )
    back = page_texts(pdf)[1]
    assert "Emergency 112" in back and "Police 0300 123 4567" in back
    assert "999" not in back and "101" not in back


def test_whether_words_fit_is_judged_with_the_numbers_that_will_be_printed():
    numbers = {"emergency": "112", "non_emergency": "0300 123 4567 or 101"}
    words = (
        "I use short words and some Makaton signs. Please speak slowly and clearly, and give me "
        "time to answer you. Show me pictures or write it down if I do not understand. "
    ) * 2
    verdicts = set()
    for length in range(20, 111, 10):
        card = make_card(communication=words[:length], medical=words[:120])
        assert cards.fit_problems(card, "wallet") == {}  # with 999 and 101 there is room
        fits = cards.fit_problems(card, "wallet", numbers) == {}
        verdicts.add(fits)
        if fits:
            cards.card_pdf(card, "wallet", FIND_URL, numbers)
        else:
            with pytest.raises(cards.CardTooLong):
                cards.card_pdf(card, "wallet", FIND_URL, numbers)
    assert verdicts == {True, False}, "the lengths tried should cross the limit"


def test_no_personal_details_in_the_pdf_metadata():
    pdf = cards.card_pdf(make_card(name="Private Person"), "wallet", FIND_URL, NUMBERS)
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title == "Keep Safe card"
    assert "Private" not in str(dict(metadata))


# --- QR codes -------------------------------------------------------------------------------


def assert_clean_qr(image, url, min_mm=15, dpi=DPI):
    """Every QR code in the image is url, at error correction Q or better, at least min_mm wide,
    with nothing printed in the 4 modules round it (its quiet zone)."""
    codes = qr_codes(image)
    assert codes and [code.text for code in codes] == [url] * len(codes)
    modules = len(cards.qr_matrix(url))
    for code in codes:
        assert code.ec_level in ("Q", "H")
        corners = [
            code.position.top_left,
            code.position.top_right,
            code.position.bottom_right,
            code.position.bottom_left,
        ]
        xs, ys = [p.x for p in corners], [p.y for p in corners]
        width_px = max(xs) - min(xs)
        assert width_px / dpi * 25.4 >= min_mm, width_px / dpi * 25.4
        quiet = math.ceil(4 * width_px / modules)
        left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
        around = [
            (left - quiet, top - quiet, left - 2, bottom + quiet),  # left
            (right + 2, top - quiet, right + quiet, bottom + quiet),  # right
            (left - quiet, top - quiet, right + quiet, top - 2),  # above
            (left - quiet, bottom + 2, right + quiet, bottom + quiet),
        ]  # below
        for box in around:
            assert image.crop(box).getextrema()[0] >= 250, (url, box)
    return codes


def test_qr_codes_are_vectors_with_error_correction_q_a_quiet_zone_and_at_least_15_mm_wide():
    pdf = cards.card_pdf(make_card(), "wallet", FIND_URL, NUMBERS)
    assert all(not page.images for page in PdfReader(io.BytesIO(pdf)).pages), "QR codes must be vectors"
    assert len(assert_clean_qr(render(pdf)[1], FIND_URL)) == 1


@pytest.mark.parametrize(
    "make, url, count",
    [
        (lambda: cards.card_pdf(make_card(), "a4", FIND_URL, NUMBERS), FIND_URL, 2),  # two cards a sheet
        (lambda: cards.card_pdf(None, "blank", FIND_URL, NUMBERS), FIND_URL, 2),
        (lambda: cards.poster({"name": "Central Library"}, PLACE_URL, NUMBERS), PLACE_URL, 1),
        (lambda: cards.stickers({"name": "Central Library"}, PLACE_URL), PLACE_URL, 6),
    ],
)
def test_every_printed_qr_code_is_clean(make, url, count):
    pdf = make()
    assert all(not page.images for page in PdfReader(io.BytesIO(pdf)).pages), "QR codes must be vectors"
    assert len(assert_clean_qr(render(pdf)[0], url)) == count


def test_the_qr_matrix_uses_error_correction_q():
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    code.add_data(FIND_URL)
    code.make(fit=True)
    assert cards.qr_matrix(FIND_URL) == tuple(tuple(bool(c) for c in row) for row in code.get_matrix())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5000/find",
        "https://keep-safe-places.leicestershire-and-rutland.example.org.uk/find",
    ],
)
def test_short_and_long_addresses_both_scan(url):
    back = render(cards.card_pdf(make_card(), "wallet", url, NUMBERS))[1]
    assert qr_texts(back) == [url]


# --- A4 and blank cards, and batches ---------------------------------------------------------


def test_an_a4_card_is_one_page_with_front_back_and_guides():
    card = make_card(name="Ștefan Popescu", medical="Asthma: my inhaler is in my bag.")
    pdf = cards.card_pdf(card, "a4", FIND_URL, NUMBERS)
    (size,) = page_sizes(pdf)
    assert_size(size, A4_PT)
    (text,) = page_texts(pdf)
    for words in (
        "Ștefan Popescu",
        "Please help me. Please phone:",
        "Jo Example",
        "07700 900123",
        "Medical: Asthma: my inhaler is in my bag.",
        "Emergency 999",
        "Police 101",
        "Cut along the dashed line",
        "Fold here",
        "Front",
        "Back",
    ):
        assert words in text, words
    assert text.count("Ștefan Popescu") == 2  # two copies of the card on the sheet (issue 10)
    (image,) = render(pdf)
    assert qr_texts(image) == [FIND_URL] * 2


def test_a_blank_card_has_lines_to_fill_in_and_no_details():
    pdf = cards.card_pdf(None, "blank", FIND_URL, NUMBERS)
    (size,) = page_sizes(pdf)
    assert_size(size, A4_PT)
    (text,) = page_texts(pdf)
    for words in (
        "Keep Safe card to fill in",
        "My name is:",
        "Please help me. Please phone:",
        "Name, and who they are:",
        "Phone:",
        "How I communicate",
        "Medical:",
        "Emergency 999",
        "Police 101",
        "I am lost",
        "Please call the police",
    ):
        assert words in text, words
    assert qr_texts(render(pdf)[0]) == [FIND_URL] * 2


def test_a4_and_blank_cards_print_nothing_under_7_points():
    for pdf in (
        cards.card_pdf(make_card(), "a4", FIND_URL, NUMBERS),
        cards.card_pdf(None, "blank", FIND_URL, NUMBERS),
    ):
        assert min(size for _, size in text_sizes(pdf)) >= cards.MIN_TEXT_PT - 0.01


@pytest.mark.parametrize("fmt, pages_each, size", [("wallet", 2, WALLET_PT), ("a4", 1, A4_PT)])
def test_a_batch_is_one_pdf_with_every_card(fmt, pages_each, size):
    people = [make_card(name=name) for name in NAMES]
    pdf = cards.cards_pdf(people, fmt, FIND_URL, NUMBERS)
    sizes = page_sizes(pdf)
    assert len(sizes) == pages_each * len(people)
    for page_size in sizes:
        assert_size(page_size, size)
    texts = page_texts(pdf)
    for i, name in enumerate(NAMES):
        assert name in texts[i * pages_each]
    images = render(pdf, dpi=200)
    per_page = 1 if fmt == "wallet" else 2  # an A4 sheet carries two copies of a card
    found = [qr_texts(images[i * pages_each + pages_each - 1]) for i in range(len(people))]
    assert found == [[FIND_URL] * per_page] * 4


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        cards.cards_pdf([make_card()], "poster", FIND_URL, NUMBERS)


# --- Reading a batch file -------------------------------------------------------------------

HEADER = "name,contact1_name,contact1_relationship,contact1_phone,contact2_name,contact2_phone,communication,medical\n"


def test_a_batch_file_is_read_into_cards():
    data = (
        HEADER + "Łukasz Nowak,Anna,Sister,07700900123,,,Speak slowly,\n"
        ",,,,,,,\n"
        "Gülşen Yılmaz,Tom,,01164960123,Ali,+44 7700 900456,,Asthma\n"
    ).encode("utf-8-sig")
    people = cards.read_batch(data)
    assert [p.name for p in people] == ["Łukasz Nowak", "Gülşen Yılmaz"]
    assert [c.phone for c in people[1].contacts] == ["0116 496 0123", "07700 900456"]
    assert people[0].communication == "Speak slowly"


def test_a_batch_row_the_card_cannot_print_is_listed():
    data = (
        HEADER + "Łukasz Nowak,Anna,Sister,07700900123,,,,\n"
        "王小明,Anna,Sister,07700900123,,,,\n"
        "Sam,Anna,Sister,07700900123,,,,תודה\n"
    ).encode()
    with pytest.raises(cards.BatchError) as caught:
        cards.read_batch(data)
    assert caught.value.rows == [(3, NOT_IN_THE_FONT), (4, NOT_IN_THE_FONT.replace("the name", "it"))]


def test_a_batch_file_from_older_excel_with_semicolons():
    data = "Name;Contact1 Name;Contact1 Phone\r\nRenée Dubois;Zoë;07700 900123\r\n".encode("cp1252")
    (person,) = cards.read_batch(data)
    assert (person.name, person.contacts[0].name) == ("Renée Dubois", "Zoë")


def test_a_batch_lists_every_wrong_row_by_number():
    data = (
        HEADER + "Good Person,Jo,Mum,07700900123,,,,\n"
        ",Jo,Mum,07700900123,,,,\n"
        "No Phone,Jo,Mum,,,,,\n"
        "Bad Phone,Jo,Mum,12,,,,\n"
        "Too Many,Jo,Mum,07700900123,,,,,extra\n"
    ).encode()
    with pytest.raises(cards.BatchError) as caught:
        cards.read_batch(data)
    assert str(caught.value) == "4 rows in the file need fixing. Nothing was made."
    assert caught.value.rows == [
        (3, "Enter the name of the person the card is for"),
        (4, "Enter a phone number for contact 1"),
        (5, "Enter a phone number for contact 1 like 0116 496 0123, 07700 900123 or +44 116 496 0123"),
        (6, "it has more cells than there are column names"),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty."),
        (b"  \n \n", "The file is empty."),
        (
            HEADER.encode(),
            "The file has no people in it. Put one person on each row, under the row of column names.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
            "We could not read this file as CSV. Save it as CSV UTF-8 and try again.",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "This is a spreadsheet file (such as .xlsx), not a CSV file. In your spreadsheet, "
            "choose Save As, then CSV UTF-8, and upload that.",
        ),
        (
            b"name,phone\nSam,07700900123\n",
            "Row 1 names columns we do not know: phone. The columns are: "
            + ", ".join(cards.BATCH_COLUMNS)
            + ".",
        ),
        (b"name,name,contact1_name,contact1_phone\n", "Row 1 names a column more than once: name."),
        (
            b"name,contact1_name\nSam,Jo\n",
            "Row 1 must name the columns. It needs at least name, contact1_name and contact1_phone.",
        ),
        (
            b",,\nSam,Jo,0\n",
            "Row 1 must name the columns. It needs at least name, contact1_name and contact1_phone.",
        ),
    ],
)
def test_batch_files_that_cannot_be_used(data, message):
    with pytest.raises(cards.BatchError) as caught:
        cards.read_batch(data)
    assert str(caught.value) == message
    assert caught.value.rows == []


def test_a_batch_has_a_limit():
    data = (HEADER + "Sam,Jo,Mum,07700900123,,,,\n" * 4).encode()
    assert len(cards.read_batch(data, max_rows=4)) == 4
    with pytest.raises(cards.BatchError, match="The file has 4 people. The most we can make at once is 3"):
        cards.read_batch(data, max_rows=3)


def test_a_batch_row_too_long_for_the_card_is_listed():
    data = (HEADER + f"Sam,Jo,Mum,07700900123,,,{'W' * 200},{'W' * 150}\n").encode()
    with pytest.raises(cards.BatchError) as caught:
        cards.read_batch(data, "wallet")
    assert str(caught.value) == "1 row in the file needs fixing. Nothing was made."
    assert caught.value.rows == [(2, "This does not fit on the card with everything else: make it shorter")]


# --- Venue posters and window stickers ------------------------------------------------------


def test_a_poster_says_this_is_a_keep_safe_place_in_large_easy_read_words():
    pdf = cards.poster({"name": "Central Library, Bishop Street"}, PLACE_URL, NUMBERS)
    (size,) = page_sizes(pdf)
    assert_size(size, A4_PT)
    (text,) = page_texts(pdf)
    assert "This is a Keep Safe Place" in text
    assert "Central Library, Bishop Street" in text
    for _, words in cards.POSTER_LINES:
        assert words in text
        assert len(words.split()) <= 15
    sizes = text_sizes(pdf)
    assert min(size for text, size in sizes if text in " ".join(w for _, w in cards.POSTER_LINES)) >= 18
    assert "In an emergency, call 999." in text and "Police, not an emergency: 101." in text
    (image,) = render(pdf, dpi=200)
    assert qr_texts(image) == [PLACE_URL]


def test_a_poster_for_a_long_venue_name_still_fits():
    name = "The Leicestershire and Rutland Community Wellbeing and Information Centre, Market Harborough"
    pdf = cards.poster({"name": name}, PLACE_URL, NUMBERS)
    assert name in page_texts(pdf)[0]
    assert qr_texts(render(pdf, dpi=200)[0]) == [PLACE_URL]


def test_a_poster_names_the_place_as_the_scheme_calls_it():
    pdf = cards.poster({"name": "Central Library"}, PLACE_URL, NUMBERS, "Overnight Safe Space", "Safe Spaces")
    (text,) = page_texts(pdf)
    assert "This is an Overnight Safe Space" in text and "other Safe Spaces near here" in text
    assert "Keep Safe Place" not in text


def test_a_long_place_name_is_printed_smaller_on_a_sticker_and_still_scans():
    name = "Leicestershire Safe Haven Point"
    pdf = cards.stickers({"name": "Central Library"}, PLACE_URL, place_name=name)
    assert page_texts(pdf)[0].count(name) == 6
    assert [size for text, size in text_sizes(pdf) if text == name] == [11] * 6
    assert qr_texts(render(pdf)[0]) == [PLACE_URL] * 6


def test_a_sheet_of_stickers_each_with_a_qr_code_to_the_place():
    pdf = cards.stickers({"name": "Central Library"}, PLACE_URL)
    (size,) = page_sizes(pdf)
    assert_size(size, A4_PT)
    (text,) = page_texts(pdf)
    assert text.count("Keep Safe Place") == 6
    (image,) = render(pdf)
    assert qr_texts(image) == [PLACE_URL] * 6
