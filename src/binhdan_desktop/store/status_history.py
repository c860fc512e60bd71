"""Dated statuses: a change of a person's VNeID level, bank account, smartphone, online services, group,
residence or relation to the head, a person's deletion (or its undo), a move to another household and a move to
another village (the person's household moved, or the person moved to a household of another village) writes
`person_status` rows in the same flush (hence the same transaction and change log), so the indicators of a past
date read what held then and a re-printed report keeps its figures: a person deleted today is alive, and in the old
village, on every day before (and a visit log names the head of the visit day). A village merged into another is
no move: its people's past is the other village's (services/commune).

A row says "from `since` on, the value was `value`". The first change of a field also records the value held
before it (the baseline, dated by the person's first change-log entry, else the row's creation, and always
before the change). Before a person's earliest row the earliest value holds; a person without rows for a field
has held its current value all along. Writing a value since a date supersedes the rows of that field dated
on or after it (tombstoned), so the latest row is always the current value: the fast path of the indicators
(an as-of date on or after every row) reads the person's columns as they are."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from binhdan_desktop.store.models import Household, Person, Village

DATED_FIELDS = ("vneid_level", "has_bank_account", "has_smartphone", "uses_online_services", "is_public_staff",
                "is_worker", "is_trader", "student_level", "residence", "relation", "deleted", "household_id")
# Not a column of person: the village of the person's household, dated (a move writes it for each member).
VILLAGE = "village_id"
HISTORY_FIELDS = (*DATED_FIELDS, VILLAGE)
_FLAGS = frozenset({"has_bank_account", "has_smartphone", "uses_online_services", "is_public_staff", "is_worker",
                    "is_trader", "deleted"})
SINCE_KEY = "binhdan_status_since"
PAUSED_KEY = "binhdan_status_paused"  # an undo that puts the history back as it was writes none of its own
# Baseline rows have one id per person and field on every device: two devices that both record a first
# change of the same field write the same row, which sync merges instead of doubling.
_BASELINE_NS = uuid.UUID("6f1d1c3e-3b7a-4c59-9a0e-5a1f0b2d7c41")
_CHUNK = 500


def stored(field: str, value: Any) -> str | None:
    """A field's value as the history keeps it (text that SQLite compares like the column after a cast)."""
    if field in _FLAGS:
        return "1" if value else "0"
    if field == "vneid_level":
        return str(int(value or 0))
    return None if value is None or value == "" else str(value)


def set_since(session: Session, since: dt.date | None) -> None:
    """The date the changes written in this transaction hold from (None: today)."""
    session.info[SINCE_KEY] = since


def baseline_id(person_id: str, field: str) -> str:
    return str(uuid.uuid5(_BASELINE_NS, f"{person_id}/{field}"))


@dataclass(frozen=True)
class _Change:
    person_id: str
    field: str
    old: str | None
    new: str | None


def _old_values(session: Session, obj: Person, fields: list[str]) -> dict[str, Any]:
    """The stored values of `fields` (not flushed yet, so the database still has them)."""
    conn = session.connection()
    row = conn.exec_driver_sql(f"SELECT {', '.join(fields)} FROM person WHERE id = ?", (obj.id,)).one()
    return dict(zip(fields, row, strict=True))


def _village_of(session: Session, household_id: str | None) -> str | None:
    """The village of a household as this flush leaves it (a household added in the same flush included)."""
    if household_id is None:
        return None
    for obj in session.new:
        if isinstance(obj, Household) and obj.id == household_id:
            return obj.village_id
    found = session.get(Household, household_id)
    return None if found is None else found.village_id


def _village_gone(session: Session, village_id: str | None) -> bool:
    """A village deleted (or being deleted in this flush: a merge moves its households, which is no move)."""
    found = session.get(Village, village_id) if village_id else None
    return found is None or bool(found.deleted)


def _moves(session: Session, obj: Household) -> list[_Change]:
    """A household moved to another village: a village change for each of its members, those deleted before
    included (on the days they were alive they lived in the old village, with the rest of the household)."""
    hist = inspect(obj).attrs["village_id"].history
    if not hist.has_changes():
        return []
    conn = session.connection()
    if hist.deleted:
        old = hist.deleted[0]
    else:  # set without being loaded first: the database still has the old value
        old = conn.exec_driver_sql("SELECT village_id FROM household WHERE id = ?", (obj.id,)).scalar()
    if old == obj.village_id or _village_gone(session, old):
        return []
    ids = [r[0] for r in conn.exec_driver_sql(
        "SELECT id FROM person WHERE household_id = ?", (obj.id,))]
    return [_Change(pid, VILLAGE, old, obj.village_id) for pid in ids]


def _changes(session: Session) -> list[_Change]:
    out: list[_Change] = []
    for obj in session.dirty:
        if isinstance(obj, Household) and obj not in session.new:
            out.extend(_moves(session, obj))
            continue
        if not isinstance(obj, Person) or obj in session.new:
            continue
        state = inspect(obj)
        if state.key is None:
            continue
        changed: dict[str, Any] = {}
        unloaded: list[str] = []
        for f in DATED_FIELDS:
            hist = state.attrs[f].history
            if not hist.has_changes() or list(hist.deleted) == list(hist.added):
                continue
            if hist.deleted:
                changed[f] = hist.deleted[0]
            else:
                unloaded.append(f)
        if unloaded:
            changed.update(_old_values(session, obj, unloaded))
        for f, old in changed.items():
            before, after = stored(f, old), stored(f, getattr(obj, f))
            if before != after:
                out.append(_Change(obj.id, f, before, after))
        if "household_id" in changed and changed["household_id"] != obj.household_id:
            old_village = _village_of(session, changed["household_id"])
            new_village = _village_of(session, obj.household_id)
            if old_village != new_village and not _village_gone(session, old_village):
                out.append(_Change(obj.id, VILLAGE, old_village, new_village))
    # A person moved with the household and also on its own in one flush: the person's own change counts.
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in reversed(out):
        if (c.person_id, c.field) not in seen:
            seen.add((c.person_id, c.field))
            unique.append(c)
    return unique[::-1]


def _first_dates(session: Session, person_ids: Iterable[str]) -> dict[str, dt.date]:
    """Per person: the date of the first change-log entry (its insert, on whichever device), else creation."""
    conn = session.connection()
    ids = list(person_ids)
    out: dict[str, dt.date] = {}
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        marks = ",".join("?" * len(part))
        for pid, hlc in conn.exec_driver_sql(
                f"SELECT row_id, MIN(hlc) FROM change_log WHERE table_name = 'person' AND row_id IN ({marks}) "
                "GROUP BY row_id", tuple(part)):
            out[pid] = dt.datetime.fromtimestamp((int(hlc) >> 16) / 1000).date()
        for pid, created in conn.exec_driver_sql(
                f"SELECT id, created_at FROM person WHERE id IN ({marks})", tuple(part)):
            if pid not in out and created:
                out[pid] = dt.date.fromisoformat(str(created)[:10])
    return out


def record(session: Session, changes: list[_Change], since: dt.date) -> None:
    """Write the history rows of `changes` (each holds from `since`)."""
    from binhdan_desktop.store.models_late import PersonStatus

    persons = sorted({c.person_id for c in changes})
    live: dict[tuple[str, str], list[PersonStatus]] = defaultdict(list)
    for i in range(0, len(persons), _CHUNK):
        q = select(PersonStatus).where(PersonStatus.person_id.in_(persons[i:i + _CHUNK]),
                                       PersonStatus.deleted.is_(False))
        for row in session.scalars(q):
            live[(row.person_id, row.field)].append(row)
    firsts = _first_dates(session, {c.person_id for c in changes if not live[(c.person_id, c.field)]})
    for c in changes:
        rows = live[(c.person_id, c.field)]
        if not rows:
            start = min(firsts.get(c.person_id, since), since - dt.timedelta(days=1))
            base = session.get(PersonStatus, baseline_id(c.person_id, c.field))
            if base is None:
                session.add(PersonStatus(id=baseline_id(c.person_id, c.field), person_id=c.person_id,
                                         field=c.field, value=c.old, since=start))
            else:  # superseded once, then every later row was too: it comes back
                base.deleted, base.value, base.since = False, c.old, start
        elif all(r.since >= since for r in rows):
            # What held before `since` is the earliest value: it stays, dated the day before.
            min(rows, key=lambda r: (r.since, r.id)).since = since - dt.timedelta(days=1)
        for row in rows:
            if row.since >= since:
                row.deleted = True
        row = PersonStatus(person_id=c.person_id, field=c.field, value=c.new, since=since)
        session.add(row)
        rows[:] = [r for r in rows if not r.deleted] + [row]


@dataclass(frozen=True)
class StatusRow:
    """One `person_status` row as it stood (a snapshot's, for an undo)."""

    person_id: str
    field: str
    value: str | None
    since: dt.date
    deleted: bool


def rows_of(session: Session, person_ids: Iterable[str]) -> dict[str, StatusRow]:
    """Every history row of these people, live and superseded, by id: what an undo puts back."""
    from binhdan_desktop.store.models_late import PersonStatus

    ids, out = sorted(set(person_ids)), {}
    for i in range(0, len(ids), _CHUNK):
        for r in session.scalars(select(PersonStatus).where(PersonStatus.person_id.in_(ids[i:i + _CHUNK]))):
            out[r.id] = StatusRow(r.person_id, r.field, r.value, r.since, bool(r.deleted))
    return out


def pause(session: Session) -> None:
    """The changes of this transaction write no history (an undo that puts the history back itself)."""
    session.info[PAUSED_KEY] = True


def put_back(session: Session, person_ids: Iterable[str], before: dict[str, StatusRow]) -> None:
    """Undo: the history of these people exactly as `before` had it (rows written since are superseded, rows
    changed since take their old value, date and state back), and no history row for the undo itself: the
    values it restores held on the days `before` says. The rows' writes are logged (they sync) like any."""
    from binhdan_desktop.store.models_late import PersonStatus

    pause(session)
    ids = sorted(set(person_ids))
    for i in range(0, len(ids), _CHUNK):
        for row in session.scalars(select(PersonStatus).where(PersonStatus.person_id.in_(ids[i:i + _CHUNK]))):
            old = before.get(row.id)
            if old is None:
                if not row.deleted:
                    row.deleted = True
            elif (row.value, row.since, bool(row.deleted)) != (old.value, old.since, old.deleted):
                row.value, row.since, row.deleted = old.value, old.since, old.deleted


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    if not session.dirty or session.info.get(PAUSED_KEY):
        return
    changes = _changes(session)
    if changes:
        record(session, changes, session.info.get(SINCE_KEY) or dt.date.today())


def install(session_class: type[Session] | sessionmaker[Session]) -> None:
    """Attach the history to a Session class (or sessionmaker), ahead of change capture: the rows it adds are
    logged like every other."""
    event.listen(session_class, "before_flush", _before_flush, insert=True)
