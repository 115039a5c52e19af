"""Easy-read pages: pictures and short sentences about the scheme, from safeplaces/easy_read.py."""

from flask import Blueprint, abort, current_app, render_template

from .. import easy_read as content
from ..i18n import _

bp = Blueprint("easy_read", __name__, url_prefix="/easy-read")


@bp.app_template_global("easy_read_title")
def easy_read_title(slug):
    """An easy-read page's title in the reader's language, for links to it from other pages."""
    return content.said(content.page(slug).title, _values())


def _values():
    """The placeholder values, from the configuration."""
    return content.placeholders(current_app.config)


@bp.get("/")
def index():
    values = _values()
    return render_template(
        "easy_read/index.html",
        title=_(content.INDEX_TITLE),
        intro=content.said(content.INDEX_INTRO, values),
        pages=[content.filled(page, values) for page in content.PAGES],
        read_aloud_picture=content.READ_ALOUD_PICTURE,
        ui=content.ui_words(),
    )


@bp.get("/<page>")
def page(page):
    found = content.page(page)
    if found is None:
        abort(404)
    return render_template(
        "easy_read/page.html",
        page=content.filled(found, _values()),
        read_aloud_picture=content.READ_ALOUD_PICTURE,
        ui=content.ui_words(),
    )
