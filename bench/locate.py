"""Benchmark: turning what a person typed into a point, in-process, with the demonstration places.

What it measures, in a fresh database in a temporary directory loaded by `seed-demo` (76
places), through Flask's test client (no network, no server):

* the median and 95th percentile in milliseconds of GET /api/v1/places/nearest?q=LE1 and
  /find?q=LE1 over R requests, after one warm-up request (which loads the per-process data);
* the same for the locator alone (web.searching.origin_from inside a request context) for each kind of
  search: a postcode, an outward code, a town, a local name, a misspelling, an area name and a
  name nobody knows;
* loading the per-process data once: the district boundaries, the gazetteer and its fuzzy
  index (what a fresh process pays on its first search);
* with --profile, the twelve costliest functions of this project and of shapely, geopy and
  rapidfuzz (cProfile, cumulative time) in the API answer.

Timings are only printed, never asserted. Figures depend on the machine and on its load.

Usage, from the repository root:

    .venv/bin/python bench/locate.py [--requests R] [--profile]
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from safeplaces import create_app, gazetteer, geo, locate  # noqa: E402
from safeplaces.web.searching import origin_from  # noqa: E402

SEARCHES = {
    "postcode": "LE1 5FQ",
    "outward code": "LE1",
    "town": "Loughborough",
    "local name": "Lboro",
    "misspelling": "Leicster",
    "area name": "Leicestershire",
    "nobody knows": "Narnia",
}


def timed(call, n):
    """Milliseconds of each of n calls."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.3f} ms   p95 {p95:7.3f} ms"


def get(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    return response


def locate_once(app, text):
    with app.test_request_context("/find", query_string={"q": text}):
        try:
            origin_from({"q": text})
        except locate.LocateError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SAFEPLACES_DB": str(Path(folder) / "bench.db"), "SECRET_KEY": "bench"})
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        client = app.test_client()

        gazetteer.load.cache_clear()
        geo.load_districts.cache_clear()
        loading = timed(lambda: locate.gazetteer_for(app.config), 1)[0]
        print(f"loading the boundaries, gazetteer and fuzzy index, once a process: {loading:.1f} ms")
        for url in ("/api/v1/places/nearest?q=LE1", "/find?q=LE1"):
            print(f"{url:32} {summary(timed(lambda url=url: get(client, url), args.requests))}")
        for kind, text in SEARCHES.items():
            locate_once(app, text)
            times = timed(lambda text=text: locate_once(app, text), args.requests)
            print(f"locate {kind:14} {text!r:18} {summary(times)}")

        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests):
                get(client, "/api/v1/places/nearest?q=LE1")
            profile.disable()
            print(
                f"\nTop costs of {args.requests} API answers (cumulative, this project's code and its libraries):"
            )
            pstats.Stats(profile).sort_stats("cumulative").print_stats(
                r"safeplaces/|shapely|geopy|rapidfuzz", 12
            )


if __name__ == "__main__":
    main()
