"""Reports: choose one of the four reports, preview what will be exported, export to Excel or PDF, then open the
file or its folder. The signer and recipients are filled in here too; the report number is shown, read-only, as
the register will give it when the office issues the report (a draft has none).

Everything the screen reads or writes runs on the worker through `services.reports`: the preview and the export
with a progress dialog whose Cancel stops them (no file is left), the signer block as one transaction. Once a
preview is shown it follows the choices: changing the report, year, village or dates rebuilds it on the worker
(the latest choice wins; until then the table is greyed and says it is being updated). The file written is the
one named in the save dialog in the format chosen (a typed .xlsx/.pdf naming the other format is asked about
first), and an existing file is replaced only after the screen asked about that very name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QSignalBlocker, QStandardPaths, Qt, QUrl
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
from binhdan_desktop.domain.periods import ROMAN, parse_period
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import Changes
from binhdan_desktop.services import reports as svc
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.operations import CollectionOp, Progress, QueryOp
from binhdan_desktop.ui.tasks import Cancelled, show_error
from binhdan_desktop.ui.views import report_template_ui
from binhdan_desktop.ui.views.report_register import RegisterPanel
from binhdan_desktop.ui.widgets.buttons import left_row

AS_OF_FIELD_KINDS = ("results", "checklist", "learners", "period", "events")  # the visit log: its "đến" day
SIGNER_KEYS = tuple(svc.SIGNER_FIELDS)  # authority, title, name: the order of the form's rows


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
                          ("visits", self.tr("Nhật ký thăm hộ")), ("learners", self.tr("Danh sách người học")),
                          ("period", self.tr("Báo cáo theo kỳ (tháng, quý, 6 tháng, năm)")),
                          ("events", self.tr("Lớp học, sự kiện"))):
            self.kind.addItem(text, key)
        self.period = QComboBox()  # the period report's period within the chosen year: "" (the year), H1, Q3, 09
        for text, suffix in ((self.tr("Cả năm"), ""), (self.tr("6 tháng đầu năm"), "H1"),
                             (self.tr("6 tháng cuối năm"), "H2"),
                             *((self.tr("Quý {n}").format(n=r), f"Q{i}") for i, r in enumerate(ROMAN, 1)),
                             *((self.tr("Tháng {n}").format(n=m), f"{m:02d}") for m in range(1, 13))):
            self.period.addItem(text, suffix)
        self.fmt.addItem("PDF", "pdf")
        self.fmt.addItem("Excel (xlsx)", "xlsx")
        self.fmt.addItem("Word (.docx)", "docx")  # editable: the office writes its own sections before signing
        today = dt.date.today()
        self.start, self.end = QDateEdit(_qdate(dt.date(today.year, 1, 1))), QDateEdit(_qdate(today))
        # The day the figures are counted up to: the year's end, or today in the year under way.
        self.as_of = QDateEdit(_qdate(today))  # a later day is refused, with the note under the dates
        self._as_of_end: dt.date | None = None  # the year's or period's end the date was last set to (or today)
        for d in (self.start, self.end, self.as_of):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
        self.info = QLabel()
        self.info.setWordWrap(True)  # a long line (the visit log's period and counts) never widens the page
        self.date_note = QLabel()  # says so while the period ends before it starts
        self.date_note.setWordWrap(True)
        self.date_note.setStyleSheet("color: #c62828")
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.signer = [QLineEdit() for _ in SIGNER_KEYS]
        # The number is never typed: the register gives the year's next one when the office issues the report.
        self.number = QLabel()  # text, not a field: nothing to type into
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipients = QPlainTextEdit()
        self.show_button = QPushButton(self.tr("Xem trước"))
        self.export_button = QPushButton(self.tr("Xuất báo cáo…"))
        self.template_button = QPushButton(self.tr("Điền biểu mẫu của tỉnh…"))  # report_template_ui
        self.save_button = QPushButton(self.tr("Lưu thông tin ký"))
        self.saved = QLabel()
        self._shown: svc.ReportRequest | None = None  # what the preview table shows; None: no preview yet
        self._asked = 0  # the latest preview asked for (older answers are dropped)
        self._running: Progress | None = None  # that preview while it is being built
        self._wanted: svc.ReportRequest | None = None  # and its choice
        self._fresh_text = ""  # the line above the table while it shows the current choice
        kinds = {self.kind.itemData(i): self.kind.itemText(i) for i in range(self.kind.count())}
        self.register = RegisterPanel(ctx, kinds, self._request, lambda: str(self.fmt.currentData()), self._folder,
                                      self._done, self)  # the issued reports: issue, reprint
        self.register.loaded.connect(self._show_number)
        self._build()
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        for combo in (self.year, self.village, self.period):
            combo.currentIndexChanged.connect(lambda _: self._choice_changed())
        for d in (self.start, self.end, self.as_of):
            d.dateChanged.connect(lambda _: self._choice_changed())
        self._kind_changed()
        ctx.changed.connect(self._on_changed)
        self._load(signer=True)

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Báo cáo"), self.kind)
        form.addRow(self.tr("Năm"), self.year)
        form.addRow(self.tr("Kỳ báo cáo"), self.period)
        form.addRow(self.tr("Thôn"), self.village)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("đến")))
        dates.addWidget(self.end)
        form.addRow(self.tr("Từ ngày"), dates)
        form.addRow(self.tr("Số liệu tính đến ngày"), self.as_of)
        form.addRow("", self.date_note)
        self.date_note.hide()
        form.addRow(self.tr("Định dạng"), self.fmt)
        self.show_button.clicked.connect(lambda: self.make_preview())
        self.export_button.clicked.connect(lambda: self.export())
        self.template_button.clicked.connect(lambda: report_template_ui.fill_from_screen(self))
        form.addRow(left_row(self.show_button, self.export_button, self.template_button))
        sign = QGroupBox(self.tr("Thông tin ký báo cáo"))
        sform = QFormLayout(sign)
        for label, edit in zip((self.tr("Thẩm quyền ký (vd: KT. CHỦ TỊCH)"), self.tr("Chức vụ (vd: PHÓ CHỦ TỊCH)"),
                                self.tr("Người ký")), self.signer, strict=True):
            sform.addRow(label, edit)
        sform.addRow(self.tr("Số báo cáo"), self.number)
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
        layout.addWidget(self.register)

    # --- what the screen offers: years, villages, the signer block --------------------------------------------

    def _load(self, signer: bool) -> None:
        QueryOp(parent=self, op=svc.screen, success=lambda data: self._fill(data, signer)) \
            .run_in_background(self.ctx)

    def _fill(self, data: svc.ReportsScreen, signer: bool) -> None:
        year, village = self.year.currentData(), self.village.currentData()
        with QSignalBlocker(self.year), QSignalBlocker(self.village):  # one "choice changed" after, not dozens
            self.year.clear()
            for y in data.years:
                self.year.addItem(str(y), y)
            self.year.setCurrentIndex(max(0, self.year.findData(year if year in data.years else data.default_year)))
            self.village.clear()
            self.village.addItem(self.tr("Toàn xã"), None)
            for vid, name in data.villages:
                self.village.addItem(name, vid)
            self.village.setCurrentIndex(max(0, self.village.findData(village)))
        self._choice_changed()
        if signer and not self._signer_edited():  # never overwrite what the user is typing
            for edit, key in zip(self.signer, SIGNER_KEYS, strict=True):
                edit.setText(str(data.settings.get(key, "")))  # also clears isModified()
            recipients = data.settings.get(svc.RECIPIENTS)
            self.recipients.setPlainText("\n".join(recipients) if isinstance(recipients, list) else "")

    def _show_number(self, office: bool, upcoming: str) -> None:
        """The number the register will give the next report issued (the office), or why there is none."""
        self.number.setText(self.tr("{number} (sẽ cấp khi phát hành)").format(number=upcoming) if office and upcoming
                            else self.tr("chỉ máy văn phòng xã cấp số; bản xuất ở máy này là bản nháp"))

    def _signer_edited(self) -> bool:
        return any(e.isModified() for e in self.signer) or self.recipients.document().isModified()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("plan_target", "village", "setting"):
            self._load(signer=changes.touches("setting"))

    def _kind_changed(self) -> None:
        dated = self.kind.currentData() in ("visits", "learners", "events")
        self.start.setEnabled(dated)
        # The visit log ends on its "đến" day; every other report counts to "Số liệu tính đến ngày" (the events
        # report: the end of its period; the period report: a day of its period, at first its end).
        self.end.setEnabled(self.kind.currentData() == "visits")
        self.as_of.setEnabled(self.kind.currentData() in AS_OF_FIELD_KINDS)
        self.period.setEnabled(self.kind.currentData() == "period")
        self._choice_changed()

    def _follow_year(self) -> None:
        """Another year (or period) chosen: its figures are counted up to its end, or today while it runs; a day
        typed stays while the choice keeps that end."""
        year = self.year.currentData()
        if not isinstance(year, int):
            return
        code = self._period()
        end = parse_period(code).end if code else dt.date(year, 12, 31)
        if end != self._as_of_end:
            self._as_of_end = end
            with QSignalBlocker(self.as_of):
                self.as_of.setDate(_qdate(min(dt.date.today(), end)))

    def _choice_changed(self) -> None:
        """The report, year, village or a date changed: say so when the period is wrong, and rebuild a preview
        that is shown (or being built) for the new choice."""
        self._follow_year()
        error = self._date_error()
        self.date_note.setText(error.message(lang()) if error else "")
        self.date_note.setVisible(error is not None)
        showing = self._wanted if self._running is not None else self._shown
        if showing is None:
            return
        if showing != self._request():
            self._refresh_preview(explicit=False)
        elif self._running is None:  # back to the choice the table shows (after a wrong period, say)
            self._mark_fresh()

    def _date_error(self) -> BinhdanError | None:
        request = self._request()
        try:
            svc.check_request(request)
        except BinhdanError as exc:
            return exc
        return None

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
                                 end=_date(self.end.date()) if self.end.isEnabled() else None,
                                 as_of=_date(self.as_of.date()) if self.as_of.isEnabled() else None,
                                 period=self._period())

    def _period(self) -> str | None:
        """The period report's period: the year chosen, and its half, quarter or month ("2026-Q3")."""
        if not self.period.isEnabled() or self.year.currentData() is None:
            return None
        suffix = self.period.currentData()
        return f"{self.year.currentData()}-{suffix}" if suffix else str(self.year.currentData())

    def make_preview(self) -> None:
        """The "Xem trước" button: build the preview for the current choice, with progress and cancel."""
        self._refresh_preview(explicit=True)

    def _refresh_preview(self, *, explicit: bool) -> None:
        """Build the preview of the current choice on the worker; a preview still being built for an older
        choice is cancelled and its answer dropped (the latest request wins)."""
        if self._running is not None:
            self._running.cancel()
            self._running = None
        self._asked += 1
        request, asked = self._request(), self._asked
        self._wanted = request
        error = self._date_error()
        if error is not None:
            self._mark_stale(error.message(lang()))
            self.show_button.setEnabled(True)
            if explicit:
                show_error(self, error)
            return
        if not explicit and request == self._shown:  # back to what is shown: nothing to rebuild
            self._mark_fresh()
            self.show_button.setEnabled(True)
            return
        self._mark_stale(self.tr("Đang cập nhật bản xem trước cho lựa chọn mới…"))
        op = QueryOp(parent=self, op_progress=lambda db, progress: svc.preview(db, request, progress.report)) \
            .success(lambda preview: self._preview_ready(asked, request, preview)) \
            .failure(lambda exc: self._preview_failed(asked, exc))
        if explicit:
            op.with_progress(self.tr("Đang chuẩn bị xem trước…"))
        self.show_button.setEnabled(False)  # one preview at a time from the button; enabled by the latest's end
        self._running = op.run_in_background(self.ctx)

    def _preview_ready(self, asked: int, request: svc.ReportRequest, preview: svc.Preview) -> None:
        if asked != self._asked:  # a newer choice was made meanwhile: its own preview follows
            return
        self._running = None
        self.show_button.setEnabled(True)
        self._shown, self._fresh_text = request, self._summary(preview)
        self._show_preview(preview)
        self._mark_fresh()

    def _preview_failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:  # cancelled (or failed) because a newer choice replaced it
            return
        self._running = None
        self.show_button.setEnabled(True)
        if self._shown is not None:
            self._mark_stale(self.tr("Bản xem trước chưa được cập nhật cho lựa chọn này; bấm “Xem trước”."))
        if not isinstance(exc, Cancelled):
            show_error(self, exc)

    def _mark_stale(self, why: str) -> None:
        """The table shows an older choice (or nothing yet): greyed, and the line above it says why."""
        if self._shown is not None:
            self.preview.setEnabled(False)
            self.info.setText(why)

    def _mark_fresh(self) -> None:
        self.preview.setEnabled(True)
        self.info.setText(self._fresh_text)

    def _summary(self, preview: svc.Preview) -> str:
        n, t = fmt_int(preview.row_count, lang()), preview.table_count
        if preview.as_of is None:
            return self.tr("{title}: {n} dòng trong {t} bảng. Xem trước bảng đầu tiên:").format(
                title=preview.subject, n=n, t=t)
        return self.tr("{title}: {n} dòng trong {t} bảng; số liệu tính đến ngày {date}. Xem trước bảng đầu tiên:"
                       ).format(title=preview.subject, n=n, t=t, date=fmt_date(preview.as_of))

    def _show_preview(self, preview: svc.Preview) -> None:
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
        """The "Xuất báo cáo…" button: ask where (or write to `target`), fix the name and format up, ask before
        replacing that very file, then export on the worker with progress and cancel."""
        error = self._date_error()
        if error is not None:
            show_error(self, error)
            return
        request, fmt = self._request(), self.fmt.currentData()
        chosen = (target, fmt) if target else self._ask_file(request, fmt)
        if not chosen[0]:
            return
        typed = self._agreed_name(Path(chosen[0]).expanduser().absolute(), chosen[1])
        if typed is None:
            return
        path, fmt = svc.export_target(typed, chosen[1])
        self.fmt.setCurrentIndex(self.fmt.findData(fmt))  # the screen shows the format written
        replace = path.exists() or path.is_symlink()
        if replace and QMessageBox.question(
                self, self.tr("Ghi đè tệp?"),
                self.tr("Tệp {name} đã có trong thư mục {folder}.\nGhi đè tệp này bằng báo cáo mới?")
                .format(name=path.name, folder=path.parent)) != QMessageBox.StandardButton.Yes:
            return
        QueryOp(parent=self, op_progress=lambda db, progress: svc.export(db, request, path, fmt, progress.report,
                                                                          replace=replace)) \
            .with_progress(self.tr("Đang xuất báo cáo…")).disabling(self.export_button) \
            .success(self._done).run_in_background(self.ctx)

    def _agreed_name(self, typed: Path, fmt: str) -> Path | None:
        """A typed extension naming the other format (.pdf with Excel chosen) is never followed silently: the
        user is asked whether to write the chosen format under the name with its own extension; None: no."""
        suffix = typed.suffix.lower().lstrip(".")
        if suffix not in svc.FORMATS or suffix == fmt or fmt not in svc.FORMATS:
            return typed
        names = {"xlsx": "Excel", "pdf": "PDF", "docx": "Word"}
        fixed = typed.with_suffix(f".{fmt}")
        answer = QMessageBox.question(
            self, self.tr("Đuôi tệp khác định dạng đã chọn"),
            self.tr("Đã chọn {fmt} nhưng tên tệp có đuôi .{typed}. Xuất {fmt} vào {name}?")
            .format(fmt=names[fmt], typed=suffix, name=fixed.name))
        return fixed if answer == QMessageBox.StandardButton.Yes else None

    def _ask_file(self, request: svc.ReportRequest, fmt: str) -> tuple[str, str]:
        """The save dialog, opened on a Vietnamese ASCII name in the last folder used (else Documents). It does
        not ask about replacing: the name it returns may still change (.xlsx added), so the screen asks after."""
        village = self.village.currentText() if self.village.currentData() else None
        filters = {"xlsx": self.tr("Bảng tính Excel (*.xlsx)"), "pdf": self.tr("Tệp PDF (*.pdf)"),
                   "docx": self.tr("Tài liệu Word (*.docx)")}
        order = [filters[fmt], *(f for k, f in filters.items() if k != fmt)]
        chosen, picked = QFileDialog.getSaveFileName(
            self, self.tr("Lưu báo cáo"), str(self._folder() / svc.file_name(request, village, fmt)),
            ";;".join(order), filters[fmt], QFileDialog.Option.DontConfirmOverwrite)
        return chosen, next((k for k, f in filters.items() if f == picked), fmt)

    def _folder(self) -> Path:
        """Where the save dialog opens: the folder of the last report, else the user's Documents, else home."""
        candidates = [str(self.ctx.prefs.get(P.REPORTS_FOLDER) or ""),
                      QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)]
        return next((Path(c) for c in candidates if c and Path(c).is_dir()), Path.home())

    def _done(self, path: Path) -> None:
        """Say where the report went, window-modal but without a nested event loop (`open`, not `exec`): the
        worker's later results keep arriving while the box is up."""
        self.last_file = path
        self.ctx.prefs.set(P.REPORTS_FOLDER, str(path.parent))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Đã xuất báo cáo"),
                          self.tr("Đã lưu báo cáo vào:\n{path}").format(path=path), parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_file = box.addButton(self.tr("Mở tệp"), QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton(self.tr("Mở thư mục"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.RejectRole)

        def clicked(button: object) -> None:
            if button is open_file:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            elif button is open_folder:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

        box.buttonClicked.connect(clicked)
        box.open()
