"""Opening hours checked against the reference: the test suite of opening_hours.js.

tests/opening_hours_js/cases.json holds the suite's cases (each value, a date range and the
exact intervals it must be open or "unknown" in), extracted from its test/test.js by
scripts/extract_opening_hours_cases.py; NOTICE.md beside it gives the source and the licence
(LGPL-3.0-only). The suite runs in Europe/Berlin and its times are wall-clock times there; we
compare wall-clock times too, day by day, as safeplaces.hours_rules works.

Every value the site accepts must give exactly the suite's intervals, at every minute of the
case's range. A value the site refuses must be refused for one of the reasons the site gives on
purpose (hours_rules.REFUSED); the only other skips are named in `skip_reason`. Every value the
suite says must be refused, the site refuses too.

`python -m tests.test_hours_reference` prints the agreement figures (README, "Opening hours").
"""

import json
from collections import Counter
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import holidays
import pytest

from safeplaces import hours_reading
from safeplaces.hours_rules import CLOSED, REFUSED, HoursError

DATA = Path(__file__).parent / "opening_hours_js" / "cases.json"
SUITE = json.loads(DATA.read_text(encoding="utf-8"))
# Places whose public holidays python-holidays and the suite agree on, so a case with PH there
# tests the reading of PH rather than a holiday calendar. (The suite's own calendars of other
# countries differ from python-holidays', and the site's PH is always England and Wales.)
CALENDARS = {"de": "DE", "gb": "GB"}
SUBDIVISIONS = {"Scotland": "SCT"}


def parse(text):
    """A suite date ("2012-10-01 0:00"); like JavaScript's Date, Nov 31 is Dec 1."""
    day, _, clock = text.strip().partition(" ")
    year, month, number = (int(part) for part in day.split("-"))
    hours, minutes = (int(part) for part in (clock or "0:00").split(":")[:2])
    return datetime(year, month, 1) + timedelta(days=number - 1, hours=hours, minutes=minutes)


def place(case):
    """(country code, subdivision) of the case's place for its public holidays, or None."""
    where = case["nominatim"]
    if not where:
        return None
    if "key" in where:
        country, _, subdivision = where["key"].partition("_")
        return country, subdivision.upper() or None
    return (where.get("country_code") or "").lower(), SUBDIVISIONS.get(where.get("state"), where.get("state"))


@cache
def calendar(country, subdivision):
    return holidays.country_holidays(CALENDARS[country], subdiv=subdivision)


def uses_holidays(case):
    return any(token.kind == "PH" for token in hours_reading._tokens(case["value"]))


def skip_reason(case):
    """Why a case is not compared (before reading its value), or None."""
    if case["mode"] != 0:
        return "points in time (bus and post collection times), not opening hours"
    options = case["options"]
    if not (options.get("tag_key") or "opening_hours").startswith("opening_hours") or options.get(
        "map_value"
    ):
        return f"another OpenStreetMap key ({options.get('tag_key')})"
    if case["ignored"] == "not implemented yet":
        return (
            "the suite marks it as not implemented in the reference, with no expectation the reference meets"
        )
    return None


def holiday_skip(case):
    """Why a case with PH is not compared, or None: it tests another country's calendar."""
    where = place(case)
    if where and where[0] not in CALENDARS:
        return f"a test of the public holidays of {where[0].upper()}; the site's are England and Wales bank holidays"
    return None


def expected(case):
    """[(from, to, state)] the suite expects, neighbours of one state joined (its comments split them)."""
    found = []
    for interval in case["intervals"]:
        start, end = parse(interval["from"]), parse(interval["to"])
        kind = "unknown" if interval["unknown"] else "open"
        if found and found[-1][2] == kind and found[-1][1] == start:
            found[-1] = (found[-1][0], end, kind)
        else:
            found.append((start, end, kind))
    return found


def ours(hours, start, end, bank_holidays):
    """[(from, to, state)] of open and unknown times from the site's reading, in wall-clock time."""
    found = []
    day = start.date()
    while datetime.combine(day, datetime.min.time()) < end:
        midnight = datetime.combine(day, datetime.min.time())
        for first, last, kind in hours.day(day, bank_holidays):
            begin, finish = (
                max(midnight + timedelta(minutes=first), start),
                min(midnight + timedelta(minutes=last), end),
            )
            if begin >= finish or kind == CLOSED:
                continue
            if found and found[-1][2] == kind and found[-1][1] == begin:
                found[-1] = (found[-1][0], finish, kind)
            else:
                found.append((begin, finish, kind))
        day += timedelta(days=1)
    return found


def minutes_apart(mine, theirs, start, end):
    """How many minutes of [start, end) the two interval lists give different states."""
    cuts = sorted({start, end, *(t for a, b, _ in mine + theirs for t in (a, b))})
    differ = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        if _state_at(mine, a) != _state_at(theirs, a):
            differ += (b - a) // timedelta(minutes=1)
    return differ


def _state_at(intervals, moment):
    return next((kind for a, b, kind in intervals if a <= moment < b), CLOSED)


# Refusals of readings the syntax makes but a venue seldom means: the rules are still evaluated
# (through hours_reading.parse), so the suite checks the engine on them too.
MEANINGS_REFUSED = ("days without times", "overlapping comma")


def compare(case, policy=True):
    """("skipped", reason) | ("refused", feature, message) | ("compared", minutes total, minutes
    differing, ours, theirs). With policy False, a value refused for its meaning is compared too."""
    if reason := skip_reason(case):
        return ("skipped", reason)
    try:
        hours, _ = hours_reading.read(case["value"])
    except HoursError as error:
        if policy or error.feature not in MEANINGS_REFUSED:
            return ("refused", error.feature, str(error))
        hours, _ = hours_reading.parse(case["value"])
    bank_holidays = {}
    if uses_holidays(case):
        if reason := holiday_skip(case):
            return ("skipped", reason)
        bank_holidays = calendar(*place(case))
    start, end = parse(case["from"]), parse(case["to"])
    mine, theirs = ours(hours, start, end, bank_holidays), expected(case)
    total = (end - start) // timedelta(minutes=1)
    return ("compared", total, minutes_apart(mine, theirs, start, end), mine, theirs)


def case_id(case):
    return f"line {case['line']}: {str(case['value'])[:60]}"


@pytest.mark.parametrize("case", SUITE["cases"], ids=case_id)
def test_each_accepted_value_gives_the_suites_intervals(case):
    outcome = compare(case)
    if outcome[0] == "skipped":
        pytest.skip(outcome[1])
    if outcome[0] == "refused":
        _, feature, message = outcome
        assert feature in REFUSED, f"refused for a reason the site does not give on purpose: {message}"
        pytest.skip(f"refused on purpose: {feature}")
    _, total, differing, mine, theirs = outcome
    assert differing == 0 and mine == theirs, f"{differing} of {total} minutes differ"


def accepted():
    return [case for case in SUITE["cases"] if compare(case)[0] == "compared"]


@pytest.mark.parametrize("case", accepted(), ids=case_id)
def test_the_canonical_text_of_each_accepted_value_reads_back_and_gives_the_suites_intervals(case):
    canonical = hours_reading.read(case["value"])[1]
    assert hours_reading.read(canonical)[1] == canonical
    assert compare({**case, "value": canonical})[1:3] == compare(case)[1:3]


def refused_for_their_meaning():
    return [
        case
        for case in SUITE["cases"]
        if compare(case)[0] == "refused" and compare(case, policy=False)[0] == "compared"
    ]


@pytest.mark.parametrize("case", refused_for_their_meaning(), ids=case_id)
def test_values_refused_for_their_meaning_are_still_evaluated_as_the_suite_says(case):
    """The site refuses `Mo-Fr` (days without times) because venues seldom mean open day and night,
    but `Mo-Fr 09:00-17:00` uses the same reading of the days: the suite checks it here."""
    _, total, differing, mine, theirs = compare(case, policy=False)
    assert differing == 0 and mine == theirs, f"{differing} of {total} minutes differ"


def should_fail_skip(case):
    if (
        not isinstance(case["value"], str)
        or case["mode"] != 0
        or isinstance(case["nominatim"], dict)
        and "invalid" in case["nominatim"]
    ):
        return "a test of the reference's arguments, not of the value"
    if case["name"].startswith("Wrong constructor call"):
        return "a test of the reference's arguments, not of the value"
    if not case["value"].strip():
        return "blank hours mean the hours are not known, on purpose"
    if case["nominatim"] is None or case["nominatim"].get("country_code") == "none":
        return "a test of the reference needing a place for PH or SH; the site's PH is England and Wales"
    return None


@pytest.mark.parametrize("case", SUITE["should_fail"], ids=case_id)
def test_each_value_the_suite_refuses_is_refused(case):
    if reason := should_fail_skip(case):
        pytest.skip(reason)
    with pytest.raises(HoursError):
        hours_reading.read(case["value"])


def test_the_extracted_data_is_the_whole_suite():
    # 334 addTest calls in test.js: 1 has all its values commented out, 3 compute their dates in
    # JavaScript (listed, not guessed).
    assert len({case["line"] for case in SUITE["cases"]}) == 330
    assert [missing["line"] for missing in SUITE["not_extracted"]] == [3468, 3475, 3483]
    assert SUITE["source"]["licence"] == "LGPL-3.0-only"


def figures(policy=True):
    """Counts for the README: cases and values compared and agreeing, minutes, and the skips."""
    counts, minutes, differing, skips, refusals = Counter(), 0, 0, Counter(), Counter()
    values = {"compared": set(), "agree": set(), "refused": set()}
    for case in SUITE["cases"]:
        outcome = compare(case, policy)
        if outcome[0] == "skipped":
            skips[outcome[1]] += 1
            continue
        if outcome[0] == "refused":
            refusals[outcome[1]] += 1
            values["refused"].add(case["value"])
            continue
        _, total, apart, _, _ = outcome
        counts["compared"] += 1
        values["compared"].add(case["value"])
        minutes += total
        differing += apart
        if apart == 0:
            counts["agree"] += 1
            values["agree"].add(case["value"])
    return counts, values, minutes, differing, skips, refusals


if __name__ == "__main__":
    counts, values, minutes, differing, skips, refusals = figures()
    print(
        f"{counts['agree']} of {counts['compared']} cases agree ({len(values['agree'])} of "
        f"{len(values['compared'])} distinct values the site accepts); {minutes - differing:,} of {minutes:,} "
        "minutes agree"
    )
    print(f"Refused on purpose: {sum(refusals.values())} cases ({len(values['refused'])} distinct values)")
    for feature, count in refusals.most_common():
        print(f"  {count:4} {feature}: {REFUSED.get(feature, '?')}")
    print(f"Not compared: {sum(skips.values())} cases")
    for reason, count in skips.most_common():
        print(f"  {count:4} {reason}")
    counts, values, minutes, differing, _, _ = figures(policy=False)
    print(
        f"The rules engine, counting too the values refused for their meaning ({', '.join(MEANINGS_REFUSED)}): "
        f"{counts['agree']} of {counts['compared']} cases agree ({len(values['agree'])} of {len(values['compared'])} "
        f"values); {minutes - differing:,} of {minutes:,} minutes agree"
    )
