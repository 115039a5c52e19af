"""Keep Safe cards in the area's scripts (issue 10): names, contacts and notes in Gujarati,
Gurmukhi, Urdu, Arabic, Polish and Welsh print shaped, and read back as typed.

Shaping is checked against an independent drawing: harfbuzz's own glyph outlines, placed where
harfbuzz puts them and filled as vector paths, rendered by pdftoppm beside the card maker's text.
The two must cover the same pixels; the same letters drawn unshaped must not.
"""

import importlib.util
import io
import re
import unicodedata
from pathlib import Path

import pytest
import uharfbuzz as hb
from fpdf import FPDF
from PIL import Image, ImageChops, ImageFilter, ImageOps
from pypdf import PdfReader, PdfWriter

from safeplaces import cards
from safeplaces.cards import typeset
from tests.test_cards import FIND_URL, NUMBERS, make_card, poppler_text, render

NAMES = {
    "gujarati": "અમિત પટેલ",
    "gurmukhi": "ਹਰਪ੍ਰੀਤ ਕੌਰ",
    "urdu": "عائشہ خان",
    "arabic": "محمد علي",
    "polish": "Łukasz Żółć",
    "welsh": "Gwenllïan ap Llŷr",
}
SHAPED = ("gujarati", "gurmukhi", "urdu", "arabic")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def readable(text):
    """Text as a reader gives it back, without the direction marks pdftotext adds, spaces made single."""
    return " ".join(BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", text)).split())


@pytest.mark.parametrize("script", NAMES)
@pytest.mark.parametrize("fmt", ["wallet", "a4"])
def test_a_name_in_each_script_reads_back_from_the_card(script, fmt):
    name = NAMES[script]
    card = make_card(
        name=name, contact1_name=name, contact1_relationship=name, communication=name, medical=name
    )
    text = readable(poppler_text(cards.card_pdf(card, fmt, FIND_URL, NUMBERS)))
    assert text.count(name) >= (5 if fmt == "wallet" else 10), text  # a4: two copies


def page_of(pdf, index):
    """One page of a PDF, as a PDF of its own."""
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf)).pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_batch_of_every_script_reads_back_page_by_page():
    people = [make_card(name=name, contact1_name=name) for name in NAMES.values()]
    pdf = cards.cards_pdf(people, "wallet", FIND_URL, NUMBERS)
    for i, name in enumerate(NAMES.values()):
        assert name in readable(poppler_text(page_of(pdf, 2 * i)))


def test_a_batch_file_in_every_script_makes_cards():
    rows = "".join(f"{name},{name},07700 900123\n" for name in NAMES.values())
    people = cards.read_batch(("name,contact1_name,contact1_phone\n" + rows).encode("utf-8"))
    assert [person.name for person in people] == list(NAMES.values())


URDU_WITH_NUMBERS = "میرے ڈاکٹر کا نمبر 0116 496 0999 ہے۔ ایمرجنسی میں +44 7700 900123 پر فون کریں۔"


def test_a_phone_number_inside_urdu_is_one_left_to_right_run_in_its_place():
    assert typeset.visual_runs("میں +44 7700 900123 پر فون کریں", "rtl") == [
        (" پر فون کریں", "rtl"),
        ("+44 7700 900123", "ltr"),
        ("میں ", "rtl"),
    ]
    assert typeset.visual_runs("Call 0116 496 0123 or امی", "ltr") == [
        ("Call ", "ltr"),
        ("0116 496 0123", "ltr"),
        (" or ", "ltr"),
        ("امی", "rtl"),
    ]


def test_a_phone_number_inside_urdu_reads_back_whole():
    pdf = cards.card_pdf(make_card(medical=URDU_WITH_NUMBERS), "wallet", FIND_URL, NUMBERS)
    text = readable(poppler_text(pdf))
    # Each run comes back whole, digits in order. (On a page mostly in English, poppler puts the
    # runs of a right-to-left line in the order they are seen, not read: its choice, not the PDF's.)
    for part in ("میرے ڈاکٹر کا نمبر", "0116 496 0999", "+44 7700 900123", "پر فون کریں۔"):
        assert part in text, (part, text)


def test_mixed_scripts_in_one_line_read_back():
    card = make_card(
        name="Amit અમિત Patel",
        contact1_name="Ayesha عائشہ",
        contact1_relationship="ਭੈਣ sister",
        communication="I speak Gujarati ગુજરાતી and Urdu اردو.",
    )
    text = readable(poppler_text(cards.card_pdf(card, "wallet", FIND_URL, NUMBERS)))
    for words in ("Amit અમિત Patel", "ગુજરાતી", "اردو", "ਭੈਣ sister"):
        assert words in text, (words, text)
    assert "Ayesha" in text and "عائشہ" in text


def test_no_script_leaves_a_warning_or_a_letter_in_the_log(caplog):
    """fpdf2 logs (as a warning) the letters a font lacks: they would be part of a name."""
    caplog.set_level("DEBUG")
    card = make_card(name=" ".join(NAMES.values())[:60], communication=" ".join(NAMES.values()))
    for fmt in cards.FORMATS:
        cards.card_pdf(card if fmt != "blank" else None, fmt, FIND_URL, NUMBERS)
    assert [record for record in caplog.records if record.levelno >= 30] == []
    for name in NAMES.values():
        for word in name.split():
            assert len(word) < 4 or word not in caplog.text


# --- Shaping, checked in the rendering --------------------------------------------------------

SIZE = 40  # points: large enough that a misplaced vowel sign or an unjoined letter shows clearly
DPI = 150


class _Outline:
    """A pen (fontTools' protocol, as harfbuzz draws) that traces a glyph into an fpdf2 path."""

    def __init__(self, path, x, y, scale):
        self.path, self.x, self.y, self.scale = path, x, y, scale

    def _at(self, point):
        return self.x + point[0] * self.scale, self.y - point[1] * self.scale

    def moveTo(self, point):  # noqa: N802 (the pen protocol's names)
        self.path.move_to(*self._at(point))

    def lineTo(self, point):  # noqa: N802
        self.path.line_to(*self._at(point))

    def qCurveTo(self, *points):  # noqa: N802
        self.path.quadratic_curve_to(*self._at(points[0]), *self._at(points[1]))

    def curveTo(self, *points):  # noqa: N802
        self.path.curve_to(*self._at(points[0]), *self._at(points[1]), *self._at(points[2]))

    def closePath(self):  # noqa: N802
        self.path.close()


def harfbuzz_drawing(text, bold=True):
    """text as harfbuzz shapes it, each run in the font the card maker chooses, as filled outlines."""
    pdf = FPDF(unit="pt", format=(600, 120))
    pdf.add_page()
    x, baseline = 20, 80
    with pdf.new_path() as path:
        path.style.fill_color = "#000000"
        path.style.stroke_color = None
        for face, part in typeset.runs(text, bold):
            hb_face = hb.Face(hb.Blob.from_file_path(str(face.path)))
            font = hb.Font(hb_face)
            buffer = hb.Buffer()
            buffer.add_str(part)
            buffer.guess_segment_properties()
            hb.shape(font, buffer, {})
            scale = SIZE / hb_face.upem
            pen_x = x
            for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
                pen = _Outline(
                    path, pen_x + position.x_offset * scale, baseline - position.y_offset * scale, scale
                )
                font.draw_glyph_with_pen(info.codepoint, pen)
                pen_x += position.x_advance * scale
            x = pen_x
    return bytes(pdf.output())


def card_maker_drawing(text, bold=True):
    sheet = typeset.Sheet("test", (600, 120))
    sheet.page()
    sheet.text(text, 20, 80, SIZE, bold=bold)
    return sheet.output()


def unshaped_drawing(text, bold=True):
    """The letters one by one in the card maker's fonts, as if nothing shaped them."""
    sheet = typeset.Sheet("test", (600, 120))
    sheet.page()
    x = 20
    for ch in text:
        sheet.text(ch, x, 80, SIZE, bold=bold)
        x += typeset.text_width(ch, SIZE, bold)
    return sheet.output()


def ink(pdf):
    """The rendered page as a mask of where there is ink, cut to the ink and widened by a pixel
    (a text renderer and a path renderer may place an edge a pixel apart)."""
    (image,) = render(pdf, dpi=DPI)
    mask = image.point(lambda value: 255 if value < 128 else 0).filter(ImageFilter.MaxFilter(3))
    return mask.crop(mask.getbbox())


def overlap(a, b):
    """Pixels inked in both, over pixels inked in either (1 for the same drawing)."""
    size = (max(a.width, b.width), max(a.height, b.height))
    a, b = (ImageOps.pad(mask, size, centering=(0, 0)).convert("1") for mask in (a, b))
    both = ImageChops.logical_and(a, b).histogram()[255]
    either = ImageChops.logical_or(a, b).histogram()[255]
    return both / either


@pytest.mark.parametrize("script", NAMES)
def test_names_print_as_harfbuzz_shapes_them(script):
    name = NAMES[script]
    expected = ink(harfbuzz_drawing(name))
    assert overlap(ink(card_maker_drawing(name)), expected) > 0.85  # the same shapes, edges apart
    if script in SHAPED:
        # The check can tell: the same letters unshaped (Arabic unjoined and back to front,
        # Gujarati and Gurmukhi vowel signs after their consonants) are far from it.
        assert overlap(ink(unshaped_drawing(name)), expected) < 0.6


@pytest.mark.parametrize(
    "text",
    [*NAMES.values(), "Please phone: 07700 900123", "ਸਿੰਘ (Singh)", "Zoë Ñandú", "Ελένη", "Nguyễn"],
)
def test_measured_widths_agree_with_fpdf2(text):
    """typeset measures with harfbuzz itself; fpdf2 draws: the two must agree, or lines overflow."""
    sheet = typeset.Sheet("test", (600, 120))
    sheet.page()
    sheet.text(text, 20, 80, 10)  # adds the fonts the text needs
    pdf = sheet.pdf
    pdf.set_font(typeset.primary_family(text), "", 10)
    pdf.set_text_shaping(True, direction=typeset.direction(text))
    if typeset.plain(text):
        pdf.set_text_shaping(False)
    assert typeset.text_width(text, 10) == pytest.approx(pdf.get_string_width(text), rel=0.01)


def test_the_example_pictures_in_the_readme_can_be_made_again(tmp_path):
    """scripts/card_examples.py draws docs/cards/*.png: it still runs, and draws both cards."""
    path = Path(__file__).resolve().parent.parent / "scripts" / "card_examples.py"
    spec = importlib.util.spec_from_file_location("card_examples", path)
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    assert examples.main(["--out", str(tmp_path), "--dpi", "72"]) == 0
    for name in ("gujarati-wallet-card.png", "urdu-wallet-card.png"):
        with Image.open(tmp_path / name) as picture:
            assert picture.width > 2 * picture.height  # the front and the back side by side
            assert (Path(__file__).resolve().parent.parent / "docs" / "cards" / name).exists()


def test_a_venues_name_in_any_script_prints_on_its_poster_and_stickers():
    for name in ("શ્રી કૃષ્ણ મંદિર", "مسجد النور", "Biblioteka Łódź"):
        assert name in readable(poppler_text(cards.poster({"name": name}, FIND_URL, NUMBERS)))
        assert readable(poppler_text(cards.stickers({"name": name}, FIND_URL))).count(name) == 6


def test_letters_no_font_has_are_left_off_a_venues_poster(caplog):
    pdf = cards.poster({"name": "Café 🙂 王 Central"}, FIND_URL, NUMBERS)
    assert "Café Central" in readable(poppler_text(pdf))
    assert [record for record in caplog.records if record.levelno >= 30] == []
