"""Alembic migration scripts, applied in order on open."""
