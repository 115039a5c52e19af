"""Maps of places: Leaflet, served from this site, draws them in the browser from a block of data.

The page always lists the same places as text links: the map only adds to that list. A map comes
back as two parts (MapParts): links for <head> to our own stylesheets and deferred scripts, and
the map block: the map's container (hidden until static/js/map.js shows it, so with JavaScript
off, or if Leaflet fails to load, the page is just its list), a key to the markers, and one
<script type="application/json"> holding the view, the tiles and the markers, a row of six
values a place. map.js turns that data into markers.

Why not folium: folium writes every marker as its own lines of inline script (an L.marker, its
L.divIcon, bindPopup and bindTooltip), about 750 bytes a place, 300 KB for 400 places, and all of
it inline script that the Content-Security-Policy had to allow by a nonce. As data a place is
about 90 bytes, the page runs no inline script at all (the policy stays script-src 'self'), and
the code that draws markers is one file the browser keeps. Without the markers folium would only
write the L.map call and a tile layer, fewer lines than map.js needs to read the data, so it is
gone. bench/map_size.py prints the sizes.

Large maps group markers that are close together (Leaflet.markercluster, vendored): a group's
marker is a dark circle with the number of places in it, and a green badge with a tick when any
of them is open now. Markers differ by shape and symbol, not colour alone: open is a green circle
with a tick, closed a white square with a cross, times not known a grey diamond with "?". Open
places are drawn above the others, and "you are here" above everything.

How much a map page shows (see web/public.py's map page): near a place, the MAP_PAGE_PLACES
nearest, a page at a time with a link to the next, up to MAP_PAGES pages; the map opens on the
origin and its NEAREST_IN_VIEW nearest places, not the whole area. With no place given, every
place while the scheme has at most MAP_ALL_PLACES, which holds a county's whole register (the
first deployment expects about 400) on one page; beyond that the page asks where, because a list
or a map of tens of thousands of places helps nobody and would not reach a phone on a weak signal.
"""

import json
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from .i18n import N_, _

MAP_PAGE_PLACES = 100
MAP_PAGES = 20  # so a page never measures more than the nearest 2,000 places
MAP_ALL_PLACES = 500
NEAREST_IN_VIEW = 5

# Files under static/ that map pages need, by the key render_map expects in asset_urls. The
# cluster files are linked only on large maps, the only ones that group markers.
ASSET_FILES = {
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "cluster_css": "vendor/leaflet.markercluster/MarkerCluster.css",
    "map_css": "css/map.css",
    "leaflet_js": "vendor/leaflet/leaflet.js",
    "cluster_js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "map_js": "js/map.js",
}
CLUSTER_ASSETS = {"cluster_css", "cluster_js"}
# A small map is a picture beside a list, often below the fold on a phone: site.js fetches its
# files only when the page is scrolled near it, so a page of results stays small on a weak
# signal (bench/wire.py). A large map is the page's point, and loads them with the page.
SMALL_MAP_FILES = {"css": ("leaflet_css", "map_css"), "js": ("leaflet_js", "map_js")}

# Symbols drawn as text, in an aria-hidden span (CSS content would join the marker's name).
SYMBOLS = {"unknown": "?"}
# open value -> (kind, words for the marker's name, words for the map key and the popup). The
# words are translated when a map is made (N_ marks them; see safeplaces/i18n.py).
STATUS = {
    True: ("open", N_("open now"), N_("Open now")),
    False: ("closed", N_("closed now"), N_("Closed now")),
    None: ("unknown", N_("opening times not known"), N_("Opening times not known")),
}
StatusWords = dict[bool | None, tuple[str, str, str]]  # as STATUS
KeyRow = tuple[str, str, str]  # a row of the map key: (marker kind, words, symbol HTML)
ORIGIN_KEY = N_("Where you are")
GROUP_KEY = N_("Places close together: select to zoom in")
GROUP_OPEN_KEY = N_("Places close together, some open now")
# Words for a group's marker, filled in by map.js. A group is never one place.
GROUP_WORDS = {
    # Translators: {count} is 2 or more; where the word for places changes with the number, write it as "Places here: {count}".
    "group": N_("{count} places here"),
    # Translators: {open} is 1 or more; where the words change with the number, write it as "Open now: {open}".
    "groupOpen": N_("{open} open now"),
    "groupNoneOpen": N_("none open now"),
}
SIZES = ("large", "small")
DECIMALS = 5  # about a metre: enough for a marker, and a shorter page

# Great Britain, for a map with nothing on it and no centre given.
FALLBACK_CENTRE = (54.0, -2.5)
FALLBACK_ZOOM = 6
FIT_MAX_ZOOM = 16
PADDING = 32


@dataclass(frozen=True)
class MapParts:
    """One rendered map, in the two parts a page template places.

    header: only <link rel="stylesheet"> and <script defer src> tags for the same-origin files
        in asset_urls; no inline <style> or <script>, so it needs no CSP nonce or hash.
    body: the map block: an optional skip link, the map container (role="region", named by
        map_name) and a key to the marker shapes, `hidden` until map.js shows it; then the
        map's data as <script type="application/json">, which browsers never run. No style=""
        attributes (height comes from map.css), and no "<" inside the data, so nothing a place is
        called can end the data block.
    """

    header: str
    body: str


def render_map(
    places: list[dict],
    *,
    tiles_url: str,
    tiles_attribution: str,
    asset_urls: dict[str, str],
    map_name: str,
    origin: dict | None = None,
    size: str = "large",
    element_id: str = "safe-places-map",
    list_id: str | None = None,
    centre: tuple[float, float] | None = None,
    zoom: int = 12,
    max_zoom: int = 19,
    fit_nearest: int | None = None,
    status: dict | None = None,
) -> MapParts:
    """A map of places (dicts: name, url, lat, lon, open, status_text) and the user's origin.

    `status` replaces STATUS for a map whose markers are not places open or closed (the
    coverage page's settlements far from a place): the same three marker kinds, other words.

    On a large map the markers are keyboard controls with popups, grouped when close together.
    A small map only shows where the places listed beside it are: its markers are named
    pictures, not controls, because the list holds the same links and nearby places' markers
    would overlap as targets (WCAG 2.5.8). With an origin and fit_nearest, the map opens on the
    origin and that many of the first places (give them nearest first); otherwise on them all.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    missing = sorted(set(ASSET_FILES) - set(asset_urls))
    if missing:
        raise ValueError(f"asset_urls is missing {', '.join(missing)}")
    interactive = size == "large"
    status = {value: (kind, _(name), _(key)) for value, (kind, name, key) in (status or STATUS).items()}
    data = {
        "interactive": interactive,
        "cluster": interactive,
        "tiles": {"url": tiles_url, "attribution": tiles_attribution, "maxZoom": max_zoom},
        "view": _view(places, origin, centre, zoom, fit_nearest, max_zoom),
        "origin": _origin(origin),
        "words": {kind: words for kind, words, _key in status.values()}
        | {name: _(words) for name, words in GROUP_WORDS.items()},
        "symbols": SYMBOLS,
        **_rows(places, status),
    }
    if not interactive:
        data["files"] = {
            kind: [asset_urls[name] for name in names] for kind, names in SMALL_MAP_FILES.items()
        }
    key = _key(places, origin, grouped=interactive and len(places) > 1, status=status)
    return MapParts(
        header=_header(asset_urls, interactive),
        body=_body(element_id, map_name, size, key, list_id, _json(data)),
    )


def _header(asset_urls: dict[str, str], large: bool) -> str:
    if not large:
        return ""  # site.js fetches a small map's files (SMALL_MAP_FILES) when they are needed
    wanted = list(ASSET_FILES)
    links = [
        f'<link rel="stylesheet" href="{escape(asset_urls[name])}">'
        for name in wanted
        if name.endswith("css")
    ]
    scripts = [
        f'<script defer src="{escape(asset_urls[name])}"></script>' for name in wanted if name.endswith("js")
    ]
    return "\n".join(links + scripts)


def _body(
    element_id: str, map_name: str, size: str, key: list[KeyRow], list_id: str | None, data: str
) -> str:
    block = escape(element_id)
    lines = [f'<div class="ksp-map-block" id="{block}-block" data-ksp-map="{block}-data" hidden>']
    if list_id:
        lines.append(f'<a class="ksp-map-skip" href="#{escape(list_id)}">{escape(_("Skip the map"))}</a>')
    lines.append(
        f'<div class="ksp-map ksp-map--{size}" id="{block}" role="region" aria-label="{escape(map_name)}"></div>'
    )
    if key:
        lines.append(f'<ul class="ksp-map-key" aria-label="{escape(_("Map key"))}">')
        lines += [
            f'<li><span class="ksp-marker ksp-{kind}" aria-hidden="true">{symbol}</span> {escape(words)}</li>'
            for kind, words, symbol in key
        ]
        lines.append("</ul>")
    lines.append("</div>")
    lines.append(f'<script type="application/json" id="{block}-data">{data}</script>')
    return "\n".join(lines)


def _json(data: dict) -> str:
    """JSON that is safe inside a <script> element: no "<", ">" or "&" left as themselves."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _rows(places: list[dict], status: StatusWords = STATUS) -> dict[str, list]:
    """{"statuses": [each different status text], "places": [[lat, lon, name, url, kind, status]]}.

    A place's status is an index into statuses: many places share "Closed now. Opens today at 9am".
    """
    statuses, rows = {}, []
    for place in places:
        kind, _name, words = _status(place, status)
        text = place.get("status_text") or words
        rows.append(
            [
                round(float(place["lat"]), DECIMALS),
                round(float(place["lon"]), DECIMALS),
                place["name"],
                _page_url(place["url"]),
                kind,
                statuses.setdefault(text, len(statuses)),
            ]
        )
    return {"statuses": list(statuses), "places": rows}


def _origin(origin: dict | None) -> dict | None:
    if not origin:
        return None
    return {
        "lat": round(float(origin["lat"]), DECIMALS),
        "lon": round(float(origin["lon"]), DECIMALS),
        "label": origin["label"],
    }


def _view(
    places: list[dict],
    origin: dict | None,
    centre: tuple[float, float] | None,
    zoom: int,
    fit_nearest: int | None,
    max_zoom: int,
) -> dict:
    """Where the map opens: around the origin and its nearest places, or around them all, or a centre."""
    chosen = places[:fit_nearest] if origin and fit_nearest else places
    points = [(p["lat"], p["lon"]) for p in chosen] + ([(origin["lat"], origin["lon"])] if origin else [])
    if not points:
        return {"center": list(centre or FALLBACK_CENTRE), "zoom": zoom if centre else FALLBACK_ZOOM}
    return {"bounds": _bounds(points), "maxZoom": min(FIT_MAX_ZOOM, max_zoom), "padding": PADDING}


def _bounds(points: list[tuple[float, float]]) -> list[list[float]]:
    """The south-west and north-east corners around some (lat, lon) points."""
    lats, lons = (
        [round(float(p[0]), DECIMALS) for p in points],
        [round(float(p[1]), DECIMALS) for p in points],
    )
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _status(place: dict, status: StatusWords = STATUS) -> tuple[str, str, str]:
    """(kind, words for the marker's name, words for the key) for a place's open value."""
    value = place.get("open")
    return status[None if value is None else bool(value)]


def _key(
    places: list[dict], origin: dict | None, grouped: bool, status: StatusWords = STATUS
) -> list[KeyRow]:
    """The key's rows, (kind, words, symbol HTML), for the kinds of marker this map shows."""
    shown = {_status(place, status)[0] for place in places}
    rows = [(kind, words, _symbol(kind)) for kind, _name, words in status.values() if kind in shown]
    if grouped:
        rows.append(("group", _(GROUP_KEY), '<span class="ksp-group-count">3</span>'))
        if "open" in shown:
            rows.append(
                (
                    "group ksp-group-open",
                    _(GROUP_OPEN_KEY),
                    '<span class="ksp-group-count">3</span><span class="ksp-group-badge"></span>',
                )
            )
    return rows + ([("origin", _(ORIGIN_KEY), "")] if origin else [])


def _symbol(kind: str) -> str:
    """The HTML of a marker kind's text symbol, if it has one."""
    return f'<span class="ksp-symbol">{SYMBOLS[kind]}</span>' if kind in SYMBOLS else ""


def _page_url(url: str) -> str:
    """A place page URL, refused unless relative or http(s) so a link can never run script."""
    if urlsplit(url).scheme.lower() not in ("", "http", "https"):
        raise ValueError(f"place url must be relative or http(s): {url!r}")
    return url
