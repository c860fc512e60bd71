"""First run: set up the commune, its villages, the user and this laptop — or open the demo commune."""

from __future__ import annotations

from pathlib import Path

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
from binhdan_desktop.services import Changes, Database, commune, demo
from binhdan_desktop.services import team as team_svc
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.operations import CollectionOp, Progress
from binhdan_desktop.ui.tasks import show_error

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
        self.demo_button = QPushButton(self.tr("Mở xã mẫu để dùng thử"))
        self.demo_button.clicked.connect(self.open_demo)
        self.join_button = QPushButton(self.tr("Máy của tổ: nhận dữ liệu xã bằng tệp mời và nơi đồng bộ…"))
        self.join_button.clicked.connect(lambda: self.join())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start.setText(self.tr("Bắt đầu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Thoát"))
        buttons.accepted.connect(self.set_up)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.join_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(buttons)

    def _remember(self) -> None:
        self.ctx.prefs.set(P.USER_NAME, self.user.text().strip())
        self.ctx.prefs.set(P.USER_ROLE, self.role.currentData())
        self.ctx.prefs.set(P.DEVICE_NAME, self.device.text().strip())

    def set_up(self) -> None:
        """Commune, villages and the first team member: one service call, one transaction (a failure leaves
        nothing behind, so "Bắt đầu" can simply be pressed again)."""
        names = [line.strip() for line in self.villages.toPlainText().splitlines() if line.strip()]
        name, province, user = self.name.text(), self.province.text(), self.user.text()
        member = team_svc.MemberDraft(user, role=self.role.currentData(), villages=names) if user.strip() else None
        CollectionOp(parent=self, op=lambda db: commune.setup_commune(db, name, province, names, first_member=member)) \
            .success(lambda _: self._started()).failure(lambda exc: show_error(self, exc)) \
            .disabling(self.start, self.demo_button, self.join_button).run_in_background(self.ctx)

    def _started(self) -> None:
        self._remember()
        self.accept()

    def open_demo(self) -> None:
        def work(db: Database, progress: Progress) -> Changes:
            return demo.generate(db, DEMO_HOUSEHOLDS, progress=lambda stage, f: progress.report(f))

        self._remember()
        CollectionOp(parent=self, op_progress=work).success(lambda _: self.accept()) \
            .with_progress(self.tr("Đang tạo xã mẫu {n} hộ…").format(n=DEMO_HOUSEHOLDS)) \
            .disabling(self.start, self.demo_button, self.join_button).run_in_background(self.ctx)

    def join(self, key_file: str | None = None, place: str | None = None) -> None:
        """A team laptop: join with the office's key file and take the commune from the sync place."""
        from PySide6.QtWidgets import QFileDialog

        key_file = key_file or QFileDialog.getOpenFileName(self, self.tr("Tệp mời của tổ"), str(Path.home()))[0]
        if not key_file:
            return
        place = place or QFileDialog.getExistingDirectory(self, self.tr("Thư mục đồng bộ (USB, thư mục chia sẻ)"))
        if not place:
            return
        self._remember()
        key, device, where = Path(key_file), self.device.text().strip(), place
        CollectionOp(parent=self, op_progress=lambda db, progress: _join_and_sync(db, key, device, where, progress)) \
            .success(self._joined).with_progress(self.tr("Đang nhận dữ liệu xã…")) \
            .disabling(self.start, self.demo_button, self.join_button).run_in_background(self.ctx)

    def _joined(self, outcome: tuple[bool, str, str]) -> None:
        from PySide6.QtWidgets import QMessageBox

        ready, office_code, device_code = outcome
        if ready:
            self.accept()
        elif device_code:
            QMessageBox.information(self, self.tr("Đang chờ văn phòng xã duyệt"), self.tr(
                "Đã gửi yêu cầu tham gia tổ. Mã văn phòng: {office} — phải khớp với mã văn phòng xã đọc cho bạn. "
                "Mã máy này: {code} — hãy đọc cho văn phòng xã khi họ duyệt. Sau khi văn phòng duyệt và đồng bộ, "
                "bấm lại nút “Máy của tổ” để nhận dữ liệu xã.").format(office=office_code, code=device_code))
        else:
            QMessageBox.information(self, self.tr("Chưa có dữ liệu xã"), self.tr(
                "Nơi đồng bộ chưa có dữ liệu của văn phòng xã. Hãy đồng bộ lại khi có."))


def _join_and_sync(db: Database, key_file: Path, device: str, place: str,
                   progress: Progress) -> tuple[bool, str, str]:
    """On the worker: join the team (a signed request to the office), remember the place, sync once. (the commune
    arrived, the office code, this device's code while its request still waits for the office)."""
    from binhdan_desktop.sync import engine, team
    from binhdan_desktop.sync.targets import open_target

    anchor = team.join_team(db, key_file, device)
    engine.set_target(db, place)
    report = engine.sync(db, open_target(place), lambda f, name: progress.report(f))
    return commune.info_of(db) is not None, anchor.office_code, report.joining
