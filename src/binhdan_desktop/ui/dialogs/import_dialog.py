"""The import wizard: choose the file and sheet, preview what will be created or updated and every
problem by sheet, row and column (with legacy-encoded names already converted), then import in one transaction.
Every answer the user gives after a preview (a column, a village, a likely match) makes the preview again, and
"Nhập" stays off until it is back: what is imported is what the summary says, with those answers.
Reading the file, the preview and the import run on the worker, their progress shown in the wizard itself (no
window-modal box over it, which would leave the wizard's own "Huỷ" unclickable): "Huỷ" stops the preview or the
import that runs (an import stopped while it writes is rolled back: "Đã huỷ, không có gì được ghi"), "Đóng" and Esc
close the dialog once nothing runs. While an import runs, the file, the sheet and the answers cannot be changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.errors import BinhdanError, fill
from binhdan_desktop.importers.plan import ColumnKey, by_column
from binhdan_desktop.importers.reader import PATTERNS, sheets
from binhdan_desktop.services import commune, everything, imports
from binhdan_desktop.services.import_problems import scope
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.dialogs.import_columns import ColumnTable
from binhdan_desktop.ui.dialogs.import_preview import PreviewTabs
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.screen_fit import room
from binhdan_desktop.ui.tasks import Cancelled, Progress, show_error

if TYPE_CHECKING:
    from binhdan_desktop.services import Database

ENCODINGS = {"unicode": "Unicode", "tcvn3": "TCVN3", "vni": "VNI-Windows"}
ANSWER_REFUSED = ("validation.", "import.dates_contrary")  # errors about an answer, not the file: the preview stays
LARGEST = QSize(1280, 800)  # the wizard opens this large, or as large as the screen's free area (1366×768 whole)
Basis = tuple[Path, str | None, str | None, dict[ColumnKey, str | None], dict[str, str | None],
              dict[str, str | None], dict[tuple[str, int], str], str | None]


def _signature(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time (None when it cannot be read): whether it changed since."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome: imports.ImportResult | None = None  # the last preview or import
        self.setWindowTitle(self.tr("Nhập danh sách hộ, nhân khẩu từ bảng tính"))
        self.resize(LARGEST.boundedTo(room(self)))  # its tables are the work: they get the screen
        self.path, self.sheet, self.village = QLineEdit(), QComboBox(), QComboBox()
        self.summary = QLabel(self.tr("Chọn tệp bảng tính (.xlsx, .xls, .ods, .csv…) rồi bấm Xem trước."))
        self.summary.setWordWrap(True)
        self.preview_tabs = PreviewTabs(self.save_problems)
        self.problems = self.preview_tabs.problems
        self.mapping = ColumnTable()
        self.pick_button, self.preview_button = QPushButton(self.tr("Chọn tệp…")), QPushButton(self.tr("Xem trước"))
        self.go = QPushButton(self.tr("Nhập vào cơ sở dữ liệu"))
        self.go.setEnabled(False)
        self.close_button, self.cancel_button = QPushButton(self.tr("Đóng")), QPushButton(self.tr("Huỷ"))
        self.progress = QProgressBar()  # the op that runs, shown here: "Huỷ" beside it stops it
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self._running: Progress | None = None  # the op on its way (its Progress cancels it)
        self._previewed: tuple[Path, str | None] | None = None  # the file the preview's choices are about
        self._basis: Basis | None = None  # what the shown preview was made with (file, sheet, village, answers)
        self._shown: Basis | None = None  # the same as the widgets show it once that preview is on screen
        self._again = False  # an answer came while a preview ran: make it again when that one is back
        self._listed: Path | None = None  # the file whose sheets the "Trang tính" box lists
        self._listing: Path | None = None  # the file whose sheets are being read
        self._wanted = False  # "Xem trước" was pressed before the sheets were listed: preview once they are
        # the file last refused, as it was then (size, time): "Xem trước" on it, unchanged, says it once, not twice
        self._refused: tuple[Path, tuple[int, int] | None] | None = None
        self._build()
        self._set_running(None)
        QueryOp(parent=self, op=commune.village_choices, success=self._fill_villages).run_in_background(ctx)

    def _build(self) -> None:
        self.pick_button.clicked.connect(lambda: self.pick())
        self.preview_button.clicked.connect(self.preview)
        self.go.clicked.connect(self.run_import)
        self.mapping.changed.connect(self._answered)
        self.preview_tabs.changed.connect(self._answered)
        self.sheet.currentIndexChanged.connect(self._answered)
        self.village.currentIndexChanged.connect(self._answered)
        self.village.addItem(self.tr("(theo cột Thôn trong tệp)"), None)
        self.path.editingFinished.connect(self._typed)
        self.path.textEdited.connect(self._path_edited)
        top = QGridLayout()  # two rows: the file; the sheet, the default village and the two actions
        for col, (words, widget) in enumerate(((self.tr("Tệp"), self.path), (self.tr("Trang tính"), self.sheet),
                                               (self.tr("Thôn mặc định"), self.village))):
            label = QLabel(words)
            label.setBuddy(widget)
            if col == 0:
                file_row = QHBoxLayout()
                file_row.addWidget(widget, 1)
                file_row.addWidget(self.pick_button)
                top.addWidget(label, 0, 0)
                top.addLayout(file_row, 0, 1, 1, 4)
            else:
                top.addWidget(label, 1, 2 * col - 2)
                top.addWidget(widget, 1, 2 * col - 1)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.go)
        top.addLayout(actions, 1, 4)
        top.setColumnStretch(1, 2)
        top.setColumnStretch(3, 2)
        self.tables = QSplitter(Qt.Orientation.Horizontal)  # the user may give either side more room
        self.tables.addWidget(self.mapping)
        self.tables.addWidget(self.preview_tabs)
        self.tables.setChildrenCollapsible(False)
        self.tables.setStretchFactor(0, 1)
        self.tables.setStretchFactor(1, 2)
        self._split = False  # the splitter's sizes are set once, when the dialog is first shown at its real size
        box = QDialogButtonBox()
        box.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)
        self.cancel_button.clicked.connect(self.cancel)
        for b in (self.pick_button, self.preview_button, self.go, self.cancel_button, self.close_button):
            b.setAutoDefault(False)  # Enter in the path field never starts an import
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.tables, 1)
        layout.addWidget(box)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split:
            self._split = True
            self._share_tables()

    def _share_tables(self) -> None:
        """The column table as wide as its three columns need (no sideways scrolling), at most 2/5 of the room on a
        small screen; the preview takes the rest."""
        width = self.tables.width() - self.tables.handleWidth()
        header = self.mapping.horizontalHeader()
        whole = (header.sectionSize(0) + header.sectionSize(1) + header.sectionSizeHint(2)
                 + self.mapping.verticalScrollBar().sizeHint().width() + 2 * self.mapping.frameWidth())
        left = min(whole, width * 2 // 5)
        self.tables.setSizes([left, width - left])

    def _set_running(self, progress: Progress | None, cancellable: bool = True) -> None:
        """What the two buttons offer: while an op runs, "Huỷ" stops it (when it can) and "Đóng" waits."""
        self._running = progress
        running = progress is not None
        self.progress.setVisible(running and cancellable)
        self.progress.setValue(0)
        self.close_button.setEnabled(not running)
        self.close_button.setToolTip(self.tr("Đang chạy: bấm Huỷ để dừng, hoặc chờ xong rồi đóng.") if running
                                     else self.tr("Đóng cửa sổ nhập (Esc)"))
        self.cancel_button.setEnabled(running and cancellable)
        self.cancel_button.setToolTip(
            self.tr("Dừng việc đang chạy; dữ liệu không thay đổi.") if running and cancellable
            else self.tr("Đang đọc tệp, việc này không dừng được; chờ một chút.") if running
            else self.tr("Không có việc đang chạy để huỷ."))

    def _done(self) -> None:
        self._set_running(None)

    def cancel(self) -> None:
        """Stop the preview or import that runs: the worker stops at its next step and nothing is stored (an
        import stopped while it writes is rolled back)."""
        if self._running is not None and not self._running.cancelled:
            self._running.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText(self.tr("Đang huỷ…"))

    def _progressed(self, fraction: float, _text: str) -> None:
        if self._running is not None:
            self.progress.setValue(int(fraction * 1000))

    def reject(self) -> None:
        if self._running is None:  # Esc, "Đóng" or the window's ×: not while a preview or an import runs
            super().reject()

    def pick(self, path: str | None = None) -> None:
        patterns = " ".join(PATTERNS)  # every suffix the reader takes, in both cases
        path = path or QFileDialog.getOpenFileName(
            self, self.tr("Chọn bảng tính"), str(Path.home()),
            self.tr("Bảng tính (Excel, LibreOffice, CSV) ({patterns})").format(patterns=patterns))[0]
        if not path:
            return
        # A file chosen (in the file dialog, or `path`): its sheets listed in "Trang tính" on the worker, the last
        # file's preview and answers gone.
        self.path.setText(path)
        self._forget_preview()
        self.sheet.clear()
        chosen = Path(path)
        self._listed, self._listing = None, chosen

        def listed(names: list[str]) -> None:
            if self._listing != chosen:  # another file was picked or typed meanwhile: its own listing fills the box
                if self._listing is None:
                    self._done()
                return
            self._done()
            self._listing, self._listed = None, chosen
            self.sheet.addItem(self.tr("(mọi trang tính)"), None)  # every sheet in one run, the default
            for name in names:
                self.sheet.addItem(name, name)
            if self._wanted:  # "Xem trước" came while the sheets were being read
                self._wanted = False
                self._run(dry_run=True)

        def failed(exc: BaseException) -> None:
            if self._listing != chosen:
                if self._listing is None:
                    self._done()
                return
            self._done()
            self._listing, self._wanted = None, False
            self._refused = (chosen, _signature(chosen))
            self._unreadable(chosen, exc)

        self._set_running(QueryOp(parent=self, op=lambda _db: sheets(chosen), success=listed).failure(failed)
                          .run_in_background(self.ctx), cancellable=False)

    def _typed(self) -> None:
        """The path typed (Enter, or the focus gone elsewhere): a file that is there has its sheets listed, as a
        picked one has."""
        text = self.path.text().strip()
        if text and Path(text) not in (self._listed, self._listing) and Path(text).is_file() \
                and not self._still_refused(Path(text)):
            self.pick(text)

    def _still_refused(self, path: Path) -> bool:
        """`path` is the file just refused, unchanged since: the line above the tables already says why."""
        return self._refused is not None and self._refused == (path, _signature(path))

    def _path_edited(self, _text: str) -> None:
        """The path changed by hand: the preview shown (and the sheets listed) are another file's."""
        self._listing = None  # a listing under way is the last path's
        if self._listed is not None or self.outcome is not None:
            self._forget_preview()
            self.sheet.clear()
            self._listed = None
            self.summary.setText(self.tr("Tệp đã đổi: bấm Xem trước để đọc tệp này."))

    def _forget_preview(self) -> None:
        """No preview on screen: the counts, the tables and the answers were another file's (or an unreadable
        one's): none of them is left to be taken for this file."""
        self.outcome = self._basis = self._shown = None
        self.go.setEnabled(False)
        self.mapping.forget()  # another file: the last file's column choices do not apply to it
        self.preview_tabs.forget()
        self.preview_tabs.empty()

    def _unreadable(self, path: Path, exc: BaseException) -> None:
        """The file could not be read (broken, hostile, missing): said in one line here and in the error box; no
        preview left on screen."""
        self._forget_preview()
        self.summary.setText(exc.message(lang()) if isinstance(exc, BinhdanError)  # it names the file and why
                             else self.tr("Không đọc được tệp {file}: {why}").format(file=path.name,
                                                                                  why=type(exc).__name__))
        show_error(self, exc)

    def _fill_villages(self, villages: list[tuple[str, str]]) -> None:
        for _, name in villages:
            self.village.addItem(name, name)

    def columns(self) -> dict[ColumnKey, str | None]:
        """The user's corrections of the column matching (see `ColumnTable.overrides`)."""
        return self.mapping.overrides()

    def _current(self) -> Basis:
        """What a preview made now would be made with: the file, sheet, default village and every answer."""
        path, sheet = Path(self.path.text()), self.sheet.currentData() or None
        same_file = self.outcome is not None and self._previewed == (path, sheet)
        return (path, sheet, self.village.currentData(), self.columns(),
                self.preview_tabs.village_choices() if same_file else {},
                self.preview_tabs.decisions() if same_file else {},
                self.preview_tabs.names() if same_file else {},
                self.preview_tabs.dates() if same_file else None)

    def _answered(self) -> None:
        """A column, a village or a likely match answered: the counts shown no longer hold; make them again."""
        if self.outcome is None or not self.outcome.dry_run:
            return
        self.go.setEnabled(False)
        if self._running is not None:
            self._again = True
            return
        self.summary.setText(self.tr("Đang tính lại theo lựa chọn của bạn…"))
        self._run(dry_run=True)

    def _run(self, dry_run: bool) -> None:
        basis = self._current() if dry_run or self._basis is None else self._basis
        if not dry_run and self._shown != self._current():  # answered since: the preview is being made again
            return
        path, sheet, village, columns, choices, decisions, names, dates = basis
        if not dry_run and not self._confirm_left_out():
            return

        def work(db: Database, progress: Progress) -> imports.ImportResult:
            return imports.import_file(db, path, sheet=sheet, village=village, dry_run=dry_run,
                                       progress=lambda f: progress.report(f), columns=columns or None,
                                       village_choices=choices or None, decisions=decisions or None,
                                       names=names or None, dates=dates)

        self._previewed = (path, sheet)
        self._again = False

        self.go.setEnabled(False)
        busy: tuple[QWidget, ...] = (self.pick_button, self.preview_button, self.path)  # the file being read
        op: QueryOp[imports.ImportResult] | CollectionOp[imports.ImportResult]
        if dry_run:  # the answers stay open: one given while the preview runs makes it again once it is back
            op = QueryOp(parent=self, op_progress=work)
            if self.outcome is None:  # else it says the preview is made again with the user's answers
                self.summary.setText(self.tr("Đang đọc tệp…"))
        else:  # what is imported is what the preview shown says: nothing of it changes while it runs
            op = CollectionOp(parent=self, op_progress=work) \
                .says(self.tr("Đã nhập danh sách từ {file}").format(file=path.name))
            busy += (self.sheet, self.village, self.mapping, self.preview_tabs)
            self.summary.setText(self.tr("Đang nhập… (bấm Huỷ để dừng: không có gì được ghi)"))
        self._set_running(op.disabling(*busy).reporting(self._progressed)
                          .success(lambda r: self.show_result(r, basis))
                          .failure(lambda exc: self._failed(exc, dry_run)).run_in_background(self.ctx))

    def _failed(self, exc: BaseException, dry_run: bool) -> None:
        self._done()
        self._again = False
        if isinstance(exc, Cancelled):
            self.summary.setText(self.tr("Đã huỷ; dữ liệu không thay đổi.") if dry_run
                                 else self.tr("Đã huỷ, không có gì được ghi."))
        elif dry_run and self._previewed is not None and not (
                isinstance(exc, BinhdanError) and exc.code.startswith(ANSWER_REFUSED)):
            self._unreadable(self._previewed[0], exc)  # the file could not be read: its last preview goes too
        # (an answer refused — "validation.…", a day/month order the file contradicts — keeps the preview and the
        # answers, to be answered otherwise)
        else:
            show_error(self, exc)
        self.go.setEnabled(not dry_run)  # a failed import may be tried again; a failed preview first needs a new one

    def preview(self) -> None:
        """"Xem trước": a path typed and not yet read has its sheets listed first, then the preview is made."""
        text = self.path.text().strip()
        if not text:
            self.summary.setText(self.tr("Chọn tệp bảng tính (.xlsx, .xls, .ods, .csv…) rồi bấm Xem trước."))
            return
        if Path(text) != self._listed:
            if self._still_refused(Path(text)):  # refused a moment ago and unchanged: not the same box again
                return
            self._wanted = True
            if Path(text) != self._listing:
                self.pick(text)
            return
        self._run(dry_run=True)

    def _confirm_left_out(self) -> bool:
        """The clean rows are imported; the user is told first exactly what is imported and what is left out."""
        r = self.outcome
        if r is None or not (r.rows_left_out or r.problems or r.villages_left_out):
            return True
        answer = QMessageBox.question(self, self.tr("Nhập các dòng không lỗi"), fill(self.tr(
            "Nhập {households} hộ, {people} người ({counts})?\n\nKhông nhập: {left}."),
            households=r.households_created + r.households_updated,
            people=r.people_created + r.people_updated, counts=self._counts(r, left=False),
            left="; ".join(self._left_out(r))))
        return answer == QMessageBox.StandardButton.Yes

    def _left_out(self, r: imports.ImportResult) -> list[str]:
        """What importing now leaves out, each said once: the rows of households with a problem or an undecided
        likely match, each problem of a whole sheet (no row of its own), the villages answered "(không nhập)", the
        template's example rows and the sheets without a list of people."""
        out = []
        if r.rows_left_out:
            households = sum(1 for h in r.households if h.status == "left_out")
            out.append(fill(self.tr("{n} dòng của {k} hộ có vấn đề hoặc chưa được xác nhận (xem thẻ Vấn đề)"),
                n=r.rows_left_out, k=households))
        one = r.sheets[0].name if len(r.sheets) == 1 else ""
        for p in r.problems:
            if scope(p) == "sheet":
                out.append(self.tr("trang tính “{sheet}”: {why}").format(sheet=p.sheet or one, why=p.text(lang())))
        if r.villages_left_out:
            out.append(fill(self.tr("{n} người của thôn chọn “(không nhập)”"), n=r.villages_left_out))
        if r.examples_skipped:
            out.append(fill(self.tr("{n} dòng mẫu (mã hộ MAU-…)"), n=r.examples_skipped))
        if r.skipped_sheets:
            out.append(self.tr("bỏ qua trang tính không có danh sách người: {names}").format(
                names=", ".join(f"“{name}”" for name in r.skipped_sheets)))
        return out or [self.tr("không dòng nào")]

    def save_problems(self) -> None:
        """The preview's problems as a workbook (row, column, value, why), written on the worker."""
        r = self.outcome
        if r is None:
            return
        target = QFileDialog.getSaveFileName(self, self.tr("Lưu danh sách lỗi"), str(Path.home() / "loi-nhap.xlsx"),
                                             "Excel (*.xlsx)")[0]
        if not target:
            return
        out = Path(target).with_suffix(".xlsx")
        QueryOp(parent=self, op=lambda _db: imports.write_problems(r, out),
                success=lambda p: self.summary.setText(self.tr("Đã lưu danh sách lỗi: {path}").format(path=p))) \
            .failure(lambda exc: show_error(self, exc)).run_in_background(self.ctx)

    def run_import(self) -> None:
        self._run(dry_run=False)

    def _counts(self, r: imports.ImportResult, left: bool = True) -> str:
        counts = fill(self.tr("tạo {hc} hộ, cập nhật {hu} hộ; tạo {pc} người, cập nhật {pu} người, {pn} người không "
                              "đổi"), hc=r.households_created, hu=r.households_updated, pc=r.people_created,
                      pu=r.people_updated, pn=r.people_unchanged)
        return counts + fill(self.tr("; {left} dòng không nhập"), left=r.rows_left_out) if left else counts

    def encodings(self, r: imports.ImportResult) -> str:
        """Which encoding was decided, per sheet and column: "Cột Họ tên: TCVN3; các cột khác: Unicode"."""
        parts = []
        for s in r.sheets:
            if not s.conversions:
                continue
            cols = "; ".join(self.tr("Cột {col}: {enc}").format(
                col=h, enc=", ".join(ENCODINGS.get(e, e.upper()) for e, _ in encs))
                for h, encs in by_column(s.conversions))
            where = self.tr("Trang {sheet}: ").format(sheet=s.name) if len(r.sheets) > 1 else ""
            parts.append(where + cols + self.tr("; các cột khác: Unicode"))
        if len(parts) < len(r.sheets) and parts:
            parts.append(self.tr("các trang khác: Unicode"))
        text = " — ".join(parts) or "Unicode"
        if r.file_encoding:
            text += self.tr(" (tệp văn bản {enc})").format(enc=r.file_encoding)
        return text

    def show_result(self, r: imports.ImportResult, basis: Basis | None = None) -> None:
        self._done()
        self.outcome, self._basis = r, basis
        self.mapping.fill(r)
        verb = self.tr("Sẽ") if r.dry_run else self.tr("Đã")
        self.summary.setText(self.tr("{verb} {counts}. Bảng mã: {enc}.").format(
            verb=verb, counts=self._summary_counts(r), enc=self.encodings(r)))
        self.preview_tabs.show_result(r, [self.village.itemData(i) for i in range(1, self.village.count())])
        self._shown = self._current()
        self.go.setEnabled(r.dry_run and not self._again)
        if self._again:  # answered while this preview ran
            self._answered()
        if not r.dry_run:
            self.ctx.changed.emit(everything())  # an import touches households, people and villages alike

    def _summary_counts(self, r: imports.ImportResult) -> str:
        """The counts as the summary says them: the rows not imported are those left out by a problem or an
        undecided likely match and those of a village the user set to "(không nhập)" (said apart)."""
        text = self._counts(replace(r, rows_left_out=r.rows_left_out + r.villages_left_out))
        if r.villages_left_out:
            text += fill(self.tr(" ({n} dòng của thôn chọn «không nhập»)"), n=r.villages_left_out)
        return text
