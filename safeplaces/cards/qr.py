"""QR codes, drawn as vector squares so they print sharp at any size.

Error correction Q (a quarter of the code can be scuffed or covered and it still scans), and a
quiet zone of 4 modules painted white round the symbol, so nothing drawn nearby can eat it.
"""

from functools import cache

import qrcode
from fpdf import FPDF

from .typeset import INK

QUIET_MODULES = 4
PAPER = (255, 255, 255)
# Each run of dark modules reaches this far (in modules) into the row below, when that row is
# dark too: two fills that only touch can show a hairline seam when a viewer smooths edges.
OVERLAP = 0.05


@cache
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code for url (error correction Q) as rows of booleans, without the quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    code.add_data(url)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_size(url: str, width: float) -> tuple[float, float]:
    """(module, whole): the module size, and the whole width with the quiet zone, for a symbol width wide."""
    module = width / len(qr_matrix(url))
    return module, width + 2 * QUIET_MODULES * module


@cache
def _dark_runs(url: str) -> tuple[tuple[int, int, int, bool], ...]:
    """(row, first column, length, the row below is dark there too) for each run of dark modules."""
    matrix = qr_matrix(url)
    found = []
    for r, row in enumerate(matrix):
        below = matrix[r + 1] if r + 1 < len(matrix) else ()
        start = None
        for col, dark in enumerate((*row, False)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                joined = bool(below) and all(below[start:col])
                found.append((r, start, col - start, joined))
                start = None
    return tuple(found)


def draw_qr(pdf: FPDF, url: str, x: float, top: float, width: float) -> None:
    """url's QR code, the symbol width wide with its top-left corner at (x, top), and its quiet zone."""
    module, whole = qr_size(url, width)
    quiet = QUIET_MODULES * module
    pdf.set_fill_color(*PAPER)
    pdf.rect(x - quiet, top - quiet, whole, whole, style="F")
    pdf.set_fill_color(*INK)
    for row, column, length, joined in _dark_runs(url):
        height = module * (1 + OVERLAP) if joined else module
        pdf.rect(x + column * module, top + row * module, length * module, height, style="F")
