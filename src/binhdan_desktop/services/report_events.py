"""The report of classes and events (community classes, school sessions, staff trainings, the 10/10 "Ngày hội
toàn dân học tập số"): per event its date, name, village, attendance and the completions it gave (lessons ×
people), with totals per kind and for the period. Every figure is counted in one SQL query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from binhdan_desktop.domain.enums import EventKind
from binhdan_desktop.domain.formatting import fmt_date, fmt_int
from binhdan_desktop.domain.labels import label
from binhdan_desktop.reports.model import Column, Report, Table
from binhdan_desktop.reports.progress import Ticker

TITLE = "Kết quả tổ chức lớp học, sự kiện phổ cập kỹ năng số từ ngày {start} đến ngày {end}"
TOTAL = "Tổng cộng"
COMMUNE_WIDE = "Toàn xã"

# One row per live event in the period: registered attendees and completions of live people, lessons taught.
EVENTS_SQL = """
    SELECT e.id AS id, e.date AS date, e.title AS title, e.kind AS kind, e.place AS place,
           v.name AS village, COALESCE(e.attendance, 0) AS attendance,
           (SELECT COUNT(*) FROM event_attendee a JOIN person p ON p.id = a.person_id
             WHERE a.event_id = e.id AND a.deleted = 0 AND p.deleted = 0) AS registered,
           (SELECT COUNT(DISTINCT c.lesson_id) FROM completion c JOIN person p ON p.id = c.person_id
             WHERE c.event_id = e.id AND c.deleted = 0 AND p.deleted = 0) AS lessons,
           (SELECT COUNT(*) FROM completion c JOIN person p ON p.id = c.person_id
             WHERE c.event_id = e.id AND c.deleted = 0 AND p.deleted = 0) AS completions
      FROM event e LEFT JOIN village v ON v.id = e.village_id AND v.deleted = 0
     WHERE e.deleted = 0 AND e.date >= :start AND e.date <= :end {village}
     ORDER BY e.date, v.sort_order, v.name, e.title, e.id
"""

COLUMNS = [Column("TT", 4, "center"), Column("Ngày", 9, "date"), Column("Tên lớp học, sự kiện", 22),
           Column("Loại", 12), Column("Thôn", 10), Column("Địa điểm", 12), Column("Số người tham dự", 7, "int"),
           Column("Số người có tên trong danh sách", 8, "int"), Column("Số bài học", 5, "int"),
           Column("Lượt hoàn thành bài học", 8, "int")]
SUMMARY_COLUMNS = [Column("TT", 4, "center"), Column("Loại lớp học, sự kiện", 26), Column("Số lớp, sự kiện", 8, "int"),
                   Column("Số người tham dự", 8, "int"), Column("Số người có tên trong danh sách", 9, "int"),
                   Column("Lượt hoàn thành bài học", 9, "int")]


def event_rows(session: Session, start: dt.date, end: dt.date, village_id: str | None) -> list[dict[str, Any]]:
    """The live events from `start` to `end` (of one village when given), with their counts."""
    params: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
    where = ""
    if village_id:
        where, params["village"] = "AND e.village_id = :village", village_id
    result = session.execute(text(EVENTS_SQL.format(village=where)), params)
    return [dict(r._mapping) for r in result]


def _kind_label(kind: str) -> str:
    try:
        return label(EventKind(kind))
    except ValueError:
        return kind


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def events_report(session: Session, start: dt.date, end: dt.date, village_id: str | None, header: Any,
                  tick: Ticker | None = None) -> Report:
    """The classes-and-events report of the period as plain data (the existing writers render it)."""
    rows = event_rows(session, start, end, village_id)
    items: list[list[object]] = []
    for i, r in enumerate(rows):
        if tick:
            tick.beat()
        items.append([i + 1, _date(r["date"]), r["title"], _kind_label(r["kind"]), r["village"] or COMMUNE_WIDE,
                      r["place"] or "", r["attendance"], r["registered"], r["lessons"], r["completions"]])
    totals = [sum(int(r[k]) for r in rows) for k in ("attendance", "registered", "completions")]
    table = Table("Danh sách lớp học, sự kiện", COLUMNS, items)
    if items:  # the writers print the builder's totals (never a sum over rows that already hold one)
        table.totals = ["", None, TOTAL, "", "", "", totals[0], totals[1], None, totals[2]]
    kinds = _by_kind(rows)
    summary = Table("Tổng hợp theo loại", SUMMARY_COLUMNS, kinds[:-1])
    if kinds:
        summary.totals = kinds[-1]
    if tick:
        tick.advance()
    body = _body(rows, start, end, totals)
    return Report("events", header, body, "KẾT QUẢ TỔ CHỨC LỚP HỌC, SỰ KIỆN", [summary, table], summary=summary)


def _by_kind(rows: list[dict[str, Any]]) -> list[list[object]]:
    """Per kind of event (in the plan's order, the 10/10 day included when held): how many, attendance,
    registered people and completions; then the totals."""
    out: list[list[object]] = []
    for kind in EventKind:
        mine = [r for r in rows if r["kind"] == kind.value]
        if mine:
            out.append([len(out) + 1, label(kind), len(mine), sum(r["attendance"] for r in mine),
                        sum(r["registered"] for r in mine), sum(r["completions"] for r in mine)])
    other = [r for r in rows if r["kind"] not in {k.value for k in EventKind}]
    if other:
        out.append([len(out) + 1, "Khác", len(other), sum(r["attendance"] for r in other),
                    sum(r["registered"] for r in other), sum(r["completions"] for r in other)])
    if out:
        out.append(["", TOTAL, len(rows), sum(r["attendance"] for r in rows), sum(r["registered"] for r in rows),
                    sum(r["completions"] for r in rows)])
    return out


def _body(rows: list[dict[str, Any]], start: dt.date, end: dt.date, totals: list[int]) -> list[str]:
    period = f"từ ngày {fmt_date(start)} đến ngày {fmt_date(end)}"
    body = [f"Thực hiện Kế hoạch triển khai Phong trào “Bình dân học vụ số”, UBND xã báo cáo kết quả tổ chức các "
            f"lớp học, sự kiện phổ cập kỹ năng số {period} như sau:",
            "#I. KẾT QUẢ TỔ CHỨC LỚP HỌC, SỰ KIỆN"]
    if not rows:
        body.append(f"{period[0].upper()}{period[1:]}, chưa có lớp học, sự kiện nào được ghi nhận.")
    else:
        body.append(f"Đã tổ chức {fmt_int(len(rows))} lớp học, sự kiện với {fmt_int(totals[0])} lượt người tham dự "
                    f"({fmt_int(totals[1])} lượt người có tên trong danh sách), đem lại {fmt_int(totals[2])} lượt "
                    f"hoàn thành bài học kỹ năng số. Trong đó:")
        for kind in EventKind:
            mine = [r for r in rows if r["kind"] == kind.value]
            if mine:
                body.append(f"- {label(kind)}: {fmt_int(len(mine))} lớp, sự kiện; "
                            f"{fmt_int(sum(r['attendance'] for r in mine))} lượt người tham dự; "
                            f"{fmt_int(sum(r['completions'] for r in mine))} lượt hoàn thành bài học.")
    digital = [r for r in rows if r["kind"] == EventKind.DIGITAL_DAY.value]
    if digital:
        days = sorted({_date(r["date"]) for r in digital})
        body.append(f"Hưởng ứng “Ngày hội toàn dân học tập số” ({', '.join(fmt_date(d) for d in days)}), "
                    f"các thôn tổ chức {fmt_int(len(digital))} điểm ngày hội với "
                    f"{fmt_int(sum(r['attendance'] for r in digital))} lượt người tham dự, "
                    f"{fmt_int(sum(r['completions'] for r in digital))} lượt hoàn thành bài học.")
    body += ["#II. ĐÁNH GIÁ CHUNG",
             "Chi tiết từng lớp học, sự kiện (ngày, thôn, số người tham dự, lượt hoàn thành bài học) tại Phụ lục "
             "kèm theo./."]
    return body
