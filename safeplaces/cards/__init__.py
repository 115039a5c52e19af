"""Keep Safe cards, venue posters and window stickers, as PDFs built in memory.

Privacy: a card's details exist only while its PDF is built. Nothing here writes a file, a
database row or a log line, and a Card's repr shows none of its details.

Why fpdf2 (with uharfbuzz), not reportlab: names, contacts and notes come in Gujarati,
Gurmukhi (Punjabi), Urdu and Arabic as well as European letters, and must print shaped
(conjuncts and vowel signs, Arabic letters joined and set right to left) and stay extractable
(copying the PDF's text gives the name back). reportlab 5.1 shapes with harfbuzz inside its
Paragraph (checked, not assumed), and Gujarati and Gurmukhi then look right, but its subset
fonts map the glyphs harfbuzz makes that have no character of their own (a Gujarati vowel
sign moved before its consonant, say) to private-use code points, so pdftotext gave back
"અ\\ue000મત" for "અમિત"; and it puts right-to-left text in order only through rlbidi, which
is not on PyPI (without it the Arabic came back reversed, as presentation forms). fpdf2 2.8
shapes every run with harfbuzz, sets mixed-direction lines by the Unicode bidirectional
algorithm (with isolates, so a phone number inside Urdu keeps its digits in order), chooses a
fallback font for each letter, and writes a ToUnicode map from harfbuzz's clusters; the one
thing it lacks, marking reordered text with its reading order (/ActualText) for extraction,
typeset.Sheet adds. Tests render every script with pdftoppm and read it back with pdftotext.

Fonts: Noto Sans, Noto Sans Gujarati, Noto Sans Gurmukhi and Noto Naskh Arabic (SIL OFL 1.1),
subset for cards by scripts/subset_card_fonts.py into data/fonts/, and embedded (subset again
to the letters printed) in every PDF; no system font is used. Urdu prints in Naskh style, not
Nastaliq: Noto Nastaliq Urdu made each PDF about 50 ms slower to build, its lines are much
taller than a card's small lines allow, and poppler extracted its stacked letters with spaces
between them. Naskh is what Urdu readers see in much print and on screens, and Arabic
readers read it as their own.

The modules, by job: details (what goes on a card, checked as typed), batches (CSV files of
many people), typeset (fonts, shaping, measuring, line breaking, drawing text), faces (the
card's front and back, the blank card and the sheets they print on), posters (venue posters
and window stickers), pictures (the symbol and the pictures) and qr (QR codes).
"""

from .batches import BATCH_COLUMNS, MAX_BATCH_ROWS, BatchError, read_batch
from .details import (
    FIELDS,
    LANGUAGE_FIELD,
    MAX_CONTACTS,
    MAX_LENGTH,
    WORDS,
    Card,
    Contact,
    check_card,
    clean,
    tidy_phone,
)
from .faces import (
    BATCH_FORMATS,
    DEFAULT_SCHEME,
    FORMATS,
    MIN_LABEL_PT,
    MIN_NAME_PT,
    MIN_TEXT_PT,
    PICTURE_BUTTON_H,
    PICTURES,
    UK_NUMBERS,
    WRITING_GAP,
    CardTooLong,
    Scheme,
    card_pdf,
    cards_pdf,
    fit_problems,
)
from .posters import POSTER_LINES, poster, stickers
from .qr import qr_matrix, qr_size
from .typeset import printable

__all__ = [
    "BATCH_COLUMNS",
    "BATCH_FORMATS",
    "DEFAULT_SCHEME",
    "FIELDS",
    "FORMATS",
    "LANGUAGE_FIELD",
    "MAX_BATCH_ROWS",
    "MAX_CONTACTS",
    "MAX_LENGTH",
    "MIN_LABEL_PT",
    "MIN_NAME_PT",
    "MIN_TEXT_PT",
    "PICTURES",
    "PICTURE_BUTTON_H",
    "POSTER_LINES",
    "UK_NUMBERS",
    "WORDS",
    "WRITING_GAP",
    "BatchError",
    "Card",
    "CardTooLong",
    "Contact",
    "Scheme",
    "card_pdf",
    "cards_pdf",
    "check_card",
    "clean",
    "fit_problems",
    "poster",
    "printable",
    "qr_matrix",
    "qr_size",
    "read_batch",
    "stickers",
    "tidy_phone",
]
