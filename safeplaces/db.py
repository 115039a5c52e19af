"""SQLite storage through sqlite-utils: connections, versioned migrations and `init-db`.

The schema lives in MIGRATIONS, a list of functions applied in order; PRAGMA user_version
records how many have run, so starting the app or any CLI command upgrades an older file and
does nothing to a current one. The R*Tree and FTS5 indexes are kept by triggers, so they are
always written in the same transaction as the venue row.
"""

import csv
import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import click
import sqlite_utils
from flask import Flask, current_app, g
from flask.cli import with_appcontext

from .clock import stamp

BUSY_TIMEOUT_MS = 5000

PLACES = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT 'other',
    address TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    district_code TEXT,
    lat REAL,
    lon REAL,
    phone TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    easy_read_description TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT '',
    facilities TEXT NOT NULL DEFAULT '[]',
    photo TEXT,
    status TEXT NOT NULL DEFAULT 'applied'
        CHECK (status IN ('applied', 'active', 'suspended', 'archived')),
    sticker_displayed INTEGER NOT NULL DEFAULT 0,
    staff_trained_on TEXT,
    next_review_due TEXT,
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    CHECK ((lat IS NULL) = (lon IS NULL))
)
"""

PLACES_RTREE = [
    "CREATE VIRTUAL TABLE places_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    """CREATE TRIGGER places_rtree_insert AFTER INSERT ON places WHEN new.lat IS NOT NULL
       BEGIN INSERT INTO places_rtree VALUES (new.id, new.lat, new.lat, new.lon, new.lon); END""",
    """CREATE TRIGGER places_rtree_update AFTER UPDATE OF lat, lon ON places
       BEGIN
         DELETE FROM places_rtree WHERE id = old.id;
         INSERT INTO places_rtree SELECT new.id, new.lat, new.lat, new.lon, new.lon
           WHERE new.lat IS NOT NULL;
       END""",
    """CREATE TRIGGER places_rtree_delete AFTER DELETE ON places
       BEGIN DELETE FROM places_rtree WHERE id = old.id; END""",
]

OTHER_TABLES = [
    """CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        place_id INTEGER NOT NULL REFERENCES places(id),
        kind TEXT NOT NULL CHECK (kind IN ('training', 'annual review', 'mystery shopper')),
        checked_on TEXT NOT NULL,
        passed INTEGER NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        checked_by TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    # Anonymous by design: there is no column where a name could go.
    """CREATE TABLE visits (
        id INTEGER PRIMARY KEY,
        place_id INTEGER NOT NULL REFERENCES places(id),
        visited_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        outcome TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('registrar', 'admin')),
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        before TEXT,
        after TEXT
    )""",
    """CREATE TABLE geocode_cache (
        query TEXT PRIMARY KEY,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX places_status ON places(status)",
    "CREATE INDEX checks_place ON checks(place_id)",
    "CREATE INDEX visits_place ON visits(place_id)",
    "CREATE INDEX audit_entity ON audit(entity, entity_id)",
]


def _initial_schema(db: sqlite_utils.Database) -> None:
    for statement in [PLACES, *PLACES_RTREE, *OTHER_TABLES]:
        db.execute(statement)
    db["places"].enable_fts(["name", "town", "address"], create_triggers=True)


def _index_shown_demonstration_places(db: sqlite_utils.Database) -> None:
    """Every page asks whether a demonstration place is shown (places.demo_is_shown); without an
    index that reads every active place, about 100 ms a page at 130,000 places."""
    db.execute("CREATE INDEX IF NOT EXISTS places_demo_shown ON places(status) WHERE is_demo = 1")


def _sessions_and_two_step(db: sqlite_utils.Database) -> None:
    """Manage sessions kept on the server, so signing out ends them; two-step sign-in secrets.

    A session is found by a hash of the token its cookie carries, so the table never holds a
    token that would open the manage area. totp_last_step is the last code's time step, so a
    code is used only once.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            started_at TEXT NOT NULL,
            seen_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id)")
    columns = {row[1] for row in db.execute("PRAGMA table_info(users)")}
    if "totp_secret" not in columns:
        db.execute("ALTER TABLE users ADD COLUMN totp_secret TEXT")
    if "totp_last_step" not in columns:
        db.execute("ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0")


# A version 4 UUID made by SQLite, for filling in rows that were stored before they had one.
SQL_UUID4 = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) "
    "|| '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' "
    "|| hex(randomblob(6)))"
)


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _place_uuids(db: sqlite_utils.Database) -> None:
    """Each place's one stable UUID, its identity in the Open Referral feed (openreferral.py).

    Places stored before get one now; places.create and the importer give new places theirs.
    """
    if "uuid" not in _columns(db, "places"):
        db.execute("ALTER TABLE places ADD COLUMN uuid TEXT")
    db.execute(f"UPDATE places SET uuid = {SQL_UUID4} WHERE uuid IS NULL")
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS places_uuid ON places(uuid)")


def _card_counts(db: sqlite_utils.Database) -> None:
    """Keep Safe cards made, counted anonymously: a number per day and format, nothing else."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS card_counts (
            day TEXT NOT NULL,
            format TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (day, format)
        ) WITHOUT ROWID"""
    )


def _visit_outcomes(db: sqlite_utils.Database) -> None:
    """A visit can record several things the staff did: one row each, in visit_outcomes.

    Each visit's one outcome moves there, and the visits table loses its outcome column, so
    the outcomes have one home.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS visit_outcomes (
            visit_id INTEGER NOT NULL REFERENCES visits(id),
            outcome TEXT NOT NULL,
            PRIMARY KEY (visit_id, outcome)
        ) WITHOUT ROWID"""
    )
    if "outcome" in _columns(db, "visits"):
        db.execute("INSERT OR IGNORE INTO visit_outcomes (visit_id, outcome) SELECT id, outcome FROM visits")
        db.execute("ALTER TABLE visits DROP COLUMN outcome")


POSITION_SOURCES = ("confirmed", "file", "postcode", "outcode", "town")
TRUSTED_SOURCES = ("confirmed", "file")  # positions.TRUSTED: the only ones an active place may have


def _sql_list(words: Iterable[str]) -> str:
    return "(" + ", ".join(f"'{word}'" for word in words) + ")"


# An active place at a rough position is refused by the database itself, whatever path writes it.
_POSITION_RULE = f"""
    (NEW.lat IS NULL) != (NEW.position_source IS NULL)
    OR NEW.position_source NOT IN {_sql_list(POSITION_SOURCES)}
    OR (NEW.status = 'active' AND coalesce(NEW.position_source, '') NOT IN {_sql_list(TRUSTED_SOURCES)})
"""
_POSITION_REFUSED = (
    "the position_source must say how the position was found, and an active place "
    "needs a position confirmed by a person or given in a file"
)
POSITION_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS places_position_insert BEFORE INSERT ON places WHEN {_POSITION_RULE}
        BEGIN SELECT RAISE(ABORT, '{_POSITION_REFUSED}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS places_position_update
        BEFORE UPDATE OF status, lat, lon, position_source ON places WHEN {_POSITION_RULE}
        BEGIN SELECT RAISE(ABORT, '{_POSITION_REFUSED}'); END""",
]
UPGRADE_USER = "database upgrade"
# The postcode-area middles the app has always shipped: a position exactly at one was found
# from a postcode, never confirmed (a deployment with its own SAFEPLACES_OUTCODES file falls
# back on the audit trail).
OUTCODES = Path(__file__).resolve().parent.parent / "data" / "uk-outcodes.csv"


def _position_source(db: sqlite_utils.Database) -> None:
    """Each place records how its position was found; no active place is at a rough position.

    Existing positions get the most honest source the database can tell: the middle of the
    postcode area (from the bundled data/uk-outcodes.csv) or the geocoder's answer for the full
    postcode, when the point is exactly that; otherwise by who last set it in the audit trail:
    the application form (always from the postcode), an import ("file": typed in the file), or a
    person on the place form ("confirmed"). A position with no history came with the data: "file".
    Active places left with a rough position are suspended, with the reason in their history.
    """
    if "position_source" not in db["places"].columns_dict:
        db.execute("ALTER TABLE places ADD COLUMN position_source TEXT")
    with open(OUTCODES, encoding="utf-8", newline="") as f:
        middles = {
            row["outcode"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(f)
        }
    geocoded = {
        row[0].removeprefix("postcode:"): (row[1], row[2])
        for row in db.execute("SELECT query, lat, lon FROM geocode_cache WHERE query LIKE 'postcode:%'")
    }
    at = stamp()

    def same(point, lat, lon):
        return point is not None and abs(point[0] - lat) < 1e-6 and abs(point[1] - lon) < 1e-6

    def setter(place_id):
        row = db.execute(
            "SELECT user, action FROM audit WHERE entity = 'places' AND entity_id = ? "
            "AND json_extract(after, '$.lat') IS NOT NULL ORDER BY id DESC LIMIT 1",
            [place_id],
        ).fetchone()
        return row or (None, None)

    places = db.execute(
        "SELECT id, lat, lon, postcode FROM places WHERE lat IS NOT NULL AND position_source IS NULL"
    ).fetchall()
    for place_id, lat, lon, postcode in places:
        user, action = setter(place_id)
        if same(middles.get((postcode or "").split(" ")[0]), lat, lon):
            source = "outcode"
        elif same(geocoded.get(postcode), lat, lon):
            source = "postcode"
        elif user == "application form":
            source = "outcode"
        elif action is None or action.startswith("import"):
            source = "file"
        else:
            source = "confirmed"
        db.execute("UPDATE places SET position_source = ? WHERE id = ?", [source, place_id])
    rough = db.execute(
        "SELECT id, postcode, position_source FROM places WHERE status = 'active' "
        f"AND coalesce(position_source, '') NOT IN {_sql_list(TRUSTED_SOURCES)}"
    ).fetchall()
    for place_id, postcode, source in rough:
        how = {
            None: "not known",
            "town": "only the middle of its town",
            "outcode": f"only the middle of the postcode area {(postcode or '').split(' ')[0]}",
            "postcode": f"only the middle of the postcode {postcode}",
        }[source]
        reason = (
            f"Hidden from the public by a database upgrade: its position was {how}, not confirmed by "
            "a person. Put the pin on its door on the place form, then reinstate it."
        )
        db.execute(
            "UPDATE places SET status = 'suspended', updated_at = ?, updated_by = ? WHERE id = ?",
            [at, UPGRADE_USER, place_id],
        )
        db.execute(
            "INSERT INTO audit (at, user, action, entity, entity_id, before, after) "
            "VALUES (?, ?, 'suspend', 'places', ?, ?, ?)",
            [
                at,
                UPGRADE_USER,
                place_id,
                json.dumps({"status": "active"}),
                json.dumps({"reason": reason, "status": "suspended"}, sort_keys=True),
            ],
        )
    for statement in POSITION_TRIGGERS:
        db.execute(statement)


def _every_place_has_a_uuid(db: sqlite_utils.Database) -> None:
    """No place without its UUID: the Open Referral feed names every place by it, and a place
    stored without one (by SQL, or a path that forgot) broke the feed. Every path gives one
    (places.new_uuid); the database refuses a place without one, or one losing it."""
    db.execute(f"UPDATE places SET uuid = {SQL_UUID4} WHERE uuid IS NULL")
    for name, when in (("places_uuid_given", "INSERT"), ("places_uuid_kept", "UPDATE OF uuid")):
        db.execute(
            f"""CREATE TRIGGER IF NOT EXISTS {name} BEFORE {when} ON places
            WHEN NEW.uuid IS NULL BEGIN
                SELECT RAISE(ABORT, 'every place needs its uuid');
            END"""
        )


def _public_places(db: sqlite_utils.Database) -> None:
    """public_places: the places the public may see, the one definition every public query uses.

    Active is enough: the position triggers refuse an active place without a public position.
    """
    db.execute("CREATE VIEW IF NOT EXISTS public_places AS SELECT * FROM places WHERE status = 'active'")


MIGRATIONS = [
    _initial_schema,
    _index_shown_demonstration_places,
    _position_source,
    _place_uuids,
    _card_counts,
    _visit_outcomes,
    _sessions_and_two_step,
    _every_place_has_a_uuid,
    _public_places,
]


def owner_only(path: str | os.PathLike) -> None:
    """Make path's folder (0700) and the file itself (0600) if they are missing: only the site reads them.

    The database holds venues' private contacts and the accounts; SQLite makes its -wal and
    -shm files with the database file's permissions, so they are private too.
    """
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def connect(path: str | os.PathLike) -> sqlite_utils.Database:
    """Open the database file (made owner-only if new) with WAL, foreign keys and a busy timeout."""
    owner_only(path)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.enable_wal()
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every migration not yet applied, each in its own transaction; return the version."""
    while True:
        # IMMEDIATE takes the write lock first, so two processes starting together
        # cannot both apply the same migration.
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(db)
            if version >= len(MIGRATIONS):
                db.conn.execute("ROLLBACK")
                return version
            MIGRATIONS[version](db)
            db.conn.execute(f"PRAGMA user_version = {version + 1}")
            db.conn.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise


def open_app_db(app: Flask) -> sqlite_utils.Database:
    return connect(app.config["SAFEPLACES_DB"])


# Each thread's connection, kept between requests. Opening one costs about half a millisecond
# (SQLite reads the schema on a connection's first query), a sixth of the API's whole answer
# (bench/pages.py). One per thread, for one database file, in one process: a worker forked
# from a process that had one opens its own, as SQLite requires.
_kept = threading.local()


def get_db() -> sqlite_utils.Database:
    """The request's database connection: this thread's, kept between requests."""
    if "db" not in g:
        path = str(current_app.config["SAFEPLACES_DB"])
        key = (os.getpid(), path)
        if getattr(_kept, "key", None) != key:
            _kept.db, _kept.key = connect(path), key
        g.db = _kept.db
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    """The end of a request: a write it left unfinished (it failed half-way) is undone."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database, or upgrade it to the current schema (safe to run again)."""
    db = open_app_db(current_app)
    click.echo(f"Database {current_app.config['SAFEPLACES_DB']} is at schema version {migrate(db)}.")
    db.close()


def init_app(app: Flask) -> None:
    """Upgrade the database now, and close each request's connection at its end."""
    db = open_app_db(app)
    try:
        migrate(db)
    finally:
        db.close()
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
