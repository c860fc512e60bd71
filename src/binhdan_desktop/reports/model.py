"""Plain report data: what both the Excel and the PDF writers render (no SQL, no rendering here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

AS_OF_LINE = "Số liệu tính đến ngày {date}"  # under every report's title (the Reports screen says it in English)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # relative width (PDF: share of the text width; Excel: characters)
    kind: str = "text"  # text | int | pct | date | check | center


@dataclass
class Table:
    title: str  # section title; also the Excel sheet name for lists
    columns: list[Column]
    rows: list[list[Any]]
    # A totals row the builder counted itself (a visit two members made is in two rows but counts once):
    # writers print it under the rows instead of summing the columns.
    totals: list[Any] | None = None


@dataclass(frozen=True)
class Header:
    """The administrative header and signature of Nghị định 30/2020/NĐ-CP."""

    governing_body: str  # "UBND TỈNH QUẢNG NGÃI" (may be empty)
    issuing_body: list[str]  # ["ỦY BAN NHÂN DÂN", "XÃ BÌNH CHƯƠNG"]
    number: str  # "Số: 05/BC-UBND"
    place_date: str  # "Bình Chương, ngày 25 tháng 11 năm 2026"
    doc_type: str  # "BÁO CÁO"
    subject: str
    signer_authority: str  # "KT. CHỦ TỊCH"
    signer_title: str  # "PHÓ CHỦ TỊCH"
    signer_name: str
    recipients: list[str]
    annex_ref: str  # "(Kèm theo Báo cáo số 05/BC-UBND ngày 25/11/2026 của UBND xã Bình Chương)"
    mark: str = ""  # "Bản nháp / Draft" (not issued), "Bản sao / Copy" (a reprint): across every page


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[tuple[str, float | None]]
    target: float | None


@dataclass(frozen=True)
class Trend:
    """Progress over time of one indicator: the rate of each place (the commune, villages) at each date."""

    title: str
    labels: list[str]  # the dates, as printed under the axis ("31/01")
    series: list[tuple[str, list[float | None]]]  # (place, rate at each date); the first is drawn strongest
    target: float | None


@dataclass
class Report:
    kind: str
    header: Header
    body: list[str]  # paragraphs; a line starting with "#" is a part title ("I. KẾT QUẢ")
    annex_title: str
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    summary: Table | None = None  # the Excel summary sheet (first sheet)
    trends: list[Trend] = field(default_factory=list)  # progress charts (the period report)
    notes: list[str] = field(default_factory=list)  # data problems the counts leave out ("12 người chưa có năm sinh")
    as_of: dt.date | None = None  # the day the figures are counted up to (never after the report's date)
    day: dt.date | None = None  # the report's own date (its place-and-date line): the files' metadata times

    @property
    def stamp(self) -> dt.datetime:
        """The time the files' metadata say they were made: the report's date at midnight (UTC), so the same
        report printed twice from the same data is the same bytes (none: 1 January 2000, as reportlab's)."""
        return dt.datetime.combine(self.day or dt.date(2000, 1, 1), dt.time())

    @property
    def as_of_line(self) -> str:
        """The line under the title that says the day the figures count to ("" when the report has none)."""
        return AS_OF_LINE.format(date=f"{self.as_of:%d/%m/%Y}") if self.as_of else ""

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables)
