"""The import wizard's column table: for every sheet read, which column of the file became which field, and a
combo to correct it (the sheet's columns, or "(không dùng)"). A correction is for its own sheet alone: another sheet
keeps its own match, even when it has a column of the same name; "(không dùng)" stops reading the field on that
sheet only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem, QWidget

from binhdan_desktop.importers.plan import FIELD_LABELS, ColumnKey
from binhdan_desktop.services import imports
from binhdan_desktop.ui.widgets.headers import fit_header

KEY_ROLE = 256


class ColumnTable(QTableWidget):
    changed = Signal()  # the user corrected a column: the preview must be made again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Trang tính"), self.tr("Thông tin"),
                                        self.tr("Cột trong tệp (sửa nếu sai)")])
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        fit_header(self)
        self.setTabKeyNavigation(False)
        self.setToolTip(self.tr("Cột chọn ở đây chỉ dùng cho trang tính của dòng đó."))
        self._detected: dict[tuple[str, str], str] = {}  # (sheet, field) -> header the first preview matched

    def forget(self) -> None:
        """Another file: the last file's columns and corrections do not apply to it."""
        self.setRowCount(0)
        self._detected = {}

    def fill(self, r: imports.ImportResult) -> None:
        unused: dict[str, list[str]] = {}
        for sheet, header in r.unused_columns:
            unused.setdefault(sheet, []).append(header)
        rows = [(s, key, label) for s in r.sheets for key, label in FIELD_LABELS.items()]
        self.setRowCount(len(rows))
        for i, (s, key, label) in enumerate(rows):
            found = dict(s.columns)
            self.setItem(i, 0, QTableWidgetItem(s.name))
            item = QTableWidgetItem(label)
            item.setData(KEY_ROLE, key)
            self.setItem(i, 1, item)
            box = QComboBox()
            box.addItem(self.tr("(không dùng)"), "")
            for header in dict.fromkeys([*found.values(), *unused.get(s.name, [])]):
                box.addItem(header, header)
            box.setCurrentIndex(max(0, box.findData(found.get(key, ""))))
            self._detected.setdefault((s.name, key), box.currentData() or "")
            box.currentIndexChanged.connect(self.changed)
            self.setCellWidget(i, 2, box)

    def overrides(self) -> dict[ColumnKey, str | None]:
        """Only the combos the user changed from what the first preview found, each for its own sheet:
        (sheet, field) -> header, or None (not read on that sheet)."""
        out: dict[ColumnKey, str | None] = {}
        for i in range(self.rowCount()):
            box, sheet, item = self.cellWidget(i, 2), self.item(i, 0), self.item(i, 1)
            if isinstance(box, QComboBox) and sheet is not None and item is not None:
                key, chosen = str(item.data(KEY_ROLE)), box.currentData() or ""
                if chosen != self._detected.get((sheet.text(), key), ""):
                    out[(sheet.text(), key)] = chosen or None
        return out

    def shown(self) -> list[tuple[str, str, str]]:
        """(sheet, field label, column chosen or "") of every row, as the user sees them."""
        out = []
        for i in range(self.rowCount()):
            box, sheet, item = self.cellWidget(i, 2), self.item(i, 0), self.item(i, 1)
            if isinstance(box, QComboBox) and sheet is not None and item is not None:
                out.append((sheet.text(), item.text(), box.currentData() or ""))
        return out
