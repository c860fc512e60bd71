"""The Reports screen's service calls: what the screen shows, a report built, previewed or exported (with
progress and cancel), and the signer block saved in one transaction. Each takes the `Database` and opens its own
session; the report data themselves are built in `report_builders`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.domain.periods import parse_period
from binhdan_desktop.domain.text import fold, nfc
from binhdan_desktop.domain.validation import as_of_day, check_dates, report_range
from binhdan_desktop.errors import BinhdanError, ValidationError
from binhdan_desktop.fileio import check_output, os_error
from binhdan_desktop.reports.model import Column, Report
from binhdan_desktop.reports.progress import Meter, Progress, Ticker, span
from binhdan_desktop.services import indicators
from binhdan_desktop.services.commune import find_village, get_setting, require_commune, villages
from binhdan_desktop.services.report_builders import checklist, learners, results, text_lines, visit_log
from binhdan_desktop.services.report_periods import check_period_as_of, period_end, period_report
from binhdan_desktop.store.changelog import changes_of, raw_connection
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Setting
from binhdan_desktop.store.models_late import TeamMember

KINDS = ("results", "checklist", "visits", "learners", "period", "events")
FORMATS = ("pdf", "xlsx", "docx")
# The signer block: one-line texts (with their longest length), then the recipients (one a line). A report's
# number is not among them: the register gives it when the office issues the report (report_register.py).
SIGNER_FIELDS = {"report.signer_authority": 60, "report.signer_title": 60, "report.signer_name": 60}
RECIPIENTS = "report.recipients"
MAX_RECIPIENTS, RECIPIENT_LEN = 20, 200
PREVIEW_ROWS = 200
QUERY_CHECK_STEPS = 500_000  # sqlite steps between a long query's check-ins: about a tenth of a second


@dataclass(frozen=True)
class ReportRequest:
    """Which report: its kind, year, village (id or name; None for the whole commune) and dates."""

    kind: str
    year: int | None = None
    village: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None  # the date the figures are counted up to (None: the year's end, or today)
    period: str | None = None  # "2026", "2026-H1", "2026-Q3", "2026-09" (the period report)


@dataclass(frozen=True)
class ReportsScreen:
    """What the Reports screen offers: the plan's years, the villages (id, name) and the signer block."""

    years: list[int]
    default_year: int
    villages: list[tuple[str, str]]
    settings: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Preview:
    """A report's size and the first rows of its first table (the summary, when it has one)."""

    subject: str
    row_count: int
    table_count: int
    columns: list[Column]
    rows: list[list[object]]
    as_of: dt.date | None = None  # the day its figures count to


def _groups(session: Session, kind: str, village_id: str | None) -> int:
    """How many tables the report will have, about (its progress counts them): villages, or team members."""
    if kind == "visits":
        return 1 + (session.scalar(select(func.count()).select_from(TeamMember)
                                   .where(TeamMember.deleted.is_(False))) or 0)
    return 1 if village_id else max(1, len(villages(session)))


def build(session: Session, kind: str, *, year: int | None = None, village: str | None = None,
          start: dt.date | None = None, end: dt.date | None = None, today: dt.date | None = None,
          progress: Progress | None = None, as_of: dt.date | None = None, period: str | None = None) -> Report:
    """The report `kind` (results, checklist, visits, learners) as plain data. `progress` hears the share of
    its tables built, and is called every few hundred rows (it may raise to cancel: nothing is written here).
    `as_of`: the figures as they stood that day (never after today; the visit log's period ends there)."""
    if kind not in KINDS:
        raise ValidationError("validation.invalid", field="kind", value=kind)
    today = today or dt.date.today()
    check_as_of(kind, as_of, today)
    end = end or (as_of if kind in RANGE_KINDS else None)
    year = year or _year_of(session, as_of) or indicators.default_year(session, today)
    if kind in RANGE_KINDS:  # the visit log and the events report: the year's days unless given
        start, end = start or dt.date(year, 1, 1), end or dt.date(year, 12, 31)
    start, end = report_range(start, end, today)
    # never a day that has not come yet; the learners list's "--to" is the day it counts to
    counted = as_of or (end if kind == "learners" else None) or min(today, dt.date(year, 12, 31))
    counted_end = end or counted
    village_id = find_village(session, village).id if village else None
    tick = Ticker(progress, _groups(session, kind, village_id), every=1) if progress else None
    makers: dict[str, Callable[[], Report]] = {
        "results": lambda: results(session, year, village_id, today, counted),
        "checklist": lambda: checklist(session, year, village_id, today, tick, as_of),
        "visits": lambda: visit_log(session, start or dt.date(year, 1, 1), counted_end, village_id, today, tick),
        "learners": lambda: learners(session, year, village_id, start, today, tick, counted),
        "period": lambda: period_report(session, parse_period(period or str(year)), village_id, today, progress,
                                        as_of),
        "events": lambda: _events(session, year, village_id, start, end, today, tick),
    }
    from binhdan_desktop.services.report_register import as_draft  # numbered only when issued (the register)

    made = makers[kind]()
    if kind == "visits":  # the visit log counts up to its last day (and never past the report's date)
        made.as_of = counted_end
    report = as_draft(made, require_commune(session).name, today)
    if progress:
        progress(1.0)
    return report


AS_OF_KINDS = KINDS  # every report counts to a day: the visit log and the events report end there
RANGE_KINDS = ("visits", "events")  # reports of the days from a start to an end (by default the year's)


def check_as_of(kind: str, as_of: dt.date | None, today: dt.date | None = None, *,
                period: str | None = None) -> None:
    """An as-of date is a day gone by (or today), for a report counted up to a date; the period report's is a
    day of its period (`period`, when given)."""
    if as_of is None:
        return
    as_of_day(as_of, today)  # a day to come, or one before the plan's start: refused for every kind
    if kind not in AS_OF_KINDS:
        raise ValidationError("report.as_of_kind", field="as_of", kind=kind)
    today = today or dt.date.today()
    if as_of > today:
        raise ValidationError("report.as_of_future", field="as_of", value=f"{as_of:%d/%m/%Y}",
                              today=f"{today:%d/%m/%Y}")
    if kind == "period" and period:
        check_period_as_of(parse_period(period), as_of)


def check_request(request: ReportRequest, today: dt.date | None = None) -> None:
    """A choice's dates by the one rule of every report (`check_dates`, `period_end`, `check_as_of`), before
    anything is built: the Reports screen says what is wrong as the dates are picked, the CLI before it starts."""
    check_dates(request.start, request.end, today)
    if request.kind == "period" and request.period:
        period_end(parse_period(request.period), today)
    check_as_of(request.kind, request.as_of, today, period=request.period if request.kind == "period" else None)


def _year_of(session: Session, as_of: dt.date | None) -> int | None:
    """The plan year an as-of date falls in (None: no date, or a year the plan does not have)."""
    return as_of.year if as_of is not None and as_of.year in indicators.plan_years(session) else None


def _events(session: Session, year: int, village_id: str | None, start: dt.date | None, end: dt.date | None,
            today: dt.date, tick: Ticker | None) -> Report:
    from binhdan_desktop.services.report_builders import _header
    from binhdan_desktop.services.report_events import TITLE, events_report

    start, end = start or dt.date(year, 1, 1), end or min(today, dt.date(year, 12, 31))
    head = _header(session, TITLE.format(start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"), today)
    report = events_report(session, start, end, village_id, head, tick)
    report.as_of = end  # the range's end, never after today (report_range)
    return report


def build_report(db: Database, request: ReportRequest, progress: Progress | None = None) -> Report:
    """`build` in a session of its own; a cancel is heard inside its long queries too."""
    meter = Meter(progress) if progress else None
    with db.read() as s, _query_checkins(s, meter):
        return build(s, request.kind, year=request.year, village=request.village, start=request.start,
                     end=request.end, progress=meter, as_of=request.as_of, period=request.period)


@contextmanager
def _query_checkins(session: Session, meter: Meter | None) -> Iterator[None]:
    """sqlite calls back every QUERY_CHECK_STEPS steps of a query (a whole commune's list takes seconds before
    its first row): the progress hears a check-in, and when it raises (cancel) the query stops with that error."""
    if meter is None:
        yield
        return
    raw = raw_connection(session.connection())
    raised: list[BaseException] = []

    def check() -> int:
        try:
            meter(meter.at)
        except BaseException as exc:  # Cancelled: interrupt the query, raise it below
            raised.append(exc)
            return 1
        return 0

    raw.set_progress_handler(check, QUERY_CHECK_STEPS)
    try:
        yield
    except Exception:
        if raised:
            raise raised[0] from None
        raise
    finally:
        raw.set_progress_handler(None, 0)


def preview(db: Database, request: ReportRequest, progress: Progress | None = None,
            limit: int = PREVIEW_ROWS) -> Preview:
    report = build_report(db, request, progress)
    table = report.summary or (report.tables[0] if report.tables else None)
    return Preview(report.header.subject, report.row_count, len(report.tables),
                   table.columns if table else [], table.rows[:limit] if table else [], report.as_of)


def export(db: Database, request: ReportRequest, target: Path, fmt: str, progress: Progress | None = None, *,
           replace: bool = False) -> Path:
    """Build the report and write it to `target` (the first 15 % of the progress is building). An existing file
    is replaced only with `replace` (the user was asked about that very name), never the live database, its
    backups, a key file or anything but a regular file. A cancel (the progress raising) or an error leaves no
    file and no temporary file."""
    if fmt not in FORMATS:
        raise BinhdanError("report.format", value=fmt)
    check_format(target, fmt)
    if not replace and (target.exists() or target.is_symlink()):
        raise BinhdanError("report.exists", path=str(target))
    check_output(target, force=True, db_path=db.path)
    report = build_report(db, request, span(progress, 0.0, 0.15))
    return write(report, target, fmt, span(progress, 0.15, 1.0))


def check_format(target: Path, fmt: str) -> None:
    """Never Excel inside a .pdf nor PDF inside a .xlsx: a file's extension that names the other format is
    refused (another extension, "bao-cao.out", is the caller's choice)."""
    if fmt not in FORMATS:
        raise BinhdanError("report.format", value=fmt)
    suffix = target.suffix.lower().lstrip(".")
    if suffix in FORMATS and suffix != fmt:
        raise BinhdanError("report.format_mismatch", name=target.name, fmt=fmt)


def export_target(chosen: Path, fmt: str) -> tuple[Path, str]:
    """The file a save dialog's answer names, and its format: a name ending in .xlsx or .pdf decides the format
    (whatever was chosen before); any other name gets the chosen format's extension added (never replaced:
    "thon.1" is a name, not an extension)."""
    suffix = chosen.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return chosen, suffix
    if fmt not in FORMATS:
        raise BinhdanError("report.format", value=fmt)
    return chosen.with_name(f"{chosen.name}.{fmt}"), fmt


FILE_STEMS = {"results": "bao-cao-ket-qua", "checklist": "danh-sach-ho-can-ho-tro", "visits": "nhat-ky-tham-ho",
              "learners": "danh-sach-nguoi-hoc", "period": "bao-cao-theo-ky",
              "events": "bao-cao-lop-hoc-su-kien"}


def slug(text: str) -> str:
    """Vietnamese folded to plain ASCII words joined by "-" ("Thôn Đồng Răm" -> "thon-dong-ram"): a name that
    every USB stick, e-mail attachment and shop computer keeps as it is."""
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold(text)).split()
    return "-".join(words)


def file_name(request: ReportRequest, village_name: str | None, fmt: str) -> str:
    """The suggested file name of a report: kind, year (or the visit log's dates), village or "toan-xa",
    e.g. "bao-cao-ket-qua-2026-thon-an-diem.xlsx"."""
    parts = [FILE_STEMS.get(request.kind, slug(request.kind))]
    if request.kind == "visits" and request.start and request.end:
        parts.append(f"{request.start:%d%m%Y}-{request.end:%d%m%Y}")
    elif request.kind == "period" and request.period:
        parts.append(slug(request.period))
    elif request.year:
        parts.append(str(request.year))
    parts.append(slug(village_name or "") or "toan-xa")
    return f"{'-'.join(parts)}.{fmt}"


def screen(db: Database) -> ReportsScreen:
    with db.read() as s:
        settings: dict[str, object] = {key: str(get_setting(s, key, "") or "") for key in SIGNER_FIELDS}
        settings[RECIPIENTS] = text_lines(get_setting(s, RECIPIENTS, []))
        return ReportsScreen(indicators.plan_years(s), indicators.default_year(s),
                             [(v.id, v.name) for v in villages(s)], settings)


def clean_report_settings(values: Mapping[str, object]) -> dict[str, object]:
    """The signer block as it will be stored: NFC, trimmed, checked; the recipients from a list or typed lines
    (a trailing ";" or "." dropped: the report adds them). Raises ValidationError for the first bad value."""
    clean: dict[str, object] = {}
    for key, value in values.items():
        if key == RECIPIENTS:
            items = [t for t in ((nfc(line) or "").rstrip(";.").strip() for line in text_lines(value)) if t]
            if len(items) > MAX_RECIPIENTS:
                raise ValidationError("validation.too_many", field=key, max=MAX_RECIPIENTS)
            if any(len(t) > RECIPIENT_LEN for t in items):
                raise ValidationError("validation.too_long", field=key, max=RECIPIENT_LEN)
            clean[key] = items
            continue
        if key not in SIGNER_FIELDS:
            raise ValidationError("validation.invalid", field="key", value=key)
        text = nfc(str(value or "")) or ""
        if len(text) > SIGNER_FIELDS[key]:
            raise ValidationError("validation.too_long", field=key, max=SIGNER_FIELDS[key])
        clean[key] = text
    return clean


def save_report_settings(db: Database, values: Mapping[str, object]) -> Changes:
    """Save the signer block (signer, title, authority, recipients) in one transaction: every
    value is checked first; a bad one stores none. Unchanged values are not rewritten."""
    clean = clean_report_settings(values)
    with db.write() as s:
        rows: dict[str, Setting] = {}
        for row in s.scalars(select(Setting).where(Setting.key.in_(clean), Setting.deleted.is_(False))):
            rows.setdefault(row.key, row)
        for key, value in clean.items():
            found = rows.get(key)
            if found is None:
                s.add(Setting(key=key, value=value))
            elif found.value != value:
                found.value = value
        return changes_of(s)


def write(report: Report, target: Path, fmt: str, progress: Callable[[float], None] | None = None) -> Path:
    """Render `report` to `target` as xlsx or pdf (the report libraries load only now). A folder that cannot be
    written or a full disk becomes the one message that says what to do."""
    if fmt not in FORMATS:
        raise BinhdanError("report.format", value=fmt)
    try:
        if fmt == "xlsx":
            from binhdan_desktop.reports.excel import write_xlsx

            return write_xlsx(report, target, progress)
        if fmt == "docx":
            from binhdan_desktop.reports.docx import write_docx

            return write_docx(report, target, progress)
        from binhdan_desktop.reports.pdf import write_pdf

        return write_pdf(report, target, progress)
    except OSError as exc:  # the atomic writer names most failures itself (fileio); this is the rest
        raise os_error(exc, target, name_target=True) from exc
