"""Bars per village against the target line, painted by hand (no QtCharts needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from binhdan_desktop.domain.formatting import fmt_pct
from binhdan_desktop.ui.i18n import lang

MET, MISSED, NONE = QColor("#2e7d32"), QColor("#c62828"), QColor("#9e9e9e")


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, float | None, bool | None]] = []
        self.target: float | None = None
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, title: str, bars: list[tuple[str, float | None, bool | None]], target: float | None) -> None:
        self.title, self.bars, self.target = title, bars, target
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        left, top, right, bottom = 48, 34, 16, 70
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(0, 4, self.width(), 24), Qt.AlignmentFlag.AlignCenter, self.title)
        p.setFont(self.font())
        p.setPen(QPen(QColor("#bdbdbd"), 1))
        for k in range(5):
            y = plot.bottom() - plot.height() * k / 4
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.drawText(QRectF(0, y - 9, left - 6, 18), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{k * 25}%")
        n = max(1, len(self.bars))
        slot = plot.width() / n
        for i, (name, rate, met) in enumerate(self.bars):
            h = plot.height() * (rate or 0)
            bar = QRectF(plot.left() + i * slot + slot * 0.18, plot.bottom() - h, slot * 0.64, h)
            p.fillRect(bar, NONE if met is None else MET if met else MISSED)
            p.setPen(QColor("#212121"))
            p.drawText(QRectF(bar.left() - 10, bar.top() - 18, bar.width() + 20, 16), Qt.AlignmentFlag.AlignCenter,
                       fmt_pct(rate, lang(), 0))
            p.save()
            p.translate(plot.left() + i * slot + slot / 2, plot.bottom() + 6)
            p.rotate(30)
            p.drawText(QRectF(0, -8, bottom * 1.6, 16), Qt.AlignmentFlag.AlignLeft, name)
            p.restore()
        if self.target is not None:
            y = plot.bottom() - plot.height() * self.target
            p.setPen(QPen(QColor("#1565c0"), 2, Qt.PenStyle.DashLine))
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.drawText(QRectF(plot.right() - 140, y - 18, 140, 16), Qt.AlignmentFlag.AlignRight,
                       self.tr("Mục tiêu {t}").format(t=fmt_pct(self.target, lang(), 0)))
        p.end()
