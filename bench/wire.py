"""Benchmark: bytes on the wire for a first and a return visit, measured in Chromium.

Issue 12's goals: a first visit to /map with 400 places at most 80 KB on the wire (map tiles
excluded), a return visit at most 10 KB, and the home and results pages at most 15 KB.

It makes a database with the demonstration places plus invented ones inside the area (N in all,
400 by default, with a mix of opening hours: bench/_data.py), serves the app on a loopback
port, and opens pages in Debian's Chromium through Playwright. The server counts what it sends
for each request (status line, headers and compressed body, as they go onto the wire); the
browser decides what to ask for, with its own cache, as on a phone. Map tiles come from a port
where nothing listens, so they move no bytes. A return visit is the same address again in the
same tab.

The service worker fetches the pages and files it keeps for offline use in the background,
after the first page has loaded. Those bytes are not the page's: the page figures are taken
from the page's own requests (Sec-Fetch-Dest document, style, script, image...), and the
worker's one-off download (Sec-Fetch-Dest serviceworker or empty) is printed on its own line.
On a return visit the worker, now in charge of the tab, fetches for the page: all of those
bytes count. It asks the network for the page itself every time (pages change) and answers
hashed static files from what it kept.

With --lang xx every page is asked for in that language (?lang=xx): a page in Gujarati,
Punjabi, Urdu or Arabic also loads its script's stylesheet and Noto fonts (static/fonts), and
the difference from the English figures is what the language adds. The goals above are
English's.

Usage, from the repository root: .venv/bin/python bench/wire.py [N] [--lang xx]
"""

import argparse
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _data  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from safeplaces import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What the service worker asks for (its script, and the files it keeps) rather than the page.
WORKER_DESTINATIONS = {"serviceworker", "empty"}
GOALS = {"/map first": 80_000, "/map return": 10_000, "/ first": 15_000, "/find?q=LE1+5FQ first": 15_000}


def build(folder, total, seed):
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": folder / "wire.db",
            "SECRET_KEY": "wire",
            "SAFEPLACES_FIXED_NOW": "2026-11-23T14:00",
        }
    )
    return app, _data.fill(app, total, seed)


class Counted:
    """WSGI middleware that counts the bytes the server sends for each request: the status line,
    the headers and the (compressed) body, as they go onto the wire."""

    def __init__(self, app):
        self.app, self.rows = app, []

    def __call__(self, environ, start_response):
        row = {
            "path": environ.get("PATH_INFO", ""),
            "status": "",
            "encoding": "",
            "bytes": 0,
            "worker": environ.get("HTTP_SEC_FETCH_DEST") in WORKER_DESTINATIONS,
        }

        def start(status, headers, exc_info=None):
            row["status"] = status.split()[0]
            row["encoding"] = dict((k.lower(), v) for k, v in headers).get("content-encoding", "")
            row["bytes"] += (
                len("HTTP/1.1 ") + len(status) + 2 + sum(len(k) + len(v) + 4 for k, v in headers) + 2
            )
            return start_response(status, headers, exc_info)

        for chunk in self.app(environ, start):
            row["bytes"] += len(chunk)
            yield chunk
        self.rows.append(row)

    def take(self, worker=False, everything=False):
        """The requests since the last take: the page's, the service worker's, or all of them."""
        taken = [r for r in self.rows if everything or r["worker"] == worker]
        self.rows = [r for r in self.rows if r not in taken]
        return [(r["path"], r["status"], r["encoding"], r["bytes"]) for r in taken]


def visit(page, meter, url, everything=False):
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return meter.take(everything=everything)


def report(name, rows, verbose):
    total = sum(size for *_, size in rows)
    goal = GOALS.get(name)
    verdict = (
        "" if goal is None else f"  (goal {goal / 1000:.0f} KB: {'met' if total <= goal else 'NOT met'})"
    )
    print(f"{name:<28} {total / 1000:7.1f} KB in {len(rows):2d} requests{verdict}")
    if verbose:
        for url, status, encoding, size in sorted(rows, key=lambda r: -r[3]):
            print(f"    {size:7d}  {status}  {encoding or '-':5}  {url}")
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("places", nargs="?", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every request")
    parser.add_argument("--lang", help="ask for every page in this language (?lang=xx)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, count = build(Path(folder), args.places, args.seed)
        meter = Counted(app.wsgi_app)
        app.wsgi_app = meter
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        language = f", pages in {args.lang}" if args.lang else ""
        print(f"{count} active places; Chromium at 390 x 844; map tiles excluded{language}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for path in ("/map", "/", "/find?q=LE1+5FQ", "/help-now?q=LE1+5FQ"):
                if args.lang:
                    path += f"{'&' if '?' in path else '?'}lang={args.lang}"
                context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
                page = context.new_page()
                report(f"{path} first", visit(page, meter, base + path), args.verbose)
                page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
                page.wait_for_load_state("networkidle")
                kept = meter.take(worker=True)
                # Once the worker controls the tab it fetches for the page: count all of it.
                report(f"{path} return", visit(page, meter, base + path, everything=True), args.verbose)
                context.close()
            report("offline pack, once", kept, args.verbose)
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
