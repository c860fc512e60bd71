"""Likely matches never merge a household into the wrong family (issue 13): a head of household in the file is
matched to a recorded head only, a household never ends up with two heads, and a member whose name was corrected
in the file is offered as a likely match of the recorded member instead of being added a second time. The files
are the tester's own (tests/fixtures/import/t13/); the outcome is recounted with plain sqlite3."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.services import imports
from binhdan_desktop.services.import_match import EveryLikely
from binhdan_desktop.store.db import Database

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "t13"
HEAD = ["Mã hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD", "Thôn", "Địa chỉ"]


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *rows])
    return path


def _sql(db: Database, query: str, *args: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def _members(db: Database, code: str) -> set[tuple[object, ...]]:
    return set(_sql(db, "SELECT p.full_name, p.birth_year, p.relation FROM person p JOIN household h "
                        "ON h.id = p.household_id WHERE h.code = ? AND p.deleted = 0", code))


def _two_heads(db: Database) -> list[tuple[object, ...]]:
    return _sql(db, "SELECT household_id FROM person WHERE deleted = 0 AND relation = 'chu_ho' "
                    "GROUP BY household_id HAVING count(*) > 1")


@pytest.fixture
def an_as_spouse(commune: Database, tmp_path: Path) -> Database:
    """The commune records "Nguyễn Đức An" 1959 as the husband in household 9, whose head is Nguyễn Bích Ẩn."""
    rows = [["9", "Nguyễn Bích Ẩn", 1954, "Nữ", "Chủ hộ", "", "Thôn An Điềm", "Xóm Đông"],
            ["9", "Nguyễn Đức An", 1959, "Nam", "Chồng", "", "Thôn An Điềm", "Xóm Đông"],
            ["9", "Nguyễn Văn Tâm", 1989, "Nam", "Con", "", "Thôn An Điềm", "Xóm Đông"]]
    imports.import_file(commune, _csv(tmp_path / "base.csv", rows), dry_run=False)
    return commune


def test_a_head_in_the_file_is_never_matched_to_a_recorded_spouse(an_as_spouse: Database) -> None:
    db = an_as_spouse
    before = _members(db, "9")
    assert ("Nguyễn Đức An", 1959, "vo_chong") in before
    r = imports.import_file(db, FIXTURES / "P_twomatch.xlsx", dry_run=False, decisions=EveryLikely(True))
    assert r.written and not r.likely  # the recorded An is a spouse: no likely match for a head
    assert _members(db, "9") == before  # household 9 untouched: no second head, no stranger
    assert _two_heads(db) == []
    assert (r.households_created, r.people_created) == (2, 4)
    assert _sql(db, "SELECT count(*) FROM person WHERE full_name = 'Lò Thị Bống'") == [(1,)]


def test_a_household_matched_by_code_never_gets_a_second_head(commune: Database, tmp_path: Path) -> None:
    first = [["1", "Nguyễn Văn An", 1960, "Nam", "Chủ hộ", "", "Thôn An Điềm", "Xóm Đông"],
             ["1", "Trần Thị Bình", 1965, "Nữ", "Vợ", "", "Thôn An Điềm", "Xóm Đông"]]
    imports.import_file(commune, _csv(tmp_path / "a.csv", first), dry_run=False)
    # The same code, but another man as head and the recorded head not in the file: two heads if written.
    again = [["1", "Lê Văn Sáu", 1958, "Nam", "Chủ hộ", "", "Thôn An Điềm", "Xóm Đông"],
             ["1", "Trần Thị Bình", 1965, "Nữ", "Vợ", "", "Thôn An Điềm", "Xóm Đông"]]
    before = _members(commune, "1")
    r = imports.import_file(commune, _csv(tmp_path / "b.csv", again), dry_run=False)
    assert r.rows_left_out == 2 and r.people_created == 0
    assert any(p.code == "import.heads_after" and "Nguyễn Văn An" in p.message for p in r.problems)
    assert _members(commune, "1") == before and _two_heads(commune) == []


def test_the_cli_says_which_recorded_household_a_likely_match_goes_into(
        an_as_spouse: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["", "Nguyễn Bích Ẩn", 1955, "Nữ", "Chủ hộ", "", "Thôn An Điềm", "Xóm Đông"],
            ["", "Lò Văn Tư", 1999, "Nam", "Con", "", "Thôn An Điềm", "Xóm Đông"]]
    code = _sql(an_as_spouse, "SELECT code FROM household")[0][0]
    assert run(["--db", str(an_as_spouse.path), "import", _csv(tmp_path / "c.csv", rows).as_posix(),
                "--dry-run", "--accept-matches"]) == 0
    out = capsys.readouterr().out
    assert f"nếu nhận: hộ trong tệp nhập vào hộ đã có {code} (chủ hộ / head Nguyễn Bích Ẩn)" in out
    assert f"the file's household goes into the recorded household {code}" in out


def test_a_corrected_member_name_is_a_likely_match_not_a_second_person(commune: Database) -> None:
    first = imports.import_file(commune, FIXTURES / "B_tworow.xlsx", dry_run=False)
    assert first.written and first.people_created == 6
    (oanh,) = _sql(commune, "SELECT id, household_id FROM person WHERE full_name = 'Bùi Thị Oanh'")
    edit = FIXTURES / "B_tworow_edit.xlsx"  # "Bùi Thị Oanh" 1995 -> "Bùi Thị Kim Oanh"; heads' years changed
    heads = [x for x in imports.import_file(commune, edit).likely if not x.member]  # her head's year changed too
    nam = next(x for x in heads if x.full_name == "Bùi Văn Nam")
    decisions: dict[str, str | None] = {x.key: None for x in heads if x is not nam}
    decisions[nam.key] = nam.candidates[0].person_id
    preview = imports.import_file(commune, edit, decisions=decisions)
    member = [x for x in preview.likely if x.member]
    assert [(x.full_name, x.birth_year, [c.person_id for c in x.candidates]) for x in member] == \
        [("Bùi Thị Kim Oanh", 1995, [oanh[0]])]
    assert preview.people_created == 1 and preview.rows_left_out == 2  # undecided: her household waits
    assert any(p.row == member[0].row and "Bùi Thị Oanh" in p.message for p in preview.problems)
    r = imports.import_file(commune, edit, dry_run=False, decisions={**decisions, member[0].key: oanh[0]})
    assert r.written and r.problems == []
    assert _sql(commune, "SELECT count(*) FROM person WHERE deleted = 0 AND full_name LIKE 'Bùi Thị%Oanh'") == [(1,)]
    assert _sql(commune, "SELECT full_name, household_id FROM person WHERE id = ?", oanh[0]) == \
        [("Bùi Thị Kim Oanh", oanh[1])]


@pytest.mark.parametrize("accept", [True, False])
def test_the_command_line_decides_a_member_likely_match(commune: Database, accept: bool) -> None:
    imports.import_file(commune, FIXTURES / "B_tworow.xlsx", dry_run=False)
    r = imports.import_file(commune, FIXTURES / "B_tworow_edit.xlsx", dry_run=False, decisions=EveryLikely(accept))
    assert r.written and any(x.member for x in r.likely) is accept  # rejected heads: new households, no member
    oanh = _sql(commune, "SELECT count(*) FROM person WHERE deleted = 0 AND full_name LIKE 'Bùi Thị%Oanh'")
    assert oanh == [(1,)] if accept else [(2,)]
    assert _two_heads(commune) == []


def _offered(commune: Database) -> tuple[list[Any], Any, Any, Any]:
    """B_tworow imported, then its edit previewed: every likely match, the head Bùi Văn Nam's, his member's."""
    imports.import_file(commune, FIXTURES / "B_tworow.xlsx", dry_run=False)
    preview = imports.import_file(commune, FIXTURES / "B_tworow_edit.xlsx")
    nam = next(x for x in preview.likely if x.full_name == "Bùi Văn Nam")
    oanh = next(x for x in preview.likely if x.full_name == "Bùi Thị Kim Oanh")
    return preview.likely, preview, nam, oanh


def test_a_members_likely_match_is_offered_with_its_heads(commune: Database) -> None:
    likely, preview, nam, oanh = _offered(commune)
    (stored,) = _sql(commune, "SELECT id FROM person WHERE full_name = 'Bùi Thị Oanh'")
    assert sorted((x.full_name, x.member, x.head_name) for x in likely) == [
        ("Bùi Thị Kim Oanh", True, "Bùi Văn Nam"), ("Bùi Văn Nam", False, ""), ("Hoàng Thị Phượng", False, "")]
    assert oanh.head == nam.key and [c.person_id for c in oanh.candidates] == [stored[0]]
    member = next(p for p in preview.problems if p.row == oanh.row and p.code == "import.likely_member")
    assert "Bùi Thị Oanh" in member.text("vi") and "Bùi Văn Nam" in member.text("vi")
    assert "if the head Bùi Văn Nam is the recorded person" in member.text("en")
    # Both answered at once, in one preview: the head is the recorded Nam, the member the recorded Oanh.
    phuong = next(x for x in likely if x.full_name == "Hoàng Thị Phượng")
    answers = {nam.key: nam.candidates[0].person_id, oanh.key: stored[0], phuong.key: phuong.candidates[0].person_id}
    r = imports.import_file(commune, FIXTURES / "B_tworow_edit.xlsx", dry_run=False, decisions=answers)
    assert r.written and r.problems == [] and (r.people_created, r.households_created) == (0, 0)
    assert _members(commune, nam.candidates[0].household_code) == {
        ("Bùi Văn Nam", 1971, "chu_ho"), ("Bùi Thị Kim Oanh", 1995, "")}
    assert _sql(commune, "SELECT count(*) FROM person WHERE deleted = 0") == [(6,)]


def test_a_head_answered_new_takes_its_members_along(commune: Database) -> None:
    likely, _preview, _nam, _oanh = _offered(commune)
    before = _sql(commune, "SELECT id, full_name, birth_year, household_id FROM person ORDER BY id")
    marks = ",".join("?" * len(before))
    answers: dict[str, str | None] = {x.key: None for x in likely if not x.member}  # the member not answered
    preview = imports.import_file(commune, FIXTURES / "B_tworow_edit.xlsx", decisions=answers)
    assert [x.full_name for x in preview.likely if x.member] == [] and preview.problems == []
    assert (preview.households_created, preview.people_created, preview.rows_left_out) == (2, 3, 0)
    r = imports.import_file(commune, FIXTURES / "B_tworow_edit.xlsx", dry_run=False, decisions=answers)
    assert r.written
    after = _sql(commune, "SELECT p.full_name, p.birth_year, p.relation, h.code FROM person p JOIN household h ON "
                          f"h.id = p.household_id WHERE p.id NOT IN ({marks})",
                 *[row[0] for row in before])
    code = {name: c for name, _y, _r, c in after}
    assert sorted(x[:3] for x in after) == [("Bùi Thị Kim Oanh", 1995, ""), ("Bùi Văn Nam", 1971, "chu_ho"),
                                            ("Hoàng Thị Phượng", 1956, "chu_ho")]
    assert code["Bùi Văn Nam"] == code["Bùi Thị Kim Oanh"] != code["Hoàng Thị Phượng"]
    assert _sql(commune, f"SELECT id, full_name, birth_year, household_id FROM person WHERE id IN ({marks}) "
                         "ORDER BY id",
                *[row[0] for row in before]) == [
        (pid, name, 1961 if name == "Đặng Văn Khoa" else year, hid) for pid, name, year, hid in before]
    # the recorded people untouched, but for Khoa's corrected year (his household found by its two other members)
    assert _two_heads(commune) == []


def test_the_cli_heading_names_every_rule_that_produced_a_likely_match_and_tags_each(
        commune: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Four households, each member's name corrected in the second list; each household found another way: by its
    code, by the head's name and year (no code), by a CCCD (another code), and offered with its head's own likely
    match (the head's year one off). The heading counts each rule; every match is tagged head or member."""
    v = "Thôn An Điềm"
    first = [["1", "Nguyễn Văn An", 1960, "Nam", "Chủ hộ", "", v, ""],
             ["1", "Trần Thị Bình", 1965, "Nữ", "Vợ", "", v, ""],
             ["", "Lê Văn Cường", 1950, "Nam", "Chủ hộ", "", v, ""], ["", "Lê Thị Dung", 1980, "Nữ", "Con", "", v, ""],
             ["3", "Hồ Văn Em", 1960, "Nam", "Chủ hộ", "051060000111", v, ""],
             ["3", "Hồ Văn Phúc", 1990, "Nam", "Con", "", v, ""],
             ["", "Đỗ Văn Giang", 1940, "Nam", "Chủ hộ", "", v, ""], ["", "Đỗ Thị Hà", 1970, "Nữ", "Con", "", v, ""]]
    imports.import_file(commune, _csv(tmp_path / "a.csv", first), dry_run=False)
    again = [["1", "Nguyễn Văn An", 1960, "Nam", "Chủ hộ", "", v, ""],
             ["1", "Trần Thị Kim Bình", 1965, "Nữ", "Vợ", "", v, ""],
             ["", "Lê Văn Cường", 1950, "Nam", "Chủ hộ", "", v, ""],
             ["", "Lê Thị Kim Dung", 1980, "Nữ", "Con", "", v, ""],
             ["77", "Hồ Văn Em", 1960, "Nam", "Chủ hộ", "051060000111", v, ""],
             ["77", "Hồ Minh Phúc", 1990, "Nam", "Con", "", v, ""],
             ["", "Đỗ Văn Giang", 1941, "Nam", "Chủ hộ", "", v, ""],
             ["", "Đỗ Thị Thu Hà", 1970, "Nữ", "Con", "", v, ""]]
    before = _sql(commune, "SELECT id, full_name, birth_year FROM person ORDER BY id")
    code = run(["--db", str(commune.path), "import", _csv(tmp_path / "b.csv", again).as_posix(), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 2 and _sql(commune, "SELECT id, full_name, birth_year FROM person ORDER BY id") == before
    heading = next(line for line in out.splitlines() if line.startswith("Có thể trùng / likely matches: 5 — "))
    member = "thành viên theo tên đã sửa (cùng tên gọi hoặc lệch ≤ 2 chữ, năm sinh ±1, cùng giới tính)"
    for said in ("1 chủ hộ theo tên không dấu + năm sinh ±1 + cùng thôn",
                 "1 head by the name without accents + birth year ±1 + same village",
                 f"1 {member} trong hộ tìm theo mã hộ trong thôn + tên",
                 "in a household found by its code in the village + name",
                 f"1 {member} trong hộ tìm theo tên và năm sinh của chủ hộ",
                 f"1 {member} trong hộ tìm theo CCCD", "in a household found by CCCD",
                 f"1 {member} trong hộ mà chủ hộ có thể trùng", "in the household its head may be"):
        assert said in heading, said
    assert "1 members by" not in heading and "1 heads by" not in heading  # one is singular
    tags = {line.split(": ", 1)[1].split(" (")[0]: line.split("]")[0].split(" [")[1]
            for line in out.splitlines() if line.startswith("  dòng ")}
    assert tags == {"Trần Thị Kim Bình 1965": "thành viên / member", "Lê Thị Kim Dung 1980": "thành viên / member",
                    "Hồ Minh Phúc 1990": "thành viên / member", "Đỗ Văn Giang 1941": "chủ hộ / head",
                    "Đỗ Thị Thu Hà 1970": "thành viên / member, chủ hộ / head Đỗ Văn Giang"}
