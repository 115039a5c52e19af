"""Benchmark: how long the public addresses take to answer in-process, at 100,000 places.

Issue 12's goals, in-process medians at 100,000 places: the API's nearest answer at most 3 ms,
/find and /help-now at most 8 ms, /map at most 20 ms.

It makes a real SQLite file in a temporary folder holding N active places (100,000 by default):
the demonstration places and invented ones inside the area, with a mix of opening hours
(bench/_data.py). The clock is fixed at Monday 23 November 2026, 14:00, and the search limit
raised so that no answer is a 429. Then, through Flask's test client (no network, no server),
for each address: a few requests to warm up (the first loads the boundaries and the gazetteer
once per process), then R timed requests (wall-clock, time.perf_counter), whose median and 95th
percentile it prints with the goal beside them. Requests say `Accept-Encoding: gzip, deflate,
br` as a phone's browser does, so the compression of each answer is in its time.

/offline/places.json is timed twice: "first build" forgets the file this process kept before
each request, so each one builds it again (the hours of each text are already known to the
process, as after the first page); "kept" answers the file the process keeps (the usual case:
each process builds it again only when a place changes, or after ten minutes).

With --profile it runs each address R more times under cProfile and prints the ten costliest
functions by cumulative time, leaving out Flask's and Werkzeug's own dispatching (which holds
everything) and this script.

Timings are only printed, never asserted; they depend on the machine and on how busy it is,
which is printed with them.

Usage, from the repository root:

    .venv/bin/python bench/pages.py [--places N] [--runs R] [--build-runs B] [--profile]
"""

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _data  # noqa: E402
import _figures  # noqa: E402

from safeplaces import create_app  # noqa: E402
from safeplaces import db as database  # noqa: E402
from safeplaces.web import offline as offline_pages  # noqa: E402

FIXED_NOW = "2026-11-23T14:00"
HEADERS = {"Accept-Encoding": "gzip, deflate, br"}
WARM_UP = 3
# Goals for the median, in milliseconds (issue 12).
GOALS = {"api": 3, "find": 8, "help-now": 8, "map": 20}
# Profile lines from these files are the framework's dispatching, which holds every cost.
PLUMBING = ("/flask/", "/werkzeug/", "/bench/pages.py")


def addresses(slug):
    """(label, URL, goal kind or None) for each address timed."""
    return [
        ("API nearest", "/api/v1/places/nearest?q=LE1+5FQ", "api"),
        ("/find", "/find?q=LE1+5FQ", "find"),
        ("/help-now", "/help-now?q=LE1+5FQ", "help-now"),
        ("/map?q=LE1", "/map?q=LE1", "map"),
        ("/map", "/map", "map"),
        ("place page", f"/places/{slug}", None),
        ("offline file, first build", "/offline/places.json", None),
        ("offline file, kept", "/offline/places.json", None),
    ]


def a_place(app):
    """The slug of an active place from the middle of the table."""
    db = database.open_app_db(app)
    slug = db.execute(
        "SELECT slug FROM places WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET "
        "(SELECT count(*) / 2 FROM places WHERE status = 'active')"
    ).fetchone()[0]
    db.close()
    return slug


def forget_offline_file():
    offline_pages._places_file.clear()


def get(client, url, before=None):
    if before:
        before()
    response = client.get(url, headers=HEADERS)
    response.get_data()
    return response


def timed(client, url, runs, before=None):
    """(milliseconds of each request, the last response)."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        response = get(client, url)
        times.append((time.perf_counter() - start) * 1000)
    return times, response


def profiled(client, url, runs, before=None, top=10):
    """The `top` costliest functions by cumulative time over `runs` requests, as printable lines."""
    profile = cProfile.Profile()
    for _ in range(runs):
        if before:
            before()
        profile.enable()
        get(client, url)
        profile.disable()
    stats = pstats.Stats(profile).stats
    rows = [
        (cumulative, calls, f"{Path(file).name}:{line}({name})" if line else name, file)
        for (file, line, name), (_, calls, _, cumulative, _) in stats.items()
    ]
    rows = [row for row in rows if not any(part in row[3] for part in PLUMBING)]
    rows.sort(key=lambda row: -row[0])
    return [
        f"      {cumulative * 1000 / runs:8.2f} ms  {calls / runs:8.1f} calls  {where}"
        for cumulative, calls, where, _ in rows[:top]
    ]


def goal_words(kind, median):
    if kind is None:
        return ""
    goal = GOALS[kind]
    return f"goal median <= {goal} ms: {'met' if median <= goal else 'NOT met'}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=100_000, help="active places (100000)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per address (30)")
    parser.add_argument(
        "--build-runs",
        type=int,
        default=5,
        help="timed first builds of the offline file (5; each takes seconds)",
    )
    parser.add_argument("--profile", action="store_true", help="print the top 10 cumulative costs of each")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the invented places (1)")
    args = parser.parse_args(argv)

    print(_figures.machine())
    with tempfile.TemporaryDirectory(prefix="safeplaces-pages-") as folder:
        app = create_app(
            {
                "TESTING": True,
                "SAFEPLACES_DB": Path(folder) / "pages.db",
                "SECRET_KEY": "pages",
                "SAFEPLACES_FIXED_NOW": FIXED_NOW,
                "SAFEPLACES_SEARCH_LIMIT": "1000000 per minute",
            }
        )
        started = time.perf_counter()
        count = _data.fill(app, args.places, args.seed)
        print(
            f"Data: {count:,} active places in a real SQLite file, made in {time.perf_counter() - started:.0f} s; "
            f"hours {_data.hours_mix(app)}; clock fixed at {FIXED_NOW} (a Monday)"
        )
        print(f"Each address: {WARM_UP} requests to warm up, then {args.runs} timed (test client, {HEADERS})")
        client = app.test_client()
        missed = []
        for label, url, kind in addresses(a_place(app)):
            first_build = label.endswith("first build")
            before = forget_offline_file if first_build else None
            runs = args.build_runs if first_build else args.runs
            for _ in range(1 if first_build else WARM_UP):
                get(client, url, before)
            times, response = timed(client, url, runs, before)
            median, p95 = _figures.median_p95(times)
            size = len(response.get_data())
            encoding = response.headers.get("Content-Encoding", "none")
            print(
                f"  {label:<26} {response.status_code}  median {median:8.2f} ms  p95 {p95:8.2f} ms  "
                f"({runs} runs, {size:,} B {encoding})  {goal_words(kind, median)}"
            )
            if response.status_code != 200:
                missed.append(f"{label} answered {response.status_code}")
            if kind and median > GOALS[kind]:
                missed.append(label)
            if args.profile:
                print(f"    top costs (cumulative, per request, over {runs} more requests):")
                print("\n".join(profiled(client, url, runs, before)))
        print(_figures.machine())
        print(f"Goals missed: {', '.join(missed)}" if missed else "Every goal met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
