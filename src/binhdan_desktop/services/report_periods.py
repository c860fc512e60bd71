"""The period report the office sends upward (a month, a quarter, six months, a year): each indicator at the
period's end with the change since the previous period's end, its progress at each month end of the year
(commune and villages), the breakdowns by gender, age band and poor / near-poor households, and the rankings
of villages and team members. Every figure comes from `indicators.compute(as_of=…)` and `breakdowns`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from binhdan_desktop.domain.formatting import fmt_date, fmt_int, fmt_pct
from binhdan_desktop.domain.periods import Period
from binhdan_desktop.domain.validation import report_range
from binhdan_desktop.errors import BinhdanError, ValidationError
from binhdan_desktop.reports.model import Column, Report, Table, Trend
from binhdan_desktop.reports.progress import Progress, Ticker
from binhdan_desktop.services import indicators
from binhdan_desktop.services.breakdowns import (
    DIMENSION_LABELS,
    VillageRank,
    breakdown,
    rank_members,
    rank_villages,
)
from binhdan_desktop.services.commune import villages
from binhdan_desktop.services.indicators import IndicatorResult
from binhdan_desktop.services.report_builders import _header

TITLE = "Kết quả thực hiện Phong trào “Bình dân học vụ số” {period}"
VERDICT = {True: "Đạt", False: "Chưa đạt", None: "–"}
DIMENSION_TITLES = {"gender": "Theo giới tính", "age": "Theo nhóm tuổi",
                    "poverty": "Theo diện hộ nghèo, cận nghèo"}
PlaceResults = dict[str | None, dict[str, IndicatorResult]]  # village id (None: commune) -> code -> result


def _by_place(results: Sequence[IndicatorResult]) -> PlaceResults:
    out: PlaceResults = {}
    for r in results:
        out.setdefault(r.village_id, {})[r.code] = r
    return out


def _change(now: IndicatorResult, before: IndicatorResult | None) -> tuple[float | None, float | None, int]:
    """The rate before, the rate's change and the numerator's change since the previous period's end."""
    if before is None:
        return None, None, now.numerator
    delta = None if now.rate is None or before.rate is None else now.rate - before.rate
    return before.rate, delta, now.numerator - before.numerator


CHANGE_COLUMNS = [Column("Số đạt", 7, "int"), Column("Tổng số", 7, "int"), Column("Tỷ lệ cuối kỳ", 6, "pct"),
                  Column("Tỷ lệ cuối kỳ trước", 6, "pct"), Column("Tăng, giảm tỷ lệ", 6, "pct"),
                  Column("Số đạt tăng thêm", 6, "int")]


def _change_cells(now: IndicatorResult, before: IndicatorResult | None) -> list[object]:
    rate_before, delta, more = _change(now, before)
    return [now.numerator, now.denominator, now.rate, rate_before, delta, more]


def _place_table(title: str, now: dict[str, IndicatorResult], before: dict[str, IndicatorResult]) -> Table:
    cols = [Column("TT", 4, "center"), Column("Nội dung", 24), Column("Chỉ tiêu", 6, "pct"), *CHANGE_COLUMNS,
            Column("Đánh giá", 6, "center")]
    rows = [[i + 1, r.name, r.target, *_change_cells(r, before.get(r.code)), VERDICT[r.met]]
            for i, r in enumerate(now.values())]
    return Table(title, cols, rows)


def _villages_table(now: PlaceResults, before: PlaceResults, names: dict[str, str]) -> Table:
    cols = [Column("TT", 4, "center"), Column("Thôn", 12), Column("Nội dung", 14), *CHANGE_COLUMNS]
    rows: list[list[object]] = []
    for vid, name in names.items():
        for r in now.get(vid, {}).values():
            rows.append([len(rows) + 1, name, r.short or r.name, *_change_cells(r, before.get(vid, {}).get(r.code))])
    return Table("Kết quả theo từng thôn", cols, rows)


def _breakdown_table(session: Session, year: int, dimension: str, as_of: dt.date, village: str | None) -> Table:
    cols = [Column("TT", 4, "center"), Column("Nội dung", 24), Column(DIMENSION_LABELS[dimension][0], 14),
            Column("Số đạt", 7, "int"), Column("Tổng số", 7, "int"), Column("Tỷ lệ", 6, "pct")]
    rows = [[i + 1, r.name, r.group, r.numerator, r.denominator, r.rate]
            for i, r in enumerate(breakdown(session, year, dimension, as_of=as_of, village=village))]
    return Table(DIMENSION_TITLES[dimension], cols, rows)


def _ranking_table(ranks: list[VillageRank], shorts: dict[str, str]) -> Table:
    cols = [Column("Hạng", 4, "center"), Column("Thôn", 12), Column("Tỷ lệ bình quân", 6, "pct"),
            Column("Số chỉ tiêu đạt", 5, "int"), *[Column(f"Hạng: {s}", 5, "int") for s in shorts.values()]]
    rows = [[r.rank or "", r.village, r.mean_rate, r.met, *[r.ranks.get(c) or "" for c in shorts]] for r in ranks]
    return Table("Xếp hạng thi đua các thôn", cols, rows)


def _members_table(session: Session, start: dt.date, end: dt.date, village: str | None) -> Table:
    cols = [Column("Hạng", 4, "center"), Column("Thành viên tổ", 16), Column("Số người đã hướng dẫn", 7, "int"),
            Column("Số lượt bài học đã ghi", 7, "int"), Column("Số hộ đã thăm", 7, "int"),
            Column("Số lần thăm hộ", 7, "int")]
    rows = [[m.rank, m.name, m.people, m.completions, m.households, m.visits]
            for m in rank_members(session, start, end, village)]
    return Table("Xếp hạng thi đua thành viên Tổ Công nghệ số cộng đồng", cols, rows)


def _rate(results: PlaceResults, village_id: str | None, code: str) -> float | None:
    found = results.get(village_id, {}).get(code)
    return None if found is None else found.rate


def _trends(at: dict[dt.date, PlaceResults], points: list[dt.date], places: list[tuple[str | None, str]],
            codes: list[str]) -> list[Trend]:
    labels = [f"{d:%d/%m/%y}" for d in points]
    out = []
    last = at[points[-1]]
    for code in codes:
        first = last[places[0][0]][code]
        series = [(name, [_rate(at[d], vid, code) for d in points]) for vid, name in places]
        out.append(Trend(first.short or first.name, labels, series, first.target))
    return out


def _change_line(now: IndicatorResult, before: IndicatorResult | None, previous: str) -> str:
    rate_before, delta, more = _change(now, before)
    line = f"- {now.name}: {fmt_int(now.numerator)}/{fmt_int(now.denominator)} ({fmt_pct(now.rate)})"
    if delta is None:
        return f"{line}; cuối {previous} chưa có đối tượng để so sánh."
    shown = round(delta * 100, 1)  # as printed: a change that rounds to 0,0 is "không đổi"
    way = "tăng" if shown > 0 else "giảm" if shown < 0 else "không đổi"
    amount = f" {fmt_pct(abs(delta)).removesuffix(' %')} điểm phần trăm" if shown else ""
    return (f"{line}, {way}{amount} so với cuối {previous} ({fmt_pct(rate_before)}); "
            f"số đạt {'thêm' if more >= 0 else 'bớt'} {fmt_int(abs(more))}.")


def check_period_as_of(period: Period, as_of: dt.date) -> None:
    """The period report counts to a day of its period: never after its end (nor before it starts)."""
    if not period.start <= as_of <= period.end:
        raise ValidationError("report.as_of_period", field="as_of", value=fmt_date(as_of), period=period.code,
                              start=fmt_date(period.start), end=fmt_date(period.end))


def period_end(period: Period, today: dt.date | None = None) -> dt.date:
    """The day a period is counted to, by the rule of every report's dates (`check_dates`): its end, or today
    while it runs; a period that starts after today (or ends before the plan's start) is refused."""
    today = today or dt.date.today()
    if period.start > today:
        raise BinhdanError("period.future", value=period.code, start=fmt_date(period.start))
    return report_range(period.start, period.end, today)[1] or period.end


def period_report(session: Session, period: Period, village_id: str | None, today: dt.date,
                  progress: Progress | None = None, as_of: dt.date | None = None) -> Report:
    """The period report of the commune, or of one village (its figures; the commune's line on the charts),
    counted to `as_of` (a day of the period; default its end, or today while it runs)."""
    end = period_end(period, today)
    if as_of is not None:
        check_period_as_of(period, as_of)
    as_of = min(as_of or end, today)
    previous = period.previous()
    points = period.month_ends(as_of)  # the previous period's end is always one of them
    tick = Ticker(progress, len(points) + 5, every=1)
    # every month end's indicators in one SQL pass, grouped by the day
    at: dict[dt.date, PlaceResults] = {d: _by_place(r) for d, r in
                                       indicators.compute_at(session, period.year, points).items()}
    tick.advance(len(points))
    now, before = at[as_of], at[previous.end]
    names = {v.id: v.name for v in villages(session)}
    place = names.get(village_id) if village_id else None
    own = now.get(village_id, {})
    results = list(own.values())
    shorts = {r.code: r.short or r.name for r in results}
    tables = [_place_table(place or "Toàn xã", own, before.get(village_id, {}))]
    if village_id is None:
        tables.append(_villages_table(now, before, names))
    for dimension in ("gender", "age", "poverty"):
        tables.append(_breakdown_table(session, period.year, dimension, as_of, village_id))
        tick.advance()
    ranks = rank_villages([r for p in now.values() for r in p.values()])
    tables.append(_ranking_table(ranks, shorts))
    tables.append(_members_table(session, period.start, as_of, village_id))
    tick.advance(2)
    places: list[tuple[str | None, str]] = [(village_id, place or "")] if village_id else []
    places += [(None, "Toàn xã"), *([] if village_id else names.items())]
    trends = _trends(at, points, places, list(shorts))
    subject = TITLE.format(period=period.label()) + (f" tại {place}" if place else "")
    body = _body(period, previous, as_of, results, before.get(village_id, {}), ranks, tables[-1], place)
    return Report("period", _header(session, subject, today), body,
                  f"KẾT QUẢ {period.label().upper()}" + (f" – {place.upper()}" if place else ""), tables,
                  summary=tables[0], trends=trends, as_of=as_of)


def _body(period: Period, previous: Period, as_of: dt.date, results: list[IndicatorResult],
          before: dict[str, IndicatorResult], ranks: list[VillageRank], members: Table, place: str | None) -> list[str]:
    where = f" tại {place}" if place else ""
    body = [f"Thực hiện Kế hoạch triển khai Phong trào “Bình dân học vụ số”, UBND xã báo cáo kết quả thực hiện{where} "
            f"{period.label()} (từ ngày {fmt_date(period.start)} đến ngày {fmt_date(as_of)}; số liệu tính đến ngày "
            f"{fmt_date(as_of)}, so với ngày {fmt_date(previous.end)} là cuối {previous.label()}) như sau:",
            "#I. KẾT QUẢ CÁC CHỈ TIÊU ĐẾN CUỐI KỲ"]
    body += [_change_line(r, before.get(r.code), previous.label()) for r in results]
    met = sum(1 for r in results if r.met)
    body.append(f"Đạt {met}/{sum(1 for r in results if r.target is not None)} chỉ tiêu của kế hoạch năm "
                f"{period.year}.")
    body.append("#II. THEO GIỚI TÍNH, NHÓM TUỔI VÀ HỘ NGHÈO, CẬN NGHÈO")
    body.append("Kết quả từng chỉ tiêu theo giới tính, nhóm tuổi (16–17, 18–35, 36–59, từ 60 tuổi) và theo hộ "
                "nghèo, hộ cận nghèo tại Phụ lục kèm theo.")
    body.append("#III. THI ĐUA")
    leader = next((r for r in ranks if r.rank == 1), None)
    if leader is not None:
        body.append(f"Thôn dẫn đầu: {leader.village} (tỷ lệ bình quân các chỉ tiêu {fmt_pct(leader.mean_rate)}, "
                    f"đạt {leader.met} chỉ tiêu).")
    top = [r for r in members.rows if r[0] == 1 and r[2]]
    if top:
        body.append("Thành viên tổ dẫn đầu: " + ", ".join(f"{r[1]} (hướng dẫn {fmt_int(r[2])} người, "
                                                          f"thăm {fmt_int(r[4])} hộ)" for r in top) + ".")
    body.append("Biểu đồ tiến độ, chi tiết theo thôn và bảng xếp hạng tại Phụ lục kèm theo./.")
    return body
