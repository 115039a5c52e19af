"""The card's faces and the sheets they are printed on.

A card has a front (the scheme's symbol and name, the person's name, their language, "Please
help me. Please phone:" and up to three people to phone) and a back (999 and 101, how I
communicate, medical information, a QR code to the find page, and six pictures to point at).
It prints as a wallet card (two 85.6 x 54 mm pages, the size of a bank card) or on an A4
sheet of two copies to cut out, fold and laminate (each half 90 x 60 mm: folded, it fits a
standard 65 x 95 mm laminating pouch). The blank card is the same A4 sheet with lines to write
on by hand, 8 mm apart.

Everything is laid out at the largest sizes that fit, shrinking to the smallest sizes allowed
(the name 12 pt, other words 7 pt, the pictures' words 8 pt); words that still do not fit are
refused with a reason (CardTooLong), never squeezed, cut or broken inside a word. Sizes are
in points, scaled by k, how much bigger than a wallet card a face is.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..config import DEFAULTS
from ..i18n import N_, _
from .details import MAX_CONTACTS, Card, Contact
from .pictures import GUIDE, PAPER, picture, scissors, symbol
from .qr import draw_qr, qr_size
from .typeset import NO_BREAK_SPACE, Block, Sheet, Span, direction, fitted, paragraph, text_width

MM = 72 / 25.4
FORMATS = ("wallet", "a4", "blank")
BATCH_FORMATS = ("wallet", "a4")
WALLET_SIZE = (85.6 * MM, 54 * MM)  # ISO/IEC 7810 ID-1, the size of a bank card
PANEL_SIZE = (90 * MM, 60 * MM)  # each half of an A4 card
A4 = (210 * MM, 297 * MM)
UK_NUMBERS = {"emergency": "999", "non_emergency": "101"}

MIN_TEXT_PT = 7  # nothing smaller is printed on a card
MIN_NAME_PT = 12  # the person's name is never smaller than this
MIN_LABEL_PT = 8  # the words beside each picture
PICTURE_BUTTON_H = 10.05 * MM  # each picture to point at is at least 10 mm tall
WRITING_GAP = 8 * MM  # between the lines of the blank card, for handwriting
QR_WIDTH = 16 * MM  # the printed symbol, without its quiet zone: at least 15 mm, with a margin
# Room kept for the quiet zone of the smallest QR code (21 modules), so a face's layout, and
# whether words fit, is the same whatever the address.
QR_QUIET = 4 * QR_WIDTH / 21
PAD = 3 * MM  # inside each face: card printers and cutting both need a margin
SYMBOL = 20  # the symbol in the header, in points on a wallet card
FRONT_SIZES = ((18, 9), (16, 9), (16, 8.5), (14, 8.5), (14, 8), (13, 8), (12, 8), (12, 7.5), (12, 7))
BACK_SIZES = (8.5, 8, 7.5, 7)
CALL_SIZES = (9, 8.5, 8, 7.5)
# The problems a person reads on the card maker, in their language; what the card prints stays English.
TOO_LONG = N_("This does not fit on the card with everything else: make it shorter")

PICTURES = (
    ("lost", "I am lost"),
    ("scared", "I feel scared"),
    ("hurt", "Someone has hurt me"),
    ("unwell", "I feel unwell"),
    ("phone", "Please phone my contact"),
    ("police", "Please call the police"),
)


@dataclass(frozen=True)
class Scheme:
    """The scheme printed on every card: its name and the area it covers."""

    name: str
    area: str


DEFAULT_SCHEME = Scheme(DEFAULTS["SAFEPLACES_SCHEME_NAME"], DEFAULTS["SAFEPLACES_AREA_NAME"])


class CardTooLong(ValueError):
    """The details are within their character limits but still do not fit on the card."""

    def __init__(self, field_id: str, message: str) -> None:
        super().__init__(message)
        self.field_id = field_id


def scale(w: float, h: float) -> float:
    """How much bigger than a wallet card this face is (1 for a wallet card)."""
    return min(w / WALLET_SIZE[0], h / WALLET_SIZE[1])


# --- The header: the symbol, "Keep Safe card", and the scheme --------------------------------


@dataclass(frozen=True)
class Header:
    title: Block
    scheme: Block
    k: float

    @property
    def height(self) -> float:
        return max(SYMBOL * self.k, self.title.height + self.scheme.height)


def header_plan(width: float, k: float, scheme: Scheme, title: str = "Keep Safe card") -> Header:
    words_w = width - (SYMBOL + 5) * k
    heading = paragraph([Span(title, bold=True)], 13 * k, words_w, leading=1.1, align="left")
    line = fitted(
        [Span(f"{scheme.name}, {scheme.area}")], (7.5 * k, 7 * k), words_w, max_lines=2, align="left"
    )
    if heading is None or line is None:
        raise ValueError("the scheme's name and area are too long to print on a card")
    return Header(heading, line, k)


def draw_header(sheet: Sheet, header: Header, x: float, top: float, width: float) -> float:
    """Draw the header from (x, top); returns its bottom."""
    k = header.k
    symbol(sheet.pdf, x, top, SYMBOL * k)
    words_x = x + (SYMBOL + 5) * k
    words_top = top + (header.height - header.title.height - header.scheme.height) / 2
    words_top = sheet.block(header.title, words_x, words_top, width - (SYMBOL + 5) * k)
    sheet.block(header.scheme, words_x, words_top, width - (SYMBOL + 5) * k)
    return top + header.height


# --- The front ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    who: Block
    phone: str
    phone_size: float

    @property
    def height(self) -> float:
        return max(self.who.height, self.phone_size * 1.2)


@dataclass(frozen=True)
class Front:
    k: float
    header: Header
    name: Block
    language: Block | None
    prompt: Block
    rows: tuple[ContactRow, ...]


def front_plan(card: Card, w: float, h: float, scheme: Scheme) -> Front:
    """The front at the largest sizes that fit; CardTooLong if none do."""
    k = scale(w, h)
    inner_w = w - 2 * PAD * k
    header = header_plan(inner_w, k, scheme)
    avail = h - 2 * PAD * k - header.height - 4 * k
    # A smaller name in whole words reads better than a larger one broken after a hyphen.
    sizes = [(name_pt, body_pt, hyphens) for hyphens in (False, True) for name_pt, body_pt in FRONT_SIZES]
    for name_pt, body_pt, hyphens in sizes:
        name = paragraph([Span(card.name, bold=True)], name_pt * k, inner_w, leading=1.12, hyphens=hyphens)
        language = _language_block(card, body_pt * k, inner_w)
        prompt = paragraph([Span("Please help me. Please phone:", bold=True)], body_pt * k, inner_w)
        rows = [_contact_row(contact, body_pt * k, inner_w) for contact in card.contacts]
        if name is None or prompt is None or None in rows or (card.language and language is None):
            continue
        total = name.height + 3 * k + prompt.height + sum(row.height + 2 * k for row in rows)
        if language is not None:
            total += language.height + 2 * k
        if total <= avail:
            return Front(k, header, name, language, prompt, tuple(rows))
    raise _front_too_long(card, inner_w, avail, k)


def _front_too_long(card: Card, inner_w: float, avail: float, k: float) -> CardTooLong:
    at_least = paragraph([Span(card.name, bold=True)], MIN_NAME_PT * k, inner_w, leading=1.12)
    if at_least is None:
        return CardTooLong(
            "name", _("A word in the name is too long to fit across the card: make it shorter")
        )
    if at_least.height > avail / 2:
        return CardTooLong("name", _("The name is too long to fit on the card: make it shorter"))
    longest = max(
        range(len(card.contacts)),
        key=lambda i: len(card.contacts[i].name) + len(card.contacts[i].relationship),
    )
    return CardTooLong(
        f"contact{longest + 1}_name",
        _("The contacts' names and who they are do not fit on the card: make them shorter"),
    )


def _language_block(card: Card, size: float, width: float) -> Block | None:
    if card.language is None:
        return None
    return paragraph([Span("My language:", bold=True), Span(card.language.both_names)], size, width)


def _contact_row(contact: Contact, size: float, width: float) -> ContactRow | None:
    """Who to phone on the left (their name in bold, who they are after it), their number on the right."""
    phone_size = size * 1.12
    phone_w = text_width(contact.phone, phone_size, bold=True)
    spans = [Span(contact.name, bold=True)]
    if contact.relationship:
        spans.append(Span(f"({contact.relationship})"))
    who = paragraph(spans, size, width - phone_w - 6 * size / 8, align="left")
    return None if who is None else ContactRow(who, contact.phone, phone_size)


def draw_front(sheet: Sheet, card: Card, x: float, y: float, w: float, h: float, scheme: Scheme) -> None:
    plan = front_plan(card, w, h, scheme)
    k = plan.k
    left, top, inner_w = x + PAD * k, y + PAD * k, w - 2 * PAD * k
    top = draw_header(sheet, plan.header, left, top, inner_w) + 4 * k
    top = sheet.block(plan.name, left, top, inner_w) + 3 * k
    if plan.language is not None:
        top = sheet.block(plan.language, left, top, inner_w) + 2 * k
    top = sheet.block(plan.prompt, left, top, inner_w)
    for row in plan.rows:
        top += 2 * k
        sheet.block(row.who, left, top, inner_w)
        sheet.text_right(
            row.phone, left + inner_w, top + row.who.ascent, row.phone_size, bold=True, flow="ltr"
        )
        top += row.height


# --- The back -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Back:
    k: float
    calls: Block
    notes: tuple[Block, ...]
    caption: Block
    column_w: float
    text_w: float
    words_h: float  # the height of the words' area, beside the QR code and above the pictures


def panel_height(k: float) -> float:
    return 2 * PICTURE_BUTTON_H * k + MM * k


def back_plan(card: Card, w: float, h: float, numbers: Mapping[str, str]) -> Back:
    """Sizes and blocks for the back; CardTooLong if the words do not fit."""
    k = scale(w, h)
    inner_w, inner_h = w - 2 * PAD * k, h - 2 * PAD * k
    caption = paragraph(
        [Span("Scan to find a Keep Safe Place")], 7 * k, QR_WIDTH * k + 2 * QR_QUIET * k, align="centre"
    )
    column_w = QR_WIDTH * k + 2 * QR_QUIET * k
    text_w = inner_w - column_w - 3 * k
    words_h = inner_h - panel_height(k) - 2 * k
    if caption is None or QR_WIDTH * k + QR_QUIET * k + caption.height > words_h:
        raise ValueError("the QR code's words do not fit on a card")
    calls = _calls_block(numbers, text_w, k)
    avail = words_h - calls.height - 2 * k
    parts = [
        (label, text)
        for label, text in (("How I communicate", card.communication), ("Medical", card.medical))
        if text
    ]
    for size in BACK_SIZES:
        laid = [_note_blocks(label, text, size * k, text_w) for label, text in parts]
        if None in laid:
            continue
        notes = [block for blocks in laid for block in blocks]
        if sum(block.height for block in notes) + 2 * k * max(0, len(notes) - 1) <= avail:
            return Back(k, calls, tuple(notes), caption, column_w, text_w, words_h)
    raise CardTooLong(_longest_note(card, parts, BACK_SIZES[-1] * k, text_w), _(TOO_LONG))


def _longest_note(card: Card, parts: Sequence[tuple[str, str]], size: float, width: float) -> str:
    """The note to shorten: the one with a word too long for a line, else the longer one."""
    fields = {"How I communicate": "communication", "Medical": "medical"}
    stuck = [fields[label] for label, text in parts if _note_blocks(label, text, size, width) is None]
    if len(stuck) == 1:
        return stuck[0]
    return "communication" if len(card.communication) >= len(card.medical) else "medical"


def _note_blocks(label: str, text: str, size: float, width: float) -> list[Block] | None:
    """ "How I communicate: ..." as one paragraph; a right-to-left text goes under its label instead."""
    if direction(text) == "rtl":
        heading = paragraph([Span(f"{label}:", bold=True)], size, width, leading=1.18)
        words = paragraph([Span(text)], size, width, leading=1.18)
        return None if words is None or heading is None else [heading, words]
    block = paragraph([Span(f"{label}:", bold=True), Span(text)], size, width, leading=1.18)
    return None if block is None else [block]


def _calls_block(numbers: Mapping[str, str], width: float, k: float) -> Block:
    """999 and 101: on one line when they fit, else one under the other; never broken inside."""
    calls = [
        f"Emergency{NO_BREAK_SPACE}{numbers['emergency']}",
        f"Police{NO_BREAK_SPACE}{numbers['non_emergency']}",
    ]
    calls = [call.replace(" ", NO_BREAK_SPACE) for call in calls]
    one_line = [Span(f"{calls[0]}{NO_BREAK_SPACE}·", bold=True), Span(calls[1], bold=True)]
    block = fitted(one_line, [size * k for size in CALL_SIZES], width, max_lines=1)
    if block is None:
        block = fitted(
            [Span(calls[0], bold=True), Span(calls[1], bold=True)], [s * k for s in CALL_SIZES], width
        )
    if block is None or (len(block.lines) == 2 and block.lines[0].text != calls[0]):
        raise ValueError("the emergency numbers are too long to print on a card")
    return block


def draw_back(
    sheet: Sheet, card: Card, x: float, y: float, w: float, h: float, numbers: Mapping[str, str], url: str
) -> None:
    plan = back_plan(card, w, h, numbers)
    k = plan.k
    left, top = x + PAD * k, y + PAD * k
    inner_w = w - 2 * PAD * k
    top = sheet.block(plan.calls, left, top, plan.text_w) + 2 * k
    for block in plan.notes:
        top = sheet.block(block, left, top, plan.text_w) + 2 * k
    _qr_column(sheet, plan, left + inner_w - plan.column_w, y + PAD * k, url)
    picture_panel(sheet, left, y + h - PAD * k - panel_height(k), inner_w, k)


def _qr_column(sheet: Sheet, plan: Back, x: float, top: float, url: str) -> None:
    """The QR code to the find page, and what it is for under it."""
    k = plan.k
    symbol_x = x + (plan.column_w - QR_WIDTH * k) / 2
    draw_qr(sheet.pdf, url, symbol_x, top, QR_WIDTH * k)
    module = qr_size(url, QR_WIDTH * k)[0]
    sheet.block(plan.caption, x, top + QR_WIDTH * k + 4 * module, plan.column_w)


def picture_panel(
    sheet: Sheet,
    x: float,
    top: float,
    width: float,
    k: float,
    pictures: Sequence[tuple[str, str]] = PICTURES,
    columns: int = 3,
) -> None:
    """The pictures a person can point at: buttons in a grid, the picture left and its words right."""
    pdf = sheet.pdf
    gap, cell_h = MM * k, PICTURE_BUTTON_H * k
    cell_w = (width - gap * (columns - 1)) / columns
    pic = cell_h - 4 * k
    for i, (name, words) in enumerate(pictures):
        cx = x + (i % columns) * (cell_w + gap)
        cy = top + (i // columns) * (cell_h + gap)
        pdf.set_draw_color(*GUIDE)
        pdf.set_fill_color(*PAPER)
        pdf.set_line_width(0.5)
        pdf.rect(cx, cy, cell_w, cell_h, style="DF", round_corners=True, corner_radius=2 * k)
        picture(pdf, name, cx + 1.5 * k, cy + 2 * k, pic)
        label = paragraph([Span(words)], MIN_LABEL_PT * k, cell_w - pic - 4.5 * k, leading=1.1)
        if label is None or label.height > cell_h:
            raise ValueError(f"the words {words!r} do not fit beside their picture")
        sheet.block(label, cx + pic + 3 * k, cy + (cell_h - label.height) / 2, cell_w - pic - 4.5 * k)


# --- The blank card, to fill in by hand -----------------------------------------------------


def draw_blank_front(sheet: Sheet, x: float, y: float, w: float, h: float, scheme: Scheme) -> None:
    """The header, lines for the name and language, and a table of three people to phone."""
    k = scale(w, h)
    left, top, inner_w = x + PAD * k, y + PAD * k, w - 2 * PAD * k
    top = draw_header(sheet, header_plan(inner_w, k, scheme), left, top, inner_w)
    rule = writing_line(sheet, left, top + 6.5 * MM, inner_w, k, ["My name is:"])
    rule = writing_line(sheet, left, rule + WRITING_GAP, inner_w, k, ["My language:"])
    sheet.text("Please help me. Please phone:", left, rule + 13.5 * k, 8.5 * k, bold=True)
    headings = rule + 23 * k
    for heading, share in zip(CONTACT_COLUMNS, (0, CONTACT_SPLIT), strict=True):
        sheet.text(heading, left + share * inner_w, headings, MIN_LABEL_PT * k)
    rule = headings + 6 * MM
    for _line in range(MAX_CONTACTS):
        writing_line(sheet, left, rule, inner_w, k, ["", ""])
        rule += WRITING_GAP


CONTACT_COLUMNS = ("Name, and who they are:", "Phone:")
CONTACT_SPLIT = 0.58  # of the width, where the phone column starts


def writing_line(sheet: Sheet, x: float, rule: float, width: float, k: float, labels: Sequence[str]) -> float:
    """A line to write on at height rule, across width: each label, then room to write after it.

    Two labels share the line as the blank card's table of contacts does. Returns rule.
    """
    pdf = sheet.pdf
    size = MIN_LABEL_PT * k
    pdf.set_draw_color(*GUIDE)
    pdf.set_line_width(0.5)
    shares = (1.0,) if len(labels) == 1 else (CONTACT_SPLIT, 1 - CONTACT_SPLIT)
    start = x
    for label, share in zip(labels, shares, strict=True):
        end = start + width * share
        line_start = start
        if label:
            sheet.text(label, start, rule - 1.5 * k, size)
            line_start += text_width(label, size) + 3 * k
        pdf.line(line_start, rule, end if share == shares[-1] else end - 2 * MM, rule)
        start = end
    return rule


def draw_blank_back(
    sheet: Sheet, x: float, y: float, w: float, h: float, numbers: Mapping[str, str], url: str
) -> None:
    plan = back_plan(Card(""), w, h, numbers)
    k = plan.k
    left, top = x + PAD * k, y + PAD * k
    inner_w = w - 2 * PAD * k
    rule = sheet.block(plan.calls, left, top, plan.text_w) + WRITING_GAP
    for labels in (["How I communicate:"], [""], ["Medical:"]):
        rule = writing_line(sheet, left, rule, plan.text_w, k, labels) + WRITING_GAP
    _qr_column(sheet, plan, left + inner_w - plan.column_w, y + PAD * k, url)
    picture_panel(sheet, left, y + h - PAD * k - panel_height(k), inner_w, k)


# --- Whole documents ------------------------------------------------------------------------


def fit_problems(
    card: Card, fmt: str, numbers: Mapping[str, str] = UK_NUMBERS, scheme: Scheme = DEFAULT_SCHEME
) -> dict[str, str]:
    """{field id: problem} when the card's words do not fit on the chosen format, else {}."""
    w, h = WALLET_SIZE if fmt == "wallet" else PANEL_SIZE
    try:
        front_plan(card, w, h, scheme)
        back_plan(card, w, h, numbers)
    except CardTooLong as error:
        if fmt == "wallet" and not fit_problems(card, "a4", numbers, scheme):
            return {
                error.field_id: _(
                    "%(problem)s, or choose the A4 page, which has more room", problem=str(error)
                )
            }
        return {error.field_id: str(error)}
    return {}


def cards_pdf(
    cards: Sequence[Card],
    fmt: str,
    find_url: str,
    numbers: Mapping[str, str],
    scheme: Scheme = DEFAULT_SCHEME,
) -> bytes:
    """One PDF of every card: wallet, 2 pages a card (front, back); a4, 1 page a card; blank, 1 page.

    find_url (absolute) goes in each QR code; numbers is {"emergency", "non_emergency"}.
    Raises CardTooLong if a card's words do not fit.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown card format {fmt!r}")
    sheet = Sheet(
        "Keep Safe cards" if len(cards) > 1 else "Keep Safe card", WALLET_SIZE if fmt == "wallet" else A4
    )
    if fmt == "blank":
        a4_sheet(sheet, None, find_url, numbers, scheme)
    for card in cards if fmt != "blank" else ():
        if fmt == "wallet":
            w, h = WALLET_SIZE
            sheet.page(WALLET_SIZE)
            draw_front(sheet, card, 0, 0, w, h, scheme)
            sheet.page(WALLET_SIZE)
            draw_back(sheet, card, 0, 0, w, h, numbers, find_url)
        else:
            a4_sheet(sheet, card, find_url, numbers, scheme)
    return sheet.output()


def card_pdf(
    card: Card | None, fmt: str, find_url: str, numbers: Mapping[str, str], scheme: Scheme = DEFAULT_SCHEME
) -> bytes:
    """The PDF of one card (card may be None for the blank format)."""
    return cards_pdf([card] if card is not None else [], fmt, find_url, numbers, scheme)


# --- A4 sheets: how to make the card, then two copies with cut and fold guides ----------------

A4_MARGIN = 15 * MM
CROP_MARK = 5 * MM  # each cut mark's length, from CROP_GAP outside the card's corner
CROP_GAP = 2 * MM
COPIES = 2


def a4_sheet(
    sheet: Sheet, card: Card | None, find_url: str, numbers: Mapping[str, str], scheme: Scheme
) -> None:
    """An A4 page: the title and how to make the card, then two copies, each front and back side by
    side, with a dashed line to cut along, marks at the corners and a dotted line to fold along."""
    sheet.page(A4)
    page_w, _page_h = A4
    margin, width = A4_MARGIN, A4[0] - 2 * A4_MARGIN
    top = margin
    symbol(sheet.pdf, margin, top, 14 * MM)
    title = "Your Keep Safe card" if card else "Keep Safe card to fill in"
    sheet.text(title, margin + 18 * MM, top + 8 * MM, 22, bold=True)
    sheet.text(f"{scheme.name}, {scheme.area}", margin + 18 * MM, top + 13 * MM, 11)
    top += 20 * MM
    steps = ["Write on the cards with a pen. Write clearly."] if card is None else []
    steps += [
        "Cut out each card along the dashed line. The marks at the corners show where to cut.",
        "Fold it along the dotted line in the middle, with the words on the outside.",
        "Stick the two halves together, or put the card in a laminating pouch (65\u00a0×\u00a095\u00a0mm).",
        "There are two cards: keep one in your bag, purse or wallet, and one somewhere else. "
        "Show your card if you need help.",
    ]
    for number, step in enumerate(steps, start=1):
        block = paragraph([Span(f"{number}.", bold=True), Span(step)], 12, width, leading=1.25)
        top = sheet.block(block, margin, top, width) + 4
    w, h = PANEL_SIZE
    x = (page_w - 2 * w) / 2
    for _copy in range(COPIES):
        y = top + 14 * MM
        if card is None:
            draw_blank_front(sheet, x, y, w, h, scheme)
            draw_blank_back(sheet, x + w, y, w, h, numbers, find_url)
        else:
            draw_front(sheet, card, x, y, w, h, scheme)
            draw_back(sheet, card, x + w, y, w, h, numbers, find_url)
        guides(sheet, x, y, w, h)
        top = y + h + 10 * MM


def guides(sheet: Sheet, x: float, y: float, w: float, h: float) -> None:
    """A dashed line to cut along round the card, marks at its corners, a dotted fold line down the
    middle, and what each is for."""
    pdf = sheet.pdf
    pdf.set_draw_color(*GUIDE)
    pdf.set_line_width(0.75)
    pdf.set_dash_pattern(dash=6, gap=3)
    pdf.rect(x, y, 2 * w, h, style="D")
    pdf.set_dash_pattern(dash=1, gap=2.5)
    with pdf.local_context(stroke_cap_style="ROUND"):
        pdf.line(x + w, y - 8 * MM, x + w, y + h + 8 * MM)
    pdf.set_dash_pattern()
    pdf.set_line_width(0.5)
    for cx, cy, sx, sy in (
        (x, y, -1, -1),
        (x + 2 * w, y, 1, -1),
        (x, y + h, -1, 1),
        (x + 2 * w, y + h, 1, 1),
    ):
        pdf.line(cx + sx * CROP_GAP, cy, cx + sx * (CROP_GAP + CROP_MARK), cy)
        pdf.line(cx, cy + sy * CROP_GAP, cx, cy + sy * (CROP_GAP + CROP_MARK))
    scissors(pdf, x + 9 * MM, y - 6 * MM, 4 * MM)
    sheet.text("Cut along the dashed line", x + 14 * MM, y - 3 * MM, 10, colour=GUIDE)
    sheet.text_centred("Fold here", x + w, y - 9.5 * MM, 10, colour=GUIDE)
    sheet.text_centred("Front", x + w / 2, y + h + 6 * MM, 10, colour=GUIDE)
    sheet.text_centred("Back", x + 1.5 * w, y + h + 6 * MM, 10, colour=GUIDE)
