"""A checkable list over ids: the model keeps the ids, their texts and the checked ids (a set), and filters by
a diacritic-folded needle over keys folded beforehand (on the worker), so thousands of people cost one Python
list and no widget items. Checked ids stay checked while the filter hides them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from binhdan_desktop.domain.text import fold

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


def _is_checked(value: object) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return isinstance(value, int) and value == Qt.CheckState.Checked.value


class CheckListModel(QAbstractListModel):
    """Rows of (id, text) with a check box each; `set_filter` shows the rows whose folded key holds the needle."""

    checked_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._texts: list[str] = []
        self._keys: list[str] = []
        self._shown: list[int] = []  # positions in _ids that pass the filter, in order
        self._checked: set[str] = set()
        self._needle = ""

    def set_items(self, items: Sequence[tuple[str, str]], keys: Sequence[str] | None = None) -> None:
        """Replace the rows. `keys` are the folded texts the filter searches (default: the texts, folded).
        Checked ids that are no longer listed are unchecked: what is saved is always what can be seen."""
        self.beginResetModel()
        self._ids = [i for i, _ in items]
        self._texts = [t for _, t in items]
        self._keys = list(keys) if keys is not None else [fold(t) for t in self._texts]
        before = len(self._checked)
        self._checked &= set(self._ids)
        self._shown = self._matching()
        self.endResetModel()
        if len(self._checked) != before:
            self.checked_changed.emit()

    def set_filter(self, text: str) -> None:
        needle = fold(text)
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._shown = self._matching()
        self.endResetModel()

    def _matching(self) -> list[int]:
        needle = self._needle
        if not needle:
            return list(range(len(self._ids)))
        return [i for i, key in enumerate(self._keys) if needle in key]

    def total(self) -> int:
        return len(self._ids)

    def id_at(self, row: int) -> str:
        return self._ids[self._shown[row]]

    def checked_ids(self) -> list[str]:
        """The checked ids, in list order."""
        return [i for i in self._ids if i in self._checked]

    def set_checked(self, ids: Iterable[str], checked: bool = True) -> None:
        wanted = set(ids) & set(self._ids)
        if checked:
            self._checked |= wanted
        else:
            self._checked -= wanted
        if self._shown:
            self.dataChanged.emit(self.index(0), self.index(len(self._shown) - 1), [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        at = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[at]
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self._ids[at] in self._checked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return self._ids[at]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        pid = self._ids[self._shown[index.row()]]
        if _is_checked(value):
            self._checked.add(pid)
        else:
            self._checked.discard(pid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True


def check_list_view(model: CheckListModel) -> QTableView:
    """A one-column table that looks like a list: unlike QListView, which lays out every row again after each
    reset (~100 ms for 75,000 people), a table of fixed-height rows costs the same for any length. Space ticks
    the current row; a click on its box too."""
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 6)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the list for the next field
    return view
