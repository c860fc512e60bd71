"""Trying to break the import from the command line: empty sheets, a header alone, a 0-byte file, a text file
named .xlsx, a sheet declaring 16,000 columns, three sheets of which one is a total. Each is one line and exit
2, or imports exactly what is there; nothing is stored wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from binhdan_desktop.cli.main import run
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household, Person, Village
from tests.test_sync import dump


def _wb(path: Path, *sheets: tuple[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets or (("Sheet", []),):
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


HEAD = ["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ"]


@pytest.mark.parametrize("name", ["empty.xlsx", "headers.xlsx", "zero.xlsx", "zero.csv", "renamed.xlsx"])
def test_nothing_to_import_is_one_line_and_exit_2(commune: Database, tmp_path: Path, capsys, name: str) -> None:
    path = tmp_path / name
    if name == "empty.xlsx":
        _wb(path)
    elif name == "headers.xlsx":
        _wb(path, ("DS", [HEAD]))
    elif name == "renamed.xlsx":
        path.write_text("Họ và tên,Năm sinh\nLê Văn A,1970\n", encoding="utf-8")
    else:
        path.write_bytes(b"")
    before = dump(commune)
    assert run(["import", str(path), "--db", str(commune.path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and " / " in err[0] and "Traceback" not in err[0] and "Error" not in err[0].split(" / ")[0]
    assert dump(commune) == before


def test_a_sheet_declaring_16000_columns_is_read_and_the_cut_is_a_problem(commune: Database, tmp_path: Path,
                                                                          capsys) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append([*HEAD, "Thôn"])
    ws.append(["Lê Văn A", 1970, "Chủ hộ", "Thôn An Điềm"])
    ws.cell(row=2, column=16000, value="x")
    wb.save(tmp_path / "wide.xlsx")
    before = dump(commune)
    assert run(["import", str(tmp_path / "wide.xlsx"), "--db", str(commune.path)]) == 2
    assert "512" in capsys.readouterr().err and dump(commune) == before
    assert run(["import", str(tmp_path / "wide.xlsx"), "--db", str(commune.path), "--accept-problems"]) == 0
    with commune.read() as s:
        assert s.scalars(select(Person.full_name)).all() == ["Lê Văn A"]


def test_three_sheets_named_after_villages_and_a_total(commune: Database, tmp_path: Path, capsys) -> None:
    an_diem = [HEAD, ["Lê Văn A", 1970, "Chủ hộ"], ["Lê Thị B", 1972, "Vợ"]]
    path = _wb(tmp_path / "three.xlsx", ("Thôn An Điềm", an_diem),
               ("dong ram", [HEAD, ["Trần Văn C", 1960, "Chủ hộ"]]), ("Tổng", [["Thôn", "Số hộ"], ["Tổng cộng", 2]]))
    assert run(["import", str(path), "--db", str(commune.path)]) == 2  # "dong ram" is a loose match: confirm it
    out = capsys.readouterr()
    assert "“dong ram” → Thôn Đồng Răm" in out.out and "--accept-villages" in out.out and "Tổng" in out.out
    assert run(["import", str(path), "--db", str(commune.path), "--accept-villages"]) == 0
    with commune.read() as s:
        stored = set(s.execute(select(Person.full_name, Village.name)
                               .join(Household, Household.id == Person.household_id)
                               .join(Village, Village.id == Household.village_id)).all())
    assert stored == {("Lê Văn A", "Thôn An Điềm"), ("Lê Thị B", "Thôn An Điềm"), ("Trần Văn C", "Thôn Đồng Răm")}
