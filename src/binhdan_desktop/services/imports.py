"""Import households and people from a spreadsheet: preview (dry run) or one transaction, with a backup
first. Importing the same file again updates instead of duplicating; visits and completions stay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from binhdan_desktop.domain.text import fold
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.importers.plan import HouseholdRows, Parsed, PersonRow, Problem, parse
from binhdan_desktop.importers.reader import read_rows
from binhdan_desktop.services.commune import require_commune, villages
from binhdan_desktop.services.households import next_code
from binhdan_desktop.store import changelog
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household, Person, new_id

Progress = Callable[[float], None]


@dataclass
class ImportResult:
    encoding: str
    header_row: int
    columns: dict[str, str]  # field -> header in the file
    households_created: int = 0
    households_updated: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    sample: list[tuple[str, str, str]] = field(default_factory=list)  # converted names for the preview
    headers: list[str] = field(default_factory=list)  # the header row as in the file
    backup: Path | None = None
    dry_run: bool = True


class _DryRun(Exception):
    pass


def _person_fields(p: PersonRow) -> dict[str, object]:
    values: dict[str, object] = {"full_name": p.full_name, "relation": p.relation}
    if p.birth_date or p.birth_year:
        values.update(birth_date=p.birth_date, birth_year=p.birth_year)
    if p.gender != "khac":
        values["gender"] = p.gender
    if p.cccd:
        values["cccd"] = p.cccd
    if p.phone:
        values["phone"] = "0" + p.phone[-9:]
    return values


@dataclass
class _Index:
    """What is already recorded, loaded once per import (no query per row)."""

    by_code: dict[str, Household]
    by_cccd: dict[str, Person]


def _index(s: Session) -> _Index:
    households = s.scalars(select(Household).where(Household.deleted.is_(False))).all()
    people = s.scalars(select(Person).where(Person.deleted.is_(False), Person.cccd.is_not(None))).all()
    return _Index({h.code_folded: h for h in households}, {p.cccd: p for p in people if p.cccd})


def _find_household(s: Session, ix: _Index, h: HouseholdRows, village_id: str) -> Household | None:
    if h.code:
        return ix.by_code.get(fold(h.code))
    head = h.people[0]
    if head.cccd and head.cccd in ix.by_cccd:
        found = ix.by_cccd[head.cccd]
        return s.get(Household, found.household_id) if isinstance(found, Person) else None
    q = (select(Household).join(Person, Person.household_id == Household.id)
         .where(Household.village_id == village_id, Household.deleted.is_(False), Person.deleted.is_(False),
                Person.name_folded == fold(head.full_name), Person.relation == "chu_ho"))
    if head.birth_year:
        q = q.where(Person.birth_year == head.birth_year)
    return s.scalars(q).first()


class _New:
    """A person this import creates: kept as the row to bulk-insert, matchable like a stored person."""

    def __init__(self, values: dict[str, object]) -> None:
        self.values = values

    @property
    def name_folded(self) -> str:
        return fold(str(self.values["full_name"]))

    @property
    def birth_year(self) -> object:
        return self.values.get("birth_year")


def _members(s: Session, household_id: str, created: bool) -> list[Person | _New]:
    if created:
        return []
    return list(s.scalars(select(Person).where(Person.household_id == household_id, Person.deleted.is_(False))))


def _find_person(ix: _Index, p: PersonRow, members: list[Person | _New]) -> Person | _New | None:
    if p.cccd and p.cccd in ix.by_cccd:
        return ix.by_cccd[p.cccd]
    name = fold(p.full_name)
    for m in members:
        if m.name_folded == name and (not p.birth_year or m.birth_year == p.birth_year):
            return m
    return None


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


def _update(person: Person | _New, values: dict[str, object]) -> bool:
    current = person.values if isinstance(person, _New) else {k: getattr(person, k) for k in values}
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if isinstance(person, _New):
        person.values.update(changed)
    else:
        for key, value in changed.items():
            setattr(person, key, value)
    return bool(changed)


def _household(s: Session, ix: _Index, batch: _Batch, h: HouseholdRows, village: object,
               result: ImportResult) -> tuple[str, bool]:
    household = _find_household(s, ix, h, village.id)  # type: ignore[attr-defined]
    if household is not None:
        if h.address and household.address != h.address:
            household.address = h.address
            result.households_updated += 1
        return household.id, False
    code = h.code or batch.code(s, village.sort_order)  # type: ignore[attr-defined]
    row = {"id": new_id(), "code": code, "village_id": village.id, "address": h.address}  # type: ignore[attr-defined]
    batch.households.append(row)
    ix.by_code[fold(code)] = Household(id=row["id"], code=code, code_folded=fold(code))
    result.households_created += 1
    return str(row["id"]), True


def _apply(s: Session, parsed: Parsed, result: ImportResult, progress: Progress | None) -> None:
    by_name = {v.name_folded: v for v in villages(s)}
    ix, batch = _index(s), _Batch()
    for i, h in enumerate(parsed.households):
        village = by_name.get(fold(h.village))
        if village is None:
            result.problems.append(Problem(h.people[0].row, "Thôn", f"không có thôn “{h.village}” trong xã"))
            continue
        household_id, created = _household(s, ix, batch, h, village, result)
        members = _members(s, household_id, created)
        for p in h.people:
            person = _find_person(ix, p, members)
            values = _person_fields(p)
            if person is None:
                new = _New({"id": new_id(), "household_id": household_id, **values})
                batch.people.append(new.values)
                members.append(new)
                if p.cccd:
                    ix.by_cccd[p.cccd] = new  # type: ignore[assignment]
                result.people_created += 1
                continue
            changed = _update(person, values)
            result.people_updated += changed
            result.people_unchanged += not changed
        if progress and i % 200 == 0:
            progress(i / max(1, len(parsed.households)))
    changelog.bulk_insert(s, Household, batch.households)
    changelog.bulk_insert(s, Person, batch.people)


def import_file(db: Database, path: Path, *, sheet: str | None = None, village: str | None = None,
                dry_run: bool = True, progress: Progress | None = None,
                columns: dict[str, str | None] | None = None) -> ImportResult:
    """Read, check and (unless dry_run) import `path` in one transaction; the preview and the real run
    give the same counts and problems."""
    rows = read_rows(Path(path), sheet)
    parsed = parse(rows, village)
    if columns:  # matched against the headers as shown (converted from TCVN3/VNI when needed)
        parsed = parse(rows, village, _overrides(parsed.headers, columns))
    if not any(c is not None and str(c).strip() for row in rows for c in row):
        raise BinhdanError("import.no_rows", path=Path(path).name)  # an empty sheet: nothing to look for
    if parsed.header_row < 0:
        raise BinhdanError("import.no_header", path=Path(path).name)
    if not parsed.households and not parsed.problems:  # a header and nothing under it: nothing is written
        raise BinhdanError("import.no_rows", path=Path(path).name)
    result = ImportResult(parsed.encoding, parsed.header_row + 1,
                          {k: parsed.headers[j] for k, j in parsed.mapping.items()},
                          problems=list(parsed.problems), dry_run=dry_run, headers=[h for h in parsed.headers if h])
    result.sample = [(h.village, p.full_name, str(p.birth_year or "")) for h in parsed.households[:5] for p in h.people]
    if not dry_run:
        from binhdan_desktop.services.backup import auto_backup

        result.backup = auto_backup(db, "before-import")
    try:
        with db.write() as s, s.no_autoflush:
            require_commune(s)
            _apply(s, parsed, result, progress)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _overrides(headers: list[str], columns: dict[str, str | None]) -> dict[str, int | None]:
    """The user's corrections, by header text (as shown) -> column index."""
    from binhdan_desktop.importers.plan import ALIASES

    out: dict[str, int | None] = {}
    for key, text in columns.items():
        if key not in ALIASES:
            raise BinhdanError("validation.invalid", field="column", value=key)
        if text is None or text == "":
            out[key] = None
        elif text in headers:
            out[key] = headers.index(text)
        else:
            raise BinhdanError("validation.invalid", field="column", value=text)
    return out


def write_template(path: Path) -> Path:
    """A workbook with the expected columns and an example household."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH VÀ NHÂN KHẨU"])
    ws.append([])
    headers = ["STT", "Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD",
               "Số điện thoại", "Thôn", "Địa chỉ"]
    ws.append(headers)
    for c in ws[3]:
        c.font = Font(bold=True)
    ws.append([1, "T01-0001", "Nguyễn Văn An", "05/03/1961", "Nam", "Chủ hộ", "051061000123", "0912345678",
               "Thôn An Điềm", "Số 5, Xóm Đông"])
    ws.append([2, "T01-0001", "Trần Thị Bình", "1965", "Nữ", "Vợ", "", "", "Thôn An Điềm", "Số 5, Xóm Đông"])
    for i, width in enumerate((6, 12, 26, 14, 10, 18, 16, 14, 18, 24)):
        ws.column_dimensions[chr(65 + i)].width = width
    for row in ws.iter_rows(min_row=4):
        for c in row:
            c.number_format = "@"  # dates and numbers typed as text stay as typed
    from binhdan_desktop.fileio import atomic_path

    with atomic_path(path, private=False) as tmp:  # an example household only: no one's personal data
        wb.save(tmp)
    return path
