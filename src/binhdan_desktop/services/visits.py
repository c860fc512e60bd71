"""Home visits: the hot path. A visit and the lessons completed during it are saved together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from binhdan_desktop.domain import validation as v
from binhdan_desktop.domain.enums import Channel, Residence
from binhdan_desktop.errors import ValidationError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.services.households import get_household, get_person
from binhdan_desktop.services.households import members as household_members
from binhdan_desktop.services.lessons import active_lessons, find_lesson
from binhdan_desktop.services.team import get_member
from binhdan_desktop.services.team import members as team_members
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Completion, Household, Visit, VisitMember, VisitPerson
from binhdan_desktop.store.queries.households import (
    HouseholdRow,
    completed_lessons,
    household_rows,
    search_household_ids,
)


@dataclass
class VisitDraft:
    household_id: str
    date: dt.date = field(default_factory=dt.date.today)
    member_ids: Sequence[str] = ()
    people_met: Sequence[str] = ()
    completions: Sequence[tuple[str, str]] = ()  # (person id, lesson id or code)
    notes: str = ""
    follow_up: dt.date | None = None


def record_visit(db: Database, draft: VisitDraft) -> Changes:
    """Save a visit, who was met, who came, and each completed lesson, in one transaction."""
    v.not_future(draft.date, "date")
    if draft.follow_up is not None and draft.follow_up < draft.date:
        raise ValidationError("validation.invalid", field="follow_up", value=draft.follow_up.isoformat())
    with db.write() as s:
        household = get_household(s, draft.household_id)
        visit = Visit(household_id=household.id, date=draft.date, notes=v.optional_text(draft.notes),
                      follow_up=draft.follow_up)
        s.add(visit)
        s.flush()
        member_ids = list(dict.fromkeys(get_member(s, m).id for m in draft.member_ids))
        for member_id in member_ids:
            s.add(VisitMember(visit_id=visit.id, member_id=member_id))
        met = list(dict.fromkeys([*draft.people_met, *(p for p, _ in draft.completions)]))
        for person_id in met:
            if get_person(s, person_id).household_id != household.id:
                raise ValidationError("validation.invalid", field="full_name", value=person_id)
            s.add(VisitPerson(visit_id=visit.id, person_id=person_id))
        teacher = member_ids[0] if member_ids else None
        for person_id, lesson_key in dict.fromkeys(draft.completions):
            s.add(Completion(person_id=person_id, lesson_id=find_lesson(s, lesson_key).id, date=draft.date,
                             channel=Channel.HOME_VISIT.value, taught_by=teacher, visit_id=visit.id))
        return changes_of(s, visit)


def delete_visit(db: Database, visit_id: str) -> Changes:
    """Tombstone a visit with its completions and links."""
    with db.write() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.deleted:
            raise ValidationError("validation.invalid", field="date", value=visit_id)
        for model in (Completion, VisitMember, VisitPerson):
            for row in s.scalars(select(model).where(model.visit_id == visit.id, model.deleted.is_(False))):
                row.deleted = True
        visit.deleted = True
        return changes_of(s)


def household_visits(session: Session, household_id: str) -> list[Visit]:
    return list(session.scalars(select(Visit).where(Visit.household_id == household_id, Visit.deleted.is_(False))
                                .order_by(Visit.date.desc())))


def due_household_ids(session: Session, today: dt.date | None = None) -> list[tuple[str, dt.date]]:
    """Households whose latest visit asked for a follow-up on or before `today`, oldest first.
    Starts from the (few) visits with a follow-up due and drops those a later visit superseded."""
    today = today or dt.date.today()
    later = aliased(Visit)
    superseded = (select(later.id).where(
        later.household_id == Visit.household_id, later.deleted.is_(False), later.id != Visit.id,
        (later.date > Visit.date) | ((later.date == Visit.date) & (later.created_at > Visit.created_at)))
        .exists())
    q = (select(Visit.household_id, Visit.follow_up)
         .join(Household, Household.id == Visit.household_id)
         .where(Visit.deleted.is_(False), Household.deleted.is_(False), Visit.follow_up.is_not(None),
                Visit.follow_up <= today, ~superseded)
         .order_by(Visit.follow_up))
    return [(hid, due) for hid, due in session.execute(q) if due is not None]


def add_completion(db: Database, person_id: str, lesson: str, date: dt.date, channel: str,
                   taught_by: str | None = None) -> Changes:
    """Record one completed lesson outside a visit or event (e.g. learned on the national platform)."""
    v.not_future(date, "date")
    chosen = v.choice(channel, Channel, "channel")
    with db.write() as s:
        person = get_person(s, person_id)
        completion = Completion(person_id=person.id, lesson_id=find_lesson(s, lesson).id, date=date,
                                channel=chosen.value, taught_by=get_member(s, taught_by).id if taught_by else None)
        s.add(completion)
        return changes_of(s, completion)


def delete_completion(db: Database, completion_id: str) -> Changes:
    with db.write() as s:
        row = s.get(Completion, completion_id)
        if row is None or row.deleted:
            raise ValidationError("validation.invalid", field="date", value=completion_id)
        row.deleted = True
        return changes_of(s)


# -- Reads for the screens (each opens its own read session: the UI hands over the database).


@dataclass(frozen=True)
class DueRow:
    household_id: str
    due: dt.date
    code: str
    head: str
    village: str
    address: str


@dataclass(frozen=True)
class VisitRow:
    date: dt.date
    notes: str
    follow_up: dt.date | None


@dataclass(frozen=True)
class VisitChoices:
    """What the visit form offers: the active lessons (id, code, title) and the team (id, name)."""

    lessons: list[tuple[str, str, str]]
    members: list[tuple[str, str]]


@dataclass(frozen=True)
class VisitHousehold:
    """The household the visit form shows: its row, the residents (id, name, birth year), lessons done."""

    row: HouseholdRow
    people: list[tuple[str, str, int | None]]
    done: dict[str, set[str]]


def due_rows(db: Database, today: dt.date | None = None) -> list[DueRow]:
    """The "Cần thăm lại" list: households due for a follow-up visit, oldest first, with their rows."""
    with db.read() as s:
        due = due_household_ids(s, today)
        rows = household_rows(s, [hid for hid, _ in due])
    return [DueRow(hid, day, rows[hid].code, rows[hid].head, rows[hid].village, rows[hid].address)
            for hid, day in due if hid in rows]


def history_of(db: Database, household_id: str) -> list[VisitRow]:
    """The household's visits, newest first."""
    with db.read() as s:
        return [VisitRow(vt.date, vt.notes, vt.follow_up) for vt in household_visits(s, household_id)]


def visit_choices(db: Database) -> VisitChoices:
    with db.read() as s:
        return VisitChoices([(lesson.id, lesson.code, lesson.title) for lesson in active_lessons(s)],
                            [(m.id, m.name) for m in team_members(s)])


def visit_household(db: Database, household_id: str) -> VisitHousehold:
    with db.read() as s:
        row = household_rows(s, [get_household(s, household_id).id])[household_id]
        people = [(p.id, p.full_name, p.birth_year) for p in household_members(s, household_id)
                  if p.residence == Residence.RESIDENT]
        return VisitHousehold(row, people, completed_lessons(s, household_id))


def search_rows(db: Database, text: str, limit: int = 30) -> list[HouseholdRow]:
    """Households matching what was typed in the visit form's search (diacritics ignored), best first."""
    with db.read() as s:
        ids = search_household_ids(s, text, limit=limit)
        rows = household_rows(s, ids)
    return [rows[hid] for hid in ids if hid in rows]
