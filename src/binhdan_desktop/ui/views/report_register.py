"""The register of issued reports on the Reports screen: a table (number, date, kind, village, signer) and two
buttons, "Phát hành…" (issue the current choice with the year's next number; the office's device only) and
"In lại…" (write the selected issued report again from its stored figures, marked as a copy). Both run on the
worker through `services.report_register`, each one call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.services import Changes
from binhdan_desktop.services import report_register as reg
from binhdan_desktop.services import reports as svc
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.widgets.buttons import left_row


class RegisterPanel(QGroupBox):
    """`request`/`fmt`/`folder` give the screen's current choice, format and folder; `done` says where a file went.
    `loaded` tells, each time the register is read, whether this device issues and the number it would give next."""

    loaded = Signal(bool, str)

    def __init__(self, ctx: AppContext, kinds: dict[str, str], request: Callable[[], svc.ReportRequest],
                 fmt: Callable[[], str], folder: Callable[[], Path], done: Callable[[Path], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sổ báo cáo đã phát hành"))
        self.ctx, self.kinds, self._request, self._fmt, self._folder, self._done = \
            ctx, kinds, request, fmt, folder, done
        self.office = False
        self.entries: list[reg.Entry] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Số"), self.tr("Ngày"), self.tr("Báo cáo"), self.tr("Thôn"),
                                              self.tr("Người ký")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(160)  # a few entries visible under the preview
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.issue_button = QPushButton(self.tr("Phát hành…"))
        self.reprint_button = QPushButton(self.tr("In lại…"))
        self.issue_button.clicked.connect(lambda: self.issue())
        self.reprint_button.clicked.connect(lambda: self.reprint())
        self.table.itemSelectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(left_row(self.issue_button, self.reprint_button))
        self._enable()
        ctx.changed.connect(self._on_changed)
        self.load()

    def load(self) -> None:
        QueryOp(parent=self, op=reg.screen, success=self._fill).run_in_background(self.ctx)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("report_issue", "sync_local"):
            self.load()

    def _fill(self, screen: reg.RegisterScreen) -> None:
        self.office, self.entries = screen.office, screen.entries
        self.loaded.emit(screen.office, screen.next_number)
        self.note.setText(self.tr("Máy văn phòng xã: “Phát hành…” cấp số tiếp theo của năm cho báo cáo đang chọn.")
                          if self.office else
                          self.tr("Máy này không phải máy văn phòng xã: báo cáo xuất ra là bản nháp; chỉ máy văn "
                                  "phòng xã phát hành và cấp số."))
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            signer = " ".join(t for t in (e.signer_title, e.signer_name) if t)
            for c, text in enumerate((e.number, fmt_date(e.issued_on), self.kinds.get(e.kind, e.kind),
                                      e.village or self.tr("Toàn xã"), signer)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._enable()

    def _enable(self) -> None:
        self.issue_button.setEnabled(self.office)
        self.issue_button.setToolTip("" if self.office else self.tr("Chỉ máy văn phòng xã phát hành báo cáo."))
        self.reprint_button.setEnabled(self.selected() is not None)

    def selected(self) -> reg.Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows and rows[0].row() < len(self.entries) else None

    def _ask(self, title: str, name: str, fmt: str) -> tuple[Path, str, bool] | None:
        """The save dialog; then the file and format, and whether the user agreed to replace it (None: cancelled)."""
        filters = {"xlsx": self.tr("Bảng tính Excel (*.xlsx)"), "pdf": self.tr("Tệp PDF (*.pdf)")}
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(self._folder() / name), ";;".join(filters.values()),
                                                filters.get(fmt, ""), QFileDialog.Option.DontConfirmOverwrite)
        if not chosen:
            return None
        path, fmt = svc.export_target(Path(chosen).expanduser().absolute(), fmt)
        replace = path.exists() or path.is_symlink()
        if replace and QMessageBox.question(
                self, self.tr("Ghi đè tệp?"),
                self.tr("Tệp {name} đã có trong thư mục {folder}.\nGhi đè tệp này bằng báo cáo mới?")
                .format(name=path.name, folder=path.parent)) != QMessageBox.StandardButton.Yes:
            return None
        return path, fmt, replace

    def issue(self) -> None:
        """Issue the screen's current choice: asked first (a number given is never taken back), then where."""
        request, fmt = self._request(), self._fmt()
        if QMessageBox.question(
                self, self.tr("Phát hành báo cáo"),
                self.tr("Phát hành “{kind}” với số tiếp theo của năm? Số đã cấp không thu hồi được; báo cáo được "
                        "lưu vào sổ để in lại đúng như khi phát hành.").format(
                    kind=self.kinds.get(request.kind, request.kind))) != QMessageBox.StandardButton.Yes:
            return
        asked = self._ask(self.tr("Lưu báo cáo phát hành"), svc.file_name(request, None, fmt), fmt)
        if asked is None:
            return
        path, fmt, replace = asked
        CollectionOp(parent=self, op=lambda db: reg.issue(db, request, path, fmt, replace_file=replace)) \
            .disabling(self.issue_button).success(lambda issued: self._done(issued.path)) \
            .run_in_background(self.ctx)

    def reprint(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        fmt = self._fmt()
        asked = self._ask(self.tr("Lưu bản sao báo cáo"), reg.file_name(entry, fmt), fmt)
        if asked is None:
            return
        path, fmt, replace = asked
        QueryOp(parent=self, op=lambda db: reg.reprint(db, entry.id, path, fmt, replace_file=replace)) \
            .disabling(self.reprint_button).success(self._done).run_in_background(self.ctx)
