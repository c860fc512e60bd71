"""Alembic environment: runs on the connection the application hands over, in batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from binhdan_desktop.store.models import Base, load_all

load_all()  # the metadata of every table, the late-mapped ones too

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run from binhdan_desktop.store.migrate, which passes a connection")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
