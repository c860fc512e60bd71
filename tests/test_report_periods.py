"""The period report (month, quarter, six months, year), the breakdowns by gender / age band / poverty and the
rankings of villages and team members. Every figure is recounted here from the tables themselves by SQL written in
this file (with the plan's rules read from resources/plan.json), never by the code under test."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.domain.periods import Period, parse_period
from binhdan_desktop.errors import ValidationError
from binhdan_desktop.reports.model import Report
from binhdan_desktop.services import breakdowns, reports
from binhdan_desktop.store.db import Database
from tests.test_cli import one_line_error

TODAY = dt.date(2026, 12, 2)
PLAN = json.loads((Path(__file__).parent.parent / "resources" / "plan.json").read_text(encoding="utf-8"))


# --- periods --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code", "start", "end", "previous"), [
    ("2026", "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2025"),
    ("2026-H1", "2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2025-H2"),
    (" 2026-h2 ", "2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026-H1"),
    ("2026-Q1", "2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2025-Q4"),
    ("2026-q3", "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026-Q2"),
    ("2026-09", "2026-09", dt.date(2026, 9, 1), dt.date(2026, 9, 30), "2026-08"),
    ("2026-1", "2026-01", dt.date(2026, 1, 1), dt.date(2026, 1, 31), "2025-12"),
    ("2028-02", "2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29), "2028-01"),
])
def test_periods_are_parsed_with_their_dates_and_previous_period(text: str, code: str, start: dt.date,
                                                                  end: dt.date, previous: str) -> None:
    p = parse_period(text)
    assert (p.code, p.start, p.end, p.previous().code) == (code, start, end, previous)
    before = p.previous()
    assert (before.end - before.start).days // 28 == (p.end - p.start).days // 28  # the same length
    assert before.end + dt.timedelta(days=1) == p.start


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-H3", "2026-H0", "2026-",
                                  "26", "1999", "2101", "2026-W1", "Q3-2026", "", "2026-Q3x", "２０２６"])
def test_bad_periods_are_refused_saying_what_to_write(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_period(text)
    assert err.value.code == "validation.period"
    assert "2026-H1" in err.value.message("vi") and "2026-Q4" in err.value.message("en")


def test_period_labels_and_chart_points() -> None:
    assert parse_period("2026-Q3").label() == "quý III năm 2026"
    assert parse_period("2026-H1").label() == "6 tháng đầu năm 2026"
    assert parse_period("2026-09").label("en") == "September 2026"
    q3 = parse_period("2026-Q3")
    assert q3.month_ends(TODAY) == [dt.date(2025, 12, 31), *[dt.date(2026, m, 28 if m == 2 else 30 if m in
                                                                       (4, 6, 9) else 31) for m in range(1, 10)]]
    assert Period(2026, "year").month_ends(TODAY)[-2:] == [dt.date(2026, 11, 30), TODAY]  # never in the future
    assert parse_period("2026-01").month_ends(TODAY) == [dt.date(2025, 12, 31), dt.date(2026, 1, 31)]


@pytest.mark.parametrize("value", ["2026-Q5", "2026-13", "2026-H3"])
def test_cli_refuses_a_bad_period_in_one_line(commune: Database, tmp_path: Path, value: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.pdf"
    assert run(["--db", str(commune.path), "report", "period", "--period", value, "--out", str(out)]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert value in err and "2026-H1" in err and not out.exists()


def test_a_period_not_begun_is_refused(commune: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(commune.path), "report", "period", "--period", "2100-Q1",
                "--out", str(tmp_path / "r.pdf")]) == 2
    assert "2100-Q1" in one_line_error(capsys.readouterr().err)


# --- an independent recount: people, their completions, the plan's rules --------------------------------------

@dataclass
class Person:
    id: str
    household: str
    village: str
    poverty: str
    gender: str
    born: dt.date | None
    staff: bool
    level: str | None
    worker: bool
    trader: bool
    vneid: int
    bank: bool
    done: set[tuple[str, str]] = field(default_factory=set)  # (lesson code, channel)


def _raw(db: Database) -> sqlite3.Connection:
    con = sqlite3.connect(str(db.path))
    con.row_factory = sqlite3.Row
    return con


def _people(db: Database, as_of: dt.date) -> list[Person]:
    with _raw(db) as con:
        rows = con.execute("""SELECT p.id, p.household_id, h.village_id, h.poverty, p.gender, p.birth_date,
                                     p.birth_year, p.is_public_staff, p.student_level, p.is_worker, p.is_trader,
                                     p.vneid_level, p.has_bank_account
                              FROM person p JOIN household h ON h.id = p.household_id
                              WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru'""").fetchall()
        people = {}
        for r in rows:
            born = dt.date.fromisoformat(r[5]) if r[5] else dt.date(r[6], 1, 1) if r[6] else None
            people[r[0]] = Person(r[0], r[1], r[2], r[3], r[4], born, bool(r[7]), r[8], bool(r[9]), bool(r[10]),
                                  int(r[11] or 0), bool(r[12]))
        for pid, code, channel in con.execute(
                """SELECT c.person_id, l.code, c.channel FROM completion c JOIN lesson l ON l.id = c.lesson_id
                   WHERE c.deleted = 0 AND l.deleted = 0 AND c.date <= ?""", (as_of.isoformat(),)):
            if pid in people:
                people[pid].done.add((code, channel))
    return list(people.values())


def _age(p: Person, as_of: dt.date) -> int | None:
    if p.born is None:
        return None
    return as_of.year - p.born.year - ((as_of.month, as_of.day) < (p.born.month, p.born.day))


def _counts(code: str, p: Person, as_of: dt.date, year: int) -> bool:
    """Is `p` in the indicator's population on `as_of` (the plan's definitions, written out again)?"""
    age = _age(p, as_of)
    levels = PLAN["years"][str(year)]["students"].get("student_levels") or ["tieu_hoc", "thcs", "thpt"]
    return {"public_staff": p.staff, "students": p.level in levels, "adults_basic": (age or -1) >= 18,
            "adults_vneid": (age or -1) >= 18, "enterprise_workers": p.worker, "digital_family": True,
            "digital_identity": (age or -1) >= 16, "traders_4t": p.trader}[code]


def _trained(code: str, p: Person) -> bool:
    rule = PLAN["rules"][code]
    lessons, channels = rule["lessons"], rule["channels"]
    done = {c for c, ch in p.done if channels is None or ch in channels}
    if lessons is not None:
        done &= set(lessons)
    needed = rule["min"] if rule["min"] is not None else (len(lessons) if lessons else 1)
    ok = len(done) >= needed
    for need in rule.get("requires", []):
        ok = ok and {"vneid_level_2": p.vneid == 2, "bank_account": p.bank}[need]
    return ok


PERSON_CODES = ["public_staff", "students", "adults_basic", "adults_vneid", "enterprise_workers", "digital_identity",
                "traders_4t"]


def _band(p: Person, as_of: dt.date) -> str | None:
    age = _age(p, as_of)
    if age is None:
        return None
    return "0-15" if age < 16 else "16-17" if age < 18 else "18-35" if age < 36 else "36-59" if age < 60 else "60+"


def _recount(people: list[Person], code: str, as_of: dt.date, year: int, key: Any) -> dict[Any, tuple[int, int]]:
    """(numerator, denominator) per key(person); households (digital_family) counted once, trained when one of
    their residents is."""
    if code == "digital_family":
        homes: dict[str, list[Person]] = defaultdict(list)
        for p in people:
            homes[p.household].append(p)
        out: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        for members in homes.values():
            k = key(members[0])
            out[k][1] += 1
            out[k][0] += any(_trained(code, m) for m in members)
        return {k: (v[0], v[1]) for k, v in out.items()}
    out = defaultdict(lambda: [0, 0])
    for p in people:
        if _counts(code, p, as_of, year):
            out[key(p)][1] += 1
            out[key(p)][0] += _trained(code, p)
    return {k: (v[0], v[1]) for k, v in out.items()}


def _drop_birth(db: Database, n: int) -> None:
    """Some residents without a birth date or year (the demo gives everyone one)."""
    with _raw(db) as con:
        con.execute("""UPDATE person SET birth_date = NULL, birth_year = NULL, birth_ref = NULL WHERE id IN (
                       SELECT id FROM person WHERE deleted = 0 AND residence = 'cu_tru' ORDER BY id LIMIT ?)""", (n,))


# --- breakdowns ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("as_of", [dt.date(2026, 12, 31), dt.date(2026, 6, 30)])
def test_every_breakdown_cell_is_recounted(big_commune: Database, as_of: dt.date) -> None:
    _drop_birth(big_commune, 25)
    people = _people(big_commune, as_of)
    keys = {"gender": lambda p: p.gender, "poverty": lambda p: p.poverty, "age": lambda p: _band(p, as_of)}
    # VNeID and bank accounts are today's values here: on a past date only lessons-based indicators are recounted.
    codes = {*PERSON_CODES, "digital_family"} - ({"digital_identity"} if as_of < TODAY else set())
    with big_commune.read() as s:
        for dimension, key in keys.items():
            rows = breakdowns.breakdown(s, 2026, dimension, as_of=as_of)
            assert rows
            seen = defaultdict(set)
            for r in rows:
                seen[r.code].add(r.key)
                if r.code not in codes:
                    continue
                expected = _recount(people, r.code, as_of, 2026, key).get(r.key, (0, 0))
                assert (r.numerator, r.denominator) == expected, (dimension, r.code, r.key)
            for code in codes - {"digital_family"} if dimension != "poverty" else codes:
                every = set(_recount(people, code, as_of, 2026, key))
                assert every <= seen[code], (dimension, code)  # no group that holds someone is left out
            assert ("digital_family" in seen) == (dimension == "poverty")  # a household has no gender nor age


def test_age_bands_add_up_to_everyone_with_a_birth_year(big_commune: Database) -> None:
    _drop_birth(big_commune, 40)
    as_of = dt.date(2026, 12, 31)
    people = _people(big_commune, as_of)
    with big_commune.read() as s:
        rows = breakdowns.breakdown(s, 2026, "age", as_of=as_of)
        from binhdan_desktop.services import indicators

        totals = {r.code: r for r in indicators.compute(s, 2026, as_of=as_of) if r.village_id is None}
    for code in PERSON_CODES:
        bands = [r for r in rows if r.code == code]
        known = sum(r.denominator for r in bands if r.key is not None)
        with_year = sum(1 for p in people if p.born is not None and _counts(code, p, as_of, 2026))
        assert known == with_year
        assert known + sum(r.denominator for r in bands if r.key is None) == totals[code].denominator
        assert sum(r.numerator for r in bands) == totals[code].numerator
    unknown = [r for r in rows if r.key is None]
    assert unknown and all(r.code in {"public_staff", "students", "enterprise_workers", "traders_4t"} for r in unknown)
    assert sum(r.denominator for r in unknown if r.code == "public_staff") == sum(
        1 for p in people if p.born is None and p.staff)


@pytest.mark.parametrize(("by", "key"), [("gender", "gender"), ("age", "age_band"), ("poverty", "poverty")])
def test_cli_breakdown_json_rows_carry_their_key(big_commune: Database, by: str, key: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(big_commune.path), "indicators", "--by", by, "--year", "2026", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    allowed = {"gender": {"nam", "nu", "khac"}, "age_band": {"0-15", "16-17", "18-35", "36-59", "60+", None},
               "poverty": {"ngheo", "can_ngheo", "khong"}}[key]
    assert rows and all(key in r and r[key] in allowed for r in rows)
    assert all({"code", "numerator", "denominator", "rate"} <= set(r) for r in rows)
    people = _people(big_commune, dt.date(2026, 12, 31))
    get = {"gender": lambda p: p.gender, "age": lambda p: _band(p, dt.date(2026, 12, 31)),
           "poverty": lambda p: p.poverty}[by]
    adults = _recount(people, "adults_basic", dt.date(2026, 12, 31), 2026, get)
    for r in rows:
        if r["code"] == "adults_basic":
            assert (r["numerator"], r["denominator"]) == adults.get(r[key], (0, 0))
    assert run(["--db", str(big_commune.path), "indicators", "--by", by]) == 0
    assert "Người dân trưởng thành có kỹ năng số cơ bản" in capsys.readouterr().out


def test_cli_refuses_an_unknown_breakdown(commune: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(commune.path), "indicators", "--by", "sex"]) == 2
    assert "gender, age, poverty" in one_line_error(capsys.readouterr().err)


# --- the period report -----------------------------------------------------------------------------------------

def _report(db: Database, period: str, village: str | None = None) -> Report:
    with db.read() as s:
        return reports.build(s, "period", period=period, village=village, today=TODAY)


def _table(report: Report, title: str) -> Any:
    return next(t for t in report.tables if t.title == title)


def test_the_change_since_the_previous_period_is_recounted(big_commune: Database) -> None:
    report = _report(big_commune, "2026-Q3")
    end, before = dt.date(2026, 9, 30), dt.date(2026, 6, 30)
    now_people, old_people = _people(big_commune, end), _people(big_commune, before)
    whole = _table(report, "Toàn xã")
    heads = [c.header for c in whole.columns]
    for code in ("adults_basic", "students", "digital_family"):
        row = next(r for r in whole.rows if r[1] == next(i["name"][0] for i in PLAN["indicators"] if i["code"] == code))
        got = dict(zip(heads, row, strict=True))
        (num, den), = _recount(now_people, code, end, 2026, lambda p: 0).values()
        (num0, den0), = _recount(old_people, code, before, 2026, lambda p: 0).values()
        assert (got["Số đạt"], got["Tổng số"], got["Số đạt tăng thêm"]) == (num, den, num - num0)
        assert got["Tỷ lệ cuối kỳ"] == pytest.approx(num / den)
        assert got["Tỷ lệ cuối kỳ trước"] == pytest.approx(num0 / den0)
        assert got["Tăng, giảm tỷ lệ"] == pytest.approx(num / den - num0 / den0)
    per_village = _table(report, "Kết quả theo từng thôn")
    heads = [c.header for c in per_village.columns]
    village_of = {}
    with _raw(big_commune) as con:
        village_of = dict(con.execute("SELECT name, id FROM village WHERE deleted = 0").fetchall())
    now = _recount(now_people, "adults_basic", end, 2026, lambda p: p.village)
    old = _recount(old_people, "adults_basic", before, 2026, lambda p: p.village)
    checked = 0
    for row in per_village.rows:
        got = dict(zip(heads, row, strict=True))
        if got["Nội dung"] == "Người lớn – KN cơ bản":
            vid = village_of[got["Thôn"]]
            assert (got["Số đạt"], got["Tổng số"]) == now[vid]
            assert got["Số đạt tăng thêm"] == now[vid][0] - old[vid][0]
            checked += 1
    assert checked == len(village_of)
    assert "so với ngày 30/06/2026 là cuối quý II năm 2026" in report.body[0]


def test_a_year_compares_with_the_year_before_and_a_month_with_the_month_before(big_commune: Database) -> None:
    year = _report(big_commune, "2026")
    assert "đến ngày 02/12/2026" in year.body[0] and "31/12/2025" in year.body[0]  # never dated in the future
    month = _report(big_commune, "2026-09")
    assert "so với ngày 31/08/2026 là cuối tháng 8 năm 2026" in month.body[0]
    people, old = _people(big_commune, dt.date(2026, 9, 30)), _people(big_commune, dt.date(2026, 8, 31))
    (num, _), = _recount(people, "adults_basic", dt.date(2026, 9, 30), 2026, lambda p: 0).values()
    (num0, _), = _recount(old, "adults_basic", dt.date(2026, 8, 31), 2026, lambda p: 0).values()
    row = next(r for r in _table(month, "Toàn xã").rows if r[1] == "Người dân trưởng thành có kỹ năng số cơ bản")
    assert row[3] == num and row[8] == num - num0


def test_the_village_ranking_follows_the_recounted_rates(big_commune: Database) -> None:
    report = _report(big_commune, "2026-Q3")
    end = dt.date(2026, 9, 30)
    people = _people(big_commune, end)
    table = _table(report, "Xếp hạng thi đua các thôn")
    heads = [c.header for c in table.columns]
    with _raw(big_commune) as con:
        names = dict(con.execute("SELECT id, name FROM village WHERE deleted = 0").fetchall())
    rates: dict[str, dict[str, float]] = defaultdict(dict)
    for code in [*PERSON_CODES, "digital_family"]:
        for vid, (num, den) in _recount(people, code, end, 2026, lambda p: p.village).items():
            if den:
                rates[vid][code] = num / den
    means = {names[v]: sum(r.values()) / len(r) for v, r in rates.items()}
    got = [dict(zip(heads, row, strict=True)) for row in table.rows]
    assert [g["Thôn"] for g in got] == sorted(means, key=lambda n: -means[n])  # best first
    for g in got:
        assert g["Tỷ lệ bình quân"] == pytest.approx(means[g["Thôn"]])
    short = "Người lớn – KN cơ bản"
    order = sorted(means, key=lambda n: -rates[next(v for v in names if names[v] == n)]["adults_basic"])
    assert [g["Thôn"] for g in sorted(got, key=lambda g: g[f"Hạng: {short}"])] == order
    assert [g["Hạng"] for g in got] == list(range(1, len(got) + 1))


def test_the_team_ranking_is_recounted_and_in_order(big_commune: Database) -> None:
    report = _report(big_commune, "2026-H2")
    table = _table(report, "Xếp hạng thi đua thành viên Tổ Công nghệ số cộng đồng")
    start, end = "2026-07-01", "2026-12-02"
    with _raw(big_commune) as con:
        expected = {r[0]: tuple(r[1:]) for r in con.execute("""
            SELECT m.name,
                   (SELECT COUNT(DISTINCT c.person_id) FROM completion c JOIN person p ON p.id = c.person_id
                      JOIN household h ON h.id = p.household_id WHERE c.taught_by = m.id AND c.deleted = 0
                      AND p.deleted = 0 AND h.deleted = 0 AND c.date BETWEEN :s AND :e),
                   (SELECT COUNT(*) FROM completion c JOIN person p ON p.id = c.person_id
                      JOIN household h ON h.id = p.household_id WHERE c.taught_by = m.id AND c.deleted = 0
                      AND p.deleted = 0 AND h.deleted = 0 AND c.date BETWEEN :s AND :e),
                   (SELECT COUNT(DISTINCT v.household_id) FROM visit v JOIN visit_member vm ON vm.visit_id = v.id
                      JOIN household h ON h.id = v.household_id WHERE vm.member_id = m.id AND v.deleted = 0
                      AND vm.deleted = 0 AND h.deleted = 0 AND v.date BETWEEN :s AND :e),
                   (SELECT COUNT(DISTINCT v.id) FROM visit v JOIN visit_member vm ON vm.visit_id = v.id
                      JOIN household h ON h.id = v.household_id WHERE vm.member_id = m.id AND v.deleted = 0
                      AND vm.deleted = 0 AND h.deleted = 0 AND v.date BETWEEN :s AND :e)
            FROM team_member m WHERE m.deleted = 0""", {"s": start, "e": end})}
    assert {r[1]: tuple(r[2:]) for r in table.rows} == expected
    keys = [tuple(r[2:5]) for r in table.rows]
    assert keys == sorted(keys, reverse=True)  # people trained, then completions, then households
    for previous, row in zip(table.rows, table.rows[1:], strict=False):
        assert row[0] == previous[0] if tuple(row[2:5]) == tuple(previous[2:5]) else row[0] > previous[0]
    assert any(r[2] > 0 for r in table.rows)


def test_one_villages_period_report_names_it_and_counts_only_it(big_commune: Database) -> None:
    with _raw(big_commune) as con:
        vid, name = con.execute("SELECT id, name FROM village WHERE deleted = 0 ORDER BY sort_order").fetchone()
    report = _report(big_commune, "2026-Q3", village=vid)
    assert name in report.header.subject and name in report.body[0]
    assert report.summary is not None and report.summary.title == name
    people = [p for p in _people(big_commune, dt.date(2026, 9, 30)) if p.village == vid]
    (num, den), = _recount(people, "adults_basic", dt.date(2026, 9, 30), 2026, lambda p: 0).values()
    row = next(r for r in report.summary.rows if r[1] == "Người dân trưởng thành có kỹ năng số cơ bản")
    assert (row[3], row[4]) == (num, den)
    assert all(t.title != "Kết quả theo từng thôn" for t in report.tables)
    assert [s[0] for s in report.trends[0].series] == [name, "Toàn xã"]  # the village against the commune


# --- rendered --------------------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_period_pdf_holds_the_charts_and_tables_as_text(big_commune: Database, tmp_path: Path) -> None:
    report = _report(big_commune, "2026-Q3")
    out = reports.write(report, tmp_path / "ky.pdf", "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    from binhdan_desktop.reports.charts import TREND_TITLE

    assert TREND_TITLE in text
    for t in report.tables:
        assert t.title in text
    for trend in report.trends:
        assert trend.title in " ".join(text.split())
    assert "quý III năm 2026" in text and "Thôn dẫn đầu" in text and "Từ 60 tuổi" in text
    assert "Chỉ tiêu 100 %" in text and "31/08/26" in text  # the target line and the month ends under the axis
    members = _table(report, "Xếp hạng thi đua thành viên Tổ Công nghệ số cộng đồng")
    assert members.rows[0][1] in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts


def test_the_period_workbook_has_a_line_chart_per_indicator(big_commune: Database, tmp_path: Path) -> None:
    import openpyxl

    report = _report(big_commune, "2026-Q3")
    out = reports.write(report, tmp_path / "ky.xlsx", "xlsx")
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == len(report.trends) == 8
        assert all(b"<lineChart>" in z.read(n) for n in charts)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[0] == "Toàn xã" and "Biểu đồ tiến độ" in wb.sheetnames
    assert {"Theo giới tính", "Theo nhóm tuổi", "Xếp hạng thi đua các thôn"} <= set(wb.sheetnames)
    rows = list(wb["Biểu đồ tiến độ"].iter_rows(values_only=True))
    first = report.trends[0]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Ngày")
    assert list(rows[header][1:1 + len(first.series)]) == [s[0] for s in first.series]
    assert [r[1] for r in rows[header + 1:header + 1 + len(first.labels)]] == pytest.approx(
        first.series[0][1])
    wb.close()


def test_the_cli_writes_the_period_report(big_commune: Database, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ky.xlsx"
    assert run(["--db", str(big_commune.path), "report", "period", "--period", "2026-h1", "--out", str(out)]) == 0
    assert out.exists() and reports.file_name(
        reports.ReportRequest("period", period="2026-H1"), None, "pdf") == "bao-cao-theo-ky-2026-h1-toan-xa.pdf"


def test_a_past_period_keeps_its_figures_when_households_and_people_are_deleted_or_moved_today(
        big_commune: Database) -> None:
    """The 2026-Q2 report printed again after today's deletions (a household its team visited in the quarter,
    people taught in it) and a household moved to another village: every table the same — indicators per
    village, breakdowns, rankings and what each team member did (recounted here over copies made before)."""
    from binhdan_desktop.services import households as hh

    db = big_commune
    before = _report(db, "2026-Q2")
    with _raw(db) as con:
        con.execute("CREATE TABLE person_then AS SELECT * FROM person")
        con.execute("CREATE TABLE household_then AS SELECT * FROM household")
        visited = [r[0] for r in con.execute(
            "SELECT v.household_id FROM visit v JOIN household h ON h.id = v.household_id WHERE v.deleted = 0 "
            "AND h.deleted = 0 AND v.date BETWEEN '2026-04-01' AND '2026-06-30' GROUP BY v.household_id "
            "ORDER BY v.household_id LIMIT 3")]
        taught = [r[0] for r in con.execute(
            "SELECT c.person_id FROM completion c JOIN person p ON p.id = c.person_id WHERE c.deleted = 0 "
            "AND p.deleted = 0 AND c.taught_by IS NOT NULL AND c.date BETWEEN '2026-04-01' AND '2026-06-30' "
            f"AND p.household_id NOT IN ({','.join('?' * len(visited))}) GROUP BY c.person_id "
            "ORDER BY c.person_id LIMIT 12", visited)]
        moving, village = con.execute(
            "SELECT h.id, (SELECT id FROM village WHERE deleted = 0 AND id != h.village_id LIMIT 1) FROM household h "
            f"WHERE h.deleted = 0 AND h.id NOT IN ({','.join('?' * len(visited))}) ORDER BY h.code DESC LIMIT 1",
            visited).fetchone()
    hh.delete_household(db, visited[0])
    hh.delete_household(db, visited[1])
    for pid in taught:
        hh.delete_person(db, pid)
    hh.update_household(db, moving, village=village)
    after = _report(db, "2026-Q2")
    assert after.tables == before.tables and after.body == before.body
    members = _table(after, "Xếp hạng thi đua thành viên Tổ Công nghệ số cộng đồng")
    with _raw(db) as con:  # the team's tallies over the copies: people, completions, households, visits
        expected = {r[0]: tuple(r[1:]) for r in con.execute("""
            SELECT m.name,
                   (SELECT COUNT(DISTINCT c.person_id) FROM completion c JOIN person_then p ON p.id = c.person_id
                      JOIN household_then h ON h.id = p.household_id WHERE c.taught_by = m.id AND c.deleted = 0
                      AND p.deleted = 0 AND h.deleted = 0 AND c.date BETWEEN :s AND :e),
                   (SELECT COUNT(*) FROM completion c JOIN person_then p ON p.id = c.person_id
                      JOIN household_then h ON h.id = p.household_id WHERE c.taught_by = m.id AND c.deleted = 0
                      AND p.deleted = 0 AND h.deleted = 0 AND c.date BETWEEN :s AND :e),
                   (SELECT COUNT(DISTINCT v.household_id) FROM visit v JOIN visit_member vm ON vm.visit_id = v.id
                      JOIN household_then h ON h.id = v.household_id WHERE vm.member_id = m.id AND v.deleted = 0
                      AND vm.deleted = 0 AND h.deleted = 0 AND v.date BETWEEN :s AND :e),
                   (SELECT COUNT(DISTINCT v.id) FROM visit v JOIN visit_member vm ON vm.visit_id = v.id
                      JOIN household_then h ON h.id = v.household_id WHERE vm.member_id = m.id AND v.deleted = 0
                      AND vm.deleted = 0 AND h.deleted = 0 AND v.date BETWEEN :s AND :e)
            FROM team_member m WHERE m.deleted = 0""", {"s": "2026-04-01", "e": "2026-06-30"})}
    assert {r[1]: tuple(r[2:]) for r in members.rows} == expected


# --- the period report's month ends: one SQL pass, every printed number recounted ------------------------------

def _month_ends(report: Report) -> list[dt.date]:
    return [dt.datetime.strptime(label, "%d/%m/%y").date() for label in report.trends[0].labels]


def test_the_month_ends_are_counted_in_one_statement_as_each_day_alone(big_commune: Database) -> None:
    """`compute_at` (one statement grouped by day) gives what `compute` gives day by day: with today's values
    (no dated status yet) and after today's edits (each day reads its own statuses, residence and village)."""
    from binhdan_desktop.services import indicators
    from tests.test_as_of import edit_everyone

    days = parse_period("2026").month_ends(dt.date(2026, 11, 30))
    assert len(days) == 12
    for edited in (False, True):
        if edited:
            edit_everyone(big_commune)
        with big_commune.read() as s:
            at = indicators.compute_at(s, 2026, days)
            each = {d: indicators.compute(s, 2026, as_of=d) for d in days}
        assert at == each, edited
        assert any(r.numerator for r in at[days[-1]])


def test_the_period_report_counts_its_month_ends_in_one_statement(big_commune: Database) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_a: object) -> None:
        statements.append(statement)

    event.listen(big_commune.engine, "before_cursor_execute", seen)
    try:
        report = _report(big_commune, "2026-Q3")
    finally:
        event.remove(big_commune.engine, "before_cursor_execute", seen)
    assert len(_month_ends(report)) == 10  # 31/12/2025, then each month end to 30/09/2026
    # the statements that count indicators (not the breakdowns, grouped by their key)
    counted = [st for st in statements if " AS ok_adults_basic" in st and "GROUP BY k" not in st]
    assert len(counted) == 1  # not one a month end
    assert "ok_adults_basic_9" in counted[0] or "GROUP BY day, vid" in counted[0]  # every day in it


def test_every_number_of_the_period_report_is_recounted(big_commune: Database) -> None:
    """The indicators' table, the villages' table and every point of every progress chart (each place at each
    month end), recounted from the people and their completions by this file's own reading of the plan."""
    report = _report(big_commune, "2026-Q3")
    end, before = dt.date(2026, 9, 30), dt.date(2026, 6, 30)
    days = _month_ends(report)
    people = {d: _people(big_commune, d) for d in days}
    codes = [i["code"] for i in PLAN["indicators"] if i["code"] in PLAN["years"]["2026"]]
    names = {i["code"]: i["name"][0] for i in PLAN["indicators"]}
    shorts = {i["code"]: i.get("short") or i["name"][0] for i in PLAN["indicators"]}
    with _raw(big_commune) as con:
        village_ids = dict(con.execute("SELECT name, id FROM village WHERE deleted = 0").fetchall())

    def count(code: str, day: dt.date, village: str | None) -> tuple[int, int]:
        got = _recount(people[day], code, day, 2026, lambda p: p.village)
        if village is not None:
            return got.get(village, (0, 0))
        return sum(n for n, _ in got.values()), sum(d for _, d in got.values())

    def rate(n: int, d: int) -> float | None:
        return n / d if d else None

    checked = 0
    whole = _table(report, "Toàn xã")
    heads = [c.header for c in whole.columns]
    assert {r[1] for r in whole.rows} == {names[c] for c in codes}
    for row in whole.rows:
        got = dict(zip(heads, row, strict=True))
        code = next(c for c in codes if names[c] == got["Nội dung"])
        (num, den), (num0, den0) = count(code, end, None), count(code, before, None)
        assert (got["Số đạt"], got["Tổng số"], got["Số đạt tăng thêm"]) == (num, den, num - num0), code
        assert got["Tỷ lệ cuối kỳ"] == pytest.approx(rate(num, den))
        assert got["Tỷ lệ cuối kỳ trước"] == pytest.approx(rate(num0, den0))
        checked += 1
    per_village = _table(report, "Kết quả theo từng thôn")
    heads = [c.header for c in per_village.columns]
    for row in per_village.rows:
        got = dict(zip(heads, row, strict=True))
        code = next(c for c in codes if shorts[c] == got["Nội dung"])
        vid = village_ids[got["Thôn"]]
        (num, den), (num0, _) = count(code, end, vid), count(code, before, vid)
        assert (got["Số đạt"], got["Tổng số"], got["Số đạt tăng thêm"]) == (num, den, num - num0), (code, vid)
        assert got["Tỷ lệ cuối kỳ"] == pytest.approx(rate(num, den))
        checked += 1
    assert len(per_village.rows) == len(codes) * len(village_ids)
    for trend in report.trends:
        code = next(c for c in codes if shorts[c] == trend.title)
        for place, rates in trend.series:
            vid = None if place == "Toàn xã" else village_ids[place]
            for day, printed in zip(days, rates, strict=True):
                want = rate(*count(code, day, vid))
                assert printed == pytest.approx(want) if want is not None else printed is None, (code, place, day)
                checked += 1
    assert len(report.trends) == len(codes) and checked > 300


def test_month_ends_with_changes_inside_the_year_match_each_day_and_a_recount(big_commune: Database) -> None:
    """Statuses changed since days inside the year, a household moved to another village since July, people
    moved to another household and a household deleted today: the one statement (the households of the people
    who changed read a day at a time, the rest in one pass) gives what each day alone gives, and the digital
    identity figures of every month end are those recounted from the dated history by hand."""
    from sqlalchemy import select

    from binhdan_desktop.services import households as hh
    from binhdan_desktop.services import indicators
    from binhdan_desktop.store.models import Household, Person
    from tests.test_undo_dated import held

    db = big_commune
    with db.read() as s:
        people = list(s.scalars(select(Person).where(Person.deleted.is_(False)).order_by(Person.id).limit(400)))
        homes = list(s.scalars(select(Household).where(Household.deleted.is_(False)).order_by(Household.code)))
    for i, p in enumerate(people[:120]):
        since = dt.date(2026, 2 + i % 8, 10)
        if p.birth_year and p.birth_year < 2000:
            hh.set_person_fields(db, p.id, since=since, vneid_level=0 if p.vneid_level == 2 else 2,
                                 has_bank_account=not p.has_bank_account,
                                 **({"residence": "chuyen_di"} if i % 9 == 0 else {}))
    moved = homes[5]
    snap = hh.snapshot_of(db, moved.id)
    other = next(h.village_id for h in homes if h.village_id != moved.village_id)
    hh.save_household(db, moved.id, hh.HouseholdDraft(other, snap.fields["code"]), list(snap.members.items()),
                      since=dt.date(2026, 7, 1))
    far = next(h for h in homes[10:] if h.village_id != homes[8].village_id)
    for p in people[300:303]:
        hh.move_person(db, p.id, far.id)
    hh.delete_household(db, homes[9].id)
    days = parse_period("2026").month_ends(dt.date(2026, 11, 30))
    with db.read() as s:
        at = indicators.compute_at(s, 2026, days)
        each = {d: indicators.compute(s, 2026, as_of=d) for d in days}
    assert at == each
    assert at[days[0]] != at[days[-1]]
    with _raw(db) as con:
        born = dict(con.execute("SELECT id, birth_ref FROM person"))
        deleted_now = {pid for (pid,) in con.execute(
            "SELECT p.id FROM person p JOIN household h ON h.id = p.household_id WHERE p.deleted = 1 OR h.deleted = 1")}
        dated_deleted = {pid for (pid,) in con.execute(
            "SELECT DISTINCT person_id FROM person_status WHERE field = 'deleted' AND deleted = 0")}
    for d in days:
        values = held(db, d, keep_deleted=True)
        cut = _cut16(d)
        num = den = 0
        for pid in {k[0] for k in values}:
            gone = values[(pid, "deleted")] == "1" if pid in dated_deleted else pid in deleted_now
            if gone or values[(pid, "residence")] != "cu_tru" or not born[pid] or born[pid] > cut:
                continue
            den += 1
            num += values[(pid, "vneid_level")] == "2" and values[(pid, "has_bank_account")] == "1"
        (got,) = [r for r in at[d] if r.code == "digital_identity" and r.village_id is None]
        assert (got.numerator, got.denominator) == (num, den), d


def _cut16(day: dt.date) -> str:
    try:
        return day.replace(year=day.year - 16).isoformat()
    except ValueError:
        return day.replace(year=day.year - 16, day=28).isoformat()
