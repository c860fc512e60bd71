"""Import households and people from a spreadsheet: a preview (dry run) or one transaction, with a backup
first. Importing the same file again updates what changed and adds nothing; a row that cannot be stored exactly
right is shown as a problem and its household is left out (see `services.import_match` for the matching)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from binhdan_desktop.errors import BinhdanError, ValidationError
from binhdan_desktop.importers.cells import gc_paused
from binhdan_desktop.importers.plan import (
    ALIASES,
    FIELD_LABELS,
    ColumnKey,
    HouseholdRows,
    Parsed,
    VillageMatch,
    parse_book,
)
from binhdan_desktop.importers.types import Msg, Problem, Sheet, msg
from binhdan_desktop.importers.values import ORDERS, cached_fold, shown
from binhdan_desktop.importers.villages import match_village
from binhdan_desktop.services.commune import require_commune, villages
from binhdan_desktop.services.households import next_code
from binhdan_desktop.services.import_match import (
    Decisions,
    Flag,
    HouseholdView,
    Index,
    Likely,
    Matched,
    Matcher,
    view,
)
from binhdan_desktop.services.import_problems import column_bilingual
from binhdan_desktop.store import changelog
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import ChangeLog, Household, Person, id_stream

Progress = Callable[[float], None]
UPDATE_CHUNK = 500


@dataclass(frozen=True)
class SheetSummary:
    """What one sheet gave: its households and people, and which columns were converted from TCVN3/VNI."""

    name: str
    header_row: int  # 1-based
    households: int
    people: int
    conversions: tuple[tuple[str, str, int], ...] = ()  # (column header, "tcvn3"/"vni", cells converted)
    columns: tuple[tuple[str, str], ...] = ()  # (field, header in the file) of this sheet
    notes: tuple[Msg, ...] = ()  # said once for the sheet: "Không có cột Giới tính: giới tính để trống" …
    open_dates: tuple[str, ...] = ()  # date columns whose day/month order is the user's answer (`import_file(dates=)`)


@dataclass
class ImportResult:
    encoding: str
    header_row: int
    columns: dict[str, str]  # field -> header in the file (the first sheet read)
    households_created: int = 0
    households_updated: int = 0  # its record or any of its members changed, or a member added
    households_unchanged: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    rows_left_out: int = 0  # rows of households not imported because of a problem or an undecided likely match
    examples_skipped: int = 0  # the template's example rows (household code "MAU-…")
    villages_left_out: int = 0  # rows of villages the user chose not to import
    problems: list[Problem] = field(default_factory=list)
    likely: list[Likely] = field(default_factory=list)  # every likely match, decided or not
    sample: list[tuple[str, str, str]] = field(default_factory=list)  # converted names for the preview
    headers: list[str] = field(default_factory=list)  # every sheet's headers as in the file, once each
    sheets: list[SheetSummary] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)  # no header or no people (a summary, a total)
    unused_columns: list[tuple[str, str]] = field(default_factory=list)  # (sheet, header) not read
    villages: list[VillageMatch] = field(default_factory=list)  # each village as written -> the commune's
    households: list[HouseholdView] = field(default_factory=list)  # the preview: each household and its fate
    file_encoding: str = ""  # a text file's bytes: "utf-8", "cp1258", "utf-16" ("" for a workbook)
    backup: Path | None = None
    dry_run: bool = True
    written: bool = False  # False for a preview, and for an all-or-nothing run that found a problem

    @property
    def open_dates(self) -> bool:
        """A date column of the file reads either way (03/04/1970) with no day above 12 to decide: the user answers
        its order (`import_file(dates=…)`); answered or not, the wizard offers the choice."""
        return any(s.open_dates for s in self.sheets)

    @property
    def villages_to_confirm(self) -> list[VillageMatch]:
        """Villages matched loosely ("phuoc loc" -> "Thôn Phước Lộc") that the user has not chosen yet."""
        return [v for v in self.villages if v.match is not None and not v.exact and not v.chosen]


def _village_flag(h: HouseholdRows) -> Flag:
    return Flag(h.people[0], "village", msg("village_not_in_commune", village=h.village), h.village)


def _plan(s: Session, parsed: Parsed, decisions: Decisions | None, progress: Progress | None) -> list[Matched]:
    """Every household of the file against the records (reads only)."""
    by_name = {v.name_folded: v for v in villages(s)}
    households = parsed.households  # the template's example rows are already out (`plan.is_example`)
    flagged = {(p.sheet, p.row) for p in parsed.problems if p.row > 0}
    matcher, out = Matcher(Index(s), decisions), []
    step = max(1, len(households) // 50)
    for i, h in enumerate(households):
        village = by_name.get(cached_fold(h.village))
        m = Matched(h, village.id if village else "", village.sort_order if village else 0)
        if h.flagged or any(p.flagged or (h.sheet, p.row) in flagged for p in h.people):
            m.flags.append(Flag(h.people[0], "", None))  # the parser's problem says why; listed once
        elif village is None:
            m.flags.append(_village_flag(h))
        if not m.flags:
            matcher.match(m)
        out.append(m)
        if progress and i % step == 0:
            progress(0.3 + 0.6 * i / max(1, len(households)))
    return out


def _label(parsed: Parsed, sheet: str, key: str) -> str:
    layout = next((x for x in parsed.sheets if (x.name if len(parsed.sheets) > 1 or sheet else "") == sheet), None)
    if layout is not None and key in layout.mapping:
        return layout.headers[layout.mapping[key]]
    return FIELD_LABELS.get(key, "")


def _summarise(result: ImportResult, parsed: Parsed, matched: list[Matched]) -> None:
    """Counts, problems (the parser's, then the matching's) and the rows left out, from the plan."""
    result.problems = list(parsed.problems)
    result.likely, result.households = [], [view(m) for m in matched]
    result.examples_skipped = parsed.examples
    for name in ("households_created", "households_updated", "households_unchanged", "people_created",
                 "people_updated", "people_unchanged", "rows_left_out"):
        setattr(result, name, 0)
    for m in matched:
        if m.likely is not None:
            result.likely.append(m.likely)
        result.likely.extend(m.members_likely)
        if m.left_out:
            _left_out(result, parsed, m)
            continue
        _count(result, m)
    if len(parsed.sheets) + len(parsed.skipped_sheets) == 1:  # one sheet: its problems still name it
        only = parsed.sheets[0].name
        result.problems = [p if p.sheet else replace(p, sheet=only) for p in result.problems]


def _left_out(result: ImportResult, parsed: Parsed, m: Matched) -> None:
    sheet = m.rows.sheet
    result.rows_left_out += len(m.rows.people)
    for f in m.flags:
        if f.why is not None:
            result.problems.append(Problem.of(f.row.row, _label(parsed, sheet, f.field) if f.field else "", f.why,
                                              sheet, f.value))
    if m.likely is not None and not m.decided:
        head = m.likely
        names = "; ".join(f"{c.full_name} {c.birth_year or ''} ({c.household_code})" for c in head.candidates)
        result.problems.append(Problem.of(head.row, _label(parsed, sheet, "full_name"), msg("likely", names=names),
                                          sheet, head.full_name))
    for x in m.members_undecided:
        names = "; ".join(f"{c.full_name} {c.birth_year or ''} ({c.household_code})" for c in x.candidates)
        why = msg("likely_member", names=names, head=x.head_name) if x.head and not m.decided else \
            msg("likely", names=names)  # offered with its head's own match, answered with it
        result.problems.append(Problem.of(x.row, _label(parsed, sheet, "full_name"), why, sheet, x.full_name))
    rows = [p.row for p in m.rows.people]
    if len(rows) > 1 and not all(p.flagged for p in m.rows.people):  # else each row's own problem says it
        result.problems.append(Problem.of(rows[0], "", msg("household_left_out", first=min(rows), last=max(rows)),
                                          sheet))


def _count(result: ImportResult, m: Matched) -> None:
    new = sum(pid is None for pid in m.people)
    changed = sum(pid is not None and bool(ch) for pid, ch in zip(m.people, m.changes, strict=True))
    result.people_created += new
    result.people_updated += changed
    result.people_unchanged += len(m.people) - new - changed
    if m.household_id is None:
        result.households_created += 1
    elif new or changed or m.address_changed:
        result.households_updated += 1
    else:
        result.households_unchanged += 1


@dataclass
class _Batch:
    """New rows, written at the end through the bulk path (logged like any change)."""

    households: list[dict[str, object]] = field(default_factory=list)
    people: list[dict[str, object]] = field(default_factory=list)
    codes: dict[int, int] = field(default_factory=dict)  # village order -> last code number handed out

    def code(self, s: Session, order: int) -> str:
        if order not in self.codes:
            self.codes[order] = int(next_code(s, order).rsplit("-", 1)[1]) - 1
        self.codes[order] += 1
        return f"T{order:02d}-{self.codes[order]:04d}"


def _update(s: Session, model: type[Household] | type[Person], changes: dict[str, dict[str, object]]) -> None:
    ids = list(changes)
    for start in range(0, len(ids), UPDATE_CHUNK):
        for obj in s.scalars(select(model).where(model.id.in_(ids[start:start + UPDATE_CHUNK]))):
            for key, value in changes[obj.id].items():
                setattr(obj, key, value)


def _write(s: Session, matched: Iterable[Matched]) -> None:
    with gc_paused():  # a dict and a tuple per row, no cycles: collections would only walk the plan again
        _write_all(s, matched)


def _write_all(s: Session, matched: Iterable[Matched]) -> None:
    batch = _Batch()
    household_changes: dict[str, dict[str, object]] = {}
    person_changes: dict[str, dict[str, object]] = {}
    household_ids = id_stream()
    for m in matched:
        if m.left_out:
            continue
        hid = m.household_id
        if hid is None:
            hid = next(household_ids)
            code = m.rows.code or batch.code(s, m.village_order)
            batch.households.append({"id": hid, "code": code, "village_id": m.village_id, "address": m.rows.address})
        elif m.address_changed:
            household_changes[hid] = {"address": m.rows.address}
        for pid, ch in zip(m.people, m.changes, strict=True):
            if pid is None:
                batch.people.append({"household_id": hid, **ch})  # its key: drawn with the others' (bulk)
            elif ch:
                person_changes[pid] = ch
    _update(s, Household, household_changes)
    _update(s, Person, person_changes)
    s.flush()
    changelog.bulk_insert_all(s, [(Household, batch.households), (Person, batch.people)])


def _mark(s: Session) -> tuple[int, int | None]:
    """Where the change log stands: a plan made at this mark still holds."""
    count, last = s.execute(select(func.count(), func.max(ChangeLog.hlc)).select_from(ChangeLog)).one()
    return int(count), last


def _read(path: Path, sheet: str | None) -> list[Sheet]:
    """Every sheet of the file (only `sheet` when given), as read_book gives them."""
    from binhdan_desktop.importers.reader import read_book

    book = read_book(path)
    if sheet:
        book = [s for s in book if s.name == sheet]
        if not book:
            raise BinhdanError("import.no_sheet", path=path.name, sheet=sheet)
    filled = (1 for s in book for row in s.rows if any(c.value is not None and str(c.value).strip() for c in row))
    if sum(islice(filled, 2)) <= 1:  # counted up to two, not over the whole sheet
        raise BinhdanError("import.no_rows", path=path.name)  # an empty file, or a header alone
    return book


def _overrides(columns: Mapping[ColumnKey, str | None] | None) -> dict[ColumnKey, int | str | None]:
    """The user's corrections: field (every sheet) or (sheet, field) (that sheet alone) -> header text as shown
    (converted from TCVN3/VNI), or None: not read."""
    out: dict[ColumnKey, int | str | None] = {}
    for key, text in (columns or {}).items():
        name = key[1] if isinstance(key, tuple) else key
        if name not in ALIASES:
            fields = ", ".join(f"{k} ({FIELD_LABELS[k]})" if k in FIELD_LABELS else k for k in ALIASES)
            raise BinhdanError("import.map_field", value=name, fields=fields)
        out[key] = text or None
    return out


def _check_overrides(parsed: Parsed, overrides: dict[ColumnKey, int | str | None]) -> None:
    """A header named must be in the file (in the sheet named, for a one-sheet correction); the sheet read."""
    headers = {layout.name: [h for h in layout.headers if h] for layout in parsed.sheets}
    known = list(dict.fromkeys(h for hs in headers.values() for h in hs))
    for key, text in overrides.items():
        if isinstance(key, tuple) and key[0] not in headers and key[0] not in parsed.skipped_sheets:
            sheets = ", ".join(f"“{x}”" for x in [*headers, *parsed.skipped_sheets])
            raise BinhdanError("import.map_sheet", value=key[0], sheets=sheets)
        mine = headers.get(key[0], []) if isinstance(key, tuple) else known
        if isinstance(text, str) and text not in mine:
            where = (f"trang “{key[0]}”", f"the sheet “{key[0]}”") if isinstance(key, tuple) else ("tệp", "the file")
            raise BinhdanError("import.map_header", value=text, where=where[0], where_en=where[1],
                               headers=", ".join(f"“{h}”" for h in mine) or "—")


def _result(parsed: Parsed, dry_run: bool) -> ImportResult:
    result = ImportResult(parsed.encoding, parsed.header_row + 1,
                          {k: parsed.headers[j] for k, j in parsed.mapping.items()}, dry_run=dry_run)
    result.headers = list(dict.fromkeys(h for layout in parsed.sheets for h in layout.headers if h))
    result.sample = [(h.village, p.full_name, str(p.birth_year or "")) for h in parsed.households[:5] for p in h.people]
    result.sheets = [SheetSummary(x.name, x.header_row + 1, x.households, x.people, tuple(x.conversions),
                                  tuple((k, x.headers[j]) for k, j in x.mapping.items()), tuple(x.notes),
                                  tuple(x.open_dates))
                     for x in parsed.sheets]
    result.skipped_sheets = list(parsed.skipped_sheets)
    result.unused_columns = [(sheet, text) for sheet, _, text in parsed.unused_columns]
    result.villages = list(parsed.villages)
    result.villages_left_out = parsed.villages_left_out
    return result


def import_file(db: Database, path: Path, *, sheet: str | None = None, village: str | None = None,
                dry_run: bool = True, progress: Progress | None = None,
                columns: Mapping[ColumnKey, str | None] | None = None, decisions: Decisions | None = None,
                all_or_nothing: bool = False, village_choices: dict[str, str | None] | None = None,
                accept_villages: bool = True, names: dict[tuple[str, int], str] | None = None,
                dates: str | None = None) -> ImportResult:
    """Read every sheet (or `sheet`), check and (unless dry_run) import `path` in one transaction; the preview
    and the real run give the same counts and problems. `columns` corrects the column matching: field -> header
    (None: not read) on every sheet that has that header, (sheet, field) -> header on that sheet alone. `decisions`
    settle likely matches (row key -> stored person id, or None for a new household); an undecided one leaves its
    household out. `village_choices`: the
    commune village for a village as written (None: leave its rows out); with `accept_villages` False a loose
    match not in it is a problem for its group. `names`: a row's name as the user corrected it in the preview
    ((sheet, 1-based row) -> name), read in place of the cell and checked like it. `dates` ("dmy", "mdy"): the
    day/month order of a date column whose dates read either way with no day above 12 to decide (without it, such a
    column is a problem and its dates that read differently either way hold their households back); contrary to a
    column its dates decide, a BinhdanError naming the cell. Rows with a problem are left
    out, their households whole; with `all_or_nothing` any problem means nothing is written (`written` False, no
    backup taken). `progress(fraction)` may raise to stop the run (the user cancelled): raised while the import
    writes, it rolls the transaction back; it is never called once the import is committed."""
    try:
        if dates not in (None, *ORDERS):
            raise ValidationError("validation.invalid", field="--dates", value=dates)
        # No cyclic collection during the whole import (reading, parsing, planning and writing make many small
        # objects and no cycles to speak of), and none between its parts: the first after a pause walks every
        # object made during it, here the whole plan; when `_import` returns, the plan is already freed.
        with gc_paused():
            return _import(db, Path(path), sheet, village, dry_run, progress, columns, decisions, all_or_nothing,
                           village_choices, accept_villages, names, dates)
    finally:
        cached_fold.cache_clear()  # it holds the file's names


def _preview(db: Database, path: Path, sheet: str | None, village: str | None, dry_run: bool,
             progress: Progress | None, columns: Mapping[ColumnKey, str | None] | None, decisions: Decisions | None,
             village_choices: dict[str, str | None] | None, accept_villages: bool,
             names: dict[tuple[str, int], str] | None = None, dates: str | None = None,
             ) -> tuple[ImportResult, Parsed, tuple[int, int | None], list[Matched]]:
    """The file read, parsed and matched against the records (reads only)."""
    book = _read(path, sheet)
    overrides = _overrides(columns)
    with db.read() as s:
        require_commune(s)
        commune_villages = [v.name for v in villages(s)]
    if village:  # the village typed for rows without one: the commune's, or a usage error naming them
        found = match_village(village, commune_villages)
        if found is None:
            raise BinhdanError("import.no_village", value=village, villages=", ".join(commune_villages))
        village = found
    if progress:
        progress(0.15)
    parsed = parse_book(book, commune_villages, village, overrides, choices=village_choices,
                        loose_ok=accept_villages, names=names, dates=dates)
    file_encoding = book[0].encoding if len(book) == 1 else ""
    del book  # the plan holds what it needs
    if parsed.header_row < 0:
        raise BinhdanError("import.no_header", path=path.name)
    if not parsed.households and not parsed.problems and not parsed.examples:  # a header alone: nothing written
        raise BinhdanError("import.no_rows", path=path.name)
    _check_overrides(parsed, overrides)
    result = _result(parsed, dry_run)
    result.file_encoding = file_encoding
    if progress:
        progress(0.3)
    with db.read() as s:
        mark, matched = _mark(s), _plan(s, parsed, decisions, progress)
    _summarise(result, parsed, matched)
    return result, parsed, mark, matched


def _import(db: Database, path: Path, sheet: str | None, village: str | None, dry_run: bool,
            progress: Progress | None, columns: Mapping[ColumnKey, str | None] | None, decisions: Decisions | None,
            all_or_nothing: bool, village_choices: dict[str, str | None] | None,
            accept_villages: bool, names: dict[tuple[str, int], str] | None = None,
            dates: str | None = None) -> ImportResult:
    if progress:
        progress(0.0)
    with gc_paused():  # reading, parsing and planning make many small objects and no cycles to speak of
        result, parsed, mark, matched = _preview(db, path, sheet, village, dry_run, progress, columns, decisions,
                                                 village_choices, accept_villages, names, dates)
    nothing = not (result.households_created or result.households_updated)  # e.g. an unchanged file again
    if dry_run or (all_or_nothing and result.problems) or nothing:
        result.written = not dry_run and not (all_or_nothing and result.problems)  # done: no backup, no write
        if progress:
            progress(1.0)
        return result
    from binhdan_desktop.services.backup import auto_backup

    result.backup = auto_backup(db, "before-import")
    with db.write() as s, s.no_autoflush:
        if _mark(s) != mark:  # something was written since the plan was made: match again
            matched = _plan(s, parsed, decisions, None)
            _summarise(result, parsed, matched)
        if progress:
            progress(0.92)  # a cancel heard here or below (the callback raises) rolls the whole import back
        _write(s, matched)
        if progress:
            progress(1.0)  # the last report, still inside the transaction: none comes once it is committed
    result.written = True
    return result


def write_problems(result: ImportResult, path: Path) -> Path:
    """The preview's problems as a workbook (sheet, row, column, value, why), mode 0600: it names people."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from binhdan_desktop.fileio import atomic_path

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Lỗi")
    ws.append(["Trang tính / Sheet", "Dòng / Row", "Cột / Column", "Giá trị / Value", "Lý do / Why"])
    for p in result.problems:
        cells = []
        for v in (p.sheet, p.row or "", column_bilingual(p), p.value, p.bilingual()):
            c = WriteOnlyCell(ws, value=shown(v) if isinstance(v, str) else v)  # a BEL from the file: "\x07"
            if isinstance(v, str):
                c.data_type = "s"  # a value from the file is never written as a formula
            cells.append(c)
        ws.append(cells)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path).expanduser().absolute()


def write_template(path: Path) -> Path:
    """A workbook with the expected columns and an example household (code "MAU-01": skipped on import)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH VÀ NHÂN KHẨU"])
    ws.append([])
    headers = ["STT", "Mã hộ", "Họ và tên", "Ngày sinh (ngày/tháng/năm)", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD",
               "Số điện thoại", "Thôn", "Địa chỉ"]
    ws.append(headers)
    for c in ws[3]:
        c.font = Font(bold=True)
    # Example rows: the code "MAU-…" is never a real household's and the import skips it (and says so).
    ws.append([1, "MAU-01", "Nguyễn Văn An", "05/03/1961", "Nam", "Chủ hộ", "051061000123", "0912345678",
               "Thôn An Điềm", "Số 5, Xóm Đông"])
    ws.append([2, "MAU-01", "Trần Thị Bình", "1965", "Nữ", "Vợ", "", "", "Thôn An Điềm", "Số 5, Xóm Đông"])
    for i, width in enumerate((6, 12, 26, 14, 10, 18, 16, 14, 18, 24)):
        ws.column_dimensions[chr(65 + i)].width = width
    for row in ws.iter_rows(min_row=4):
        for c in row:
            c.number_format = "@"  # dates and numbers typed as text stay as typed
    from binhdan_desktop.fileio import atomic_path

    with atomic_path(path, private=False) as tmp:  # an example household only: no one's personal data
        wb.save(tmp)
    return path
