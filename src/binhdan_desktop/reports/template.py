"""The province's own form: a workbook whose cells hold placeholders (`{{adults_basic.rate}}`,
`{{adults_basic@Thôn Phước Lộc.numerator}}`, `{{period}}` …; the grammar is in docs/report-templates.md),
checked like an imported file (size, zip bomb, DOCTYPE, password), then filled from plain values and saved
atomically. Every placeholder is checked before anything is written: an unknown one names its cell."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from binhdan_desktop.domain.formatting import fmt_date, fmt_int, fmt_pct
from binhdan_desktop.domain.text import fold
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.reports.files import atomic_target, save_workbook

MAX_FILE_BYTES = 20 * 1024 * 1024  # a form is a few sheets; an importer's 200 MB would be loaded whole here
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_RATIO = 200  # a member that inflates more than this is a zip bomb (as the importer)
MAX_CELLS = 2_000_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected .xlsx (or an .xls)

FIELDS = ("numerator", "denominator", "rate", "target", "met", "gap", "name")
GLOBALS = ("commune", "province", "village", "period", "as_of", "year", "signer")
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_REF = re.compile(r"^(?P<code>[a-z][a-z0-9_]*)(?:@(?P<village>[^.{}]+))?\.(?P<field>[a-z_]+)$")
MET = {True: "Đạt", False: "Chưa đạt", None: "–"}
COMMUNE = fold("Toàn xã")  # "@Toàn xã" names the commune even when another village is the default


@dataclass(frozen=True)
class Ref:
    """What a placeholder names: a global (`code` only) or an indicator's field at a village (its folded name;
    None: the default place; "": the commune)."""

    code: str
    village: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Figures:
    """The values a template can ask for: globals by name, and per (indicator code, folded village name or None
    for the commune) a mapping of FIELDS. `default_village` is where a reference without "@" points."""

    globals: Mapping[str, object]
    indicators: Mapping[tuple[str, str | None], Mapping[str, object]]
    default_village: str | None = None


def bad_file(path: Path, reason: str, **params: object) -> BinhdanError:
    return BinhdanError("template.bad_file", path=path.name, reason=("import.file." + reason, params))


def check_file(path: Path) -> None:
    """Refuse what is not a plain, sane .xlsx before openpyxl opens it (it reads a workbook whole)."""
    if not path.is_file():
        raise bad_file(path, "not_found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise bad_file(path, "too_large")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise bad_file(path, "password")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise bad_file(path, "not_a_sheet") from exc
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if any(i.file_size > MAX_RATIO * max(i.compress_size, 1) + 1_000_000 for i in infos):
            raise bad_file(path, "zip_bomb")
        if total > MAX_UNZIPPED:
            raise bad_file(path, "too_large")
        if "xl/workbook.xml" not in zf.namelist():
            raise bad_file(path, "not_a_sheet")
        for info in infos:
            if info.filename.endswith((".xml", ".rels", ".vml")):
                _check_xml(path, zf, info)


_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_xml(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with zf.open(info) as fh:
        head = fh.read(65536)
    root = _ROOT.search(head)
    prolog = (head[:root.start()] if root else head).upper()
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise bad_file(path, "doctype")


def parse(text: str, cell: str) -> Ref:
    """`{{…}}`'s inside as a Ref, or the one-line error naming the cell."""
    inner = text.strip()
    if inner in GLOBALS:
        return Ref(inner)
    found = _REF.match(inner)
    if not found or found["field"] not in FIELDS:
        raise BinhdanError("template.unknown", cell=cell, name=f"{{{{{text}}}}}")
    village = fold(found["village"].strip()) if found["village"] else None
    return Ref(found["code"], "" if village == COMMUNE else village, found["field"])


def lookup(ref: Ref, figures: Figures, cell: str, raw: str) -> object:
    if ref.field is None:
        return figures.globals.get(ref.code)
    village = ref.village if ref.village is not None else figures.default_village
    values = figures.indicators.get((ref.code, village or None))  # "": "@Toàn xã", the commune
    if values is None:
        raise BinhdanError("template.unknown", cell=cell, name=f"{{{{{raw}}}}}")
    return values.get(ref.field)


def as_text(value: object, field: str | None) -> str:
    """A value inside a line of text, as the reports print it ("36,2 %", "1.217", "31/12/2026")."""
    if value is None:
        return "–" if field in ("rate", "target") else ""
    if field == "met" or isinstance(value, bool):
        return MET.get(value, str(value))  # type: ignore[call-overload]
    if field in ("rate", "target") and isinstance(value, float):
        return fmt_pct(value, digits=0 if field == "target" else 1)
    if isinstance(value, int):
        return fmt_int(value) if field else str(value)
    if isinstance(value, dt.date):
        return fmt_date(value)
    return str(value)


def _cells(wb: Any) -> Iterator[tuple[str, Any]]:
    count = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                count += 1
                if count > MAX_CELLS:
                    raise BinhdanError("template.too_many_cells", n=MAX_CELLS)
                if isinstance(c.value, str) and "{{" in c.value and c.data_type != "f":
                    yield f"{ws.title}!{c.coordinate}", c


def _plan(wb: Any, figures: Figures) -> list[tuple[Any, object, str | None]]:
    """Every placeholder cell with its new value (and the number format it needs): all checked, none written."""
    plan = []
    for name, c in _cells(wb):
        text: str = c.value
        if text.count("{{") != len(PLACEHOLDER.findall(text)):
            raise BinhdanError("template.unknown", cell=name, name=text[text.index("{{"):][:60])
        whole = PLACEHOLDER.fullmatch(text.strip())
        if whole:
            ref = parse(whole[1], name)
            value = lookup(ref, figures, name, whole[1])
            plan.append((c, *_typed(value, ref.field)))
            continue
        parts: list[str] = []
        pos = 0
        for m in PLACEHOLDER.finditer(text):
            ref = parse(m[1], name)
            parts += [text[pos:m.start()], as_text(lookup(ref, figures, name, m[1]), ref.field)]
            pos = m.end()
        plan.append((c, "".join([*parts, text[pos:]]), None))
    return plan


def _typed(value: object, field: str | None) -> tuple[object, str | None]:
    """A cell that is one placeholder gets a number (percent format for a rate) or a date, so the form's own
    sums and formulas over it work; a verdict and names stay text."""
    if field == "met":
        return MET.get(value, ""), None  # type: ignore[call-overload]
    if field in ("rate", "target"):
        return value, "0.0%" if field == "rate" else "0%"
    if isinstance(value, dt.date):
        return value, "dd/mm/yyyy"
    if isinstance(value, int) and not isinstance(value, bool):
        return value, "#,##0"
    return ("" if value is None else str(value)), None


def fill(template: Path, target: Path, figures: Figures, progress: Callable[[float], None] | None = None,
         day: dt.date | None = None) -> int:
    """Fill `template`'s placeholders into a copy at `target`; returns how many cells were filled. The copy's
    times are `day`'s (default today): filled twice from the same data, the same bytes."""
    from openpyxl import load_workbook

    check_file(template)
    try:
        wb = load_workbook(template, rich_text=False, keep_links=False)
    except (KeyError, ValueError, TypeError, IndexError, zipfile.BadZipFile, OSError) as exc:
        raise bad_file(template, "unreadable") from exc
    plan = _plan(wb, figures)
    for c, value, number_format in plan:
        general = c.number_format == "General"  # the form's own format wins; openpyxl sets one for dates
        c.value = value
        if isinstance(value, str):
            c.data_type = "s"  # a commune's or village's name is never a formula, whatever it starts with
        if number_format and general:
            c.number_format = number_format
    with atomic_target(target) as tmp:
        save_workbook(wb, tmp, dt.datetime.combine(day or dt.date.today(), dt.time()))
        if progress:
            progress(1.0)
    return len(plan)
