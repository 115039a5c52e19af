"""Benchmark: how many gzipped bytes a map page costs, against the 100 KB page budget.

It builds a map of N sample places (80 by default) scattered around Leicester, plus the user's
position, through safeplaces.maps.render_map, and writes a standalone page that puts the parts
where the Flask templates will (header in <head>, body in <main>, script in a nonced <script>),
with the same places as a text list, as the pages always have. It prints the gzipped size
(gzip.compress, level 9) of:

* the page's HTML, and of each map part inside it (header, body, script);
* each file the page loads from static/: Leaflet's JS and CSS, map.css and map.js, and the
  site-wide site.css and site.js from base.html;
* the total, against the budget of 100 KB (100,000 bytes) for HTML + CSS + JS; map tiles and
  images are not counted.

For comparison it also renders the same markers on a plain folium.Map with folium's defaults
and prints that page's gzipped size and the CDN files it would load (jQuery, Bootstrap, Font
Awesome, awesome-markers, ...), which cannot be fetched here and which our pages never load.

Exits with status 1 if the total is over budget. Usage, from the repository root:

    .venv/bin/python bench/map_size.py [N] [--seed SEED] [--out PAGE.html]
"""

import argparse
import gzip
import random
import sys
import tempfile
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import folium  # noqa: E402

from safeplaces import maps  # noqa: E402

BUDGET = 100_000
CENTRE = (52.636, -1.133)
TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
SITE_FILES = {"site_css": "css/site.css", "site_js": "js/site.js"}
KINDS = ["Pharmacy", "Library", "Café", "Community Centre", "Bookshop", "Council Office", "Bakery"]
STREETS = [
    "High Street",
    "Granby Street",
    "London Road",
    "Narborough Road",
    "Belgrave Gate",
    "Humberstone Gate",
    "Queens Road",
    "Evington Road",
    "Aylestone Road",
    "Welford Road",
]


def sample_places(n, seed):
    """N made-up places within about 5 km of Leicester's centre, nearest first."""
    rng = random.Random(seed)
    places = []
    for i in range(n):
        lat = CENTRE[0] + rng.uniform(-0.045, 0.045)
        lon = CENTRE[1] + rng.uniform(-0.07, 0.07)
        is_open = rng.choice([True, True, False, None])
        closes = rng.choice(["5pm", "5:30pm", "6pm", "8pm", "10pm"])
        places.append(
            {
                "name": f"{rng.choice(STREETS)} {rng.choice(KINDS)}",
                "url": f"/places/sample-place-{i + 1}",
                "lat": round(lat, 6),
                "lon": round(lon, 6),
                "open": is_open,
                "status_text": f"Open now until {closes}" if is_open else None,
            }
        )
    return sorted(places, key=lambda p: (p["lat"] - CENTRE[0]) ** 2 + (p["lon"] - CENTRE[1]) ** 2)


def page_html(parts, places):
    """A page laid out as the Flask template will lay it out, with the same places as text."""
    items = "\n".join(
        f'<li><a href="{escape(p["url"])}">{escape(p["name"])}</a> {escape(p["status_text"] or "")}</li>'
        for p in places
    )
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Map of Keep Safe Places</title>
<link rel="stylesheet" href="/static/{SITE_FILES["site_css"]}">
<script src="/static/{SITE_FILES["site_js"]}" defer></script>
{parts.header}
</head>
<body>
<main id="main" class="wrap">
<h1>Map of Keep Safe Places</h1>
{parts.body}
<h2>Places on the map</h2>
<ol id="places-list">
{items}
</ol>
</main>
<script nonce="NONCE">{parts.script}</script>
</body>
</html>
"""


def plain_folium_html(places):
    """The same markers on folium's default Map, as most folium examples make them."""
    m = folium.Map(location=CENTRE, zoom_start=13)
    for p in places:
        popup = folium.Popup(f'<a href="{escape(p["url"])}">{escape(p["name"])}</a>')
        folium.Marker((p["lat"], p["lon"]), popup=popup, tooltip=escape(p["name"])).add_to(m)
    return m.get_root().render()


def gz(data):
    """Gzipped size in bytes (level 9)."""
    return len(gzip.compress(data.encode() if isinstance(data, str) else data, compresslevel=9))


def row(label, raw, packed):
    print(f"  {label:<44} {raw:>9,} B raw  {packed:>8,} B gzipped")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=80, help="number of places (80)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--out", type=Path, help="where to write the page (a temporary file)")
    args = parser.parse_args()

    places = sample_places(args.n, args.seed)
    asset_urls = {key: f"/static/{path}" for key, path in maps.ASSET_FILES.items()}
    parts = maps.render_map(
        places,
        tiles_url=TILES,
        tiles_attribution=ATTRIBUTION,
        asset_urls=asset_urls,
        origin={"lat": CENTRE[0], "lon": CENTRE[1], "label": "You are here: LE1 5FQ"},
        list_id="places-list",
    )
    html = page_html(parts, places)
    out = args.out or Path(tempfile.mkdtemp(prefix="map-size-")) / "map.html"
    out.write_text(html, encoding="utf-8")

    print(f"Map page with {len(places)} places and the user's position: {out}")
    total = gz(html)
    row("page HTML", len(html.encode()), total)
    for name in ("header", "body", "script"):
        text = getattr(parts, name)
        row(f"  of which map {name}", len(text.encode()), gz(text))
    for path in {**maps.ASSET_FILES, **SITE_FILES}.values():
        file = ROOT / "static" / path
        if not file.is_file():
            print(f"  {'static/' + path:<44} (missing, not counted)")
            continue
        data = file.read_bytes()
        total += gz(data)
        row(f"static/{path}", len(data), gz(data))
    verdict = "within" if total <= BUDGET else "OVER"
    print(f"  {'total HTML + CSS + JS (tiles excluded)':<44} {'':>16}  {total:>8,} B gzipped")
    print(f"  budget {BUDGET:,} B: {verdict} budget ({total / BUDGET:.0%} used)")

    plain = plain_folium_html(places)
    print(f"\nFor comparison, a plain folium.Map {folium.__version__} with the same markers:")
    row("page HTML (folium's own page)", len(plain.encode()), gz(plain))
    print("  plus these CDN files, which it loads and we never do (not fetched here):")
    for _, url in folium.Map.default_js + folium.Map.default_css:
        print(f"    {url}")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
