"""Benchmark: how many bytes a map page costs, against the 100 KB page budget, and how long it takes.

By default it builds a map of N sample places (400 by default) scattered around Leicester, plus
the user's position, through safeplaces.maps.render_map, and writes a standalone page that puts
the parts where the Flask templates do (header in <head>, the map block in <main>), with the same
places as a text list, as the pages always have. It prints the size, raw and gzipped
(gzip.compress, level 9), of:

* the page's HTML, and of each map part inside it (header, body, and the body's data block);
* each file the page loads from static/: Leaflet's JS and CSS, Leaflet.markercluster's JS and
  CSS, map.css and map.js, and the site-wide site.css and site.js from base.html;
* the total, against the budget of 100 KB (100,000 bytes) for HTML + CSS + JS; map tiles and
  images are not counted.

Exits with status 1 if the total is over budget.

With --pages it measures the real pages instead: it makes a temporary database with N active
places (fixed seed; --spread area puts them in a box around Leicester, Leicestershire and
Rutland, --spread england over England, as bench/geosearch.py does), with real opening-hours
texts, and asks the app (Flask's test client, in this process, clock fixed at Monday 10:00)
for /map, /map?q=LE1, /find?q=LE1 and /help-now?q=LE1, printing for each the median time of
--repeat requests and the size of the answer, raw and gzipped. Times are only printed.

Usage, from the repository root:

    .venv/bin/python bench/map_size.py [N] [--seed SEED] [--out PAGE.html]
    .venv/bin/python bench/map_size.py N --pages [--spread area|england] [--repeat R]
"""

import argparse
import gzip
import random
import statistics
import sys
import tempfile
import time
import uuid
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from safeplaces import clock, create_app, maps  # noqa: E402
from safeplaces import db as database  # noqa: E402

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
SPREADS = {"area": (52.39, 52.98, -1.60, -0.43), "england": (50.0, 55.8, -5.7, 1.7)}
HOURS = [
    "Mo-Fr 09:00-17:00; PH off",
    "24/7",
    "Mo-Sa 08:00-18:00; Su 10:00-16:00",
    "",
    "Mo-Su 18:00-02:00",
    "Mo-Fr 09:00-12:30,13:30-17:00; PH off",
]
PAGES = ("/map", "/map?q=LE1", "/find?q=LE1", "/help-now?q=LE1")
FIXED_NOW = "2026-11-23T10:00"


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
    """A page laid out as the Flask template lays it out, with the same places as text."""
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
</body>
</html>
"""


def gz(data):
    """Gzipped size in bytes (level 9)."""
    return len(gzip.compress(data.encode() if isinstance(data, str) else data, compresslevel=9))


def row(label, raw, packed):
    print(f"  {label:<52} {raw:>9,} B raw  {packed:>8,} B gzipped")


def parts_sizes(args):
    places = sample_places(args.n, args.seed)
    asset_urls = {key: f"/static/{path}" for key, path in maps.ASSET_FILES.items()}
    parts = maps.render_map(
        places,
        tiles_url=TILES,
        tiles_attribution=ATTRIBUTION,
        asset_urls=asset_urls,
        map_name="Map of Keep Safe Places near LE1 5FQ",
        origin={"lat": CENTRE[0], "lon": CENTRE[1], "label": "You are here: LE1 5FQ"},
        list_id="places-list",
        fit_nearest=maps.NEAREST_IN_VIEW,
    )
    html = page_html(parts, places)
    out = args.out or Path(tempfile.mkdtemp(prefix="map-size-")) / "map.html"
    out.write_text(html, encoding="utf-8")

    print(f"Map page with {len(places)} places and the user's position: {out}")
    total = gz(html)
    row("page HTML", len(html.encode()), total)
    for name in ("header", "body"):
        text = getattr(parts, name)
        row(f"  of which map {name}", len(text.encode()), gz(text))
    data = parts.body[parts.body.index('<script type="application/json"') :]
    row("    of which the markers' data block", len(data.encode()), gz(data))
    for path in {**maps.ASSET_FILES, **SITE_FILES}.values():
        file = ROOT / "static" / path
        if not file.is_file():
            print(f"  {'static/' + path:<52} (missing, not counted)")
            continue
        content = file.read_bytes()
        total += gz(content)
        row(f"static/{path}", len(content), gz(content))
    verdict = "within" if total <= BUDGET else "OVER"
    print(f"  {'total HTML + CSS + JS (tiles excluded)':<52} {'':>16}  {total:>8,} B gzipped")
    print(f"  budget {BUDGET:,} B: {verdict} budget ({total / BUDGET:.0%} used)")
    return 0 if total <= BUDGET else 1


def fill_database(app, n, seed, spread):
    south, north, west, east = SPREADS[spread]
    rng = random.Random(seed)
    at = clock.stamp()
    rows = [
        (
            f"bench-place-{i}",
            f"{rng.choice(STREETS)} {rng.choice(KINDS)} {i}",
            f"{i} {rng.choice(STREETS)}",
            rng.uniform(south, north),
            rng.uniform(west, east),
            rng.choice(HOURS),
            at,
            at,
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        )
        for i in range(n)
    ]
    db = database.open_app_db(app)
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO places (slug, name, category, address, town, postcode, lat, lon, position_source, "
            "status, opening_hours, created_at, updated_at, uuid) "
            "VALUES (?, ?, 'shop', ?, 'Leicester', 'LE1 1AA', ?, ?, 'file', 'active', ?, ?, ?, ?)",
            rows,
        )
    db.close()


def page_times(args):
    folder = Path(tempfile.mkdtemp(prefix="map-pages-"))
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": folder / "bench.db",
            "SECRET_KEY": "bench",
            "SAFEPLACES_FIXED_NOW": FIXED_NOW,
        }
    )
    started = time.perf_counter()
    fill_database(app, args.n, args.seed, args.spread)
    print(
        f"{args.n:,} places ({args.spread}) inserted in {time.perf_counter() - started:.1f} s; clock at {FIXED_NOW}"
    )
    client = app.test_client()
    for url in PAGES:
        client.get(url)  # the first request also loads the reference data
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        body = response.get_data()
        print(
            f"  {url:<18} {response.status_code}  median {statistics.median(times):8.1f} ms of {args.repeat}"
            f"  {len(body):>10,} B raw  {gz(body):>9,} B gzipped"
        )
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=400, help="number of places (400)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--out", type=Path, help="where to write the page (a temporary file)")
    parser.add_argument("--pages", action="store_true", help="measure the real pages with N places")
    parser.add_argument("--spread", choices=sorted(SPREADS), default="area", help="where --pages puts them")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page with --pages (5)")
    args = parser.parse_args()
    return page_times(args) if args.pages else parts_sizes(args)


if __name__ == "__main__":
    sys.exit(main())
