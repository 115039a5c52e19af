"""Keep Safe cards, venue posters and window stickers, as PDFs built in memory.

Privacy: a card's details exist only while its PDF is built. Nothing here writes a file, a
database row or a log line, and a Card's repr shows none of its details.

Drawing: reportlab's canvas, with DejaVu Sans (vendored in data/fonts/, embedded as a subset in
every PDF) so every Latin Extended name prints; the scheme's symbol, the pictures and the QR
codes are vector shapes drawn here, so they print sharp at any size. Text the font has no
letters for, or in a right-to-left script (which reportlab neither joins nor reorders), is
refused when the card is checked, rather than printed as empty boxes or back to front.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from math import cos, pi, sin
from xml.sax.saxutils import escape

import phonenumbers
import qrcode
from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .config import DATA
from .text import clean

FORMATS = ("wallet", "a4", "blank")
BATCH_FORMATS = ("wallet", "a4")
WALLET_SIZE = (85.6 * mm, 54 * mm)  # ISO/IEC 7810 ID-1, the size of a bank card
# Each half of the A4 card. Folded, it fits a standard 65 x 95 mm (ID card) laminating pouch.
PANEL_SIZE = (90 * mm, 60 * mm)
MAX_CONTACTS = 3
MAX_LENGTH = {
    "name": 60,
    "contact_name": 40,
    "relationship": 30,
    "phone": 30,
    "communication": 200,
    "medical": 150,
}
FIELDS = (
    "name",
    *(f"contact{n}_{part}" for n in range(1, MAX_CONTACTS + 1) for part in ("name", "relationship", "phone")),
    "communication",
    "medical",
)
# The printed fields a person types; phone numbers are printed as tidied, in digits.
WORDS = (
    "name",
    *(f"contact{n}_{part}" for n in range(1, MAX_CONTACTS + 1) for part in ("name", "relationship")),
    "communication",
    "medical",
)
MAX_BATCH_ROWS = 500
UK_NUMBERS = {"emergency": "999", "non_emergency": "101"}

MIN_TEXT_PT = 7  # nothing smaller is printed on a card
MIN_NAME_PT = 12  # the person's name is never smaller than this
QR_WIDTH = 16 * mm  # the printed symbol, without its quiet zone: at least 15 mm, with a margin
QR_QUIET_MODULES = 4

FONT, BOLD = "KeepSafeSans", "KeepSafeSans-Bold"
FONT_DIR = DATA / "fonts"
RIGHT_TO_LEFT = {"R", "AL", "RLE", "RLO", "RLI"}  # unicodedata.bidirectional classes
UNPRINTABLE = (
    "This card can only print letters used in English and other European languages. "
    "Write {what} in those letters, or choose the blank card and write it by hand"
)

INK = HexColor("#0b0c0c")
SCHEME = HexColor("#1d4f91")  # the symbol's blue, the site's link colour
GUIDE = HexColor("#6f777b")  # cut and fold lines
YELLOW = HexColor("#ffdd00")
PAPER = white

PICTURES = (
    ("lost", "I am lost"),
    ("scared", "I feel scared"),
    ("hurt", "Someone has hurt me"),
    ("unwell", "I feel unwell"),
    ("phone", "Please phone my contact"),
    ("police", "Please call the police"),
)


# --- The details on a card ---------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Contact:
    """Someone to phone: their name, who they are to the person, and a tidy phone number."""

    name: str
    relationship: str
    phone: str


@dataclass(frozen=True, repr=False)
class Card:
    """What goes on one person's card. repr=False: a stray log line never shows a name."""

    name: str
    contacts: tuple = field(default=())
    communication: str = ""
    medical: str = ""


class CardTooLong(ValueError):
    """The details are within their character limits but still do not fit on the card."""

    def __init__(self, field_id, message):
        super().__init__(message)
        self.field_id = field_id
        self.message = message


class BatchError(ValueError):
    """A batch file that cannot be used: a message for the whole file, and [(row, message)]."""

    def __init__(self, message, rows=()):
        super().__init__(message)
        self.message = message
        self.rows = list(rows)


def tidy_phone(text):
    """A phone number written the usual way (0116 496 0123, 07700 900123); ValueError if it cannot be one.

    Loose on purpose: places.tidy_phone asks phonenumbers whether a number is in use, which
    refuses Ofcom's drama numbers (07700 900xxx) and may lag new ranges. A card only needs a
    number that has the shape of a UK number, or of a full international one.
    """
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(text) from None
    if not phonenumbers.is_valid_number(number) and (
        phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        raise ValueError(text)
    if number.country_code == 44:
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        # No UK numbering pattern matched (a digit too few, say): it comes back bare, without the 0.
        if not national.startswith("0") or " " not in national:
            raise ValueError(text)
        return national
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def printable(text):
    """Whether the card's font can print text as it reads: every letter drawn, left to right."""
    glyphs = _glyphs()
    return all(ord(ch) in glyphs and unicodedata.bidirectional(ch) not in RIGHT_TO_LEFT for ch in text)


def _too_long(what, text, limit):
    return f"{what} must be {limit} characters or fewer (it has {len(text)})"


def check_card(values):
    """Check a card's details as typed (a mapping of FIELDS). Returns (Card or None, {field id: problem})."""
    text = {name: clean(values.get(name)) for name in FIELDS}
    problems = {}
    if not text["name"]:
        problems["name"] = "Enter the name of the person the card is for"
    elif len(text["name"]) > MAX_LENGTH["name"]:
        problems["name"] = _too_long("The name", text["name"], MAX_LENGTH["name"])

    contacts, any_given = [], False
    for n in range(1, MAX_CONTACTS + 1):
        contact = _check_contact(n, text, problems)
        any_given = any_given or contact is not False
        if contact:
            contacts.append(contact)
    if not any_given:
        problems["contact1_name"] = "Enter the name of someone to phone"
        problems["contact1_phone"] = "Enter their phone number"

    for name, what in (("communication", "How I communicate"), ("medical", "Medical information")):
        if len(text[name]) > MAX_LENGTH[name]:
            problems[name] = _too_long(what, text[name], MAX_LENGTH[name])
    for name in WORDS:
        if name not in problems and not printable(text[name]):
            problems[name] = UNPRINTABLE.format(what="the name" if name.endswith("name") else "it")
    if problems:
        return None, problems
    return Card(text["name"], tuple(contacts), text["communication"], text["medical"]), problems


def _check_contact(n, text, problems):
    """Contact n: a Contact, None when it has problems, or False when its row is empty."""
    key = f"contact{n}_"
    name, relationship, phone = (text[key + part] for part in ("name", "relationship", "phone"))
    if not (name or relationship or phone):
        return False
    found = {}
    if not name:
        found[key + "name"] = f"Enter the name of contact {n}"
    elif len(name) > MAX_LENGTH["contact_name"]:
        found[key + "name"] = _too_long(f"The name of contact {n}", name, MAX_LENGTH["contact_name"])
    if len(relationship) > MAX_LENGTH["relationship"]:
        found[key + "relationship"] = _too_long(
            f"Who contact {n} is", relationship, MAX_LENGTH["relationship"]
        )
    tidy = ""
    if not phone:
        found[key + "phone"] = f"Enter a phone number for contact {n}"
    elif len(phone) > MAX_LENGTH["phone"]:
        found[key + "phone"] = _too_long(f"The phone number of contact {n}", phone, MAX_LENGTH["phone"])
    else:
        try:
            tidy = tidy_phone(phone)
        except ValueError:
            found[key + "phone"] = (
                f"Enter a phone number for contact {n} like 0116 496 0123, 07700 900123 or +44 116 496 0123"
            )
    problems.update(found)
    return None if found else Contact(name, relationship, tidy)


# --- Batches: one CSV row per person ------------------------------------------------------


def read_batch(data, fmt="wallet", numbers=UK_NUMBERS, max_rows=MAX_BATCH_ROWS):
    """The cards in a CSV file's bytes (header row first, columns named as FIELDS).

    All or nothing: BatchError lists every wrong row by its number (the header is row 1),
    including a row whose words would not fit on the fmt card printed with these numbers.
    """
    rows = _csv_rows(data)
    header = [_column(name) for name in rows[0]]
    unknown = [name for name in header if name and name not in FIELDS]
    if unknown:
        raise BatchError(
            f"Row 1 names columns we do not know: {', '.join(unknown)}. The columns are: {', '.join(FIELDS)}."
        )
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        raise BatchError(f"Row 1 names a column more than once: {', '.join(doubled)}.")
    if not {"name", "contact1_name", "contact1_phone"} <= set(header):
        raise BatchError(
            "Row 1 must name the columns. It needs at least name, contact1_name and contact1_phone."
        )
    people = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]
    if not people:
        raise BatchError(
            "The file has no people in it. Put one person on each row, under the row of column names."
        )
    if len(people) > max_rows:
        raise BatchError(
            f"The file has {len(people)} people. The most we can make at once is "
            f"{max_rows}: split the file into smaller files."
        )
    cards, wrong = [], []
    for number, row in people:
        if any(cell.strip() for cell in row[len(header) :]):
            wrong.append((number, "it has more cells than there are column names"))
            continue
        card, problems = check_card(dict(zip(header, row, strict=False)))
        if card is not None:
            problems = fit_problems(card, fmt, numbers)
        if problems:
            wrong.append((number, "; ".join(problems.values())))
        else:
            cards.append(card)
    if wrong:
        raise BatchError(
            ("1 row in the file needs" if len(wrong) == 1 else f"{len(wrong)} rows in the file need")
            + " fixing. Nothing was made.",
            wrong,
        )
    return cards


def _column(name):
    return "_".join(clean(name).lower().replace("-", " ").split())


def _csv_rows(data):
    """The rows of a CSV file's bytes, as lists of strings; BatchError if it cannot be read as CSV."""
    if not data.strip():
        raise BatchError("The file is empty.")
    if data[:4] == b"PK\x03\x04":
        raise BatchError(
            "This is a spreadsheet file (such as .xlsx), not a CSV file. In your "
            "spreadsheet, choose Save As, then CSV UTF-8, and upload that."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # what older Excel saves as "CSV (Comma delimited)"
        except UnicodeDecodeError:
            text = None
    if text is None or "\x00" in text:
        raise BatchError("We could not read this file as CSV. Save it as CSV UTF-8 and try again.")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))
    except csv.Error:
        raise BatchError("We could not read this file as CSV. Save it as CSV UTF-8 and try again.") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise BatchError(
            "Row 1 must name the columns. It needs at least name, contact1_name and contact1_phone."
        )
    return rows


# --- Fonts, text and shapes ---------------------------------------------------------------


@cache
def _fonts():
    """Register DejaVu Sans, regular and bold, once per process."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return FONT, BOLD


@cache
def _glyphs():
    """The characters both the regular and the bold font can draw."""
    _fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph).intersection(
        pdfmetrics.getFont(BOLD).face.charToGlyph
    )


@cache
def _style(size, bold=False, centred=False, leading=1.2, colour=INK):
    _fonts()
    return ParagraphStyle(
        f"s{size}{bold}{centred}{leading}",
        fontName=BOLD if bold else FONT,
        fontSize=size,
        leading=size * leading,
        textColor=colour,
        alignment=TA_CENTER if centred else TA_LEFT,
        splitLongWords=1,
    )


def _para(markup, size, width, bold=False, centred=False, leading=1.2, colour=INK):
    """A wrapped Paragraph of markup; (paragraph, height)."""
    paragraph = Paragraph(markup, _style(size, bold, centred, leading, colour))
    return paragraph, paragraph.wrap(width, 10_000)[1]


def _e(text):
    return escape(text)


def _new_canvas(buffer, pagesize, title):
    _fonts()
    # The initial font is ours too, so no unembedded Helvetica is listed in the PDF.
    c = Canvas(
        buffer, pagesize=pagesize, pageCompression=1, initialFontName=FONT, initialFontSize=MIN_TEXT_PT
    )
    c.setTitle(title)
    c.setAuthor("")
    c.setCreator("Keep Safe Places")
    c.setSubject("")
    return c


def symbol(c, x, y, size, colour=SCHEME):
    """The scheme's symbol, a house with a heart in it, in a size x size square at (x, y)."""
    s = size
    house = c.beginPath()
    house.moveTo(x + 0.5 * s, y + s)
    house.lineTo(x + s, y + 0.56 * s)
    house.lineTo(x + 0.87 * s, y + 0.56 * s)
    house.lineTo(x + 0.87 * s, y)
    house.lineTo(x + 0.13 * s, y)
    house.lineTo(x + 0.13 * s, y + 0.56 * s)
    house.lineTo(x, y + 0.56 * s)
    house.close()
    c.setFillColor(colour)
    c.drawPath(house, stroke=0, fill=1)
    _heart(c, x + 0.5 * s, y + 0.36 * s, 0.46 * s, PAPER)


def _heart(c, cx, cy, width, colour):
    """A heart width wide, centred on (cx, cy)."""
    w = width
    p = c.beginPath()
    p.moveTo(cx, cy - 0.42 * w)
    p.curveTo(cx - 0.25 * w, cy - 0.2 * w, cx - 0.5 * w, cy + 0.02 * w, cx - 0.5 * w, cy + 0.2 * w)
    p.curveTo(cx - 0.5 * w, cy + 0.42 * w, cx - 0.22 * w, cy + 0.5 * w, cx, cy + 0.28 * w)
    p.curveTo(cx + 0.22 * w, cy + 0.5 * w, cx + 0.5 * w, cy + 0.42 * w, cx + 0.5 * w, cy + 0.2 * w)
    p.curveTo(cx + 0.5 * w, cy + 0.02 * w, cx + 0.25 * w, cy - 0.2 * w, cx, cy - 0.42 * w)
    p.close()
    c.setFillColor(colour)
    c.drawPath(p, stroke=0, fill=1)


@cache
def qr_matrix(url):
    """The QR code for url (error correction Q) as rows of booleans, without the quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    code.add_data(url)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_size(url, width):
    """(module, whole): the module size, and the whole width with the quiet zone, for a symbol `width` wide."""
    module = width / len(qr_matrix(url))
    return module, width + 2 * QR_QUIET_MODULES * module


def draw_qr(c, url, x, y, width):
    """url's QR code as vector squares, the symbol `width` wide with its bottom-left corner at (x, y).

    The quiet zone (4 modules) round it is painted white, so nothing drawn nearby can eat it.
    One path for all the dark modules: touching squares then print without hairline seams.
    """
    matrix = qr_matrix(url)
    n = len(matrix)
    module, whole = qr_size(url, width)
    quiet = QR_QUIET_MODULES * module
    c.setFillColor(PAPER)
    c.rect(x - quiet, y - quiet, whole, whole, stroke=0, fill=1)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        top = y + (n - 1 - r) * module
        start = None
        for col, dark in enumerate((*row, False)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect(x + start * module, top, (col - start) * module, module)
                start = None
    c.setFillColor(INK)
    c.drawPath(path, stroke=0, fill=1)


# --- Pictures: simple vector pictograms, each in an s x s square with its corner at (x, y) --


def _face(c, x, y, s, fill):
    c.setStrokeColor(INK)
    c.setLineWidth(0.05 * s)
    c.setFillColor(fill)
    c.circle(x + 0.5 * s, y + 0.5 * s, 0.44 * s, stroke=1, fill=1)


def _dot(c, cx, cy, r, colour=INK):
    c.setFillColor(colour)
    c.circle(cx, cy, r, stroke=0, fill=1)


def _line(c, points, width, colour=INK):
    c.setStrokeColor(colour)
    c.setLineWidth(width)
    c.setLineCap(1)
    c.setLineJoin(1)
    p = c.beginPath()
    p.moveTo(*points[0])
    for point in points[1:]:
        p.lineTo(*point)
    c.drawPath(p, stroke=1, fill=0)


def _arc(c, x1, y1, x2, y2, start, extent, width, colour=INK):
    c.setStrokeColor(colour)
    c.setLineWidth(width)
    c.setLineCap(1)
    p = c.beginPath()
    p.arc(x1, y1, x2, y2, startAng=start, extent=extent)
    c.drawPath(p, stroke=1, fill=0)


def _drop(c, cx, cy, r, colour):
    """A drop (a tear, or sweat) pointing up, its round part centred on (cx, cy)."""
    p = c.beginPath()
    p.moveTo(cx, cy + 2.2 * r)
    p.curveTo(cx + 0.3 * r, cy + 1.3 * r, cx + r, cy + 0.7 * r, cx + r, cy)
    p.curveTo(cx + r, cy - 1.3 * r, cx - r, cy - 1.3 * r, cx - r, cy)
    p.curveTo(cx - r, cy + 0.7 * r, cx - 0.3 * r, cy + 1.3 * r, cx, cy + 2.2 * r)
    p.close()
    c.setFillColor(colour)
    c.drawPath(p, stroke=0, fill=1)


def _person(c, x, y, s, colour=SCHEME):
    """A standing person, s tall, feet at (x, y) centre."""
    _dot(c, x, y + 0.86 * s, 0.13 * s)
    c.setFillColor(colour)
    c.roundRect(x - 0.17 * s, y + 0.36 * s, 0.34 * s, 0.36 * s, 0.08 * s, stroke=0, fill=1)
    c.setFillColor(INK)
    c.rect(x - 0.14 * s, y, 0.11 * s, 0.4 * s, stroke=0, fill=1)
    c.rect(x + 0.03 * s, y, 0.11 * s, 0.4 * s, stroke=0, fill=1)


def _pic_lost(c, x, y, s):
    _person(c, x + 0.3 * s, y + 0.04 * s, 0.9 * s)
    # A question mark, drawn: a hook, a stem and a dot.
    cx, cy, r = x + 0.74 * s, y + 0.7 * s, 0.15 * s
    c.setStrokeColor(INK)
    c.setLineWidth(0.09 * s)
    c.setLineCap(1)
    p = c.beginPath()
    p.arc(cx - r, cy - r, cx + r, cy + r, startAng=160, extent=-250)
    p.lineTo(cx, cy - 0.33 * s)
    c.drawPath(p, stroke=1, fill=0)
    _dot(c, cx, y + 0.17 * s, 0.065 * s)


def _pic_scared(c, x, y, s):
    _face(c, x, y, s, YELLOW)
    for side in (-1, 1):
        ex = x + 0.5 * s + side * 0.16 * s
        c.setFillColor(PAPER)
        c.setStrokeColor(INK)
        c.setLineWidth(0.03 * s)
        c.circle(ex, y + 0.56 * s, 0.09 * s, stroke=1, fill=1)
        _dot(c, ex, y + 0.55 * s, 0.04 * s)
        _line(c, [(ex - side * 0.02 * s, y + 0.76 * s), (ex + side * 0.1 * s, y + 0.7 * s)], 0.04 * s)
    c.setFillColor(INK)
    c.ellipse(x + 0.42 * s, y + 0.17 * s, x + 0.58 * s, y + 0.38 * s, stroke=0, fill=1)
    _drop(c, x + 0.86 * s, y + 0.72 * s, 0.06 * s, HexColor("#5694ca"))


def _pic_hurt(c, x, y, s):
    _face(c, x, y, s, YELLOW)
    for side in (-1, 1):
        _dot(c, x + 0.5 * s + side * 0.15 * s, y + 0.58 * s, 0.045 * s)
    _arc(c, x + 0.32 * s, y + 0.2 * s, x + 0.68 * s, y + 0.42 * s, 25, 130, 0.045 * s)
    _drop(c, x + 0.33 * s, y + 0.44 * s, 0.045 * s, HexColor("#5694ca"))
    # A plaster across the forehead.
    c.saveState()
    c.translate(x + 0.64 * s, y + 0.78 * s)
    c.rotate(25)
    c.setFillColor(HexColor("#f0c8a0"))
    c.setStrokeColor(INK)
    c.setLineWidth(0.025 * s)
    c.roundRect(-0.2 * s, -0.06 * s, 0.4 * s, 0.12 * s, 0.05 * s, stroke=1, fill=1)
    c.setFillColor(HexColor("#d9a577"))
    c.rect(-0.06 * s, -0.06 * s, 0.12 * s, 0.12 * s, stroke=0, fill=1)
    c.restoreState()


def _pic_unwell(c, x, y, s):
    _face(c, x, y, s, HexColor("#c5e3a5"))
    for side in (-1, 1):
        ex = x + 0.5 * s + side * 0.15 * s
        _arc(c, ex - 0.07 * s, y + 0.52 * s, ex + 0.07 * s, y + 0.64 * s, 200, 140, 0.04 * s)
    _line(
        c,
        [
            (x + 0.32 * s, y + 0.3 * s),
            (x + 0.38 * s, y + 0.34 * s),
            (x + 0.44 * s, y + 0.3 * s),
            (x + 0.5 * s, y + 0.34 * s),
            (x + 0.56 * s, y + 0.3 * s),
        ],
        0.04 * s,
    )
    # A thermometer from the corner of the mouth.
    c.saveState()
    c.translate(x + 0.6 * s, y + 0.32 * s)
    c.rotate(30)
    c.setFillColor(PAPER)
    c.setStrokeColor(INK)
    c.setLineWidth(0.03 * s)
    c.roundRect(0, -0.045 * s, 0.42 * s, 0.09 * s, 0.045 * s, stroke=1, fill=1)
    c.setFillColor(HexColor("#d4351c"))
    c.rect(0.22 * s, -0.02 * s, 0.17 * s, 0.04 * s, stroke=0, fill=1)
    c.circle(0.4 * s, 0, 0.065 * s, stroke=0, fill=1)
    c.restoreState()


def _pic_phone(c, x, y, s):
    c.setFillColor(INK)
    c.roundRect(x + 0.24 * s, y + 0.02 * s, 0.4 * s, 0.92 * s, 0.07 * s, stroke=0, fill=1)
    c.setFillColor(PAPER)
    c.rect(x + 0.29 * s, y + 0.16 * s, 0.3 * s, 0.64 * s, stroke=0, fill=1)
    # The contact on the screen, and the ring.
    _dot(c, x + 0.44 * s, y + 0.56 * s, 0.07 * s, SCHEME)
    c.setFillColor(SCHEME)
    p = c.beginPath()
    p.arc(x + 0.33 * s, y + 0.26 * s, x + 0.55 * s, y + 0.54 * s, startAng=0, extent=180)
    p.close()
    c.drawPath(p, stroke=0, fill=1)
    for r in (0.1, 0.2):
        _arc(
            c,
            x + 0.64 * s - r * s,
            y + 0.62 * s - r * s,
            x + 0.64 * s + r * s,
            y + 0.62 * s + r * s,
            -40,
            80,
            0.04 * s,
        )


def _pic_police(c, x, y, s):
    """A police badge: a shield with a star."""
    p = c.beginPath()
    p.moveTo(x + 0.5 * s, y + 0.96 * s)
    p.curveTo(x + 0.64 * s, y + 0.88 * s, x + 0.78 * s, y + 0.86 * s, x + 0.9 * s, y + 0.86 * s)
    p.curveTo(x + 0.9 * s, y + 0.5 * s, x + 0.8 * s, y + 0.2 * s, x + 0.5 * s, y + 0.02 * s)
    p.curveTo(x + 0.2 * s, y + 0.2 * s, x + 0.1 * s, y + 0.5 * s, x + 0.1 * s, y + 0.86 * s)
    p.curveTo(x + 0.22 * s, y + 0.86 * s, x + 0.36 * s, y + 0.88 * s, x + 0.5 * s, y + 0.96 * s)
    p.close()
    c.setFillColor(SCHEME)
    c.drawPath(p, stroke=0, fill=1)
    _star(c, x + 0.5 * s, y + 0.5 * s, 0.25 * s, PAPER)


def _star(c, cx, cy, r, colour):
    p = c.beginPath()
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = pi / 2 + i * pi / 5
        point = (cx + radius * cos(angle), cy + radius * sin(angle))
        p.moveTo(*point) if i == 0 else p.lineTo(*point)
    p.close()
    c.setFillColor(colour)
    c.drawPath(p, stroke=0, fill=1)


def _pic_ask(c, x, y, s):
    """Asking for help: a person and a speech bubble."""
    _person(c, x + 0.24 * s, y + 0.02 * s, 0.8 * s)
    c.setFillColor(PAPER)
    c.setStrokeColor(INK)
    c.setLineWidth(0.04 * s)
    c.roundRect(x + 0.46 * s, y + 0.56 * s, 0.5 * s, 0.36 * s, 0.1 * s, stroke=1, fill=1)
    _line(
        c,
        [(x + 0.56 * s, y + 0.57 * s), (x + 0.46 * s, y + 0.46 * s), (x + 0.66 * s, y + 0.57 * s)],
        0.04 * s,
    )
    for i in range(3):
        _dot(c, x + (0.6 + 0.11 * i) * s, y + 0.74 * s, 0.035 * s)


def _pic_card(c, x, y, s):
    """A Keep Safe card."""
    c.setFillColor(PAPER)
    c.setStrokeColor(INK)
    c.setLineWidth(0.04 * s)
    c.roundRect(x + 0.04 * s, y + 0.2 * s, 0.92 * s, 0.6 * s, 0.06 * s, stroke=1, fill=1)
    symbol(c, x + 0.1 * s, y + 0.48 * s, 0.26 * s)
    c.setFillColor(INK)
    for left, bottom, length in ((0.42, 0.66, 0.46), (0.42, 0.54, 0.46), (0.12, 0.32, 0.76)):
        c.rect(x + left * s, y + bottom * s, length * s, 0.05 * s, stroke=0, fill=1)


def _pic_safe(c, x, y, s):
    symbol(c, x + 0.06 * s, y + 0.06 * s, 0.88 * s)


PICTOGRAMS = {
    "lost": _pic_lost,
    "scared": _pic_scared,
    "hurt": _pic_hurt,
    "unwell": _pic_unwell,
    "phone": _pic_phone,
    "police": _pic_police,
    "ask": _pic_ask,
    "card": _pic_card,
    "safe": _pic_safe,
}


# --- The card's faces -----------------------------------------------------------------------

PAD = 3 * mm  # inside each face: card printers and cutting both need a margin
FRONT_SIZES = ((18, 9), (16, 9), (16, 8.5), (14, 8.5), (14, 8), (13, 8), (12, 8), (12, 7.5), (12, 7))
BACK_SIZES = (8.5, 8, 7.5, 7)


def _k(w, h):
    """How much bigger than a wallet card this face is (1 for a wallet card)."""
    return min(w / WALLET_SIZE[0], h / WALLET_SIZE[1])


def _header(c, x, top, k, title="Keep Safe card"):
    """The symbol and the card's title along the top; returns the height used."""
    size = 20 * k
    symbol(c, x, top - size, size)
    c.setFillColor(INK)
    c.setFont(BOLD, 13 * k)
    c.drawString(x + size + 5 * k, top - size / 2 - 4.5 * k, title)
    return size


def _front_plan(card, w, h):
    """The paragraphs of the front, at the largest sizes that fit; CardTooLong if none do."""
    k = _k(w, h)
    inner_w = w - 2 * PAD * k
    avail = h - 2 * PAD * k - 20 * k - 4 * k
    for name_pt, body_pt in FRONT_SIZES:
        name, name_h = _para(_e(card.name), name_pt * k, inner_w, bold=True, leading=1.12)
        prompt, prompt_h = _para("Please help me. Please phone:", body_pt * k, inner_w, bold=True)
        rows = [_contact_row(contact, body_pt * k, inner_w) for contact in card.contacts]
        total = name_h + 3 * k + prompt_h + sum(row[-1] + 2 * k for row in rows)
        if total <= avail:
            return {"name": (name, name_h), "prompt": (prompt, prompt_h), "rows": rows, "k": k}
    at_least = _para(_e(card.name), MIN_NAME_PT * k, inner_w, bold=True, leading=1.12)[1]
    if at_least > avail / 2:
        raise CardTooLong("name", "The name is too long to fit on the card: make it shorter")
    longest = max(
        range(len(card.contacts)),
        key=lambda i: len(card.contacts[i].name) + len(card.contacts[i].relationship),
    )
    raise CardTooLong(
        f"contact{longest + 1}_name",
        "The contacts' names and who they are do not fit on the card: make them shorter",
    )


def _contact_row(contact, size, width):
    """(who paragraph, phone, phone size, phone width, height) for one contact."""
    phone_size = size * 1.12
    phone_w = pdfmetrics.stringWidth(contact.phone, BOLD, phone_size)
    who = f"<b>{_e(contact.name)}</b>" + (f" ({_e(contact.relationship)})" if contact.relationship else "")
    paragraph, height = _para(who, size, width - phone_w - 6 * size / 8)
    return paragraph, contact.phone, phone_size, phone_w, max(height, phone_size * 1.2)


def _front(c, card, x, y, w, h):
    plan = _front_plan(card, w, h)
    k = plan["k"]
    left, top = x + PAD * k, y + h - PAD * k
    inner_w = w - 2 * PAD * k
    top -= _header(c, left, top, k) + 4 * k
    for key, gap in (("name", 3 * k), ("prompt", 0)):
        paragraph, height = plan[key]
        paragraph.drawOn(c, left, top - height)
        top -= height + gap
    for who, phone, phone_size, _width, height in plan["rows"]:
        top -= 2 * k
        who.drawOn(c, left, top - who.height)
        c.setFillColor(INK)
        c.setFont(BOLD, phone_size)
        c.drawRightString(left + inner_w, top - who.style.fontSize, phone)
        top -= height


def _back_plan(card, w, h, numbers, url):
    """Sizes and paragraphs for the back; CardTooLong if the words do not fit."""
    k = _k(w, h)
    inner_w, inner_h = w - 2 * PAD * k, h - 2 * PAD * k
    panel_h = _panel_height(k)
    module, whole = qr_size(url, QR_WIDTH * k)
    lines = (f"Emergency {numbers['emergency']}", f"Police {numbers['non_emergency']}")
    column_w = max(
        whole - QR_QUIET_MODULES * module,
        64 * k,
        *(pdfmetrics.stringWidth(line, BOLD, 7.5 * k) for line in lines),
    )
    text_w = inner_w - column_w - 3 * k
    avail = inner_h - panel_h - 3 * k
    caption, caption_h = _para("Scan to find a Keep Safe Place", 7 * k, column_w, centred=True)
    calls_pt = next(
        (
            pt
            for pt in (9, 8.5, 8, 7.5, 7)
            if max(pdfmetrics.stringWidth(line, BOLD, pt * k) for line in lines) <= column_w
        ),
        7,
    )
    calls, calls_h = _para(
        "<br/>".join(_e(line) for line in lines),
        calls_pt * k,
        column_w,
        bold=True,
        centred=True,
        leading=1.15,
    )
    column_h = QR_WIDTH * k + module * QR_QUIET_MODULES + caption_h + 2 * k + calls_h
    if column_h > avail:
        raise ValueError("the emergency numbers are too long to print on a card")
    parts = [
        (label, text)
        for label, text in (("How I communicate", card.communication), ("Medical", card.medical))
        if text
    ]
    for size in BACK_SIZES:
        words = [
            _para(f"<b>{label}:</b> {_e(text)}", size * k, text_w, leading=1.18) for label, text in parts
        ]
        if sum(height for _, height in words) + 2 * k * (len(words) - 1) <= avail:
            break
    else:
        field_id = "communication" if len(card.communication) >= len(card.medical) else "medical"
        raise CardTooLong(field_id, "This does not fit on the card with everything else: make it shorter")
    return {
        "k": k,
        "words": words,
        "caption": (caption, caption_h),
        "calls": (calls, calls_h),
        "column_w": column_w,
        "panel_h": panel_h,
        "text_w": text_w,
    }


def _back(c, card, x, y, w, h, numbers, url):
    plan = _back_plan(card, w, h, numbers, url)
    k = plan["k"]
    left, top = x + PAD * k, y + h - PAD * k
    inner_w = w - 2 * PAD * k
    for paragraph, height in plan["words"]:
        paragraph.drawOn(c, left, top - height)
        top -= height + 2 * k
    _qr_column(c, plan, left + inner_w - plan["column_w"], y + h - PAD * k, url)
    _picture_panel(c, left, y + PAD * k, inner_w, k)


def _qr_column(c, plan, x, top, url):
    """The QR code to the find page, what it is for, and the emergency numbers, in a column."""
    k, column_w = plan["k"], plan["column_w"]
    width = QR_WIDTH * k
    draw_qr(c, url, x + (column_w - width) / 2, top - width, width)
    top -= width + qr_size(url, width)[0] * QR_QUIET_MODULES
    for paragraph, height in (plan["caption"], plan["calls"]):
        paragraph.drawOn(c, x, top - height)
        top -= height + 2 * k


CELL_H = 19  # one picture and its words, on a wallet card
CELL_GAP = 2


def _panel_height(k, rows=2):
    return (rows * CELL_H + (rows - 1) * CELL_GAP) * k


def _picture_panel(c, x, y, width, k, pictures=PICTURES, columns=3):
    """The pictures a person can point at: boxes in a grid, picture left and words right."""
    rows = -(-len(pictures) // columns)
    gap, cell_h = CELL_GAP * k, CELL_H * k
    cell_w = (width - gap * (columns - 1)) / columns
    pic = cell_h - 4 * k
    for i, (name, words) in enumerate(pictures):
        cx = x + (i % columns) * (cell_w + gap)
        cy = y + (rows - 1 - i // columns) * (cell_h + gap)
        c.setStrokeColor(GUIDE)
        c.setLineWidth(0.5)
        c.setFillColor(PAPER)
        c.roundRect(cx, cy, cell_w, cell_h, 2 * k, stroke=1, fill=1)
        PICTOGRAMS[name](c, cx + 1.5 * k, cy + 2 * k, pic)
        text_x = cx + pic + 3 * k
        paragraph, para_h = _para(_e(words), 7 * k, cell_w - pic - 4 * k, leading=1.1)
        paragraph.drawOn(c, text_x, cy + (cell_h - para_h) / 2 + 0.5 * k)


def _blank_front(c, x, y, w, h):
    k = _k(w, h)
    left, top = x + PAD * k, y + h - PAD * k
    inner_w = w - 2 * PAD * k
    top -= _header(c, left, top, k) + 3 * k
    top = _write_line(c, left, top, inner_w, "My name is:", k, height=19 * k)
    c.setFont(BOLD, 8.5 * k)
    c.setFillColor(INK)
    c.drawString(left, top - 10 * k, "Please help me. Please phone:")
    top -= 11 * k
    for _ in range(MAX_CONTACTS):
        top = _write_line(c, left, top, inner_w, "Name, and who they are:", k)
        top = _write_line(c, left, top, inner_w, "Phone:", k)


def _write_line(c, x, top, width, label, k, height=None):
    """A label and a line to write on, `height` tall in all (14.5 pt on a wallet card); returns the new top."""
    height = height or 14.5 * k
    c.setFont(FONT, 7 * k)
    c.setFillColor(INK)
    label_w = pdfmetrics.stringWidth(label, FONT, 7 * k)
    baseline = top - height + 2.5 * k
    c.drawString(x, baseline, label)
    c.setStrokeColor(GUIDE)
    c.setLineWidth(0.5)
    c.line(x + label_w + 3 * k, baseline - 1 * k, x + width, baseline - 1 * k)
    return top - height


def _lines_to_fill(c, left, top, width, k, heading, count):
    """A heading and `count` empty lines to write on by hand; returns the top of what follows."""
    c.setFont(BOLD, 7 * k)
    c.setFillColor(INK)
    c.drawString(left, top - 7 * k, heading)
    top -= 8 * k
    for _ in range(count):
        top = _write_line(c, left, top, width, "", k, height=12.5 * k)
    return top


def _blank_back(c, x, y, w, h, numbers, url):
    plan = _back_plan(Card(""), w, h, numbers, url)
    k = plan["k"]
    left, top = x + PAD * k, y + h - PAD * k
    text_w = plan["text_w"] - 3 * k
    top = _lines_to_fill(c, left, top, text_w, k, "How I communicate, what helps me:", 3) - 2 * k
    _lines_to_fill(c, left, top, text_w, k, "Medical:", 2)
    inner_w = w - 2 * PAD * k
    _qr_column(c, plan, left + inner_w - plan["column_w"], y + h - PAD * k, url)
    _picture_panel(c, left, y + PAD * k, inner_w, k)


# --- Whole documents ------------------------------------------------------------------------


def fit_problems(card, fmt, numbers=UK_NUMBERS):
    """{field id: problem} when the card's words do not fit on the chosen format, else {}."""
    w, h = WALLET_SIZE if fmt == "wallet" else PANEL_SIZE
    try:
        _front_plan(card, w, h)
        # Any address: the QR code's printed width is fixed, so the words' room does not change.
        _back_plan(card, w, h, numbers, "https://example.org/find")
    except CardTooLong as error:
        return {error.field_id: error.message}
    return {}


def cards_pdf(cards, fmt, find_url, numbers):
    """One PDF of every card: wallet, 2 pages a card (front, back); a4, 1 page a card; blank, 1 page.

    find_url (absolute) goes in each QR code; numbers is {"emergency", "non_emergency"}.
    Raises CardTooLong if a card's words do not fit.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown card format {fmt!r}")
    buffer = io.BytesIO()
    c = _new_canvas(
        buffer,
        WALLET_SIZE if fmt == "wallet" else A4,
        "Keep Safe cards" if len(cards) > 1 else "Keep Safe card",
    )
    if fmt == "blank":
        _a4_sheet(c, None, find_url, numbers)
    for card in cards if fmt != "blank" else ():
        if fmt == "wallet":
            w, h = WALLET_SIZE
            _front(c, card, 0, 0, w, h)
            c.showPage()
            _back(c, card, 0, 0, w, h, numbers, find_url)
            c.showPage()
        else:
            _a4_sheet(c, card, find_url, numbers)
    c.save()
    return buffer.getvalue()


def card_pdf(card, fmt, find_url, numbers):
    """The PDF of one card (card may be None for the blank format)."""
    return cards_pdf([card] if card is not None else [], fmt, find_url, numbers)


def _a4_sheet(c, card, find_url, numbers):
    """An A4 page: how to make the card, then its front and back side by side with cut and fold guides."""
    page_w, page_h = A4
    margin = 20 * mm
    top = page_h - margin
    c.setPageSize(A4)
    symbol(c, margin, top - 14 * mm, 14 * mm)
    c.setFont(BOLD, 22)
    c.setFillColor(INK)
    title = "Your Keep Safe card" if card else "Keep Safe card to fill in"
    c.drawString(margin + 18 * mm, top - 10 * mm, title)
    top -= 20 * mm
    steps = ["Write on the card with a pen. Write clearly, in capital letters."] if card is None else []
    steps += [
        "Cut along the dashed line.",
        "Fold along the dotted line in the middle, with the words on the outside.",
        "Stick the two halves together, or put the card in a laminating pouch (65\u00a0×\u00a095\u00a0mm).",
        "Keep the card in your bag, purse or wallet. Show it if you need help.",
    ]
    for number, step in enumerate(steps, start=1):
        paragraph, height = _para(f"<b>{number}.</b> {_e(step)}", 12, page_w - 2 * margin)
        paragraph.drawOn(c, margin, top - height)
        top -= height + 4
    w, h = PANEL_SIZE
    x = (page_w - 2 * w) / 2
    y = top - 16 * mm - h
    if card is None:
        _blank_front(c, x, y, w, h)
        _blank_back(c, x + w, y, w, h, numbers, find_url)
    else:
        _front(c, card, x, y, w, h)
        _back(c, card, x + w, y, w, h, numbers, find_url)
    _guides(c, x, y, w, h)
    c.showPage()


def _guides(c, x, y, w, h):
    """A dashed cut line round the card, a dotted fold line down the middle, and their labels."""
    c.setStrokeColor(GUIDE)
    c.setLineWidth(0.75)
    c.setDash(6, 3)
    c.rect(x, y, 2 * w, h, stroke=1, fill=0)
    c.setDash(1, 2.5)
    c.setLineCap(1)
    c.line(x + w, y - 8 * mm, x + w, y + h + 8 * mm)
    c.setDash()
    c.setFillColor(GUIDE)
    c.setFont(FONT, 10)
    c.drawString(x - 1, y + h + 3 * mm, "✂ Cut along the dashed line")
    c.drawCentredString(x + w, y + h + 9.5 * mm, "Fold here")
    c.drawString(x, y - 6 * mm, "Front")
    c.drawRightString(x + 2 * w, y - 6 * mm, "Back")


# --- Venue posters and stickers -------------------------------------------------------------

POSTER_LINES = (
    ("lost", "Do you feel lost, scared or unsafe?"),
    ("ask", "Come in and ask us for help."),
    ("card", "Show your Keep Safe card if you have one."),
    ("phone", "We will phone someone for you."),
    ("safe", "You can stay with us until help comes."),
    ("police", "If you need them, we will call the police."),
)


def poster(place, url, numbers):
    """An A4 poster saying this venue is a Keep Safe Place, in easy-read style, with a QR code to url.

    place is a mapping with at least "name"; url (absolute) is the place's public page;
    numbers is {"emergency", "non_emergency"}.
    """
    page_w, page_h = A4
    margin = 18 * mm
    width = page_w - 2 * margin
    buffer = io.BytesIO()
    c = _new_canvas(buffer, A4, "Keep Safe Place poster")
    top = page_h - margin
    size = 28 * mm
    symbol(c, (page_w - size) / 2, top - size, size)
    top -= size + 3 * mm
    heading, height = _para("This is a<br/>Keep Safe Place", 40, width, bold=True, centred=True, leading=1.1)
    heading.drawOn(c, margin, top - height)
    top -= height + 2 * mm
    for name_pt in (26, 22, 18, 16, 14):
        venue, height = _para(
            _e(clean(place["name"])), name_pt, width, bold=True, centred=True, leading=1.15, colour=SCHEME
        )
        if height <= 2 * name_pt * 1.15 + 1:
            break
    venue.drawOn(c, margin, top - height)
    top -= height + 5 * mm
    c.setStrokeColor(INK)
    c.setLineWidth(1.5)
    c.line(margin, top, page_w - margin, top)
    bottom = margin + POSTER_FOOTER_H + 6 * mm
    row_h = min(26 * mm, (top - 4 * mm - bottom) / len(POSTER_LINES))
    pic = row_h - 5 * mm
    top -= 4 * mm
    for name, words in POSTER_LINES:
        PICTOGRAMS[name](c, margin, top - pic, pic)
        paragraph, height = _para(_e(words), 20, width - pic - 8 * mm, leading=1.2)
        paragraph.drawOn(c, margin + pic + 8 * mm, top - pic / 2 - height / 2)
        top -= row_h
    _poster_footer(c, margin, margin, width, url, numbers)
    c.showPage()
    c.save()
    return buffer.getvalue()


POSTER_FOOTER_H = 32 * mm


def _poster_footer(c, x, y, width, url, numbers):
    qr_w = POSTER_FOOTER_H
    module, whole = qr_size(url, qr_w)
    quiet = QR_QUIET_MODULES * module
    draw_qr(c, url, x + quiet, y, qr_w)
    text_x = x + whole + 4 * mm
    text_w = width - whole - 4 * mm
    calls, calls_h = _para(
        f"In an emergency, call {_e(numbers['emergency'])}.<br/>"
        f"Police, not an emergency: {_e(numbers['non_emergency'])}.",
        15,
        text_w,
        bold=True,
    )
    scan, scan_h = _para(
        "Scan the code to see this place's opening times, and other Keep Safe Places "
        f"near here.<br/>{_e(url)}",
        11,
        text_w,
    )
    top = y + qr_w
    calls.drawOn(c, text_x, top - calls_h)
    scan.drawOn(c, text_x, top - calls_h - 4 * mm - scan_h)


def stickers(place, url, columns=2, rows=3):
    """An A4 sheet of round window stickers, each with "Keep Safe Place", the symbol and a QR code to url."""
    page_w, page_h = A4
    diameter = 85 * mm
    gap_x = (page_w - columns * diameter) / (columns + 1)
    gap_y = (page_h - rows * diameter) / (rows + 1)
    buffer = io.BytesIO()
    c = _new_canvas(buffer, A4, "Keep Safe Place stickers")
    name = clean(place["name"])
    for row in range(rows):
        for col in range(columns):
            cx = gap_x + diameter / 2 + col * (diameter + gap_x)
            cy = page_h - gap_y - diameter / 2 - row * (diameter + gap_y)
            _sticker(c, cx, cy, diameter / 2, name, url)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _sticker(c, cx, cy, r, name, url):
    c.setStrokeColor(GUIDE)
    c.setLineWidth(0.5)
    c.setFillColor(PAPER)
    c.circle(cx, cy, r, stroke=1, fill=1)
    c.setStrokeColor(SCHEME)
    c.setLineWidth(2.5 * mm)
    c.circle(cx, cy, r - 3 * mm, stroke=1, fill=0)
    size = 16 * mm
    symbol(c, cx - size / 2, cy + 19 * mm, size)
    c.setFillColor(INK)
    c.setFont(BOLD, 17)
    c.drawCentredString(cx, cy + 12 * mm, "Keep Safe Place")
    venue, height = _para(_e(name), 8, 48 * mm, bold=True, centred=True, leading=1.1)
    if height <= 2 * 8 * 1.1 + 0.5:
        venue.drawOn(c, cx - 24 * mm, cy + 10 * mm - height)
    qr_w = 22 * mm
    draw_qr(c, url, cx - qr_w / 2, cy - 23 * mm, qr_w)
    c.setFillColor(INK)
    c.setFont(FONT, 8)
    c.drawCentredString(cx, cy - 28.5 * mm, "Scan for opening times")
