"""Reports: choose one of the four reports, preview what will be exported, export to Excel or PDF in
the background with progress, then open the file or its folder. The signer, report number and
recipients are filled in here too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_date, fmt_int, fmt_pct
from binhdan_desktop.reports.model import Report
from binhdan_desktop.services import commune, indicators
from binhdan_desktop.services import reports as svc
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.tasks import Progress
from binhdan_desktop.ui.widgets.buttons import left_row

PREVIEW_ROWS = 200
SETTINGS = ("report.signer_authority", "report.signer_title", "report.signer_name", "report.number")


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class ReportsView(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.report: Report | None = None
        self.kind, self.year, self.village, self.fmt = QComboBox(), QComboBox(), QComboBox(), QComboBox()
        for key, text in (("results", self.tr("Kết quả thực hiện chỉ tiêu")),
                          ("checklist", self.tr("Danh sách hộ cần hỗ trợ (đi từng nhà)")),
                          ("visits", self.tr("Nhật ký thăm hộ")), ("learners", self.tr("Danh sách người học"))):
            self.kind.addItem(text, key)
        self.fmt.addItem("PDF", "pdf")
        self.fmt.addItem("Excel (xlsx)", "xlsx")
        today = dt.date.today()
        self.start, self.end = QDateEdit(_qdate(dt.date(today.year, 1, 1))), QDateEdit(_qdate(today))
        for d in (self.start, self.end):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
        self.info = QLabel()
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.signer = [QLineEdit() for _ in SETTINGS]
        self.recipients = QPlainTextEdit()
        self._build()
        self._load()
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        self._kind_changed()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Báo cáo"), self.kind)
        form.addRow(self.tr("Năm"), self.year)
        form.addRow(self.tr("Thôn"), self.village)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("đến")))
        dates.addWidget(self.end)
        form.addRow(self.tr("Từ ngày"), dates)
        form.addRow(self.tr("Định dạng"), self.fmt)
        show, export = QPushButton(self.tr("Xem trước")), QPushButton(self.tr("Xuất báo cáo…"))
        show.clicked.connect(self.make_preview)
        export.clicked.connect(self.export)
        form.addRow(left_row(show, export))
        sign = QGroupBox(self.tr("Thông tin ký báo cáo"))
        sform = QFormLayout(sign)
        for label, edit in zip((self.tr("Thẩm quyền ký (vd: KT. CHỦ TỊCH)"), self.tr("Chức vụ (vd: PHÓ CHỦ TỊCH)"),
                                self.tr("Người ký"), self.tr("Số báo cáo")), self.signer, strict=True):
            sform.addRow(label, edit)
        sform.addRow(self.tr("Nơi nhận (mỗi dòng một nơi)"), self.recipients)
        save = QPushButton(self.tr("Lưu thông tin ký"))
        save.clicked.connect(self.save_signer)
        sform.addRow(save)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(sign, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.preview, 1)

    def _load(self) -> None:
        with self.ctx.db.read() as s:
            years, default = indicators.plan_years(s), indicators.default_year(s)
            villages = commune.villages(s)
            values = [commune.get_setting(s, key, "") for key in SETTINGS]
            recipients = commune.get_setting(s, "report.recipients", []) or []
        for y in years:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(default)))
        self.village.addItem(self.tr("Toàn xã"), None)
        for v in villages:
            self.village.addItem(v.name, v.id)
        for edit, value in zip(self.signer, values, strict=True):
            edit.setText(str(value or ""))
        self.recipients.setPlainText("\n".join(str(r) for r in recipients))

    def _kind_changed(self) -> None:
        dated = self.kind.currentData() in ("visits", "learners")
        self.start.setEnabled(dated)
        self.end.setEnabled(self.kind.currentData() == "visits")

    def save_signer(self) -> None:
        db = self.ctx.db
        for key, edit in zip(SETTINGS, self.signer, strict=True):
            if self.ctx.act(self, lambda k=key, v=edit.text().strip(): commune.set_setting(db, k, v)) is None:
                return
        lines = [line.strip().rstrip(";.") for line in self.recipients.toPlainText().splitlines() if line.strip()]
        self.ctx.act(self, lambda: commune.set_setting(db, "report.recipients", lines))

    def _build_report(self) -> Report:
        q_start, q_end = self.start.date(), self.end.date()
        start = dt.date(q_start.year(), q_start.month(), q_start.day()) if self.start.isEnabled() else None
        end = dt.date(q_end.year(), q_end.month(), q_end.day()) if self.end.isEnabled() else None
        with self.ctx.db.read() as s:
            return svc.build(s, self.kind.currentData(), year=self.year.currentData(),
                             village=self.village.currentData(), start=start, end=end)

    def make_preview(self) -> None:
        try:
            self.report = self._build_report()
        except Exception as exc:
            from binhdan_desktop.ui.tasks import show_error

            show_error(self, exc)
            return
        report = self.report
        table = report.summary or (report.tables[0] if report.tables else None)
        self.info.setText(self.tr("{title}: {n} dòng trong {t} bảng. Xem trước bảng đầu tiên:")
                          .format(title=report.header.subject, n=fmt_int(report.row_count, lang()),
                                  t=len(report.tables)))
        if table is None:
            self.preview.setRowCount(0)
            return
        self.preview.setColumnCount(len(table.columns))
        self.preview.setHorizontalHeaderLabels([c.header for c in table.columns])
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (value, col) in enumerate(zip(row, table.columns, strict=True)):
                self.preview.setItem(r, c, QTableWidgetItem(self._text(value, col.kind)))
        self.preview.resizeColumnsToContents()
        for c in range(self.preview.columnCount()):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 320))

    @staticmethod
    def _text(value: object, kind: str) -> str:
        if isinstance(value, float) and kind == "pct":
            return fmt_pct(value, lang())
        if isinstance(value, int) and kind == "int":
            return fmt_int(value, lang())
        if isinstance(value, dt.date):
            return fmt_date(value)
        return "" if value is None else str(value)

    def export(self, target: str | None = None) -> None:
        fmt = self.fmt.currentData()
        if not target:
            suggested = f"{self.kind.currentData()}-{self.year.currentData()}.{fmt}"
            target, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu báo cáo"), str(Path.home() / suggested),
                                                    f"{fmt.upper()} (*.{fmt})")
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_suffix(f".{fmt}")
        report = self._build_report()

        def work(progress: Progress) -> Path:
            return svc.write(report, path, fmt, lambda f: progress.report(f))

        self.ctx.tasks.run(work, self._done, parent=self, title=self.tr("Đang xuất báo cáo…"))

    def _done(self, path: Path) -> None:
        self.last_file = path
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Đã xuất báo cáo"),
                          self.tr("Đã lưu báo cáo vào:\n{path}").format(path=path), parent=self)
        open_file = box.addButton(self.tr("Mở tệp"), QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton(self.tr("Mở thư mục"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
