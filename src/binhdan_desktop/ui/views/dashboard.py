"""Tổng quan: each indicator of the plan for the chosen year — rate against target, met or not, lead
unit — for the commune and per village, a chart, and how many people are still missing. Computed on the
worker; while the screen is hidden, changes only mark it stale and it computes again when shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_int, fmt_pct
from binhdan_desktop.domain.plan import load_plan, target_text
from binhdan_desktop.services import Changes, indicators
from binhdan_desktop.services.indicators import IndicatorResult
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.operations import QueryOp
from binhdan_desktop.ui.widgets.bar_chart import BarChart
from binhdan_desktop.ui.widgets.buttons import fill_years


class DashboardView(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.results: list[IndicatorResult] = []
        self.year = QComboBox()
        self.status = QLabel()
        self.summary = QTableWidget(0, 7)
        self.chart = BarChart()
        self.left = QTableWidget()
        self._generation = 0  # of the newest computation asked for: older answers are dropped
        self._stale = True  # what it shows changed while it was hidden
        self._build()
        ctx.changed.connect(self._on_changed)
        self.reload_years()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Năm kế hoạch")))
        top.addWidget(self.year)
        top.addWidget(self.status, 1)
        self.summary.setHorizontalHeaderLabels([self.tr("Chỉ tiêu"), self.tr("Kết quả"), self.tr("Tỷ lệ"),
                                                self.tr("Mục tiêu"), self.tr("Đánh giá"), self.tr("Còn thiếu"),
                                                self.tr("Đơn vị chủ trì")])
        for table in (self.summary, self.left):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.summary.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary.currentCellChanged.connect(lambda row, *_: self._draw(row))
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.chart)
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(QLabel(self.tr("Còn thiếu bao nhiêu người (hộ) để đạt mục tiêu, theo thôn:")))
        v.addWidget(self.left)
        bottom.addWidget(box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.summary)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def reload_years(self) -> None:
        self.status.setText(self.tr("Đang tính…"))
        QueryOp(parent=self, op=indicators.years_of, success=self._fill_years).run_in_background(self.ctx)

    def _fill_years(self, years: tuple[list[int], int]) -> None:
        listed, default = years
        current = self.year.currentData()
        fill_years(self.year, listed, current if current in listed else default)
        self.refresh()

    def refresh(self) -> None:
        """Compute the chosen year's indicators on the worker ("Đang tính…" meanwhile); hidden: when shown."""
        year = self.year.currentData()
        self._stale = year is None or not self.isVisible()
        if self._stale:
            return
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("Đang tính…"))
        QueryOp(parent=self, op=lambda db: indicators.results_of(db, year),
                success=lambda results: self._answer(generation, results)).run_in_background(self.ctx)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("plan_target"):
            self.reload_years()
        elif changes.touches("person", "completion", "household", "indicator_rule", "village", "lesson"):
            self.refresh()

    def _answer(self, generation: int, results: list[IndicatorResult]) -> None:
        if generation == self._generation:  # else another year was chosen or something changed meanwhile
            self.show_results(results)

    def show_results(self, results: list[IndicatorResult]) -> None:
        self.results = results
        commune = [r for r in results if r.village is None]
        self.summary.setRowCount(len(commune))
        for row, r in enumerate(commune):
            verdict = {True: self.tr("Đạt"), False: self.tr("Chưa đạt"), None: "–"}[r.met]
            cells = [self._name(r), f"{fmt_int(r.numerator, lang())}/{fmt_int(r.denominator, lang())}",
                     fmt_pct(r.rate, lang()), target_text(r.target, r.compare, lang()), verdict,
                     "–" if r.target is None else fmt_int(r.gap, lang()),
                     r.lead_unit]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4 and r.met is not None:
                    item.setForeground(QBrush(QColor("#2e7d32" if r.met else "#c62828")))
                self.summary.setItem(row, col, item)
        self.summary.resizeColumnsToContents()
        self.summary.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        as_of = commune[0].as_of.strftime("%d/%m/%Y") if commune else ""
        self.status.setText(self.tr("Tính đến ngày {d}").format(d=as_of))
        self._fill_left(commune)
        self.summary.setCurrentCell(0, 0)
        self._draw(0)

    @staticmethod
    def _name(r: IndicatorResult) -> str:
        """The indicator's name in the interface language (the plan's data carries both)."""
        return load_plan().by_code[r.code].name_en if lang() == "en" else r.name

    def _fill_left(self, commune: list[IndicatorResult]) -> None:
        villages = sorted({r.village for r in self.results if r.village}, key=lambda v: [
            r.village for r in self.results if r.village].index(v))
        self.left.setColumnCount(1 + len(commune))
        self.left.setRowCount(len(villages))
        plan = load_plan().by_code
        shorts = [plan[r.code].short_en if lang() == "en" else r.short for r in commune]
        self.left.setHorizontalHeaderLabels([self.tr("Thôn"), *shorts])
        gaps = {(r.code, r.village): "–" if r.target is None else fmt_int(r.gap, lang()) for r in self.results}
        for row, village in enumerate(villages):
            self.left.setItem(row, 0, QTableWidgetItem(village))
            for col, c in enumerate(commune, start=1):
                item = QTableWidgetItem(gaps.get((c.code, village), fmt_int(0, lang())))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.left.setItem(row, col, item)
        self.left.resizeColumnsToContents()

    def _draw(self, row: int) -> None:
        commune = [r for r in self.results if r.village is None]
        if not 0 <= row < len(commune):
            return
        code = commune[row].code
        bars = [(r.village or "", r.rate, r.met) for r in self.results if r.code == code and r.village]
        self.chart.set_data(self._name(commune[row]), bars, commune[row].target)
