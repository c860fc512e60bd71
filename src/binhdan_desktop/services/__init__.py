"""Use cases. Each mutation opens one transaction and returns what changed (a `Changes` record)."""

from __future__ import annotations

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database

__all__ = ["Changes", "Database", "changes_of"]  # Database: the one way in that the UI holds (Anki's Collection)
