"""The import wizard's preview: per sheet what was found (and skipped, and converted from TCVN3/VNI) and every
person found, household by household (gender, relation, CCCD, the head marked, what importing does); the columns
not used, the villages to confirm, the likely matches to accept or reject, and every problem in the user's
language by sheet, row and column, with "Lưu danh sách lỗi…". Plain widgets fed an ImportResult; the dialog runs
the service, again whenever the user answers a village or a likely match (`changed`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.errors import fill
from binhdan_desktop.importers.plan import by_column
from binhdan_desktop.services import imports
from binhdan_desktop.services.import_match import Candidate, Decisions, Likely
from binhdan_desktop.services.import_problems import column_text
from binhdan_desktop.ui.dialogs.import_people import PeopleModel, PeopleView, field_word, held_word, value_word
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.widgets.headers import fit_header

UNDECIDED = "\x00undecided"  # a likely match nobody has answered yet (its household stays out)
FOUND_ROWS = 4  # the per-sheet table shows this many sheets before it scrolls: the people table takes the rest


def table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    fit_header(t)
    t.setTabKeyNavigation(False)
    return t


def _fill(t: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    t.setRowCount(len(rows))
    for i, values in enumerate(rows):
        for j, v in enumerate(values):
            item = QTableWidgetItem(v)
            item.setToolTip(v)  # a long note or problem cut short by its column is read whole on hover
            t.setItem(i, j, item)


class PreviewTabs(QTabWidget):
    changed = Signal()  # the user answered a village or a likely match: the counts must be made again

    def __init__(self, save_problems: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people_model = PeopleModel()
        self.people = PeopleView()
        self.people.setModel(self.people_model)
        self.people_model.corrected.connect(self.changed)  # a corrected name: the preview is made again
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.verticalHeader().setVisible(False)
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people.setTabKeyNavigation(False)
        fit_header(self.people, widths=("12 (3) ★ chủ hộ", 90, 50, 110, 170, 90, 60, 110, 110,
                                        "Không nhập (xem Vấn đề)", 240))
        header = self.people.horizontalHeader()  # what importing does to the row (and to the recorded person), seen
        for offset, key in enumerate(("outcome", "recorded"), 1):  # beside the name without scrolling sideways
            header.moveSection(header.visualIndex(PeopleModel.COLUMNS.index(key)),
                               PeopleModel.COLUMNS.index("name") + offset)
        self.found = table([self.tr("Trang tính"), self.tr("Số hộ"), self.tr("Số người"), self.tr("Chuyển mã"),
                            self.tr("Lưu ý")])
        fit_header(self.found, widths=(140,))  # a sheet's name read whole
        self.unused = table([self.tr("Trang tính"), self.tr("Cột không dùng (chọn ở bảng cột để dùng)")])
        self.villages = table([self.tr("Thôn trong tệp"), self.tr("Số người"), self.tr("Nhập vào thôn")])
        self.likely = table([self.tr("Trang tính"), self.tr("Dòng"), self.tr("Trong tệp"), self.tr("Là người đã có?"),
                             self.tr("Khác nhau (đã có → trong tệp)")])
        fit_header(self.likely, widths=(0, 0, 170, 280))  # the answer's combo names the stored person whole
        self.problems = table([self.tr("Trang tính"), self.tr("Dòng"), self.tr("Cột"), self.tr("Vấn đề")])
        self.save_button = QPushButton(self.tr("Lưu danh sách lỗi…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(save_problems)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.problems, 1)
        box.addWidget(self.save_button)
        self.skipped = QLabel()
        self.skipped.setWordWrap(True)
        found = QWidget()
        fbox = QVBoxLayout(found)
        fbox.setContentsMargins(4, 4, 4, 4)
        fbox.addWidget(self._dates_row())
        fbox.addWidget(self.found)
        fbox.addWidget(self.skipped)
        fbox.addWidget(self.people, 1)
        self._fit_found()
        self.addTab(found, self.tr("Đã tìm thấy"))
        self.addTab(self.villages, self.tr("Thôn cần xác nhận"))
        self.addTab(self.likely, self.tr("Có thể trùng"))
        self.addTab(self.unused, self.tr("Cột không dùng"))
        self.addTab(page, self.tr("Vấn đề"))
        self._likely_keys: list[str] = []
        self._answers: Decisions = {}  # the user's answers so far (kept while the preview is made again)

    def _dates_row(self) -> QWidget:
        """The day/month order of a date column whose dates read either way (03/04/1970) with no day above 12 to
        decide: shown only for such a file; unanswered, its dates that read either way are problems."""
        self.dates_box = QComboBox()
        self.dates_box.addItem(self.tr("(chưa chọn: ngày đọc được hai cách không được nhập)"), None)
        self.dates_box.addItem(self.tr("Ngày/tháng/năm"), "dmy")
        self.dates_box.addItem(self.tr("Tháng/ngày/năm"), "mdy")
        self.dates_box.currentIndexChanged.connect(self.changed)
        self.dates_label = QLabel()
        self.dates_label.setBuddy(self.dates_box)
        self.dates_row = QWidget()
        row = QHBoxLayout(self.dates_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.dates_label)
        row.addWidget(self.dates_box)
        row.addStretch(1)
        self.dates_row.setVisible(False)
        return self.dates_row

    def dates(self) -> str | None:
        """The day/month order the user chose for the file's open date columns ("dmy", "mdy"), None: not chosen."""
        value = self.dates_box.currentData() if not self.dates_row.isHidden() else None
        return str(value) if value else None

    def _show_dates(self, r: imports.ImportResult) -> None:
        columns = list(dict.fromkeys(c for s in r.sheets for c in s.open_dates))
        self.dates_label.setText(self.tr("Thứ tự ngày của cột {columns} (không ngày nào > 12 để biết):").format(
            columns=", ".join(columns)))
        self.dates_row.setVisible(bool(columns))

    def show_result(self, r: imports.ImportResult, village_names: list[str]) -> None:
        self._show_dates(r)
        _fill(self.found, [(s.name, str(s.households), str(s.people), "; ".join(
            self.tr("cột {col}: {enc} → Unicode").format(col=h, enc=", ".join(e.upper() for e, _ in encs))
            for h, encs in by_column(s.conversions)),
            "; ".join(n.text(lang()) for n in s.notes)) for s in r.sheets])
        for c in (1, 2):  # "Số hộ", "Số người": 12500 read whole, never "125…"
            self.found.setColumnWidth(c, max(self.found.columnWidth(c), self.found.sizeHintForColumn(c)))
        self.skipped.setText(self.tr("Bỏ qua các trang: {names}").format(names=", ".join(r.skipped_sheets))
                             if r.skipped_sheets else "")
        _fill(self.unused, [(s, h) for s, h in r.unused_columns])
        self._fill_villages(r, village_names)
        self._fill_likely(r)
        one = r.sheets[0].name if len(r.sheets) == 1 else ""
        self.people_model.set_households(r.households, one)
        self.people.setColumnHidden(PeopleModel.COLUMNS.index("sheet"), len(r.sheets) == 1)  # one sheet: said above
        _fill(self.problems, [(p.sheet or one, str(p.row or ""), column_text(p, lang()), p.text(lang()))
                              for p in r.problems])
        self.save_button.setEnabled(bool(r.problems))
        people = sum(len(h.rows.people) for h in r.households)
        self._fit_found()
        self.setTabText(0, fill(self.tr("Đã tìm thấy ({n} người)"), n=people))
        self.setTabText(4, self.tr("Vấn đề ({n})").format(n=len(r.problems)))
        self.setTabText(1, self.tr("Thôn cần xác nhận ({n})").format(n=len(r.villages_to_confirm)))
        self.setTabText(2, self.tr("Có thể trùng ({n})").format(n=len(r.likely)))

    def forget(self) -> None:
        """Another file: the answers given about the last one do not apply."""
        self._answers = {}
        self.people_model.forget()
        self.dates_box.blockSignals(True)  # another file: no answer about its dates yet
        self.dates_box.setCurrentIndex(0)
        self.dates_box.blockSignals(False)

    def empty(self) -> None:
        """No preview on screen (another file chosen, or the file could not be read): every table emptied, so
        nothing of the last file is left to be taken for this one."""
        for t in (self.found, self.unused, self.villages, self.likely, self.problems):
            t.setRowCount(0)
        self._likely_keys = []
        self.dates_row.setVisible(False)
        self.people_model.set_households([])
        self.skipped.setText("")
        self.save_button.setEnabled(False)
        self._fit_found()
        for i, title in enumerate((self.tr("Đã tìm thấy"), self.tr("Thôn cần xác nhận"), self.tr("Có thể trùng"),
                                   self.tr("Cột không dùng"), self.tr("Vấn đề"))):
            self.setTabText(i, title)

    def _fit_found(self) -> None:
        """The per-sheet table as tall as its rows (up to FOUND_ROWS, then it scrolls): the room is the people's."""
        t = self.found
        rows = max(1, min(t.rowCount(), FOUND_ROWS))
        t.setFixedHeight(t.horizontalHeader().sizeHint().height() + rows * t.verticalHeader().defaultSectionSize()
                         + 2 * t.frameWidth() + (t.horizontalScrollBar().sizeHint().height()
                                                 if t.rowCount() > FOUND_ROWS else 0))

    def names(self) -> dict[tuple[str, int], str]:
        """The names corrected in the people table, by (sheet, 1-based row)."""
        return self.people_model.names()

    def _fill_villages(self, r: imports.ImportResult, names: list[str]) -> None:
        shown = [v for v in r.villages if not v.exact]  # an exact match has nothing to confirm
        self.villages.setRowCount(len(shown))
        for i, v in enumerate(shown):
            item = QTableWidgetItem(v.raw or self.tr("(không ghi thôn)"))
            item.setData(256, v.raw)
            self.villages.setItem(i, 0, item)
            self.villages.setItem(i, 1, QTableWidgetItem(str(v.rows)))
            box = QComboBox()
            box.addItem(self.tr("(không nhập)"), "")
            for name in names:
                box.addItem(name, name)
            box.setCurrentIndex(max(0, box.findData(v.match or "")))
            box.currentIndexChanged.connect(self.changed)
            self.villages.setCellWidget(i, 2, box)

    def _fill_likely(self, r: imports.ImportResult) -> None:
        self.likely.setRowCount(len(r.likely))
        self._likely_keys = [x.key for x in r.likely]
        one = r.sheets[0].name if len(r.sheets) == 1 else ""
        for i, x in enumerate(r.likely):
            self.likely.setItem(i, 0, QTableWidgetItem(x.sheet or one))
            self.likely.setItem(i, 1, QTableWidgetItem(str(x.row)))
            who = f"{x.full_name} {x.birth_year or ''}".strip()
            if x.head:  # a member of a household whose head is itself a likely match: answered with the head
                who += self.tr(" — thành viên; chủ hộ {head} là hộ mới thì người này cũng mới").format(head=x.head_name)
            item = QTableWidgetItem(who)
            item.setToolTip(who)
            self.likely.setItem(i, 2, item)
            box = QComboBox()
            box.addItem(self.tr("(chưa chọn: không nhập hộ này)"), UNDECIDED)
            new = self.tr("Không, đây là người mới trong hộ") if x.member else self.tr("Không, đây là hộ mới")
            box.addItem(new, "")
            for c in x.candidates:
                box.addItem(self.tr("Có: {name} {year}, hộ {code}").format(
                    name=c.full_name, year=c.birth_year or "", code=c.household_code), c.person_id)
            if x.key in self._answers:  # answered before this preview was made: the answer stands
                box.setCurrentIndex(max(0, box.findData(self._answers[x.key] or "")))
            box.currentIndexChanged.connect(lambda _i, key=x.key, b=box: self._answer(key, b))
            self.likely.setCellWidget(i, 3, box)
            differs = self.differences(x)  # why it may be the stored person, and what accepting would change
            item = QTableWidgetItem(differs)
            item.setToolTip(differs)
            self.likely.setItem(i, 4, item)

    def differences(self, x: Likely) -> str:
        """What differs between the file's row and each stored person it may be, recorded value → the file's:
        "năm sinh 1960 → 1961; mã hộ T01-0003 → AD-1" (the stored person named first when there are several), and
        what accepting keeps as recorded: "giữ ngày sinh đã ghi 15/05/1950" (the file gives the year alone)."""
        def one(c: Candidate) -> str:
            parts = [f"{field_word(f)} {value_word(f, old) or '—'} → {value_word(f, new) or '—'}"
                     for f, new, old in c.differences]
            parts += [held_word(f, old) for f, old in c.held]  # a recorded value the file has less of, kept
            return "; ".join(parts) or self.tr("không khác gì")

        if len(x.candidates) == 1:
            return one(x.candidates[0])
        return " | ".join(f"{c.full_name} ({c.household_code}): {one(c)}" for c in x.candidates)

    def _answer(self, key: str, box: QComboBox) -> None:
        data = box.currentData()
        if data == UNDECIDED:
            self._answers.pop(key, None)
        else:
            self._answers[key] = data or None
        self.changed.emit()

    def village_choices(self) -> dict[str, str | None]:
        """Each village shown -> the commune village chosen (None: do not import its rows)."""
        out: dict[str, str | None] = {}
        for i in range(self.villages.rowCount()):
            item, box = self.villages.item(i, 0), self.villages.cellWidget(i, 2)
            if item is not None and isinstance(box, QComboBox):
                out[str(item.data(256))] = box.currentData() or None
        return out

    def decisions(self) -> Decisions:
        """Each likely match answered: the stored person it is, or None (a new household)."""
        shown = set(self._likely_keys)
        return {key: person for key, person in self._answers.items() if key in shown}
