import json
import sqlite3
import threading

import pytest

from safeplaces import db as database
from safeplaces import places
from safeplaces.transaction import writing
from tests.helpers import add_place

VALUES = {
    "name": "Granby Street Café",
    "address": "41 Granby Street",
    "town": "Leicester",
    "postcode": "LE1 6EZ",
    "lat": 52.634,
    "lon": -1.131,
    "position_source": "confirmed",
    "district_code": "E06000016",
    "phone": "0116 496 0107",
    "opening_hours": "",
    "category": "café",
}


def history(db, place_id):
    return [
        (row["action"], row["user"], json.loads(row["before"] or "null"), json.loads(row["after"]))
        for row in db.query("SELECT * FROM audit WHERE entity_id = ? ORDER BY id", [place_id])
    ]


def test_create_update_and_audit(db):
    place_id = places.create(db, VALUES, by="ann@example.org", status="applied")
    row = places.by_id(db, place_id)
    assert (row["status"], row["slug"], row["updated_by"]) == (
        "applied",
        "granby-street-cafe-leicester",
        "ann@example.org",
    )
    assert places.update(db, place_id, {**VALUES, "phone": "0116 496 0108"}, by="bob@example.org") == {
        "phone": "0116 496 0108"
    }
    assert places.update(db, place_id, {**VALUES, "phone": "0116 496 0108"}, by="bob@example.org") == {}
    actions = history(db, place_id)
    assert [a[:2] for a in actions] == [("create", "ann@example.org"), ("edit", "bob@example.org")]
    assert actions[1][2:] == ({"phone": "0116 496 0107"}, {"phone": "0116 496 0108"})


def test_the_lifecycle_with_reasons(db):
    place_id = places.create(db, VALUES, by="ann", status="applied")
    for status, action in (
        ("active", "approve"),
        ("suspended", "suspend"),
        ("active", "reinstate"),
        ("archived", "archive"),
        ("active", "reinstate"),
    ):
        places.change_status(db, place_id, status, f"because {action}", by="ann")
        assert places.by_id(db, place_id)["status"] == status
    assert [(a[0], a[3].get("reason")) for a in history(db, place_id)[1:]] == [
        ("approve", "because approve"),
        ("suspend", "because suspend"),
        ("reinstate", "because reinstate"),
        ("archive", "because archive"),
        ("reinstate", "because reinstate"),
    ]


@pytest.mark.parametrize(
    "start, status, reason, message",
    [
        ("applied", "suspended", "x", "A place that is applied cannot be made suspended."),
        ("active", "applied", "x", "A place that is active cannot be made applied."),
        ("active", "suspended", "  ", "Give a reason for the change."),
        ("active", "suspended", "x" * 501, "The reason must be 500 characters or fewer."),
    ],
)
def test_changes_the_rules_refuse(db, start, status, reason, message):
    place_id = places.create(db, VALUES, by="ann", status=start)
    with pytest.raises(places.ChangeRefused, match=message):
        places.change_status(db, place_id, status, reason, by="ann")
    assert places.by_id(db, place_id)["status"] == start
    assert len(history(db, place_id)) == 1


ROUGH = {**VALUES, "lat": 52.63265, "lon": -1.128715, "position_source": "outcode"}
NOT_PUBLIC = (
    "The position of Granby Street Café is only the middle of the postcode area LE1, not the place "
    "itself. Put the pin on the place’s door, or type its latitude and longitude, before it is shown "
    "to the public."
)


def test_a_new_active_place_needs_a_position_the_public_may_see(db):
    with pytest.raises(places.ChangeRefused, match=NOT_PUBLIC):
        places.create(db, ROUGH, by="ann")
    with pytest.raises(places.ChangeRefused, match="Granby Street Café has no position yet"):
        places.create(db, {**VALUES, "lat": None, "lon": None, "position_source": None}, by="ann")
    assert db["places"].count == 0 and db["audit"].count == 0
    assert places.by_id(db, places.create(db, ROUGH, by="ann", status="applied"))["status"] == "applied"


@pytest.mark.parametrize("start", ["applied", "suspended", "archived"])
def test_approving_or_reinstating_a_rough_position_is_refused(db, start):
    place_id = places.create(db, ROUGH, by="ann", status=start)
    with pytest.raises(places.ChangeRefused, match=NOT_PUBLIC):
        places.change_status(db, place_id, "active", "Looks fine", by="ann")
    assert places.by_id(db, place_id)["status"] == start and len(history(db, place_id)) == 1
    confirmed = {"lat": 52.6341, "lon": -1.1309, "position_source": "confirmed"}
    places.change_status(db, place_id, "active", "Pinned on the map", by="ann", changes=confirmed)
    row = places.by_id(db, place_id)
    assert (row["status"], row["lat"], row["position_source"]) == ("active", 52.6341, "confirmed")
    action, _, before, after = history(db, place_id)[-1]
    assert before == {"status": start, "lat": 52.63265, "lon": -1.128715, "position_source": "outcode"}
    assert after == {"status": "active", "reason": "Pinned on the map", **confirmed}


def test_editing_never_leaves_an_active_place_at_a_rough_position(db):
    place_id = places.create(db, VALUES, by="ann")
    for rough in (
        ROUGH,
        {"position_source": "postcode"},
        {"lat": None, "lon": None, "position_source": None},
    ):
        with pytest.raises(places.ChangeRefused):
            places.update(db, place_id, rough, by="bob")
    assert places.by_id(db, place_id)["position_source"] == "confirmed"
    places.change_status(db, place_id, "suspended", "Moving", by="ann")
    assert places.update(db, place_id, ROUGH, by="bob")["position_source"] == "outcode"


def test_the_database_itself_refuses_an_active_place_at_a_rough_position(db):
    place_id = places.create(db, ROUGH, by="ann", status="applied")
    for statement in (
        "UPDATE places SET status = 'active' WHERE id = ?",
        "UPDATE places SET position_source = NULL WHERE id = ?",
        "UPDATE places SET position_source = 'guessed' WHERE id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="an active place needs a position confirmed"):
            with db.atomic():
                db.execute(statement, [place_id])
    with pytest.raises(sqlite3.IntegrityError):
        add_place(db, 52.6, -1.1, position_source="town")
    assert places.by_id(db, place_id)["status"] == "applied"


def test_declining_an_application_archives_it(db):
    place_id = places.create(db, VALUES, by="ann", status="applied")
    places.change_status(db, place_id, "archived", "Not in our area", by="ann")
    assert places.by_id(db, place_id)["status"] == "archived"
    assert places.register_page(db, status="applied") == ([], 0)


@pytest.mark.parametrize(
    "shown, now, status",
    [
        ("applied", "archived", "active"),  # an approval racing a decline must not reinstate
        ("active", "suspended", "archived"),
    ],
)
def test_a_status_change_is_refused_if_the_status_is_not_the_one_seen(db, shown, now, status):
    place_id = places.create(db, VALUES, by="ann", status=now)
    with pytest.raises(
        places.ChangeRefused,
        match=f"This place changed while you were looking at it: it is now {now}. "
        "Look again before changing it.",
    ):
        places.change_status(db, place_id, status, "because", by="ann", expect=shown)
    assert places.by_id(db, place_id)["status"] == now and len(history(db, place_id)) == 1


def test_an_update_is_refused_if_the_place_changed_since_it_was_read(db):
    place_id = places.create(db, VALUES, by="ann")
    db.execute("UPDATE places SET updated_at = '2026-01-01T09:00:00+00:00' WHERE id = ?", [place_id])
    db.conn.commit()
    read_at = places.by_id(db, place_id)["updated_at"]
    places.update(db, place_id, {"next_review_due": "2027-11-23"}, by="a check")
    with pytest.raises(
        places.ChangeRefused, match="Someone else changed this place after you opened the form"
    ):
        places.update(db, place_id, {**VALUES, "phone": "0116 496 0108"}, by="bob", expect_updated_at=read_at)
    row = places.by_id(db, place_id)
    assert (row["phone"], row["next_review_due"]) == ("0116 496 0107", "2027-11-23")
    now_at = row["updated_at"]
    assert places.update(db, place_id, {"phone": "0116 496 0108"}, by="bob", expect_updated_at=now_at) == {
        "phone": "0116 496 0108"
    }


@pytest.fixture
def other(app):
    connection = database.open_app_db(app)
    yield connection
    connection.close()


def while_another_writes(db, write, other_write):
    """Run other_write on a thread while `write` holds the write lock; (its result or error, waited?)."""
    outcome, done = {}, threading.Event()

    def run():
        try:
            outcome["result"] = other_write()
        except Exception as error:  # the test reports it, rather than the thread losing it
            outcome["error"] = error
        done.set()

    with writing(db):
        write()
        thread = threading.Thread(target=run)
        thread.start()
        waited = not done.wait(0.3)
    thread.join(10)
    return outcome, waited


def test_an_update_waits_for_another_writer_instead_of_failing(db, other):
    place_id = places.create(db, VALUES, by="ann")
    outcome, waited = while_another_writes(
        db,
        lambda: db.execute("UPDATE places SET name = 'Renamed' WHERE id = ?", [place_id]),
        lambda: places.update(other, place_id, {**VALUES, "phone": "0116 496 0108"}, by="bob"),
    )
    assert waited and "error" not in outcome, outcome
    row = places.by_id(db, place_id)
    assert (row["name"], row["phone"]) == (VALUES["name"], "0116 496 0108")  # bob's form said the old name
    edit = history(db, place_id)[-1]
    assert edit[2] == {"name": "Renamed", "phone": "0116 496 0107"}, "bob's change was made on what he read"


def test_the_same_place_saved_twice_at_once_gets_two_slugs(db, other):
    outcome, waited = while_another_writes(
        db, lambda: places.create(db, VALUES, by="ann"), lambda: places.create(other, VALUES, by="ann")
    )
    assert waited and "error" not in outcome, outcome
    assert [row["slug"] for row in db.query("SELECT slug FROM places ORDER BY id")] == [
        "granby-street-cafe-leicester",
        "granby-street-cafe-leicester-2",
    ]


def test_reviews_due(db):
    from datetime import date

    due = places.create(db, {**VALUES, "name": "Due"}, by="ann")
    later = places.create(db, {**VALUES, "name": "Later"}, by="ann")
    db.execute("UPDATE places SET next_review_due = '2026-12-01' WHERE id = ?", [due])
    db.execute("UPDATE places SET next_review_due = '2027-06-01' WHERE id = ?", [later])
    db.conn.commit()
    assert [p["name"] for p in places.reviews_due(db, date(2026, 11, 23), 30)] == ["Due"]
