"""Settings → Đồng bộ: join the team, choose the sync place, and review sync conflicts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
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

from binhdan_desktop.sync import conflicts, engine, team
from binhdan_desktop.sync.webdav import password_for
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import left_row


class SyncSettings(QWidget):
    def __init__(self, ctx: AppContext, sync_now: object = None) -> None:
        super().__init__()
        self.ctx, self.sync_now = ctx, sync_now
        self.team_label = QLabel()
        self.target, self.user, self.password = QLineEdit(), QLineEdit(str(ctx.prefs.get(P.SYNC_USER))), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("chỉ cho WebDAV; được lưu trong kho khoá của máy"))
        self.target.setPlaceholderText(self.tr("Thư mục (USB, thư mục chia sẻ, Syncthing) hoặc https://… (WebDAV)"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Bảng"), self.tr("Trường"), self.tr("Giá trị đang dùng"),
                                              self.tr("Giá trị bị ghi đè")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._build()
        self.refresh()

    def _build(self) -> None:
        join, create = QPushButton(self.tr("Tham gia tổ bằng tệp khoá…")), QPushButton(self.tr("Tạo khoá tổ (máy văn phòng)…"))
        join.clicked.connect(self.join)
        create.clicked.connect(self.create)
        pick, save = QPushButton(self.tr("Chọn thư mục…")), QPushButton(self.tr("Lưu nơi đồng bộ"))
        pick.clicked.connect(self.pick_folder)
        save.clicked.connect(self.save_target)
        now = QPushButton(self.tr("Đồng bộ ngay (F5)"))
        now.clicked.connect(lambda: callable(self.sync_now) and self.sync_now())
        keep, take = QPushButton(self.tr("Giữ giá trị đang dùng")), QPushButton(self.tr("Dùng giá trị bị ghi đè"))
        keep.clicked.connect(lambda: self.resolve(False))
        take.clicked.connect(lambda: self.resolve(True))
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.team_label, 1)
        row.addWidget(join)
        row.addWidget(create)
        form.addRow(self.tr("Tổ"), row)
        place = QHBoxLayout()
        place.addWidget(self.target, 1)
        place.addWidget(pick)
        form.addRow(self.tr("Nơi đồng bộ"), place)
        form.addRow(self.tr("Tài khoản WebDAV"), self.user)
        form.addRow(self.tr("Mật khẩu WebDAV"), self.password)
        form.addRow(left_row(save, now))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Xung đột đồng bộ (hai máy sửa cùng một thông tin):")))
        layout.addWidget(self.table, 1)
        layout.addLayout(left_row(keep, take))

    def refresh(self) -> None:
        st = team.status(self.ctx.db)
        self.team_label.setText(self.tr("Xã {name} – máy {device}").format(name=st.team, device=st.device_name or
                                                                           st.device_id[:8])
                                if st.team else self.tr("Máy này chưa tham gia tổ"))
        self.target.setText(st.target or "")
        self.items = conflicts.open_conflicts(self.ctx.db)
        self.table.setRowCount(len(self.items))
        for r, c in enumerate(self.items):
            for col, text in enumerate((c.table, c.field, str(c.kept), str(c.lost))):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _run(self, action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except Exception as exc:
            show_error(self, exc)
            return
        self.refresh()

    def join(self, path: str | None = None) -> None:
        path = path or QFileDialog.getOpenFileName(self, self.tr("Tệp khoá của tổ"), str(Path.home()))[0]
        if path:
            self._run(lambda: team.join_team(self.ctx.db, Path(path), str(self.ctx.prefs.get(P.DEVICE_NAME) or "")))

    def create(self, path: str | None = None) -> None:
        path = path or QFileDialog.getSaveFileName(self, self.tr("Lưu khoá tổ"), str(Path.home() / "to-cns.key"))[0]
        if path:
            self._run(lambda: team.create_team(self.ctx.db, Path(path), str(self.ctx.prefs.get(P.DEVICE_NAME) or
                                                                           "Văn phòng xã")))

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thư mục đồng bộ"))
        if folder:
            self.target.setText(folder)

    def save_target(self) -> None:
        spec, user = self.target.text().strip(), self.user.text().strip()
        self.ctx.prefs.set(P.SYNC_USER, user)
        if spec.startswith(("http://", "https://")) and user and self.password.text():
            password_for(spec.rstrip("/") + "/", user, self.password.text())  # into the OS keyring
            self.password.clear()
        self._run(lambda: engine.set_target(self.ctx.db, spec))

    def resolve(self, take_lost: bool) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            item = self.items[row]
            self.ctx.act(self, lambda: conflicts.resolve(self.ctx.db, item.id, take_lost))
            self.refresh()
