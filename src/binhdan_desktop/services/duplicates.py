"""Business duplicates after sync: one person (one CCCD) recorded on two laptops, or two households given the
same code offline. Neither blocks editing (a record keeping its CCCD or code is never refused); each is a review
item in the conflicts screen: merge the two people, or give a household the next free code of its village.
The items are counted by SQL from the data itself, so they appear and close alike on every device."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.errors import NotFoundError
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household, Person, Village

PERSON, HOUSEHOLD = "person", "household"
# Fields the merged person takes from the other record when it has none itself; ticks are kept when either has it.
_FILL = ("birth_date", "birth_year", "phone", "student_level")
_TICKS = ("has_smartphone", "has_bank_account", "uses_online_services", "is_public_staff", "is_worker", "is_trader")


@dataclass(frozen=True)
class Duplicate:
    """One review item: `kind` PERSON (same CCCD) or HOUSEHOLD (same code); `ids` oldest first (the one kept)."""

    kind: str
    key: str  # the CCCD or the code
    ids: tuple[str, ...]
    names: tuple[str, ...]  # each record in words: "Nguyễn Văn An – hộ T01-0003 (Thôn Một)"

    def text(self, lang: str = "vi") -> str:
        if self.kind == PERSON:
            head = f"CCCD {self.key}"
        else:
            head = f"Household code {self.key}" if lang == "en" else f"Mã hộ {self.key}"
        return f"{head}: " + " / ".join(self.names)


def _village(s: Session, village_id: str) -> str:
    return s.scalar(select(Village.name).where(Village.id == village_id)) or ""


def _person_text(s: Session, p: Person, lang: str) -> str:
    h = s.get(Household, p.household_id)
    word = "household" if lang == "en" else "hộ"
    return f"{p.full_name} – {word} {h.code} ({_village(s, h.village_id)})" if h else p.full_name


def _household_text(s: Session, h: Household, lang: str) -> str:
    from binhdan_desktop.domain.enums import Relation

    head = s.scalar(select(Person.full_name).where(Person.household_id == h.id, Person.deleted.is_(False),
                                                   Person.relation == Relation.HEAD.value).limit(1))
    word = "Household" if lang == "en" else "Hộ"
    return f"{word} {h.code}{' – ' + head if head else ''} ({_village(s, h.village_id)})"


def find(db: Database, lang: str = "vi") -> list[Duplicate]:
    """Every open business duplicate: people sharing a CCCD, then households sharing a code."""
    with db.read() as s:
        out: list[Duplicate] = []
        shared = s.scalars(select(Person.cccd).where(Person.deleted.is_(False), Person.cccd.is_not(None),
                                                     Person.cccd != "").group_by(Person.cccd)
                           .having(func.count() > 1).order_by(Person.cccd)).all()
        for cccd in shared:
            people = s.scalars(select(Person).where(Person.cccd == cccd, Person.deleted.is_(False))
                               .order_by(Person.id)).all()
            out.append(Duplicate(PERSON, str(cccd), tuple(p.id for p in people),
                                 tuple(_person_text(s, p, lang) for p in people)))
        codes = s.scalars(select(Household.code_folded).where(Household.deleted.is_(False))
                          .group_by(Household.code_folded).having(func.count() > 1)
                          .order_by(Household.code_folded)).all()
        for folded in codes:
            homes = s.scalars(select(Household).where(Household.code_folded == folded, Household.deleted.is_(False))
                              .order_by(Household.id)).all()
            out.append(Duplicate(HOUSEHOLD, homes[0].code, tuple(h.id for h in homes),
                                 tuple(_household_text(s, h, lang) for h in homes)))
        return out


def merge_people(db: Database, keep_id: str, other_ids: tuple[str, ...] | list[str]) -> Changes:
    """One person recorded twice: `keep_id` stays, takes what only the others knew (an empty field filled, a tick
    kept) and their lessons, visits and class attendance; the others are deleted. One transaction."""
    from binhdan_desktop.store.models import Completion, EventAttendee, VisitPerson

    with db.write() as s:
        keep = _live(s, keep_id)
        for other_id in other_ids:
            if other_id == keep_id:
                continue
            other = _live(s, other_id)
            for name in _FILL:
                if getattr(keep, name) in (None, "") and getattr(other, name) not in (None, ""):
                    setattr(keep, name, getattr(other, name))
            for name in _TICKS:
                if getattr(other, name) and not getattr(keep, name):
                    setattr(keep, name, True)
            keep.vneid_level = max(keep.vneid_level or 0, other.vneid_level or 0)
            if other.notes and other.notes not in (keep.notes or ""):
                keep.notes = f"{keep.notes}\n{other.notes}".strip()
            models: tuple[Any, ...] = (Completion, VisitPerson, EventAttendee)
            for model in models:
                for row in s.scalars(select(model).where(model.person_id == other.id, model.deleted.is_(False))):
                    row.person_id = keep.id
            other.deleted = True
        return changes_of(s, keep)


def renumber(db: Database, household_ids: tuple[str, ...] | list[str]) -> Changes:
    """Households that share a code with an older one: each gets the next free code of its village."""
    from binhdan_desktop.services.households import next_code

    with db.write() as s:
        for hid in household_ids:
            h = s.get(Household, hid)
            if h is None or h.deleted:
                raise NotFoundError("not_found.household", value=hid)
            village = s.get(Village, h.village_id)
            h.code = next_code(s, village.sort_order if village else 0)
            s.flush()  # the next one sees this code as taken
        return changes_of(s)


def resolve(db: Database, item: Duplicate) -> Changes:
    """The review item's action: merge into the oldest person, or renumber all households but the oldest."""
    if item.kind == PERSON:
        return merge_people(db, item.ids[0], item.ids[1:])
    return renumber(db, item.ids[1:])


def _live(s: Session, person_id: str) -> Person:
    found = s.get(Person, person_id)
    if found is None or found.deleted:
        raise NotFoundError("not_found.person", value=person_id)
    return found
