"""Classes and events (community classes, school sessions, staff trainings, the 10/10 Digital Day):
attendance of registered people becomes completions of the lessons taught."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from binhdan_desktop.domain import validation as v
from binhdan_desktop.domain.enums import EventKind
from binhdan_desktop.errors import NotFoundError, ValidationError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.services.commune import find_village, villages
from binhdan_desktop.services.households import get_person
from binhdan_desktop.services.lessons import active_lessons, find_lesson
from binhdan_desktop.services.team import get_member
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Completion, Event, EventAttendee


@dataclass
class EventDraft:
    title: str
    kind: str
    date: dt.date
    place: str = ""
    village: str | None = None
    attendance: int | None = None  # head count; defaults to the registered attendees
    attendee_ids: Sequence[str] = ()
    lessons: Sequence[str] = ()  # lesson ids or codes taught
    taught_by: str | None = None
    notes: str = ""


def get_event(session: Session, event_id: str) -> Event:
    found = session.get(Event, event_id)
    if found is None or found.deleted:
        raise NotFoundError("not_found.event", value=event_id)
    return found


def record_event(db: Database, draft: EventDraft) -> Changes:
    """Save the event, its attendees, and one completion per attendee and lesson."""
    kind = v.choice(draft.kind, EventKind, "kind")
    v.not_future(draft.date, "date")
    attendees = list(dict.fromkeys(draft.attendee_ids))
    head_count = len(attendees) if draft.attendance is None else int(draft.attendance)
    if head_count < len(attendees):
        raise ValidationError("validation.invalid", field="attendance", value=head_count)
    with db.write() as s:
        village_id = find_village(s, draft.village).id if draft.village else None
        teacher = get_member(s, draft.taught_by).id if draft.taught_by else None
        lesson_ids = list(dict.fromkeys(find_lesson(s, key).id for key in draft.lessons))
        event = Event(title=v.required_text(draft.title, "event.title", 300), kind=kind.value, date=draft.date,
                      place=v.optional_text(draft.place, 300), village_id=village_id, attendance=head_count,
                      notes=v.optional_text(draft.notes))
        s.add(event)
        s.flush()
        for person_id in attendees:
            get_person(s, person_id)
            s.add(EventAttendee(event_id=event.id, person_id=person_id))
            for lesson_id in lesson_ids:
                s.add(Completion(person_id=person_id, lesson_id=lesson_id, date=draft.date,
                                 channel=kind.channel.value, taught_by=teacher, event_id=event.id))
        return changes_of(s, event)


@dataclass(frozen=True)
class EventRow:
    """One line of the events table."""

    id: str
    date: dt.date
    title: str
    kind: str
    place: str
    attendance: int


@dataclass(frozen=True)
class EventChoices:
    """What the event form offers: the villages (id, name) and the active lessons (id, "code – title")."""

    villages: list[tuple[str, str]]
    lessons: list[tuple[str, str]]


def event_rows(db: Database, year: int | None = None) -> list[EventRow]:
    """Live events, newest first, as plain rows (a read session of its own)."""
    with db.read() as s:
        return [EventRow(e.id, e.date, e.title, e.kind, e.place or "", e.attendance or 0) for e in events(s, year)]


def event_choices(db: Database) -> EventChoices:
    """The villages and active lessons the event form lists."""
    with db.read() as s:
        return EventChoices([(x.id, x.name) for x in villages(s)],
                            [(x.id, f"{x.code} – {x.title}") for x in active_lessons(s)])


def events(session: Session, year: int | None = None) -> list[Event]:
    q = select(Event).where(Event.deleted.is_(False)).order_by(Event.date.desc())
    if year:
        q = q.where(Event.date >= dt.date(year, 1, 1), Event.date <= dt.date(year, 12, 31))
    return list(session.scalars(q))


def attendee_ids(session: Session, event_id: str) -> list[str]:
    return list(session.scalars(select(EventAttendee.person_id).where(
        EventAttendee.event_id == event_id, EventAttendee.deleted.is_(False))))


def delete_event(db: Database, event_id: str) -> Changes:
    with db.write() as s:
        event = get_event(s, event_id)
        for model in (Completion, EventAttendee):
            for row in s.scalars(select(model).where(model.event_id == event.id, model.deleted.is_(False))):
                row.deleted = True
        event.deleted = True
        return changes_of(s)
