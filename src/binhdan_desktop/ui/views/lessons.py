"""The curriculum: each lesson with how many people completed it; add or edit a lesson (on the worker)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.services import Changes
from binhdan_desktop.services import lessons as svc
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import left_row, save_cancel
from binhdan_desktop.ui.widgets.form_dialog import FormDialog, confirm_delete
from binhdan_desktop.ui.widgets.headers import fit_header


class LessonDialog(FormDialog):
    """Add or edit a lesson: Enter never saves (Ctrl+S or the button does); Esc asks before dropping edits."""

    def __init__(self, ctx: AppContext, lesson_id: str | None, draft: svc.LessonDraft | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.lesson_id = ctx, lesson_id
        self._new = draft is None
        self.setWindowTitle(self.tr("Bài học"))
        self.resize(620, 300)
        d = draft or svc.LessonDraft("", "")
        self.code, self.title = QLineEdit(d.code), QLineEdit(d.title)
        self.description, self.area = QLineEdit(d.description), QLineEdit(d.skill_area)
        self.groups, self.framework = QLineEdit(", ".join(d.groups)), QLineEdit(d.framework)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setValue(d.minutes or 45)
        self.serves = d.serves
        form = QFormLayout(self)
        form.addRow(self.tr("Mã bài"), self.code)
        form.addRow(self.tr("Tên bài"), self.title)
        form.addRow(self.tr("Mô tả"), self.description)
        form.addRow(self.tr("Lĩnh vực kỹ năng"), self.area)
        form.addRow(self.tr("Nhóm đối tượng (ND, CB, LD, HS)"), self.groups)
        form.addRow(self.tr("Thành phần khung năng lực"), self.framework)
        form.addRow(self.tr("Thời lượng (phút)"), self.minutes)
        self.buttons = save_cancel(self, self.save)
        form.addRow(self.buttons)
        self._loaded = self.draft()

    def save(self) -> None:
        """Save on the worker; the form closes once saved, and stays open with what was typed if refused."""
        if self._saving:
            return
        self._saving = True
        self._save_op(self.draft()).success(self._saved).failure(self._refused) \
            .disabling(self.buttons).run_in_background(self.ctx)

    def _save_op(self, draft: svc.LessonDraft) -> CollectionOp[Changes]:
        if self.lesson_id is None:
            return CollectionOp(parent=self, op=lambda db: svc.create_lesson(db, draft)).undoable(
                self.tr("Thêm bài học {code}").format(code=draft.code),
                lambda ch: lambda db: svc.delete_lesson(db, ch.created or "")) \
                .says(self.tr("Đã thêm bài học {code}").format(code=draft.code))
        lid, before = self.lesson_id, self._loaded
        return CollectionOp(parent=self, op=lambda db: svc.update_lesson(db, lid, draft)).undoable(
            self.tr("Sửa bài học {code}").format(code=draft.code),
            lambda _ch: lambda db: svc.update_lesson(db, lid, before)) \
            .says(self.tr("Đã lưu bài học {code}").format(code=draft.code))

    def _saved(self, _changes: Changes) -> None:
        self._saving = False
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._saving = False
        show_error(self, exc)  # the form stays open with what was typed

    def unsaved(self) -> bool:
        return self.draft() != self._loaded

    def discard_question(self) -> str:
        if self._new:
            return self.tr("Bỏ bài học mới đang nhập (chưa lưu)?")
        return self.tr("Bỏ các thay đổi chưa lưu của bài {code}?").format(code=self._loaded.code)

    def draft(self) -> svc.LessonDraft:
        groups = [g.strip().upper() for g in self.groups.text().replace(";", ",").split(",") if g.strip()]
        return svc.LessonDraft(self.code.text(), self.title.text(), self.description.text(), self.area.text(),
                               groups, list(self.serves), self.framework.text(), self.minutes.value() or None)


class LessonsView(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Mã"), self.tr("Tên bài"), self.tr("Nhóm"),
                                              self.tr("Khung năng lực"), self.tr("Phút"), self.tr("Số người đã học")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _: self.edit())
        add, edit = QPushButton(self.tr("Thêm bài học")), QPushButton(self.tr("Sửa bài đang chọn"))
        self.delete_button = QPushButton(self.tr("Xoá bài đang chọn"))
        add.clicked.connect(self.add)
        edit.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete_current)
        layout = QVBoxLayout(self)
        layout.addLayout(left_row(add, edit, self.delete_button))
        layout.addWidget(self.table)
        self.ids: list[str] = []
        self.drafts: dict[str, svc.LessonDraft] = {}
        self._stale = True  # something it shows changed while it was hidden
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("lesson", "completion", "person"):
            self.refresh()

    def refresh(self) -> None:
        """Read the lessons and their counts on the worker; while the screen is hidden, once it is shown."""
        self._stale = not self.isVisible()
        if not self._stale:
            QueryOp(parent=self, op=svc.lesson_rows, success=self._show).run_in_background(self.ctx)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _show(self, rows: list[svc.LessonRow]) -> None:
        self.ids = [x.id for x in rows]
        self.drafts = {x.id: x.draft for x in rows}
        self.table.setRowCount(len(rows))
        for r, x in enumerate(rows):
            d = x.draft
            cells = [d.code, d.title, ", ".join(d.groups), d.framework, str(d.minutes or ""),
                     fmt_int(x.completed, lang())]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        fit_header(self.table, ("KN-00", 0, "ND, CB, LD, HS", "0.0; 0.0", "000", "000.000"), stretch=1)

    def add(self) -> None:
        LessonDialog(self.ctx, None, None, self).exec()

    def edit(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.ids):
            lid = self.ids[row]
            LessonDialog(self.ctx, lid, self.drafts[lid], self).exec()

    def delete_current(self) -> None:
        """Delete the selected lesson after asking; the question names the indicators whose rules list it."""
        row = self.table.currentRow()
        if 0 <= row < len(self.ids):
            lid, code = self.ids[row], self.drafts[self.ids[row]].code
            QueryOp(parent=self, op=lambda db: svc.rules_using(db, lid),
                    success=lambda uses: self._confirm_delete(lid, code, uses)).run_in_background(self.ctx)

    def _confirm_delete(self, lid: str, code: str, uses: list[svc.RuleUse]) -> None:
        names = "; ".join(u.name[1 if lang() == "en" else 0] for u in uses)
        question = self.tr("Bài này được dùng trong chỉ tiêu {names}: vẫn xoá?").format(names=names) if uses \
            else self.tr("Xoá bài {code}?").format(code=code)
        if confirm_delete(self, self.tr("Xoá bài học {code}").format(code=code), question):
            # Confirmed: the rules that list it drop it in the same transaction as the delete.
            CollectionOp(parent=self, op=lambda db: svc.remove_lesson(db, lid, drop_from_rules=True)) \
                .undoable(self.tr("Xoá bài học {code}").format(code=code),
                          lambda done: lambda db: svc.restore_lesson(db, done)) \
                .says(self.tr("Đã xoá bài học {code}").format(code=code)).run_in_background(self.ctx)
