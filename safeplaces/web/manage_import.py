"""Import places from a CSV file, and export every place, in the manage area.

The import follows exactly the rules of the `import-places` command (importer.py): every row is
checked first, and if any is wrong nothing is imported and each wrong row is listed.
"""

from flask import Blueprint, Response, render_template, request
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import BooleanField

from .. import importer
from ..db import get_db
from .forms import Form, problem_order
from .manage import signed_in_as
from .searching import districts, locator
from .settings import now

bp = Blueprint("manage_import", __name__, url_prefix="/manage")

# What imports within gunicorn's 30-second worker timeout even on a busy server: about 17,000
# places, which bench/web_import.py imported in at most 22 s on 2 cores with a load average of 8
# to 10 (20 MB, 130,000 rows, had timed out). Bigger files go through the import-places command,
# which has no time limit.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_WORDS = "2 MB"
ROWS_SHOWN = 200


class ImportForm(Form):
    """A file of places, and whether rows without a position may be placed roughly. The rules are
    the importer's (importer.read_rows, importer.import_places), as for the import-places command."""

    csv = FileField(
        "CSV file",
        description="Save your spreadsheet as “CSV UTF-8”, then choose it here.",
        render_kw={"accept": ".csv,text/csv"},
    )
    allow_approximate = BooleanField(
        "Place rows without a latitude and longitude at the rough centre of their postcode area",
        description="Without this, a row with no latitude and longitude is only accepted when its full "
        "postcode can be found exactly. With it, such a row is placed at the middle of its postcode area, "
        "a mile or more from its door; either way the new place waits in the applications, not shown to "
        "the public, until someone puts the pin on its door.",
    )


class UploadProblem(Exception):
    """The upload cannot be read at all; the message says why in plain words."""


@bp.url_value_preprocessor
def limit_upload_size(endpoint, _values):
    """Refuse a too-big upload before anything reads it (CSRFProtect reads the form first).

    Only for this page: the app's other forms keep their own limits.
    """
    if endpoint == "manage_import.upload":
        request.max_content_length = MAX_UPLOAD_BYTES + 64 * 1024  # room for the other fields


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return _import_page(ImportForm(formdata=None), _too_big(), [], 413)


def _too_big():
    return (
        f"The file is too big: it must be smaller than {MAX_UPLOAD_WORDS}. "
        "Split it into smaller files and import each one, or ask whoever runs the site to import it "
        "with the import-places command."
    )


def _file_bytes(upload):
    """The uploaded file's bytes, or UploadProblem when there is nothing usable to read."""
    if upload is None or not upload.filename:
        raise UploadProblem("Choose a CSV file.")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadProblem(_too_big())
    return data


def _rows(data):
    """The file's rows; UploadProblem when it is not a CSV file with the right columns."""
    try:
        rows = importer.read_rows(data)
    except importer.FileRefused as refused:
        raise UploadProblem(str(refused)) from None
    except importer.ImportRefused as refused:
        reason = "; ".join(refused.problems[0].reasons)
        raise UploadProblem(f"Nothing was imported: {reason}.") from None
    if not rows:
        raise UploadProblem("Nothing was imported: the file has the column names but no places.")
    return rows


@bp.route("/import", methods=["GET", "POST"])
def upload():
    form = ImportForm()
    if not form.validate_on_submit():  # a GET
        return _import_page(form)
    try:
        rows = _rows(_file_bytes(form.csv.data))
        result = importer.import_places(
            get_db(),
            rows,
            locator=locator(),
            districts=districts(),
            by=signed_in_as(),
            allow_approximate=form.allow_approximate.data,
        )
    except UploadProblem as problem:
        return _import_page(form, str(problem), [], 400)
    except importer.ImportRefused as refused:
        count = len(refused.problems)
        message = (
            f"Nothing was imported: {count} {'row needs' if count == 1 else 'rows need'} fixing "
            "first. The first row, with the column names, is row 1."
        )
        return _import_page(form, message, refused.problems, 400)
    return render_template(
        "manage/import/done.html",
        result=result,
        notes=result.notes[:ROWS_SHOWN],
        notes_hidden=max(0, len(result.notes) - ROWS_SHOWN),
    )


def _import_page(form, problem=None, rows=(), status=200):
    """The upload page; a problem is always the file's (csv), with the rows to fix under it."""
    problems = {"csv": problem} if problem else {}
    return render_template(
        "manage/import/upload.html",
        form=form,
        problems=problems,
        order=problem_order(form, problems),
        error=bool(problems),
        rows=rows[:ROWS_SHOWN],
        rows_hidden=max(0, len(rows) - ROWS_SHOWN),
        columns=importer.COLUMNS,
        max_size=MAX_UPLOAD_WORDS,
    ), status


@bp.get("/export.csv")
def export():
    """Every place with its status; contact details only when asked for, and then audited."""
    contacts = request.args.get("contacts") == "yes"
    text = importer.export_csv(get_db(), contacts=contacts, by=signed_in_as())
    name = f"keep-safe-places{'-with-contacts' if contacts else ''}-{now().date().isoformat()}.csv"
    # UTF-8 with a byte-order mark: without it Excel reads the file as the local code page and
    # mangles accents (Café becomes CafÃ©). The importer reads the mark and skips it.
    return Response(
        text.encode("utf-8-sig"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",  # it may hold contact details: no browser or proxy keeps a copy
        },
    )
