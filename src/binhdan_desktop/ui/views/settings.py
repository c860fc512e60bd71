"""Settings: the commune, its villages, the team, this year's targets and "trained" rules, the interface.
Every button is one service call on the worker; the tabs refresh from the Changes it returns."""

from __future__ import annotations

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
from binhdan_desktop.ui.views.settings_targets import TargetsTab
from binhdan_desktop.ui.widgets.buttons import left_row

USER_ROLE = Qt.ItemDataRole.UserRole


class SettingsView(QWidget):
    interface_changed = Signal()
    sync_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._members: dict[str, team.MemberInfo] = {}
        self._select_member: str | None = None  # a member just added: selected once the list is back
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
        self.commune_save.clicked.connect(self.save_commune)
        form = QFormLayout(page)
        form.addRow(self.tr("Tên xã"), self.name)
        form.addRow(self.tr("Tỉnh"), self.province)
        form.addRow(self.tr("Cơ quan chủ quản (dòng đầu báo cáo)"), self.body)
        form.addRow(self.tr("Tên máy này (dùng khi đồng bộ)"), self.device)
        form.addRow(self.tr("Người dùng máy này"), self.user)
        form.addRow(self.commune_save)
        return page

    def save_commune(self) -> None:
        name, province, body = self.name.text(), self.province.text(), self.body.text()
        device, user = self.device.text().strip(), self.user.text().strip()

        def remember(_: Changes) -> None:  # this laptop's own names live in its preferences, not the database
            self.ctx.prefs.set(P.DEVICE_NAME, device)
            self.ctx.prefs.set(P.USER_NAME, user)

        CollectionOp(parent=self, op=lambda db: commune.update_commune(db, name=name, province=province,
                                                                       governing_body=body)) \
            .success(remember).disabling(self.commune_save).run_in_background(self.ctx)

    def _load_commune(self) -> None:
        QueryOp(parent=self, op=commune.info_of, success=self._show_commune).run_in_background(self.ctx)

    def _show_commune(self, info: commune.CommuneInfo | None) -> None:
        if info is not None:
            self.name.setText(info.name)
            self.province.setText(info.province)
            self.body.setText(info.governing_body)

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
        self._show_member()

    # -- team
    def _team_tab(self) -> QWidget:
        page = QWidget()
        self.members = QListWidget()
        self.members.currentItemChanged.connect(lambda *_: self._show_member())
        self.m_name, self.m_phone, self.m_role = QLineEdit(), QLineEdit(), QComboBox()
        for role in Role:
            self.m_role.addItem(enum_label(role), role.value)
        self.m_villages = QListWidget()
        self.member_save, new = QPushButton(self.tr("Lưu thành viên")), QPushButton(self.tr("Thêm thành viên mới"))
        self.member_save.clicked.connect(self.save_member)
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

    def _new_member(self) -> None:
        self.members.setCurrentRow(-1)
        self._show_member()

    def _current_member(self) -> team.MemberInfo | None:
        item = self.members.currentItem()
        return self._members.get(item.data(USER_ROLE)) if item else None

    def _show_member(self) -> None:
        m = self._current_member()
        mine = m.village_ids if m else frozenset()
        self.m_name.setText(m.name if m else "")
        self.m_phone.setText(m.phone if m else "")
        self.m_role.setCurrentIndex(max(0, self.m_role.findData(m.role if m else Role.MEMBER.value)))
        for i in range(self.m_villages.count()):
            v = self.m_villages.item(i)
            v.setCheckState(Qt.CheckState.Checked if v.data(USER_ROLE) in mine else Qt.CheckState.Unchecked)

    def save_member(self) -> None:
        """The member and the villages they cover: one service call."""
        current = self._current_member()
        villages = [self.m_villages.item(i).data(USER_ROLE) for i in range(self.m_villages.count())
                    if self.m_villages.item(i).checkState() == Qt.CheckState.Checked]
        draft = team.MemberDraft(self.m_name.text(), self.m_phone.text(), self.m_role.currentData(), villages)
        if current is not None:
            mid = current.id
            op = CollectionOp(parent=self, op=lambda db: team.update_member(
                db, mid, name=draft.name, phone=draft.phone, role=draft.role, villages=draft.villages))
        else:
            op = CollectionOp(parent=self, op=lambda db: team.create_member(
                db, draft.name, phone=draft.phone, role=draft.role, villages=draft.villages))
        op.success(self._member_saved).disabling(self.member_save).run_in_background(self.ctx)

    def _member_saved(self, changes: Changes) -> None:
        if changes.created:
            self._select_member = changes.created

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

    def apply_interface(self) -> None:
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
