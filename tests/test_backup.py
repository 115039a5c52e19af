"""Backups taken while the site runs, and restoring them, through the CLI and the domain."""

import sqlite3
import threading
import time

import pytest

from safeplaces import backup, clock, places
from safeplaces import db as database
from safeplaces.transaction import writing


def count(path, table="places"):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def add(db, n):
    at = clock.stamp()
    with writing(db):
        place_id = (
            db["places"]
            .insert(
                {
                    "slug": f"p-{n}",
                    "uuid": places.new_uuid(),
                    "name": f"Place {n}",
                    "lat": 52.6,
                    "lon": -1.1,
                    "position_source": "file",
                    "created_at": at,
                    "updated_at": at,
                }
            )
            .last_pk
        )
        db["audit"].insert(
            {"at": at, "user": "test", "action": "create", "entity": "places", "entity_id": place_id}
        )


def test_backup_and_restore_through_the_commands(app, runner, seeded, tmp_path):
    copy = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    places = count(copy)
    assert places > 10
    live = app.config["SAFEPLACES_DB"]
    runner.invoke(args=["seed-demo", "--remove"])
    assert count(live) == 0
    result = runner.invoke(args=["restore", str(copy), "--yes"])
    assert result.exit_code == 0, result.output
    assert count(live) == places
    kept = next(tmp_path.glob("t.db.before-restore-*"))
    assert count(kept) == 0, "the database as it was before the restore is kept"
    assert str(kept) in result.output


def test_restore_asks_first(app, runner, seeded, tmp_path):
    copy = tmp_path / "copy.db"
    runner.invoke(args=["backup", str(copy)])
    result = runner.invoke(args=["restore", str(copy)], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    assert not list(tmp_path.glob("t.db.before-restore-*"))


def test_a_backup_taken_during_writes_is_whole(app, db, tmp_path):
    stop, written, failed = threading.Event(), [], []

    def keep_writing():
        writer = database.open_app_db(app)
        n = 0
        try:
            while not stop.is_set():
                add(writer, n)
                written.append(n)
                n += 1
        except Exception as error:  # reported below: the test must not wait for a writer that died
            failed.append(error)
        finally:
            writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while len(written) < 50 and not failed and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not failed and len(written) >= 50, failed
        copies = []
        for n in range(5):
            copy = tmp_path / f"during-{n}.db"
            backup.backup(app.config["SAFEPLACES_DB"], copy)
            copies.append(copy)
    finally:
        stop.set()
        thread.join()
    for copy in copies:
        assert backup.check(copy) == len(database.MIGRATIONS)
        # Every place was written with its audit row in one transaction: a whole snapshot has both.
        assert count(copy) == count(copy, "audit") > 0
    assert count(copies[-1]) >= count(copies[0])


def test_photos_go_with_the_backup_and_come_back(app, tmp_path):
    photos, copy = tmp_path / "photos", tmp_path / "copy.db"
    photos.mkdir()
    (photos / "abc.jpg").write_bytes(b"\xff\xd8 a photo")
    assert backup.backup(app.config["SAFEPLACES_DB"], copy, photos) == 1
    (photos / "abc.jpg").unlink()
    restored = backup.restore(app.config["SAFEPLACES_DB"], copy, photos)
    assert restored.photos == 1 and (photos / "abc.jpg").read_bytes() == b"\xff\xd8 a photo"


def test_a_backup_file_is_readable_by_its_owner_only(app, tmp_path):
    copy = tmp_path / "copy.db"
    backup.backup(app.config["SAFEPLACES_DB"], copy)
    assert copy.stat().st_mode & 0o077 == 0


def newer_schema(path):
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(database.MIGRATIONS) + 1}")
    connection.commit()
    connection.close()


def not_ours(path):
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE things (id INTEGER)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    "make, words",
    [
        (
            lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200),
            "not a database this site can read",
        ),
        (lambda path: path.write_text("name,town\nA,B\n"), "not a database this site can read"),
        (not_ours, "not a Keep Safe Places database"),
        (None, "no file called"),
    ],
)
def test_a_wrong_file_is_refused_and_nothing_changes(app, runner, seeded, tmp_path, make, words):
    wrong = tmp_path / "wrong.db"
    if make:
        make(wrong)
    before = count(app.config["SAFEPLACES_DB"])
    result = runner.invoke(args=["restore", str(wrong), "--yes"])
    assert result.exit_code == 1 and words in result.output and "Nothing was restored" in result.output
    assert count(app.config["SAFEPLACES_DB"]) == before
    assert not list(tmp_path.glob("t.db.before-restore-*"))


def test_a_backup_from_newer_software_is_refused(app, runner, tmp_path):
    copy = tmp_path / "copy.db"
    backup.backup(app.config["SAFEPLACES_DB"], copy)
    newer_schema(copy)
    result = runner.invoke(args=["restore", str(copy), "--yes"])
    assert result.exit_code == 1 and "newer version" in result.output


def test_health_check_says_the_database_answers(client, app):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"
    newer_schema(app.config["SAFEPLACES_DB"])
    assert client.get("/healthz").status_code == 503


def test_a_restore_ends_every_manage_session(app, db, client, tmp_path):
    from tests.web.manage_helpers import csrf_token, make_account, sign_in

    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    copy = tmp_path / "copy.db"
    backup.backup(app.config["SAFEPLACES_DB"], copy)
    assert count(copy, "sessions") == 1
    copied = client.get_cookie("session").value
    client.post("/manage/logout", data={"csrf_token": csrf_token(client, "/manage/")})
    backup.restore(app.config["SAFEPLACES_DB"], copy)
    assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/manage/").status_code == 302, "a session ended by signing out stays ended"
