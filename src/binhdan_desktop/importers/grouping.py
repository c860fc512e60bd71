"""People into households, by whatever the sheet gives: a household code or number ("Mã hộ", "Số hộ"
1..n per village), the "Quan hệ với chủ hộ" column, a "Họ và tên chủ hộ" column beside the members', or
— with none of these — the head's row carrying STT / address / village and the members' rows blank
there. A household without a head, or with two, is a problem."""

from __future__ import annotations

import bisect

from binhdan_desktop.domain.enums import Relation
from binhdan_desktop.importers.layout import Columns
from binhdan_desktop.importers.records import HouseholdRows
from binhdan_desktop.importers.rows import UNKNOWN, RowReader
from binhdan_desktop.importers.types import Problem, msg
from binhdan_desktop.importers.values import cached_fold

HEAD = Relation.HEAD.value


class Grouper:
    def __init__(self, cols: Columns, label: str, fallback_village: str, reader: RowReader) -> None:
        self.cols, self.label, self.fallback, self.reader = cols, label, fallback_village, reader
        m = cols.mapping
        self.has_relation = "relation" in m
        self.mode = ("code" if "household_code" in m else "head" if "head_name" in m
                     else "relation" if self.has_relation else "marker")
        self.section = ""  # the last village section row seen
        self.current: HouseholdRows | None = None
        self.head_name = ""
        self.households: list[HouseholdRows] = []
        self.by_key: dict[str, HouseholdRows] = {}
        self.rows: list[int] = []
        self.sections: dict[int, str] = {}  # person row -> the village section row above it
        self.last_seen = -1  # the last row fed (the footer stops the reading)

    def feed(self, i: int) -> str | None:
        self.last_seen = i
        kind = self.reader.kind(i)
        if kind == "section":
            self.section = self.reader.section(i)
        elif kind == "noname":
            self.reader.no_name(i)
        elif kind == "person":
            self.rows.append(i)
            self.sections[i] = self.section
        return "stop" if kind == "stop" else None

    # --- after every row is seen --------------------------------------------------------------------
    def finish(self) -> list[HouseholdRows]:
        # A row the reader could not read whole (a quote left open) but whose cells still make a person is that
        # person's problem: it holds back its own household only.
        self.reader.flagged.update(p.row - 1 for p in self.reader.sheet.problems if p.row > 0)
        marker = self._marker() if self.mode in ("marker", "head") else None
        for i in self.rows:
            self._place(i, marker)
        if self.reader.undecided_years:
            self._decide_years()
        for h in self.households:
            self._check_heads(h)
        for h in self.households:
            if any(p.row - 1 in self.reader.flagged for p in h.people):
                for p in h.people:
                    p.flagged = p.flagged or p.row - 1 in self.reader.flagged
        self._hold_back()
        return self.households

    def _decide_years(self) -> None:
        """Two-digit years both centuries fit, read from the head's birth year where it leaves one (one head
        only: a household with none or two says so as its own problem)."""
        r = self.reader
        for h in self.households:
            heads = [p for p in h.people if p.relation == HEAD]
            head_year = heads[0].birth_year if len(heads) == 1 else None
            for p in h.people:
                if p.row - 1 in r.undecided_years:
                    r.decide_year(p, head_year)
        for i, (key, trouble, _readings) in list(r.undecided_years.items()):  # in no household: as it was
            r.problem(i, key, trouble)
        r.undecided_years.clear()

    def _hold_back(self) -> None:
        """A problem row that is no one's (a quote left open, data without a name) may be a member of the
        household above it, or the head of the one below: both are held back (`HouseholdRows.held_by`). The one
        below is spared when its first row is the next person's row (a row above a household's head is not in it)."""
        people = set(self.rows)
        bad = {p.row - 1 for p in self.reader.sheet.problems if p.row > 0} | self.reader.flagged
        bad = {i for i in bad - people if self.cols.last_row < i <= self.last_seen}
        if not bad or not self.rows:
            return
        household = {p.row - 1: h for h in self.households for p in h.people}
        for i in sorted(bad):
            at = bisect.bisect(self.rows, i)
            above = household[self.rows[at - 1]] if at else None
            below = household[self.rows[at]] if at < len(self.rows) else None
            if above is not None:
                above.held_by.append(i + 1)
            if below is not None and below is not above and (above is None or below.people[0].row - 1 != self.rows[at]):
                below.held_by.append(i + 1)

    def _marker(self) -> str | None:
        """The column only the head's row fills (STT, address or village): the first one filled on the
        first person's row and blank on some other; None when there is none to tell households apart."""
        for key in ("stt", "address", "village"):
            if (key in self.cols.mapping and self.rows and self.reader.text(self.rows[0], key)
                    and any(not self.reader.text(i, key) for i in self.rows)):
                return key
        if len(self.rows) > 1 and self.mode == "marker":
            self.reader.problems.append(Problem.of(self.cols.header_row + 1, "", msg("no_grouping"), self.label))
            self.reader.flagged.update(self.rows)
        return None

    def _village(self, i: int) -> str:
        return self.reader.text(i, "village") or self.sections.get(i, "") or self.fallback

    def _new(self, i: int, code: str = "", key: str = "") -> HouseholdRows:
        village = self._village(i)
        h = HouseholdRows(key or f"{self.label}|row{i + 1}", code, village, "", sheet=self.label, village_raw=village)
        self.households.append(h)
        if key:
            self.by_key[key] = h
        self.current = h
        return h

    def _place(self, i: int, marker: str | None) -> None:
        r = self.reader
        relation = r.relation(i) if self.has_relation else None
        name = r.name(i, "full_name")
        h: HouseholdRows
        if self.mode == "code":
            h, first = self._by_code(i, relation)
        elif self.mode == "relation":
            first = relation == HEAD or self.current is None
            h = self._new(i) if first or self.current is None else self.current
        elif self.mode == "head":
            h, first, name = self._by_head(i, name, bool(marker and r.text(i, marker)))
        else:
            first = marker is None or bool(r.text(i, marker)) or self.current is None
            h = self._new(i) if first or self.current is None else self.current
        if not name and "head_name" in self.cols.mapping:
            name = r.name(i, "head_name")
        if relation is None:  # nothing written: the head by the layout's rule, the others not known (not "khác")
            relation = HEAD if first and (not self.has_relation or self.mode == "head") else UNKNOWN
        if not h.address:
            h.address = r.text(i, "address")
        h.people.append(r.person(i, name, relation))

    def _by_code(self, i: int, relation: str | None) -> tuple[HouseholdRows, bool]:
        code = self.reader.text(i, "household_code")
        if not code:
            if relation == HEAD or self.current is None:
                return self._new(i), True
            return self.current, False
        written = self.reader.text(i, "village")
        if not written and self.current is not None and self.current.code == code:
            return self.current, False  # the code repeated on a member's row without the village
        key = f"{self.label}|{cached_fold(written or self.sections.get(i, '') or self.fallback)}|{code}"  # _village
        found = self.by_key.get(key)
        if found is not None:
            self.current = found
            return found, False
        return self._new(i, code, key), True

    def _by_head(self, i: int, member: str, marked: bool) -> tuple[HouseholdRows, bool, str]:
        """"Họ và tên chủ hộ" beside "Họ và tên thành viên": the head's name on the head's row only, or
        repeated on every member's row (the head's own row then names the head in both)."""
        head = self.reader.name(i, "head_name")
        if head and (self.current is None or not member or cached_fold(head) != cached_fold(self.head_name)):
            self.head_name = head
            h = self._new(i)
            return h, not member or cached_fold(member) == cached_fold(head), member or head
        if self.current is None or (marked and not head):  # a new STT with no head's name: a headless household
            return self._new(i), False, member
        return self.current, bool(head) and cached_fold(member) == cached_fold(head), member

    def _check_heads(self, h: HouseholdRows) -> None:
        heads = [p for p in h.people if p.relation == HEAD]
        what = ("import.household_code", {"code": h.code}) if h.code else \
            ("import.household_of", {"name": h.people[0].full_name})
        if not heads:
            self.reader.problem(h.people[0].row - 1, "relation", msg("no_head", household=what), flag=False)
        elif len(heads) > 1:
            rows = ", ".join(str(p.row) for p in heads)
            self.reader.problem(heads[1].row - 1, "relation", msg("two_heads", household=what, n=len(heads), rows=rows),
                                flag=False)
        else:
            return
        h.flagged = True
