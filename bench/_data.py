"""A database of N places for the benchmarks that serve the app: the demonstration places, plus
invented ones inside the area.

One home for "make a database with N places inside the area", used by bench/wire.py,
bench/pages.py and bench/load.py. The app's `seed-demo` command loads the demonstration places
(data/demo-places.csv); the rest are drawn uniformly inside the area's district boundaries (a
point outside every district is drawn again), so searches anywhere in the area find places near
them, as a scheme covering the whole area would. Each invented place copies a demonstration
place's category and opening hours, so the hours have the demonstration mix (weekday office
hours, late shops, two 24/7 places, one open overnight, two not known); on top of that a share
of places open all day and every day, overnight, or with hours not known, so every kind of
"open now" answer is exercised at scale. Every text is stored canonical (hours.read), as the
place form and the importer store them.

Invented places are marked as demonstration places (is_demo), so `seed-demo --remove` clears
them, and their phone numbers are in Ofcom's drama range, like the demonstration places'.
"""

import random
import re
import uuid

from safeplaces import clock, geo, hours
from safeplaces import db as database

# Shares of invented places given these hours instead of a demonstration place's.
EXTRA_HOURS = (
    (0.05, ("24/7", "Mo-Su 00:00-24:00")),
    (0.05, ("Mo-Su 18:00-02:00", "Fr,Sa 20:00-04:00; Su-Th 20:00-00:00", "Mo-Sa 22:00-06:00")),
    (0.05, ("",)),
)
SPAN = re.compile(r"([0-9]{2}:[0-9]{2})-([0-9]{2}:[0-9]{2})")


def fill(app, total: int, seed: int = 1) -> int:
    """Load the demonstration places into app's database, then invented places until it holds
    `total` places; returns the number of active places."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db = database.open_app_db(app)
    models = list(db.query("SELECT category, opening_hours FROM places"))
    districts = geo.load_districts(str(app.config["SAFEPLACES_DISTRICTS"]))
    south, west, north, east = districts.bounds()
    extra_hours = [(share, [hours.read(text).text for text in texts]) for share, texts in EXTRA_HOURS]
    rng, at, extra = random.Random(seed), clock.stamp(), []
    while len(models) + len(extra) < total:
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        district = districts.find(lat, lon)
        if district is None:
            continue
        model = rng.choice(models)
        n = len(extra) + 1
        extra.append(
            {
                "slug": f"bench-place-{n}",
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "name": f"Bench Test Place {n}",
                "category": model["category"],
                "address": f"{n} High Street",
                "town": district.name,
                "postcode": "LE1 1AA",
                "district_code": district.code,
                "lat": lat,
                "lon": lon,
                "position_source": "file",
                "phone": f"0116 496 0{rng.randint(0, 999):03d}",
                "opening_hours": _hours(rng, model["opening_hours"], extra_hours),
                "status": "active",
                "is_demo": 1,
                "created_at": at,
                "updated_at": at,
            }
        )
    with db.atomic():
        db["places"].insert_all(extra, batch_size=5000)
    count = db.execute("SELECT count(*) FROM places WHERE status = 'active'").fetchone()[0]
    db.close()
    return count


def _hours(rng, model_hours, extra_hours):
    draw = rng.random()
    for share, texts in extra_hours:
        if draw < share:
            return rng.choice(texts)
        draw -= share
    return model_hours


def hours_mix(app) -> str:
    """How the active places' hours are spread, in words: "61% weekly hours, 7% 24/7, ..."."""
    db = database.open_app_db(app)
    rows = db.execute("SELECT opening_hours, count(*) FROM places WHERE status = 'active' GROUP BY 1")
    kinds = {}
    for text, count in rows:
        kind = _kind(text)
        kinds[kind] = kinds.get(kind, 0) + count
    db.close()
    total = sum(kinds.values())
    return ", ".join(
        f"{count / total:.0%} {kind}" for kind, count in sorted(kinds.items(), key=lambda k: -k[1])
    )


def _kind(text):
    if not text:
        return "not known"
    if text in ("24/7", "Mo-Su 00:00-24:00"):
        return "all day every day"
    if any(end < start for start, end in SPAN.findall(text)):
        return "overnight"
    return "daytime"
