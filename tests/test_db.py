import json
import sqlite3

import pytest

from safeplaces import create_app
from safeplaces import db as database
from tests.helpers import add_place


def test_starting_the_app_creates_the_schema_but_no_places(app, db):
    assert database.schema_version(db) == len(database.MIGRATIONS)
    for table in (
        "places",
        "places_rtree",
        "places_fts",
        "checks",
        "visits",
        "users",
        "audit",
        "geocode_cache",
    ):
        assert db[table].exists(), table
    assert db["places"].count == 0


def test_migrations_are_idempotent(app, tmp_path):
    again = create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SECRET_KEY": "x"})
    db = database.open_app_db(again)
    assert database.migrate(db) == len(database.MIGRATIONS)
    db.close()


def test_an_older_database_is_upgraded_once(tmp_path, monkeypatch):
    db = database.connect(tmp_path / "old.db")
    database.migrate(db)
    add_place(db, 52.6, -1.1)
    calls = []

    def add_column(db):
        calls.append(1)
        db.execute("ALTER TABLE places ADD COLUMN example TEXT")

    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS, add_column])
    assert database.migrate(db) == len(database.MIGRATIONS)
    assert database.migrate(db) == len(database.MIGRATIONS)
    assert calls == [1]
    assert "example" in db["places"].columns_dict
    assert db["places"].count == 1


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    db = database.connect(tmp_path / "t.db")
    database.migrate(db)

    def broken(db):
        db.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("migration failed")

    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        database.migrate(db)
    assert database.schema_version(db) == len(database.MIGRATIONS) - 1
    assert not db["half_done"].exists()


def test_connection_settings(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT_MS


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        with db.atomic():
            db.execute(
                "INSERT INTO checks (place_id, kind, checked_on, passed, created_at) "
                "VALUES (999, 'training', '2026-01-01', 1, 'x')"
            )


def test_indexes_are_written_and_rolled_back_with_the_place(db):
    place_id = add_place(db, 52.6, -1.1, name="Granby Street Café", town="Leicester")
    assert db.execute("SELECT id FROM places_rtree").fetchall() == [(place_id,)]
    fts = "SELECT rowid FROM places_fts WHERE places_fts MATCH ?"
    assert db.execute(fts, ["granby"]).fetchall() == [(place_id,)]

    with pytest.raises(RuntimeError):
        with db.atomic():
            db.execute("UPDATE places SET lat = 53.0, name = 'Moved' WHERE id = ?", [place_id])
            raise RuntimeError("stop half way")
    assert db.execute("SELECT min_lat < 52.7 FROM places_rtree").fetchone()[0] == 1
    assert db.execute(fts, ["moved"]).fetchall() == []

    with db.atomic():
        db.execute("UPDATE places SET lat = 53.0, name = 'Moved' WHERE id = ?", [place_id])
    assert db.execute("SELECT min_lat > 52.9 FROM places_rtree").fetchone()[0] == 1
    assert db.execute(fts, ["moved"]).fetchall() == [(place_id,)]


def test_a_place_needs_both_coordinates_or_neither(db):
    with pytest.raises(sqlite3.IntegrityError):
        add_place(db, 52.6, None)


def test_init_db_command(runner, app):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert f"schema version {len(database.MIGRATIONS)}" in result.output


def test_existing_positions_get_an_honest_source_and_rough_active_places_are_hidden(tmp_path, monkeypatch):
    """The upgrade that adds position_source, on places made each way before it existed."""
    db = database.connect(tmp_path / "old.db")
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:1])
    database.migrate(db)
    le7_middle, le1_middle = (52.677164, -1.020786), (52.63265, -1.128715)
    made = [
        # (name, position, postcode, status, who set the position (user, action) or None)
        ("Anstey Shop", le7_middle, "LE7 7BP", "active", ("application form", "create")),
        ("Still Applying", (52.6731, -1.1890), "LE7 7AB", "applied", ("application form", "create")),
        ("Pinned Café", (52.6340, -1.1310), "LE1 6EZ", "active", ("ann@example.org", "edit")),
        ("Saved Unmoved", le1_middle, "LE1 6EZ", "active", ("ann@example.org", "create")),
        ("From A File", (52.7700, -1.2000), "LE11 1AA", "active", ("command line (ann)", "import: create")),
        ("Geocoded", (52.6355, -1.1322), "LE1 5FQ", "suspended", ("command line (ann)", "import: create")),
        ("No History", (52.6000, -1.1000), "LE2 1AA", "active", None),
        ("Nowhere", None, "LE3 1AA", "applied", None),
    ]
    with db.atomic():
        db.execute(
            "INSERT INTO geocode_cache VALUES ('postcode:LE1 5FQ', 52.6355, -1.1322, 'LE1 5FQ', 'then')"
        )
        for n, (name, point, postcode, status, setter) in enumerate(made, start=1):
            lat, lon = point or (None, None)
            db.execute(
                "INSERT INTO places (id, slug, name, postcode, lat, lon, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'then', 'then')",
                [n, f"place-{n}", name, postcode, lat, lon, status],
            )
            if setter:
                db.execute(
                    "INSERT INTO audit (at, user, action, entity, entity_id, after) "
                    "VALUES ('then', ?, ?, 'places', ?, ?)",
                    [*setter, n, json.dumps({"lat": lat, "lon": lon})],
                )
    monkeypatch.undo()
    database.migrate(db)
    found = {row["name"]: (row["position_source"], row["status"]) for row in db.query("SELECT * FROM places")}
    assert found == {
        "Anstey Shop": ("outcode", "suspended"),
        "Still Applying": ("outcode", "applied"),
        "Pinned Café": ("confirmed", "active"),
        "Saved Unmoved": ("outcode", "suspended"),
        "From A File": ("file", "active"),
        "Geocoded": ("postcode", "suspended"),
        "No History": ("file", "active"),
        "Nowhere": (None, "applied"),
    }
    [entry] = db.query("SELECT * FROM audit WHERE entity_id = 1 AND action = 'suspend'")
    assert entry["user"] == "database upgrade"
    assert json.loads(entry["after"]) == {
        "status": "suspended",
        "reason": "Hidden from the public by a database upgrade: its position was only the middle of "
        "the postcode area LE7, not confirmed by a person. Put the pin on its door on the place form, "
        "then reinstate it.",
    }
    assert db["audit"].count_where("action = 'suspend'") == 2
    assert database.migrate(db) == len(database.MIGRATIONS), "and running it again changes nothing"
    db.close()
