"""CSV import and export of places, shared by the CLI and the manage area.

An import is all or nothing: every row is checked first, and if any row is wrong nothing is
written and each wrong row is reported by its row number (the header is row 1, as in a
spreadsheet). A row whose name and postcode match a place already registered updates that
place instead of adding another. New places are active; places already registered keep their
status, so re-importing an old file never brings back a suspended place. A new place whose row
says it is not active (the status column of an export) waits in the applications instead, so
loading one scheme's export into a new database never publishes a declined or archived place.

Positions (see positions.py): latitude and longitude typed in the file are "given in a file",
which may be public. A row without them is placed from its postcode, only roughly, so it never
adds a public place: a new place from such a row is added as applied, waiting in the
applications queue, where approving it asks for its position (a person pins it there, rather
than the import being refused and someone looking up every position in a spreadsheet). Without
a geocoder the postcode gives only the middle of its area, accepted only with
allow_approximate. A place already registered keeps its position when a row has none, and an
unchanged position keeps its source. The demonstration places (is_demo) are loaded by the same
import, which then only matches demonstration places: a demonstration row with the name and
postcode of a real place is left out, so the real place is never overwritten with invented
details, nor made a demonstration place that `seed-demo --remove` would delete.
"""

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlite_utils import Database

from . import audit, hours, places, positions
from .geo import Districts
from .locate import Locator
from .text import clean, phrase
from .transaction import writing

COLUMNS = places.SHARED  # a file's columns are the details places.check_details reads
STORED = (
    "name",
    "address",
    "town",
    "postcode",
    "lat",
    "lon",
    "position_source",
    "phone",
    "opening_hours",
    "category",
    "district_code",
)
POSITION = ("lat", "lon", "position_source", "district_code")


@dataclass
class RowProblem:
    row: int
    reasons: list[str]

    def __str__(self) -> str:
        return f"Row {self.row}: " + "; ".join(self.reasons) + "."


class ImportRefused(Exception):
    """Nothing was imported; `problems` says which rows are wrong and why."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} rows have problems")
        self.problems = problems


@dataclass
class ImportResult:
    """What an import did; skipped counts demonstration rows left out for a real place's sake."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class CheckedRow:
    """One row, checked: its clean values, and whether its position came from its postcode."""

    number: int
    values: dict
    from_postcode: bool = False
    note: str = ""
    marked_demo: bool = False  # an exported demonstration place's row (is_demo column is 1)
    not_public: str = ""  # why a new place from this row must wait in the applications
    hours_note: str = ""  # "we read the opening hours … as …", when stored other than typed


# What a file starts with when it is a spreadsheet's own format rather than CSV (xlsx, xls).
WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
ROWS_NAMED = 20  # rows a note names before "and 310 more"
SAVE_AS_CSV = "In your spreadsheet, choose Save As (or Download) and “CSV UTF-8”, then choose that file."


class FileRefused(ValueError):
    """The file cannot be read as places at all (empty, or a workbook); str(error) says why."""


def read_rows(data: bytes | str) -> list[dict]:
    """The rows of a CSV file given as bytes or text, checking its columns.

    FileRefused for a file that is empty or a spreadsheet workbook, ImportRefused for one that
    is not CSV text with the columns: the same words for the import page and the command.
    """
    if not data.strip():
        raise FileRefused("The file is empty.")
    if isinstance(data, bytes) and data.startswith(WORKBOOK_STARTS):
        raise FileRefused("The file is a spreadsheet workbook, not a CSV file. " + SAVE_AS_CSV)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(
                [RowProblem(1, ["the file is not UTF-8 text (save it as “CSV UTF-8”)"])]
            ) from None
    reader = csv.DictReader(io.StringIO(data, newline=""))
    try:
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise ImportRefused([RowProblem(1, ["the file has no column called " + ", ".join(missing)])])
        reader.fieldnames = header
        return [{name: _read_value(value) for name, value in row.items()} for row in reader]
    except csv.Error:
        # Usually a quote that is never closed, which swallows the rest of the file.
        row = reader.line_num or 1
        raise ImportRefused(
            [
                RowProblem(
                    row,
                    [
                        "the file cannot be read as CSV: one value is far too long, "
                        'which usually means a quotation mark (") is not closed'
                    ],
                )
            ]
        ) from None


# A place's name (case and spaces folded) and postcode: a file and the register match places by it.
PlaceKey = tuple[str, str | None]


def _key(name: str, postcode: str | None) -> PlaceKey:
    return " ".join(name.casefold().split()), postcode


class _Checker:
    """Checks rows one by one, remembering what it needs to spot repeats."""

    def __init__(
        self,
        locator: Locator,
        districts: Districts,
        allow_approximate: bool,
        placed: frozenset[PlaceKey] = frozenset(),
    ) -> None:
        self.locator, self.districts = locator, districts
        self.allow_approximate = allow_approximate
        self.placed = placed  # keys of registered places that have a position already
        self.seen: dict[PlaceKey, int] = {}

    def check(self, number: int, row: dict) -> tuple[CheckedRow, None] | tuple[None, RowProblem]:
        """(CheckedRow, None) for a good row, or (None, RowProblem)."""
        clean, problems = places.check_details(row)
        reasons = list(problems.values())
        if row.get(None):
            reasons.append("the row has more values than the file has columns")
        key = _key(clean["name"], clean["postcode"])
        if not reasons and key in self.seen:
            reasons.append(f"it has the same name and postcode as row {self.seen[key]}")
        self.seen.setdefault(key, number)
        checked = CheckedRow(number, clean, marked_demo=(row.get("is_demo") or "").strip() == "1")
        clean["position_source"] = _file_position_source(row, clean)
        typed_hours = " ".join((row.get("opening_hours") or "").split())
        if not reasons and typed_hours != clean["opening_hours"]:
            checked.hours_note = (
                f"Row {number}: we read the opening hours “{typed_hours}” as “{clean['opening_hours']}”."
            )
        checked.not_public = _not_public(row, clean)
        if not reasons and clean["lat"] is None and key not in self.placed:
            self._place_by_postcode(checked, reasons)
        if reasons:
            return None, RowProblem(number, reasons)
        district = None if clean["lat"] is None else self.districts.find(clean["lat"], clean["lon"])
        clean["district_code"] = district.code if district else None
        return checked, None

    def _place_by_postcode(self, checked: CheckedRow, reasons: list[str]) -> None:
        clean = checked.values
        try:
            position = positions.from_postcode(self.locator, clean["postcode"])
        except positions.NotFound as error:
            reasons.append(phrase(str(error)))
            return
        if position.source == positions.OUTCODE and not self.allow_approximate:
            reasons.append(
                f"the latitude and longitude are missing, and the postcode gives {position.words()}; "
                "add them, or allow approximate positions (such a new place waits in the "
                "applications until its position is confirmed)"
            )
            return
        clean.update(position.values())
        checked.from_postcode = True
        checked.note = (
            f"Row {checked.number}: added as an application, not shown to the public, because it has "
            f"no latitude and longitude (its postcode gives {position.words()}). Approve it in the "
            "applications, putting the pin on its door."
        )


def _file_position_source(row: Mapping, clean: dict) -> str | None:
    """How the row's position was found: typed into the file, unless the file says it is rough.

    An exported file names each position's source; a file may say a position is rough (an older
    export wrote postcode positions out), never that a person confirmed it.
    """
    if clean["lat"] is None:
        return None
    said = (row.get("position_source") or "").strip()
    return said if said in positions.SOURCES and said not in positions.TRUSTED else positions.FILE


def _not_public(row: Mapping, clean: dict) -> str:
    """Why a new place from this row may not be public at once, or "" if it may."""
    said = (row.get("status") or "").strip()
    if said and said != "active":
        return f"the file says its status is “{said}”"
    if clean["position_source"] not in positions.TRUSTED and clean["lat"] is not None:
        return f"the file says its position is {positions.source_words(clean['position_source'])}"
    return ""


def check_rows(
    rows: list[dict],
    locator: Locator,
    districts: Districts,
    allow_approximate: bool = False,
    progress: Callable = iter,
    placed: frozenset[PlaceKey] = frozenset(),
) -> list[CheckedRow]:
    """A CheckedRow for every row, or ImportRefused listing every row with a problem.

    placed: the name-and-postcode keys of registered places with a position, which a row
    without latitude and longitude keeps, so it needs no postcode lookup.
    """
    checker = _Checker(locator, districts, allow_approximate, placed)
    checked, problems = [], []
    for number, row in enumerate(progress(rows), start=2):
        good, problem = checker.check(number, row)
        if problem:
            problems.append(problem)
        else:
            checked.append(good)
    if problems:
        raise ImportRefused(problems)
    return checked


def import_places(
    db: Database,
    rows: list[dict],
    *,
    locator: Locator,
    districts: Districts,
    by: str,
    is_demo: bool = False,
    allow_approximate: bool = False,
    progress: Callable = iter,
) -> ImportResult:
    """Check every row, then add or update every place in one transaction."""
    existing, _ = _registered(db, is_demo)
    placed = frozenset(key for key, place in existing.items() if place["lat"] is not None)
    checked = check_rows(rows, locator, districts, allow_approximate, progress, placed)
    result = ImportResult()
    with writing(db), _indexed_at_the_end(db):
        existing, taken = _registered(db, is_demo)
        for row in checked:
            if row.hours_note:
                result.notes.append(row.hours_note)
            current = existing.get(_key(row.values["name"], row.values["postcode"]))
            if current is None:
                _create(db, row, by, is_demo, taken)
                result.created += 1
                if row.from_postcode:
                    result.notes.append(row.note)
                elif row.not_public:
                    result.notes.append(
                        f"Row {row.number}: added as an application, not shown to the public, "
                        f"because {row.not_public}. Check it in the applications."
                    )
            elif is_demo and not current["is_demo"]:
                result.skipped += 1
                result.notes.append(
                    f"Row {row.number}: not loaded, because a real place with this name "
                    "and postcode is registered. The real place was left as it is."
                )
            elif not is_demo and current["is_demo"] and not row.marked_demo:
                # A real row claims a demonstration place, which becomes real: seed-demo
                # --remove must never delete what the scheme has registered.
                _update(db, current, {**_changes(row, current), "is_demo": 0}, by)
                result.updated += 1
            elif changed := _changes(row, current):
                _update(db, current, changed, by)
                result.updated += 1
            else:
                result.unchanged += 1
    if note := _bank_holidays_note(checked):
        result.notes.append(note)
    return result


def _bank_holidays_note(checked: list[CheckedRow]) -> str | None:
    """One note naming the rows whose hours leave out bank holidays (hours' docstring), or None."""
    rows = [
        row.number
        for row in checked
        if row.values["opening_hours"] and not hours.says_bank_holidays(row.values["opening_hours"])
    ]
    if not rows:
        return None
    shown = ", ".join(str(number) for number in rows[:ROWS_NAMED])
    more = f" and {len(rows) - ROWS_NAMED} more" if len(rows) > ROWS_NAMED else ""
    return (
        f"The opening hours in {'row' if len(rows) == 1 else 'rows'} {shown}{more} do not say whether the place opens on bank "
        f"holidays, so on a bank holiday the site says their times are not known. {places.SAY_BANK_HOLIDAYS}"
    )


# The triggers (db.py) that add each new place to the search indexes, the R*Tree and FTS5. An
# import drops them while it adds its places and fills both indexes once at the end, in the same
# transaction (DDL is transactional in SQLite, so a failed import puts them back): row by row
# they were two thirds of the time an import spent writing.
NEW_PLACE_TRIGGERS = ("places_rtree_insert", "places_ai")


@contextmanager
def _indexed_at_the_end(db: Database) -> Iterator[None]:
    triggers = dict(
        db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
            NEW_PLACE_TRIGGERS,
        ).fetchall()
    )
    first_new = (db.execute("SELECT max(id) FROM places").fetchone()[0] or 0) + 1
    for name in triggers:
        db.execute(f"DROP TRIGGER {name}")
    yield
    if "places_rtree_insert" in triggers:
        db.execute(
            "INSERT INTO places_rtree SELECT id, lat, lat, lon, lon FROM places WHERE id >= ? AND lat IS NOT NULL",
            [first_new],
        )
    if "places_ai" in triggers:
        columns = ", ".join(row[1] for row in db.execute("PRAGMA table_info(places_fts)"))
        db.execute(
            f"INSERT INTO places_fts (rowid, {columns}) SELECT id, {columns} FROM places WHERE id >= ?",
            [first_new],
        )
    for sql in triggers.values():
        db.execute(sql)


def _registered(db: Database, is_demo: bool) -> tuple[dict[PlaceKey, dict], set[str]]:
    """({name and postcode key: place}, every slug taken), for the places already registered.

    When a real and a demonstration place share a name and postcode, the one of the import's
    own kind wins: it comes last in the order.
    """
    rows = list(
        db.query(
            f"SELECT id, slug, status, is_demo, {', '.join(STORED)} FROM places ORDER BY is_demo = ?, id",
            [int(is_demo)],
        )
    )
    return {_key(row["name"], row["postcode"]): row for row in rows}, {row["slug"] for row in rows}


def _changes(row: CheckedRow, current: dict) -> dict:
    """The values of row that differ from the registered place's."""
    values = row.values
    if values["position_source"] not in positions.TRUSTED and current["lat"] is not None:
        # No position, or a rough one (from a postcode, or one the file says is rough): the
        # registered one was set, or confirmed, by a person.
        values = {k: v for k, v in values.items() if k not in POSITION}
    elif (values["lat"], values["lon"]) == (current["lat"], current["lon"]):
        values = {k: v for k, v in values.items() if k != "position_source"}  # a person may have confirmed it
    return {k: v for k, v in values.items() if current[k] != v}


def _create(db: Database, checked: CheckedRow, by: str, is_demo: bool, taken: set[str]) -> None:
    record = checked.values
    public = record["position_source"] in positions.TRUSTED and not checked.not_public
    values = {**record, "is_demo": int(is_demo)}
    status = "active" if public else "applied"
    places.create(db, values, by, status, action="import: create", taken=taken)


def _update(db: Database, current: dict, changed: dict, by: str) -> None:
    places.update(db, current["id"], changed, by, action="import: update", current=current)


EXPORT_COLUMNS = (*COLUMNS, "status", "slug", "district_code", "position_source", "is_demo", "updated_at")
CONTACT_COLUMNS = ("contact_name", "contact_email", "contact_phone")
# A spreadsheet runs a cell starting with one of these as a formula, and an application's
# words come from the public: such text gets a leading apostrophe, so it shows as typed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A value for the CSV file; numbers are written in full, so a re-import finds them unchanged."""
    # Text already starting with apostrophes before a formula character gains one more, so
    # that _uncell, which takes exactly one away, gives it back as it was.
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def _read_value(value: str | list[str] | None) -> str | list[str] | None:
    """A cell as the importer checks it: cleaned (text.clean), without a formula's apostrophe.

    Values beyond the file's columns come as a list, kept as it is so the check can refuse them.
    """
    return clean(_uncell(value)) if isinstance(value, str) else value


def _uncell(value: str) -> str:
    """A value read from a CSV file, without the apostrophe spreadsheet_safe (or a spreadsheet) put before a formula."""
    if value.startswith("'") and value[1:].lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value


def export_csv(db: Database, contacts: bool = False, by: str | None = None) -> str:
    """Every place, whatever its status, as CSV text that import_places reads back unchanged.

    Latitude and longitude are written only for positions the public may see (positions.TRUSTED):
    a rough position from a postcode is never mistaken for the door by whoever reads the file.
    The importer reads the COLUMNS; of the rest, status and position_source can only hold a new
    place back (a file cannot say that a person confirmed a position or approved a place), and
    places already registered keep their status. Contact details are private to the steering
    group, so only with contacts=True, and then the export is audited as made `by` whom, in the
    same transaction as it is read.
    Text starting with a formula character gains an apostrophe (see FORMULA_START), which
    read_rows takes away again.
    """
    if contacts and not by:
        raise ValueError("an export with contact details is audited: say who asked for it")
    columns = EXPORT_COLUMNS + (CONTACT_COLUMNS if contacts else ())
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    with writing(db):
        count = 0
        for row in db.query("SELECT *, lat AS latitude, lon AS longitude FROM places ORDER BY id"):
            if row["position_source"] not in positions.TRUSTED:
                row["latitude"] = row["longitude"] = None
            writer.writerow([spreadsheet_safe(row[column]) for column in columns])
            count += 1
        if contacts:
            audit.record(db, by, "export with contact details", "places", None, None, {"places": count})
    return out.getvalue()
