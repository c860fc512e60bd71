"""Matching an import's households and people against what is recorded, without writing: by CCCD; by the
household code within the village, then the folded name inside that household; for lists without codes by the
head's exact folded name and birth year in the village; else a likely match (folded name, birth year ± 1,
village) that the user confirms or rejects. A household with any doubt is left out and says why."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from binhdan_desktop.importers.plan import HouseholdRows, PersonRow, is_example  # noqa: F401 (re-exported)
from binhdan_desktop.importers.types import Msg, msg
from binhdan_desktop.importers.values import cached_fold
from binhdan_desktop.store.models import Household, Person

RowKey = str  # "<sheet>!<row>" (or "<row>" for a one-sheet file): a row of the file, stable across runs
Decisions = dict[RowKey, str | None]  # a likely match's row -> the stored person it is, or None: a new household
ACCEPT = "\x00accept"  # a decision of `EveryLikely`: the closest candidate (one birth year apart at most)
PERSON_FIELDS = ("full_name", "birth_date", "birth_year", "gender", "relation", "cccd", "phone")


class EveryLikely(dict[RowKey, str | None]):
    """One decision for every likely match (the command line): `accept` takes each one's closest candidate (a
    tie between two stored people stays a problem), else each becomes a new household."""

    def __init__(self, accept: bool) -> None:
        super().__init__()
        self.accept = accept

    def __bool__(self) -> bool:
        return True

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: RowKey) -> str | None:
        return ACCEPT if self.accept else None


def row_key(sheet: str, row: int) -> RowKey:
    return f"{sheet}!{row}" if sheet else str(row)


def sheet_of(h: HouseholdRows) -> str:
    return h.sheet  # the layout parser names the sheet when it reads several


@dataclass(frozen=True)
class Known:
    """A stored live person, as loaded once per import."""

    id: str
    household_id: str
    village_id: str
    name_folded: str
    values: tuple[object, ...]  # PERSON_FIELDS in order

    @property
    def full_name(self) -> str:
        return str(self.values[0])

    @property
    def birth_year(self) -> int | None:
        year = self.values[2]
        return year if isinstance(year, int) else None

    @property
    def cccd(self) -> str | None:
        return self.values[5] if isinstance(self.values[5], str) else None

    @property
    def gender(self) -> str:
        return self.values[3] if isinstance(self.values[3], str) else ""

    @property
    def relation(self) -> str:
        return self.values[4] if isinstance(self.values[4], str) else ""


@dataclass(frozen=True)
class Candidate:
    person_id: str
    full_name: str
    birth_year: int | None
    household_code: str
    # What accepting would change, and how the file's household differs: (field, in the file, recorded), the
    # field a PERSON_FIELDS name or "household_code"; values as the person reads them ("" when blank).
    differences: tuple[tuple[str, str, str], ...] = ()
    household_head: str = ""  # the recorded household's head (the household the file's rows would go into)
    kept_name: str = ""  # the file's name, the recorded one without its marks: accepting keeps the recorded name
    # Recorded values accepting keeps because the file has less of them, (field, recorded value as shown): a full
    # birth date where the file gives its year alone ("1950", "05/1950" for 15/05/1950).
    held: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Likely:
    """A head of household in the file that may be a stored person, or a member of a matched household that may
    be one of its recorded members not matched otherwise (`member`): the user says which, or none."""

    key: RowKey
    sheet: str
    row: int
    full_name: str
    birth_year: int | None
    village: str
    candidates: tuple[Candidate, ...]
    member: bool = False  # a member of a matched household (None: a new person in it), not its head
    # A member of a household whose head is itself a likely match: the head's row key and name. Offered with the
    # head's own match, answered with it; the head answered "a new household" takes its members along (all new).
    head: RowKey = ""
    head_name: str = ""
    found_by: str = ""  # a member's: how its household was found (`FOUND_BY`); "" for a head's own match


# How a household of the file was found among the recorded ones (a member's likely match says it).
FOUND_BY = ("cccd", "code", "head", "members", "likely")


@dataclass
class Flag:
    row: PersonRow
    field: str  # a PersonRow field ("cccd", "full_name") or "" for the row as a whole
    why: Msg | None  # None: the parser's problem already says why (listed once)
    value: str = ""


@dataclass
class Matched:
    """One household of the file against the records: what to create or change, or why it is left out."""

    rows: HouseholdRows
    village_id: str
    village_order: int
    household_id: str | None = None  # None: a new household
    people: list[str | None] = field(default_factory=list)  # the stored person of each row (None: new)
    changes: list[dict[str, object]] = field(default_factory=list)  # per row: the fields that differ
    # Per row, for a recorded person: what importing changes, (field, recorded, in the file) as shown; and the
    # recorded name kept when the file's is the same name typed without any marks ("" when none).
    updates: list[tuple[tuple[str, str, str], ...]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    held: list[tuple[tuple[str, str], ...]] = field(default_factory=list)  # per row: recorded values kept (`held_of`)
    address_changed: bool = False
    address_old: str = ""  # the recorded address, when it changes
    address_kept: str = ""  # the recorded address kept: the file's is the same without its marks
    address_held: str = ""  # the recorded address kept: the file's is its last part alone (`address_part`)
    flags: list[Flag] = field(default_factory=list)
    likely: Likely | None = None  # a likely match of the head: left out unless the user decided it
    decided: bool = False
    members_likely: list[Likely] = field(default_factory=list)  # likely matches of its other rows
    members_undecided: list[Likely] = field(default_factory=list)  # those the user has not decided: left out
    found_by: str = ""  # how the recorded household was found (`FOUND_BY`; "likely": offered with its head's)

    @property
    def left_out(self) -> bool:
        return bool(self.flags) or (self.likely is not None and not self.decided) or bool(self.members_undecided)


class Index:
    """What is recorded, loaded with two plain queries (no ORM objects, no query per row)."""

    def __init__(self, s: Session) -> None:
        self.code_of: dict[str, str] = {}
        self.address_of: dict[str, str] = {}
        self.by_code: dict[tuple[str, str], str] = {}
        for hid, vid, code, code_folded, address in s.execute(
                select(Household.id, Household.village_id, Household.code, Household.code_folded, Household.address)
                .where(Household.deleted.is_(False))):
            self.code_of[hid], self.address_of[hid] = code, address or ""
            self.by_code.setdefault((vid, code_folded), hid)
        self.members: dict[str, list[Known]] = defaultdict(list)
        self.by_name: dict[tuple[str, str], list[Known]] = defaultdict(list)
        self.by_cccd: dict[str, Known] = {}
        cols = [getattr(Person, f) for f in PERSON_FIELDS]
        for pid, hid, vid, folded, *values in s.execute(
                select(Person.id, Person.household_id, Household.village_id, Person.name_folded, *cols)
                .join(Household, Household.id == Person.household_id)
                .where(Person.deleted.is_(False), Household.deleted.is_(False))):
            k = Known(pid, hid, vid, folded, tuple(values))
            self.members[hid].append(k)
            self.by_name[(vid, folded)].append(k)
            if k.cccd:
                self.by_cccd[k.cccd] = k

    def candidate(self, k: Known, head: PersonRow | None = None, code: str = "") -> Candidate:
        """A stored person offered for `head` (a row of the file in a household of code `code`), with what differs."""
        stored_code = self.code_of.get(k.household_id, "")
        chief = next((x.full_name for x in self.members.get(k.household_id, ()) if x.relation == "chu_ho"), "")
        if head is None:
            return Candidate(k.id, k.full_name, k.birth_year, stored_code, household_head=chief)
        changes, kept = changes_of(k, head)
        diff = [(f, new, old) for f, old, new in updates_of(k, changes)]
        if code and cached_fold(code) != cached_fold(stored_code):
            diff.append(("household_code", code, stored_code))
        return Candidate(k.id, k.full_name, k.birth_year, stored_code, tuple(diff), chief,
                         head.full_name if kept else "", held_of(k, head))


def person_values(p: PersonRow, new: bool = False) -> dict[str, object]:
    """What a row says about a person; a blank (or "khác") in the file never erases what is recorded. A `new`
    person gets the gender and relation as they are, a blank ("": not known) among them, never the "khác" the
    table would default to."""
    values: dict[str, object] = {"full_name": unicodedata.normalize("NFC", p.full_name)}
    if p.birth_date or p.birth_year:
        values.update(birth_date=p.birth_date, birth_year=p.birth_year)
    for key in ("gender", "relation"):
        if new or getattr(p, key) not in ("", "khac"):
            values[key] = getattr(p, key)
    if p.cccd:
        values["cccd"] = p.cccd
    if p.phone:
        values["phone"] = "0" + p.phone[-9:]
    return values


def _diff(k: Known, values: dict[str, object]) -> dict[str, object]:
    stored = dict(zip(PERSON_FIELDS, k.values, strict=True))
    return {f: v for f, v in values.items() if _norm(stored.get(f)) != _norm(v)}


def changes_of(k: Known, p: PersonRow) -> tuple[dict[str, object], bool]:
    """What importing row `p` into the recorded person `k` changes; True when the file's name is the recorded
    name typed without any marks ("Le Thi Hoa" for "Lê Thị Hoa"): the recorded name is kept, never replaced.
    A value the file has less of but agreeing with the recorded one is never a change (`held_of`)."""
    changes = _diff(k, person_values(p))
    kept = "full_name" in changes and loses_marks(p.full_name, k.full_name)
    if kept:
        del changes["full_name"]
    if held_of(k, p):
        changes.pop("birth_date", None)
    return changes, kept


def held_of(k: Known, p: PersonRow) -> tuple[tuple[str, str], ...]:
    """The recorded values row `p` has less of but agrees with, kept as recorded: (field, recorded as shown). A
    full birth date where the file gives only that year ("1950", "05/1950": the parser keeps the year alone) for
    15/05/1950; another year is a change. (A phone or CCCD that lost its leading 0 is restored by the parser, the
    same number as recorded: nothing to keep; a blank gender, relation, CCCD or phone never erases.)"""
    stored = dict(zip(PERSON_FIELDS, k.values, strict=True))
    born = stored.get("birth_date")
    if born is not None and p.birth_date is None and p.birth_year is not None and p.birth_year == k.birth_year:
        return (("birth_date", _shown(born)),)
    return ()


def updates_of(k: Known, changes: dict[str, object]) -> tuple[tuple[str, str, str], ...]:
    """(field, recorded, in the file) of each change, as the preview shows them ("" for blank). A birth date that
    changes is one change, each side its date or else its year: "15/05/1950 → 1951", "1985 → 07/09/1985", never
    "→ —" (the year follows the date: not listed again)."""
    if not changes:
        return ()  # the common case of a re-import: nothing to say
    stored = dict(zip(PERSON_FIELDS, k.values, strict=True))
    out = []
    for f, v in changes.items():
        if f == "birth_year" and "birth_date" in changes:
            continue
        if f == "birth_date":
            year = changes.get("birth_year", stored.get("birth_year"))
            out.append((f, _shown(stored.get(f)) or _shown(stored.get("birth_year")), _shown(v) or _shown(year)))
        else:
            out.append((f, _shown(stored.get(f)), _shown(v)))
    return tuple(out)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _spelling(name: str) -> list[tuple[str, str]]:
    """Each word of a name as (its letters, ă â ê ô ơ ư đ kept, lower case; its tone mark or ""): the tone's
    place aside, so "Hoà" and "Hòa" are one spelling."""
    out = []
    for word in unicodedata.normalize("NFD", name.lower()).split():
        tone = next((ch for ch in word if ch in _TONES), "")
        out.append((unicodedata.normalize("NFC", "".join(ch for ch in word if ch not in _TONES)), tone))
    return out


def same_name(a: str, b: str) -> bool:
    """The same name as written, marks and all (case, spaces and the tone's place aside)."""
    return _spelling(a) == _spelling(b)


def loses_marks(ours: str, recorded: str) -> bool:
    """`ours` (the file's) is `recorded` typed without any of its marks ("Nguyen Van Hung" for "Nguyễn Văn Hùng",
    "Xom Dong" for "Xóm Đông"): a list typed without a Vietnamese keyboard, never a correction. A name with some
    marks that differ ("Nguyễn Văn Hưng", "Lê Thị Hoa" for "Lê Thị Hòa") was typed with marks: a real change."""
    return ours.isascii() and not recorded.isascii() and cached_fold(ours) == cached_fold(recorded)


def address_part(ours: str, recorded: str) -> bool:
    """`ours` (the file's) is the last part of `recorded`, comma by comma ("Xóm Bàu" for "Số 5, Xóm Bàu"; marks
    and case aside): less of the same address, never a move; the recorded one is kept."""
    a = [cached_fold(x) for x in ours.split(",") if x.strip()]
    b = [cached_fold(x) for x in recorded.split(",") if x.strip()]
    return 0 < len(a) < len(b) and b[-len(a):] == a


def _shown(v: object) -> str:
    if isinstance(v, dt.datetime | dt.date):
        return v.strftime("%d/%m/%Y")
    return "" if v is None else str(v)


def _norm(v: object) -> object:
    if isinstance(v, dt.datetime):
        return v.date()
    return unicodedata.normalize("NFC", v) if isinstance(v, str) else v


def duplicate_cccd(m: Matched, rows_of: dict[str, list[int]]) -> None:
    """The same CCCD on two rows of the file is a problem on each, never an overwrite."""
    for p in m.rows.people:
        if p.cccd and len(rows_of.get(p.cccd, ())) > 1:
            others = ", ".join(str(r) for r in rows_of[p.cccd] if r != p.row)
            m.flags.append(Flag(p, "cccd", msg("cccd_repeated", rows=others), p.cccd))


class Matcher:
    """Matches the file's households one by one; stored people and households are claimed at most once."""

    def __init__(self, ix: Index, decisions: Decisions | None = None) -> None:
        self.ix = ix
        self.decisions = decisions if decisions is not None else {}
        self.taken: set[str] = set()  # stored people already matched to a row
        self.claimed: set[str] = set()  # stored households already matched to a household of the file

    def match(self, m: Matched) -> Matched:
        h = m.rows
        m.household_id = self._household(m)
        if m.left_out:
            return m
        self._people(m)
        if m.household_id is not None and not m.flags:
            self._one_head(m)
        if m.household_id is not None and not m.left_out:
            self.claimed.add(m.household_id)
            m.address_old = self.ix.address_of.get(m.household_id, "")
            m.address_changed = bool(h.address) and m.address_old != h.address
            if m.address_changed and loses_marks(h.address, m.address_old):  # "Xom Dong" for "Xóm Đông": kept
                m.address_changed, m.address_kept = False, m.address_old
            elif m.address_changed and address_part(h.address, m.address_old):  # "Xóm Bàu" for "Số 5, Xóm Bàu"
                m.address_changed, m.address_held = False, m.address_old
        return m

    def _household(self, m: Matched) -> str | None:
        h, vid, by_cccd = m.rows, m.village_id, self.ix.by_cccd
        by_code = self.ix.by_code.get((vid, cached_fold(h.code))) if h.code and self.ix.by_code else None
        if by_code is not None:
            m.found_by = "code"
            return by_code
        if by_cccd and any(p.cccd in by_cccd and not same_person(by_cccd[p.cccd], p) for p in h.people):
            return None  # a CCCD recorded for someone else: `_person` flags the row, the household waits
        hits = {by_cccd[p.cccd].household_id for p in h.people if p.cccd in by_cccd} if by_cccd else None
        if hits:
            hid = next(iter(hits))
            if len(hits) == 1 and self.ix.members[hid][0].village_id == vid:
                m.found_by = "cccd"
                return hid
            return None  # the CCCD checks below flag each row
        return self._by_head(m)

    def _by_head(self, m: Matched) -> str | None:
        h = m.rows
        head = next((p for p in h.people if p.relation == "chu_ho"), h.people[0])
        key = row_key(sheet_of(h), head.row)
        stored = self.ix.by_name.get((m.village_id, cached_fold(head.full_name))) if self.ix.by_name else None
        if not stored and h.code and (type(self.decisions) is EveryLikely or key not in self.decisions):
            return None  # no stored person of that name (a new household, or a first import): nothing to offer
        named = [k for k in stored or () if k.id not in self.taken and k.household_id not in self.claimed
                 and (head.relation != "chu_ho" or k.relation == "chu_ho")]  # a head is a recorded head
        # A list without codes: the head's name as recorded (marks and all) and birth in the village decide; the
        # same name only once folded ("Le Thi Hoa" for "Lê Thị Hoa") is a likely match, for the user to confirm.
        if not h.code:
            exact = [k for k in named if k.birth_year == head.birth_year and same_name(k.full_name, head.full_name)]
            chosen = self._best(h, {k.household_id for k in exact}, 1) if exact else self._by_members(m)
            if chosen is not None:
                m.found_by = "head" if exact else "members"
                return chosen
        near = [k for k in named if k.birth_year is None or head.birth_year is None
                or abs(k.birth_year - head.birth_year) <= 1]
        if near:
            m.likely = Likely(key, sheet_of(h), head.row, head.full_name, head.birth_year, h.village,
                              tuple(self.ix.candidate(k, head, h.code) for k in near))
        if key in self.decisions:
            m.decided, m.found_by = True, "likely"
            return self._decided(m, key, near)
        if near:
            self._offer_members(m, head, near)
        return None

    def _offer_members(self, m: Matched, head: PersonRow, near: list[Known]) -> None:
        """The head's likely match not answered yet: its members' likely matches in each household it may be are
        offered with it, so that both are answered at once (`_member_likely` decides them once the head is)."""
        assert m.likely is not None
        m.found_by = "likely"
        for p in m.rows.people:
            if p is head or (p.cccd and p.cccd in self.ix.by_cccd):
                continue  # a CCCD recorded decides by itself
            near_p = [x for k in near for x in self._left_over(m, k, head) if _close_member(x, p)]
            if near_p:
                self._add_member_likely(m, p, near_p)

    def _left_over(self, m: Matched, stored_head: Known, head: PersonRow) -> list[Known]:
        """The recorded members of `stored_head`'s household that no other row of the file names exactly."""
        named = {cached_fold(p.full_name) for p in m.rows.people if p is not head}
        return [k for k in self.ix.members.get(stored_head.household_id, ()) if k.id != stored_head.id
                and k.id not in self.taken and k.name_folded not in named]

    def _add_member_likely(self, m: Matched, p: PersonRow, near: list[Known]) -> Likely:
        key = row_key(sheet_of(m.rows), p.row)
        head = m.likely
        likely = Likely(key, sheet_of(m.rows), p.row, p.full_name, p.birth_year, m.rows.village,
                        tuple(self.ix.candidate(k, p, m.rows.code) for k in near), member=True,
                        head=head.key if head else "", head_name=head.full_name if head else "", found_by=m.found_by)
        m.members_likely.append(likely)
        if key not in self.decisions:
            m.members_undecided.append(likely)
        return likely

    def _by_members(self, m: Matched) -> str | None:
        """The head changed (a corrected year): two or more other rows matching exactly still find the household."""
        found = {k.household_id for p in m.rows.people
                 for k in self.ix.by_name.get((m.village_id, cached_fold(p.full_name)), ())
                 if k.birth_year == p.birth_year and same_name(k.full_name, p.full_name) and k.id not in self.taken
                 and k.household_id not in self.claimed}
        return self._best(m.rows, found, 2)

    def _best(self, h: HouseholdRows, households: set[str], least: int) -> str | None:
        """The one candidate household whose members match the most rows exactly (name and birth year), at least
        `least` of them; a tie is no answer."""
        def score(hid: str) -> int:
            have = {(k.name_folded, k.birth_year) for k in self.ix.members[hid]}
            return sum((cached_fold(p.full_name), p.birth_year) in have for p in h.people)
        scored = sorted(((score(hid), hid) for hid in households), reverse=True)
        if scored and scored[0][0] >= least and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None

    def _decided(self, m: Matched, key: RowKey, named: list[Known]) -> str | None:
        chosen = self.decisions[key]
        if chosen is None:
            return None
        if chosen == ACCEPT:
            return self._closest(m, named)
        found = next((k for k in named if k.id == chosen), None)
        if found is None:
            head = next(p for p in m.rows.people if row_key(sheet_of(m.rows), p.row) == key)
            m.flags.append(Flag(head, "full_name", msg("choice_gone"), head.full_name))
            return None
        return found.household_id

    def _closest(self, m: Matched, named: list[Known]) -> str | None:
        """The candidate whose birth year is nearest the head's; two equally near: a problem (choose in the wizard)."""
        head = next(p for p in m.rows.people if row_key(sheet_of(m.rows), p.row) == m.likely.key) \
            if m.likely else m.rows.people[0]

        def gap(k: Known) -> int:
            return abs(k.birth_year - head.birth_year) if k.birth_year and head.birth_year else 1
        ranked = sorted(named, key=gap)
        if len(ranked) > 1 and gap(ranked[0]) == gap(ranked[1]):
            m.flags.append(Flag(head, "full_name", msg("likely_several", n=len(ranked)), head.full_name))
            return None
        return ranked[0].household_id if ranked else None

    def _people(self, m: Matched) -> None:
        by_cccd = self.ix.by_cccd
        if m.household_id is None and not (by_cccd and any(p.cccd in by_cccd for p in m.rows.people)):
            m.people = [None] * len(m.rows.people)  # a new household, no CCCD of the file recorded: all new
            m.changes = [person_values(p, new=True) for p in m.rows.people]
            m.updates, m.kept, m.held = [()] * len(m.people), [""] * len(m.people), [()] * len(m.people)
            return
        members = [k for k in self.ix.members.get(m.household_id or "", ()) if k.id not in self.taken]
        found: list[Known | None] = []
        for p in m.rows.people:
            k = self._person(m, p, members)
            found.append(k)
            if k is not None:
                self.taken.add(k.id)
                members.remove(k)
        if m.household_id is not None and not m.flags:
            for i, p in enumerate(m.rows.people):  # a row matched by nothing: a recorded member left over?
                if found[i] is None and members:
                    k = self._member_likely(m, p, members)
                    if k is not None:
                        found[i] = k
                        self.taken.add(k.id)
                        members.remove(k)
        for p, k in zip(m.rows.people, found, strict=True):
            m.people.append(k.id if k else None)
            if k is None:
                m.changes.append(person_values(p, new=True))
                m.updates.append(())
                m.kept.append("")
                m.held.append(())
                continue
            changes, kept = changes_of(k, p)
            m.changes.append(changes)
            m.updates.append(updates_of(k, changes))
            m.kept.append(k.full_name if kept else "")
            m.held.append(held_of(k, p))

    def _member_likely(self, m: Matched, p: PersonRow, members: list[Known]) -> Known | None:
        """A recorded member no row matched, of the same gender, born within a year of `p`, with a close name (the
        given name shared, or a small spelling difference): a likely match, decided by the user (the stored person,
        or None: `p` is a new member); undecided, the household waits."""
        near = [k for k in members if _close_member(k, p)]
        if not near:
            return None
        key = self._add_member_likely(m, p, near).key
        if key not in self.decisions:
            return None
        chosen = self.decisions[key]
        if chosen is None:
            return None
        if chosen == ACCEPT:
            ranked = sorted(near, key=lambda k: abs((k.birth_year or 0) - (p.birth_year or 0)))
            if len(ranked) > 1 and abs((ranked[0].birth_year or 0) - (p.birth_year or 0)) == \
                    abs((ranked[1].birth_year or 0) - (p.birth_year or 0)):
                m.flags.append(Flag(p, "full_name", msg("likely_several", n=len(ranked)), p.full_name))
                return None
            return ranked[0]
        k = next((k for k in near if k.id == chosen), None)
        if k is None:
            m.flags.append(Flag(p, "full_name", msg("choice_gone"), p.full_name))
        return k

    def _one_head(self, m: Matched) -> None:
        """A recorded household the file's rows go into keeps one head: its recorded head not in the file (or
        staying head) and a head from the file would be two, a problem on the file's head row, never written."""
        relation = {k.id: k.relation for k in self.ix.members.get(m.household_id or "", ())}
        names = {k.id: k.full_name for k in self.ix.members.get(m.household_id or "", ())}
        heads: list[str] = []
        for p, pid, ch in zip(m.rows.people, m.people, m.changes, strict=True):
            rel = ch.get("relation", relation.get(pid, "") if pid else "")
            if rel == "chu_ho":
                heads.append(p.full_name)
            if pid is not None:
                relation.pop(pid, None)
        heads += [names[pid] for pid, rel in relation.items() if rel == "chu_ho"]
        if len(heads) > 1:
            row = next((p for p in m.rows.people if p.relation == "chu_ho"), m.rows.people[0])
            code = self.ix.code_of.get(m.household_id or "", "")
            m.flags.append(Flag(row, "relation", msg("heads_after", code=code, names=", ".join(heads)),
                                row.full_name))


    def _person(self, m: Matched, p: PersonRow, members: list[Known]) -> Known | None:
        if p.cccd and p.cccd in self.ix.by_cccd:
            k = self.ix.by_cccd[p.cccd]
            if not same_person(k, p):
                code = self.ix.code_of.get(k.household_id, "")
                m.flags.append(Flag(p, "cccd", msg(
                    "cccd_other_person", cccd=p.cccd, name=k.full_name, year=_shown(k.birth_year), code=code,
                    row_name=p.full_name, row_year=_shown(p.birth_year)), p.cccd))
                return None
            if k.household_id != m.household_id or k.id in self.taken:
                code = self.ix.code_of.get(k.household_id, "")
                m.flags.append(Flag(p, "cccd", msg("cccd_belongs", name=k.full_name, code=code), p.cccd))
                return None
            return k
        name = cached_fold(p.full_name)
        same = [k for k in members if k.name_folded == name]
        if len(same) > 1:
            same = [k for k in same if k.birth_year == p.birth_year] or \
                   [k for k in same if k.birth_year and p.birth_year and abs(k.birth_year - p.birth_year) <= 1]
        if len(same) > 1:
            m.flags.append(Flag(p, "full_name", msg("same_names"), p.full_name))
            return None
        if same and p.cccd and same[0].cccd and same[0].cccd != p.cccd:
            m.flags.append(Flag(p, "cccd", msg("cccd_differs", cccd=same[0].cccd), p.cccd))
            return None
        return same[0] if same else None


@dataclass(frozen=True)
class HouseholdView:
    """One household of the file as the preview shows it: its rows, and what importing does to it and to each
    person ("new", "updated", "unchanged"; "left_out" for all when the household is left out)."""

    rows: HouseholdRows
    status: str
    people: tuple[str, ...]
    likely: bool = False  # its head was offered as a likely match
    # Per person: what importing changes, (field, recorded, in the file) ("cập nhật: năm sinh 1968 → 1969"); and
    # the recorded name kept because the file's is the same without its marks ("" when none). Empty when left out.
    updates: tuple[tuple[tuple[str, str, str], ...], ...] = ()
    kept: tuple[str, ...] = ()
    address: tuple[str, str] | None = None  # (recorded, in the file) when the address changes
    address_kept: str = ""  # the recorded address kept: the file's is the same without its marks
    held: tuple[tuple[tuple[str, str], ...], ...] = ()  # per person: recorded values kept (`held_of`)
    address_held: str = ""  # the recorded address kept: the file's is its last part alone


def view(m: Matched) -> HouseholdView:
    likely = m.likely is not None or bool(m.members_likely)
    if m.left_out:
        return HouseholdView(m.rows, "left_out", ("left_out",) * len(m.rows.people), likely)
    people = tuple("new" if pid is None else "updated" if ch else "unchanged"
                   for pid, ch in zip(m.people, m.changes, strict=True))
    status = "new" if m.household_id is None else \
        "updated" if m.address_changed or any(x != "unchanged" for x in people) else "unchanged"
    address = (m.address_old, m.rows.address) if m.address_changed else None
    return HouseholdView(m.rows, status, people, likely, tuple(m.updates), tuple(m.kept), address, m.address_kept,
                         tuple(m.held), m.address_held)


def same_person(k: Known, p: PersonRow) -> bool:
    """A CCCD recorded for `k` and written on row `p` is sure only when `p` is plausibly `k`: birth year within
    one, gender not contradicting, and the folded name close (a spelling corrected, or the middle name changed).
    Otherwise a mistyped CCCD would rename someone else: a problem on the row."""
    if k.birth_year is not None and p.birth_year is not None and abs(k.birth_year - p.birth_year) > 1:
        return False
    if k.gender in ("nam", "nu") and p.gender in ("nam", "nu") and k.gender != p.gender:
        return False
    a, b = k.name_folded, cached_fold(p.full_name)
    if not a or not b or a == b:
        return True
    wa, wb = a.split(), b.split()
    return _distance(a, b) <= 2 or (wa[0] == wb[0] and wa[-1] == wb[-1])


def _close_member(k: Known, p: PersonRow) -> bool:
    if k.birth_year is None or p.birth_year is None or abs(k.birth_year - p.birth_year) > 1:
        return False
    if k.gender and p.gender and k.gender != "khac" and p.gender != "khac" and k.gender != p.gender:
        return False
    a, b = k.name_folded, cached_fold(p.full_name)
    if not a or not b:
        return False
    return a.split()[-1] == b.split()[-1] or _distance(a, b) <= 2


def _distance(a: str, b: str) -> int:
    """Levenshtein distance between two short strings."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]
