"""Benchmark: nearest-N search through the R*Tree (geo.nearest) against brute force (geo.nearest_by_scan).

What it measures, in a fresh database in a temporary directory (made by db.connect + db.migrate,
so the R*Tree and FTS triggers are the real ones):

* how long it takes to insert N active places (one executemany in one transaction; the
  triggers keep the R*Tree and FTS indexes);
* the wall-clock time (time.perf_counter) of geo.nearest(db, lat, lon, limit=5) for Q random
  query points, and of geo.nearest_by_scan for fewer points, since it measures every place;
  median and p95 in milliseconds for each, and the ratio of the medians (scan / index).

Places and query points are drawn uniformly at random (fixed seed) over a rough box around
England, lat 50.0-55.8, lon -5.7-1.7, sea included: real places cluster in towns, so dense
towns will be somewhat slower and the countryside faster than this average.

It also checks that, for every point timed with both methods, both give the same places in the
same order with the same distances, and exits with status 1 if they do not. Timings are only
printed, never asserted.

Usage, from the repository root:

    .venv/bin/python bench/geosearch.py [N] [--queries Q] [--scan-queries S] [--seed SEED]
"""

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _figures  # noqa: E402

from safeplaces import clock, geo  # noqa: E402
from safeplaces import db as database  # noqa: E402

SOUTH, NORTH, WEST, EAST = 50.0, 55.8, -5.7, 1.7
LIMIT = 5
CATEGORIES = ("library", "shop", "café", "pharmacy", "supermarket", "pub", "bank", "post office")
TOWNS = ("Leicester", "Nottingham", "Derby", "Birmingham", "York", "Norwich", "Exeter", "Carlisle")

INSERT_SQL = """
INSERT INTO places (slug, name, category, address, town, postcode, lat, lon, position_source, status,
                    created_at, updated_at, uuid)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'file', 'active', ?, ?, ?)
"""


def random_point(rng):
    return rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)


def place_rows(n, rng):
    at = clock.stamp()
    for i in range(1, n + 1):
        lat, lon = random_point(rng)
        town = rng.choice(TOWNS)
        yield (
            f"bench-place-{i}",
            f"Bench Place {i}",
            rng.choice(CATEGORIES),
            f"{rng.randint(1, 300)} High Street",
            town,
            "LE1 1AA",
            lat,
            lon,
            at,
            at,
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        )


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="places to insert (100000)")
    parser.add_argument("--queries", type=int, default=1000, help="query points for geo.nearest (1000)")
    parser.add_argument(
        "--scan-queries",
        type=int,
        default=50,
        help="query points for geo.nearest_by_scan, a subset of the others (50)",
    )
    parser.add_argument("--seed", type=int, default=20240601, help="random seed")
    args = parser.parse_args(argv)
    scan_queries = min(args.scan_queries, args.queries)

    rng = random.Random(args.seed)
    print(
        f"Places: {args.n:,} active, uniform over lat {SOUTH}-{NORTH}, lon {WEST}-{EAST} "
        "(a rough box around England, sea included)."
    )
    print(
        f"Queries: {args.queries:,} uniform random points in the same box, limit={LIMIT}, "
        f"max_m={geo.DEFAULT_MAX_M:,}; brute force on the first {scan_queries:,}. Seed {args.seed}."
    )

    with tempfile.TemporaryDirectory(prefix="safeplaces-bench-") as folder:
        db = database.connect(Path(folder) / "bench.db")
        database.migrate(db)

        start = time.perf_counter()
        with db.atomic():
            db.conn.executemany(INSERT_SQL, place_rows(args.n, rng))
        insert_s = time.perf_counter() - start
        count = db.execute("SELECT count(*) FROM places").fetchone()[0]
        indexed = db.execute("SELECT count(*) FROM places_rtree").fetchone()[0]
        print(
            f"Insert: {count:,} places in {insert_s:.2f} s ({count / insert_s:,.0f} rows/s); "
            f"R*Tree holds {indexed:,}."
        )

        points = [random_point(rng) for _ in range(args.queries)]
        # One untimed query of each kind, so the timings do not include opening the file.
        geo.nearest(db, *points[0], limit=LIMIT)
        geo.nearest_by_scan(db, *points[0], limit=LIMIT)

        index_ms, index_results = [], []
        for lat, lon in points:
            ms, found = timed(geo.nearest, db, lat, lon, limit=LIMIT)
            index_ms.append(ms)
            index_results.append(found)

        scan_ms, mismatches = [], []
        for i, (lat, lon) in enumerate(points[:scan_queries]):
            ms, scanned = timed(geo.nearest_by_scan, db, lat, lon, limit=LIMIT)
            scan_ms.append(ms)
            want = [(p["id"], p["distance_m"]) for p in scanned]
            got = [(p["id"], p["distance_m"]) for p in index_results[i]]
            if got != want:
                mismatches.append((lat, lon, got, want))
        db.close()

    index_median, index_p95 = _figures.median_p95(index_ms)
    scan_median, scan_p95 = _figures.median_p95(scan_ms)
    ratio = scan_median / index_median
    found_counts = [len(r) for r in index_results]
    print(
        f"geo.nearest (R*Tree), {len(index_ms):,} queries: median {index_median:.3f} ms, "
        f"p95 {index_p95:.3f} ms, max {max(index_ms):.3f} ms "
        f"({sum(c == LIMIT for c in found_counts):,} found all {LIMIT})."
    )
    print(
        f"geo.nearest_by_scan (brute force), {len(scan_ms):,} queries: median {scan_median:.1f} ms, "
        f"p95 {scan_p95:.1f} ms."
    )
    print(f"Ratio of medians (scan / index): {ratio:,.0f}x.")

    if mismatches:
        print(f"RESULTS DIFFER for {len(mismatches)} of {len(scan_ms)} points compared:")
        for lat, lon, got, want in mismatches[:5]:
            print(f"  ({lat:.5f}, {lon:.5f}): nearest {got} but scan {want}")
    else:
        print(f"Results identical (same ids, same distances) for all {len(scan_ms)} points compared.")

    median_ok, ratio_ok = index_median < 1.0, ratio >= 100
    print(
        f"goal: index median < 1 ms and >= 100x faster than brute force: "
        f"median {index_median:.3f} ms {'MET' if median_ok else 'NOT MET'}, "
        f"{ratio:,.0f}x {'MET' if ratio_ok else 'NOT MET'}."
    )
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
