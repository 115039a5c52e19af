"""Venue posters and window stickers: "This is a Keep Safe Place", with a QR code to the place's page.

The venue's name was typed by someone else: letters no font prints are left out rather than
printed as empty boxes. What one place of the scheme is called is the scheme's own
(SAFEPLACES_PLACE_NAME): "Keep Safe Place" unless the scheme says otherwise.
"""

from collections.abc import Mapping

from ..text import clean
from .faces import A4, MM
from .pictures import GUIDE, PAPER, SCHEME, picture, symbol
from .qr import QUIET_MODULES, draw_qr, qr_size
from .typeset import INK, Block, Sheet, Span, fitted, paragraph, printable_part, text_width

POSTER_LINES = (
    ("lost", "Do you feel lost, scared or unsafe?"),
    ("ask", "Come in and ask us for help."),
    ("card", "Show your Keep Safe card if you have one."),
    ("phone", "We will phone someone for you."),
    ("safe", "You can stay with us until help comes."),
    ("police", "If you need them, we will call the police."),
)
PLACE_NAME, PLACES_NAME = "Keep Safe Place", "Keep Safe Places"
STICKER_NAME_PT = (17, 15, 13, 11)  # the place name's sizes on a sticker, largest that fits first
STICKER_NAME_W = 58 * MM
POSTER_MARGIN = 18 * MM
POSTER_FOOTER_H = 32 * MM


def _venue(place: Mapping[str, object]) -> str:
    return _printed(str(place["name"]))


def _printed(name: str) -> str:
    """A name typed by someone else, as printed: letters no font has are left out."""
    return " ".join(printable_part(clean(name)).split())


def poster(
    place: Mapping[str, object],
    url: str,
    numbers: Mapping[str, str],
    place_name: str = PLACE_NAME,
    places_name: str = PLACES_NAME,
) -> bytes:
    """An A4 poster saying this venue is a Keep Safe Place, in easy-read style, with a QR code to url.

    place is a mapping with at least "name"; url (absolute) is the place's public page;
    numbers is {"emergency", "non_emergency"}; place_name and places_name are what the scheme
    calls one place and many.
    """
    page_w, page_h = A4
    margin = POSTER_MARGIN
    width = page_w - 2 * margin
    sheet = Sheet(f"{place_name} poster", A4)
    sheet.page()
    pdf = sheet.pdf
    size = 28 * MM
    symbol(pdf, (page_w - size) / 2, margin, size)
    top = margin + size + 3 * MM
    # The place name holds together ("This is a" breaks before it) if it fits on a line.
    place_name = _printed(place_name)
    held = place_name.replace(" ", "\u00a0")
    name_fits = text_width(held, 40, True) <= width
    article = "an" if place_name[:1].lower() in "aeiou" else "a"
    heading = paragraph(
        [Span(f"This is {article} {held if name_fits else place_name}", bold=True)],
        40,
        width,
        leading=1.1,
        align="centre",
    )
    top = sheet.block(heading, margin, top, width) + 2 * MM
    name = [Span(_venue(place), bold=True)]
    venue = fitted(
        name, (26, 22, 18, 16, 14), width, max_lines=2, leading=1.15, align="centre", colour=SCHEME
    )
    venue = venue or fitted(name, (14, 12, 10), width, leading=1.15, align="centre", colour=SCHEME)
    if venue is not None:
        top = sheet.block(venue, margin, top, width)
    top += 5 * MM
    pdf.set_draw_color(*INK)
    pdf.set_line_width(1.5)
    pdf.line(margin, top, page_w - margin, top)
    bottom = page_h - margin - POSTER_FOOTER_H - 6 * MM
    row_h = min(26 * MM, (bottom - top - 4 * MM) / len(POSTER_LINES))
    pic = row_h - 5 * MM
    top += 4 * MM
    for name, words in POSTER_LINES:
        picture(pdf, name, margin, top, pic)
        block = paragraph([Span(words)], 20, width - pic - 8 * MM, leading=1.2)
        sheet.block(block, margin + pic + 8 * MM, top + pic / 2 - block.height / 2, width - pic - 8 * MM)
        top += row_h
    _poster_footer(sheet, margin, page_h - margin - POSTER_FOOTER_H, width, url, numbers, places_name)
    return sheet.output()


def _poster_footer(
    sheet: Sheet, x: float, top: float, width: float, url: str, numbers: Mapping[str, str], places_name: str
) -> None:
    qr_w = POSTER_FOOTER_H
    module, whole = qr_size(url, qr_w)
    draw_qr(sheet.pdf, url, x + QUIET_MODULES * module, top, qr_w)
    text_x = x + whole + 4 * MM
    text_w = width - whole - 4 * MM
    lines = [
        paragraph([Span(f"In an emergency, call {numbers['emergency']}.", bold=True)], 15, text_w),
        paragraph([Span(f"Police, not an emergency: {numbers['non_emergency']}.", bold=True)], 15, text_w),
    ]
    words = f"Scan the code to see this place's opening times, and other {places_name} near here."
    scan = [paragraph([Span(words)], 11, text_w), fitted([Span(url)], (11, 10, 9, 8), text_w)]
    for block in lines:
        top = sheet.block(block, text_x, top, text_w)
    top += 4 * MM
    for block in scan:
        if block is not None:  # an address too long for a line at 8 pt is left to the QR code
            top = sheet.block(block, text_x, top, text_w)


def stickers(
    place: Mapping[str, object], url: str, columns: int = 2, rows: int = 3, place_name: str = PLACE_NAME
) -> bytes:
    """An A4 sheet of round window stickers, each with the place name ("Keep Safe Place"), the
    symbol and a QR code to url."""
    page_w, page_h = A4
    diameter = 85 * MM
    gap_x = (page_w - columns * diameter) / (columns + 1)
    gap_y = (page_h - rows * diameter) / (rows + 1)
    place_name = _printed(place_name)
    sheet = Sheet(f"{place_name} stickers", A4)
    sheet.page()
    venue = fitted([Span(_venue(place), bold=True)], (8,), 48 * MM, max_lines=2, leading=1.1, align="centre")
    for row in range(rows):
        for col in range(columns):
            cx = gap_x + diameter / 2 + col * (diameter + gap_x)
            cy = gap_y + diameter / 2 + row * (diameter + gap_y)
            _sticker(sheet, cx, cy, diameter / 2, venue, url, place_name)
    return sheet.output()


def _sticker(
    sheet: Sheet, cx: float, cy: float, r: float, venue: Block | None, url: str, place_name: str
) -> None:
    pdf = sheet.pdf
    pdf.set_draw_color(*GUIDE)
    pdf.set_line_width(0.5)
    pdf.set_fill_color(*PAPER)
    pdf.circle(cx, cy, r, style="DF")
    pdf.set_draw_color(*SCHEME)
    pdf.set_line_width(2.5 * MM)
    pdf.circle(cx, cy, r - 3 * MM, style="D")
    size = 16 * MM
    symbol(pdf, cx - size / 2, cy - 19 * MM - size, size)
    name_pt = next(
        (pt for pt in STICKER_NAME_PT if text_width(place_name, pt, True) <= STICKER_NAME_W),
        STICKER_NAME_PT[-1],
    )
    sheet.text_centred(place_name, cx, cy - 12 * MM, name_pt, bold=True)
    if venue is not None:
        sheet.block(venue, cx - 24 * MM, cy - 10 * MM, 48 * MM)
    qr_w = 22 * MM
    draw_qr(pdf, url, cx - qr_w / 2, cy + 1 * MM, qr_w)
    sheet.text_centred("Scan for opening times", cx, cy + 28.5 * MM, 8)
