"""Households whose follow-up date has come ("Cần thăm lại"): Enter or a double click records a visit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.services import Changes, visits
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.operations import QueryOp
from binhdan_desktop.ui.widgets.headers import fit_header


class DueView(QWidget):
    record_visit = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.ids: list[str] = []
        self._opening = False  # a visit form asked for or open: further activations are ignored
        self.label = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Hẹn ngày"), self.tr("Mã hộ"), self.tr("Chủ hộ"),
                                              self.tr("Thôn"), self.tr("Địa chỉ")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        # `activated` is Enter and (with the platform's style) the double click; a double click also emits
        # `doubleClicked`: both come here and open one form.
        self.table.activated.connect(self._activate)
        self.table.doubleClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _activate(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Open one visit form for the row. The id is taken now: the list may refresh (and its rows move)
        while the form is open; the form opens after this event, so the signals of one click coincide."""
        if self._opening or not index.isValid() or index.row() >= len(self.ids):
            return
        self._opening = True
        household_id = self.ids[index.row()]
        QTimer.singleShot(0, self, lambda: self._open(household_id))

    def _open(self, household_id: str) -> None:
        try:
            self.record_visit.emit(household_id)  # the window shows the form modally: back here when it closed
        finally:
            self._opening = False

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("visit", "household", "person", "village"):
            self.refresh()

    def refresh(self) -> None:
        QueryOp(parent=self, op=lambda db: visits.due_rows(db, dt.date.today()), success=self._show) \
            .run_in_background(self.ctx)

    def _show(self, due: list[visits.DueRow]) -> None:
        self.ids = [row.household_id for row in due]
        self.table.setRowCount(len(due))
        for r, row in enumerate(due):
            for c, text in enumerate((fmt_date(row.due), row.code, row.head, row.village, row.address)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        fit_header(self.table, ("00/00/0000", "T00-0000", "Nguyễn Thị Phương Thảo", "Thôn Bình Thanh Đông"),
                   stretch=4)  # from the header and the font, not by measuring every row
        self.label.setText(self.tr("{n} hộ đã đến hẹn thăm lại. Nhấn Enter để ghi lần thăm.").format(n=len(due)))
