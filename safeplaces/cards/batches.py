"""Batches: one CSV row per person, read into cards all or nothing.

A support worker's spreadsheet, saved as CSV: UTF-8 (with or without a byte-order mark) or the
Windows code page older Excel writes, commas or semicolons or tabs. Every wrong row is listed
by its number, so the whole file can be fixed in one go, and no card is made until all are right.
"""

import csv
import io
from collections.abc import Iterable, Mapping

from ..i18n import N_, _, _n
from ..text import clean
from .details import FIELDS, LANGUAGE_FIELD, Card, check_card
from .faces import DEFAULT_SCHEME, UK_NUMBERS, Scheme, fit_problems

MAX_BATCH_ROWS = 500
# Every column a batch file may have: the typed fields, then the holder's language (its code,
# or its name in English or in itself), which older files simply leave out.
BATCH_COLUMNS = (*FIELDS, LANGUAGE_FIELD)
NEEDED = ("name", "contact1_name", "contact1_phone")
NOT_CSV = N_("We could not read this file as CSV. Save it as CSV UTF-8 and try again.")
NO_HEADER = N_("Row 1 must name the columns. It needs at least name, contact1_name and contact1_phone.")


class BatchError(ValueError):
    """A batch file that cannot be used: a message for the whole file, and [(row, message)]."""

    def __init__(self, message: str, rows: Iterable[tuple[int, str]] = ()) -> None:
        super().__init__(message)
        self.rows = list(rows)


def read_batch(
    data: bytes,
    fmt: str = "wallet",
    numbers: Mapping[str, str] = UK_NUMBERS,
    max_rows: int = MAX_BATCH_ROWS,
    scheme: Scheme = DEFAULT_SCHEME,
) -> list[Card]:
    """The cards in a CSV file's bytes (header row first, columns named as BATCH_COLUMNS).

    All or nothing: BatchError lists every wrong row by its number (the header is row 1),
    including a row whose words would not fit on the fmt card printed with these numbers.
    """
    rows = _csv_rows(data)
    header = [_column(name) for name in rows[0]]
    _check_header(header)
    people = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]
    if not people:
        raise BatchError(
            _("The file has no people in it. Put one person on each row, under the row of column names.")
        )
    if len(people) > max_rows:
        raise BatchError(
            _(
                "The file has %(count)d people. The most we can make at once is %(most)d: "
                "split the file into smaller files.",
                count=len(people),
                most=max_rows,
            )
        )
    cards, wrong = [], []
    for number, row in people:
        if any(cell.strip() for cell in row[len(header) :]):
            wrong.append((number, _("it has more cells than there are column names")))
            continue
        card, problems = check_card(dict(zip(header, row, strict=False)))
        if card is not None:
            problems = fit_problems(card, fmt, numbers, scheme)
        if problems:
            wrong.append((number, "; ".join(problems.values())))
        else:
            cards.append(card)
    if wrong:
        raise BatchError(
            _n(
                "%(num)d row in the file needs fixing. Nothing was made.",
                "%(num)d rows in the file need fixing. Nothing was made.",
                len(wrong),
            ),
            wrong,
        )
    return cards


def _check_header(header: list[str]) -> None:
    unknown = [name for name in header if name and name not in BATCH_COLUMNS]
    if unknown:
        raise BatchError(
            _(
                "Row 1 names columns we do not know: %(unknown)s. The columns are: %(columns)s.",
                unknown=", ".join(unknown),
                columns=", ".join(BATCH_COLUMNS),
            )
        )
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        raise BatchError(_("Row 1 names a column more than once: %(columns)s.", columns=", ".join(doubled)))
    if not set(NEEDED) <= set(header):
        raise BatchError(_(NO_HEADER))


def _column(name: str) -> str:
    return "_".join(clean(name).lower().replace("-", " ").split())


def _csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a CSV file's bytes, as lists of strings; BatchError if it cannot be read as CSV."""
    if not data.strip():
        raise BatchError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        raise BatchError(
            _(
                "This is a spreadsheet file (such as .xlsx), not a CSV file. In your "
                "spreadsheet, choose Save As, then CSV UTF-8, and upload that."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # what older Excel saves as "CSV (Comma delimited)"
        except UnicodeDecodeError:
            text = None
    if text is None or "\x00" in text:
        raise BatchError(_(NOT_CSV))
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))
    except csv.Error:
        raise BatchError(_(NOT_CSV)) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise BatchError(_(NO_HEADER))
    return rows
