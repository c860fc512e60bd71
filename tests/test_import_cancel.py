"""A cancelled import stores nothing: `progress` raising (the wizard's "Huỷ") at any of its reports, including the
ones made while the import writes, rolls the whole import back; no report comes once it is committed, so an
import said to be cancelled never stored anything, and one that stored its rows is never said to be cancelled."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from binhdan_desktop.services import imports
from binhdan_desktop.services.commune import setup_commune
from binhdan_desktop.store.db import open_database


class Stop(Exception):
    """What the wizard's Progress raises once the user cancelled."""


def _book(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Mã hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ", "Thôn"])
    for i in range(12):
        village = "Thôn Đồng Răm" if i % 2 else "Thôn An Điềm"
        ws.append([2 * i + 1, f"HC-{i}", f"Hồ Văn Hủy {chr(65 + i)}", 1960 + i, "Nam", "Chủ hộ", village])
        ws.append([2 * i + 2, f"HC-{i}", f"Võ Thị Hủy {chr(65 + i)}", 1962 + i, "Nữ", "Vợ", village])
    wb.save(path)
    return path


def _counts(db) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(s.execute(text("SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM household), "
                                    "(SELECT count(*) FROM change_log)")).one())  # type: ignore[return-value]


def _fresh(path: Path):
    db = open_database(path)
    setup_commune(db, "Bình Chương", "Quảng Ngãi", ["Thôn An Điềm", "Thôn Đồng Răm"])
    return db


def test_a_cancel_at_any_report_of_an_import_stores_nothing(tmp_path: Path) -> None:
    book = _book(tmp_path / "ds.xlsx")
    reports: list[float] = []
    with _fresh(tmp_path / "all.sqlite3") as db:
        before = _counts(db)
        result = imports.import_file(db, book, dry_run=False, progress=reports.append)
        assert result.written and result.people_created == 24
        assert _counts(db)[0] - before[0] == 24
    assert reports and reports[-1] == 1.0
    for k in range(len(reports)):  # the user's cancel heard at the k-th report
        calls: list[float] = []

        def progress(fraction: float, k: int = k, calls: list[float] = calls) -> None:
            calls.append(fraction)
            if len(calls) > k:
                raise Stop

        with _fresh(tmp_path / f"cancel-{k}.sqlite3") as db:
            before = _counts(db)
            with pytest.raises(Stop):
                imports.import_file(db, book, dry_run=False, progress=progress)
            assert _counts(db) == before, f"cancelled at report {k} ({reports[k]}) but rows were stored"
