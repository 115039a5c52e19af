"""Fonts and shaped text: which font prints each letter, how wide words are, where lines break,
and drawing lines of text into a PDF.

Fonts: Noto Sans (cut in two: the Latin most cards need, and the rest of Latin with Greek and
Cyrillic), Noto Sans Gujarati, Noto Sans Gurmukhi and Noto Naskh Arabic (Arabic and Urdu),
regular and bold, subset for cards by scripts/subset_card_fonts.py and vendored in data/fonts/
(SIL OFL 1.1). Each letter is printed by the font of the text's first letter when that font
has it, else by the first family that does: fpdf2 is given the same order as its fallback
fonts, so measuring here and drawing there choose the same font for every letter. A PDF
embeds only the fonts its text needs, each one costing some milliseconds to subset.

Plain text, every letter in one Noto Sans font with nothing to shape (no combining marks,
nothing right to left), is drawn with fpdf2's text(), letter by letter as the font's widths
say, which is what reportlab did before, and is many times quicker than fpdf2's shaping path,
whose bidirectional algorithm alone took some 2 ms a line; everything else is shaped.

Measuring: harfbuzz (uharfbuzz) shapes the text here too, so checking whether a card fits needs
no PDF and a batch of 500 rows is checked quickly; widths are cached at 1 point and scaled,
which is exact because nothing here hints or tracks by size. tests/test_card_scripts.py checks
these widths against fpdf2's for every script.

fpdf2 internals used, so fpdf2 is held to 2.8.x in pyproject.toml: FPDF._out (for /ActualText,
which fpdf2 has no call for) and FPDF.fonts[...].ttfont (to spare its subsetting wasted work,
see Sheet._lighten). The tests that read every script back would fail if either changed.

Lines break only at spaces, and inside a word only after a hyphen and only when the word is
too long for a line by itself (and hyphens allow it): never inside a word. A word that cannot
fit on a line at all makes the size fail, so the caller tries a smaller size or says the words
are too long.

Direction: a paragraph runs right to left when its first strong letter is Arabic-script (as
HTML's dir="auto"), and is then aligned right. The spaces inside a number are no-break spaces,
so a phone number never breaks across lines. A line with right-to-left letters is cut into
runs by the Unicode bidirectional algorithm (fpdf2's), with each number isolated so that a
phone number, "+" and all, stays one left-to-right run with its digits in order; each run is
then drawn on its own, left to right as seen. Drawing the isolates themselves would leave
invisible characters that poppler extracts into the middle of the number.

Extraction: shaping Gujarati or Gurmukhi moves vowel signs and merges conjuncts, so the
glyphs' order is not the reading order. Such text is marked with its letters in reading order
(/ActualText), which poppler's pdftotext and other readers use for copying and searching.
Arabic-script text needs no mark: readers put its glyphs back into reading order themselves.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.bidi import BidiParagraph
from fpdf.enums import TextDirection

from ..config import DATA

FONT_DIR = DATA / "fonts"
# In the order a letter is looked for: Noto Sans first, for the signs every script shares.
FAMILIES = ("NotoSans", "NotoSansExtended", "NotoSansGujarati", "NotoSansGurmukhi", "NotoNaskhArabic")
LATIN = FAMILIES[0]
# Families whose letters need no shaping beyond each letter's width: drawn without harfbuzz.
UNSHAPED = {"NotoSans", "NotoSansExtended"}
# How far each family's letters and marks reach above and below the baseline, in ems (measured
# from the fonts): a line is tall enough for the deepest of the families it prints.
EXTENTS = {
    "NotoSans": (0.93, 0.24),
    "NotoSansExtended": (1.0, 0.25),
    "NotoSansGujarati": (0.92, 0.4),
    "NotoSansGurmukhi": (0.92, 0.4),
    "NotoNaskhArabic": (0.95, 0.55),
}
# Scripts whose shaping reorders letters: marked with their reading order for extraction.
REORDERED = {"NotoSansGujarati", "NotoSansGurmukhi"}
RIGHT_TO_LEFT = {"R", "AL"}
STRONG = {"L", "R", "AL"}
# Direction controls someone might type to turn text round: refused, as this module sets directions.
EXPLICIT_DIRECTION = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}
NO_BREAK_SPACE = "\u00a0"
ISOLATES = ("\u2066", "\u2069")  # left-to-right isolate, and its end
NUMBER = re.compile(r"[+(]*\d(?:[\d ().\-\u00a0]*\d)?\)?")
SPACE_IN_NUMBER = re.compile(r"(?<=\d) (?=\d)")
AFTER_HYPHEN = re.compile(r"(?<=\w[-\u2010])(?=\w)")

Colour = tuple[int, int, int]
Size = tuple[float, float]  # (width, height) of a page, in points
INK: Colour = (11, 12, 12)


@dataclass(frozen=True)
class Face:
    """One font file: a family, regular or bold."""

    family: str
    bold: bool = False

    @property
    def style(self) -> str:
        return "B" if self.bold else ""

    @property
    def path(self) -> Path:
        return FONT_DIR / f"{self.family}-{'Bold' if self.bold else 'Regular'}.ttf"


@dataclass(frozen=True)
class _Shaper:
    letters: frozenset[int]
    font: hb.Font
    upem: int


@cache
def _shaper(face: Face) -> _Shaper:
    """The face's characters and a harfbuzz font for it, loaded once per process (read-only after)."""
    hb_face = hb.Face(hb.Blob.from_file_path(str(face.path)))
    return _Shaper(frozenset(hb_face.unicodes), hb.Font(hb_face), hb_face.upem)


def _has(family: str, bold: bool, ch: str) -> bool:
    return ord(ch) in _shaper(Face(family, bold)).letters


@cache
def printable_letter(ch: str) -> bool:
    """Whether one family prints ch in both weights (and ch is not a typed direction control)."""
    if unicodedata.bidirectional(ch) in EXPLICIT_DIRECTION:
        return False
    return any(_has(family, False, ch) and _has(family, True, ch) for family in FAMILIES)


def printable(text: str) -> bool:
    """Whether the card's fonts print every letter of text, shaped and in its direction."""
    return all(printable_letter(ch) for ch in text)


def printable_part(text: str) -> str:
    """text without the letters no font prints: for a venue's name on its poster, typed by someone else."""
    return "".join(ch for ch in text if printable_letter(ch))


@lru_cache(maxsize=4096)
def primary_family(text: str) -> str:
    """The family of the text's first letter, which prints the spaces, digits and signs around it."""
    for ch in text:
        if unicodedata.category(ch)[0] == "L":
            return next((family for family in FAMILIES if _has(family, False, ch)), LATIN)
    return LATIN


@lru_cache(maxsize=8192)
def plain(text: str, bold: bool = False) -> bool:
    """Whether one font that needs no shaping prints every letter of text as it is (no combining
    marks, nothing right to left)."""
    family = primary_family(text)
    letters = _shaper(Face(family, bold)).letters
    return family in UNSHAPED and all(
        ord(ch) in letters
        and not unicodedata.combining(ch)
        and unicodedata.bidirectional(ch) not in RIGHT_TO_LEFT
        for ch in text
    )


@lru_cache(maxsize=8192)
def runs(text: str, bold: bool = False, primary: str | None = None) -> tuple[tuple[Face, str], ...]:
    """text cut into runs printed by one font each, as fpdf2 cuts it with the same fallback order.

    primary is the font tried first for each letter: by default the family of text's first letter.
    """
    primary = primary or primary_family(text)
    found: list[tuple[Face, str]] = []
    for ch in text:
        family = primary
        if not _has(primary, bold, ch):
            family = next((f for f in FAMILIES if _has(f, bold, ch)), primary)
        if found and found[-1][0].family == family:
            found[-1] = (found[-1][0], found[-1][1] + ch)
        else:
            found.append((Face(family, bold), ch))
    return tuple(found)


@lru_cache(maxsize=16384)
def _unit_width(text: str, bold: bool, primary: str | None) -> float:
    if primary is None and plain(text, bold):
        shaper = _shaper(Face(primary_family(text), bold))
        font = shaper.font
        return sum(font.get_glyph_h_advance(font.get_nominal_glyph(ord(ch))) for ch in text) / shaper.upem
    total = 0.0
    for face, part in runs(text, bold, primary):
        shaper = _shaper(face)
        buffer = hb.Buffer()
        buffer.add_str(part)
        buffer.guess_segment_properties()
        hb.shape(shaper.font, buffer, {})
        total += sum(position.x_advance for position in buffer.glyph_positions) / shaper.upem
    return total


def text_width(text: str, size: float, bold: bool = False, primary: str | None = None) -> float:
    """The printed width of text in points, shaped, at size points (primary: see runs)."""
    return _unit_width(text, bold, primary) * size


def direction(text: str) -> str:
    """ "rtl" when the first strong letter is written right to left (Arabic, Urdu), else "ltr"."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in STRONG:
            return "rtl" if kind in RIGHT_TO_LEFT else "ltr"
    return "ltr"


def has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in RIGHT_TO_LEFT for ch in text)


def visual_runs(text: str, flow: str) -> list[tuple[str, str]]:
    """The runs of a line, as seen from left to right, each in reading order with its direction.

    The bidirectional algorithm orders them, in a paragraph of direction flow, with numbers
    isolated so each stays one left-to-right run.
    """
    isolated = NUMBER.sub(lambda found: ISOLATES[0] + found.group() + ISOLATES[1], text)
    base = TextDirection.RTL if flow == "rtl" else TextDirection.LTR
    found: list[tuple[list[str], int]] = []
    for ch in BidiParagraph(text=isolated, base_direction=base).get_reordered_characters():
        if ch.character in ISOLATES:
            continue
        if found and found[-1][1] == ch.embedding_level:
            found[-1][0].append(ch.character)
        else:
            found.append(([ch.character], ch.embedding_level))
    return [
        ("".join(reversed(chars)), "rtl") if level % 2 else ("".join(chars), "ltr") for chars, level in found
    ]


# --- Lines and paragraphs -------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Text in one weight."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Line:
    """One printed line: its spans in reading order, and its width in points."""

    spans: tuple[Span, ...]
    width: float

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Block:
    """A paragraph laid out: lines at a size, with where each baseline falls and how they align."""

    lines: tuple[Line, ...]
    size: float
    line_height: float  # points from one baseline to the next
    ascent: float  # points from the top of a line to its baseline
    direction: str
    align: str  # "left", "right" or "centre"
    colour: Colour = INK

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0.0)


def words(text: str) -> list[str]:
    """The words of text, split at spaces; a space between two digits does not split a number."""
    return [word for word in SPACE_IN_NUMBER.sub(NO_BREAK_SPACE, text).split(" ") if word]


def _join(pieces: Sequence[tuple[str, bool, bool]]) -> tuple[Span, ...]:
    """Pieces (text, bold, glued to the one before) as spans, a space before each piece not glued."""
    spans: list[Span] = []
    for text, bold, glued in pieces:
        if spans and not glued:
            text = " " + text
        if spans and spans[-1].bold == bold:
            spans[-1] = Span(spans[-1].text + text, bold)
        else:
            spans.append(Span(text, bold))
    return tuple(spans)


def _width(spans: Iterable[Span], size: float) -> float:
    return sum(text_width(span.text, size, span.bold) for span in spans)


def wrap(spans: Sequence[Span], size: float, width: float, hyphens: bool = True) -> tuple[Line, ...] | None:
    """The lines of spans at size within width, breaking at spaces, and after a hyphen (if hyphens)
    only when a word is too long for a line by itself. None when a part of a word is wider than a line."""
    lines: list[list[tuple[str, bool, bool]]] = []
    current: list[tuple[str, bool, bool]] = []

    def fits(pieces):
        return _width(_join(pieces), size) <= width + 1e-6

    for span in spans:
        for word in words(span.text):
            piece = (word, span.bold, False)
            if fits([*current, piece]):
                current.append(piece)
                continue
            if current:
                lines.append(current)
                current = []
            if fits([piece]):
                current = [piece]
                continue
            if not hyphens:
                return None
            for i, part in enumerate(AFTER_HYPHEN.split(word)):
                piece = (part, span.bold, i > 0)
                if current and fits([*current, piece]):
                    current.append(piece)
                    continue
                if current:
                    lines.append(current)
                current = [(part, span.bold, False)]
                if not fits(current):
                    return None
    if current:
        lines.append(current)
    return tuple(Line(spans, _width(spans, size)) for spans in map(_join, lines))


@lru_cache(maxsize=4096)
def _extents(text: str) -> tuple[float, float]:
    families = {primary_family(text)} | {face.family for face, _ in runs(text)}
    return max(EXTENTS[f][0] for f in families), max(EXTENTS[f][1] for f in families)


def paragraph(
    spans: Sequence[Span],
    size: float,
    width: float,
    leading: float = 1.2,
    align: str | None = None,
    colour: Colour = INK,
    hyphens: bool = True,
) -> Block | None:
    """spans laid out at size within width (None if a word cannot fit), lines leading x size apart
    or more when the script needs it; aligned at the start of the paragraph's direction unless told."""
    lines = wrap(spans, size, width, hyphens)
    if lines is None:
        return None
    text = "".join(span.text for span in spans)
    ascent, descent = _extents(text)
    line_height = max(leading, ascent + descent) * size
    flow = direction(text)
    return Block(
        lines,
        size,
        line_height,
        line_height - descent * size,
        flow,
        align or ("right" if flow == "rtl" else "left"),
        colour,
    )


def fitted(
    spans: Sequence[Span],
    sizes: Iterable[float],
    width: float,
    max_lines: int | None = None,
    **options,
) -> Block | None:
    """The paragraph at the largest of sizes that fits width (and max_lines, if given), or None."""
    for size in sizes:
        block = paragraph(spans, size, width, **options)
        if block is not None and (max_lines is None or len(block.lines) <= max_lines):
            return block
    return None


# --- Drawing --------------------------------------------------------------------------------


class Sheet:
    """One PDF being drawn with fpdf2, in points from the page's top-left corner.

    Fonts are added as the text needs them, so a PDF embeds (a subset of) only the fonts it
    prints with: each one adds some milliseconds to making it.
    """

    def __init__(self, title: str, size: Size) -> None:
        pdf = FPDF(unit="pt", format=size)
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.c_margin = 0
        pdf.set_title(title)
        pdf.set_author("")
        pdf.set_subject("")
        pdf.set_creator("Keep Safe Places")
        pdf.set_text_shaping(True)
        self.pdf = pdf
        self.size = size
        self._faces: set[Face] = set()
        self._direction: str | None = None

    def page(self, size: Size | None = None) -> None:
        self.size = size or self.size
        self.pdf.add_page(format=self.size)

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    def block(self, block: Block, x: float, top: float, width: float) -> float:
        """Draw block in the box from x, width wide, its first line at top; returns its bottom."""
        for i, line in enumerate(block.lines):
            if block.align == "right":
                start = x + width - line.width
            elif block.align == "centre":
                start = x + (width - line.width) / 2
            else:
                start = x
            self.line(line, start, top + i * block.line_height + block.ascent, block)
        return top + block.height

    def line(self, line: Line, x: float, baseline: float, block: Block) -> None:
        """Draw line from x: its spans left to right, or right to left in a right-to-left paragraph."""
        spans = line.spans if block.direction == "ltr" else tuple(reversed(line.spans))
        for span in spans:
            width = text_width(span.text, block.size, span.bold)
            self.text(span.text, x, baseline, block.size, span.bold, block.colour, width, block.direction)
            x += width

    def text(
        self,
        text: str,
        x: float,
        baseline: float,
        size: float,
        bold: bool = False,
        colour: Colour = INK,
        width: float | None = None,
        flow: str | None = None,
    ) -> None:
        """Draw text shaped on one line, starting at x on baseline."""
        if not text:
            return
        pdf = self.pdf
        printed = SPACE_IN_NUMBER.sub(NO_BREAK_SPACE, text)
        primary = primary_family(printed)
        self._add_fonts(printed, bold)
        pdf.set_font(primary, "B" if bold else "", size)
        pdf.set_text_color(*colour)
        if plain(printed, bold):
            pdf.text(x, baseline, printed)
        elif has_right_to_left(printed):
            for part, part_flow in visual_runs(printed, flow or direction(printed)):
                part_width = text_width(part, size, bold, primary)
                self._shaped(part, x, baseline, size, part_flow, part_width)
                x += part_width
        else:
            self._shaped(printed, x, baseline, size, "ltr", width or text_width(text, size, bold))

    def _shaped(self, text: str, x: float, baseline: float, size: float, flow: str, width: float) -> None:
        """Draw text through fpdf2's shaping, in one direction, with the font already set."""
        pdf = self.pdf
        if flow != self._direction:
            pdf.set_text_shaping(True, direction=flow)
            self._direction = flow
        pdf.set_xy(x, baseline - 0.3 * size)  # fpdf2 sets a cell's baseline 0.3 of the size below y when h=0
        with self._reading_order(text):
            pdf.cell(w=width, h=0, text=text, align="L")

    def text_right(self, text: str, right: float, baseline: float, size: float, **options) -> None:
        self.text(text, right - text_width(text, size, options.get("bold", False)), baseline, size, **options)

    def text_centred(self, text: str, centre: float, baseline: float, size: float, **options) -> None:
        width = text_width(text, size, options.get("bold", False))
        self.text(text, centre - width / 2, baseline, size, **options)

    def _add_fonts(self, text: str, bold: bool) -> None:
        needed = {Face(primary_family(text), bold)} | {face for face, _ in runs(text, bold)}
        if needed <= self._faces:
            return
        for face in needed - self._faces:
            self.pdf.add_font(face.family, face.style, str(face.path))
            self._lighten(self.pdf.fonts[face.family.lower() + face.style].ttfont)
        self._faces |= needed
        added = {face.family for face in self._faces}
        self.pdf.set_fallback_fonts([family for family in FAMILIES if family in added], exact_match=True)

    @staticmethod
    def _lighten(font: TTFont) -> None:
        """Spare fpdf2's subsetting (fontTools) work whose result it throws away: measured, it
        halves the time each font adds to a PDF, and a Gujarati font's time falls to a fifth.

        fpdf2 embeds a font without its shaping tables (it has shaped the text already, with
        harfbuzz reading the font file itself), but fontTools reads and converts those tables in
        full before dropping them; and subsetting keeps each glyph's outline, so recomputing
        every glyph's bounding box on saving changes nothing.
        """
        font.recalcBBoxes = False
        for tag in ("GSUB", "GPOS", "GDEF"):
            if tag in font:
                del font[tag]

    @contextmanager
    def _reading_order(self, text: str) -> Iterator[None]:
        """Mark text shaped out of reading order with /ActualText, so extracting it gives text back.

        fpdf2 2.8 has no call for marked content, so the two operators are written with its
        FPDF._out; tests/test_cards.py reads every script back with pdftotext.
        """
        marked = not has_right_to_left(text) and any(face.family in REORDERED for face, _ in runs(text))
        if marked:
            self.pdf._out(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")
        yield
        if marked:
            self.pdf._out("EMC")
