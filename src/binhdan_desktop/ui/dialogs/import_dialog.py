"""The import wizard: choose the file and sheet, preview what will be created or updated and every
problem by row and column (with legacy-encoded names already converted), then import in one transaction.
Reading the file, the preview and the import run on the worker, with progress and cancel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.importers.reader import sheets
from binhdan_desktop.services import commune, everything, imports
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.tasks import Cancelled, Progress, show_error
from binhdan_desktop.ui.widgets.buttons import left_row

if TYPE_CHECKING:
    from binhdan_desktop.services import Database

ENCODINGS = {"unicode": "Unicode", "tcvn3": "TCVN3 (ABC, .VnTime)", "vni": "VNI-Windows"}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome: imports.ImportResult | None = None  # the last preview or import
        self.setWindowTitle(self.tr("Nhập danh sách hộ, nhân khẩu từ bảng tính"))
        self.resize(960, 640)
        self.path, self.sheet, self.village = QLineEdit(), QComboBox(), QComboBox()
        self.summary = QLabel(self.tr("Chọn tệp Excel (.xlsx) hoặc .csv rồi bấm Xem trước."))
        self.summary.setWordWrap(True)
        self.names = _table([self.tr("Thôn"), self.tr("Họ và tên (đã chuyển mã)"), self.tr("Năm sinh")])
        self.problems = _table([self.tr("Dòng"), self.tr("Cột"), self.tr("Vấn đề")])
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([self.tr("Thông tin"), self.tr("Cột trong tệp (sửa nếu sai)")])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.pick_button, self.preview_button = QPushButton(self.tr("Chọn tệp…")), QPushButton(self.tr("Xem trước"))
        self.go = QPushButton(self.tr("Nhập vào cơ sở dữ liệu"))
        self.go.setEnabled(False)
        self._build()
        QueryOp(parent=self, op=commune.village_choices, success=self._fill_villages).run_in_background(ctx)

    def _build(self) -> None:
        self.pick_button.clicked.connect(lambda: self.pick())
        self.preview_button.clicked.connect(self.preview)
        self.go.clicked.connect(self.run_import)
        self.village.addItem(self.tr("(theo cột Thôn trong tệp)"), None)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.pick_button)
        form = QFormLayout()
        form.addRow(self.tr("Tệp"), row)
        form.addRow(self.tr("Trang tính"), self.sheet)
        form.addRow(self.tr("Thôn mặc định"), self.village)
        buttons = left_row(self.preview_button, self.go)
        tables = QHBoxLayout()
        tables.addWidget(self.mapping, 1)
        tables.addWidget(self.names, 1)
        tables.addWidget(self.problems, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)

    def pick(self, path: str | None = None) -> None:
        path = path or QFileDialog.getOpenFileName(self, self.tr("Chọn bảng tính"), str(Path.home()),
                                                   "Excel/CSV (*.xlsx *.csv)")[0]
        if not path:
            return
        self.path.setText(path)
        self.sheet.clear()
        chosen = Path(path)
        QueryOp(parent=self, op=lambda _db: sheets(chosen), success=self.sheet.addItems) \
            .disabling(self.preview_button).run_in_background(self.ctx)

    def _fill_villages(self, villages: list[tuple[str, str]]) -> None:
        for _, name in villages:
            self.village.addItem(name, name)

    def columns(self) -> dict[str, str | None]:
        """The user's corrections of the column matching (from the combos)."""
        out: dict[str, str | None] = {}
        for r in range(self.mapping.rowCount()):
            box, item = self.mapping.cellWidget(r, 1), self.mapping.item(r, 0)
            if isinstance(box, QComboBox) and item is not None:
                out[item.data(256)] = box.currentData()
        return out

    def _fill_mapping(self, r: imports.ImportResult) -> None:
        from binhdan_desktop.importers.plan import FIELD_LABELS

        self.mapping.setRowCount(len(FIELD_LABELS))
        for row, (key, label) in enumerate(FIELD_LABELS.items()):
            item = QTableWidgetItem(label)
            item.setData(256, key)
            self.mapping.setItem(row, 0, item)
            box = QComboBox()
            box.addItem(self.tr("(không dùng)"), "")
            for header in r.headers:
                box.addItem(header, header)
            box.setCurrentIndex(max(0, box.findData(r.columns.get(key, ""))))
            self.mapping.setCellWidget(row, 1, box)

    def _run(self, dry_run: bool) -> None:
        path, sheet, village = Path(self.path.text()), self.sheet.currentText() or None, self.village.currentData()
        columns = self.columns() or None

        def work(db: Database, progress: Progress) -> imports.ImportResult:
            return imports.import_file(db, path, sheet=sheet, village=village, dry_run=dry_run,
                                       progress=lambda f: progress.report(f), columns=columns)

        self.go.setEnabled(False)
        busy = (self.pick_button, self.preview_button)
        if dry_run:
            QueryOp(parent=self, op_progress=work).with_progress(self.tr("Đang đọc tệp…")).disabling(*busy) \
                .success(self.show_result).failure(lambda exc: self._failed(exc, dry_run)) \
                .run_in_background(self.ctx)
        else:
            CollectionOp(parent=self, op_progress=work).with_progress(self.tr("Đang nhập…")).disabling(*busy) \
                .success(self.show_result).failure(lambda exc: self._failed(exc, dry_run)) \
                .run_in_background(self.ctx)

    def _failed(self, exc: BaseException, dry_run: bool) -> None:
        if isinstance(exc, Cancelled):
            self.summary.setText(self.tr("Đã huỷ; dữ liệu không thay đổi."))
        else:
            show_error(self, exc)
        self.go.setEnabled(not dry_run)  # a failed import may be tried again; a failed preview first needs a new one

    def preview(self) -> None:
        self._run(dry_run=True)

    def run_import(self) -> None:
        self._run(dry_run=False)

    def show_result(self, r: imports.ImportResult) -> None:
        self.outcome = r
        self._fill_mapping(r)
        verb = self.tr("Sẽ") if r.dry_run else self.tr("Đã")
        self.summary.setText(self.tr(
            "{verb} tạo {hc} hộ, cập nhật {hu} hộ; tạo {pc} người, cập nhật {pu} người, {pn} người không đổi. "
            "Dòng tiêu đề: {row}; bảng mã: {enc}; cột nhận ra: {cols}.").format(
            verb=verb, hc=r.households_created, hu=r.households_updated, pc=r.people_created, pu=r.people_updated,
            pn=r.people_unchanged, row=r.header_row, enc=ENCODINGS.get(r.encoding, r.encoding),
            cols=", ".join(r.columns.values())))
        self.names.setRowCount(len(r.sample))
        for i, values in enumerate(r.sample):
            for j, v in enumerate(values):
                self.names.setItem(i, j, QTableWidgetItem(v))
        self.problems.setRowCount(len(r.problems))
        for i, p in enumerate(r.problems):
            for j, v in enumerate((str(p.row), p.column, p.message)):
                self.problems.setItem(i, j, QTableWidgetItem(v))
        self.go.setEnabled(r.dry_run)
        if not r.dry_run:
            self.ctx.changed.emit(everything())  # an import touches households, people and villages alike
