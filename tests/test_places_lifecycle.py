import json

import pytest

from safeplaces import places

VALUES = {"name": "Granby Street Café", "address": "41 Granby Street", "town": "Leicester",
          "postcode": "LE1 6EZ", "lat": 52.634, "lon": -1.131, "district_code": "E06000016",
          "phone": "0116 496 0107", "opening_hours": "", "category": "café"}


def history(db, place_id):
    return [(row["action"], row["user"], json.loads(row["before"] or "null"), json.loads(row["after"]))
            for row in db.query("SELECT * FROM audit WHERE entity_id = ? ORDER BY id", [place_id])]


def test_create_update_and_audit(db):
    place_id = places.create(db, VALUES, by="ann@example.org", status="applied")
    row = places.by_id(db, place_id)
    assert (row["status"], row["slug"], row["updated_by"]) == ("applied", "granby-street-cafe-leicester", "ann@example.org")
    assert places.update(db, place_id, {**VALUES, "phone": "0116 496 0108"}, by="bob@example.org") == {"phone": "0116 496 0108"}
    assert places.update(db, place_id, {**VALUES, "phone": "0116 496 0108"}, by="bob@example.org") == {}
    actions = history(db, place_id)
    assert [a[:2] for a in actions] == [("create", "ann@example.org"), ("edit", "bob@example.org")]
    assert actions[1][2:] == ({"phone": "0116 496 0107"}, {"phone": "0116 496 0108"})


def test_the_lifecycle_with_reasons(db):
    place_id = places.create(db, VALUES, by="ann", status="applied")
    for status, action in (("active", "approve"), ("suspended", "suspend"), ("active", "reinstate"),
                           ("archived", "archive"), ("active", "reinstate")):
        places.change_status(db, place_id, status, f"because {action}", by="ann")
        assert places.by_id(db, place_id)["status"] == status
    assert [(a[0], a[3].get("reason")) for a in history(db, place_id)[1:]] == [
        ("approve", "because approve"), ("suspend", "because suspend"), ("reinstate", "because reinstate"),
        ("archive", "because archive"), ("reinstate", "because reinstate")]


@pytest.mark.parametrize("start, status, reason, message", [
    ("applied", "suspended", "x", "A place that is applied cannot be made suspended."),
    ("active", "applied", "x", "A place that is active cannot be made applied."),
    ("active", "suspended", "  ", "Give a reason for the change."),
    ("active", "suspended", "x" * 501, "The reason must be 500 characters or fewer."),
])
def test_changes_the_rules_refuse(db, start, status, reason, message):
    place_id = places.create(db, VALUES, by="ann", status=start)
    with pytest.raises(places.ChangeRefused, match=message):
        places.change_status(db, place_id, status, reason, by="ann")
    assert places.by_id(db, place_id)["status"] == start
    assert len(history(db, place_id)) == 1


def test_declining_an_application_archives_it(db):
    place_id = places.create(db, VALUES, by="ann", status="applied")
    places.change_status(db, place_id, "archived", "Not in our area", by="ann")
    assert places.by_id(db, place_id)["status"] == "archived"
    assert places.in_status(db, "applied") == []


def test_reviews_due(db):
    from datetime import date
    due = places.create(db, {**VALUES, "name": "Due"}, by="ann")
    later = places.create(db, {**VALUES, "name": "Later"}, by="ann")
    db.execute("UPDATE places SET next_review_due = '2026-12-01' WHERE id = ?", [due])
    db.execute("UPDATE places SET next_review_due = '2027-06-01' WHERE id = ?", [later])
    db.conn.commit()
    assert [p["name"] for p in places.reviews_due(db, date(2026, 11, 23), 30)] == ["Due"]
