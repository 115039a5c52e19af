"""Keep Safe Places: the app factory.

`create_app(test_config)` sets up configuration, the database (upgrading its schema), the
blueprints, error pages and security headers. Tests pass
`{"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db"}`.
"""

import os
import sqlite3
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import cli, config, db, places, ratelimits
from .i18n import N_, _
from .web import (
    api,
    delivery,
    filters,
    health,
    manage,
    manage_account,
    manage_checks,
    manage_coverage,
    manage_import,
    manage_report,
    manage_users,
    public,
)
from .web import apply as apply_pages
from .web import cards as card_pages
from .web import easy_read as easy_read_pages  # not `easy_read`: that is the content module
from .web import languages as page_languages  # not `languages`: that is the list of languages
from .web import manage_places as manage_place_pages
from .web import offline as offline_pages  # not `offline`: that is the offline file's module
from .web import opendata as opendata_pages
from .web import openreferral as openreferral_feed
from .web.arguments import MAX_ROW_ID
from .web.manage import signed_in_account
from .web.security import limiter, security_event

# Titles in the page's language (safeplaces/i18n.py): N_ marks them, _ translates them when shown.
PAGE_ERRORS = {
    400: (N_("Something was not right"), "errors/400.html"),
    403: (N_("You cannot use this page"), "errors/403.html"),
    404: (N_("Page not found"), "errors/404.html"),
    405: (N_("Something was not right"), "errors/400.html"),
    413: (N_("What you sent is too large"), "errors/413.html"),
    429: (N_("Too many tries"), "errors/429.html"),
    500: (N_("Sorry, something went wrong"), "errors/500.html"),
}

csrf = CSRFProtect()


class RowIdConverter(IntegerConverter):
    """<int:...> in addresses, never larger than an SQLite row id, so a huge number is a 404."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ROW_ID, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


HSTS_SECONDS = 365 * 24 * 3600  # browsers then use only https for a year (not for other subdomains)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
}


def create_app(test_config=None):
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    app.config.from_mapping(config.DEFAULTS, SAFEPLACES_DB=os.path.join(app.instance_path, "safeplaces.db"))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(config.from_environment())
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["MAX_CONTENT_LENGTH"] is None:
        app.config["MAX_CONTENT_LENGTH"] = config.MAX_REQUEST_BYTES
    # A form's CSRF token lasts as long as the session: a registrar's long form never expires.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.url_map.converters["int"] = RowIdConverter
    if proxies := int(app.config["SAFEPLACES_PROXY_COUNT"]):
        # The client's address, scheme and host as the trusted proxies saw them: rate limits
        # then count each visitor, not the proxy, and https:// addresses are made.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    if app.config["TRUSTED_HOSTS"] is None:
        app.config["TRUSTED_HOSTS"] = config.trusted_hosts(app.config)
    app.before_request(_refuse_untrusted_host)  # first: nothing else may run for such a request
    page_languages.init_app(app)  # next: every page and error after this speaks the chosen language
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.instance_secret_key(app.instance_path)

    db.init_app(app)
    delivery.init_app(app)
    filters.init_app(app)
    cli.init_app(app)
    manage.init_app(app)  # first, so anyone not signed in is sent to sign in before anything else
    csrf.init_app(app)
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI",
        app.config["SAFEPLACES_RATELIMIT_STORAGE"] or ratelimits.default_uri(app.config["SAFEPLACES_DB"]),
    )
    limiter.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(offline_pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(card_pages.bp)
    app.register_blueprint(easy_read_pages.bp)
    app.register_blueprint(manage_place_pages.bp)
    app.register_blueprint(manage_users.bp)
    app.register_blueprint(manage_account.bp)
    app.register_blueprint(manage_import.bp)
    app.register_blueprint(apply_pages.bp)
    app.register_blueprint(manage_checks.bp)
    app.register_blueprint(manage_report.bp)
    app.register_blueprint(manage_coverage.bp)
    app.register_blueprint(openreferral_feed.bp)
    app.register_blueprint(opendata_pages.bp)
    _register_errors(app)
    app.context_processor(_page_context)
    app.after_request(_security_headers)
    return app


def _refuse_untrusted_host():
    """Answer a request naming a host we do not trust before any other check, with plain words.

    Flask finds the host untrusted while routing, but would still run the before_request
    functions (the sign-in guard, CSRF) first; they, and every page, build links from the host.
    """
    if isinstance(request.routing_exception, SecurityError):
        return untrusted_host(request.routing_exception)
    return None


def untrusted_host(_error):
    return Response(
        "This site does not answer to that address.\n", status=400, mimetype="text/plain; charset=utf-8"
    )


def _page_context():
    try:
        demo_shown = places.demo_is_shown(db.get_db())
    except sqlite3.Error:
        demo_shown = False  # the error page must still render when the database is the problem
    return {
        "demo_shown": demo_shown,
        "manage_page": manage.under_manage(request.path),  # the wider layout of the staff's tables
        "theme_colour": offline_pages.THEME_COLOUR,  # the same in the manifest and every page
    }


def tile_hosts(tiles_url):
    """The CSP source for the tile server: its scheme and host, with {s} as any subdomain."""
    parts = urlsplit(tiles_url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}"


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if manage.under_manage(request.path) and "no-store" not in response.headers.get("Cache-Control", ""):
        # Manage pages show venues' private contacts and accounts: no browser history or shared
        # cache may keep a copy (Back on a shared computer, a proxy's cache).
        response.headers["Cache-Control"] = "no-store"
    if current_app.config["SAFEPLACES_BASE_URL"].startswith("https://"):
        response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
    tiles = tile_hosts(current_app.config["SAFEPLACES_TILES_URL"])
    response.headers.setdefault(
        "Content-Security-Policy",
        f"default-src 'self'; script-src 'self'; img-src 'self' data: {tiles}; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    return response


def _register_errors(app):
    def handle(error):
        code = getattr(error, "code", 500) or 500
        if code not in PAGE_ERRORS:
            code = 500
        if code == 403:
            security_event("refused", status=code, **signed_in_account())
        title, template = PAGE_ERRORS[code]
        if request.path.startswith(("/api/", openreferral_feed.PREFIX)):
            return jsonify(error=_(api.ERROR_WORDS.get(code, title))), code
        return render_template(template, title=_(title)), code

    for code in PAGE_ERRORS:
        app.register_error_handler(code, handle)
    app.register_error_handler(SecurityError, untrusted_host)

    @app.errorhandler(CSRFError)
    def form_expired(_error):
        security_event("form without a valid token", **signed_in_account())
        if request.path.startswith("/api/"):
            return jsonify(error=_("The form had expired. Please try again.")), 400
        return render_template("errors/form_expired.html", title=_("The form had expired")), 400
