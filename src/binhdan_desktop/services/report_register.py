"""The register of issued reports: only the office's device issues, numbering each year's reports 01, 02, …; it
stores what the report printed (its figures), the signer and the written file's SHA-256, and syncs like any
row. A reprint renders the stored figures again (never recomputed) and says it is a copy; a report that was not
issued says it is a draft. Which device is the office: docs/keys.md, "The office device"."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import check_output
from binhdan_desktop.reports.model import Chart, Column, Header, Report, Table, Trend
from binhdan_desktop.reports.progress import Progress, span
from binhdan_desktop.services import reports
from binhdan_desktop.services.commune import find_village, require_commune
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import DeviceState, ReportIssue, SyncLocal

DRAFT, COPY = "Bản nháp / Draft", "Bản sao / Copy"
SUFFIX = "/BC-UBND"
BLANK = "\u00a0" * 8  # a draft's number is left blank, as on a form
PERSON_LISTS = frozenset({"checklist", "visits", "learners"})  # lists of residents: drafts only, never issued
FIGURES_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One line of the register, as the Reports screen and `binhdan report register` show it."""

    id: str
    number: str  # "01/BC-UBND"
    year: int
    seq: int
    issued_on: dt.date
    kind: str
    village: str  # "" for the whole commune
    period: str
    as_of: dt.date | None
    signer_authority: str
    signer_title: str
    signer_name: str
    file_format: str
    sha256: str
    device_id: str

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat()
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        return data


@dataclass(frozen=True)
class Issued:
    """What issuing wrote: the register entry, the file and what changed (the new register row)."""

    entry: Entry
    path: Path
    changes: Changes


@dataclass(frozen=True)
class RegisterScreen:
    """The register on the Reports screen: whether this device issues, the entries, newest first, and the number
    the next report issued today would get ("03/BC-UBND"; "" on a device that does not issue)."""

    office: bool
    entries: list[Entry]
    next_number: str = ""


# --- which device is the office ----------------------------------------------------------------------------------

def is_office(session: Session) -> bool:
    """A commune with no team is a standalone office (its only device); in a team, the device that created it."""
    state = session.get(SyncLocal, 1)
    return state is None or not state.team_id or bool(state.office)


# --- the number line of a draft, an issued report and a copy -----------------------------------------------------

def _annex_ref(number: str, day: dt.date, commune: str) -> str:
    return f"(Kèm theo Báo cáo số {number} ngày {day:%d/%m/%Y} của UBND xã {commune})"


def _keep(mark: str) -> str:
    """The mark on the number line wraps as a whole (no-break spaces), never "Bản sao /" then "Copy"."""
    return mark.replace(" ", "\u00a0")


def as_draft(report: Report, commune: str, today: dt.date) -> Report:
    """A report that was not issued: no number (never the fixed setting), "Bản nháp / Draft" on its number line
    and across every page."""
    header = replace(report.header, number=f"Số:{BLANK}{SUFFIX} ({_keep(DRAFT)})", mark=DRAFT,
                     annex_ref=_annex_ref(BLANK + SUFFIX, today, commune))
    return replace(report, header=header, day=today)


def _numbered(report: Report, number: str, commune: str, day: dt.date) -> Report:
    header = replace(report.header, number=f"Số: {number}", mark="", annex_ref=_annex_ref(number, day, commune))
    return replace(report, header=header, day=day)


def _as_copy(report: Report, number: str) -> Report:
    return replace(report, header=replace(report.header, number=f"Số: {number} ({_keep(COPY)})", mark=COPY))


# --- the figures: the report's data, stored as JSON and read back the same ---------------------------------------

def _value(v: Any) -> Any:
    return {"date": v.isoformat()} if isinstance(v, dt.date) else v


def _unvalue(v: Any) -> Any:
    return dt.date.fromisoformat(v["date"]) if isinstance(v, dict) and list(v) == ["date"] else v


def _table(t: Table) -> dict[str, Any]:
    return {"title": t.title, "columns": [[c.header, c.width, c.kind] for c in t.columns],
            "rows": [[_value(v) for v in row] for row in t.rows]}


def _untable(d: dict[str, Any]) -> Table:
    return Table(d["title"], [Column(h, w, k) for h, w, k in d["columns"]],
                 [[_unvalue(v) for v in row] for row in d["rows"]])


def figures(report: Report) -> dict[str, Any]:
    """Everything the report printed, as JSON values (dates tagged)."""
    summary = next((i for i, t in enumerate(report.tables) if t is report.summary), None)
    return {"format": FIGURES_FORMAT, "kind": report.kind, "header": asdict(report.header), "body": report.body,
            "annex_title": report.annex_title, "tables": [_table(t) for t in report.tables],
            "charts": [{"title": c.title, "bars": [list(b) for b in c.bars], "target": c.target}
                       for c in report.charts],
            "summary": summary,
            "summary_table": _table(report.summary) if report.summary and summary is None else None,
            "as_of": report.as_of.isoformat() if report.as_of else None,
            "day": report.day.isoformat() if report.day else None, "notes": list(report.notes),
            "trends": [{"title": t.title, "labels": t.labels, "series": [[n, list(r)] for n, r in t.series],
                        "target": t.target} for t in report.trends]}


def from_figures(data: dict[str, Any]) -> Report:
    tables = [_untable(t) for t in data["tables"]]
    index = data.get("summary")
    summary = tables[index] if index is not None else (_untable(data["summary_table"])
                                                       if data.get("summary_table") else None)
    charts = [Chart(c["title"], [(str(n), r) for n, r in c["bars"]], c["target"]) for c in data["charts"]]
    as_of = dt.date.fromisoformat(data["as_of"]) if data.get("as_of") else None  # older entries have none
    day = dt.date.fromisoformat(data["day"]) if data.get("day") else None
    trends = [Trend(t["title"], list(t["labels"]), [(str(n), list(r)) for n, r in t["series"]], t["target"])
              for t in data.get("trends", [])]
    return Report(data["kind"], Header(**data["header"]), list(data["body"]), data["annex_title"], tables, charts,
                  summary=summary, trends=trends, notes=list(data.get("notes", [])), as_of=as_of, day=day)


# --- issue, reprint, list ----------------------------------------------------------------------------------------

def _next_seq(session: Session, year: int) -> int:
    last = session.scalar(select(func.max(ReportIssue.seq)).where(ReportIssue.year == year,
                                                                 ReportIssue.deleted.is_(False)))
    return (last or 0) + 1


def _period(request: reports.ReportRequest, year: int) -> str:
    if request.start and request.end:
        return f"{fmt_date(request.start)} - {fmt_date(request.end)}"
    return str(year)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_target(db: Database, target: Path, fmt: str, replace_file: bool) -> None:
    reports.check_format(target, fmt)
    if not replace_file and (target.exists() or target.is_symlink()):
        raise BinhdanError("report.exists", path=str(target))
    check_output(target, force=True, db_path=db.path)


def issue(db: Database, request: reports.ReportRequest, target: Path, fmt: str, progress: Progress | None = None, *,
          replace_file: bool = False, today: dt.date | None = None) -> Issued:
    """Issue the report on the office, in one transaction: the next number of this year, the file written with
    it, then its figures, signer and the file's SHA-256 in the register. Any failure leaves no number taken and
    no file. Elsewhere: `report.not_office`; lists of residents: `report.not_issuable`."""
    _check_target(db, target, fmt, replace_file)
    if request.kind in PERSON_LISTS:
        raise BinhdanError("report.not_issuable", kind=request.kind)
    today = today or dt.date.today()
    written = False
    try:
        with db.write() as s:
            if not is_office(s):
                raise BinhdanError("report.not_office")
            year = request.year
            # every field of the request as build() names it (year, village, dates and any later ones: as-of, …)
            choice = {f.name: getattr(request, f.name) for f in fields(request) if f.name != "kind"}
            report = reports.build(s, request.kind, **choice, today=today, progress=span(progress, 0.0, 0.15))
            seq = _next_seq(s, today.year)
            number = f"{seq:02d}{SUFFIX}"
            report = _numbered(report, number, require_commune(s).name, today)
            reports.write(report, target, fmt, span(progress, 0.15, 1.0))
            written = True
            row = _row(s, request, report, year, seq, number, today, fmt, _sha256(target))
            s.add(row)
            changes = changes_of(s, row)
            entry = _entry(row)
    except BaseException:
        if written:
            target.unlink(missing_ok=True)
        raise
    return Issued(entry, target, changes)


def _row(s: Session, request: reports.ReportRequest, report: Report, year: int | None, seq: int, number: str,
         today: dt.date, fmt: str, sha: str) -> ReportIssue:
    village = find_village(s, request.village) if request.village else None
    plan_year = year or today.year
    as_of = report.as_of or request.as_of or request.end or min(today, dt.date(plan_year, 12, 31))
    h = report.header
    return ReportIssue(year=today.year, seq=seq, number=number, kind=request.kind,
                       village_id=village.id if village else None, village_name=village.name if village else "",
                       period=_period(request, plan_year), as_of=as_of, issued_on=today,
                       signer_authority=h.signer_authority, signer_title=h.signer_title, signer_name=h.signer_name,
                       figures=figures(report), file_format=fmt, sha256=sha,
                       device_id=s.scalars(select(DeviceState.device_id)).one())


def _entry(r: ReportIssue) -> Entry:
    return Entry(r.id, r.number, r.year, r.seq, r.issued_on, r.kind, r.village_name, r.period, r.as_of,
                 r.signer_authority, r.signer_title, r.signer_name, r.file_format, r.sha256, r.device_id)


def entries(db: Database) -> list[Entry]:
    """The register, newest first (year, then number)."""
    with db.read() as s:
        rows = s.scalars(select(ReportIssue).where(ReportIssue.deleted.is_(False))
                         .order_by(ReportIssue.year.desc(), ReportIssue.seq.desc(), ReportIssue.id))
        return [_entry(r) for r in rows]


def screen(db: Database, today: dt.date | None = None) -> RegisterScreen:
    with db.read() as s:
        office = is_office(s)
        year = (today or dt.date.today()).year
        upcoming = f"{_next_seq(s, year):02d}{SUFFIX}" if office else ""
    return RegisterScreen(office, entries(db), upcoming)


def find(db: Database, key: str) -> Entry:
    """An entry by its id, or by its number: "01/2026", "01/BC-UBND/2026", or "01" (this year's)."""
    key = key.strip()
    listed = entries(db)
    for e in listed:
        if e.id == key:
            return e
    number, _, year = key.replace(SUFFIX, "").partition("/")
    try:
        seq, wanted = int(number), int(year) if year else dt.date.today().year
    except ValueError:
        raise BinhdanError("report.not_issued", value=key) from None
    found = next((e for e in listed if e.seq == seq and e.year == wanted), None)
    if found is None:
        raise BinhdanError("report.not_issued", value=key)
    return found


def stored_report(db: Database, issue_id: str) -> Report:
    """The report exactly as it was issued (its stored figures, number, date and signer)."""
    with db.read() as s:
        row = s.get(ReportIssue, issue_id)
        if row is None or row.deleted:
            raise BinhdanError("report.not_issued", value=issue_id)
        return from_figures(row.figures)


def reprint(db: Database, issue_id: str, target: Path, fmt: str, progress: Progress | None = None, *,
            replace_file: bool = False) -> Path:
    """Write an issued report again from its stored figures, marked "Bản sao / Copy" (any device may)."""
    _check_target(db, target, fmt, replace_file)
    with db.read() as s:
        row = s.get(ReportIssue, issue_id)
        if row is None or row.deleted:
            raise BinhdanError("report.not_issued", value=issue_id)
        report, number = from_figures(row.figures), row.number
        report.day = report.day or row.issued_on  # an entry stored before its figures kept the day
    return reports.write(_as_copy(report, number), target, fmt, progress)


def file_name(entry: Entry, fmt: str) -> str:
    """The suggested name of a reprint, e.g. "bao-cao-ket-qua-2026-toan-xa-so-01-ban-sao.pdf"."""
    stem = reports.FILE_STEMS.get(entry.kind, reports.slug(entry.kind))
    village = reports.slug(entry.village) or "toan-xa"
    return f"{stem}-{entry.year}-{village}-so-{entry.seq:02d}-ban-sao.{fmt}"
