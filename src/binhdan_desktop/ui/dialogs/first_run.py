"""First run: set up the commune, its villages, the user and this laptop — or open the demo commune."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.enums import Role
from binhdan_desktop.services import commune, demo
from binhdan_desktop.services import team as team_svc
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.tasks import Progress, show_error

DEMO_HOUSEHOLDS = 2000


class FirstRunDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Thiết lập ban đầu – Bình Dân Desktop"))
        self.resize(640, 520)
        self.name, self.province = QLineEdit(), QLineEdit()
        self.villages = QPlainTextEdit()
        self.villages.setPlaceholderText(self.tr("Mỗi dòng một thôn / tổ dân phố, ví dụ:\nThôn An Điềm\nThôn Đồng Răm"))
        self.user, self.role, self.device = QLineEdit(), QComboBox(), QLineEdit()
        for role in Role:
            self.role.addItem(enum_label(role), role.value)
        intro = QLabel(self.tr("Chào mừng! Nhập thông tin xã để bắt đầu, hoặc mở xã mẫu để dùng thử."))
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Tên xã"), self.name)
        form.addRow(self.tr("Tỉnh"), self.province)
        form.addRow(self.tr("Các thôn / tổ dân phố"), self.villages)
        form.addRow(self.tr("Họ tên của bạn"), self.user)
        form.addRow(self.tr("Vai trò"), self.role)
        form.addRow(self.tr("Tên máy này (vd: Laptop tổ thôn 3)"), self.device)
        demo_button = QPushButton(self.tr("Mở xã mẫu để dùng thử"))
        demo_button.clicked.connect(self.open_demo)
        join_button = QPushButton(self.tr("Máy của tổ: nhận dữ liệu xã bằng tệp khoá và nơi đồng bộ…"))
        join_button.clicked.connect(lambda: self.join())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Bắt đầu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Thoát"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(join_button)
        layout.addWidget(demo_button)
        layout.addWidget(buttons)

    def _remember(self) -> None:
        self.ctx.prefs.set(P.USER_NAME, self.user.text().strip())
        self.ctx.prefs.set(P.USER_ROLE, self.role.currentData())
        self.ctx.prefs.set(P.DEVICE_NAME, self.device.text().strip())

    def create(self) -> None:
        names = [line.strip() for line in self.villages.toPlainText().splitlines() if line.strip()]
        db = self.ctx.db
        try:
            commune.setup_commune(db, self.name.text(), self.province.text(), names)
            if self.user.text().strip():
                team_svc.create_member(db, self.user.text(), role=self.role.currentData(), villages=names)
        except Exception as exc:
            show_error(self, exc)
            return
        self._remember()
        self.accept()

    def open_demo(self) -> None:
        db = self.ctx.db

        def work(progress: Progress) -> None:
            demo.generate(db, DEMO_HOUSEHOLDS, progress=lambda stage, f: progress.report(f))

        self._remember()
        self.ctx.tasks.run(work, lambda _: self.accept(), parent=self,
                           title=self.tr("Đang tạo xã mẫu {n} hộ…").format(n=DEMO_HOUSEHOLDS))

    def join(self, key_file: str | None = None, place: str | None = None) -> None:
        """A team laptop: join with the office's key file and take the commune from the sync place."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from binhdan_desktop.sync import engine, team
        from binhdan_desktop.sync.targets import open_target

        key_file = key_file or QFileDialog.getOpenFileName(self, self.tr("Tệp khoá của tổ"), str(Path.home()))[0]
        if not key_file:
            return
        place = place or QFileDialog.getExistingDirectory(self, self.tr("Thư mục đồng bộ (USB, thư mục chia sẻ)"))
        if not place:
            return
        self._remember()
        db = self.ctx.db
        try:
            team.join_team(db, Path(key_file), self.device.text().strip())
            engine.set_target(db, place)
        except Exception as exc:
            show_error(self, exc)
            return

        def work(progress: Progress) -> None:
            engine.sync(db, open_target(place), lambda f, name: progress.report(f))

        def done(_: object) -> None:
            with db.read() as s:
                ready = commune.get_commune(s) is not None
            if ready:
                self.accept()
            else:
                QMessageBox.information(self, self.tr("Chưa có dữ liệu xã"), self.tr(
                    "Nơi đồng bộ chưa có dữ liệu của văn phòng xã. Hãy đồng bộ lại khi có."))

        self.ctx.tasks.run(work, done, parent=self, title=self.tr("Đang nhận dữ liệu xã…"))
