"""CSV and TXT as Excel and LibreOffice write them on Vietnamese Windows: the encoding (BOM, valid UTF-8,
UTF-16 "Unicode Text" by its BOM or NUL pattern, else cp1258, or cp1252 when the cp1258 reading puts tone marks on
consonants and the cp1252 one reads as better Vietnamese), the separator (`,` `;` or tab) and quoted fields with
commas and newlines; an unterminated quote is one problem row, never the rest of the file in one cell.
Text is handed on as decoded (no NFC yet): `legacy.decode_sheet` still needs the bytes a cp1258 cell came from."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path

from binhdan_desktop.importers.types import Cell, Problem, Sheet, has_error_text, msg

MAX_TEXT_BYTES = 64 * 1024 * 1024
CELL_MAX = 2000  # a field longer than this is kept cut short (no column takes more than 300): the row a problem
MAX_RECORD_LINES = 20  # a quoted field longer than this many lines is a quote left open
DELIMITERS = (",", ";", "\t")


def _undefined_as_latin1(err: UnicodeError) -> tuple[str, int]:
    """cp1258 leaves nine bytes undefined (0x81, 0x8A, …): keep them as the Latin-1 character of the byte, as a
    TCVN3 capital typed there (0x8A is É) must reach `legacy` intact."""
    assert isinstance(err, UnicodeDecodeError)
    return "".join(chr(b) for b in err.object[err.start:err.end]), err.end


codecs.register_error("binhdan-latin1", _undefined_as_latin1)


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name)."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    sample = raw[:4096]
    if len(sample) >= 4:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return raw.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return raw.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return code_page(raw)


# A tone mark (cp1258 writes tones as combining marks after the letter) after anything but a vowel without a tone:
# impossible in Vietnamese ("B́nh" is cp1252's "Bình", byte 0xEC, read as cp1258).
_TONE_AFTER = re.compile("(?<![aeiouyâêôăơưAEIOUYÂÊÔĂƠƯ])[\u0300\u0301\u0303\u0309\u0323]")
_SAMPLE_CHARS = 1 << 20  # the words scored when the two code pages must be weighed


def code_page(raw: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: Windows-1258 (Vietnamese Windows) unless its reading puts tone marks where no
    Vietnamese word has one and the Windows-1252 reading (an English Windows) reads as better Vietnamese words
    (legacy TCVN3/VNI bytes come through either unchanged: `legacy` maps them back to the bytes)."""
    text = raw.decode("cp1258", errors="binhdan-latin1")
    if not _TONE_AFTER.search(text):
        return text, "cp1258"
    other = raw.decode("cp1252", errors="binhdan-latin1")
    from binhdan_desktop.importers.legacy import MARGIN, vietnamese_score

    if vietnamese_score(other[:_SAMPLE_CHARS]) - vietnamese_score(text[:_SAMPLE_CHARS]) >= MARGIN:
        return other, "cp1252"
    return text, "cp1258"


def sniff_delimiter(lines: list[str], encoding: str) -> str:
    """The separator that splits the first lines into the same number of fields most often (UTF-16 "Unicode
    Text" is tab-separated whatever its name)."""
    sample = [ln for ln in lines[:60] if ln.strip()]
    if encoding.startswith("utf-16") and any("\t" in ln for ln in sample):
        return "\t"
    best, best_score = ",", -1
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(sample, delimiter=delim) if len(r) > 1]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) * mode
        if score > best_score:
            best, best_score = delim, score
    return best


def _records(lines: list[str], delimiter: str, width: int) -> Iterator[tuple[int, list[str] | None]]:
    """(first physical line, fields) per record; fields None for a record whose quote is never closed (that
    one line is reported, reading resumes on the next line: `_unquoted` reads that line's fields)."""
    start = 0
    while start < len(lines):
        reader = csv.reader(iter(lines[start:]), delimiter=delimiter, strict=True)
        consumed = 0
        try:
            for fields in reader:
                first = start + consumed
                span = reader.line_num - consumed
                consumed = reader.line_num
                if span > 1 and _quote_left_open(fields, delimiter, width, span):
                    yield first, None
                    start = first + 1
                    break
                yield first, fields
            else:
                return
        except csv.Error:
            yield start + consumed, None
            start = start + consumed + 1


def _quote_left_open(fields: list[str], delimiter: str, width: int, span: int) -> bool:
    """A multi-line field that swallowed whole records: too many lines, or lines that hold a row's separators."""
    if span > MAX_RECORD_LINES:
        return True
    need = max(2, width - 1)
    return any(ln.count(delimiter) >= need for f in fields if "\n" in f for ln in f.split("\n"))


def _unquoted(line: str, delimiter: str) -> list[str]:
    """The fields of a line whose quote is never closed, split at every separator with the quotes kept as typed: the
    row is a problem and never stored, but its cells still tell the household it belongs to (a head's row starts
    the next household; a member's is the one above's), so only that household waits for it."""
    return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])


def read_text(path: Path, max_rows: int) -> Sheet:
    """The file's one sheet. A field as long as the file itself is read (csv's own limit, 128 KB, would make a 5 MB
    cell a "broken file"): the row is then a problem of its own (`rows`: value too long), never the file's."""
    old = csv.field_size_limit(MAX_TEXT_BYTES)
    try:
        return _read_text(path, max_rows)
    finally:
        csv.field_size_limit(old)


def _read_text(path: Path, max_rows: int) -> Sheet:
    from binhdan_desktop.importers.reader import fail

    raw = path.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        raise fail(path, "too_large")
    text, encoding = decode(raw)
    lines = [ln + "\n" for ln in text.split("\n")]  # not splitlines(): a field may hold \x0b or \x1c
    if lines and lines[-1] == "\n":
        lines.pop()
    delimiter = sniff_delimiter(lines, encoding)
    width = max((len(r) for r in csv.reader([ln for ln in lines[:60] if ln.strip()], delimiter=delimiter)),
                default=1)
    rows: list[list[Cell]] = []
    problems: list[Problem] = []
    lengths: dict[tuple[int, int], int] = {}
    for line, fields in _records(lines, delimiter, width):
        if fields is None:
            problems.append(Problem.of(len(rows) + 1, "", msg("unbalanced_quote"), value=lines[line].strip()))
            # the line as typed is the problem's value; its fields lose the quote left open, so the row says
            # one thing (the quote), not a second "stray character «"»" in the name
            fields = [f.replace('"', "", 1) if f.count('"') % 2 else f for f in _unquoted(lines[line], delimiter)]
        while fields and not fields[-1].strip():
            fields.pop()
        if sum(map(len, fields)) > CELL_MAX:
            for j, f in enumerate(fields):
                if len(f) > CELL_MAX:
                    lengths[(len(rows), j)] = len(f)
                    fields[j] = f[:CELL_MAX]
        rows.append([Cell(f if f != "" else None) for f in fields])
        if len(rows) > max_rows:
            raise fail(path, "too_many_rows", n=max_rows)
    return Sheet(path.stem, rows, problems, encoding=encoding, delimiter=delimiter, lengths=lengths,
                 errors=has_error_text(text))
