"""Benchmark: importing a large CSV of places through the same code as `flask import-places`.

It writes a CSV of N valid rows (default 100,000) to a temporary directory, with the columns the
importer expects (name, address, town, postcode, latitude, longitude, phone, opening_hours,
category): every name+postcode different, positions uniform over a rough box around England
(lat 50.0-55.8, lon -5.7-1.7), well-formed postcodes, phone numbers from Ofcom's drama ranges
(checked with phonenumbers before use), real opening-hours strings and the app's categories.

Then, into one fresh database (db.connect + db.migrate), it times three imports, each as
importer.read_rows(bytes) followed by importer.import_places(...) with the reference-data
Locator and districts the command line uses (no online geocoder, no progress bar):

  (a) the file into the empty database: every row is created;
  (b) the same file again: every row matches a place and is unchanged (the matching path);
  (c) the file with every phone number changed: every row is an update.

For each it prints seconds and rows per second, checks (exit status 1 if wrong) that the places
table holds N rows after each import, that the import counted what it should, and that the
audit table gained one row per created or updated place. It finishes with the database size.
Timings are only printed, never asserted.

Usage, from the repository root:

    .venv/bin/python bench/import_places.py [N] [--seed SEED]
"""

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from safeplaces import config, geo, hours, importer, locate, places  # noqa: E402
from safeplaces import db as database  # noqa: E402

SOUTH, NORTH, WEST, EAST = 50.0, 55.8, -5.7, 1.7
GOAL_S = 120

OUTCODES = (
    "LE1",
    "LE2",
    "LE3",
    "LE4",
    "LE5",
    "LE11",
    "LE12",
    "LE13",
    "LE16",
    "LE65",
    "LE67",
    "NG1",
    "NG7",
    "DE1",
    "DE22",
    "B1",
    "B15",
    "CV1",
    "NN1",
    "PE1",
    "NR1",
    "EX1",
    "YO1",
    "LS1",
    "M1",
    "BS1",
    "OX1",
    "CB1",
    "SW1A",
    "EC1A",
    "W1A",
    "N1",
    "SE1",
    "CA1",
    "TR1",
)
INCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Ofcom's ranges kept for drama: valid numbers that are never given to anyone.
PHONE_PREFIXES = ("0116 496 0", "020 7946 0", "0113 496 0", "0121 496 0", "0161 496 0", "0117 496 0")
OPENING_HOURS = (
    "Mo-Fr 09:00-17:00; Sa 10:00-16:00",
    "Mo-Sa 08:00-18:00; Su 10:00-16:00",
    "Mo-Fr 09:00-12:30,13:30-17:00; PH off",
    "24/7",
    "Tu-Su 10:00-22:00",
    "",
)
NAME_WORDS = ("Corner", "High Street", "Market", "Station", "Park", "Riverside", "Abbey", "Green")
STREETS = ("High Street", "Church Lane", "Station Road", "Market Place", "London Road", "Mill Lane")
TOWNS = (
    "Leicester",
    "Loughborough",
    "Nottingham",
    "Derby",
    "Birmingham",
    "York",
    "Norwich",
    "Exeter",
    "Carlisle",
    "Oakham",
    "Melton Mowbray",
    "Hinckley",
)
HEADER = list(importer.COLUMNS)


def phone_pool():
    """Every number in the drama ranges above, each checked the way the importer checks it."""
    pool = [f"{prefix}{n:03d}" for prefix in PHONE_PREFIXES for n in range(1000)]
    for number in pool:
        if places.tidy_phone(number) != number:
            raise SystemExit(f"bench bug: {number} is not written the way the app writes it")
    return pool


def make_rows(n, rng, phones):
    rows = []
    for i in range(n):
        category = rng.choice(places.CATEGORIES)
        postcode = (
            f"{rng.choice(OUTCODES)} {rng.randint(0, 9)}"
            f"{rng.choice(INCODE_LETTERS)}{rng.choice(INCODE_LETTERS)}"
        )
        rows.append(
            {
                "name": f"{rng.choice(NAME_WORDS)} {category.title()} {i + 1}",
                "address": f"{rng.randint(1, 400)} {rng.choice(STREETS)}",
                "town": rng.choice(TOWNS),
                "postcode": postcode,
                "latitude": f"{rng.uniform(SOUTH, NORTH):.5f}",
                "longitude": f"{rng.uniform(WEST, EAST):.5f}",
                "phone": phones[i % len(phones)],
                "opening_hours": rng.choice(OPENING_HOURS),
                "category": category,
            }
        )
    return rows


def to_csv(rows):
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def file_size(path):
    return path.stat().st_size if path.exists() else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="rows in the CSV (100000)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed")
    args = parser.parse_args(argv)
    n = args.n
    rng = random.Random(args.seed)
    failures = []

    def check(ok, message):
        print(f"  check: {message}: {'ok' if ok else 'WRONG'}")
        if not ok:
            failures.append(message)

    assert all(hours.problem(h) is None for h in OPENING_HOURS), "bench bug: bad opening hours"
    phones = phone_pool()
    rows = make_rows(n, rng, phones)
    # (c): every row gets the next number in the pool, so every phone differs from before.
    changed = [{**row, "phone": phones[(i + 1) % len(phones)]} for i, row in enumerate(rows)]

    with tempfile.TemporaryDirectory(prefix="safeplaces-bench-") as folder:
        folder = Path(folder)
        csv_path, changed_path = folder / "places.csv", folder / "places-changed.csv"
        csv_path.write_bytes(to_csv(rows))
        changed_path.write_bytes(to_csv(changed))
        print(
            f"CSV: {n:,} rows, {file_size(csv_path) / 1e6:.1f} MB; positions uniform over lat "
            f"{SOUTH}-{NORTH}, lon {WEST}-{EAST} (a rough box around England)."
        )

        db_path = folder / "bench.db"
        db = database.connect(db_path)
        database.migrate(db)
        districts = geo.load_districts(str(config.DATA / "llr-districts.geojson"))
        gazetteer = locate.gazetteer_for(config.DEFAULTS)
        locator = locate.Locator(gazetteer, "bench area", None, db)

        runs = [
            ("(a) first import, empty database", csv_path, {"created": n}),
            ("(b) same file again, every row unchanged", csv_path, {"unchanged": n}),
            ("(c) every phone number changed", changed_path, {"updated": n}),
        ]
        totals = []
        for label, path, expected in runs:
            audits_before = count(db, "audit")
            data = path.read_bytes()
            start = time.perf_counter()
            read = importer.read_rows(data)
            read_s = time.perf_counter() - start
            result = importer.import_places(db, read, locator=locator, districts=districts, by="bench")
            total_s = time.perf_counter() - start
            totals.append(total_s)
            print(
                f"{label}: {total_s:.2f} s, {n / total_s:,.0f} rows/s "
                f"(read_rows {read_s:.2f} s, import_places {total_s - read_s:.2f} s); "
                f"{result.created:,} new, {result.updated:,} updated, {result.unchanged:,} unchanged"
            )
            got = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            want = {"created": 0, "updated": 0, "unchanged": 0, **expected}
            check(got == want, f"counts are {want}")
            check(count(db, "places") == n, f"places table holds {n:,} rows (holds {count(db, 'places'):,})")
            new_audits = count(db, "audit") - audits_before
            check(
                new_audits == result.created + result.updated,
                f"{result.created + result.updated:,} audit rows written ({new_audits:,})",
            )

        in_rtree = count(db, "places_rtree")
        check(in_rtree == n, f"R*Tree holds {n:,} places ({in_rtree:,})")
        with_district = db.execute("SELECT count(*) FROM places WHERE district_code IS NOT NULL").fetchone()[
            0
        ]
        main_size, wal_size = file_size(db_path), file_size(db_path.with_name(db_path.name + "-wal"))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        checkpointed = file_size(db_path)
        db.close()

    print(
        f"Database: {checkpointed / 1e6:.1f} MB after a checkpoint "
        f"(before it: {main_size / 1e6:.1f} MB file + {wal_size / 1e6:.1f} MB WAL); "
        f"{with_district:,} places fall inside a district of the scheme."
    )
    worst = max(totals)
    print(
        f"goal: 100,000 rows well under {GOAL_S} s: slowest import of {n:,} rows took {worst:.1f} s "
        f"({'MET' if worst < GOAL_S / 2 else 'MET, but not well under' if worst < GOAL_S else 'NOT MET'})."
    )
    if failures:
        print(f"FAILED checks: {len(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
