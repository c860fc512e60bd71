"""The four printed reports as plain data, built from the same queries as the dashboard and CLI. Each builder
takes an open session; `tick` (optional) hears a check-in every row and a step every table, for progress."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from sqlalchemy.orm import Session

from binhdan_desktop.domain.formatting import fmt_date, fmt_int, fmt_pct
from binhdan_desktop.domain.plan import load_plan
from binhdan_desktop.reports.model import Chart, Column, Header, Report, Table
from binhdan_desktop.reports.progress import Ticker
from binhdan_desktop.services import indicators
from binhdan_desktop.services.commune import get_setting, require_commune
from binhdan_desktop.services.lessons import lesson_ids_by_code
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
    number = str(get_setting(session, "report.number", "") or "").strip()
    blank = "\u00a0" * 8  # left for the office to write the number by hand
    num_text = f"Số: {number}/BC-UBND" if number else f"Số:{blank}/BC-UBND"
    day = f"{today.day:02d}"
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    recipients = text_lines(get_setting(session, "report.recipients", []))
    return Header(
        governing_body=commune.governing_body.upper(), issuing_body=["ỦY BAN NHÂN DÂN", f"XÃ {commune.name.upper()}"],
        number=num_text, place_date=f"{commune.name}, ngày {day} tháng {month} năm {today.year}",
        doc_type="BÁO CÁO", subject=subject,
        signer_authority=str(get_setting(session, "report.signer_authority", "") or ""),
        signer_title=str(get_setting(session, "report.signer_title", "") or ""),
        signer_name=str(get_setting(session, "report.signer_name", "") or ""),
        recipients=recipients,
        annex_ref=f"(Kèm theo Báo cáo số {number or blank}/BC-UBND ngày {today:%d/%m/%Y} của UBND xã {commune.name})")


def results(session: Session, year: int, village: str | None, today: dt.date,
            counted: dt.date | None = None) -> Report:
    res = indicators.compute(session, year, village=village, as_of=counted or min(today, dt.date(year, 12, 31)))
    plan = load_plan()
    as_of = res[0].as_of if res else counted or min(today, dt.date(year, 12, 31))
    head = _header(session, TITLES["results"].format(year=year), today)
    cols = [Column("TT", 4, "center"), Column("Mục tiêu", 22), Column("Chỉ tiêu", 6, "pct"),
            Column("Kết quả (số đạt/tổng số)", 9, "center"), Column("Tỷ lệ", 6, "pct"), Column("Đánh giá", 6, "center"),
            Column("Còn thiếu", 6, "int"), Column("Đơn vị chủ trì", 11), Column("Đơn vị phối hợp", 13)]
    tables, charts = [], []
    order = [None, *dict.fromkeys(r.village for r in res if r.village)]
    for place in order:
        rows = [r for r in res if r.village == place]
        if not rows:
            continue
        table_rows = [[i + 1, r.goal or r.name, r.target, f"{fmt_int(r.numerator)}/{fmt_int(r.denominator)}",
                       r.rate, {True: "Đạt", False: "Chưa đạt", None: "–"}[r.met], r.gap, r.lead_unit,
                       r.partner_units] for i, r in enumerate(rows)]
        tables.append(Table(place or "Toàn xã", cols, table_rows))
    for d in plan.indicators:
        bars = [(r.village or "", r.rate) for r in res if r.code == d.code and r.village]
        target = next((r.target for r in res if r.code == d.code), None)
        if bars:
            charts.append(Chart(d.name_vi, bars, target))
    commune_rows = [r for r in res if r.village is None]
    met = sum(1 for r in commune_rows if r.met)
    body = [f"Thực hiện Kế hoạch triển khai Phong trào “Bình dân học vụ số”, UBND xã báo cáo kết quả thực hiện các "
            f"chỉ tiêu năm {year} (số liệu tính đến ngày {fmt_date(as_of)}) như sau:",
            "#I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"]
    for r in commune_rows:
        result = f"- {r.name}: {fmt_int(r.numerator)}/{fmt_int(r.denominator)} ({fmt_pct(r.rate)})"
        if r.target is None:
            body.append(f"{result}, kế hoạch không đặt chỉ tiêu.")
        else:
            verdict = {True: "đạt", False: "chưa đạt", None: "chưa có đối tượng"}[r.met]
            body.append(f"{result}, chỉ tiêu {fmt_pct(r.target, digits=0)}: {verdict}.")
    body += ["#II. ĐÁNH GIÁ CHUNG",
             f"Toàn xã đạt {met}/{sum(1 for r in commune_rows if r.target is not None)} chỉ tiêu. Chi tiết theo "
             f"từng thôn tại Phụ lục kèm theo./."]
    return Report("results", head, body, f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM {year}", tables, charts,
                  summary=tables[0] if tables else None)


def _missing(mask: int, bits: list[int]) -> int:
    return sum(1 for b in bits if not mask >> b & 1)


def checklist(session: Session, year: int, village: str | None, today: dt.date, tick: Ticker | None = None) -> Report:
    """Per village: residents who still miss VNeID level 2, a bank account or the basic lessons, by
    household (address, then the head's name), with empty columns to tick by hand."""
    as_of = min(dt.date(year, 12, 31), max(today, dt.date(year, 1, 1)))
    rules = indicators.rules(session)
    basic = rules.get("adults_basic")
    ids = lesson_ids_by_code(session)
    bit_of: dict[str, int] = dict(session.connection().exec_driver_sql("SELECT lesson_id, bit FROM lesson_bit").all())
    bits = [bit_of[ids[c]] for c in (basic.lessons or ()) if c in ids] if basic else []
    people = q.people_to_help(session, village, age_cut(as_of, 18), age_cut(as_of, 16))
    cols = [Column("TT", 4, "center"), Column("Mã hộ", 7), Column("Địa chỉ", 12), Column("Họ và tên", 16),
            Column("Năm sinh", 5, "center"), Column("Chưa có VNeID mức 2", 6, "check"),
            Column("Chưa có TK ngân hàng số", 6, "check"), Column("Số bài cơ bản còn thiếu", 6, "int"),
            Column("Đã hướng dẫn", 6, "center"), Column("Ghi chú", 10)]
    tables: list[Table] = []
    for vname, group in groupby(people, key=lambda p: p["village"]):
        rows: list[list[object]] = []
        for p in group:
            if tick:
                tick.beat()
            no_id = bool(p["age16"]) and p["vneid"] < 2
            no_bank = bool(p["age16"]) and not p["bank"]
            missing = _missing(p["mask"], bits) if p["adult"] and bits else 0
            if no_id or no_bank or missing:
                rows.append([len(rows) + 1, p["code"], p["address"], p["name"], p["birth_year"] or "",
                             "☐" if no_id else "", "☐" if no_bank else "", missing or "", "", ""])
        tables.append(Table(vname, cols, rows))
        if tick:
            tick.advance()
    total = sum(len(t.rows) for t in tables)
    households = len({(t.title, r[1]) for t in tables for r in t.rows})
    body = [f"Để tổ chức “đi từng ngõ, gõ từng nhà, hướng dẫn từng người”, UBND xã lập danh sách {fmt_int(total)} "
            f"người dân thuộc {fmt_int(households)} hộ còn thiếu định danh điện tử mức 2, tài khoản ngân hàng số "
            f"hoặc các bài kỹ năng số cơ bản (danh sách tại Phụ lục kèm theo). Trưởng thôn và Tổ Công nghệ số "
            f"cộng đồng đánh dấu vào cột “Đã hướng dẫn” khi đã hỗ trợ xong./."]
    return Report("checklist", _header(session, TITLES["checklist"].format(year=year), today), body,
                  "DANH SÁCH NGƯỜI DÂN CẦN HỖ TRỢ", tables)


def visit_log(session: Session, start: dt.date, end: dt.date, village: str | None, today: dt.date,
              tick: Ticker | None = None) -> Report:
    rows = q.visits(session, start, end, village)
    cols = [Column("TT", 4, "center"), Column("Thôn", 10), Column("Ngày thăm", 7, "date"), Column("Mã hộ", 7),
            Column("Chủ hộ", 14), Column("Số người gặp", 5, "int"), Column("Số bài đã học", 5, "int"),
            Column("Hẹn thăm lại", 7, "date"), Column("Ghi chú", 14)]
    tables = []
    visited: set[tuple[dt.date, str]] = set()  # a visit with two team members is one visit
    for member, group in groupby(rows, key=lambda r: r["member"]):
        items = []
        for i, r in enumerate(group):
            if tick:
                tick.beat()
            visited.add((r["date"], r["code"]))
            items.append([i + 1, r["village"], r["date"], r["code"], r["head"] or "", r["met"], r["done"],
                          r["follow_up"], r["notes"]])
        tables.append(Table(member or "Không ghi người thăm", cols, items))
        if tick:
            tick.advance()
    summary = Table("Tổng hợp", [Column("TT", 4, "center"), Column("Thành viên tổ", 20),
                                 Column("Số lần thăm", 8, "int"), Column("Số bài đã hướng dẫn", 8, "int")],
                    [[i + 1, t.title, len(t.rows), sum(int(r[6]) for r in t.rows)] for i, t in enumerate(tables)])
    body = [f"Từ ngày {fmt_date(start)} đến ngày {fmt_date(end)}, Tổ Công nghệ số cộng đồng đã thực hiện "
            f"{fmt_int(len(visited))} lượt thăm hộ, hướng dẫn "
            f"{fmt_int(sum(int(r[6]) for t in tables for r in t.rows))} lượt bài học (chi tiết theo từng thành viên "
            f"tại Phụ lục kèm theo)./."]
    subject = TITLES["visits"].format(start=fmt_date(start), end=fmt_date(end))
    return Report("visits", _header(session, subject, today), body, "NHẬT KÝ THĂM HỘ", [summary, *tables],
                  summary=summary)


def learners(session: Session, year: int, village: str | None, start: dt.date | None, today: dt.date,
             tick: Ticker | None = None, counted: dt.date | None = None) -> Report:
    as_of = counted or min(today, dt.date(year, 12, 31))  # never a day that has not come yet
    rows = q.learners(session, as_of, start, village)
    cols = [Column("TT", 4, "center"), Column("Họ và tên", 16), Column("Năm sinh", 5, "center"), Column("Mã hộ", 7),
            Column("Địa chỉ", 12), Column("Các bài đã học", 24), Column("Số bài", 4, "int"),
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
    return Report("learners", _header(session, TITLES["learners"].format(year=year), today), body,
                  "DANH SÁCH NGƯỜI HỌC", tables)
