"""Households and their members: register, edit, and delete (a tombstone, never a silent delete)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from binhdan_desktop.domain import validation as v
from binhdan_desktop.domain.enums import Gender, Poverty, Relation, Residence, StudentLevel
from binhdan_desktop.domain.text import fold
from binhdan_desktop.errors import NotFoundError, ValidationError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.services.commune import find_village, require_commune
from binhdan_desktop.store import status_history
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household, Person
from binhdan_desktop.store.queries.households import (
    CompletionRow,
    HouseholdRow,
    completed_lessons,
    household_completions,
    household_rows,
    residents,
    search_household_ids,
)
from binhdan_desktop.store.queries.indicators import HouseholdStatus


@dataclass
class PersonDraft:
    """What the form holds for one person before it is validated and stored."""

    full_name: str
    birth_year: int | None = None
    birth_date: dt.date | None = None
    gender: str = Gender.OTHER
    relation: str = Relation.OTHER
    cccd: str | None = None
    phone: str | None = None
    residence: str = Residence.RESIDENT
    is_public_staff: bool = False
    student_level: str | None = None
    is_worker: bool = False
    is_trader: bool = False
    has_smartphone: bool = False
    vneid_level: int = 0
    has_bank_account: bool = False
    uses_online_services: bool = False
    notes: str = ""

    def clean(self) -> dict[str, Any]:
        """Validated column values; raises ValidationError naming the field."""
        born, year = v.birth(self.birth_date, self.birth_year)
        return {
            "full_name": v.required_text(self.full_name, "full_name"),
            "birth_date": born, "birth_year": year,
            # Blank: not known (a list imported without the column); kept blank, never turned into "khác".
            "gender": v.choice(self.gender, Gender, "gender").value if self.gender else "",
            "relation": v.choice(self.relation, Relation, "relation").value if self.relation else "",
            "cccd": v.cccd(self.cccd), "phone": v.phone(self.phone),
            "residence": v.choice(self.residence, Residence, "residence", Residence.RESIDENT).value,
            "is_public_staff": bool(self.is_public_staff),
            "student_level": v.choice(self.student_level, StudentLevel, "student_level").value
            if self.student_level else None,
            "is_worker": bool(self.is_worker), "is_trader": bool(self.is_trader),
            "has_smartphone": bool(self.has_smartphone), "vneid_level": v.vneid_level(self.vneid_level),
            "has_bank_account": bool(self.has_bank_account),
            "uses_online_services": bool(self.uses_online_services),
            "notes": v.optional_text(self.notes),
        }


@dataclass
class HouseholdDraft:
    village: str  # id or name
    code: str = ""  # empty: the next free code of the village is made
    address: str = ""
    phone: str | None = None
    poverty: str = Poverty.NONE
    notes: str = ""
    members: list[PersonDraft] = field(default_factory=list)


def get_household(session: Session, household_id: str) -> Household:
    found = session.get(Household, household_id)
    if found is None or found.deleted:
        raise NotFoundError("not_found.household", value=household_id)
    return found


def get_person(session: Session, person_id: str) -> Person:
    found = session.get(Person, person_id)
    if found is None or found.deleted:
        raise NotFoundError("not_found.person", value=person_id)
    return found


def members(session: Session, household_id: str) -> list[Person]:
    """Members of a household: the head first, then by birth (oldest first)."""
    head_first = (Person.relation != "chu_ho")
    return list(session.scalars(
        select(Person).where(Person.household_id == household_id, Person.deleted.is_(False))
        .order_by(head_first, Person.birth_ref.is_(None), Person.birth_ref, Person.sort_key)))


def _check_code_free(session: Session, code: str, exclude_id: str | None = None) -> None:
    """A code no other live household has. A household keeping the code it has is never refused: two laptops
    may have given one code offline (services/duplicates.py lists them for renumbering)."""
    if exclude_id and session.scalar(select(Household.code_folded).where(Household.id == exclude_id)) == fold(code):
        return
    q = select(Household.id).where(Household.code_folded == fold(code), Household.deleted.is_(False))
    if exclude_id:
        q = q.where(Household.id != exclude_id)
    if session.scalar(q.limit(1)) is not None:
        raise ValidationError("validation.duplicate_code", field="code", value=code)


def _check_cccd_free(session: Session, cccd: str | None, exclude_id: str | None = None) -> None:
    """A CCCD no other live person has. A person keeping the CCCD they have is never refused: two laptops may
    have recorded one person offline (services/duplicates.py lists them for merging)."""
    if not cccd:
        return
    if exclude_id and session.scalar(select(Person.cccd).where(Person.id == exclude_id)) == cccd:
        return
    q = select(Person.id).where(Person.cccd == cccd, Person.deleted.is_(False))
    if exclude_id:
        q = q.where(Person.id != exclude_id)
    if session.scalar(q.limit(1)) is not None:
        raise ValidationError("validation.duplicate_cccd", field="cccd", value=cccd)


def next_code(session: Session, village_sort_order: int) -> str:
    """The next free household code of the form T<village>-<number>, e.g. "T02-0145"."""
    prefix = f"T{village_sort_order:02d}-"
    count = session.scalar(select(func.count()).select_from(Household).where(Household.code.like(prefix + "%"))) or 0
    n = count + 1
    while session.scalar(select(Household.id).where(Household.code == f"{prefix}{n:04d}")) is not None:
        n += 1
    return f"{prefix}{n:04d}"


def create_household(db: Database, draft: HouseholdDraft) -> Changes:
    """Register a household and all its members in one transaction."""
    people = [m.clean() for m in draft.members]
    with db.write() as s:
        require_commune(s)
        village = find_village(s, draft.village)
        code = v.optional_text(draft.code, 50) or next_code(s, village.sort_order)
        _check_code_free(s, code)
        for p in people:
            _check_cccd_free(s, p["cccd"])
        if len({p["cccd"] for p in people if p["cccd"]}) < len([p for p in people if p["cccd"]]):
            raise ValidationError("validation.duplicate_cccd", field="cccd", value="")
        household = Household(code=code, village_id=village.id, address=v.optional_text(draft.address, 300),
                              phone=v.phone(draft.phone), poverty=v.choice(draft.poverty, Poverty, "poverty",
                                                                           Poverty.NONE).value,
                              notes=v.optional_text(draft.notes))
        s.add(household)
        s.flush()
        for p in people:
            s.add(Person(household_id=household.id, **p))
        return changes_of(s, household)


_HOUSEHOLD_FIELDS = {"code", "address", "phone", "poverty", "notes", "village"}


def update_household(db: Database, household_id: str, **fields: Any) -> Changes:
    unknown = set(fields) - _HOUSEHOLD_FIELDS
    if unknown:
        raise ValidationError("validation.invalid", field=sorted(unknown)[0], value="?")
    with db.write() as s:
        h = get_household(s, household_id)
        if "code" in fields:
            code = v.required_text(fields["code"], "code", 50)
            _check_code_free(s, code, h.id)
            h.code = code
        if "village" in fields:
            h.village_id = find_village(s, fields["village"]).id
        if "address" in fields:
            h.address = v.optional_text(fields["address"], 300)
        if "phone" in fields:
            h.phone = v.phone(fields["phone"])
        if "poverty" in fields:
            h.poverty = v.choice(fields["poverty"], Poverty, "poverty").value
        if "notes" in fields:
            h.notes = v.optional_text(fields["notes"])
        return changes_of(s)


def delete_household(db: Database, household_id: str) -> Changes:
    """Tombstone a household and its members (their visits and completions stay as history)."""
    with db.write() as s:
        h = get_household(s, household_id)
        for person in members(s, h.id):
            person.deleted = True
        h.deleted = True
        return changes_of(s)


def add_person(db: Database, household_id: str, draft: PersonDraft) -> Changes:
    values = draft.clean()
    with db.write() as s:
        h = get_household(s, household_id)
        _check_cccd_free(s, values["cccd"])
        person = Person(household_id=h.id, **values)
        s.add(person)
        return changes_of(s, person)


def _since(s: Session, since: dt.date | None) -> None:
    """Changes of a status, group, residence, relation or household in this transaction hold from `since` (None:
    today), never a day that has not come yet."""
    if since is not None and since > dt.date.today():
        raise ValidationError("validation.future_date", field="since", value=f"{since:%d/%m/%Y}")
    status_history.set_since(s, since)


def _check_since_birth(since: dt.date | None, person: Person, values: dict[str, Any] | None = None) -> None:
    """A change of a person's dated fields (statuses, groups, residence, relation; `values`: the fields about to
    be set, None: a deletion) is never dated before they were born (a birth year alone: its 1 January)."""
    if since is None:
        return
    values = values or {}
    birth_date = values.get("birth_date", person.birth_date)
    birth_year = values.get("birth_year", person.birth_year)
    born = birth_date or (dt.date(birth_year, 1, 1) if birth_year else None)
    if born is None or since >= born:
        return
    dated = not values or any(f in values and status_history.stored(f, values[f]) !=
                              status_history.stored(f, getattr(person, f)) for f in status_history.DATED_FIELDS)
    if dated:
        raise ValidationError("validation.since_before_birth", field="since", value=f"{since:%d/%m/%Y}",
                              name=person.full_name, born=f"{birth_date:%d/%m/%Y}" if birth_date else str(birth_year))


def update_person(db: Database, person_id: str, draft: PersonDraft, since: dt.date | None = None) -> Changes:
    """Replace a person's fields with the draft's; only fields that differ are logged. Changed statuses, groups
    and residence hold from `since` (default today)."""
    values = draft.clean()
    with db.write() as s:
        _since(s, since)
        person = get_person(s, person_id)
        _check_cccd_free(s, values["cccd"], person.id)
        _check_since_birth(since, person, values)
        for key, value in values.items():
            if getattr(person, key) != value:
                setattr(person, key, value)
        return changes_of(s)


def set_person_fields(db: Database, person_id: str, since: dt.date | None = None, **fields: Any) -> Changes:
    """Change some fields of a person (e.g. the digital status ticks), validated like a full edit; changed
    statuses hold from `since` (default today)."""
    with db.write() as s:
        _since(s, since)
        person = get_person(s, person_id)
        current = {k: getattr(person, k) for k in PersonDraft.__dataclass_fields__}
        current.update(fields)
        values = PersonDraft(**current).clean()
        _check_cccd_free(s, values["cccd"], person.id)
        _check_since_birth(since, person, values)
        for key, value in values.items():
            if getattr(person, key) != value:
                setattr(person, key, value)
        return changes_of(s)


def move_person(db: Database, person_id: str, household_id: str) -> Changes:
    with db.write() as s:
        person = get_person(s, person_id)
        person.household_id = get_household(s, household_id).id
        return changes_of(s)


def delete_person(db: Database, person_id: str) -> Changes:
    with db.write() as s:
        get_person(s, person_id).deleted = True
        return changes_of(s)


def restore(db: Database, rows: frozenset[tuple[str, str]] | list[tuple[str, str]]) -> Changes:
    """Undo a delete: clear the tombstones of exactly the rows a delete's Changes named. The dated history
    those Changes also name (a deletion's `person_status` rows) is not revived: the undone deletion writes its
    own ("alive again since today"), as any change does."""
    from binhdan_desktop.store.models import MODEL_BY_TABLE

    with db.write() as s:
        for table, row_id in rows:
            if table == "person_status":
                continue
            row = s.get(MODEL_BY_TABLE[table], row_id)
            if row is None:
                raise NotFoundError("not_found.record", value=row_id)
            row.deleted = False
        return changes_of(s)


@dataclass(frozen=True)
class HouseholdSnapshot:
    """A household and its live members as they were, to undo an edit; with the dated history of everyone
    recorded in it (members deleted before included), which the undo puts back as it was."""

    household_id: str
    fields: dict[str, Any]
    members: dict[str, PersonDraft]
    history: dict[str, status_history.StatusRow] = field(default_factory=dict)


def _draft_of(person: Person) -> PersonDraft:
    return PersonDraft(**{k: getattr(person, k) for k in PersonDraft.__dataclass_fields__})


def snapshot(session: Session, household_id: str) -> HouseholdSnapshot:
    h = get_household(session, household_id)
    fields = {"code": h.code, "village": h.village_id, "address": h.address, "phone": h.phone,
              "poverty": h.poverty, "notes": h.notes}
    everyone = session.scalars(select(Person.id).where(Person.household_id == h.id)).all()
    return HouseholdSnapshot(h.id, fields, {p.id: _draft_of(p) for p in members(session, h.id)},
                             status_history.rows_of(session, everyone))


def snapshot_of(db: Database, household_id: str) -> HouseholdSnapshot:
    """The household form's content (and the undo of an edit), in its own read session."""
    with db.read() as s:
        return snapshot(s, household_id)


def save_household(db: Database, household_id: str, draft: HouseholdDraft,
                   people: list[tuple[str | None, PersonDraft]], since: dt.date | None = None) -> Changes:
    """Save the household form in one transaction: its fields, edited and new members, and the members
    no longer listed (tombstoned). Changed statuses, groups and residence hold from `since` (default today)."""
    cleaned = [(pid, d.clean()) for pid, d in people]
    with db.write() as s:
        _since(s, since)
        h = get_household(s, household_id)
        code = v.optional_text(draft.code, 50) or h.code
        if fold(code) != h.code_folded:
            _check_code_free(s, code, h.id)
        h.code, h.village_id = code, find_village(s, draft.village).id
        h.address, h.phone = v.optional_text(draft.address, 300), v.phone(draft.phone)
        h.poverty = v.choice(draft.poverty, Poverty, "poverty", Poverty.NONE).value
        h.notes = v.optional_text(draft.notes)
        kept = {pid for pid, _ in cleaned if pid}
        for person in members(s, h.id):
            if person.id not in kept:
                _check_since_birth(since, person)  # changes hold from `since`: never before a birth
                person.deleted = True
        for pid, values in cleaned:
            _check_cccd_free(s, values["cccd"], pid)
            found = get_person(s, pid) if pid else None
            if found is None:
                s.add(Person(household_id=h.id, **values))
                continue
            _check_since_birth(since, found, values)
            for key, value in values.items():
                if getattr(found, key) != value:
                    setattr(found, key, value)
        return changes_of(s, h)


def restore_snapshot(db: Database, snap: HouseholdSnapshot) -> Changes:
    """Put a household back as the snapshot had it (undo of an edit): its fields, its members' and their dated
    history, so that every figure of every past date is what it was before the edit (an edit dated in the past
    is undone on those days too, and the undo dates nothing from today)."""
    with db.write() as s:
        status_history.pause(s)
        h = s.get(Household, snap.household_id)
        if h is None:
            raise NotFoundError("not_found.household", value=snap.household_id)
        h.deleted = False
        h.code, h.village_id, h.address = snap.fields["code"], snap.fields["village"], snap.fields["address"]
        h.phone, h.poverty, h.notes = snap.fields["phone"], snap.fields["poverty"], snap.fields["notes"]
        everyone = list(s.scalars(select(Person).where(Person.household_id == h.id)))
        for person in everyone:
            before = snap.members.get(person.id)
            person.deleted = before is None
            if before is not None:
                for key, value in before.clean().items():
                    if getattr(person, key) != value:
                        setattr(person, key, value)
        status_history.put_back(s, {p.id for p in everyone} | {r.person_id for r in snap.history.values()},
                                snap.history)
        return changes_of(s, h)


# -- Reads for the screens. Each opens its own read session: the UI hands over the database, never a session.
# The list's page read (≤ 100 rows by id) may run on the GUI thread; every other read runs as a QueryOp.


def search_ids(db: Database, query: str = "", village_id: str | None = None, limit: int | None = None) -> list[str]:
    """Ids of live households matching what was typed (diacritics ignored), in Vietnamese name order."""
    with db.read() as s:
        return search_household_ids(s, query, village_id, limit=limit)


def rows_of(db: Database, ids: list[str]) -> dict[str, HouseholdRow]:
    """Display rows for these household ids."""
    with db.read() as s:
        return household_rows(s, ids)


def page_of(db: Database, ids: list[str]) -> dict[str, tuple[HouseholdRow, HouseholdStatus | None]]:
    """One page of the household list (≤ 100 ids): the rows with their indicator status."""
    from binhdan_desktop.services import indicators

    with db.read() as s:
        rows = household_rows(s, ids)
        status = indicators.household_status(s, ids)
    return {hid: (row, status.get(hid)) for hid, row in rows.items()}


def completions_of(db: Database, household_id: str) -> list[CompletionRow]:
    """Lessons completed by the household's live members, newest first."""
    with db.read() as s:
        return household_completions(s, household_id)


def lessons_done(db: Database, household_id: str) -> dict[str, set[str]]:
    """Per live member of the household: the ids of the lessons completed."""
    with db.read() as s:
        return completed_lessons(s, household_id)


def resident_people(db: Database, village_id: str | None = None) -> list[tuple[str, str, int | None, str]]:
    """Live residents (id, name, birth year, household code) in Vietnamese name order, of one village or all."""
    with db.read() as s:
        return residents(s, village_id)
