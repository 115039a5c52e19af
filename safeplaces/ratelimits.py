"""Rate-limit counts kept in an SQLite file, so every process of the site counts together.

Flask-Limiter's default store is each process's own memory: under gunicorn with 4 workers, 4
stores each allowed 5 wrong passwords, so 15 got through. Redis or memcached would share the
counts, but a scheme would then have to run and look after another server. The site already
keeps its data in one SQLite file on one machine, so the counts go in another file beside it
(never in the database itself, whose write lock an import holds for seconds). Each count is one
row changed by one statement, so it is atomic without a transaction around it.

Only the fixed-window strategy, Flask-Limiter's default, is supported. Registering the
`sqlite://` scheme with the limits library happens when this module is imported.
"""

import os
import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import Storage

from .db import owner_only

SCHEMA = """CREATE TABLE IF NOT EXISTS counts (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID"""
# A new window for an expired count, or one more in the current window.
INCREMENT = """INSERT INTO counts (key, count, expires_at) VALUES (:key, :amount, :now + :expiry)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN expires_at <= :now THEN :amount ELSE count + :amount END,
    expires_at = CASE WHEN expires_at <= :now THEN :now + :expiry ELSE expires_at END
RETURNING count"""
SWEEP_EVERY = 1000  # counts, in one process, between deleting the expired ones
BUSY_TIMEOUT_S = 5


class SQLiteStorage(Storage):
    """A limits storage in an SQLite file: `sqlite:///absolute/path/to/file.db`."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        self.path = Path(uri.removeprefix("sqlite://"))
        self._local = threading.local()
        self._increments = 0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._connection().execute(SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened anew in a forked process (gunicorn's workers)."""
        if getattr(self._local, "pid", None) != os.getpid():
            owner_only(self.path)
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")  # a count lost in a power cut does no harm
            self._local.connection, self._local.pid = connection, os.getpid()
        return self._local.connection

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self._increments += 1
        if self._increments % SWEEP_EVERY == 0:
            self.sweep()
        values = {"key": key, "amount": amount, "now": time.time(), "expiry": expiry}
        return self._connection().execute(INCREMENT, values).fetchone()[0]

    def get(self, key: str) -> int:
        row = (
            self._connection()
            .execute("SELECT count FROM counts WHERE key = ? AND expires_at > ?", [key, time.time()])
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._connection().execute("SELECT expires_at FROM counts WHERE key = ?", [key]).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        return self._connection().execute("SELECT 1").fetchone() == (1,)

    def reset(self) -> int:
        return self._connection().execute("DELETE FROM counts").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counts WHERE key = ?", [key])

    def sweep(self) -> None:
        """Delete the counts whose window has ended: every visitor's address leaves one behind."""
        self._connection().execute("DELETE FROM counts WHERE expires_at <= ?", [time.time()])

    def stored(self) -> int:
        """How many counts the file holds (for tests)."""
        return self._connection().execute("SELECT count(*) FROM counts").fetchone()[0]


def default_uri(database_path: str | os.PathLike) -> str:
    """The store beside the database: instance/safeplaces.db counts in instance/safeplaces-ratelimits.db."""
    path = Path(database_path).resolve()
    return f"sqlite:///{path.with_name(path.stem + '-ratelimits.db')}"
