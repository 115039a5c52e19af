"""Benchmark: what one answer about opening hours costs, for the most expensive texts we know.

The public pages ask safeplaces.hours for each place they show: `status` ("Open now until 5pm",
which needs `state` and `next_change`) on /find, /map and the API, `week` on a place's page.
Issue 13 found texts that took seconds per answer (`Mo-Su 00:00-24:00` 5 s, the seven days
written one by one 21 s), so four such places stalled every results page.

What it measures, with time.perf_counter, on this machine:

* for each text (the issue's, and every value of the opening_hours.js test suite that
  hours.problem accepts, from tests/opening_hours_js/cases.json): the time of `status` and of
  `week` at a fixed moment, with the module's caches emptied first (the first answer a
  process gives for that text), and of `status` again an hour later (an answer from a warm
  process); each the median of --repeat runs, as the machine is shared; the texts are printed
  worst first;
* a results page: `status` for 50 places holding the 50 most expensive texts, caches emptied,
  which is the work behind /find or the API for 50 places (the real /find shows 10).

Figures are printed, never asserted. tests/test_hours_cost.py holds the one timed test the
issue asks for, with a generous bound.

Usage, from the repository root:

    .venv/bin/python bench/hours.py [--top N] [--limit SECONDS]

--limit skips the rest of a text's calls once one call has taken that long (default 30 s), so a
run on a slow engine ends. One answer is given before measuring, so loading the bank-holiday
calendar (python-holidays imports it on first use, about 0.3 s once per process) is not counted.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from safeplaces import hours  # noqa: E402
from safeplaces.clock import LONDON  # noqa: E402

CASES = ROOT / "tests" / "opening_hours_js" / "cases.json"
AT = datetime(2026, 11, 25, 14, 7, tzinfo=LONDON)  # a Wednesday afternoon
ISSUE_TEXTS = [
    "Mo-Su 00:00-24:00",
    "Mo-Fr 00:00-24:00; Sa,Su 00:00-24:00",
    "Mo 00:00-24:00; Tu 00:00-24:00; We 00:00-24:00; Th 00:00-24:00; Fr 00:00-24:00; Sa 00:00-24:00; "
    "Su 00:00-24:00",
    "24/7",
]


def empty_caches():
    """Forget everything the module remembers, so the next answer is a process's first."""
    for value in vars(hours).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def timed(call):
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def texts():
    """The issue's texts, then each distinct suite value the site accepts, in the suite's order."""
    found = list(ISSUE_TEXTS)
    for case in json.loads(CASES.read_text(encoding="utf-8"))["cases"]:
        value = case["value"]
        if value not in found and value.strip() and case["mode"] == 0 and hours.problem(value) is None:
            found.append(value)
    return found


def measure(text, limit, repeat):
    """{"status": s, "week": s, "warm": s} for `text`, medians of `repeat` runs; a text's other
    calls are skipped once one has passed `limit`."""
    figures = {}
    for name, call, warm in (
        ("status", lambda: hours.status(text, AT), False),
        ("week", lambda: hours.week(text, AT), False),
        ("warm", lambda: hours.status(text, AT + timedelta(hours=1)), True),
    ):
        runs = []
        for _ in range(repeat):
            empty_caches()
            if warm:
                hours.status(text, AT)
            runs.append(timed(call))
            if runs[-1] > limit:
                break
        figures[name] = statistics.median(runs)
        if runs[-1] > limit:
            return {"status": None, "week": None, "warm": None, **figures}
    return figures


def ms(seconds):
    return "skipped" if seconds is None else f"{seconds * 1000:9.2f} ms"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=15, help="how many of the worst texts to print")
    parser.add_argument(
        "--limit", type=float, default=30.0, help="seconds after which a text's other calls are skipped"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measure, whose median is shown")
    args = parser.parse_args(argv)

    hours.week("24/7", AT)  # loads the bank-holiday calendar, once per process
    candidates = texts()
    print(f"{len(candidates)} texts (the issue's 4 and the suite's accepted values), at {AT.isoformat()}")
    started = time.perf_counter()
    results = {text: measure(text, args.limit, args.repeat) for text in candidates}
    total = time.perf_counter() - started
    worst = sorted(results, key=lambda text: results[text]["status"], reverse=True)

    print(f"\nThe {args.top} texts whose first status costs most (status, week, status from a warm process):")
    for text in worst[: args.top]:
        figures = results[text]
        shown = text if len(text) <= 70 else text[:67] + "..."
        print(f"  {ms(figures['status'])} {ms(figures['week'])} {ms(figures['warm'])}  {shown}")
    for text in ISSUE_TEXTS:
        figures = results[text]
        print(f"  issue 13: {ms(figures['status'])} {ms(figures['week'])} {ms(figures['warm'])}  {text[:60]}")

    firsts = [results[text]["status"] for text in candidates]
    print(
        f"\nFirst status over all {len(candidates)} texts: median {statistics.median(firsts) * 1000:.2f} ms, "
        f"max {max(firsts) * 1000:.2f} ms; whole run {total:.1f} s"
    )

    page = worst[:50]
    page = (page * (50 // len(page) + 1))[:50]
    costs = []
    for _ in range(args.repeat):
        empty_caches()
        costs.append(timed(lambda: [hours.status(text, AT) for text in page]))
    print(
        "A results page of 50 places holding the 50 costliest texts, first answers: "
        f"{statistics.median(costs) * 1000:.1f} ms (median of {args.repeat})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
