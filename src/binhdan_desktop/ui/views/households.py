"""The main screen: every household, with village filter and a search that ignores diacritics. The search runs
on the worker as the user types; an answer that comes back after a newer keystroke is dropped."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.services import Changes, commune
from binhdan_desktop.services import households as hh
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.widgets.form_dialog import confirm_delete
from binhdan_desktop.ui.widgets.headers import fit_header
from binhdan_desktop.ui.widgets.household_model import HouseholdModel


class HouseholdsView(QWidget):
    open_household = Signal(str)
    new_household = Signal()
    record_visit = Signal(str)
    shown = Signal()  # the list shows the answer to a search (the first one ends start-up)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.loaded = False
        self.model = HouseholdModel(ctx.db)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm theo tên người hoặc mã hộ, gõ không dấu cũng được…"))
        self.search.setClearButtonEnabled(True)
        self.village = QComboBox()
        self.count = QLabel()
        self.table = QTableView()
        self._generation = 0  # of the newest search asked for: older answers are dropped
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.village.currentIndexChanged.connect(lambda _: self.refresh())
        ctx.changed.connect(self._on_changed)
        self.reload_villages()
        self.refresh()

    def _build(self) -> None:
        add = QPushButton(self.tr("Thêm hộ mới"))
        add.setToolTip(self.tr("Đăng ký hộ và các thành viên (Ctrl+N)"))
        add.clicked.connect(self.new_household.emit)
        visit = QPushButton(self.tr("Ghi thăm hộ"))
        visit.setToolTip(self.tr("Ghi lần thăm hộ đang chọn (Ctrl+R)"))
        visit.clicked.connect(lambda: self.record_visit.emit(self.current_id() or ""))
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.village, 1)
        top.addWidget(add)
        top.addWidget(visit)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Each column as wide as its header and a long value in today's font ("Chữ to": wider); the address
        # takes the rest.
        fit_header(self.table, ("T00-0000", "Nguyễn Thị Minh Khai", "Thôn Bình Thanh", 240), stretch=3)
        # `activated` alone: a double click also emits `doubleClicked`, and both opened the form, twice.
        self.table.activated.connect(self._open_index)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete_current)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.count)

    def reload_villages(self) -> None:
        QueryOp(parent=self, op=commune.village_choices, success=self._fill_villages).run_in_background(self.ctx)

    def _fill_villages(self, villages: list[tuple[str, str]]) -> None:
        current = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(self.tr("Tất cả các thôn"), None)
        for vid, name in villages:
            self.village.addItem(name, vid)
        index = self.village.findData(current)
        self.village.setCurrentIndex(max(0, index))
        self.village.blockSignals(False)
        if current is not None and index < 0:  # the chosen village was merged away: show all
            self.refresh()

    def refresh(self) -> None:
        """Search again for what the search box and the village filter say, on the worker."""
        self._timer.stop()
        self._generation += 1
        generation, text, village = self._generation, self.search.text(), self.village.currentData()
        QueryOp(parent=self, op=lambda db: hh.search_ids(db, text, village),
                success=lambda ids: self._show(generation, ids)).run_in_background(self.ctx)

    def _show(self, generation: int, ids: list[str]) -> None:
        if generation != self._generation:
            return  # a newer keystroke or change asked again: its answer is on the way
        kept = self.current_id()
        self.model.set_ids(ids)
        self.loaded = True
        self.count.setText(self.tr("{n} hộ").format(n=fmt_int(len(ids), lang())))
        row = self.model.row_of(kept)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        elif ids:
            self.table.selectRow(0)
        self.shown.emit()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("village"):
            self.reload_villages()
        if changes.touches("household", "person", "village"):
            self.refresh()
        elif changes.touches("completion", "visit"):
            self.model.invalidate()

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.ids[index.row()] if index.isValid() and index.row() < len(self.model.ids) else None

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_household.emit(self.model.ids[index.row()])

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def delete_current(self) -> None:
        hid = self.current_id()
        if hid is None:
            return
        loaded = self.model.row(self.table.currentIndex().row())
        name = f"{loaded[0].code} – {loaded[0].head}" if loaded else hid
        if confirm_delete(self, self.tr("Xoá hộ"),
                          self.tr("Xoá hộ {name} và các thành viên? Có thể hoàn tác (Ctrl+Z).").format(name=name)):
            CollectionOp(parent=self, op=lambda db: hh.delete_household(db, hid)).undoable(
                self.tr("Xoá hộ {name}").format(name=name), lambda ch: lambda db: hh.restore(db, ch.rows)) \
                .says(self.tr("Đã xoá hộ {name}").format(name=name)).run_in_background(self.ctx)
