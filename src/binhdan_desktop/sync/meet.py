"""Edits that meet across laptops, each resolved by a rule every device applies alike, right after a bundle is
applied (in its transaction), as new changes stamped after what was applied (so they win on every device):

1. A member added to (or moved into) a household that another laptop deleted revives the household: nobody is
   left invisible and uncounted. The revival is a review item in the conflicts list (field "deleted": kept "no",
   lost "yes"); taking the deletion there deletes the household with all its members.
2. A household (an event, a team member's village) recorded in a village that another laptop merged into another
   follows the merge, as if it had been there at the merge: the commune total stays the sum of its villages.

A bundle of other changes is not looked at; for the rest the queries start from what is deleted (few rows)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from binhdan_desktop.store.changelog import raw_connection
from binhdan_desktop.store.models import Household, Person, Village

REVIVED_FIELD = "deleted"


TOUCHES = frozenset({"household", "person", "village"})


def after_apply(s: Session, records: Iterable[Mapping[str, Any]]) -> set[str]:
    """Apply the rules after a bundle that touched households, people or villages (inside the apply transaction,
    after the clock observed its stamps); returns the tables the rules changed. The queries start from the deleted
    households and villages, which are few: a first sync of a whole commune pays a few milliseconds."""
    if not any(r.get("t") in TOUCHES for r in records):
        return set()
    touched: set[str] = set()
    raw = raw_connection(s.connection())
    revived = [hid for (hid,) in raw.execute(
        "SELECT DISTINCT h.id FROM household h JOIN person p ON p.household_id = h.id "
        "WHERE h.deleted = 1 AND p.deleted = 0")]
    if revived and revive_households(s, revived):
        touched |= {"household", "sync_conflict"}
    _close_stale_revivals(s)
    stray = [hid for (hid,) in raw.execute(  # from the deleted villages (CROSS JOIN: never a scan of the households)
        "SELECT h.id FROM village v CROSS JOIN household h ON h.village_id = v.id AND h.deleted = 0 "
        "WHERE v.deleted = 1")]
    if stray and follow_merges(s, stray):
        touched.add("household")
    merged = [vid for (vid,) in raw.execute("SELECT id FROM village WHERE deleted = 1 AND merged_into IS NOT NULL")]
    if merged:
        touched |= _follow_merges_of_others(s, merged)
    return touched


def revive_households(s: Session, household_ids: Iterable[str]) -> list[str]:
    """Deleted households among these that have a live member: undeleted, each with a review item."""
    ids = list(household_ids)
    found = s.execute(select(Household).join(Person, Person.household_id == Household.id).where(
        Household.id.in_(ids), Household.deleted.is_(True), Person.deleted.is_(False)).distinct()).scalars().all()
    revived = []
    for household in found:
        _review_revival(s, household.id)
        household.deleted = False
        revived.append(household.id)
    if revived:
        s.flush()
    return revived


def _close_stale_revivals(s: Session) -> None:
    """A household deleted again with all its members (the review's answer, on whichever device) closes its
    revival items here, and a revival another laptop made before it saw that deletion is no new item either."""
    raw_connection(s.connection()).execute(
        "UPDATE sync_conflict SET resolved = 1 WHERE resolved = 0 AND table_name = 'household' AND field = ? "
        "AND EXISTS (SELECT 1 FROM household h WHERE h.id = sync_conflict.row_id AND h.deleted = 1) "
        "AND NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = sync_conflict.row_id AND p.deleted = 0)",
        (REVIVED_FIELD,))


def _review_revival(s: Session, household_id: str) -> None:
    """The revival as a conflict: the deletion (lost) against the newest change of a live member (kept), versions
    every device holds alike."""
    raw = raw_connection(s.connection())
    deleted = raw.execute("SELECT hlc, device_id FROM change_log WHERE table_name = 'household' AND row_id = ? "
                          "AND op = 'delete' ORDER BY hlc DESC, device_id DESC LIMIT 1", (household_id,)).fetchone()
    member = raw.execute(
        "SELECT c.hlc, c.device_id FROM change_log c JOIN person p ON p.id = c.row_id "
        "WHERE c.table_name = 'person' AND p.household_id = ? AND p.deleted = 0 "
        "ORDER BY c.hlc DESC, c.device_id DESC LIMIT 1", (household_id,)).fetchone()
    if deleted is None or member is None:
        return
    exists = raw.execute("SELECT 1 FROM sync_conflict WHERE table_name = 'household' AND row_id = ? AND field = ? "
                         "AND lost_hlc = ? AND lost_device = ?",
                         (household_id, REVIVED_FIELD, deleted[0], deleted[1])).fetchone()
    if exists:
        return
    raw.execute(
        "INSERT INTO sync_conflict (table_name, row_id, field, kept_value, lost_value, lost_device, lost_hlc, "
        "kept_device, kept_hlc, resolved) VALUES ('household', ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (household_id, REVIVED_FIELD, json.dumps(False), json.dumps(True), deleted[1], deleted[0], member[1],
         member[0]))


def _merge_target(s: Session, village_id: str) -> str | None:
    """The live village a merged one went into (following merges of merges); None: not merged."""
    seen: set[str] = set()
    current: str | None = village_id
    while current is not None and current not in seen:
        seen.add(current)
        village = s.get(Village, current)
        if village is None:
            return None
        if not village.deleted:
            return village.id if village.id != village_id else None
        current = village.merged_into
    return None


def follow_merges(s: Session, household_ids: Iterable[str]) -> int:
    """Live households among these in a merged village: moved to the village it was merged into."""
    ids = list(household_ids)
    moved = 0
    rows = s.scalars(select(Household).join(Village, Village.id == Household.village_id).where(
        Household.id.in_(ids), Household.deleted.is_(False), Village.deleted.is_(True))).all()
    for household in rows:
        target = _merge_target(s, household.village_id)
        if target is not None:
            household.village_id = target
            moved += 1
    if moved:
        s.flush()
    return moved


def _follow_merges_of_others(s: Session, village_ids: Iterable[str]) -> set[str]:
    """Events and team assignments still in a merged village follow it too (live ones only: few)."""
    from binhdan_desktop.store.models import Event, TeamMemberVillage

    models: tuple[Any, ...] = (Event, TeamMemberVillage)  # each has a village_id
    touched: set[str] = set()
    for village_id in village_ids:
        target = _merge_target(s, village_id)
        if target is None:
            continue
        for model in models:
            for row in s.scalars(select(model).where(model.village_id == village_id, model.deleted.is_(False))):
                row.village_id = target
                touched.add(model.__tablename__)
    if touched:
        s.flush()
    return touched
