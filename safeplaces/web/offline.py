"""Works on a weak signal: the web app manifest, the service worker and the offline file.

All of it is progressive enhancement: every page works without it. The service worker (served
from the site's root, so it may look after every page) keeps the site's main pages, the
easy-read pages and the offline file (safeplaces/offline.py); with no signal, a search for
help is answered from that file by /offline/help. The manage area is never kept.
"""

import hashlib
import json
import threading
from datetime import timedelta

from flask import Blueprint, Response, current_app, render_template, url_for

from .. import easy_read, geo, help_now, i18n, locate, offline
from ..db import get_db
from ..i18n import _
from ..text import capitalised
from .delivery import kept_answer
from .searching import districts
from .settings import now, phones

bp = Blueprint("offline", __name__)

# Pages and files kept when the service worker is installed, beside the offline file.
PAGES = ("public.home", "public.help_now_page", "offline.help_page", "easy_read.index")
STATIC = (
    "css/site.css",
    "js/site.js",
    "js/offline_help.js",
    "css/easy_read.css",
    "js/read_aloud.js",
    "favicon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
)
# Installed, the site opens where people most need it.
THEME_COLOUR = "#0b0c0c"
# Building the offline file takes over a second with 100,000 places (bench/pages.py), and every
# phone asks for it in the background: each process keeps the last one it built for this long,
# unless a place changed. Its intervals run from its own start, so a kept file stays right.
KEEP_PLACES_FILE = timedelta(minutes=10)


def _kept_urls():
    pages = [url_for(endpoint) for endpoint in PAGES]
    pages += [url_for("easy_read.page", page=page.slug) for page in easy_read.PAGES]
    files = [url_for("static", filename=name) for name in STATIC]
    files += [url_for("static", filename=f"vendor/openmoji/{name}") for name in easy_read.pictures()]
    return pages + files


@bp.get("/manifest.webmanifest")
def manifest():
    config = current_app.config
    body = {
        "name": f"{config['SAFEPLACES_SCHEME_NAME']}: {config['SAFEPLACES_AREA_NAME']}",
        "short_name": config["SAFEPLACES_SCHEME_NAME"],
        "description": "Find a place where staff will help you if you feel lost, scared or unsafe.",
        "lang": "en-GB",
        "start_url": url_for("public.home"),
        "scope": url_for("public.home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename="icons/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": url_for("static", filename="icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
            {
                "src": url_for("static", filename="icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [{"name": "I need help now", "url": url_for("public.help_now_page")}],
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/sw.js")
def service_worker():
    """The service worker, naming this version's files, so a changed file makes a new worker."""
    kept = _kept_urls()
    version = hashlib.sha256("\n".join(kept).encode()).hexdigest()[:12]
    script = render_template(
        "offline/sw.js",
        version=version,
        kept=kept,
        places_file=url_for(".places_file"),
        help_page=url_for(".help_page"),
        never=["/manage"],
    )
    response = Response(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline/places.json")
def places_file():
    body, etag, encoded = _kept_places_file()
    response = kept_answer(body, etag, "application/json", encoded)
    response.headers["Cache-Control"] = "no-cache"
    return response


_places_file_lock = threading.Lock()
_places_file = {}  # database file: (fingerprint, built at, body, etag, {encoding: bytes})


def _kept_places_file():
    """(bytes, ETag, {encoding: bytes}) of the offline file, built again only when a place
    changed or it is old; its compressed forms are kept with it (delivery.kept_answer)."""
    config, db, at = current_app.config, get_db(), now()
    settings = (phones(), config["SAFEPLACES_PLACE_NAME"])
    with _places_file_lock:
        fingerprint = (offline.fingerprint(db), repr(settings))
        kept = _places_file.get(config["SAFEPLACES_DB"])
        if kept and kept[0] == fingerprint and timedelta(0) <= at - kept[1] < KEEP_PLACES_FILE:
            return kept[2:]
        gazetteer = locate.gazetteer_for(config)
        built = offline.places_file(
            db, at, settings[0], gazetteer.outcodes, districts().bounds(), settings[1], gazetteer.towns()
        )
        body = json.dumps(built, ensure_ascii=False, separators=(",", ":")).encode()
        etag = hashlib.sha256(body).hexdigest()[:32]
        kept = _places_file[config["SAFEPLACES_DB"]] = (fingerprint, at, body, etag, {})
        return kept[2:]


@bp.get("/offline/help")
def help_page():
    """I need help now, answered on the phone from the saved list: the page the worker shows offline."""
    return render_template(
        "offline/help.html", places_file=url_for(".places_file"), offline_words=_offline_words()
    )


def _offline_words():
    """What static/js/offline_help.js says, in the page's language; it fills each {name} in."""
    return {
        "lang": i18n.locale().language if i18n.current() != i18n.SOURCE else "en-GB",
        "english": i18n.current() == i18n.SOURCE,
        "saved": _("This list was saved on {when}."),
        "offline": _("You are offline."),
        "too_old": _("It is too old to say which places are open now. Phone for help below."),
        "rough": _("We used the middle of the {area} postcode area, so distances are approximate."),
        "rough_town": _("We used the middle of {town}, so distances are approximate."),
        "none_open": _(
            "No {place} on the saved list is open now. If you need the police, phone {non_emergency}. "
            "In an emergency, phone {emergency}."
        ),
        "not_near": _(
            "No place on the saved list is open within a {minutes}-minute walk. "
            "If you need the police, phone {non_emergency}."
        ),
        "go_to": _("Go to {name}"),
        "further": _("The nearest open place is further away: {name}"),
        "until": _("Open now until {time}."),
        # Every walk the page can name, in the language's own plural forms.
        "walks": {
            minutes: capitalised(geo.minutes_walk_words(minutes))
            for minutes in range(1, help_now.WALK_LIMIT_MINUTES + 1)
        },
        "less_than": _("less than %(miles)s miles", miles="{miles}"),
        "miles": _("%(miles)s miles", miles="{miles}"),
        "away": _("%(miles)s away", miles="{miles}"),
        "ask": _(help_now.ASK_FOR_HELP),
        "call": _("Call {name}: {phone}"),
        "ask_where": _(
            "The list of places saved on this phone can still find an open place. "
            "Type a postcode, or use your location."
        ),
        "not_found_you": _("We could not find where you are. Type a postcode instead."),
        "not_in_list": _(
            "We cannot find “{typed}” in the list saved on this phone. "
            "Type a postcode, like LE1 5FQ, or phone for help below."
        ),
        "no_list": _("There is no list of places saved on this phone yet. Phone for help below."),
    }
