"""The Reports screen's "Điền biểu mẫu của tỉnh…" button: pick the province's form (an .xlsx with {{…}}
placeholders), pick where the filled copy goes, fill it on the worker for the screen's year and village."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from binhdan_desktop.services import Database, report_template
from binhdan_desktop.ui.operations import QueryOp

if TYPE_CHECKING:
    from binhdan_desktop.ui.views.reports import ReportsView


def fill_from_screen(view: ReportsView) -> None:
    """Ask for the form, then the output (never the form itself), then fill it on the worker with progress."""
    translate = QCoreApplication.translate
    xlsx = translate("ReportsView", "Bảng tính Excel (*.xlsx)")
    chosen, _ = QFileDialog.getOpenFileName(view, translate("ReportsView", "Chọn biểu mẫu của tỉnh"),
                                            str(view._folder()), xlsx)
    if not chosen:
        return
    template = Path(chosen).expanduser().absolute()
    out, _ = QFileDialog.getSaveFileName(view, translate("ReportsView", "Lưu biểu đã điền"),
                                         str(template.with_name(f"{template.stem}-da-dien.xlsx")), xlsx,
                                         options=QFileDialog.Option.DontConfirmOverwrite)
    if not out:
        return
    target = Path(out).expanduser().absolute()
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    if target == template:
        QMessageBox.warning(view, translate("ReportsView", "Không thực hiện được"),
                            translate("ReportsView", "Hãy lưu biểu đã điền vào một tệp khác, để giữ nguyên biểu mẫu."))
        return
    question = translate("ReportsView", "Tệp {name} đã có. Ghi đè?").format(name=target.name)
    if target.exists() and QMessageBox.question(view, translate("ReportsView", "Ghi đè tệp?"), question) \
            != QMessageBox.StandardButton.Yes:
        return
    year, village = view.year.currentData(), view.village.currentData()
    QueryOp(parent=view, op_progress=lambda db, progress: _fill(db, template, target, year, village,
                                                                progress.report)) \
        .with_progress(translate("ReportsView", "Đang điền biểu mẫu…")).disabling(view.template_button) \
        .success(view._done).run_in_background(view.ctx)


def _fill(db: Database, template: Path, target: Path, year: int | None, village: str | None,
          progress: Callable[[float], None]) -> Path:
    report_template.fill_template(db, template, target, year=year, village=village, progress=progress)
    return target
