"""What one user action changed: the record every mutation returns and every view refreshes from (Anki's
`OpChanges`). It sits below services and sync, which both return it."""

from __future__ import annotations

from dataclasses import dataclass, field


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
