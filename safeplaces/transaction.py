"""Write transactions that read before they write.

db.atomic() begins a deferred transaction: its first write fails at once with "database is
locked" if another connection committed after its first read (WAL mode; the busy timeout does
not help). `writing(db)` takes the write lock before anything is read, so a read-then-write
waits its turn instead. Inside an open transaction it nests as a savepoint, like atomic().
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """A transaction holding the write lock from its start; a savepoint when already inside one."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")
