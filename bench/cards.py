"""Benchmark: how long a Keep Safe card PDF takes to make (cards.card_pdf and cards.cards_pdf).

What it measures, with invented people (full-length names with Latin Extended letters, three
contacts, "how I communicate" and medical text), in this process, after one untimed card so
the font is already registered:

* the wall-clock time (time.perf_counter) of one wallet card (2 pages) and one A4 card
  (1 page), each made N times: median, p95 and max in milliseconds, and the PDF's size;
* a batch of B people: reading their CSV file (cards.read_batch, which also checks every
  card fits) and making one PDF of all their cards, wallet and A4, in total and per card.

The goal is at most 50 ms a card. Timings are only printed, never asserted.

Usage, from the repository root:

    .venv/bin/python bench/cards.py [N] [--batch B]
"""

import argparse
import csv
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from safeplaces import cards  # noqa: E402

NUMBERS = {"emergency": "999", "non_emergency": "101"}
FIND_URL = "https://keepsafe.example.org/find"
GOAL_MS = 50
FIRST = ("Łukasz", "Ștefan", "Antonín", "Gülşen", "Siobhán", "Zoë", "Mohammed", "Priya")
LAST = ("Nowak-Kowalski", "Popescu", "Dvořák", "Yılmaz", "O'Sullivan", "Brontë", "Rahman", "Patel")


def person(i):
    """Form-style values for the i-th invented person; phone numbers in Ofcom's drama ranges."""
    values = {
        "name": f"{FIRST[i % 8]} {FIRST[(i + 3) % 8]} {LAST[i % 8]} {LAST[(i + 5) % 8]}"[:60],
        "communication": "I use short words and some Makaton. Please speak slowly, and give me time "
        "to answer. Show me pictures if I do not understand.",
        "medical": "I have epilepsy. If I have a seizure, time it. My medicines are in my bag.",
    }
    for n, relationship in enumerate(("Mum", "Support worker", "Brother"), start=1):
        values[f"contact{n}_name"] = f"{FIRST[(i + n) % 8]} {LAST[(i + n) % 8]}"
        values[f"contact{n}_relationship"] = relationship
        values[f"contact{n}_phone"] = f"07700 900{(i * 3 + n) % 1000:03d}"
    return values


def percentile(values, fraction):
    """The value below which `fraction` of values lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - start) * 1000, result


def one_by_one(fmt, people):
    times, sizes = [], []
    for card in people:
        ms, pdf = timed(cards.card_pdf, card, fmt, FIND_URL, NUMBERS)
        times.append(ms)
        sizes.append(len(pdf))
    median = statistics.median(times)
    print(
        f"{fmt} card, {len(times)} made one at a time: median {median:.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms; "
        f"PDF {statistics.median(sizes) / 1024:.0f} KB. Goal <= {GOAL_MS} ms a card: "
        f"{'MET' if median <= GOAL_MS else 'NOT MET'}."
    )
    return median


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=200, help="cards to time one by one (200)")
    parser.add_argument("--batch", type=int, default=100, help="people in the batch (100)")
    args = parser.parse_args(argv)

    people = []
    for i in range(max(args.n, args.batch)):
        card, problems = cards.check_card(person(i))
        assert not problems, problems
        people.append(card)
    print(
        f"People: {len(people)} invented, each with a name of up to 60 characters, 3 contacts, "
        "how they communicate and medical information."
    )

    cards.card_pdf(people[0], "wallet", FIND_URL, NUMBERS)  # registers the font: not timed
    one_by_one("wallet", people[: args.n])
    one_by_one("a4", people[: args.n])
    ms, pdf = timed(cards.card_pdf, None, "blank", FIND_URL, NUMBERS)
    print(f"blank card: {ms:.1f} ms; PDF {len(pdf) / 1024:.0f} KB.")

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=cards.FIELDS)
    writer.writeheader()
    writer.writerows(person(i) for i in range(args.batch))
    data = buffer.getvalue().encode("utf-8")
    for fmt in cards.BATCH_FORMATS:
        read_ms, batch = timed(cards.read_batch, data, fmt)
        make_ms, pdf = timed(cards.cards_pdf, batch, fmt, FIND_URL, NUMBERS)
        total = read_ms + make_ms
        print(
            f"batch of {len(batch)}, {fmt}: read and check {read_ms:.0f} ms, make {make_ms:.0f} ms, "
            f"total {total:.0f} ms ({total / len(batch):.1f} ms a card); "
            f"PDF {len(pdf) / 1024:.0f} KB. Goal <= {GOAL_MS} ms a card: "
            f"{'MET' if total / len(batch) <= GOAL_MS else 'NOT MET'}."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
