"""Benchmark: how long a Keep Safe card PDF takes to make (cards.card_pdf and cards.cards_pdf).

What it measures, with invented people (full-length names with Latin Extended letters, three
contacts, "how I communicate" and medical text), in this process, after one untimed card so
the fonts are already read:

* the wall-clock time (time.perf_counter) of one wallet card (2 pages) and one A4 sheet
  (1 page, two copies of the card), each made N times: median, p95 and max in milliseconds,
  the median CPU time of this process (time.process_time, which other work on a busy shared
  machine does not inflate), and the PDF's size;
* a card in each of the area's other scripts (Gujarati, Gurmukhi, Urdu), whose shaped text
  and extra fonts cost more;
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


SCRIPTS = {
    "Gujarati": {
        "name": "અમિત પટેલ",
        "contact1_name": "મીના પટેલ",
        "contact1_relationship": "મમ્મી",
        "communication": "હું થોડું અંગ્રેજી બોલું છું. કૃપા કરીને ધીમેથી બોલો.",
        "language": "gu",
    },
    "Gurmukhi": {
        "name": "ਹਰਪ੍ਰੀਤ ਕੌਰ",
        "contact1_name": "ਜਸਵੀਰ ਸਿੰਘ",
        "contact1_relationship": "ਭਰਾ",
        "language": "pa",
    },
    "Urdu": {
        "name": "عائشہ خان",
        "contact1_name": "فاطمہ خان",
        "contact1_relationship": "امی",
        "communication": "میں تھوڑی انگریزی بولتی ہوں۔ براہ کرم آہستہ بولیں۔",
        "language": "ur",
    },
}


def timed(function, *args):
    """(wall-clock ms, CPU ms of this process, result)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000, result


def one_by_one(what, fmt, people):
    times, cpus, sizes = [], [], []
    for card in people:
        ms, cpu, pdf = timed(cards.card_pdf, card, fmt, FIND_URL, NUMBERS)
        times.append(ms)
        cpus.append(cpu)
        sizes.append(len(pdf))
    median = statistics.median(times)
    print(
        f"{what}, {len(times)} made one at a time: median {median:.1f} ms "
        f"(CPU {statistics.median(cpus):.1f} ms), p95 {percentile(times, 0.95):.1f} ms, "
        f"max {max(times):.1f} ms; PDF {statistics.median(sizes) / 1024:.0f} KB. "
        f"Goal <= {GOAL_MS} ms a card: {'MET' if median <= GOAL_MS else 'NOT MET'}."
    )
    return median


def script_people(base):
    """A card in each script, with the base person's other details; none where this code refuses them."""
    made = {}
    for script, words in SCRIPTS.items():
        card, problems = cards.check_card({**base, **words})
        if not problems:
            made[script] = card
    return made


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

    cards.card_pdf(people[0], "wallet", FIND_URL, NUMBERS)  # reads the fonts: not timed
    one_by_one("wallet card", "wallet", people[: args.n])
    one_by_one("a4 card", "a4", people[: args.n])
    ms, cpu, pdf = timed(cards.card_pdf, None, "blank", FIND_URL, NUMBERS)
    print(f"blank card: {ms:.1f} ms (CPU {cpu:.1f} ms); PDF {len(pdf) / 1024:.0f} KB.")
    scripts = script_people(person(0))
    if not scripts:
        print("cards in other scripts: not made (this code refuses Gujarati, Gurmukhi and Urdu names).")
    for script, card in scripts.items():
        cards.card_pdf(card, "wallet", FIND_URL, NUMBERS)  # reads the script's fonts: not timed
        one_by_one(f"{script} wallet card", "wallet", [card] * max(1, args.n // 4))

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=cards.FIELDS)
    writer.writeheader()
    writer.writerows(person(i) for i in range(args.batch))
    data = buffer.getvalue().encode("utf-8")
    for fmt in cards.BATCH_FORMATS:
        read_ms, read_cpu, batch = timed(cards.read_batch, data, fmt)
        make_ms, make_cpu, pdf = timed(cards.cards_pdf, batch, fmt, FIND_URL, NUMBERS)
        total = read_ms + make_ms
        print(
            f"batch of {len(batch)}, {fmt}: read and check {read_ms:.0f} ms, make {make_ms:.0f} ms, "
            f"total {total:.0f} ms ({total / len(batch):.1f} ms a card, "
            f"CPU {(read_cpu + make_cpu) / len(batch):.1f} ms); "
            f"PDF {len(pdf) / 1024:.0f} KB. Goal <= {GOAL_MS} ms a card: "
            f"{'MET' if total / len(batch) <= GOAL_MS else 'NOT MET'}."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
