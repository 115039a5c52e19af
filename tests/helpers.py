"""Helpers shared by tests: adding places directly, and the page checks every page must pass."""

import uuid
from collections import Counter
from itertools import pairwise

from flask import url_for

from safeplaces import clock, i18n, languages

_counter = iter(range(1, 10**9))


def add_place(db, lat, lon, status="active", is_demo=0, **fields):
    """Insert a place straight into the table (the triggers keep the indexes), returning its id.

    A position is "confirmed" unless position_source says otherwise.
    """
    n = next(_counter)
    at = clock.stamp()
    row = {
        "slug": f"place-{n}",
        "uuid": str(uuid.uuid4()),
        "name": f"Place {n}",
        "category": "shop",
        "address": f"{n} High Street",
        "town": "Leicester",
        "postcode": "LE1 1AA",
        "lat": lat,
        "lon": lon,
        "position_source": None if lat is None else "confirmed",
        "status": status,
        "is_demo": is_demo,
        "created_at": at,
        "updated_at": at,
        **fields,
    }
    with db.atomic():
        return db["places"].insert(row).last_pk


def static_url(app, filename):
    """The address pages give a static file: its name with a hash of its content (web/delivery.py)."""
    with app.test_request_context():
        return url_for("static", filename=filename)


def text(element):
    return " ".join(element.get_text(" ").split())


def check_page(page):
    """What every page must have: lang and dir, one h1, a title starting with it, unique ids, labels."""
    lang = page.html.get("lang")
    language = languages.ENGLISH if lang == "en-GB" else languages.BY_CODE[lang]
    assert page.html.get("dir") == language.direction
    h1s = page.find_all("h1")
    assert len(h1s) == 1, [text(h) for h in h1s]
    title = text(page.title)
    with i18n.speaking(language.code):
        error = i18n.gettext("Error:") + " "
    assert title.removeprefix(error).startswith(text(h1s[0])), (title, text(h1s[0]))
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    assert not [i for i, n in ids.items() if n > 1], ids
    for field in page.select("input, select, textarea"):
        if field.get("type") in ("hidden", "submit", "button"):
            continue
        labelled = field.get("aria-label") or page.find("label", attrs={"for": field.get("id")})
        assert labelled, f"field {field.get('name')} has no label"
    first_link = page.find("a")
    assert first_link["href"] == "#main" and page.find(id="main"), "the skip link must come first"
    levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4"])]
    main_levels = [int(h.name[1]) for h in page.find(id="main").find_all(["h1", "h2", "h3", "h4"])]
    for before, after in pairwise(main_levels):
        assert after <= before + 1, f"heading levels jump: {levels}"
