"""Many writers at once on one real SQLite file: every write waits its turn, none fails.

Each thread has its own connection, as each gunicorn worker and each request has. A write that
read first in a deferred transaction fails at once with "database is locked" when another
connection commits in between (the busy timeout does not help then); transaction.writing takes
the lock first, so these must all succeed.
"""

import sqlite3
import threading
from datetime import date

from safeplaces import db as database
from safeplaces import places, visits
from tests.helpers import add_place
from tests.web.manage_helpers import make_account, sign_in

WRITERS = 6
ROUNDS = 25


def _run_together(jobs):
    """Run each job in its own thread at once; the errors they raised."""
    errors, start = [], threading.Barrier(len(jobs))

    def run(job):
        start.wait()
        try:
            job()
        except sqlite3.OperationalError as error:
            errors.append(str(error))

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_visits_and_place_changes_recorded_at_once_all_succeed(app, db):
    place_id = add_place(db, 52.63, -1.13)
    visit = {"visited_on": date(2026, 11, 2), "reason": "lost", "outcomes": ["helped on the spot"]}

    def recorder():
        connection = database.open_app_db(app)
        for _ in range(ROUNDS):
            visits.record_visit(connection, place_id, visit, by="test")
        connection.close()

    def editor():
        connection = database.open_app_db(app)
        for n in range(ROUNDS):
            places.update(connection, place_id, {"phone": f"0116 496 0{n:03d}"}, by="test")
        connection.close()

    errors = _run_together([recorder] * WRITERS + [editor] * 2)
    assert errors == []
    assert db["visits"].count == WRITERS * ROUNDS
    assert db.execute("SELECT count(*) FROM audit WHERE entity = 'visits'").fetchone()[0] == WRITERS * ROUNDS


def test_exports_with_contacts_are_all_audited_while_visits_are_recorded(app, db):
    place_id = add_place(db, 52.63, -1.13)
    make_account(db, "ann@example.org", "admin")
    visit = {"visited_on": date(2026, 11, 2), "reason": "scared", "outcomes": ["phoned police"]}
    statuses = []

    def exporter():
        client = app.test_client()
        sign_in(client, "ann@example.org")
        for _ in range(ROUNDS // 5):
            statuses.append(client.get("/manage/export.csv?contacts=yes").status_code)

    def recorder():
        connection = database.open_app_db(app)
        for _ in range(ROUNDS):
            visits.record_visit(connection, place_id, visit, by="test")
        connection.close()

    errors = _run_together([exporter] * 3 + [recorder] * 4)
    assert errors == []
    assert statuses == [200] * (3 * (ROUNDS // 5))
    exports = db.execute("SELECT count(*) FROM audit WHERE action = 'export with contact details'")
    assert exports.fetchone()[0] == 3 * (ROUNDS // 5)
    assert db["visits"].count == 4 * ROUNDS


def test_no_module_but_the_write_helper_opens_a_deferred_transaction():
    """db.atomic() reads before it locks; writes go through transaction.writing instead.

    locate.py's geocode cache is changed on its own branch (the gazetteer's), so it is let off here.
    """
    from pathlib import Path

    package = Path(database.__file__).parent
    found = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if ".atomic(" in path.read_text(encoding="utf-8")
    )
    assert set(found) <= {"transaction.py", "locate.py"}, found
