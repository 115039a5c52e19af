"""The card maker: one Keep Safe card, or a batch from a CSV file, sent back as a PDF.

Privacy: what is typed or uploaded only builds the PDF in memory (cards.py), which is sent
straight back with a file name that names nobody. Nothing is saved, and nothing is logged.
Every response here, page or PDF, has Cache-Control: no-store, because a page with a mistake
shows what was typed again: Back or the history on a shared computer must not bring it back.
"""

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import cards, languages, report
from ..db import get_db
from ..i18n import N_, _
from .files import pdf_response
from .security import limiter
from .settings import now, phones, printed_url

bp = Blueprint("cards", __name__, url_prefix="/cards")

# A card's words are a few hundred characters: anything near this is not a real card.
MAX_FORM_BYTES = 64 * 1024
# Werkzeug keeps an uploaded file in memory up to 500 KiB and spools anything bigger to a
# temporary file. Refusing bigger uploads means people's details never touch the disk.
MAX_UPLOAD_BYTES = 500 * 1024
LIMITS = {"cards.new_card": MAX_FORM_BYTES, "cards.batch": MAX_UPLOAD_BYTES}
ROWS_SHOWN = 100
# Making PDFs is heavy work: enough for a busy support worker, not for a flood.
CARD_LIMIT = "60 per hour"
BATCH_LIMIT = "10 per hour"

# Marked with N_, shown translated (the page's _).
FORMAT_WORDS = {
    "wallet": (
        N_("A card the size of a bank card"),
        N_(
            "Two pages of 85.6 × 54 mm, the front and the back, to print on card. "
            "You need a printer that takes small cards."
        ),
    ),
    "a4": (
        N_("An A4 page to cut out"),
        N_("The front and back side by side, to print on any printer, cut out, fold and laminate."),
    ),
    "blank": (
        N_("A blank card to fill in by hand"),
        N_("An A4 page with empty lines to write on. You do not need to fill in anything above."),
    ),
}

EXAMPLE_CSV = (
    "name,contact1_name,contact1_relationship,contact1_phone,contact2_name,contact2_relationship,"
    "contact2_phone,contact3_name,contact3_relationship,contact3_phone,communication,medical\r\n"
    "Sam Example,Jo Example,Mum,07700 900123,Leicester Support Team,Support worker,0116 496 0123,,,,"
    '"I use short words. Please speak slowly.",I have epilepsy.\r\n'
    "Łukasz Przykład,Anna Przykład,Sister,07700 900456,,,,,,,,\r\n"
)


def scheme():
    """The scheme's name and area, printed on every card."""
    config = current_app.config
    return cards.Scheme(config["SAFEPLACES_SCHEME_NAME"], config["SAFEPLACES_AREA_NAME"])


@bp.url_value_preprocessor
def limit_request_size(endpoint, _values):
    """Cap the request body before anything reads it.

    CSRFProtect reads the form in an app-wide before_request, which runs before this
    blueprint's own; url_value_preprocessors run before every before_request.
    """
    if endpoint in LIMITS:
        request.max_content_length = LIMITS[endpoint]


@bp.after_request
def keep_nothing(response):
    """Tell browsers and proxies to keep no copy of any response, error pages included."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    if request.endpoint == "cards.batch":
        problems = {
            "csv": _(
                "The file is too big. It must be smaller than 500 KB, which is room for "
                "%(most)d people: split it into smaller files.",
                most=cards.MAX_BATCH_ROWS,
            )
        }
        return _batch_page("", problems, [], 413)
    problems = {
        "name": _(
            "What you sent is far too long for a card. Each box takes a few words: see the limit under each box."
        )
    }
    return _card_page({}, "", problems, 413)


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(CARD_LIMIT, methods=["POST"])
def new_card():
    if request.method == "GET":
        return _card_page({}, "", {})
    values = {name: request.form.get(name, "") for name in (*cards.FIELDS, cards.LANGUAGE_FIELD)}
    fmt = request.form.get("format", "")
    card, problems = None, {}
    if fmt != "blank":
        card, problems = cards.check_card(values)
        if card is not None and fmt in cards.FORMATS:
            problems = cards.fit_problems(card, fmt, phones(), scheme())
    if fmt not in cards.FORMATS:
        problems["format"] = _("Choose how you want to print the card")
    if problems:
        return _card_page(values, fmt, problems, 400)
    pdf = cards.card_pdf(card, fmt, printed_url("/find"), phones(), scheme())
    report.count_card(get_db(), fmt, now().date())
    return pdf_response(pdf, "keep-safe-card-to-fill-in.pdf" if fmt == "blank" else "keep-safe-card.pdf")


@bp.route("/batch", methods=["GET", "POST"])
@limiter.limit(BATCH_LIMIT, methods=["POST"])
def batch():
    if request.method == "GET":
        # The example file hangs off this page's own address, so the page stays the one public
        # address of the batch maker (the browser tests check every public address as a page).
        if request.args.get("example") == "csv":
            return _example_csv()
        return _batch_page("", {}, [])
    fmt = request.form.get("format", "")
    upload = request.files.get("csv")
    problems, rows, made = {}, [], []
    if upload is None or not upload.filename:
        problems["csv"] = _("Choose a CSV file")
    else:
        try:
            chosen = fmt if fmt in cards.BATCH_FORMATS else "wallet"
            made = cards.read_batch(upload.read(), chosen, phones(), scheme=scheme())
        except cards.BatchError as error:
            problems["csv"], rows = str(error), error.rows
    if fmt not in cards.BATCH_FORMATS:
        problems["format"] = _("Choose how you want to print the cards")
    if problems:
        return _batch_page(fmt, problems, rows, 400)
    pdf = cards.cards_pdf(made, fmt, printed_url("/find"), phones(), scheme())
    report.count_card(get_db(), fmt, now().date(), cards=len(made))
    return pdf_response(pdf, "keep-safe-cards.pdf")


def _example_csv():
    """A CSV file with the columns and two invented people, to start a batch from."""
    return Response(
        EXAMPLE_CSV.encode("utf-8-sig"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="keep-safe-cards-example.csv"'},
    )


def _card_page(values, fmt, problems, status=200):
    order = [*cards.FIELDS, cards.LANGUAGE_FIELD, "format"]
    return render_template(
        "cards/new.html",
        values=values,
        fmt=fmt,
        problems=problems,
        order=[name for name in order if name in problems],
        error=bool(problems),
        formats=FORMAT_WORDS,
        limits=cards.MAX_LENGTH,
        contacts=range(1, cards.MAX_CONTACTS + 1),
        languages=languages.LANGUAGES,
    ), status


def _batch_page(fmt, problems, rows, status=200):
    return render_template(
        "cards/batch.html",
        fmt=fmt,
        problems=problems,
        error=bool(problems),
        order=[name for name in ("csv", "format") if name in problems],
        rows=rows[:ROWS_SHOWN],
        rows_hidden=max(0, len(rows) - ROWS_SHOWN),
        formats={key: FORMAT_WORDS[key] for key in cards.BATCH_FORMATS},
        max_rows=cards.MAX_BATCH_ROWS,
        languages=languages.LANGUAGES,
    ), status
