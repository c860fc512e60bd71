"""the team secret and the signing key leave the database for the device key file `<db>.keys`

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:05:00

docs/keys.md, order step 1: `sync_local.team` (the team key, with its secrets) and `sync_local.private_key` (this
device's Ed25519 key) move into the 0600 key file beside the database; the table keeps only the team's id
(`team_id`, no secret). A live key file already there (an old backup restored over a database that has one) is
kept as it is. The counter high-water mark starts at what this device had exported. A file marked `legacy` lets
`ensure_identity` ask the old device marker once whether this file is a copy.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from binhdan_desktop.store.keyfile import DeviceKeys, key_file_path, write_keys

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _database_path(conn: sa.Connection) -> Path | None:
    for _seq, name, file in conn.exec_driver_sql("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def upgrade() -> None:
    conn = op.get_bind()
    row = conn.exec_driver_sql("SELECT team, private_key, exported_up_to, exported_device FROM sync_local "
                               "WHERE singleton = 1").first()
    device = conn.exec_driver_sql("SELECT device_id FROM device_state").scalar()
    path = _database_path(conn)
    team_id = None
    if row is not None and row[0]:
        try:
            team_id = str(json.loads(row[0])["team_id"])
        except (ValueError, KeyError, TypeError):
            team_id = None
    if path is not None and device and not key_file_path(path).exists():
        high = int(row[2] or 0) if row is not None and row[3] == device else 0
        team = row[0] if row is not None and team_id else None
        signing = row[1] if row is not None and row[1] else None
        write_keys(path, DeviceKeys.new(key_file_path(path), device, signing, team, high, legacy=True))
    with op.batch_alter_table("sync_local") as batch:
        batch.add_column(sa.Column("team_id", sa.String(36), nullable=True))
    if team_id:
        conn.exec_driver_sql("UPDATE sync_local SET team_id = ?", (team_id,))
    # The secrets are overwritten, not only dropped: freed pages are zeroed (the old table's copy too).
    conn.exec_driver_sql("PRAGMA secure_delete = ON")
    conn.exec_driver_sql("UPDATE sync_local SET team = NULL, private_key = NULL")
    with op.batch_alter_table("sync_local") as batch:
        batch.drop_column("team")
        batch.drop_column("private_key")


def downgrade() -> None:
    """The columns come back empty: the secrets stay in the key file (a downgraded app joins again)."""
    with op.batch_alter_table("sync_local") as batch:
        batch.add_column(sa.Column("team", sa.Text(), nullable=True))
        batch.add_column(sa.Column("private_key", sa.String(100), nullable=True))
        batch.drop_column("team_id")
