"""Households whose follow-up date has come ("Cần thăm lại")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.services import Changes, visits
from binhdan_desktop.store.queries.households import household_rows
from binhdan_desktop.ui.context import AppContext


class DueView(QWidget):
    record_visit = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.ids: list[str] = []
        self.label = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Hẹn ngày"), self.tr("Mã hộ"), self.tr("Chủ hộ"),
                                              self.tr("Thôn"), self.tr("Địa chỉ")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(lambda index: self.record_visit.emit(self.ids[index.row()]))
        self.table.doubleClicked.connect(lambda index: self.record_visit.emit(self.ids[index.row()]))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("visit", "household", "person"):
            self.refresh()

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            due = visits.due_household_ids(s, dt.date.today())
            rows = household_rows(s, [hid for hid, _ in due])
        self.ids = [hid for hid, _ in due]
        self.table.setRowCount(len(due))
        for r, (hid, day) in enumerate(due):
            row = rows[hid]
            for c, text in enumerate((fmt_date(day), row.code, row.head, row.village, row.address)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.label.setText(self.tr("{n} hộ đã đến hẹn thăm lại. Nhấn Enter để ghi lần thăm.").format(n=len(due)))
