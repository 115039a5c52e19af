"""The audit trail: who changed what, when, with the record before and after."""

import json

from sqlite_utils import Database

from .clock import stamp


def entry(
    user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
    at: str | None = None,
) -> dict:
    """An audit row, ready to insert."""
    return {
        "at": at or stamp(),
        "user": user,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": None if before is None else json.dumps(before, sort_keys=True, default=str),
        "after": None if after is None else json.dumps(after, sort_keys=True, default=str),
    }


INSERT = "INSERT INTO audit (at, user, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)"


def record(
    db: Database,
    user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Write one audit row (inside the caller's transaction).

    A plain INSERT: sqlite-utils' insert looks the table up each time, six times the cost,
    which an import of thousands of places pays once a place.
    """
    row = entry(user, action, entity, entity_id, before, after)
    db.execute(
        INSERT, [row[column] for column in ("at", "user", "action", "entity", "entity_id", "before", "after")]
    )


def history(db: Database, entity: str, entity_id: int) -> list[dict]:
    """Audit rows for one record, newest first."""
    return list(
        db.query(
            "SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id DESC", [entity, entity_id]
        )
    )
