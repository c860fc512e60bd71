"""What both writers add around a report's tables: a totals row under the tables that count things, and a
summary table for reports whose builder gives none (every workbook opens on its summary sheet)."""

from __future__ import annotations

from typing import Any

from binhdan_desktop.reports.model import Column, Report, Table

TOTAL_LABEL = "Tổng cộng"
COUNTED = ("int", "check")


def has_totals(report: Report, table: Table) -> bool:
    """Lists and tallies get a totals row; the results tables hold rates and targets, which do not add up."""
    if table.totals is not None:  # the builder's own totals (a visit with two members is one visit)
        return True
    adds_up = report.kind not in ("results", "period")  # rates, targets and ranks do not add up
    return adds_up and bool(table.rows) and any(c.kind in COUNTED for c in table.columns)


def _total(values: list[Any], kind: str) -> Any:
    if kind == "int":
        return sum(v for v in values if isinstance(v, int) and not isinstance(v, bool))
    return sum(1 for v in values if isinstance(v, str) and v.strip())  # marks in a column to tick


def totals_row(table: Table) -> list[Any]:
    """"Tổng cộng" in the first text column; sums of the number columns, the count of marks in the tick
    columns; other cells blank. A table the builder gave totals keeps them."""
    if table.totals is not None:
        return list(table.totals)
    label_at = next((i for i, c in enumerate(table.columns) if c.kind == "text"), 0)
    row: list[Any] = []
    for i, col in enumerate(table.columns):
        if i == label_at:
            row.append(TOTAL_LABEL)
        elif col.kind in COUNTED:
            row.append(_total([r[i] for r in table.rows], col.kind))
        else:
            row.append("")
    return row


def summary_of(report: Report) -> Table:
    """The report's summary, or one made from its tables: one row per table (a village, a team member) with
    its count of rows, its marks counted and its numbers summed."""
    if report.summary is not None:
        return report.summary
    counted = [(i, c) for i, c in enumerate(report.tables[0].columns) if c.kind in COUNTED] if report.tables else []
    columns = [Column("TT", 4, "center"), Column("Thôn", 20), Column("Số người", 8, "int"),
               *[Column(c.header, 8, "int") for _, c in counted]]
    rows = []
    for n, table in enumerate(report.tables, 1):
        rows.append([n, table.title, len(table.rows), *[_total([r[i] for r in table.rows], c.kind)
                                                         for i, c in counted]])
    return Table("Tổng hợp", columns, rows)
