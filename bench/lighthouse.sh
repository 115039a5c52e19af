#!/usr/bin/env bash
# Benchmark: Lighthouse scores (mobile) for the home page, a find-results page and the map page.
#
# It serves the app with the demonstration places from a throwaway database (SAFEPLACES_DB in a
# mktemp folder; `flask --app app seed-demo`, then `flask --app app run` on a free loopback
# port), runs Lighthouse with its defaults for a phone (form factor "mobile", simulated slow 4G
# and 4x CPU slowdown) on each page, and prints one table: the performance, accessibility and
# best-practices scores (0-100) and the key performance metrics (FCP, LCP, TBT, CLS). For any
# page under the goal it lists the audits that fell short and the elements or files involved.
# The goal: accessibility 100 and performance at least 95 on every page; exits 1 if missed.
#
# Lighthouse comes from npm into bench/.lighthouse/ (ignored by git) the first time, pinned
# below; no browser is ever downloaded: it drives Debian's Chromium (CHROME_PATH).
# Lighthouse 13 needs Node >= 22.19, so the pin is the 12 line unless LIGHTHOUSE_VERSION says.
#
# Map tiles: the sandbox and CI have no internet, so tile.openstreetmap.org cannot answer. By
# default (LIGHTHOUSE_TILES=stub) the maps get their tiles from a small stand-in tile server on
# another loopback port (so, like OpenStreetMap, another origin, allowed by the CSP through
# SAFEPLACES_TILES_URL): every tile is the same 256x256 PNG of about 24 KB, near the size of a
# real town tile, so the tiles cost the page about what they would, with no failed requests for
# best-practices to count as console errors. LIGHTHOUSE_TILES=osm keeps the real OpenStreetMap
# URL (offline, every tile request fails).
#
# Flask's development server sends nothing gzipped, so uses-text-compression fails and the
# simulated load times count the full sizes; a production front end that compresses would do better.
#
# Usage, from anywhere:  bench/lighthouse.sh
# Settings: LIGHTHOUSE_VERSION (12.8.2), LIGHTHOUSE_TILES (stub|osm), CHROME_PATH
# (/usr/bin/chromium). Reports (JSON and HTML) are left in bench/.lighthouse/reports/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
LH_VERSION=${LIGHTHOUSE_VERSION:-12.8.2}
TILES=${LIGHTHOUSE_TILES:-stub}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
CACHE=$ROOT/bench/.lighthouse
REPORTS=$CACHE/reports
PY=$ROOT/.venv/bin/python
FLASK=$ROOT/.venv/bin/flask
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"
PAGES=("home|/" "find|/find?q=LE1+5FQ" "map|/map")

started=$(date +%s)
[[ -x $CHROME_PATH ]] || { echo "no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 2; }
[[ -x $FLASK ]] || { echo "no $FLASK: install the app first (see README.md)" >&2; exit 2; }
[[ $TILES == stub || $TILES == osm ]] || { echo "LIGHTHOUSE_TILES must be stub or osm" >&2; exit 2; }

# Lighthouse, installed once into the cache folder at the pinned version.
LH=$CACHE/node_modules/.bin/lighthouse
installed=$(node -p "require('$CACHE/node_modules/lighthouse/package.json').version" 2>/dev/null || true)
if [[ $installed != "$LH_VERSION" ]]; then
    echo "installing lighthouse@$LH_VERSION into $CACHE ..." >&2
    mkdir -p "$CACHE"
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$CACHE" "lighthouse@$LH_VERSION" \
        --no-audit --no-fund --loglevel=error >&2
fi

TMP=$(mktemp -d)
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # URL: wait up to 30 s for it to answer
    for _ in $(seq 150); do
        curl -s -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "nothing answered at $1; server log:" >&2
    cat "$TMP"/*.log >&2
    exit 2
}

PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
export SAFEPLACES_DB=$TMP/safeplaces.db
export SAFEPLACES_SECRET_KEY=lighthouse-bench-$RANDOM$RANDOM
export SAFEPLACES_BASE_URL=$BASE

if [[ $TILES == stub ]]; then
    TILE_PORT=$(free_port)
    cat >"$TMP/tiles.py" <<'EOF'
"""A stand-in tile server: the same 256x256 PNG (about 24 KB) for every .png path."""
import random
import struct
import sys
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def png(width=256, height=256):
    rng = random.Random(1)  # a light, speckled ground: about the weight of a real town tile
    colours = [bytes(c) for c in ((242, 239, 233), (236, 232, 225), (228, 224, 216), (249, 247, 243))]
    rows = b"".join(b"\0" + b"".join(rng.choice(colours) for _ in range(width)) for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")

TILE = png()

class Tiles(BaseHTTPRequestHandler):
    def do_GET(self):
        if not self.path.endswith(".png"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.send_header("Cache-Control", "max-age=604800")  # what tile.openstreetmap.org sends, roughly
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Tiles).serve_forever()
EOF
    "$PY" "$TMP/tiles.py" "$TILE_PORT" >"$TMP/tiles.log" 2>&1 &
    PIDS+=($!)
    export SAFEPLACES_TILES_URL="http://127.0.0.1:$TILE_PORT/{z}/{x}/{y}.png"
    wait_for "http://127.0.0.1:$TILE_PORT/0/0/0.png"
fi

"$FLASK" --app app seed-demo >"$TMP/seed.log" 2>&1 || { cat "$TMP/seed.log" >&2; exit 2; }
"$FLASK" --app app run --port "$PORT" >"$TMP/flask.log" 2>&1 &
PIDS+=($!)
wait_for "$BASE/"

mkdir -p "$REPORTS"
rm -f "$REPORTS"/*.report.json "$REPORTS"/*.report.html
for entry in "${PAGES[@]}"; do
    name=${entry%%|*} path=${entry#*|}
    echo "lighthouse $BASE$path ..." >&2
    if ! "$LH" "$BASE$path" --quiet --chrome-flags="$CHROME_FLAGS" \
            --only-categories=performance,accessibility,best-practices \
            --output=json --output=html --output-path="$REPORTS/$name" 2>"$TMP/lh-$name.log"; then
        echo "lighthouse failed on $path:" >&2
        cat "$TMP/lh-$name.log" >&2
        exit 2
    fi
done

"$PY" - "$REPORTS" "$LH_VERSION" "$TILES" "$(( $(date +%s) - started ))" "${PAGES[@]}" <<'EOF'
"""Print the table, the goal, and for each page under it the audits that fell short."""
import json
import sys
from pathlib import Path

reports, version, tiles, seconds, *pages = sys.argv[1:]
GOAL = {"performance": 95, "accessibility": 100}
METRICS = [("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
           ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift")]
CATEGORIES = [("perf", "performance"), ("a11y", "accessibility"), ("best-pr", "best-practices")]


def score(category):
    return None if category.get("score") is None else round(category["score"] * 100)


def describe(item):
    """One line for an audit's item: the element or file, its name, and what is wrong with it."""
    node = item.get("node") if isinstance(item.get("node"), dict) else {}
    where = (node.get("selector") or item.get("url") or (item.get("sourceLocation") or {}).get("url")
             or item.get("source") or item.get("label") or "")
    parts = [str(where)]
    if node.get("nodeLabel") and node.get("nodeLabel") != where:
        parts.append(f'"{node["nodeLabel"]}"')
    if node.get("explanation"):  # axe: "Fix any of the following:\n  <first reason>\n  ..."
        reasons = [line.strip() for line in node["explanation"].splitlines()[1:] if line.strip()]
        parts.append("; ".join(reasons))
    if item.get("description"):
        parts.append(str(item["description"]))
    if item.get("expectedSize"):
        parts.append(f"{item['actualSize']} image shown at {item['displayedSize']}, wants {item['expectedSize']}")
    if item.get("wastedMs"):
        parts.append(f"{item['wastedMs']:.0f} ms")
    return " | ".join(part for part in parts if part)[:300]


def places(audit):
    """The elements, files or messages an audit names, up to five."""
    items = (audit.get("details") or {}).get("items") or []
    found = [describe(item) for item in items[:5]]
    if len(items) > 5:
        found.append(f"... {len(items) - 5} more")
    return found


rows, shortfalls = [], []
for entry in pages:
    name, path = entry.split("|", 1)
    report = json.loads(Path(reports, f"{name}.report.json").read_text())
    cats, audits = report["categories"], report["audits"]
    scores = {key: score(cats[key]) if key in cats else None for _, key in CATEGORIES}
    metrics = {label: audits[key].get("displayValue", "-") for label, key in METRICS}
    rows.append([path] + [("-" if scores[key] is None else str(scores[key])) for _, key in CATEGORIES]
                + [metrics[label].replace("\xa0", " ") for label, _ in METRICS])
    if report.get("runtimeError"):
        shortfalls.append(f"{path}: runtime error: {report['runtimeError']}")
    for key in ("performance", "accessibility", "best-practices"):
        if key not in cats:
            continue
        under = key in GOAL and (scores[key] or 0) < GOAL[key]
        failing = []
        for ref in cats[key]["auditRefs"]:
            audit = audits[ref["id"]]
            if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative") or audit.get("score") is None:
                continue
            # performance: only metrics and opportunities that cost something; others: every failure
            if key == "performance" and (ref.get("weight", 0) == 0 and not audit.get("details", {}).get("overallSavingsMs")):
                continue
            if audit["score"] < (0.9 if key == "performance" else 1):
                failing.append(audit)
        if failing and (under or key == "best-practices"):
            shortfalls.append(f"{path} {key} ({scores[key]}):")
            for audit in failing:
                value = f" [{audit['displayValue']}]" if audit.get("displayValue") else ""
                shortfalls.append(f"  - {audit['id']}: {audit['title']}{value} (score {audit['score']:.2f})")
                shortfalls.extend(f"      {where}" for where in places(audit))

header = ["page", "perf", "a11y", "best-pr"] + [label for label, _ in METRICS]
widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
line = lambda row: "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
print(f"Lighthouse {version}, mobile (simulated slow 4G, 4x CPU), Chromium; map tiles: {tiles}")
print(line(header))
for row in rows:
    print(line(row))
print("Goal: accessibility 100 and performance at least 95 on every page.")
met = all(int(row[2]) >= GOAL["accessibility"] and int(row[1]) >= GOAL["performance"] for row in rows
          if row[1] != "-" and row[2] != "-") and all(row[1] != "-" and row[2] != "-" for row in rows)
print("Goal met." if met else "Goal NOT met.")
if shortfalls:
    print()
    print("\n".join(shortfalls))
print(f"\nReports: {reports}/<page>.report.html; total time {seconds} s")
sys.exit(0 if met else 1)
EOF
