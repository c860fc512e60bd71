"""Reports: choose one of the four reports, preview what will be exported, export to Excel or PDF, then open the
file or its folder. The signer, report number and recipients are filled in here too.

Everything the screen reads or writes runs on the worker through `services.reports`: the preview and the export
with a progress dialog whose Cancel stops them (no file is left), the signer block as one transaction."""

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
from binhdan_desktop.services import Changes
from binhdan_desktop.services import reports as svc
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.widgets.buttons import left_row

SIGNER_KEYS = tuple(svc.SIGNER_FIELDS)  # authority, title, name, number: the order of the form's rows


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(d: QDate) -> dt.date:
    return dt.date(d.year(), d.month(), d.day())


class ReportsView(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
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
        self.signer = [QLineEdit() for _ in SIGNER_KEYS]
        self.recipients = QPlainTextEdit()
        self.show_button = QPushButton(self.tr("Xem trước"))
        self.export_button = QPushButton(self.tr("Xuất báo cáo…"))
        self.save_button = QPushButton(self.tr("Lưu thông tin ký"))
        self.saved = QLabel()
        self._build()
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        self._kind_changed()
        ctx.changed.connect(self._on_changed)
        self._load(signer=True)

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
        self.show_button.clicked.connect(lambda: self.make_preview())
        self.export_button.clicked.connect(lambda: self.export())
        form.addRow(left_row(self.show_button, self.export_button))
        sign = QGroupBox(self.tr("Thông tin ký báo cáo"))
        sform = QFormLayout(sign)
        for label, edit in zip((self.tr("Thẩm quyền ký (vd: KT. CHỦ TỊCH)"), self.tr("Chức vụ (vd: PHÓ CHỦ TỊCH)"),
                                self.tr("Người ký"), self.tr("Số báo cáo")), self.signer, strict=True):
            sform.addRow(label, edit)
        sform.addRow(self.tr("Nơi nhận (mỗi dòng một nơi)"), self.recipients)
        self.save_button.clicked.connect(lambda: self.save_signer())
        sform.addRow(left_row(self.save_button, self.saved))
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(sign, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.preview, 1)

    # --- what the screen offers: years, villages, the signer block --------------------------------------------

    def _load(self, signer: bool) -> None:
        QueryOp(parent=self, op=svc.screen, success=lambda data: self._fill(data, signer)) \
            .run_in_background(self.ctx)

    def _fill(self, data: svc.ReportsScreen, signer: bool) -> None:
        year, village = self.year.currentData(), self.village.currentData()
        self.year.clear()
        for y in data.years:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(year if year in data.years else data.default_year)))
        self.village.clear()
        self.village.addItem(self.tr("Toàn xã"), None)
        for vid, name in data.villages:
            self.village.addItem(name, vid)
        self.village.setCurrentIndex(max(0, self.village.findData(village)))
        if signer and not self._signer_edited():  # never overwrite what the user is typing
            for edit, key in zip(self.signer, SIGNER_KEYS, strict=True):
                edit.setText(str(data.settings.get(key, "")))  # also clears isModified()
            recipients = data.settings.get(svc.RECIPIENTS)
            self.recipients.setPlainText("\n".join(recipients) if isinstance(recipients, list) else "")

    def _signer_edited(self) -> bool:
        return any(e.isModified() for e in self.signer) or self.recipients.document().isModified()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("plan_target", "village", "setting"):
            self._load(signer=changes.touches("setting"))

    def _kind_changed(self) -> None:
        dated = self.kind.currentData() in ("visits", "learners")
        self.start.setEnabled(dated)
        self.end.setEnabled(self.kind.currentData() == "visits")

    # --- the signer block: one service call, one transaction ---------------------------------------------------

    def save_signer(self) -> None:
        values: dict[str, object] = {key: edit.text() for key, edit in zip(SIGNER_KEYS, self.signer, strict=True)}
        values[svc.RECIPIENTS] = self.recipients.toPlainText()
        self.saved.clear()
        CollectionOp(parent=self, op=lambda db: svc.save_report_settings(db, values)) \
            .success(lambda _: self._signer_saved()).disabling(self.save_button).run_in_background(self.ctx)

    def _signer_saved(self) -> None:
        for edit in self.signer:
            edit.setModified(False)
        self.recipients.document().setModified(False)
        self.saved.setText(self.tr("Đã lưu."))

    # --- preview and export, on the worker with progress and cancel --------------------------------------------

    def _request(self) -> svc.ReportRequest:
        return svc.ReportRequest(self.kind.currentData(), year=self.year.currentData(),
                                 village=self.village.currentData(),
                                 start=_date(self.start.date()) if self.start.isEnabled() else None,
                                 end=_date(self.end.date()) if self.end.isEnabled() else None)

    def make_preview(self) -> None:
        request = self._request()
        QueryOp(parent=self, op_progress=lambda db, progress: svc.preview(db, request, progress.report)) \
            .with_progress(self.tr("Đang chuẩn bị xem trước…")).disabling(self.show_button) \
            .success(self._show_preview).run_in_background(self.ctx)

    def _show_preview(self, preview: svc.Preview) -> None:
        self.info.setText(self.tr("{title}: {n} dòng trong {t} bảng. Xem trước bảng đầu tiên:")
                          .format(title=preview.subject, n=fmt_int(preview.row_count, lang()),
                                  t=preview.table_count))
        self.preview.setRowCount(0)
        if not preview.columns:
            return
        self.preview.setColumnCount(len(preview.columns))
        self.preview.setHorizontalHeaderLabels([c.header for c in preview.columns])
        self.preview.setRowCount(len(preview.rows))
        for r, row in enumerate(preview.rows):
            for c, (value, col) in enumerate(zip(row, preview.columns, strict=True)):
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
        request = self._request()
        QueryOp(parent=self, op_progress=lambda db, progress: svc.export(db, request, path, fmt, progress.report)) \
            .with_progress(self.tr("Đang xuất báo cáo…")).disabling(self.export_button) \
            .success(self._done).run_in_background(self.ctx)

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
