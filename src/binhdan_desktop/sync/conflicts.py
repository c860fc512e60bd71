"""The conflicts list ("Xung đột đồng bộ"): values that lost a concurrent edit, for the office to review.
Keeping the winner just closes the item; taking the other value writes it as a new change (which then
travels to every device like any edit)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.errors import NotFoundError
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import MODEL_BY_TABLE, SyncConflict


@dataclass(frozen=True)
class ConflictRow:
    id: int
    table: str
    row_id: str
    field: str
    kept: object
    lost: object
    lost_device: str


def open_conflicts(db: Database) -> list[ConflictRow]:
    with db.read() as s:
        rows = s.scalars(select(SyncConflict).where(SyncConflict.resolved.is_(False)).order_by(SyncConflict.id))
        return [ConflictRow(c.id, c.table_name, c.row_id, c.field, json.loads(c.kept_value or "null"),
                            json.loads(c.lost_value or "null"), c.lost_device) for c in rows]


def resolve(db: Database, conflict_id: int, take_lost: bool) -> Changes:
    with db.write() as s:
        conflict = s.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFoundError("not_found.record", value=conflict_id)
        if take_lost:
            model = MODEL_BY_TABLE[conflict.table_name]
            row = s.get(model, conflict.row_id)
            if row is None:
                raise NotFoundError("not_found.record", value=conflict.row_id)
            value = json.loads(conflict.lost_value or "null")
            column = model.__table__.columns[conflict.field]
            if column.type.python_type is bool and value is not None:
                value = bool(value)
            elif hasattr(column.type, "python_type") and column.type.python_type.__name__ == "date" and value:
                import datetime as dt

                value = dt.date.fromisoformat(value)
            setattr(row, conflict.field, value)
        conflict.resolved = True
        return changes_of(s)
