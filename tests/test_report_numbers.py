"""The numbers reports print, each recounted here by its own SQL (not by the code under test): the visit log's
totals, a village's results, numeric result columns, the plan's "more than" targets, rules that survive a
renamed or deleted lesson (and the 0006 migration), and the note on people the counts leave out."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text

from binhdan_desktop.cli.main import run
from binhdan_desktop.domain.plan import load_plan, target_met, target_text
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.reports.excel import write_xlsx
from binhdan_desktop.reports.pdf import write_pdf
from binhdan_desktop.services import indicators, reports
from binhdan_desktop.services.households import HouseholdDraft, PersonDraft, create_household, members
from binhdan_desktop.services.lessons import LessonDraft, delete_lesson, find_lesson, update_lesson
from binhdan_desktop.services.team import create_member
from binhdan_desktop.services.visits import VisitDraft, add_completion, record_visit
from binhdan_desktop.store import migrate
from binhdan_desktop.store.db import Database, open_database

A = "Thôn An Điềm"
START, END = dt.date(2020, 1, 1), dt.date(2026, 12, 31)


def sql(db: Database, query: str, **params: Any) -> list[tuple[Any, ...]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(text(query), params)]


def one(db: Database, query: str, **params: Any) -> Any:
    return sql(db, query, **params)[0][0]


def number(value: str) -> int:
    return int(value.replace(".", ""))


def build(db: Database, kind: str, **kw: Any) -> reports.Report:
    with db.read() as s:
        return reports.build(s, kind, today=dt.date(2026, 12, 1), **kw)


# -- 1. The visit log: each visit once, each completion once, however many team members went.

VISIT_SENTENCE = re.compile(r"thực hiện ([\d.]+) lượt thăm ([\d.]+) hộ, gặp ([\d.]+) người, hướng dẫn ([\d.]+) "
                            r"lượt bài học cho ([\d.]+) người")
SCOPE = """FROM visit vi JOIN household h ON h.id = vi.household_id
           WHERE vi.deleted = 0 AND h.deleted = 0 AND vi.date BETWEEN :a AND :b"""


def recount_visits(db: Database, start: dt.date, end: dt.date) -> tuple[int, ...]:
    visits = one(db, f"SELECT COUNT(*) {SCOPE}", a=start, b=end)
    households = one(db, f"SELECT COUNT(DISTINCT vi.household_id) {SCOPE}", a=start, b=end)
    people = one(db, f"""SELECT COUNT(DISTINCT vp.person_id) FROM visit_person vp WHERE vp.deleted = 0
                         AND vp.visit_id IN (SELECT vi.id {SCOPE})""", a=start, b=end)
    lessons = one(db, f"""SELECT COUNT(DISTINCT c.id) FROM completion c WHERE c.deleted = 0
                          AND c.visit_id IN (SELECT vi.id {SCOPE})""", a=start, b=end)
    learners = one(db, f"""SELECT COUNT(DISTINCT c.person_id) FROM completion c WHERE c.deleted = 0
                           AND c.visit_id IN (SELECT vi.id {SCOPE})""", a=start, b=end)
    return visits, households, people, lessons, learners


def printed_visit_totals(report: reports.Report) -> tuple[int, ...]:
    found = VISIT_SENTENCE.search(report.body[0])
    assert found, report.body[0]
    return tuple(number(g) for g in found.groups())


def check_visit_log(db: Database, start: dt.date, end: dt.date) -> tuple[int, ...]:
    report = build(db, "visits", start=start, end=end)
    want = recount_visits(db, start, end)
    assert printed_visit_totals(report) == want
    assert report.summary is not None
    members_rows, total = report.summary.rows, report.summary.totals
    assert total is not None and total[2:] == [want[0], want[3]]  # the totals row: visits and lessons, each once
    per_member = dict(sql(db, f"""SELECT COALESCE(tm.name, 'Không ghi người thăm'), COUNT(*) {SCOPE.replace(
        "WHERE", "LEFT JOIN visit_member vm ON vm.visit_id = vi.id AND vm.deleted = 0 "
                 "LEFT JOIN team_member tm ON tm.id = vm.member_id WHERE")} GROUP BY tm.id""", a=start, b=end))
    assert {r[1]: r[2] for r in members_rows} == per_member
    return want


def test_visit_log_totals_of_the_demo_commune_are_the_database_counts(big_commune: Database) -> None:
    visits, _households, _people, lessons, _learners = check_visit_log(big_commune, START, END)
    # The demo has visits made by two team members: summing the members' lists would count them twice.
    shared = one(big_commune, "SELECT COUNT(*) FROM (SELECT visit_id FROM visit_member WHERE deleted = 0 "
                              "GROUP BY visit_id HAVING COUNT(*) > 1)")
    assert visits > 0 and lessons > 0 and shared > 0
    check_visit_log(big_commune, dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_two_members_on_one_visit_and_two_visits_one_day_count_right(commune: Database, tmp_path: Path) -> None:
    db = commune
    m1 = create_member(db, "Đỗ Thị Hạnh", villages=[A]).created
    m2 = create_member(db, "Bùi Văn Tâm", villages=[A]).created
    hid = create_household(db, HouseholdDraft(A, members=[
        PersonDraft("Lê Văn An", 1970, relation="chu_ho"), PersonDraft("Trần Thị Bình", 1975, relation="vo_chong"),
        PersonDraft("Lê Văn Cường", 2000, relation="con")])).created
    with db.read() as s:
        ids = {p.full_name: p.id for p in members(s, hid or "")}
    day = dt.date(2026, 5, 4)
    record_visit(db, VisitDraft(hid or "", day, [m1 or "", m2 or ""],
                                completions=[(ids["Lê Văn An"], "KN-01"), (ids["Trần Thị Bình"], "KN-01")]))
    record_visit(db, VisitDraft(hid or "", day, [m1 or ""], completions=[(ids["Lê Văn Cường"], "KN-02")]))
    got = check_visit_log(db, START, END)
    assert got == (2, 1, 3, 3, 3)  # 2 visits (not 1) of 1 household, 3 people, 3 lessons (not 5)
    report = build(db, "visits", start=START, end=END)
    assert report.summary is not None
    assert [r[1:] for r in report.summary.rows] == [["Bùi Văn Tâm", 1, 2], ["Đỗ Thị Hạnh", 2, 3]]
    assert report.summary.totals == ["", "Tổng cộng (mỗi lượt thăm tính một lần)", 2, 3]  # not 3 visits, 5 lessons
    ws = openpyxl.load_workbook(write_xlsx(report, tmp_path / "v.xlsx")).worksheets[0]
    last = [c.value for c in list(ws.rows)[-1]]
    assert last[1:] == ["Tổng cộng (mỗi lượt thăm tính một lần)", 2, 3]


# -- 2. and 3. Results: a village's own report, numbers in numeric columns.

def _age_ok(years: int) -> str:
    return (f"COALESCE(p.birth_date, printf('%04d-01-01', p.birth_year)) <= "
            f"date(:as_of, '-{years} years')")


def recount_indicator(db: Database, code: str, year: int, village_id: str | None) -> tuple[int, int]:
    """Numerator and denominator of one indicator, straight from the rows (rule and target as stored)."""
    lessons, min_count, channels, requires = sql(
        db, "SELECT lessons, min_count, channels, requires FROM indicator_rule WHERE code = :c AND deleted = 0",
        c=code)[0]
    levels = one(db, "SELECT student_levels FROM plan_target WHERE code = :c AND year = :y AND deleted = 0",
                 c=code, y=year)
    pop = {"public_staff": "p.is_public_staff = 1", "enterprise_workers": "p.is_worker = 1",
           "traders_4t": "p.is_trader = 1", "adults_basic": _age_ok(18), "adults_vneid": _age_ok(18),
           "digital_identity": _age_ok(16), "digital_family": "1",
           "students": "p.student_level IN (SELECT value FROM json_each(:levels))"}[code]
    listed = json.loads(lessons) if lessons else None
    channels = None if channels is None or json.loads(channels) is None else channels
    where = ["c.person_id = p.id", "c.deleted = 0", "c.date <= :as_of"]
    if listed is not None:
        where.append("c.lesson_id IN (SELECT value FROM json_each(:lessons))")
    if channels:
        where.append("c.channel IN (SELECT value FROM json_each(:channels))")
    need = min_count if min_count is not None else (len(listed) if listed else 1)
    trained = [f"(SELECT COUNT(DISTINCT c.lesson_id) FROM completion c WHERE {' AND '.join(where)}) >= {need}"]
    status = {"vneid_level_2": "p.vneid_level = 2", "bank_account": "p.has_bank_account = 1"}
    trained += [status[r] for r in json.loads(requires or "[]")]
    base = ("FROM person p JOIN household h ON h.id = p.household_id WHERE p.deleted = 0 AND h.deleted = 0 "
            "AND p.residence = 'cu_tru'" + (" AND h.village_id = :v" if village_id else ""))
    as_of = min(dt.date(2026, 12, 1), dt.date(year, 12, 31))  # the day build() says the report is made
    params = {"as_of": as_of.isoformat(), "lessons": lessons, "channels": channels,
              "levels": levels or '["tieu_hoc", "thcs", "thpt"]', "v": village_id}
    ok = " AND ".join(trained)
    if code == "digital_family":
        return (one(db, f"SELECT COUNT(DISTINCT p.household_id) {base} AND {ok}", **params),
                one(db, f"SELECT COUNT(DISTINCT p.household_id) {base}", **params))
    return (one(db, f"SELECT COUNT(*) {base} AND {pop} AND {ok}", **params),
            one(db, f"SELECT COUNT(*) {base} AND {pop}", **params))


def village_of(db: Database, name: str) -> str:
    return str(one(db, "SELECT id FROM village WHERE name = :n", n=name))


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_village_results_report_has_its_own_figures_and_names_the_village(big_commune: Database,
                                                                            year: int) -> None:
    db = big_commune
    vid = village_of(db, "Thôn Đồng Răm")
    report = build(db, "results", year=year, village=vid)
    assert report.header.subject.endswith("của Thôn Đồng Răm")
    part1 = report.body[report.body.index("#I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU") + 1:
                        report.body.index("#II. ĐÁNH GIÁ CHUNG")]
    plan = load_plan()
    codes = [d.code for d in plan.indicators]
    assert len(part1) == len(codes)
    met = with_target = 0
    for code, line in zip(codes, part1, strict=True):
        num, den = recount_indicator(db, code, year, vid)
        assert f": {num:,}/{den:,} (".replace(",", ".") in line, (code, line)
        target = one(db, "SELECT target FROM plan_target WHERE code = :c AND year = :y", c=code, y=year)
        if target is not None:
            with_target += 1
            met += bool(target_met(num, den, target, plan.compare_of(year, code)))
    verdict = report.body[report.body.index("#II. ĐÁNH GIÁ CHUNG") + 1]
    assert verdict.startswith(f"Thôn Đồng Răm đạt {met}/{with_target} chỉ tiêu.") and with_target == 7
    assert [t.title for t in report.tables] == ["Thôn Đồng Răm"] and report.summary is report.tables[0]
    for code, row in zip(codes, report.tables[0].rows, strict=True):
        num, den = recount_indicator(db, code, year, vid)
        assert (row[3], row[4]) == (num, den) and row[5] == (pytest.approx(num / den) if den else None)


def test_results_columns_are_numbers_in_the_tables_the_summary_and_the_workbook(big_commune: Database,
                                                                                tmp_path: Path) -> None:
    db = big_commune
    report = build(db, "results", year=2026)
    headers = [c.header for c in report.tables[0].columns]
    assert headers[2:6] == ["Chỉ tiêu", "Số đạt", "Tổng số", "Tỷ lệ"]
    assert [c.kind for c in report.tables[0].columns][3:6] == ["int", "int", "pct"]
    vids = dict(sql(db, "SELECT name, id FROM village WHERE deleted = 0"))
    codes = [d.code for d in load_plan().indicators]
    for table in report.tables:
        for code, row in zip(codes, table.rows, strict=True):
            want = recount_indicator(db, code, 2026, None if table.title == "Toàn xã" else vids[table.title])
            assert (row[3], row[4]) == want and isinstance(row[3], int) and "/" not in str(row[3])
    out = write_xlsx(report, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(out).worksheets[0]
    header_row = next(i for i in range(1, 20) if ws.cell(i, 1).value == "TT")
    for i, code in enumerate(codes):
        cells = [ws.cell(header_row + 1 + i, c) for c in (4, 5, 6)]
        assert (cells[0].value, cells[1].value) == recount_indicator(db, code, 2026, None)
        assert cells[2].number_format.endswith("%") and isinstance(cells[2].value, float | type(None))


# -- 4. "Trên 80%" is more than 80 %.

def test_the_plan_words_each_comparison_and_it_is_printed() -> None:
    plan = load_plan()
    assert plan.compare_of(2025, "public_staff") == ">"
    assert {t.compare for t in plan.targets if (t.year, t.code) != (2025, "public_staff")} == {">="}
    assert target_text(0.8, ">") == "> 80 %" and target_text(0.8, ">=") == "≥ 80 %"
    assert target_text(1.0, ">=") == "100 %" and target_text(1.0, ">") == "100 %" and target_text(None) == "–"


@pytest.mark.parametrize(("num", "den", "target", "compare", "want"), [
    (4, 5, 0.8, ">", False), (5, 5, 0.8, ">", True), (81, 100, 0.8, ">", True), (80, 100, 0.8, ">", False),
    (4, 5, 0.8, ">=", True), (3, 5, 0.8, ">=", False), (5, 5, 1.0, ">", True), (4, 5, 1.0, ">=", False),
    (0, 0, 0.8, ">", None), (3, 5, None, ">=", None)])
def test_met_exactly_at_the_boundary(num: int, den: int, target: float | None, compare: str,
                                     want: bool | None) -> None:
    assert target_met(num, den, target, compare) is want


@pytest.fixture
def staff(commune: Database) -> Database:
    """Five public staff adults in village A; four completed KN-16 in 2025 (the rules shortened to KN-16)."""
    db = commune
    for code in ("public_staff", "adults_basic"):
        indicators.set_rule(db, code, lessons=["KN-16"])
    hid = create_household(db, HouseholdDraft(A, members=[
        PersonDraft(f"Cán bộ {n}", 1980 + n, relation="chu_ho" if n == 1 else "khac", is_public_staff=True)
        for n in range(1, 6)])).created or ""
    with db.read() as s:
        people = sorted(p.id for p in members(s, hid))
    for pid in people[:4]:
        add_completion(db, pid, "KN-16", dt.date(2025, 9, 1), "tap_huan_co_quan")
    return db


def test_four_of_five_is_not_more_than_80_percent(staff: Database, capsys: pytest.CaptureFixture[str]) -> None:
    db = staff
    assert recount_indicator(db, "public_staff", 2025, None) == (4, 5)
    assert recount_indicator(db, "adults_basic", 2025, None) == (4, 5)
    with db.read() as s:
        res = {r.code: r for r in indicators.compute(s, 2025, per_village=False)}
    assert (res["public_staff"].met, res["public_staff"].gap, res["public_staff"].compare) == (False, 1, ">")
    assert (res["adults_basic"].met, res["adults_basic"].gap, res["adults_basic"].compare) == (True, 0, ">=")
    report = build(db, "results", year=2025)
    rows = dict(zip([d.code for d in load_plan().indicators], report.tables[0].rows, strict=True))
    assert rows["public_staff"][1].startswith("Trên 80% cán bộ")
    assert rows["public_staff"][2:8] == ["> 80 %", 4, 5, 0.8, "Chưa đạt", 1]
    assert rows["adults_basic"][2:8] == ["≥ 80 %", 4, 5, 0.8, "Đạt", 0]
    assert any("4/5 (80,0 %), chỉ tiêu > 80 %: chưa đạt." in line for line in report.body)
    path = db.engine.url.database
    assert run(["--db", str(path), "indicators", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("Cán bộ, công chức") and "Toàn xã" in x)
    assert "> 80 %" in line and "Chưa đạt" in line
    assert run(["--db", str(path), "indicators", "--year", "2025", "--json"]) == 0
    cli = {(d["code"], d["village"]): d for d in json.loads(capsys.readouterr().out)}
    assert cli[("public_staff", None)]["compare"] == ">" and cli[("public_staff", None)]["met"] is False


# -- 5. Rules name lessons by id.

def rule_lessons(db: Database, code: str) -> list[str]:
    return json.loads(one(db, "SELECT lessons FROM indicator_rule WHERE code = :c AND deleted = 0", c=code))


def lesson_id(db: Database, code: str) -> str:
    return str(one(db, "SELECT id FROM lesson WHERE code = :c AND deleted = 0", c=code))


def test_a_new_commune_stores_its_rules_by_lesson_id(commune: Database) -> None:
    ids = dict(sql(commune, "SELECT code, id FROM lesson WHERE deleted = 0"))
    for rule in load_plan().rules:
        if rule.lessons is not None:
            assert rule_lessons(commune, rule.code) == [ids[c] for c in rule.lessons]


def test_renaming_a_lesson_code_keeps_every_rule_and_figure(staff: Database) -> None:
    db = staff
    before = sql(db, "SELECT code, lessons FROM indicator_rule ORDER BY code")
    with db.read() as s:
        lesson = find_lesson(s, "KN-16")
        draft = LessonDraft("KN-16B", lesson.title, lesson.description, lesson.skill_area, list(lesson.groups),
                            list(lesson.serves), lesson.framework, lesson.minutes)
        lid = lesson.id
    update_lesson(db, lid, draft)
    assert sql(db, "SELECT code, lessons FROM indicator_rule ORDER BY code") == before
    with db.read() as s:
        res = {r.code: r for r in indicators.compute(s, 2025, per_village=False)}
    assert (res["public_staff"].numerator, res["public_staff"].denominator) == (4, 5)
    assert recount_indicator(db, "public_staff", 2025, None) == (4, 5)
    targets = {r.code: r for r in indicators.target_rows(db, 2025)}
    assert targets["public_staff"].lessons == ("KN-16B",)


def test_deleting_a_lesson_a_rule_uses_is_refused_naming_the_rules(commune: Database) -> None:
    db = commune
    lid = lesson_id(db, "KN-04")
    with pytest.raises(BinhdanError) as err:
        delete_lesson(db, lid)
    assert err.value.code == "lesson.used_by_rules"
    vi, en = err.value.message("vi"), err.value.message("en")
    assert vi.startswith("Bài KN-04 được dùng trong chỉ tiêu: Cán bộ, công chức, viên chức") and "Học sinh" in vi
    assert "Public-sector staff" in en and "Digital family" in en
    assert one(db, "SELECT deleted FROM lesson WHERE id = :i", i=lid) == 0
    users = [c for (c,) in sql(db, "SELECT code FROM indicator_rule WHERE lessons LIKE :p", p=f"%{lid}%")]
    assert len(users) == 5
    counter = one(db, "SELECT COALESCE(MAX(counter), 0) FROM change_log")
    delete_lesson(db, lid, drop_from_rules=True)
    assert one(db, "SELECT deleted FROM lesson WHERE id = :i", i=lid) == 1
    assert all(lid not in rule_lessons(db, c) for c in users)
    assert len(rule_lessons(db, "public_staff")) == 9
    # one transaction: the lesson's tombstone and the rules' changes share one run of the device's counter
    logged = sql(db, "SELECT table_name, row_id FROM change_log WHERE counter > :c", c=counter)
    assert sorted(t for t, _ in logged) == ["indicator_rule"] * 5 + ["lesson"]
    with db.read() as s:
        assert indicators.compute(s, 2026, per_village=False)  # still computes, on the remaining lessons


def test_migration_0006_turns_stored_codes_into_ids(tmp_path: Path) -> None:
    from binhdan_desktop.services.commune import setup_commune

    path = tmp_path / "old.sqlite3"
    with open_database(path) as db:
        setup_commune(db, "Bình Chương", "Quảng Ngãi", [A])
    ids = {}
    with sqlite3.connect(path) as conn:  # make it a 0005 file: rules by code, as 0005 wrote them
        ids = dict(conn.execute("SELECT code, id FROM lesson"))
        codes = {v: k for k, v in ids.items()}
        for rid, lessons in conn.execute("SELECT id, lessons FROM indicator_rule").fetchall():
            if json.loads(lessons) is None:
                continue
            old = [codes[i] for i in json.loads(lessons)]
            conn.execute("UPDATE indicator_rule SET lessons = ? WHERE id = ?", (json.dumps(old), rid))
        conn.execute("UPDATE indicator_rule SET lessons = ? WHERE code = 'traders_4t'",
                     (json.dumps(["KN-09", "kn-10", "KN-99"]),))  # a lower-case code, a code no lesson has
        for undo in ("DROP TABLE person_status", "DROP TABLE report_issue",  # what 0007 and 0008 made
                     "ALTER TABLE sync_local DROP COLUMN office", "ALTER TABLE sync_local ADD COLUMN team TEXT",
                     "ALTER TABLE sync_local ADD COLUMN private_key VARCHAR(100)",
                     "ALTER TABLE sync_local DROP COLUMN team_id",
                     "DROP TABLE conflict_resolution", "ALTER TABLE village DROP COLUMN merged_into"):  # 0011
            conn.execute(undo)
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.close()
    with open_database(path, backup_dir=tmp_path / "bk") as db:
        assert migrate.current_revision(db.engine) == migrate.SCHEMA_HEAD
        for rule in load_plan().rules:
            if rule.lessons is not None and rule.code != "traders_4t":
                assert rule_lessons(db, rule.code) == [ids[c] for c in rule.lessons]
        assert rule_lessons(db, "traders_4t") == [ids["KN-09"], ids["KN-10"]]
        assert json.loads(one(db, "SELECT lessons FROM indicator_rule WHERE code = 'adults_vneid'")) is None


def test_migration_0006_downgrade_gives_codes_back(tmp_path: Path) -> None:
    from alembic import command

    from binhdan_desktop.services.commune import setup_commune

    path = tmp_path / "new.sqlite3"
    with open_database(path) as db:
        setup_commune(db, "Bình Chương", "Quảng Ngãi", [A])
        cfg = migrate.alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
        public = json.loads(one(db, "SELECT lessons FROM indicator_rule WHERE code = 'public_staff'"))
    assert public == list(next(r for r in load_plan().rules if r.code == "public_staff").lessons or ())


# -- 6. People the counts leave out are named in a note.

def test_each_report_notes_people_with_no_birth_year(staff: Database, tmp_path: Path) -> None:
    db = staff
    create_household(db, HouseholdDraft(A, members=[PersonDraft("Không Rõ Tuổi", None, relation="chu_ho"),
                                                    PersonDraft("Cũng Không Rõ", None, relation="vo_chong",
                                                                gender="nu")]))
    no_birth = one(db, """SELECT COUNT(*) FROM person p JOIN household h ON h.id = p.household_id
                          WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru'
                          AND p.birth_date IS NULL AND p.birth_year IS NULL""")
    assert no_birth == 2
    for kind in ("results", "checklist"):
        report = build(db, kind, year=2026)
        assert report.notes and report.notes[0].startswith(f"{no_birth} người chưa có năm sinh"), kind
        pdf = subprocess.run(["pdftotext", str(write_pdf(report, tmp_path / f"{kind}.pdf")), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert f"Ghi chú: {no_birth} người chưa có năm sinh" in " ".join(pdf.split())
        sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / f"{kind}.xlsx")).worksheets[0]
        assert f"Ghi chú: {report.notes[0]}" in [r[0].value for r in sheet.rows]
    visits = build(db, "visits", start=START, end=END)
    assert visits.notes == []
    learners = build(db, "learners", year=2026)
    assert learners.notes == []  # everyone on the learners list has a birth year
    vid = village_of(db, "Thôn Đồng Răm")
    assert build(db, "results", year=2026, village=vid).notes == []  # none in that village


def test_the_gender_note_counts_people_with_no_gender(staff: Database) -> None:
    from binhdan_desktop.services.report_builders import data_notes

    db = staff
    no_gender = one(db, """SELECT COUNT(*) FROM person p JOIN household h ON h.id = p.household_id
                           WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru'
                           AND p.gender NOT IN ('nam', 'nu')""")
    assert no_gender == 5
    with db.read() as s:
        assert data_notes(s, None, gender=True) == [
            "5 người chưa ghi giới tính (nam/nữ) nên không có trong số liệu theo giới tính."]


def test_a_past_visit_log_keeps_the_visits_of_a_household_deleted_since(big_commune: Database) -> None:
    """The visit log of April–June printed again after a household visited then was deleted today: the same
    table (its head still named) and totals, recounted over the visits as they were."""
    from binhdan_desktop.services import households as hh

    db = big_commune
    start, end = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
    before = build(db, "visits", start=start, end=end)
    want = recount_visits(db, start, end)
    hid = one(db, f"SELECT vi.household_id {SCOPE} GROUP BY vi.household_id ORDER BY COUNT(*) DESC LIMIT 1",
              a=start, b=end)
    hh.delete_household(db, hid)
    assert recount_visits(db, start, end) != want  # the household's visits are gone from today's view
    after = build(db, "visits", start=start, end=end)
    assert printed_visit_totals(after) == want
    assert after.tables == before.tables
