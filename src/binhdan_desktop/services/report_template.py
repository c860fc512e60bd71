"""Fill the province's own Excel form (reports/template.py) with the plan's indicators for a year, a period
(2026, 2026-H1, 2026-Q3, 2026-09) or as of a date, for the commune and every village, in one read session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.domain.periods import parse_period
from binhdan_desktop.domain.text import fold
from binhdan_desktop.domain.validation import as_of_day
from binhdan_desktop.errors import BinhdanError, ValidationError
from binhdan_desktop.fileio import check_output, os_error
from binhdan_desktop.reports.progress import Progress
from binhdan_desktop.reports.template import Figures, fill
from binhdan_desktop.services import indicators
from binhdan_desktop.services.commune import find_village, get_setting, require_commune
from binhdan_desktop.services.report_builders import gap_cell
from binhdan_desktop.services.report_periods import period_end
from binhdan_desktop.store.db import Database


def figures(db: Database, *, year: int | None = None, period: str | None = None, as_of: dt.date | None = None,
            village: str | None = None) -> Figures:
    """Every indicator of the commune and each village, as of the period's end (or `as_of`, or the year's end)."""
    if period and as_of:
        raise ValidationError("template.period_and_as_of", field="period", value=period)
    label, asked = None, as_of is not None
    if period:  # counted to the period's end, or today while it runs (the rule of every report's dates)
        chosen = parse_period(period)
        as_of, label = period_end(chosen), chosen.label()
    elif as_of is not None:
        as_of_day(as_of)  # never a day to come, nor one before the plan's start
    if as_of is not None:
        year = as_of.year
    with db.read() as s:
        commune = require_commune(s)
        year = year or indicators.default_year(s)
        place = find_village(s, village) if village else None
        results = indicators.compute(s, year, as_of=as_of)
        signer = str(get_setting(s, "report.signer_name", "") or "")
    as_of = results[0].as_of if results else (as_of or dt.date(year, 12, 31))
    table: dict[tuple[str, str | None], dict[str, object]] = {}
    for r in results:
        table[(r.code, fold(r.village) if r.village else None)] = {
            "numerator": r.numerator, "denominator": r.denominator, "rate": r.rate, "target": r.target,
            "met": r.met, "gap": gap_cell(r), "name": r.name}
    glob = {"commune": commune.name, "province": commune.province, "village": place.name if place else "Toàn xã",
            "period": label or (f"đến ngày {fmt_date(as_of)}" if asked else f"năm {year}"),  # --year: its year
            "as_of": as_of, "year": year, "signer": signer}
    return Figures(glob, table, fold(place.name) if place else None)


def fill_template(db: Database, template: Path, target: Path, *, year: int | None = None, period: str | None = None,
                  as_of: dt.date | None = None, village: str | None = None, replace: bool = True,
                  progress: Progress | None = None) -> int:
    """Fill `template` into `target` (an .xlsx; never the live database, its backups or a key file); returns the
    number of cells filled. An unknown placeholder is the error naming its cell, and nothing is written."""
    if target.suffix.lower() != ".xlsx":
        raise BinhdanError("template.out_format", name=target.name)
    check_output(target, force=replace, db_path=db.path)
    values = figures(db, year=year, period=period, as_of=as_of, village=village)
    try:
        return fill(template, target, values, progress)
    except OSError as exc:
        raise os_error(exc, target, name_target=True) from exc
