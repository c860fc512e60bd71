"""Setting up the commune: its name, villages, the plan's targets and rules, and the curriculum."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from binhdan_desktop.domain import validation as v
from binhdan_desktop.domain.enums import VillageKind
from binhdan_desktop.domain.plan import PlanDefaults, load_curriculum, load_plan
from binhdan_desktop.errors import BinhdanError, NotFoundError, ValidationError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import (
    Commune,
    Household,
    IndicatorRule,
    Lesson,
    PlanTarget,
    Setting,
    Village,
)

if TYPE_CHECKING:
    from binhdan_desktop.services.team import MemberDraft

DEFAULT_SETTINGS: dict[str, object] = {
    "report.signer_authority": "KT. CHỦ TỊCH",
    "report.signer_title": "PHÓ CHỦ TỊCH",
    "report.signer_name": "",
    "report.recipients": [
        "Sở Khoa học và Công nghệ (báo cáo)",
        "Thường trực Đảng ủy (báo cáo)",
        "Thường trực HĐND xã (báo cáo)",
        "Chủ tịch, các PCT UBND xã",
        "Lưu: VT",
    ],
}


def get_commune(session: Session) -> Commune | None:
    return session.scalars(select(Commune).where(Commune.deleted.is_(False))).first()


def require_commune(session: Session) -> Commune:
    commune = get_commune(session)
    if commune is None:
        raise BinhdanError("commune.missing")
    return commune


def villages(session: Session) -> list[Village]:
    return list(session.scalars(
        select(Village).where(Village.deleted.is_(False)).order_by(Village.sort_order, Village.name)))


def village_choices(db: Database) -> list[tuple[str, str]]:
    """(id, name) of the live villages in order, for the screens' pickers (opens its own read session)."""
    with db.read() as s:
        return [(vg.id, vg.name) for vg in villages(s)]


def commune_name(db: Database) -> str | None:
    """The commune's name, None before the first-run setup (opens its own read session)."""
    with db.read() as s:
        found = get_commune(s)
        return found.name if found else None


def find_village(session: Session, key: str) -> Village:
    """A village by id or by name (diacritics and case ignored)."""
    from binhdan_desktop.domain.text import fold

    found = session.get(Village, key)
    if found is None or found.deleted:
        found = session.scalars(select(Village).where(
            Village.deleted.is_(False), Village.name_folded == fold(key))).first()
    if found is None:
        raise NotFoundError("not_found.village", value=key)
    return found


_COMMUNE_WORD = re.compile(r"xã\s+(?=\S)", re.IGNORECASE)


def commune_name_text(name: str) -> str:
    """The commune's name as stored: NFC, required, without a leading "Xã", which every title and report adds
    itself ("UBND xã {name}"): "Xã Tịnh Khê" is stored as "Tịnh Khê", never shown as "xã Xã Tịnh Khê"."""
    text = v.required_text(name, "name")
    return _COMMUNE_WORD.sub("", text, count=1) if _COMMUNE_WORD.match(text) else text


def checked_village_names(names: Sequence[str]) -> list[str]:
    """The villages of a new commune, each required and given once: "Thôn A" and "thôn  a" (or "Thôn Á") are the
    same village, as the search (which folds case, accents and spaces) would find both as one."""
    from binhdan_desktop.domain.text import fold

    checked = [v.required_text(n, "village") for n in names]
    seen: set[str] = set()
    for name in checked:
        if fold(name) in seen:
            raise ValidationError("setup.duplicate_village", field="village", value=name)
        seen.add(fold(name))
    return checked


def _seed_plan(session: Session, plan: PlanDefaults) -> None:
    """The plan's targets and rules; the rules' lesson codes become the ids of the curriculum seeded first."""
    ids = {code: lid for lid, code in session.execute(select(Lesson.id, Lesson.code).where(Lesson.deleted.is_(False)))}
    for t in plan.targets:
        session.add(PlanTarget(year=t.year, code=t.code, target=t.target, lead_unit=t.lead_unit,
                               partner_units=t.partner_units, goal=t.goal,
                               student_levels=list(t.student_levels) if t.student_levels else None))
    for r in plan.rules:
        lessons = None if r.lessons is None else [ids[c] for c in r.lessons if c in ids]
        session.add(IndicatorRule(code=r.code, lessons=lessons,
                                  min_count=r.min_count, channels=list(r.channels) if r.channels else None,
                                  requires=list(r.requires)))


def _seed_curriculum(session: Session) -> None:
    for i, raw in enumerate(load_curriculum()):
        session.add(Lesson(code=raw["code"], title=raw["title"], description=raw.get("description", ""),
                           skill_area=raw.get("skill_area", ""), groups=raw.get("groups", []),
                           serves=raw.get("serves", []), framework=raw.get("framework", ""),
                           minutes=raw.get("minutes"), sort_order=i + 1))


def setup_commune(db: Database, name: str, province: str, village_names: Sequence[str], *,
                  governing_body: str = "", village_kind: str = VillageKind.THON,
                  first_member: MemberDraft | None = None) -> Changes:
    """First-run setup in one transaction: the commune, its villages, the plan's defaults, the default
    curriculum and, if given, the first team member (who may cover the new villages by name). A failure
    anywhere stores nothing, so the same setup can simply be tried again."""
    from binhdan_desktop.services.team import add_member  # team needs this module's village lookup

    name = commune_name_text(name)
    kind = v.choice(village_kind, VillageKind, "kind")
    names = checked_village_names(village_names)
    with db.write() as s:
        existing = get_commune(s)
        if existing is not None:
            raise BinhdanError("commune.exists", value=existing.name)
        commune = Commune(name=name, province=v.optional_text(province, 200),
                          governing_body=v.optional_text(governing_body, 200))
        s.add(commune)
        for i, village_name in enumerate(names):
            s.add(Village(name=village_name, kind=kind, sort_order=i + 1))
        _seed_curriculum(s)
        _seed_plan(s, load_plan())  # after the curriculum: rules name lessons by id
        for key, value in DEFAULT_SETTINGS.items():
            s.add(Setting(key=key, value=value))
        if first_member is not None:
            s.flush()
            add_member(s, first_member)
        return changes_of(s, commune)


@dataclass(frozen=True)
class CommuneInfo:
    name: str
    province: str
    governing_body: str


@dataclass(frozen=True)
class VillageInfo:
    id: str
    name: str


def info_of(db: Database) -> CommuneInfo | None:
    """The commune's name, province and governing body; None before the first-run setup."""
    with db.read() as s:
        c = get_commune(s)
        return None if c is None else CommuneInfo(c.name, c.province, c.governing_body)


def village_list(db: Database) -> list[VillageInfo]:
    """The live villages in their order."""
    with db.read() as s:
        return [VillageInfo(vg.id, vg.name) for vg in villages(s)]


def update_commune(db: Database, *, name: str, province: str, governing_body: str = "") -> Changes:
    with db.write() as s:
        commune = require_commune(s)
        commune.name = commune_name_text(name)
        commune.province = v.optional_text(province, 200)
        commune.governing_body = v.optional_text(governing_body, 200)
        return changes_of(s, None)


def _free_village_name(session: Session, name: str, keep: str | None = None) -> str:
    """`name`, checked, unless another live village (not `keep`) already has it, folded as the search folds."""
    from binhdan_desktop.domain.text import fold

    text = v.required_text(name, "village")
    if any(vg.id != keep and vg.name_folded == fold(text) for vg in villages(session)):
        raise ValidationError("setup.duplicate_village", field="village", value=text)
    return text


def add_village(db: Database, name: str, kind: str = VillageKind.THON) -> Changes:
    with db.write() as s:
        require_commune(s)
        top = s.scalar(select(func.max(Village.sort_order)).where(Village.deleted.is_(False))) or 0
        village = Village(name=_free_village_name(s, name), kind=v.choice(kind, VillageKind, "kind"),
                          sort_order=top + 1)
        s.add(village)
        return changes_of(s, village)


def rename_village(db: Database, village_id: str, name: str) -> Changes:
    with db.write() as s:
        village = find_village(s, village_id)
        village.name = _free_village_name(s, name, keep=village.id)
        return changes_of(s)


def merge_villages(db: Database, source_id: str, target_id: str) -> Changes:
    """Move every household, event and team assignment of `source` to `target`; tombstone `source`."""
    # mapped late (see models.LATE_MODELS)
    from binhdan_desktop.store.models import Event, TeamMemberVillage

    with db.write() as s:
        source, target = find_village(s, source_id), find_village(s, target_id)
        moved: tuple[Any, ...] = (Household, Event, TeamMemberVillage)  # each has a village_id
        for model in moved:
            for row in s.scalars(select(model).where(model.village_id == source.id, model.deleted.is_(False))):
                row.village_id = target.id
        # A merge is no move: the people of `source` lived in what is now `target` on every past day as well.
        from binhdan_desktop.store.models_late import PersonStatus
        from binhdan_desktop.store.status_history import VILLAGE

        for status in s.scalars(select(PersonStatus).where(PersonStatus.field == VILLAGE,
                                                           PersonStatus.value == source.id,
                                                           PersonStatus.deleted.is_(False))):
            status.value = target.id
        source.deleted = True
        source.merged_into = target.id  # what another laptop records in `source` meanwhile follows (sync.meet)
        return changes_of(s, target)


def get_setting(session: Session, key: str, default: object = None) -> object:
    row = session.scalars(select(Setting).where(Setting.key == key, Setting.deleted.is_(False))).first()
    return default if row is None else row.value


def set_setting(db: Database, key: str, value: object) -> Changes:
    with db.write() as s:
        row = s.scalars(select(Setting).where(Setting.key == key, Setting.deleted.is_(False))).first()
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
        return changes_of(s)
