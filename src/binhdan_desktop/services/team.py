"""Team members (tổ công nghệ số cộng đồng), their roles and the villages they cover."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from binhdan_desktop.domain import validation as v
from binhdan_desktop.domain.enums import Role
from binhdan_desktop.errors import NotFoundError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.services.commune import find_village
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import TeamMember, TeamMemberVillage


@dataclass(frozen=True)
class MemberDraft:
    """A team member as a form holds it; `villages` are ids or names."""

    name: str
    phone: str | None = None
    role: str = Role.MEMBER
    villages: Sequence[str] = ()


@dataclass(frozen=True)
class MemberInfo:
    """A team member for the screens, with the ids of the villages they cover."""

    id: str
    name: str
    phone: str
    role: str
    village_ids: frozenset[str]


def members(session: Session) -> list[TeamMember]:
    return sorted(session.scalars(select(TeamMember).where(TeamMember.deleted.is_(False))),
                  key=lambda m: m.name_folded)


def get_member(session: Session, member_id: str) -> TeamMember:
    found = session.get(TeamMember, member_id)
    if found is None or found.deleted:
        raise NotFoundError("not_found.member", value=member_id)
    return found


def member_villages(session: Session, member_id: str) -> list[str]:
    return list(session.scalars(select(TeamMemberVillage.village_id).where(
        TeamMemberVillage.member_id == member_id, TeamMemberVillage.deleted.is_(False))))


def _set_villages(session: Session, member: TeamMember, villages: Sequence[str]) -> None:
    wanted = {find_village(session, key).id for key in villages}
    current = {row.village_id: row for row in session.scalars(select(TeamMemberVillage).where(
        TeamMemberVillage.member_id == member.id, TeamMemberVillage.deleted.is_(False)))}
    for village_id, row in current.items():
        if village_id not in wanted:
            row.deleted = True
    for village_id in wanted - current.keys():
        session.add(TeamMemberVillage(member_id=member.id, village_id=village_id))


def add_member(session: Session, draft: MemberDraft) -> TeamMember:
    """Add a member and their villages inside the caller's transaction (first-run setup uses it too)."""
    member = TeamMember(name=v.required_text(draft.name, "name"), phone=v.phone(draft.phone),
                        role=v.choice(draft.role, Role, "role").value)
    session.add(member)
    session.flush()
    _set_villages(session, member, draft.villages)
    return member


def create_member(db: Database, name: str, *, phone: str | None = None, role: str = Role.MEMBER,
                  villages: Sequence[str] = ()) -> Changes:
    with db.write() as s:
        return changes_of(s, add_member(s, MemberDraft(name, phone, role, villages)))


def update_member(db: Database, member_id: str, *, name: str, phone: str | None, role: str,
                  villages: Sequence[str]) -> Changes:
    with db.write() as s:
        member = get_member(s, member_id)
        member.name = v.required_text(name, "name")
        member.phone = v.phone(phone)
        member.role = v.choice(role, Role, "role").value
        _set_villages(s, member, villages)
        return changes_of(s)


def delete_member(db: Database, member_id: str) -> Changes:
    with db.write() as s:
        get_member(s, member_id).deleted = True
        return changes_of(s)


def member_list(db: Database) -> list[MemberInfo]:
    """Every live member (name order) with the villages each covers, in one read."""
    with db.read() as s:
        covers: dict[str, set[str]] = {}
        for member_id, village_id in s.execute(select(TeamMemberVillage.member_id, TeamMemberVillage.village_id)
                                               .where(TeamMemberVillage.deleted.is_(False))):
            covers.setdefault(member_id, set()).add(village_id)
        return [MemberInfo(m.id, m.name, m.phone or "", m.role, frozenset(covers.get(m.id, ())))
                for m in members(s)]
