"""Maps of places, made with folium, served with our own copy of Leaflet and no CDN.

The page always lists the same places as text links: the map only adds to that list. A map comes
back as three parts (MapParts) for the page template to place: links for <head>, the map's HTML,
and the JavaScript that draws it, which the page wraps in a <script> with its CSP nonce.
"""

from dataclasses import dataclass
from html import escape
from itertools import count
from urllib.parse import urlsplit

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template, tojavascript
from folium.utilities import JsCode

# Files under static/ that every map page needs, by the key render_map expects in asset_urls.
ASSET_FILES = {
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "map_css": "css/map.css",
    "leaflet_js": "vendor/leaflet/leaflet.js",
    "map_js": "js/map.js",
}

# Symbols drawn as text, in an aria-hidden span (CSS content would join the marker's name).
SYMBOLS = {"unknown": "?"}
# open value -> (CSS modifier, words for the marker's name, words for the map key)
STATUS = {
    True: ("open", "open now", "Open now"),
    False: ("closed", "closed now", "Closed now"),
    None: ("unknown", "opening times not known", "Opening times not known"),
}
ORIGIN_KEY = "Where you are"
SIZES = ("large", "small")

# Great Britain, for a map with nothing on it and no centre given.
FALLBACK_CENTRE = (54.0, -2.5)
FALLBACK_ZOOM = 6
PLACE_ICON = {"iconSize": [32, 32], "popupAnchor": [0, -14], "tooltipAnchor": [0, -16]}
ORIGIN_ICON = {"iconSize": [24, 24], "popupAnchor": [0, -10]}


@dataclass(frozen=True)
class MapParts:
    """One rendered map, in the three parts a page template places.

    header: only <link rel="stylesheet"> and <script defer src> tags for the same-origin files
        in asset_urls; no inline <style> or <script>, so it needs no CSP nonce or hash.
    body: the map block: an optional skip link, the map container (role="region", named by
        map_name) and a key to the marker shapes. It is `hidden` until the script shows it, so
        with JavaScript off, or if Leaflet fails to load, the page shows just its list. It has no
        style="" attributes (height comes from map.css).
    script: JavaScript without <script> tags, run on DOMContentLoaded (after the deferred
        Leaflet and map.js); it contains no "<", so it cannot close the page's <script> element.
    """

    header: str
    body: str
    script: str


class _StylesheetLink(Element):
    """A <link> to a stylesheet, with its URL escaped (branca's CssLink does not escape)."""

    _template = Template('<link rel="stylesheet" href="{{ this.url|e }}">')

    def __init__(self, url):
        super().__init__()
        self.url = url


class _DeferredScript(Element):
    """A <script defer src>: the map waits for the page, so it never blocks the page drawing."""

    _template = Template('<script defer src="{{ this.url|e }}"></script>')

    def __init__(self, url):
        super().__init__()
        self.url = url


class SafePlacesMap(folium.Map):
    """A folium Map that links only our own Leaflet, map.css and map.js, with an accessible block.

    folium's Map header would add CDN links (jQuery, Bootstrap, Font Awesome, awesome-markers),
    inline <style> and <script>, and a viewport meta tag that stops zooming (WCAG 1.4.4), so
    this class replaces its template and its asset lists.
    """

    default_js = []
    default_css = []

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div class="ksp-map-block" id="{{ this.element_id|e }}-block" hidden>
        {% if this.list_id %}<a class="ksp-map-skip" href="#{{ this.list_id|e }}">Skip the map</a>{% endif %}
        <div class="ksp-map ksp-map--{{ this.size }}" id="{{ this.element_id|e }}" role="region" aria-label="{{ this.map_name|e }}"></div>
        {% if this.key %}<ul class="ksp-map-key" aria-label="Map key">
        {% for kind, words, symbol in this.key %}<li><span class="ksp-marker ksp-{{ kind }}" aria-hidden="true">{{ symbol }}</span> {{ words|e }}</li>
        {% endfor %}</ul>{% endif %}
        </div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        var block = document.getElementById({{ (this.element_id ~ "-block")|tojavascript }});
        if (!block || !window.L) { return; }
        block.hidden = false;
        var reduceMotion = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
        var {{ this.get_name() }} = L.map({{ this.element_id|tojavascript }}, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, *, asset_urls, element_id, map_name, size, key, list_id, view):
        """Make the map with its assets, names and the first view (centre and zoom, or None)."""
        super().__init__(tiles=None)
        # Instance lists, so folium's class-level CDN lists are neither used nor changed.
        self.default_css = [(name, asset_urls[name]) for name in ("leaflet_css", "map_css")]
        self.default_js = [(name, asset_urls[name]) for name in ("leaflet_js", "map_js")]
        self.element_id = element_id
        self.map_name = map_name
        self.size = size
        self.key = key
        self.list_id = list_id
        motion = JsCode("!reduceMotion")
        # Without a centre Leaflet waits for fitBounds, so no tiles are fetched for a throwaway view.
        self.options = {
            **({"center": list(view[0]), "zoom": view[1]} if view else {}),
            "scrollWheelZoom": False,
            "zoomAnimation": motion,
            "fadeAnimation": motion,
            "markerZoomAnimation": motion,
        }

    def render(self, **kwargs):
        """Put our stylesheet links and deferred scripts in the header, then render as folium does."""
        figure = self.get_root()
        for name, url in self.default_css:
            figure.header.add_child(_StylesheetLink(url), name=name)
        for name, url in self.default_js:
            figure.header.add_child(_DeferredScript(url), name=name)
        super(JSCSSMixin, self).render(**kwargs)


class _Popup(folium.Popup):
    """A popup bound with Leaflet's own bindPopup (folium's template needs jQuery)."""

    _template = Template(
        "{{ this._parent.get_name() }}.bindPopup("
        "{{ this.content|tojavascript }}, {{ this.options|tojavascript }});"
    )

    def __init__(self, content):
        super().__init__(max_width=260)
        self.content = content


class _Tooltip(folium.Tooltip):
    """A tooltip whose (already escaped) HTML is JSON-encoded, not pasted into a JS template string."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindTooltip("
        "{{ this.text|tojavascript }}, {{ this.options|tojavascript }});"
        "{% endmacro %}"
    )

    def __init__(self, html):
        super().__init__(html, sticky=False, direction="top")


class _Enhance(MacroElement):
    """Hands the finished map to map.js, if it loaded, for its keyboard and focus help."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "if (window.KeepSafeMap) { window.KeepSafeMap.enhance({{ this._parent.get_name() }}); }"
        "{% endmacro %}"
    )


def render_map(
    places,
    *,
    tiles_url,
    tiles_attribution,
    asset_urls,
    origin=None,
    size="large",
    map_name="Map of Keep Safe Places",
    element_id="safe-places-map",
    list_id=None,
    centre=None,
    zoom=12,
    max_zoom=19,
):
    """Render a map of places (dicts: name, url, lat, lon, open, status_text) and the user's origin.

    On a large map the markers are keyboard controls with popups. A small map only shows where
    the places listed beside it are: its markers are named pictures, not controls, because the
    list holds the same links and nearby places' markers would overlap as targets (WCAG 2.5.8).
    """
    interactive = size == "large"
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    missing = sorted(set(ASSET_FILES) - set(asset_urls))
    if missing:
        raise ValueError(f"asset_urls is missing {', '.join(missing)}")
    points = [(p["lat"], p["lon"]) for p in places] + ([(origin["lat"], origin["lon"])] if origin else [])
    view = None if points else (centre or FALLBACK_CENTRE, zoom if centre else FALLBACK_ZOOM)
    m = SafePlacesMap(
        asset_urls=asset_urls,
        element_id=element_id,
        map_name=map_name,
        size=size,
        key=_key(places, origin),
        list_id=list_id,
        view=view,
    )
    m.add_child(_tile_layer(tiles_url, tiles_attribution, max_zoom))
    if points:
        m.fit_bounds(_bounds(points), padding=(32, 32), max_zoom=min(16, max_zoom))
    # The origin's marker comes first in the tab order, so keyboard users start from themselves.
    if origin:
        m.add_child(_origin_marker(origin, interactive))
    for place in places:
        m.add_child(_place_marker(place, interactive))
    m.add_child(_Enhance())
    return _parts(m)


def _tile_layer(tiles_url, tiles_attribution, max_zoom):
    """The configured tile layer, sending the tile server our origin but never the page's path."""
    # The path can hold what the user searched for (a postcode); the origin is enough for the
    # tile server's usage policy, which asks for a Referer.
    return folium.TileLayer(
        tiles_url,
        attr=tiles_attribution,
        max_zoom=max_zoom,
        referrer_policy="strict-origin-when-cross-origin",
    )


def _bounds(points):
    """The south-west and north-east corners around some (lat, lon) points."""
    lats, lons = [float(p[0]) for p in points], [float(p[1]) for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _status(place):
    """(CSS modifier, words for the marker's name, words for the key) for a place's open value."""
    value = place.get("open")
    return STATUS[None if value is None else bool(value)]


def _key(places, origin):
    """The key's rows, (CSS modifier, words, symbol HTML), for the kinds of marker this map shows."""
    shown = {_status(place)[0] for place in places}
    rows = [(kind, words, _symbol(kind)) for kind, _, words in STATUS.values() if kind in shown]
    return rows + ([("origin", ORIGIN_KEY, "")] if origin else [])


def _symbol(kind):
    """The HTML of a marker kind's text symbol, if it has one, hidden from screen readers."""
    return f'<span class="ksp-symbol" aria-hidden="true">{SYMBOLS[kind]}</span>' if kind in SYMBOLS else ""


def _page_url(url):
    """A place page URL, refused unless relative or http(s) so a link can never run script."""
    if urlsplit(url).scheme.lower() not in ("", "http", "https"):
        raise ValueError(f"place url must be relative or http(s): {url!r}")
    return url


def _marker(lat, lon, icon, interactive=True, **options):
    """A folium Marker with a Leaflet divIcon made from icon options; keyboard-focusable if interactive."""
    marker = folium.Marker((lat, lon), keyboard=interactive, interactive=interactive, **options)
    # The icon goes in the marker's options, so Leaflet never draws (and fetches) its default PNG first.
    marker.options["icon"] = JsCode(f"L.divIcon({tojavascript(icon)})")
    return marker


def _place_marker(place, interactive=True):
    """A place's marker: its shape says open, closed or unknown; its text gives name and status."""
    kind, words, _ = _status(place)
    name = escape(f"{place['name']}, {words}")
    # Visually hidden text, not title, names the marker: Leaflet gives it role="button",
    # whose accessible name comes from its content.
    icon = {
        "className": f"ksp-marker ksp-{kind}",
        "html": f'<span class="ksp-vh">{name}</span>{_symbol(kind)}',
        **PLACE_ICON,
    }
    marker = _marker(place["lat"], place["lon"], icon, interactive, rise_on_hover=interactive)
    if interactive:
        marker.add_child(_Popup(_popup_html(place, words)))
        marker.add_child(_Tooltip(name))
    return marker


def _popup_html(place, words):
    """A place's popup: its name as a link to its page, then its opening status in words."""
    status = place.get("status_text") or words[0].upper() + words[1:]
    return (
        f'<p class="ksp-popup-name"><a href="{escape(_page_url(place["url"]))}">{escape(place["name"])}</a></p>'
        f'<p class="ksp-popup-status">{escape(status)}</p>'
    )


def _origin_marker(origin, interactive=True):
    """The user's position: a distinct marker with its label shown beside it and as its name."""
    label = escape(origin["label"])
    icon = {
        "className": "ksp-marker ksp-origin",
        "html": f'<span class="ksp-origin-label">{label}</span>',
        **ORIGIN_ICON,
    }
    marker = _marker(origin["lat"], origin["lon"], icon, interactive, z_index_offset=1000)
    if interactive:
        marker.add_child(_Popup(f'<p class="ksp-popup-name">{label}</p>'))
    return marker


def _short_ids(element, ids):
    """Give an element and its descendants short, predictable ids (smaller, reproducible output)."""
    element._id = str(next(ids))
    for child in element._children.values():
        _short_ids(child, ids)


def _tidy(text):
    """Drop folium's indentation and blank lines."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _parts(m):
    """Render a map's figure and split it into header, body and script."""
    # Names are only local variables in the DOMContentLoaded function, so short ids cannot clash.
    _short_ids(m, count())
    figure = m.get_root()
    figure.header._children.pop("meta_http", None)
    figure.render()
    script = _tidy(figure.script.render())
    return MapParts(
        header=_tidy(figure.header.render()),
        body=_tidy(figure.html.render()),
        script=f'document.addEventListener("DOMContentLoaded", function () {{\n{script}\n}});\n',
    )
