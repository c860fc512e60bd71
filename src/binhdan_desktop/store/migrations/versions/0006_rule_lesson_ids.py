"""indicator rules name their lessons by id, not by code (a renamed or deleted lesson no longer empties them)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:20:00

Every device runs this step on its own copy, and lesson ids are the same on every device (lessons are synced
rows), so each reaches the same rules: the step writes no change-log entries (a change sent to a device still
at 0005 would give it ids it cannot read). A code with no live lesson is dropped: it counted nobody before.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _convert(to_ids: bool) -> None:
    conn = op.get_bind()
    lessons = conn.execute(sa.text("SELECT id, code FROM lesson WHERE deleted = 0 ORDER BY sort_order DESC")).all()
    by_code = {str(code).strip().upper(): lid for lid, code in lessons}
    by_id = {str(lid): str(code) for lid, code in lessons}
    rows = conn.execute(sa.text("SELECT id, lessons FROM indicator_rule WHERE lessons IS NOT NULL")).all()
    for rid, raw in rows:
        old = json.loads(raw)
        if not isinstance(old, list):
            continue
        if to_ids:
            new = [k if k in by_id else by_code[str(k).strip().upper()] for k in old
                   if k in by_id or str(k).strip().upper() in by_code]
        else:
            new = [by_id.get(k, k) for k in old]
        new = list(dict.fromkeys(new))
        if new != old:
            conn.execute(sa.text("UPDATE indicator_rule SET lessons = :l WHERE id = :id"),
                         {"l": json.dumps(new), "id": rid})


def upgrade() -> None:
    _convert(to_ids=True)


def downgrade() -> None:
    _convert(to_ids=False)
