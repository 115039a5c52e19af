"""Each place keeps one stable UUID: filled in for places stored before, given to new ones."""

import sqlite3
import uuid

import pytest

from safeplaces import db as database
from safeplaces import places
from tests.helpers import add_place


def is_uuid4(text):
    return uuid.UUID(text).version == 4 and str(uuid.UUID(text)) == text


def test_the_migration_gives_every_stored_place_its_own_uuid(tmp_path):
    db = database.connect(tmp_path / "old.db")
    before = database.MIGRATIONS.index(database._place_uuids)
    db.conn.execute("BEGIN IMMEDIATE")
    for migration in database.MIGRATIONS[:before]:
        migration(db)
    db.conn.execute(f"PRAGMA user_version = {before}")
    db.conn.execute("COMMIT")
    for n in range(50):
        db.conn.execute(
            "INSERT INTO places (slug, name, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [f"p{n}", f"P{n}"],
        )
    db.conn.commit()
    database.migrate(db)
    ids = [row[0] for row in db.execute("SELECT uuid FROM places")]
    assert len(set(ids)) == 50 and all(is_uuid4(i) for i in ids)
    database.migrate(db)
    assert [row[0] for row in db.execute("SELECT uuid FROM places")] == ids
    db.close()


def test_a_place_made_by_the_form_gets_a_uuid(db):
    values = {
        "name": "Shop",
        "town": "Leicester",
        "lat": 52.63,
        "lon": -1.13,
        "position_source": "confirmed",
        "district_code": "E06000016",
    }
    place_id = places.create(db, values, by="test")
    assert is_uuid4(places.by_id(db, place_id)["uuid"])


def test_the_database_refuses_a_place_without_a_uuid(db, client):
    add_place(db, 52.63, -1.13, slug="kept")
    with pytest.raises(sqlite3.IntegrityError, match="every place needs its uuid"):
        db.conn.execute(
            "INSERT INTO places (slug, name, status, created_at, updated_at) VALUES ('bare', 'Bare', 'applied', 'x', 'x')"
        )
    with pytest.raises(sqlite3.IntegrityError, match="every place needs its uuid"):
        db.conn.execute("UPDATE places SET uuid = NULL WHERE slug = 'kept'")
    db.conn.rollback()
    assert client.get("/openreferral/v3/services").status_code == 200
