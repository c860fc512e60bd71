"""Settings → "Chỉ tiêu và quy tắc": the year's targets and the lessons that make someone "trained". The whole
table is saved by one service call: every row is checked first, and a wrong row stores nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.errors import BinhdanError, RowErrors, RowProblem
from binhdan_desktop.services import Database, indicators
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import fill_years

Loaded = tuple[list[int], int | None, list[indicators.TargetRow]]


def _read(db: Database, year: int | None) -> Loaded:
    """The plan's years and one year's targets: the year asked for, else this calendar year's (as the dashboard
    opens on), else the plan's latest."""
    years, this_year = indicators.years_of(db)
    if year not in years:
        year = this_year if this_year in years else (years[-1] if years else None)
    return years, year, indicators.target_rows(db, year) if year is not None else []


class TargetsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[indicators.TargetRow] = []  # what each table row holds, in the table's order
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _: self._year_chosen())
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([
            self.tr("Chỉ tiêu"), self.tr("Mục tiêu (%)"),
            self.tr("Bài phải học xong (mã, cách nhau dấu phẩy; để trống = bài bất kỳ)")])
        self.shown_year: int | None = None
        self.dirty = False  # typed and not saved yet: a change from elsewhere (a sync) must not reload over it
        self.table.itemChanged.connect(self._edited)
        self.save = QPushButton(self.tr("Lưu chỉ tiêu và quy tắc"))
        self.save.clicked.connect(lambda: self.save_targets())
        box = QVBoxLayout(self)
        box.addWidget(self.year)
        box.addWidget(self.table)
        box.addWidget(self.save)

    def _edited(self, _item: QTableWidgetItem) -> None:
        self.dirty = True

    def _year_chosen(self) -> None:
        """Another year: its targets replace the table, so what was typed for the shown year is only dropped
        when the user says so."""
        if self.dirty and QMessageBox.question(
                self, self.tr("Bỏ các thay đổi chưa lưu?"),
                self.tr("Các chỉ tiêu vừa sửa của năm {year} chưa được lưu. Bỏ chúng để xem năm khác?")
                .format(year=self.shown_year), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            self.year.blockSignals(True)
            self.year.setCurrentIndex(max(0, self.year.findData(self.shown_year)))
            self.year.blockSignals(False)
            return
        self.load()

    def changed_elsewhere(self) -> None:
        """Targets or rules changed (a sync, an undo): reload, unless the user has typed something not saved yet
        (their save then stores what they typed, as the last writer)."""
        if not self.dirty:
            self.load()

    def load(self) -> None:
        """Read the years and the chosen year's targets on the worker, then show them."""
        year = self.year.currentData()
        QueryOp(parent=self, op=lambda db: _read(db, year), success=self._show).run_in_background(self.ctx)

    def _show(self, loaded: Loaded) -> None:
        years, year, rows = loaded
        fill_years(self.year, years, year)
        self.shown_year = year
        self.rows = rows
        self.table.setRowCount(len(rows))
        en = lang() == "en"
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.name[1] if en else row.name[0])
            name.setData(Qt.ItemDataRole.UserRole, row.code)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem("" if row.target is None else f"{row.target * 100:g}"))
            self.table.setItem(r, 2, self._lessons_item(row))
        self.table.resizeColumnsToContents()
        self.dirty = False

    def _lessons_item(self, row: indicators.TargetRow) -> QTableWidgetItem:
        if not row.lessons_editable:
            item = QTableWidgetItem("—")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(self.tr("Chỉ tiêu này tính theo trạng thái của người dân (VNeID mức 2, tài khoản "
                                    "ngân hàng số), không theo bài học."))
            return item
        return QTableWidgetItem(", ".join(row.lessons or ()))

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""

    def _edits(self) -> dict[str, indicators.TargetEdit]:
        """The table as typed; raises RowErrors naming every row whose target is not a percentage."""
        edits: dict[str, indicators.TargetEdit] = {}
        problems = []
        for r, row in enumerate(self.rows):
            try:
                target = indicators.percent(self._text(r, 1))
            except BinhdanError as exc:
                problems.append(RowProblem(row.row, row.name, exc))
                continue
            lessons = self._text(r, 2).split(",") if row.lessons_editable else None
            edits[row.code] = (target, lessons)
        if problems:
            raise RowErrors(problems)
        return edits

    def save_targets(self, after: Callable[[bool], None] | None = None) -> None:
        """Save the whole table in one service call; `after(saved)` runs once it is stored or refused."""
        done = after or (lambda _ok: None)
        year = self.year.currentData()
        if year is None:
            done(True)
            return
        try:
            edits = self._edits()
        except RowErrors as exc:
            show_error(self, exc)  # nothing saved; the table keeps what was typed
            done(False)
            return

        def saved(_changes: object) -> None:
            self.dirty = False
            self.load()
            done(True)

        def refused(exc: BaseException) -> None:
            show_error(self, exc)
            done(False)

        CollectionOp(parent=self, op=lambda db: indicators.set_targets(db, year, edits), success=saved) \
            .says(self.tr("Đã lưu chỉ tiêu năm {year}").format(year=year)).failure(refused) \
            .disabling(self.save).run_in_background(self.ctx)
