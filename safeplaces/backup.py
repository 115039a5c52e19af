"""Backups: a consistent copy of the database while the site runs, and putting one back.

`backup` uses SQLite's online backup API, which copies the database as one snapshot: writes
made while it runs are either wholly in the copy or wholly not, and the site keeps working.
Photos of entrances live in a folder, not the database, so they go beside the copy as a tar
file. `restore` checks a copy before touching anything (SQLite's integrity check, and a schema
this code knows), keeps the current database beside it, then copies the backup in through the
same API, so even a running site sees the whole restored database at once, never half of it.
A restore ends every manage session: an older copy would bring back sessions that were ended by
signing out since, so a copied cookie would open the manage area again.
"""

import os
import sqlite3
import tarfile
from dataclasses import dataclass
from pathlib import Path

from . import clock
from . import db as database
from .transaction import writing

PHOTOS_SUFFIX = ".photos.tar"
NEEDED_TABLES = {"places", "checks", "visits", "users", "audit"}


class BackupRefused(Exception):
    """The file cannot be restored; the message says why."""


@dataclass(frozen=True)
class Restored:
    kept: Path  # where the database as it was before the restore now is
    photos: int  # how many photos were restored


def backup(db_path: str | Path, target: str | Path, photos: str | Path | None = None) -> int:
    """Copy the database to `target`, and its photos to `target.photos.tar`; returns the photos copied."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source, copy = sqlite3.connect(str(db_path)), sqlite3.connect(str(partial))
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    return _pack_photos(photos, Path(str(target) + PHOTOS_SUFFIX))


def _pack_photos(folder: str | Path | None, tar_path: Path) -> int:
    files = (
        sorted(p for p in Path(folder).iterdir() if p.is_file()) if folder and Path(folder).is_dir() else []
    )
    if not files:
        tar_path.unlink(missing_ok=True)
        return 0
    with tarfile.open(tar_path, "w") as tar:
        for path in files:
            tar.add(path, arcname=path.name)
    os.chmod(tar_path, 0o600)
    return len(files)


def check(path: str | Path) -> int:
    """The schema version of a backup file, or BackupRefused saying what is wrong with it."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"There is no file called {path}.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{path} is not a database this site can read ({error}).") from None
    if verdict != "ok":
        raise BackupRefused(f"{path} is damaged: SQLite's integrity check says {verdict!r}.")
    if missing := NEEDED_TABLES - tables:
        raise BackupRefused(
            f"{path} is not a Keep Safe Places database: it has no {', '.join(sorted(missing))} table."
        )
    if version > len(database.MIGRATIONS):
        raise BackupRefused(
            f"{path} was made by a newer version of this software (schema {version}; this one knows "
            f"up to {len(database.MIGRATIONS)}). Upgrade the software first."
        )
    return version


def restore(db_path: str | Path, source: str | Path, photos: str | Path | None = None) -> Restored:
    """Put a checked backup in place of the database, keeping the old one beside it, then upgrade it."""
    check(source)
    db_path = Path(db_path)
    kept = db_path.with_name(f"{db_path.name}.before-restore-{clock.stamp().replace(':', '')}")
    backup(db_path, kept)
    Path(str(kept) + PHOTOS_SUFFIX).unlink(missing_ok=True)
    backup_file, live = (
        sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True),
        sqlite3.connect(str(db_path)),
    )
    try:
        backup_file.backup(live)
    finally:
        live.close()
        backup_file.close()
    upgraded = database.connect(db_path)
    try:
        database.migrate(upgraded)
        with writing(upgraded):
            upgraded.execute("DELETE FROM sessions")
    finally:
        upgraded.close()
    return Restored(kept, _unpack_photos(Path(str(source) + PHOTOS_SUFFIX), photos))


def _unpack_photos(tar_path: Path, folder: str | Path | None) -> int:
    if folder is None or not tar_path.is_file():
        return 0
    Path(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
    with tarfile.open(tar_path) as tar:
        members = [
            m for m in tar.getmembers() if m.isfile() and "/" not in m.name and not m.name.startswith(".")
        ]
        tar.extractall(folder, members=members, filter="data")
    return len(members)
