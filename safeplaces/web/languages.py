"""The language of each page: chosen per request, set for the words made anywhere, and linked.

Flask-Babel chooses (its locale selector is `_choose`, by languages.choose: `?lang=xx`, then
the cookie, then Accept-Language, then English), and before anything else runs for a request the
choice and Flask-Babel's translations are set in safeplaces/i18n.py, so templates and domain
modules speak the same language; the request's end resets it. The manage area stays in English
(staff tools), and the JSON API's errors follow Accept-Language alone, as an API client expects.

`?lang=xx` is remembered in a cookie holding only the code: a strictly necessary preference, with
no account and nothing else in it (SECURITY.md). Pages vary by language, so they say so
(`Vary: Cookie, Accept-Language`). The service worker (templates/offline/sw.js) keeps pages by
address, network first: online, every page comes fresh in the chosen language; with no signal, a
kept page is in the language it was last fetched in, which is the reader's own unless they
changed language and have not opened that page online since. The offline help page, which
answers searches with no signal, carries its words in the page, so it speaks that same language.

Fonts: a page in Gujarati, Gurmukhi or the Arabic script links one stylesheet for its script,
whose @font-face rules load subset Noto fonts from this site (scripts/subset_web_fonts.py);
pages in other languages load no font at all.
"""

from urllib.parse import urlencode

from flask import current_app, g, request
from flask_babel import Babel, get_locale, get_translations

from .. import i18n, languages
from ..i18n import N_
from .manage import under_manage

COOKIE = "lang"
COOKIE_SECONDS = 365 * 24 * 3600
API_PREFIXES = ("/api/", "/openreferral/")
# The stylesheet of fonts for each script that needs one (Latin uses the device's own fonts).
FONT_STYLESHEETS = {
    "Gujr": "css/fonts-gujarati.css",
    "Guru": "css/fonts-gurmukhi.css",
    "Arab": "css/fonts-arabic.css",
}
# <html lang>: English pages are British English; the others their own code.
HTML_LANG = {"en": "en-GB"}
# Said on every page in a language nobody has checked (languages.checked), in it and in English.
NOT_CHECKED = N_("These words were translated from English. A native speaker has not checked them yet.")

babel = Babel(configure_jinja=False)


def init_app(app):
    """Flask-Babel, the offered languages (SAFEPLACES_LANGUAGES), and the per-request language."""
    app.extensions["safeplaces_languages"] = languages.offered(app.config["SAFEPLACES_LANGUAGES"])
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(i18n.FOLDER)
    app.config["BABEL_DEFAULT_LOCALE"] = i18n.SOURCE
    babel.init_app(app, locale_selector=_choose)
    # Templates translate through i18n, the same catalogue and language as the domain's words.
    # Newstyle gettext escapes the values it fills in, so typed text stays text.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(i18n.gettext, i18n.raw_ngettext, newstyle=True)
    app.before_request(_speak)
    app.after_request(_remember_and_vary)
    app.teardown_request(_stop_speaking)
    app.context_processor(_page_languages)


def offered():
    """The languages this scheme offers, in languages.LANGUAGES's order."""
    return current_app.extensions["safeplaces_languages"]


def _is_api():
    return request.path.startswith(API_PREFIXES)


def _choose():
    codes = [language.code for language in offered()]
    accepted = [tag for tag, _quality in request.accept_languages]
    if under_manage(request.path):
        return i18n.SOURCE
    if _is_api():
        return languages.choose(None, None, accepted, codes)
    return languages.choose(request.args.get("lang"), request.cookies.get(COOKIE), accepted, codes)


def _speak():
    g.speaking_token = i18n.use(get_locale().language, get_translations())


def _stop_speaking(_error=None):
    token = g.pop("speaking_token", None)
    if token is not None:
        i18n.reset(token)


def _remember_and_vary(response):
    """Keep a chosen ?lang= in the cookie, and say that pages differ by language."""
    if _is_api():
        response.vary.add("Accept-Language")
        return response
    if under_manage(request.path):
        return response
    asked = request.args.get("lang")
    if asked in {language.code for language in offered()} and request.cookies.get(COOKIE) != asked:
        response.set_cookie(
            COOKIE,
            asked,
            max_age=COOKIE_SECONDS,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SAFEPLACES_BASE_URL"].startswith("https://"),
        )
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def page_language():
    """The Language of this page (English outside a request's choice)."""
    return languages.BY_CODE.get(i18n.current(), languages.ENGLISH)


def _link(code):
    """This page's own address, with its query kept and lang set: a search stays a search."""
    args = request.args.copy()
    args["lang"] = code
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


def _page_languages():
    if under_manage(request.path):
        return {"page_language": languages.ENGLISH, "html_lang": HTML_LANG["en"], "language_links": []}
    language = page_language()
    return {
        "page_language": language,
        "html_lang": HTML_LANG.get(language.code, language.code),
        "language_links": [(other, _link(other.code)) for other in offered()] if len(offered()) > 1 else [],
        "font_stylesheet": FONT_STYLESHEETS.get(language.script),
        "not_checked": languages.checked(language.code) is None,
        "not_checked_words": NOT_CHECKED,
    }
