"""Use cases. Each mutation opens one transaction and returns what changed (a `Changes` record)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from binhdan_desktop.store import changelog
from binhdan_desktop.store.models import Synced


@dataclass(frozen=True)
class Changes:
    """What one user action changed: the tables and rows touched, and the main new row if any."""

    tables: frozenset[str] = field(default_factory=frozenset)
    rows: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (table, id)
    created: str | None = None

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(r for _, r in self.rows)

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


def changes_of(session: Session, created: Synced | str | None = None) -> Changes:
    """The Changes of the write transaction running in `session` so far; `created` is the main new
    row (its id is read after the flush that assigns it)."""
    session.flush()
    ctx = changelog.context(session)
    created_id = created.id if isinstance(created, Synced) else created
    return Changes(frozenset(ctx.tables), frozenset(ctx.rows), created_id)
