"""Bars per village against the target line, painted by hand (no QtCharts needed).

Every band is measured from the widget's font, so "Chữ to" grows the chart instead of piling text up: the title
(wrapped to two lines at most) on top, then the legend of the target line, then a row kept free for the value
above a full bar, the plot, and the village names below it (slanted, shortened with "…" when long)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from binhdan_desktop.domain.formatting import fmt_pct
from binhdan_desktop.ui.i18n import lang

MET, MISSED, NONE = QColor("#2e7d32"), QColor("#c62828"), QColor("#9e9e9e")
TARGET = QColor("#1565c0")
PAD = 6.0
SLANT = 30.0  # degrees the village names are turned, at least (more when the bars are narrow)
TITLE_FLAGS = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


@dataclass(frozen=True)
class Layout:
    """Where each part goes, in widget coordinates."""

    title: QRectF
    legend: QRectF
    plot: QRectF
    name_width: float  # the longest a village name may be drawn (elided beyond)
    slant: float  # degrees: steep enough that neighbouring names never overlap


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, float | None, bool | None]] = []
        self.target: float | None = None
        self.setMinimumHeight(max(260, round(QFontMetricsF(self.font()).height() * 15)))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, title: str, bars: list[tuple[str, float | None, bool | None]], target: float | None) -> None:
        self.title, self.bars, self.target = title, bars, target
        self.update()

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def layout_for(self, width: float, height: float) -> Layout:
        """The bands for a widget of this size: nothing drawn in one band reaches into another."""
        fm, bold = QFontMetricsF(self.font()), QFontMetricsF(self._bold())
        line = fm.height()
        title_h = min(bold.boundingRect(QRectF(0, 0, max(10.0, width - 2 * PAD), 1e4), TITLE_FLAGS,
                                        self.title).height(), 2 * bold.lineSpacing()) if self.title else 0.0
        title = QRectF(PAD, PAD, max(10.0, width - 2 * PAD), title_h)
        legend = QRectF(PAD, title.bottom() + PAD / 2, max(10.0, width - 2 * PAD), line)
        top = legend.bottom() + PAD / 2 + line + 2  # the row for the value above a full bar
        left = fm.horizontalAdvance("100%") + 2 * PAD
        widths = [fm.horizontalAdvance(name) for name, _, _ in self.bars] or [0.0]
        n = len(widths)
        slot = max(1.0, (width - left - 2 * PAD) / n)  # about: the right margin is not known yet
        slant = min(75.0, max(SLANT, math.degrees(math.asin(min(1.0, line * 1.1 / slot)))))
        sin, cos = math.sin(math.radians(slant)), math.cos(math.radians(slant))
        room = max(line, (height * 0.3 - 2 * PAD - cos * line) / sin)  # names take at most 30 % of the height
        name_width = min(max(widths), room, fm.averageCharWidth() * 18)
        bottom = PAD + sin * name_width + cos * line + PAD
        # The last name runs right of its bar by cos·width: keep the right margin wide enough for it.
        last = min(widths[-1], name_width)
        right = max(2 * PAD, (cos * last + 2 * PAD - (width - left) / (2 * n)) / (1 - 1 / (2 * n)))
        plot = QRectF(left, top, max(10.0, width - left - right), max(10.0, height - top - bottom))
        return Layout(title, legend, plot, name_width, slant)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        box = self.layout_for(self.width(), self.height())
        p.setFont(self._bold())
        p.setPen(QColor("#212121"))
        p.drawText(box.title, TITLE_FLAGS, self.title)
        p.setFont(self.font())
        self._grid(p, box.plot)
        self._bars(p, box)
        self._target(p, box)
        p.end()

    def _grid(self, p: QPainter, plot: QRectF) -> None:
        line = QFontMetricsF(self.font()).height()
        for k in range(5):
            y = plot.bottom() - plot.height() * k / 4
            p.setPen(QPen(QColor("#bdbdbd"), 1))
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(QColor("#616161"))
            p.drawText(QRectF(0, y - line / 2, plot.left() - PAD, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{k * 25}%")

    def _bars(self, p: QPainter, box: Layout) -> None:
        plot, fm = box.plot, QFontMetricsF(self.font())
        line = fm.height()
        slot = plot.width() / max(1, len(self.bars))
        small = QFont(self.font())  # a value label never wider than its bar's slot (it would cover the next)
        widest = max((fm.horizontalAdvance(fmt_pct(r, lang(), 0)) for _, r, _ in self.bars), default=1.0)
        small.setPointSizeF(self.font().pointSizeF() * max(0.6, min(1.0, (slot - 2) / max(1.0, widest))))
        for i, (name, rate, met) in enumerate(self.bars):
            h = plot.height() * min(1.0, max(0.0, rate or 0))
            bar = QRectF(plot.left() + i * slot + slot * 0.18, plot.bottom() - h, slot * 0.64, h)
            p.fillRect(bar, NONE if met is None else MET if met else MISSED)
            p.setPen(QColor("#212121"))
            p.setFont(small)
            p.drawText(QRectF(bar.center().x() - slot / 2, bar.top() - line - 2, slot, line),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, fmt_pct(rate, lang(), 0))
            p.setFont(self.font())
            p.save()
            p.translate(plot.left() + i * slot + slot / 2, plot.bottom() + PAD)
            p.rotate(box.slant)
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, box.name_width)
            p.drawText(QRectF(0, 0, box.name_width + 2, line), Qt.AlignmentFlag.AlignLeft, shown)
            p.restore()

    def _target(self, p: QPainter, box: Layout) -> None:
        """The target line across the plot; its label in the legend above, never on top of a bar's value."""
        if self.target is None:
            return
        pen = QPen(TARGET, 2, Qt.PenStyle.DashLine)
        y = box.plot.bottom() - box.plot.height() * min(1.0, max(0.0, self.target))
        p.setPen(pen)
        p.drawLine(int(box.plot.left()), int(y), int(box.plot.right()), int(y))
        text = self.tr("Mục tiêu {t}").format(t=fmt_pct(self.target, lang(), 0))
        width = QFontMetricsF(self.font()).horizontalAdvance(text)
        mid = box.legend.center().y()
        end = box.legend.right() - width - PAD
        p.drawLine(int(end - 28), int(mid), int(end - 4), int(mid))
        p.setPen(TARGET)
        p.drawText(QRectF(end, box.legend.top(), width + PAD, box.legend.height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
