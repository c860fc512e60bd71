"""Settings: the commune, its villages, the team, this year's targets and "trained" rules, the interface."""

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
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.enums import Role
from binhdan_desktop.domain.plan import load_plan
from binhdan_desktop.services import Changes, commune, indicators, team
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.widgets.buttons import fill_years, left_row


class SettingsView(QWidget):
    interface_changed = Signal()
    sync_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tabs = QTabWidget()
        tabs.addTab(self._commune_tab(), self.tr("Xã và máy này"))
        tabs.addTab(self._villages_tab(), self.tr("Thôn / Tổ dân phố"))
        tabs.addTab(self._team_tab(), self.tr("Tổ Công nghệ số"))
        tabs.addTab(self._targets_tab(), self.tr("Chỉ tiêu và quy tắc"))
        tabs.addTab(self._interface_tab(), self.tr("Giao diện"))
        from binhdan_desktop.ui.views.sync_settings import SyncSettings

        self.sync = SyncSettings(ctx, lambda: self.sync_requested.emit())
        tabs.addTab(self.sync, self.tr("Đồng bộ"))
        QVBoxLayout(self).addWidget(tabs)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # -- commune and device
    def _commune_tab(self) -> QWidget:
        page = QWidget()
        self.name, self.province, self.body = QLineEdit(), QLineEdit(), QLineEdit()
        self.device, self.user = QLineEdit(str(self.ctx.prefs.get(P.DEVICE_NAME))), QLineEdit(str(self.ctx.prefs.get(P.USER_NAME)))
        save = QPushButton(self.tr("Lưu"))
        save.clicked.connect(self.save_commune)
        form = QFormLayout(page)
        form.addRow(self.tr("Tên xã"), self.name)
        form.addRow(self.tr("Tỉnh"), self.province)
        form.addRow(self.tr("Cơ quan chủ quản (dòng đầu báo cáo)"), self.body)
        form.addRow(self.tr("Tên máy này (dùng khi đồng bộ)"), self.device)
        form.addRow(self.tr("Người dùng máy này"), self.user)
        form.addRow(save)
        return page

    def save_commune(self) -> None:
        self.ctx.prefs.set(P.DEVICE_NAME, self.device.text().strip())
        self.ctx.prefs.set(P.USER_NAME, self.user.text().strip())
        self.ctx.act(self, lambda: commune.update_commune(self.ctx.db, name=self.name.text(),
                                                          province=self.province.text(),
                                                          governing_body=self.body.text()))

    # -- villages
    def _villages_tab(self) -> QWidget:
        page = QWidget()
        self.villages = QListWidget()
        add, rename, merge = QPushButton(self.tr("Thêm thôn")), QPushButton(self.tr("Đổi tên")), QPushButton(self.tr("Gộp vào thôn khác"))
        add.clicked.connect(self.add_village)
        rename.clicked.connect(self.rename_village)
        merge.clicked.connect(self.merge_village)
        box = QVBoxLayout(page)
        box.addWidget(self.villages)
        box.addLayout(left_row(add, rename, merge))
        return page

    def _current_village(self) -> tuple[str, str] | None:
        item = self.villages.currentItem()
        return (item.data(Qt.ItemDataRole.UserRole), item.text()) if item else None

    def add_village(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Thêm thôn"), self.tr("Tên thôn / tổ dân phố:"))
        if ok and name.strip():
            self.ctx.act(self, lambda: commune.add_village(self.ctx.db, name))

    def rename_village(self) -> None:
        current = self._current_village()
        if current:
            name, ok = QInputDialog.getText(self, self.tr("Đổi tên thôn"), self.tr("Tên mới:"), text=current[1])
            if ok and name.strip():
                self.ctx.act(self, lambda: commune.rename_village(self.ctx.db, current[0], name),
                             self.tr("Đổi tên thôn"), undo=lambda ch: lambda: commune.rename_village(
                                 self.ctx.db, current[0], current[1]))

    def merge_village(self) -> None:
        current = self._current_village()
        if not current:
            return
        others = [self.villages.item(i) for i in range(self.villages.count())
                  if self.villages.item(i).data(Qt.ItemDataRole.UserRole) != current[0]]
        name, ok = QInputDialog.getItem(self, self.tr("Gộp thôn"), self.tr("Gộp {v} vào:").format(v=current[1]),
                                        [o.text() for o in others], editable=False)
        target = next((o.data(Qt.ItemDataRole.UserRole) for o in others if o.text() == name), None)
        if ok and target:
            self.ctx.act(self, lambda: commune.merge_villages(self.ctx.db, current[0], target))

    # -- team
    def _team_tab(self) -> QWidget:
        page = QWidget()
        self.members = QListWidget()
        self.members.currentItemChanged.connect(lambda *_: self._show_member())
        self.m_name, self.m_phone, self.m_role = QLineEdit(), QLineEdit(), QComboBox()
        for role in Role:
            self.m_role.addItem(enum_label(role), role.value)
        self.m_villages = QListWidget()
        save, new = QPushButton(self.tr("Lưu thành viên")), QPushButton(self.tr("Thêm thành viên mới"))
        save.clicked.connect(self.save_member)
        new.clicked.connect(lambda: (self.members.setCurrentRow(-1), self._show_member()))
        form = QFormLayout()
        form.addRow(self.tr("Họ tên"), self.m_name)
        form.addRow(self.tr("Điện thoại"), self.m_phone)
        form.addRow(self.tr("Vai trò"), self.m_role)
        form.addRow(self.tr("Phụ trách thôn"), self.m_villages)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(new)
        form.addRow(row)
        box = QHBoxLayout(page)
        box.addWidget(self.members, 1)
        box.addLayout(form, 2)
        return page

    def _show_member(self) -> None:
        item = self.members.currentItem()
        mid = item.data(Qt.ItemDataRole.UserRole) if item else None
        with self.ctx.db.read() as s:
            m = team.get_member(s, mid) if mid else None
            mine = set(team.member_villages(s, mid)) if mid else set()
        self.m_name.setText(m.name if m else "")
        self.m_phone.setText((m.phone or "") if m else "")
        self.m_role.setCurrentIndex(max(0, self.m_role.findData(m.role if m else Role.MEMBER.value)))
        for i in range(self.m_villages.count()):
            v = self.m_villages.item(i)
            v.setCheckState(Qt.CheckState.Checked if v.data(Qt.ItemDataRole.UserRole) in mine else Qt.CheckState.Unchecked)

    def save_member(self) -> None:
        item = self.members.currentItem()
        mid = item.data(Qt.ItemDataRole.UserRole) if item else None
        villages = [self.m_villages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.m_villages.count())
                    if self.m_villages.item(i).checkState() == Qt.CheckState.Checked]
        db, name, phone, role = self.ctx.db, self.m_name.text(), self.m_phone.text(), self.m_role.currentData()
        if mid:
            self.ctx.act(self, lambda: team.update_member(db, mid, name=name, phone=phone, role=role, villages=villages))
        else:
            self.ctx.act(self, lambda: team.create_member(db, name, phone=phone, role=role, villages=villages))

    # -- targets and rules
    def _targets_tab(self) -> QWidget:
        page = QWidget()
        self.t_year = QComboBox()
        self.t_year.currentIndexChanged.connect(lambda _: self._show_targets())
        self.targets = QTableWidget(0, 3)
        self.targets.setHorizontalHeaderLabels([self.tr("Chỉ tiêu"), self.tr("Mục tiêu (%)"),
                                                self.tr("Bài phải học xong (mã, cách nhau dấu phẩy; để trống = bài bất kỳ)")])
        save = QPushButton(self.tr("Lưu chỉ tiêu và quy tắc"))
        save.clicked.connect(self.save_targets)
        box = QVBoxLayout(page)
        box.addWidget(self.t_year)
        box.addWidget(self.targets)
        box.addWidget(save)
        return page

    def _show_targets(self) -> None:
        year = self.t_year.currentData()
        if year is None:
            return
        with self.ctx.db.read() as s:
            targets, rules = indicators.year_targets(s, year), indicators.rules(s)
        defs = [d for d in load_plan().indicators if d.code in targets]
        self.targets.setRowCount(len(defs))
        for r, d in enumerate(defs):
            name = QTableWidgetItem(d.name_vi)
            name.setData(Qt.ItemDataRole.UserRole, d.code)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            t = targets[d.code].target
            rule = rules.get(d.code)
            self.targets.setItem(r, 0, name)
            self.targets.setItem(r, 1, QTableWidgetItem("" if t is None else f"{t * 100:g}"))
            lessons = "" if rule is None or rule.lessons is None else ", ".join(rule.lessons)
            self.targets.setItem(r, 2, QTableWidgetItem(lessons))
        self.targets.resizeColumnsToContents()

    def save_targets(self) -> None:
        year, db = self.t_year.currentData(), self.ctx.db
        for r in range(self.targets.rowCount()):
            code = self.targets.item(r, 0).data(Qt.ItemDataRole.UserRole)
            text = self.targets.item(r, 1).text().replace(",", ".").strip()
            try:
                target = None if not text else float(text) / 100
            except ValueError:
                target = -1.0  # refused by the service with a clear message
            lessons = [c.strip().upper() for c in self.targets.item(r, 2).text().split(",") if c.strip()]
            with db.read() as s:
                current = indicators.rules(s).get(code)
            if self.ctx.act(self, lambda c=code, t=target: indicators.set_target(db, year, c, t)) is None:
                return
            if current is not None and code != "digital_identity" and (list(current.lessons or []) != lessons):
                self.ctx.act(self, lambda c=code, ls=lessons, cur=current: indicators.set_rule(
                    db, c, lessons=ls or None, min_count=None if ls else 1, channels=list(cur.channels or []) or None))

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

    # -- refresh
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("commune", "village", "team_member", "team_member_village", "plan_target", "indicator_rule"):
            self.refresh()

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            c = commune.get_commune(s)
            vs = commune.villages(s)
            ms = team.members(s)
            years = indicators.plan_years(s)
        if c is not None:
            self.name.setText(c.name)
            self.province.setText(c.province)
            self.body.setText(c.governing_body)
        self.villages.clear()
        self.m_villages.clear()
        for v in vs:
            item = QListWidgetItem(v.name)
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.villages.addItem(item)
            check = QListWidgetItem(v.name)
            check.setData(Qt.ItemDataRole.UserRole, v.id)
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.m_villages.addItem(check)
        self.members.clear()
        for m in ms:
            item = QListWidgetItem(f"{m.name} – {enum_label(Role(m.role))}")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.members.addItem(item)
        fill_years(self.t_year, years, self.t_year.currentData())
        self._show_targets()
