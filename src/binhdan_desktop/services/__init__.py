"""Use cases. Each mutation opens one transaction and returns what changed (a `Changes` record)."""

from __future__ import annotations

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database, open_database

# Database: the one way in that the UI holds (Anki's Collection); it passes it to services, never opens sessions.
__all__ = ["Changes", "Database", "changes_of", "everything", "open_database"]


def everything() -> Changes:
    """What a sync or a restore may have changed: every synced table (views reload all they show)."""
    from binhdan_desktop.store.models import SYNCED_MODELS

    return Changes(frozenset(m.__tablename__ for m in SYNCED_MODELS))
