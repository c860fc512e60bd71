"""Settings: the commune, its villages, the team, this year's targets and "trained" rules, the interface.
Every button is one service call on the worker; the tabs refresh from the Changes it returns, but never over what
the user has typed and not saved yet (a sync may finish while they type). "Áp dụng" rebuilds the window: what is
unsaved is saved first, or dropped, only when the user says so."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.enums import Role
from binhdan_desktop.services import Changes, commune, team
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.views.settings_targets import TargetsTab
from binhdan_desktop.ui.widgets.buttons import left_row

USER_ROLE = Qt.ItemDataRole.UserRole
Done = Callable[[bool], None]  # told whether a save went through (the rebuild waits for every save)


class SettingsView(QWidget):
    interface_changed = Signal()
    sync_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._members: dict[str, team.MemberInfo] = {}
        self._select_member: str | None = None  # a member just added: selected once the list is back
        self.member_dirty = False  # the member form holds what was typed and not saved yet
        self._filling = False  # the form is being filled from the database (not typed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._commune_tab(), self.tr("Xã và máy này"))
        self.tabs.addTab(self._villages_tab(), self.tr("Thôn / Tổ dân phố"))
        self.tabs.addTab(self._team_tab(), self.tr("Tổ Công nghệ số"))
        self.targets_tab = TargetsTab(ctx)
        self.tabs.addTab(self.targets_tab, self.tr("Chỉ tiêu và quy tắc"))
        self.tabs.addTab(self._interface_tab(), self.tr("Giao diện"))
        from binhdan_desktop.ui.views.sync_settings import SyncSettings

        self.sync = SyncSettings(ctx, lambda: self.sync_requested.emit())
        self.tabs.addTab(self.sync, self.tr("Đồng bộ"))
        QVBoxLayout(self).addWidget(self.tabs)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    @property
    def targets(self) -> QTableWidget:
        return self.targets_tab.table

    @property
    def t_year(self) -> QComboBox:
        return self.targets_tab.year

    # -- commune and device
    def _commune_tab(self) -> QWidget:
        page = QWidget()
        self.name, self.province, self.body = QLineEdit(), QLineEdit(), QLineEdit()
        self.device = QLineEdit(str(self.ctx.prefs.get(P.DEVICE_NAME)))
        self.user = QLineEdit(str(self.ctx.prefs.get(P.USER_NAME)))
        self.commune_save = QPushButton(self.tr("Lưu"))
        self.commune_save.clicked.connect(lambda: self.save_commune())
        form = QFormLayout(page)
        form.addRow(self.tr("Tên xã"), self.name)
        form.addRow(self.tr("Tỉnh"), self.province)
        form.addRow(self.tr("Cơ quan chủ quản (dòng đầu báo cáo)"), self.body)
        form.addRow(self.tr("Tên máy này (dùng khi đồng bộ)"), self.device)
        form.addRow(self.tr("Người dùng máy này"), self.user)
        form.addRow(self.commune_save)
        return page

    def _commune_fields(self) -> tuple[QLineEdit, ...]:
        return self.name, self.province, self.body, self.device, self.user

    def save_commune(self, after: Done | None = None) -> None:
        name, province, body = self.name.text(), self.province.text(), self.body.text()
        device, user = self.device.text().strip(), self.user.text().strip()

        def remember(_: Changes) -> None:  # this laptop's own names live in its preferences, not the database
            self.ctx.prefs.set(P.DEVICE_NAME, device)
            self.ctx.prefs.set(P.USER_NAME, user)
            for field in self._commune_fields():
                field.setModified(False)
            if after:
                after(True)

        CollectionOp(parent=self, op=lambda db: commune.update_commune(db, name=name, province=province,
                                                                       governing_body=body)) \
            .success(remember).failure(self._refused(after)).disabling(self.commune_save).run_in_background(self.ctx)

    def _refused(self, after: Done | None) -> Callable[[BaseException], None]:
        """The one error handler, then `after(False)`."""
        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            if after:
                after(False)
        return failed

    def _load_commune(self) -> None:
        QueryOp(parent=self, op=commune.info_of, success=self._show_commune).run_in_background(self.ctx)

    def _show_commune(self, info: commune.CommuneInfo | None) -> None:
        if info is None:
            return
        for field, text in ((self.name, info.name), (self.province, info.province), (self.body, info.governing_body)):
            if not field.isModified():  # never over what the user is typing
                field.setText(text)

    # -- villages
    def _villages_tab(self) -> QWidget:
        page = QWidget()
        self.villages = QListWidget()
        add, rename = QPushButton(self.tr("Thêm thôn")), QPushButton(self.tr("Đổi tên"))
        merge = QPushButton(self.tr("Gộp vào thôn khác"))
        add.clicked.connect(self.add_village)
        rename.clicked.connect(self.rename_village)
        merge.clicked.connect(self.merge_village)
        box = QVBoxLayout(page)
        box.addWidget(self.villages)
        box.addLayout(left_row(add, rename, merge))
        return page

    def _current_village(self) -> tuple[str, str] | None:
        item = self.villages.currentItem()
        return (item.data(USER_ROLE), item.text()) if item else None

    def add_village(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Thêm thôn"), self.tr("Tên thôn / tổ dân phố:"))
        if ok and name.strip():
            CollectionOp(parent=self, op=lambda db: commune.add_village(db, name)).run_in_background(self.ctx)

    def rename_village(self) -> None:
        current = self._current_village()
        if not current:
            return
        name, ok = QInputDialog.getText(self, self.tr("Đổi tên thôn"), self.tr("Tên mới:"), text=current[1])
        if ok and name.strip():
            vid, old = current
            CollectionOp(parent=self, op=lambda db: commune.rename_village(db, vid, name)) \
                .undoable(self.tr("Đổi tên thôn"), lambda _: lambda db: commune.rename_village(db, vid, old)) \
                .run_in_background(self.ctx)

    def merge_village(self) -> None:
        current = self._current_village()
        if not current:
            return
        others = [(self.villages.item(i).data(USER_ROLE), self.villages.item(i).text())
                  for i in range(self.villages.count()) if self.villages.item(i).data(USER_ROLE) != current[0]]
        name, ok = QInputDialog.getItem(self, self.tr("Gộp thôn"), self.tr("Gộp {v} vào:").format(v=current[1]),
                                        [text for _, text in others], editable=False)
        target = next((vid for vid, text in others if text == name), None)
        if ok and target:
            source = current[0]
            CollectionOp(parent=self, op=lambda db: commune.merge_villages(db, source, target)) \
                .run_in_background(self.ctx)

    def _load_villages(self) -> None:
        QueryOp(parent=self, op=commune.village_list, success=self._show_villages).run_in_background(self.ctx)

    def _show_villages(self, villages: list[commune.VillageInfo]) -> None:
        chosen = self._current_village()
        ticked = self._ticked_villages()
        self._filling = True
        self.villages.clear()
        self.m_villages.clear()
        for v in villages:
            item = QListWidgetItem(v.name)
            item.setData(USER_ROLE, v.id)
            self.villages.addItem(item)
            check = QListWidgetItem(v.name)
            check.setData(USER_ROLE, v.id)
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.m_villages.addItem(check)
            if chosen and chosen[0] == v.id:
                self.villages.setCurrentItem(item)
        self._filling = False
        if self.member_dirty:  # the ticks the user made stay
            self._tick(frozenset(ticked))
        else:
            self._show_member()

    # -- team
    def _team_tab(self) -> QWidget:
        page = QWidget()
        self.members = QListWidget()
        self.members.currentItemChanged.connect(self._member_chosen)
        self.m_name, self.m_phone, self.m_role = QLineEdit(), QLineEdit(), QComboBox()
        for role in Role:
            self.m_role.addItem(enum_label(role), role.value)
        self.m_villages = QListWidget()
        self.m_name.textEdited.connect(self._member_edited)
        self.m_phone.textEdited.connect(self._member_edited)
        self.m_role.activated.connect(self._member_edited)
        self.m_villages.itemChanged.connect(self._member_edited)
        self.member_save, new = QPushButton(self.tr("Lưu thành viên")), QPushButton(self.tr("Thêm thành viên mới"))
        self.member_save.clicked.connect(lambda: self.save_member())
        new.clicked.connect(self._new_member)
        form = QFormLayout()
        form.addRow(self.tr("Họ tên"), self.m_name)
        form.addRow(self.tr("Điện thoại"), self.m_phone)
        form.addRow(self.tr("Vai trò"), self.m_role)
        form.addRow(self.tr("Phụ trách thôn"), self.m_villages)
        row = QHBoxLayout()
        row.addWidget(self.member_save)
        row.addWidget(new)
        form.addRow(row)
        box = QHBoxLayout(page)
        box.addWidget(self.members, 1)
        box.addLayout(form, 2)
        return page

    def _member_edited(self, *_: object) -> None:
        if not self._filling:
            self.member_dirty = True

    def _drop_member_edits(self) -> bool:
        """True when nothing typed is lost by showing another member (nothing typed, or the user says drop it)."""
        return not self.member_dirty or QMessageBox.question(
            self, self.tr("Bỏ các thay đổi chưa lưu?"),
            self.tr("Thông tin thành viên vừa sửa chưa được lưu. Bỏ các thay đổi đó?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes

    def _member_chosen(self, _current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._drop_member_edits():
            self.member_dirty = False
            self._show_member()
            return
        self.members.blockSignals(True)  # "No": back to the member being edited, what was typed stays
        if previous is not None:
            self.members.setCurrentItem(previous)
        else:
            self.members.setCurrentRow(-1)
        self.members.blockSignals(False)

    def _new_member(self) -> None:
        if not self._drop_member_edits():
            return
        self.members.blockSignals(True)
        self.members.setCurrentRow(-1)
        self.members.blockSignals(False)
        self.member_dirty = False
        self._show_member()

    def _current_member(self) -> team.MemberInfo | None:
        item = self.members.currentItem()
        return self._members.get(item.data(USER_ROLE)) if item else None

    def _show_member(self) -> None:
        """Fill the form from the chosen member as stored (the caller made sure nothing typed is lost)."""
        m = self._current_member()
        self._filling = True
        self.m_name.setText(m.name if m else "")
        self.m_phone.setText(m.phone if m else "")
        self.m_role.setCurrentIndex(max(0, self.m_role.findData(m.role if m else Role.MEMBER.value)))
        self._filling = False
        self._tick(m.village_ids if m else frozenset())
        self.member_dirty = False

    def _ticked_villages(self) -> list[str]:
        return [self.m_villages.item(i).data(USER_ROLE) for i in range(self.m_villages.count())
                if self.m_villages.item(i).checkState() == Qt.CheckState.Checked]

    def _tick(self, village_ids: frozenset[str]) -> None:
        self._filling = True
        for i in range(self.m_villages.count()):
            v = self.m_villages.item(i)
            v.setCheckState(Qt.CheckState.Checked if v.data(USER_ROLE) in village_ids else Qt.CheckState.Unchecked)
        self._filling = False

    def save_member(self, after: Done | None = None) -> None:
        """The member and the villages they cover: one service call."""
        current = self._current_member()
        villages = self._ticked_villages()
        draft = team.MemberDraft(self.m_name.text(), self.m_phone.text(), self.m_role.currentData(), villages)
        if current is not None:
            mid = current.id
            op = CollectionOp(parent=self, op=lambda db: team.update_member(
                db, mid, name=draft.name, phone=draft.phone, role=draft.role, villages=draft.villages))
        else:
            op = CollectionOp(parent=self, op=lambda db: team.create_member(
                db, draft.name, phone=draft.phone, role=draft.role, villages=draft.villages))

        def saved(changes: Changes) -> None:
            if changes.created:
                self._select_member = changes.created
            self.member_dirty = False  # the list read that follows shows what was stored
            if after:
                after(True)

        op.success(saved).failure(self._refused(after)).disabling(self.member_save).run_in_background(self.ctx)

    def _load_members(self) -> None:
        QueryOp(parent=self, op=team.member_list, success=self._show_members).run_in_background(self.ctx)

    def _show_members(self, members: list[team.MemberInfo]) -> None:
        current = self._current_member()
        keep = self._select_member or (current.id if current else None)
        self._select_member = None
        self._members = {m.id: m for m in members}
        self.members.blockSignals(True)
        self.members.clear()
        for m in members:
            item = QListWidgetItem(f"{m.name} – {enum_label(Role(m.role))}")
            item.setData(USER_ROLE, m.id)
            self.members.addItem(item)
            if m.id == keep:
                self.members.setCurrentItem(item)
        self.members.blockSignals(False)
        if not self.member_dirty:  # never over what the user is typing
            self._show_member()

    # -- interface
    def _interface_tab(self) -> QWidget:
        page = QWidget()
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.prefs.language)))
        self.large = QCheckBox(self.tr("Chữ to (dễ đọc cho người lớn tuổi)"))
        self.large.setChecked(bool(self.ctx.prefs.get(P.LARGE_TEXT)))
        apply = QPushButton(self.tr("Áp dụng"))
        apply.clicked.connect(self.apply_interface)
        form = QFormLayout(page)
        form.addRow(self.tr("Ngôn ngữ / Language"), self.language)
        form.addRow(self.large)
        form.addRow(apply)
        return page

    def unsaved(self) -> list[str]:
        """The tabs that hold what the user typed and has not saved."""
        where = []
        if any(field.isModified() for field in self._commune_fields()):
            where.append(self.tabs.tabText(0))
        if self.member_dirty:
            where.append(self.tabs.tabText(2))
        if self.targets_tab.dirty:
            where.append(self.tabs.tabText(self.tabs.indexOf(self.targets_tab)))
        if self.sync.unsaved():
            where.append(self.tabs.tabText(self.tabs.indexOf(self.sync)))
        return where

    def apply_interface(self) -> None:
        """Rebuild the window in the chosen language and text size; what is unsaved is asked about first."""
        where = self.unsaved()
        if not where:
            self._apply_now()
            return
        button = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, self.tr("Thay đổi chưa lưu"),
            self.tr("Có thay đổi chưa lưu ở {where}. Lưu trước khi áp dụng?").format(where=", ".join(where)),
            button.Save | button.Discard | button.Cancel, button.Cancel)
        if answer == button.Discard:
            self._apply_now()
        elif answer == button.Save:
            self._save_all_then_apply()
        # Cancel (or Esc): no rebuild; everything typed stays where it is

    def _save_all_then_apply(self) -> None:
        """Each unsaved tab's own save; the window is rebuilt once all are stored, not at all if one is refused
        (its message says why, and what was typed stays)."""
        saves: list[Callable[[Done], None]] = []
        if any(field.isModified() for field in self._commune_fields()):
            saves.append(lambda done: self.save_commune(done))
        if self.member_dirty:
            saves.append(lambda done: self.save_member(done))
        if self.targets_tab.dirty:
            saves.append(lambda done: self.targets_tab.save_targets(done))
        if self.sync.unsaved():
            saves.append(lambda done: self.sync.save_target(done))
        waiting, refused = [len(saves)], [False]

        def done(ok: bool) -> None:
            waiting[0] -= 1
            refused[0] = refused[0] or not ok
            if waiting[0] == 0 and not refused[0]:
                self._apply_now()

        for save in saves:
            save(done)

    def _apply_now(self) -> None:
        self.ctx.prefs.set(P.LANGUAGE, self.language.currentData())
        self.ctx.prefs.set(P.LARGE_TEXT, self.large.isChecked())
        self.interface_changed.emit()

    # -- refresh: only what the Changes touched
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("commune"):
            self._load_commune()
        if changes.touches("village"):
            self._load_villages()
        if changes.touches("team_member", "team_member_village"):
            self._load_members()
        if changes.touches("plan_target", "indicator_rule", "lesson"):
            self.targets_tab.changed_elsewhere()

    def refresh(self) -> None:
        self._load_commune()
        self._load_villages()
        self._load_members()
        self.targets_tab.load()
