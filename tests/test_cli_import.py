"""`binhdan import` as a new user runs it on the 2,000-household commune: --help tells the truth about --sheet and
--sheet reads that sheet alone; likely matches are new people unless --accept-matches (and the command says so);
--dry-run prints what the wizard's preview shows; any problem without --accept-problems: exit 2, nothing written.
Every count is checked with our own SQL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from binhdan_desktop.cli.main import build_parser, run
from binhdan_desktop.services import Database


def _book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _sql(db: Database, sql: str, **params: Any) -> Any:
    with db.read() as s:
        return s.execute(text(sql), params).all()


def _totals(db: Database) -> tuple[int, int]:
    return _sql(db, "SELECT (SELECT count(*) FROM household WHERE deleted = 0), "
                    "(SELECT count(*) FROM person WHERE deleted = 0)")[0]


def _import(db: Database, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db.path), "import", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _heads(db: Database, n: int) -> list[tuple[str, str, int, str, str]]:
    """Stored heads whose name is theirs alone in the village: (id, name, birth year, village, household id)."""
    return [tuple(r) for r in _sql(db, """
        SELECT p.id, p.full_name, p.birth_year, v.name, h.id FROM person p
        JOIN household h ON h.id = p.household_id JOIN village v ON v.id = h.village_id
        WHERE p.relation = 'chu_ho' AND p.birth_year IS NOT NULL AND p.deleted = 0 AND h.deleted = 0
          AND (SELECT count(*) FROM person q JOIN household g ON g.id = q.household_id
               WHERE q.name_folded = p.name_folded AND g.village_id = h.village_id AND q.deleted = 0) = 1
        ORDER BY p.full_name LIMIT :n""", n=n)]


HEAD = ["STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"]


def test_help_says_every_sheet_is_read_and_sheet_reads_only_that_one(big_commune: Database, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    helped = " ".join(sub.choices["import"].format_help().split())  # type: ignore[union-attr]
    assert "mặc định: mọi trang" in helped and "default: every sheet" in helped and "trang đầu" not in helped
    assert "--accept-matches" in helped
    path = _book(tmp_path / "hai.xlsx", {
        "Thôn An Điềm": [HEAD, [1, "Khúc Văn Mộtzz", 1970, "Chủ hộ", "Thôn An Điềm"]],
        "Thôn Đồng Răm": [HEAD, [1, "Khúc Văn Haizz", 1971, "Chủ hộ", "Thôn Đồng Răm"]]})
    before = _totals(big_commune)
    code, out, _ = _import(big_commune, capsys, str(path), "--sheet", "Thôn Đồng Răm")
    assert code == 0 and "Trang “Thôn Đồng Răm”" in out and "Trang “Thôn An Điềm”" not in out
    stored = _sql(big_commune, "SELECT full_name FROM person WHERE full_name LIKE 'Khúc Văn %zz'")
    assert stored == [("Khúc Văn Haizz",)] and _totals(big_commune) == (before[0] + 1, before[1] + 1)


def test_likely_matches_are_new_people_unless_accept_matches(big_commune: Database, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (a_id, a_name, a_year, a_village, a_household), (_, b_name, b_year, b_village, b_household) = \
        _heads(big_commune, 2)
    first = _book(tmp_path / "a.xlsx", {"DS": [HEAD, [1, a_name, a_year + 1, "Chủ hộ", a_village],
                                               [2, "Khúc Thị Conaa", 2014, "Con", a_village]]})
    code, out, _ = _import(big_commune, capsys, str(first), "--dry-run")
    assert code == 0 and f"dòng 2: {a_name} {a_year + 1} ~ {a_name} {a_year}" in out
    assert "1 người có thể trùng được nhập như người mới" in out and "--accept-matches" in out
    before = _totals(big_commune)
    code, out, _ = _import(big_commune, capsys, str(first), "--accept-matches")
    assert code == 0 and "Đã nhận 1 người có thể trùng là người đã có" in out
    assert _totals(big_commune) == (before[0], before[1] + 1)  # the child only: the head is the stored one
    assert _sql(big_commune, "SELECT birth_year, household_id FROM person WHERE id = :i", i=a_id) == \
        [(a_year + 1, a_household)]
    assert _sql(big_commune, "SELECT household_id FROM person WHERE full_name = 'Khúc Thị Conaa'") == [(a_household,)]

    second = _book(tmp_path / "b.xlsx", {"DS": [HEAD, [1, b_name, b_year - 1, "Chủ hộ", b_village]]})
    code, out, _ = _import(big_commune, capsys, str(second))
    assert code == 0 and "1 người có thể trùng được nhập như người mới" in out
    rows = _sql(big_commune, "SELECT household_id, birth_year FROM person WHERE full_name = :n AND deleted = 0",
                n=b_name)
    assert sorted(r[1] for r in rows) == [b_year - 1, b_year] and len({r[0] for r in rows} - {b_household}) == 1


def test_a_dry_run_prints_the_preview_per_village_and_the_first_20_problems(
        big_commune: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[list[Any]] = [HEAD, [1, "Khúc Văn Đúngyy", 1970, "Chủ hộ", "Thôn An Điềm"],
                             [2, "Khúc Thị Đúngyy", 1972, "Vợ", "Thôn An Điềm"]]
    rows += [[3 + i, f"Khúc Văn Sai{'abcde'[i // 5]}{'abcde'[i % 5]}", f"31/02/19{60 + i}", "Chủ hộ",
              "Thôn Đồng Răm"] for i in range(25)]  # letters: a digit in a name is a problem of its own
    path = _book(tmp_path / "loi.xlsx", {"DS": rows})
    before = _totals(big_commune)
    code, out, err = _import(big_commune, capsys, str(path), "--dry-run")
    assert code == 2 and _totals(big_commune) == before
    assert "  Thôn An Điềm: 1/2 mới / new; 0/0 cập nhật / updated; 0/0 không đổi / unchanged; 0/0 không nhập" in out
    assert "  Thôn Đồng Răm: 0/0 mới / new; 0/0 cập nhật / updated; 0/0 không đổi / unchanged; 25/25 không nhập" in out
    listed = [line for line in err.splitlines() if line.startswith("  Trang DS, dòng ")]
    assert len(listed) == 20 and all("cột “Năm sinh”" in line for line in listed)
    assert re.search(r"… và 5 vấn đề nữa", err)

    code, out, err = _import(big_commune, capsys, str(path))  # the real run: refused, nothing written
    assert code == 2 and _totals(big_commune) == before and "không ghi gì" in err
    assert len([line for line in err.splitlines() if line.startswith("  Trang DS, dòng ")]) == 25
    code, out, _ = _import(big_commune, capsys, str(path), "--accept-problems")
    assert code == 0 and _totals(big_commune) == (before[0] + 1, before[1] + 2)
