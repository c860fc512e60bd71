"""The households table: keeps ordered ids; loads rows on demand, a page at a time, into a cache
that a change marks stale (the Anki browser pattern)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.services import Database
from binhdan_desktop.services.households import HouseholdRow, HouseholdStatus, page_of
from binhdan_desktop.ui.i18n import lang

# About three screens of rows. On a 20,000-household commune the rows lie scattered over the file: a page of
# 100 costs 15-25 ms (200 cost 30-45 ms). This page read by id is the one database read left on the GUI thread.
PAGE = 100
Index = QModelIndex | QPersistentModelIndex


class HouseholdModel(QAbstractTableModel):
    COLUMNS = ("code", "head", "village", "address", "members", "family", "help")

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.ids: list[str] = []
        self._rows: dict[str, tuple[HouseholdRow, HouseholdStatus | None]] = {}

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("Households", "Mã hộ"),
                QCoreApplication.translate("Households", "Chủ hộ"),
                QCoreApplication.translate("Households", "Thôn"),
                QCoreApplication.translate("Households", "Địa chỉ"),
                QCoreApplication.translate("Households", "Số người"),
                QCoreApplication.translate("Households", "Gia đình số"),
                QCoreApplication.translate("Households", "Cần hỗ trợ")]

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._rows.clear()
        self.endResetModel()

    def row_of(self, household_id: str | None) -> int | None:
        """Where the household is in the list now, None if it is not listed."""
        try:
            return self.ids.index(household_id) if household_id else None
        except ValueError:
            return None

    def invalidate(self, ids: set[str] | None = None) -> None:
        """Forget cached rows (all, or those ids) and repaint."""
        if ids is None:
            self._rows.clear()
        else:
            for i in ids:
                self._rows.pop(i, None)
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def row(self, r: int) -> tuple[HouseholdRow, HouseholdStatus | None] | None:
        hid = self.ids[r]
        if hid not in self._rows:
            self._load_page(r)
        return self._rows.get(hid)

    def _load_page(self, r: int) -> None:
        start = max(0, r - PAGE // 4)
        page = [i for i in self.ids[start:start + PAGE] if i not in self._rows]
        self._rows.update(page_of(self.db, page))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        loaded = self.row(index.row())
        if loaded is None:
            return None
        row, status = loaded
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(col, row, status)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("members", "help", "family"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == "family" and status is not None:
            return QBrush(QColor("#1b7f3b" if status.digital_family else "#b3261e"))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _text(col: str, row: HouseholdRow, status: HouseholdStatus | None) -> str:
        if col == "family":
            if status is None:
                return ""
            if status.digital_family:
                return QCoreApplication.translate("Households", "✔ Đạt")
            return QCoreApplication.translate("Households", "✘ Chưa")
        if col == "help":
            return fmt_int(status.needs_help, lang()) if status and status.needs_help else ""
        if col == "members":
            return fmt_int(row.members, lang())
        return str(getattr(row, col) or "")
