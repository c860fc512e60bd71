"""The four printed reports as plain data, built from the same queries as the dashboard and CLI. Each builder
takes an open session; `tick` (optional) hears a check-in every row and a step every table, for progress."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from sqlalchemy.orm import Session

from binhdan_desktop.domain.enums import VillageKind
from binhdan_desktop.domain.formatting import fmt_date, fmt_int, fmt_pct
from binhdan_desktop.domain.labels import label
from binhdan_desktop.domain.plan import load_plan, target_text
from binhdan_desktop.domain.text import fold
from binhdan_desktop.reports.model import Chart, Column, Header, Report, Table
from binhdan_desktop.reports.progress import Ticker
from binhdan_desktop.services import indicators
from binhdan_desktop.services.commune import find_village, get_setting, require_commune
from binhdan_desktop.store.queries import reports as q
from binhdan_desktop.store.queries.indicators import age_cut

TITLES = {
    "results": "Kết quả thực hiện chỉ tiêu Phong trào “Bình dân học vụ số” năm {year}",
    "checklist": "Danh sách hộ, người dân cần hỗ trợ kỹ năng số năm {year}",
    "visits": "Nhật ký thăm hộ, hướng dẫn kỹ năng số từ ngày {start} đến ngày {end}",
    "learners": "Danh sách người dân đã học kỹ năng số năm {year}",
}


def text_lines(value: object) -> list[str]:
    """A stored list of lines (the recipients) as strings; typed text is split into its lines."""
    if isinstance(value, str):
        return value.splitlines()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def _header(session: Session, subject: str, today: dt.date) -> Header:
    commune = require_commune(session)
    blank = "\u00a0" * 8  # a draft's number (report_register.as_draft); the register gives it when issued
    day = f"{today.day:02d}"
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    recipients = text_lines(get_setting(session, "report.recipients", []))
    return Header(
        governing_body=commune.governing_body.upper(), issuing_body=["ỦY BAN NHÂN DÂN", f"XÃ {commune.name.upper()}"],
        number=f"Số:{blank}/BC-UBND", place_date=f"{commune.name}, ngày {day} tháng {month} năm {today.year}",
        doc_type="BÁO CÁO", subject=subject,
        signer_authority=str(get_setting(session, "report.signer_authority", "") or ""),
        signer_title=str(get_setting(session, "report.signer_title", "") or ""),
        signer_name=str(get_setting(session, "report.signer_name", "") or ""),
        recipients=recipients,
        annex_ref=f"(Kèm theo Báo cáo số {blank}/BC-UBND ngày {today:%d/%m/%Y} của UBND xã {commune.name})")


def place_name(session: Session, village_id: str | None) -> str:
    """"Toàn xã", or the village as a report names it ("Thôn An Điềm"; its kind is added when its name lacks it)."""
    if village_id is None:
        return "Toàn xã"
    found = find_village(session, village_id)
    kind = label(VillageKind(found.kind)) if found.kind in set(VillageKind) else ""
    return found.name if not kind or fold(found.name).startswith(fold(kind)) else f"{kind} {found.name}"


def data_notes(session: Session, village_id: str | None, *, gender: bool = False,
               learners: tuple[dt.date, dt.date] | None = None) -> list[str]:
    """The data problems a report's counts leave out unseen, as the note under it: people with no birth
    date or year (out of every age-based count) and, where a breakdown by gender is printed, no gender."""
    found = q.data_problems(session, village_id, learners=learners)
    who = "người trong danh sách" if learners else "người"
    notes = []
    if found["no_birth"]:
        why = "" if learners else " nên không được tính vào các chỉ tiêu theo độ tuổi (từ 16 tuổi, từ 18 tuổi)"
        notes.append(f"{fmt_int(found['no_birth'])} {who} chưa có năm sinh{why}.")
    if gender and found["no_gender"]:
        notes.append(f"{fmt_int(found['no_gender'])} {who} chưa ghi giới tính (nam/nữ) nên không có trong số liệu "
                     f"theo giới tính.")
    return notes


VERDICT = {True: "Đạt", False: "Chưa đạt", None: "–"}
NO_TARGET = "–"  # "Còn thiếu" of an indicator the plan sets no target for: nothing is missing, nor is 0


def gap_cell(r: indicators.IndicatorResult) -> int | str:
    """The "Còn thiếu" cell: the people (households) still needed, or "–" where the plan sets no target."""
    return NO_TARGET if r.target is None else r.gap
RESULT_COLUMNS = [Column("TT", 4, "center"), Column("Mục tiêu", 22), Column("Chỉ tiêu", 6, "center"),
                  Column("Số đạt", 6, "int"), Column("Tổng số", 6, "int"), Column("Tỷ lệ", 6, "pct"),
                  Column("Đánh giá", 6, "center"), Column("Còn thiếu", 6, "int"), Column("Đơn vị chủ trì", 11),
                  Column("Đơn vị phối hợp", 13)]


def result_row(i: int, r: indicators.IndicatorResult) -> list[object]:
    """One indicator as a row of the results tables: numerator and denominator as numbers, the rate a fraction."""
    return [i + 1, r.goal or r.name, target_text(r.target, r.compare), r.numerator, r.denominator, r.rate,
            VERDICT[r.met], gap_cell(r), r.lead_unit, r.partner_units]


def _result_lines(rows: list[indicators.IndicatorResult]) -> list[str]:
    out = []
    for r in rows:
        result = f"- {r.name}: {fmt_int(r.numerator)}/{fmt_int(r.denominator)} ({fmt_pct(r.rate)})"
        if r.target is None:
            out.append(f"{result}, kế hoạch không đặt chỉ tiêu.")
        else:
            verdict = {True: "đạt", False: "chưa đạt", None: "chưa có đối tượng"}[r.met]
            out.append(f"{result}, chỉ tiêu {target_text(r.target, r.compare)}: {verdict}.")
    return out


def results(session: Session, year: int, village: str | None, today: dt.date,
            counted: dt.date | None = None) -> Report:
    """The results report of the commune (with a table per village) or of one village (Part I is its figures),
    its figures as they stood on `counted` (default: the year's end, or today while the year runs)."""
    village = find_village(session, village).id if village else None
    counted = counted or min(today, dt.date(year, 12, 31))
    res = indicators.compute(session, year, village=village, as_of=counted)
    plan = load_plan()
    as_of = res[0].as_of if res else counted
    place = place_name(session, village)
    subject = TITLES["results"].format(year=year) + (f" của {place}" if village else "")
    head = _header(session, subject, today)
    tables, charts = [], []
    order = [None, *dict.fromkeys(r.village for r in res if r.village)]
    for name in order:
        rows = [r for r in res if r.village == name]
        if rows:
            tables.append(Table(name or "Toàn xã", RESULT_COLUMNS, [result_row(i, r) for i, r in enumerate(rows)]))
    for d in plan.indicators:
        bars = [(r.village or "", r.rate) for r in res if r.code == d.code and r.village]
        target = next((r.target for r in res if r.code == d.code), None)
        if bars:
            charts.append(Chart(d.name_vi, bars, target))
    # Part I and the verdict are the figures of the report's own scope: the commune, or the one village.
    own = [r for r in res if r.village_id == village]
    met = sum(1 for r in own if r.met)
    scope = "trên địa bàn xã" if village is None else f"tại {place}"
    body = [f"Thực hiện Kế hoạch triển khai Phong trào “Bình dân học vụ số”, UBND xã báo cáo kết quả thực hiện các "
            f"chỉ tiêu năm {year} {scope} (số liệu tính đến ngày {fmt_date(as_of)}) như sau:",
            "#I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", *_result_lines(own), "#II. ĐÁNH GIÁ CHUNG",
            f"{place} đạt {met}/{sum(1 for r in own if r.target is not None)} chỉ tiêu. "
            + ("Chi tiết theo từng thôn" if village is None else "Chi tiết") + " tại Phụ lục kèm theo./."]
    return Report("results", head, body, f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM {year}", tables, charts,
                  summary=tables[0] if tables else None, notes=data_notes(session, village), as_of=as_of)


def _missing(mask: int, bits: list[int]) -> int:
    return sum(1 for b in bits if not mask >> b & 1)


def checklist(session: Session, year: int, village: str | None, today: dt.date, tick: Ticker | None = None,
              as_of: dt.date | None = None) -> Report:
    """Per village: residents who still miss VNeID level 2, a bank account or the basic lessons, by
    household (address, then the head's name), with empty columns to tick by hand. `as_of`: as they stood that
    day (statuses, lessons completed, residence, deletions and moves), else the year's end or today."""
    as_of = as_of or min(dt.date(year, 12, 31), today)  # never a day after the report's own date
    dated = as_of if as_of < today else None  # a day gone by: the people as they were then (else today's rows)
    basic = indicators.rules(session).get("adults_basic")
    bit_of: dict[str, int] = dict(session.connection().exec_driver_sql("SELECT lesson_id, bit FROM lesson_bit").all())
    bits = [bit_of[i] for i in (basic.lessons or ()) if i in bit_of] if basic else []
    people = q.people_to_help(session, village, age_cut(as_of, 18), age_cut(as_of, 16), dated)
    cols = [Column("TT", 4, "center"), Column("Mã hộ", 7), Column("Địa chỉ", 12), Column("Họ và tên", 16),
            Column("Năm sinh", 5, "center"), Column("Chưa có VNeID mức 2", 6, "check"),
            Column("Chưa có TK ngân hàng số", 6, "check"), Column("Số bài cơ bản còn thiếu", 6, "int"),
            Column("Đã hướng dẫn", 6, "center"), Column("Ghi chú", 10)]
    tables: list[Table] = []
    households: set[str] = set()
    for vname, group in groupby(people, key=lambda p: p["village"]):
        rows: list[list[object]] = []
        for p in group:
            if tick:
                tick.beat()
            no_id = bool(p["age16"]) and p["vneid"] < 2
            no_bank = bool(p["age16"]) and not p["bank"]
            missing = _missing(p["mask"], bits) if p["adult"] and bits else 0
            if no_id or no_bank or missing:
                households.add(p["hid"])
                rows.append([len(rows) + 1, p["code"], p["address"], p["name"], p["birth_year"] or "",
                             "☐" if no_id else "", "☐" if no_bank else "", missing or "", "", ""])
        tables.append(Table(vname, cols, rows))
        if tick:
            tick.advance()
    total = sum(len(t.rows) for t in tables)
    body = [f"Để tổ chức “đi từng ngõ, gõ từng nhà, hướng dẫn từng người”, UBND xã lập danh sách {fmt_int(total)} "
            f"người dân thuộc {fmt_int(len(households))} hộ còn thiếu định danh điện tử mức 2, tài khoản ngân hàng số "
            f"hoặc các bài kỹ năng số cơ bản (danh sách tại Phụ lục kèm theo). Trưởng thôn và Tổ Công nghệ số "
            f"cộng đồng đánh dấu vào cột “Đã hướng dẫn” khi đã hỗ trợ xong"
            + f" (số liệu tính đến ngày {as_of:%d/%m/%Y})./."]
    return Report("checklist", _header(session, TITLES["checklist"].format(year=year), today), body,
                  "DANH SÁCH NGƯỜI DÂN CẦN HỖ TRỢ", tables, notes=data_notes(session, village), as_of=as_of)


def visit_log(session: Session, start: dt.date, end: dt.date, village: str | None, today: dt.date,
              tick: Ticker | None = None) -> Report:
    rows = q.visits(session, start, end, village)
    cols = [Column("TT", 4, "center"), Column("Thôn", 10), Column("Ngày thăm", 7, "date"), Column("Mã hộ", 7),
            Column("Chủ hộ", 14), Column("Số người gặp", 5, "int"), Column("Số bài đã học", 5, "int"),
            Column("Hẹn thăm lại", 7, "date"), Column("Ghi chú", 14)]
    tables = []
    for _member_id, group in groupby(rows, key=lambda r: r["member_id"]):
        items, member = [], ""
        for i, r in enumerate(group):
            if tick:
                tick.beat()
            member = r["member"]
            items.append([i + 1, r["village"], r["date"], r["code"], r["head"] or "", r["met"], r["done"],
                          r["follow_up"], r["notes"]])
        tables.append(Table(member or "Không ghi người thăm", cols, items))
        if tick:
            tick.advance()
    # A visit two team members made is in both members' lists: the totals count it (and its lessons) once.
    total = q.visit_totals(session, start, end, village)
    summary = Table("Tổng hợp", [Column("TT", 4, "center"), Column("Thành viên tổ", 20),
                                 Column("Số lần thăm", 8, "int"), Column("Số bài đã hướng dẫn", 8, "int")],
                    [[i + 1, t.title, len(t.rows), sum(int(r[6]) for r in t.rows)] for i, t in enumerate(tables)],
                    totals=["", "Tổng cộng (mỗi lượt thăm tính một lần)", total["visits"], total["lessons"]])
    body = [f"Từ ngày {fmt_date(start)} đến ngày {fmt_date(end)}, Tổ Công nghệ số cộng đồng đã thực hiện "
            f"{fmt_int(total['visits'])} lượt thăm {fmt_int(total['households'])} hộ, gặp {fmt_int(total['people'])} "
            f"người, hướng dẫn {fmt_int(total['lessons'])} lượt bài học cho {fmt_int(total['learners'])} người "
            f"(chi tiết theo từng thành viên tại Phụ lục kèm theo)./."]
    subject = TITLES["visits"].format(start=fmt_date(start), end=fmt_date(end))
    return Report("visits", _header(session, subject, today), body, "NHẬT KÝ THĂM HỘ", [summary, *tables],
                  summary=summary)


def learners(session: Session, year: int, village: str | None, start: dt.date | None, today: dt.date,
             tick: Ticker | None = None, counted: dt.date | None = None) -> Report:
    as_of = counted or min(today, dt.date(year, 12, 31))  # never a day that has not come yet
    rows = q.learners(session, as_of, start, village)
    cols = [Column("TT", 4, "center"), Column("Họ và tên", 16), Column("Năm sinh", 5, "center"), Column("Mã hộ", 7),
            Column("Địa chỉ", 12), Column("Các bài đã học", 30), Column("Số bài", 4, "int"),
            Column("Ngày học gần nhất", 7, "date"), Column("Xác nhận", 6, "center")]
    tables = []
    for vname, group in groupby(rows, key=lambda r: r["village"]):
        items: list[list[object]] = []
        for i, r in enumerate(group):
            if tick:
                tick.beat()
            items.append([i + 1, r["name"], r["birth_year"] or "", r["code"], r["address"], r["lessons"], r["n"],
                          r["last"], ""])
        tables.append(Table(vname, cols, items))
        if tick:
            tick.advance()
    body = [f"Danh sách {fmt_int(sum(len(t.rows) for t in tables))} người dân đã hoàn thành ít nhất một bài học "
            f"kỹ năng số đến ngày {fmt_date(as_of)}, theo từng thôn, để các thôn rà soát và xác nhận "
            f"(Phụ lục kèm theo)./."]
    notes = data_notes(session, village, learners=(start or dt.date(1900, 1, 1), as_of))
    return Report("learners", _header(session, TITLES["learners"].format(year=year), today), body,
                  "DANH SÁCH NGƯỜI HỌC", tables, notes=notes, as_of=as_of)
