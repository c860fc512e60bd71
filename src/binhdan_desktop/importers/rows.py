"""One sheet's rows read through its header: what kind of row each is (a person, a total, the footer …)
and a person's values, each problem recorded against the sheet, row and column as in the file."""

from __future__ import annotations

import datetime as dt
import re

from binhdan_desktop.domain.enums import Gender, Relation
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.importers.cells import EMPTY, column_letter
from binhdan_desktop.importers.layout import (
    Columns,
    is_footer,
    is_numbered_row,
    is_total,
    may_not_be_a_person,
    not_a_person,
)
from binhdan_desktop.importers.records import PersonRow
from binhdan_desktop.importers.types import Cell, Msg, Problem, Sheet, Value, is_error, msg
from binhdan_desktop.importers.values import (
    YOUNGER_THAN_HEAD,
    by_head_year,
    cached_fold,
    clean_name,
    clean_text,
    identity,
    order_named,
    order_of,
    order_unsure,
    parse_birth,
    phone,
    reads_both_ways,
    reads_only,
    shown,
    two_digit_readings,
)
from binhdan_desktop.importers.villages import is_village_like

_R = Relation
RELATIONS: dict[str, Relation] = {
    **dict.fromkeys(("chu ho", "ch", "chu ho (ch)", "chuho", "c.ho", "c/h", "la chu ho"), _R.HEAD),
    **dict.fromkeys(("vo", "chong", "vo/chong", "vo chong", "vo (chong)"), _R.SPOUSE),
    **dict.fromkeys(("con", "con trai", "con gai", "con ruot", "con nuoi", "con de", "con rieng", "con chu ho"),
                    _R.CHILD),
    **dict.fromkeys(("cha", "me", "bo", "cha/me", "bo/me", "cha de", "me de", "bo de", "cha ruot", "me ruot",
                     "bo ruot", "ma", "u", "thay"), _R.PARENT),
    **dict.fromkeys(("chau", "chau noi", "chau ngoai", "chau ruot", "chau trai", "chau gai"), _R.GRANDCHILD),
    **dict.fromkeys(("anh", "chi", "em", "anh ruot", "chi ruot", "em ruot", "anh trai", "chi gai", "em trai", "em gai",
                     "anh/chi/em", "anh em", "chi em"), _R.SIBLING),
    **dict.fromkeys(("con dau", "con re", "dau", "re"), _R.CHILD_IN_LAW),
    # Recognised, with no closer code in the model: grandparents, in-laws, other kin, lodgers.
    **dict.fromkeys(("ong", "ba", "ong noi", "ba noi", "ong ngoai", "ba ngoai", "cu", "chat", "chat noi",
                     "chat ngoai", "me vo", "me chong", "bo vo", "bo chong", "cha vo", "cha chong", "chi dau", "em dau",
                     "anh re", "em re", "co", "di", "chu", "bac", "cau", "thim", "mo", "duong", "chau ho", "ho hang",
                     "o nho", "o cung", "nguoi o cung", "nguoi than", "khac", "khong"), _R.OTHER),
}
_GENDERS = {"nam": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE, "trai": Gender.MALE, "nu": Gender.FEMALE,
            "f": Gender.FEMALE, "female": Gender.FEMALE, "gai": Gender.FEMALE}
UNKNOWN = ""  # a gender or relation the file does not give: stored blank, shown as not known (never "khac")
_NUMBERED_CELL = re.compile(r"\(?\s*\d{1,2}\s*\)?")
# Replacement characters, controls and (touching a letter) "?": what a decoder left for a character it could not map;
# and a tone mark left alone after NFC (on a consonant: "B́nh", a code page read wrong), which no Vietnamese word has.
_LOST = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u0300\u0301\u0303\u0309\u0323]|(?<=\\w)\\?|\\?(?=\\w)")
_LOST_IN_NAME = re.compile("[\ufffd?]")  # a name holds no "?" at all (its control characters: `clean_name`)
_NAME_KEYS = ("full_name", "given_name", "head_name")
_STORED_TEXT = (*_NAME_KEYS, "address", "household_code", "village")
# The longest value each column takes (the stored field's size); any other column's cell: DEFAULT_LIMIT. A longer
# cell (a 5 MB paste in a CSV) is a problem on its row, shown cut short, never stored.
LIMITS = {"full_name": 200, "given_name": 200, "head_name": 200, "address": 300, "household_code": 50,
          "village": 200}
DEFAULT_LIMIT = 200
_SHORTEST = min(LIMITS.values())
_PEOPLE_FIELDS = ("birth", "birth_nam", "birth_nu", "gender", "gender_nam", "gender_nu", "relation", "cccd",
                  "phone")


def _numbered(text: str) -> bool:
    """A cell of the numbered-columns row ("(3)", "12"): `text` is trimmed, so it ends in a digit or ")" (the
    regex is tried only then)."""
    return (text[-1].isdigit() or text[-1] == ")") and _NUMBERED_CELL.fullmatch(text) is not None


class _Blank:
    """The column of a field the sheet has no column for: every row `blank`."""

    def __init__(self, blank: str | None) -> None:
        self.blank = blank

    def __getitem__(self, i: int) -> str | None:
        return self.blank

    def __len__(self) -> int:
        return 0


class RowReader:
    """Reads rows of one sheet; problems go to the shared list, flagged rows are remembered."""

    def __init__(self, sheet: Sheet, cols: Columns, label: str, today: dt.date, problems: list[Problem],
                 dates: str | None = None) -> None:
        self.sheet, self.cols, self.label, self.today = sheet, cols, label, today
        self.dates = dates  # the user's day/month order ("dmy", "mdy") for a column the file leaves open; None: none
        self.problems = problems
        self.flagged: set[int] = set()
        # Rows whose two-digit year both centuries fit, waiting for their household's head (`decide_year`):
        # row -> (field, the problem, the plausible readings).
        self.undecided_years: dict[int, tuple[str, Msg, list[tuple[dt.date | None, int]]]] = {}
        self._reported: set[tuple[int, str]] = set()
        self._said: set[tuple[int, str, str]] = set()
        self._texts: dict[str, str] = {}  # a cell's text -> cleaned (cells repeat: "Nam", "Chủ hộ", a village)
        self._long: set[str] = set()  # cell texts longer than the shortest limit (seen once each, when cleaned)
        # A mapped column's cells, read once for the whole sheet (`value`, `text`): row -> value, and row -> the
        # cleaned text, None where `text` must look at the cell itself (a formula without its value, too long).
        self._values: dict[str, list[Value] | _Blank] = {}
        self._cleaned: dict[str, list[str | None] | _Blank] = {}
        self._marked: dict[str, bool] = {}  # a cleaned text -> a totals' or the footer's (`layout.not_a_person`)
        self._codes: dict[tuple[str, str], str] = {}  # (key, cleaned text) -> its relation or gender code, "" if none
        self._births: dict[tuple[Value, str, str], tuple[dt.date | None, int | None, Msg | None]] = {}
        header = sheet.rows[cols.header_row:cols.last_row + 1]
        self._header_texts = {t for r in header for t in (clean_text(c.value) for c in r) if t}
        births = [k for k in ("birth", "birth_nam", "birth_nu") if k in cols.mapping]
        mapped = cols.mapping.__contains__  # the keys below, only where the sheet has the column
        self._name_keys = [k for k in ("full_name", "head_name") if mapped(k)]
        self._data_keys = [k for k in ("birth", "birth_nam", "birth_nu", "relation") if mapped(k)]
        self._data_columns = [cols.mapping[k] for k in self._data_keys]
        self._related: dict[str, bool] = {}  # a relation cell as written -> a word of RELATIONS
        self._data_texts: dict[str, tuple[bool, bool]] = {}  # a birth or relation text -> (filled, `_marks`)
        self._split_births = [k for k in ("birth_nam", "birth_nu") if mapped(k)]
        self._has_phone = mapped("phone")
        self._gender_marks = [k for k in ("gender_nam", "gender_nu") if mapped(k)]
        self._lost_columns = self._with_lost()
        self._error_columns = self._with_errors() if sheet.errors else []
        self._names: dict[str, tuple[str, Msg | None]] = {}  # a name cell's text -> cleaned (names repeat)
        self.notes: list[Msg] = []  # said once for the sheet (a column's day/month order answered by the user)
        self.open_orders: list[str] = []  # the date columns whose day/month order the file leaves to the user
        self.orders: dict[str, str] = {k: self._order(k) for k in births}

    # --- cells ----------------------------------------------------------------------------------------
    def cell(self, i: int, key: str) -> Cell:
        j = self.cols.mapping.get(key)
        row = self.sheet.rows[i]
        return row[j] if j is not None and j < len(row) else EMPTY

    def value(self, i: int, key: str) -> Value:
        try:
            column = self._values[key]
        except KeyError:
            column = self._values[key] = self._value_column(key)
        v = column[i]
        if v is None:
            return self._value_of_cell(i, key)  # a formula saved without its value is a problem
        return v

    def _column(self, key: str) -> list[Value]:
        """The values of a mapped column, row by row (None where a row is shorter)."""
        column = self._values.get(key)
        if column is None:
            column = self._values[key] = self._value_column(key)
        assert isinstance(column, list)
        return column

    def _value_column(self, key: str) -> list[Value] | _Blank:
        j = self.cols.mapping.get(key)
        if j is None:
            return _Blank(None)
        return [r[j].value if j < len(r) else None for r in self.sheet.rows]

    def _value_of_cell(self, i: int, key: str) -> Value:
        j = self.cols.mapping.get(key)
        row = self.sheet.rows[i]
        if j is None or j >= len(row):
            return None
        cell = row[j]
        if cell.value is None and cell.formula and (i, key) not in self._reported:
            self._reported.add((i, key))
            self.problem(i, key, msg("formula_unsaved", formula=cell.formula))
        return cell.value

    def text(self, i: int, key: str) -> str:
        try:
            column = self._cleaned[key]
        except KeyError:
            column = self._cleaned[key] = self._text_column(key)
        found = column[i]
        return found if found is not None else self._text_of_cell(i, key)

    def _text_column(self, key: str) -> list[str | None] | _Blank:
        """`text` of every row of the column, as `_text_of_cell` gives it; None where it must be asked (a formula
        without its value, a text longer than the column takes: their problems)."""
        j = self.cols.mapping.get(key)
        if j is None:
            return _Blank("")
        texts, limit = self._texts, LIMITS.get(key, DEFAULT_LIMIT)
        out: list[str | None] = []
        for row in self.sheet.rows:
            cell = row[j] if j < len(row) else EMPTY
            v = cell.value
            if type(v) is str:
                found = texts.get(v)
                if found is None:
                    found = texts[v] = clean_text(v)
                    if len(found) > _SHORTEST:
                        self._long.add(v)
                out.append(found if len(found) <= limit else None)
            elif v is None:
                out.append(None if cell.formula else "")
            else:
                out.append(clean_text(v))
        return out

    def _text_of_cell(self, i: int, key: str) -> str:
        j = self.cols.mapping.get(key)
        row = self.sheet.rows[i]
        if j is None or j >= len(row):
            return ""
        v = row[j].value
        if type(v) is not str:
            return clean_text(self.value(i, key))
        found = self._texts.get(v)
        if found is None:
            found = self._texts[v] = clean_text(v)
            if len(found) > _SHORTEST:
                self._long.add(v)
        if self._long and v in self._long:
            limit = LIMITS.get(key, DEFAULT_LIMIT)
            if len(found) > limit:
                self.problem(i, key, self._too_long(i, key, len(found)))
                return found[:limit] + "…"  # the row is flagged; what the preview shows stays short
        return found

    def _too_long(self, i: int, key: str, n: int) -> Msg:
        j = self.cols.mapping[key]
        n = self.sheet.lengths.get((i, j), n)  # a cell the reader cut short: its length in the file
        return msg("too_long", cell=f"{column_letter(j)}{i + 1}", n=n, max=LIMITS.get(key, DEFAULT_LIMIT))

    def problem(self, i: int, key: str, why: Msg, flag: bool = True) -> None:
        """A problem of row `i` (0-based) in the column of `key`; `flag` False when it is about the household
        as a whole (no head, two heads), not this row's values."""
        said = (i, why.code, key)
        if said in self._said:
            return
        self._said.add(said)
        cell = self.cell(i, key) if key else None
        override = None
        if cell is not None and is_error(cell.value) and why.code != "import.formula_error":
            override = self._formula_error(i, key)  # whatever the value would be refused for, the formula failed
        elif cell is not None and type(cell.value) is str and len(cell.value) > LIMITS.get(key, DEFAULT_LIMIT) \
                and why.code != "import.too_long" and len(clean_text(cell.value)) > LIMITS.get(key, DEFAULT_LIMIT):
            override = self._too_long(i, key, len(clean_text(cell.value)))  # the length first: nothing else
        if override is not None:
            why, said = override, (i, override.code, key)
            if said in self._said:
                return
            self._said.add(said)
        value = cell.formula if cell is not None and cell.value is None else cell.value if cell else None
        if type(value) is str and len(value) > DEFAULT_LIMIT:
            value = value[:DEFAULT_LIMIT] + "…"  # a 5 MB cell is not copied into the problem list
        self.problems.append(Problem.of(i + 1, self.cols.label(key) if key else "", why, self.label, value))
        if flag:
            self.flagged.add(i)

    def _formula_error(self, i: int, key: str) -> Msg:
        """ "ô C7: lỗi công thức #N/A": the cell by its letters and row, as the spreadsheet names it."""
        cell = f"{column_letter(self.cols.mapping[key])}{i + 1}"
        return msg("formula_error", cell=cell, error=self.cell(i, key).value)

    def _with_errors(self) -> list[str]:
        """The mapped columns holding any formula error (#N/A, #REF! …) below the header: each row's cell there is
        checked (`formula_errors`); most sheets have none, and then nothing is looked at."""
        rows = self.sheet.rows[self.cols.last_row + 1:]
        return [key for key, j in self.cols.mapping.items()
                if any(is_error(r[j].value) for r in rows if j < len(r))]

    def formula_errors(self, i: int) -> None:
        """A formula's error in any cell the row is read from is a problem naming the cell, never an empty value."""
        for key in self._error_columns:
            if is_error(self.cell(i, key).value):
                self.problem(i, key, self._formula_error(i, key))

    def _order(self, key: str) -> str:
        """The column's day/month order: decided by its dates with a number above 12 (the user's `dates` contrary to
        them is an error naming the first such cell); when none decides and some date reads differently either way,
        the user's answer, else "unsure" (one problem for the column, and each such date a problem on its row). A
        column whose dates read the same either way (05/05/1970, 1970, date cells) has nothing to answer."""
        j = self.cols.mapping[key]
        column = self._column(key)[self.cols.last_row + 1:]
        label = self.cols.label(key)
        named = order_named(label)
        if named is not None and self.dates is None:  # the header names its order: it wins over the cells (a cell
            self.notes.append(msg("dates_named_" + named, column=label))  # contrary to it is its row's problem)
            return named
        order, trouble = order_of(column)
        if trouble:
            self.problems.append(Problem.of(self.cols.last_row + 1, label, trouble, self.label))
            return order
        if order_unsure(column):
            self.open_orders.append(label)
            if self.dates is None:
                example = next(v for v in column if reads_both_ways(v))
                self.problems.append(Problem.of(self.cols.last_row + 1, label, msg(
                    "dates_ambiguous", column=label, text=clean_text(example)), self.label))
                return "unsure"
            self.notes.append(msg("dates_answered_" + self.dates, column=label))
            return self.dates
        if self.dates is not None and self.dates != order and any(reads_only(v) for v in column):
            raise self._contrary(j, label, order)
        return order

    def _contrary(self, j: int, label: str, order: str) -> BinhdanError:
        """`dates` answered against the file: the first cell whose date reads only the file's way, by its letters."""
        for i in range(self.cols.last_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[i]
            v = row[j].value if j < len(row) else None
            if reads_only(v) == order:
                where = (f"trang “{self.label}”, ", f"sheet “{self.label}”, ") if self.label else ("", "")
                return BinhdanError("import.dates_contrary", dates=(f"import.order.{self.dates}", {}),
                                    cell=f"{column_letter(j)}{i + 1}", value=clean_text(v), column=label,
                                    where=where[0], where_en=where[1])
        raise AssertionError("a deciding cell was counted")  # order_of found one

    # --- kinds of rows --------------------------------------------------------------------------------
    def kind(self, i: int) -> str:
        """"person", "noname" (data without a name), "skip" (blank, numbered, total, the header repeated),
        "section" (a village title inside the list) or "stop" (the footer: nothing below it is a person)."""
        names = [self.text(i, k) for k in self._name_keys]
        if any(n in self._header_texts for n in names if n):
            return "skip"  # the header repeated inside the list (pasted pages)
        present, marked, related = self._data(i)
        if any(names) and present and not marked and not any(_numbered(n) for n in names if n) and (
                related or not any(may_not_be_a_person(n) and self._marks(n) for n in names)):
            return "person"  # the common case, decided without looking at every cell
        data = [t for t in (self.text(i, k) for k in self._data_keys) if t]
        row = [c.value for c in self.sheet.rows[i]]
        filled = [j for j, v in enumerate(row) if clean_text(v)]
        if not filled:
            return "skip" if not any(c.formula for c in self.sheet.rows[i]) else self._names_kind(i)
        name_cols = {self.cols.mapping[k] for k in ("full_name", "head_name") if k in self.cols.mapping}
        if is_numbered_row(row):
            return "skip"
        # A birth or relation cell holding the date line, a signer's title or a count is the footer's or the
        # totals', not a person's data (the date line under the right-hand signer may fall in any column). The
        # footer is told before a village section row: "Thôn trưởng" alone on its row is a signer's title.
        has_people_data = any(not self._marks(t) for t in data)
        named = any(n and not self._marks(n) for n in names)  # "Lê Văn A" born "ngày 12 tháng 3 năm 1975"
        if is_footer(row) and not has_people_data and not named:
            return "stop"
        if len(filled) == 1 and filled[0] not in name_cols and is_village_like(clean_text(row[filled[0]])):
            return "section"
        given = self.cols.mapping.get("given_name")
        if is_total([v for j, v in enumerate(row) if j != given]):
            return "skip"
        return self._names_kind(i)

    def _data(self, i: int) -> tuple[bool, bool, bool]:
        """Of the row's birth and relation cells: any filled; any a totals' or the footer's (`_marks`); the relation a
        word of `RELATIONS` (then the row is a person's whatever its name says). Cheap: a date or number is never a
        totals' or the footer's, a text only when `may_not_be_a_person` lets it, relation words are remembered."""
        row = self.sheet.rows[i]
        present = marked = False
        for j in self._data_columns:
            v = row[j].value if j < len(row) else None
            if v is None:
                continue
            if type(v) is not str:
                present = present or bool(clean_text(v))
                continue
            seen = self._data_texts.get(v)
            if seen is None:  # once per text (a column repeats its dates and relations)
                text = self._texts.get(v)
                if text is None:
                    text = self._texts[v] = clean_text(v)
                filled = bool(text)
                seen = self._data_texts[v] = (filled, filled and may_not_be_a_person(text) and self._marks(text))
            present = present or seen[0]
            marked = marked or seen[1]
        r = self.cols.mapping.get("relation")
        v = row[r].value if r is not None and r < len(row) else None
        related = type(v) is str and self._relation_word(v)
        return present, marked, related

    def _relation_word(self, value: str) -> bool:
        found = self._related.get(value)
        if found is None:
            found = self._related[value] = cached_fold(clean_text(value)).strip(" .") in RELATIONS
        return found

    def _marks(self, text: str) -> bool:
        """`text` (a cell's cleaned text) is one only a totals row or the footer holds; remembered per text (a
        name is first tried with `may_not_be_a_person`, and then rarely remembered)."""
        found = self._marked.get(text)
        if found is None:
            found = self._marked[text] = not_a_person(text)
        return found

    def _names_kind(self, i: int) -> str:
        if any(self.value(i, k) is not None or self.cell(i, k).formula
               for k in ("full_name", "head_name", "given_name") if k in self.cols.mapping):
            return "person"
        return "noname" if any(self.text(i, k) for k in _PEOPLE_FIELDS) else "skip"

    def section(self, i: int) -> str:
        return next(t for t in (clean_text(c.value) for c in self.sheet.rows[i]) if t)

    def no_name(self, i: int) -> None:
        self.problem(i, "full_name", msg("no_name"))

    # --- a person -------------------------------------------------------------------------------------
    def name(self, i: int, key: str) -> str:
        if key not in self.cols.mapping:
            return ""
        value = self.value(i, key)
        if type(value) is str:
            try:
                name, trouble = self._names[value]
            except KeyError:
                name, trouble = self._names[value] = clean_name(value)
        else:
            name, trouble = clean_name(value)
        if trouble:
            self.problem(i, key, trouble)
        if key == "full_name" and "given_name" in self.cols.mapping:
            given, trouble = clean_name(self.value(i, "given_name"))
            if trouble:
                self.problem(i, "given_name", trouble)
            name = f"{name} {given}".strip()
        if len(name) > LIMITS["full_name"]:
            self.problem(i, key, self._too_long(i, key, len(name)))
            return name[:LIMITS["full_name"]] + "…"  # flagged: never stored; the preview shows it cut short
        return name

    def relation(self, i: int) -> str | None:
        """The relation code of the row's "Quan hệ" cell; None when blank or when there is no such column (the
        grouping then decides: the head's row is "chu_ho", the others' relation is left UNKNOWN)."""
        text = self.text(i, "relation")
        if not text:
            return None
        code = self._codes.get(("relation", text))
        if code is None:  # once per text
            folded = cached_fold(text).strip(" .")
            found = RELATIONS.get(folded) or RELATIONS.get(folded.split(" (")[0].strip())
            code = self._codes["relation", text] = found.value if found is not None else ""
        if not code:
            self.problem(i, "relation", msg("bad_relation", text=text))
            return Relation.OTHER.value
        return code

    def person(self, i: int, full_name: str, relation: str) -> PersonRow:
        born, year, gender = self._birth_and_gender(i, relation)
        cccd, trouble = identity(self.value(i, "cccd"))
        if trouble:
            self.problem(i, "cccd", trouble)
        tel, trouble = phone(self.value(i, "phone")) if self._has_phone else (None, None)
        if trouble:
            self.problem(i, "phone", trouble)
        self._lost_characters(i)
        if self._error_columns:
            self.formula_errors(i)
        return PersonRow(i + 1, full_name, born, year, gender, relation, cccd, tel, self.label)

    def _lost_characters(self, i: int) -> None:
        """A stored text holding what a decoder could not map ("Nguy?n", "�") is a problem, never stored."""
        row = self.sheet.rows[i]
        for key, j, lost in self._lost_columns:
            v = row[j].value if j < len(row) else None
            if type(v) is str and lost.search(v):
                self.problem(i, key, msg("lost_chars", column=self.cols.label(key), text=shown(v)))

    def _with_lost(self) -> list[tuple[str, int, re.Pattern[str]]]:
        """The stored-text columns holding any lost character, found with one search per column (most have none,
        and then no row is looked at again)."""
        below = self.cols.last_row + 1
        out = []
        for key in _STORED_TEXT:
            j = self.cols.mapping.get(key)
            if j is None:
                continue
            lost = _LOST_IN_NAME if key in _NAME_KEYS else _LOST
            texts = {v for v in self._column(key)[below:] if type(v) is str}  # each text once
            if lost.search("\n".join(texts)):
                out.append((key, j, lost))
        return out

    def _birth_and_gender(self, i: int, relation: str) -> tuple[dt.date | None, int | None, str]:
        gender = self._gender(i)
        key = "birth"
        split = [k for k in self._split_births if self.text(i, k)] if self._split_births else ()
        if len(split) == 2:
            self.problem(i, "birth_nam", msg("birth_both"))
            return None, None, gender
        if split:
            key = split[0]
            gender = Gender.MALE.value if key == "birth_nam" else Gender.FEMALE.value
        if key not in self.cols.mapping:
            return None, None, gender
        value = self.value(i, key)
        memo = (value, self.orders.get(key, "dmy"), relation)
        try:
            born, year, trouble = self._births[memo]
        except KeyError:
            born, year, trouble = self._births[memo] = parse_birth(value, self.today, memo[1], relation)
        except TypeError:  # an unhashable value (never from our readers)
            born, year, trouble = parse_birth(value, self.today, memo[1], relation)
        if trouble and trouble.code == "import.two_digit_year" and relation in YOUNGER_THAN_HEAD:
            self.undecided_years[i] = (key, trouble, two_digit_readings(value, self.today, memo[1], relation))
        elif trouble:
            self.problem(i, key, trouble)
        return born, year, gender

    def decide_year(self, p: PersonRow, head_year: int | None) -> None:
        """A row's two-digit year that both centuries fit: the one its head's birth year allows (`by_head_year`),
        else the row's problem as `parse_birth` said it."""
        key, trouble, readings = self.undecided_years.pop(p.row - 1)
        found = by_head_year(readings, p.relation, head_year)
        if found is None:
            self.problem(p.row - 1, key, trouble)
        else:
            p.birth_date, p.birth_year = found

    def _gender(self, i: int) -> str:
        """"nam" or "nu" as the row says; UNKNOWN ("") when it says nothing (no column, a blank cell) — never
        "khac", which would be a guess."""
        marks = [k for k in self._gender_marks if self.text(i, k)] if self._gender_marks else ()
        if len(marks) == 2:
            self.problem(i, "gender_nam", msg("gender_both"))
            return UNKNOWN
        if marks:
            return Gender.MALE.value if marks[0] == "gender_nam" else Gender.FEMALE.value
        text = self.text(i, "gender")
        if not text:
            return UNKNOWN
        code = self._codes.get(("gender", text))
        if code is None:  # once per text
            found = _GENDERS.get(cached_fold(text).strip(" ."))
            code = self._codes["gender", text] = found.value if found is not None else ""
        if not code:
            self.problem(i, "gender", msg("bad_gender", text=text))
            return UNKNOWN
        return code
