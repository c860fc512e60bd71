"""The conflicts list ("Xung đột đồng bộ"): values that lost a concurrent edit, for the office to review.
Keeping the winner just closes the item; taking the other value writes it as a new change (which then
travels to every device like any edit). Either way the resolution is a synced row (`conflict_resolution`)
naming the conflict by what every device records alike, so resolving it once closes it on every laptop.
Each item names its record (household code and head, person and village) and its field in words."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Exists, Select, func, select
from sqlalchemy.orm import Session

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.errors import FIELD_LABELS, NotFoundError
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import (
    MODEL_BY_TABLE,
    ConflictResolution,
    Household,
    Person,
    SyncConflict,
    Village,
)

TABLE_LABELS: dict[str, tuple[str, str]] = {
    "household": ("Hộ", "Household"), "person": ("Người", "Person"), "village": ("Thôn", "Village"),
    "commune": ("Xã", "Commune"), "visit": ("Lần thăm hộ", "Visit"), "event": ("Lớp/sự kiện", "Class/event"),
    "lesson": ("Bài học", "Lesson"), "team_member": ("Thành viên tổ", "Team member"),
    "completion": ("Hoàn thành bài", "Completion"), "plan_target": ("Chỉ tiêu", "Target"),
    "setting": ("Cài đặt", "Setting"), "team_device": ("Máy của tổ", "Team device"),
}
MORE_FIELDS: dict[str, tuple[str, str]] = {
    "notes": ("Ghi chú", "Notes"), "deleted": ("Đã xoá", "Deleted"), "village_id": ("Thôn/Tổ dân phố", "Village"),
    "household_id": ("Hộ", "Household"), "has_smartphone": ("Có điện thoại thông minh", "Has a smartphone"),
    "has_bank_account": ("Có tài khoản ngân hàng", "Has a bank account"),
    "uses_online_services": ("Dùng dịch vụ công trực tuyến", "Uses online public services"),
    "is_public_staff": ("Là cán bộ, công chức, viên chức", "Public-sector staff"),
    "is_worker": ("Là người lao động doanh nghiệp", "Enterprise worker"), "is_trader": ("Là tiểu thương", "Trader"),
    "sort_order": ("Thứ tự", "Order"), "province": ("Tỉnh", "Province"),
    "governing_body": ("Cơ quan chủ quản", "Governing body"), "value": ("Giá trị", "Value"),
    "revoked": ("Đã thu hồi", "Revoked"), "follow_up": ("Ngày hẹn thăm lại", "Follow-up date"),
}


@dataclass(frozen=True)
class ConflictRow:
    id: int
    table: str
    row_id: str
    field: str
    kept: object
    lost: object
    lost_device: str
    record: str = ""  # the record in words: "Hộ T01-0003 – Nguyễn Văn An (Thôn Một)"
    field_label: str = ""  # the field in words: "Địa chỉ"


def field_label(field: str, lang: str = "vi") -> str:
    vi, en = FIELD_LABELS.get(field) or MORE_FIELDS.get(field) or (field, field)
    return en if lang == "en" else vi


def value_text(value: object, lang: str = "vi") -> str:
    """A stored value as the list shows it (yes/no for ticks, nothing for none)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("Yes" if value else "No") if lang == "en" else ("Có" if value else "Không")
    return str(value)


def _village(s: Session, village_id: str | None) -> str:
    return (s.scalar(select(Village.name).where(Village.id == village_id)) or "") if village_id else ""


def _head(s: Session, household_id: str) -> str:
    from binhdan_desktop.domain.enums import Relation

    people = s.execute(select(Person.full_name, Person.relation).where(
        Person.household_id == household_id, Person.deleted.is_(False)).order_by(Person.sort_key)).all()
    heads = [n for n, r in people if r == Relation.HEAD.value]
    return (heads or [n for n, _ in people] or [""])[0]


def record_name(s: Session, table: str, row_id: str, lang: str = "vi") -> str:
    """Which record a conflict is about, in words (household code and head, person and village)."""
    if table == "household":
        h = s.get(Household, row_id)
        if h is not None:
            word = "Household" if lang == "en" else "Hộ"
            head = _head(s, h.id)
            return f"{word} {h.code}{' – ' + head if head else ''} ({_village(s, h.village_id)})"
    if table == "person":
        p = s.get(Person, row_id)
        if p is not None:
            h = s.get(Household, p.household_id)
            if h is not None:
                word = "household" if lang == "en" else "hộ"
                return f"{p.full_name} – {word} {h.code} ({_village(s, h.village_id)})"
            return p.full_name
    if table == "village":
        name = _village(s, row_id)
        if name:
            return name
    vi, en = TABLE_LABELS.get(table, (table, table))
    return f"{en if lang == 'en' else vi} {row_id[:8]}"


def _resolved(c: type[SyncConflict]) -> Exists:
    r = ConflictResolution
    return (select(r.id).where(
        r.deleted.is_(False), r.table_name == c.table_name, r.row_id == c.row_id, r.field == c.field,
        r.kept_hlc == c.kept_hlc, r.kept_device == c.kept_device, r.lost_hlc == c.lost_hlc,
        r.lost_device == c.lost_device).exists())


def _open() -> Select[Any]:
    return select(SyncConflict).where(SyncConflict.resolved.is_(False), ~_resolved(SyncConflict))


def count_open(s: Session) -> int:
    """The conflicts still open here (a resolution made on any device closes one)."""
    q = select(func.count()).select_from(SyncConflict).where(
        SyncConflict.resolved.is_(False), ~_resolved(SyncConflict))
    return int(s.scalar(q) or 0)


def _typed(table: str, field: str, stored: str | None) -> object:
    """A conflict's value as its column holds it (SQLite keeps a tick as 0/1: shown as yes/no)."""
    value = json.loads(stored or "null")
    model = MODEL_BY_TABLE.get(table)
    column = model.__table__.columns.get(field) if model is not None else None
    if column is not None and isinstance(value, int) and isinstance(column.type, Boolean):
        return bool(value)
    return value


def open_conflicts(db: Database, lang: str = "vi") -> list[ConflictRow]:
    with db.read() as s:
        rows: list[SyncConflict] = list(s.scalars(_open().order_by(SyncConflict.id)))
        return [ConflictRow(c.id, c.table_name, c.row_id, c.field, _typed(c.table_name, c.field, c.kept_value),
                            _typed(c.table_name, c.field, c.lost_value), c.lost_device,
                            record_name(s, c.table_name, c.row_id, lang), field_label(c.field, lang))
                for c in rows]


def resolve(db: Database, conflict_id: int, take_lost: bool) -> Changes:
    with db.write() as s:
        conflict = s.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFoundError("not_found.record", value=conflict_id)
        if take_lost:
            model = MODEL_BY_TABLE[conflict.table_name]
            row = s.get(model, conflict.row_id)
            if row is None:
                raise NotFoundError("not_found.record", value=conflict.row_id)
            value = json.loads(conflict.lost_value or "null")
            column = model.__table__.columns[conflict.field]
            if column.type.python_type is bool and value is not None:
                value = bool(value)
            elif hasattr(column.type, "python_type") and column.type.python_type.__name__ == "date" and value:
                value = dt.date.fromisoformat(value)
            setattr(row, conflict.field, value)
            if conflict.table_name == "household" and conflict.field == "deleted" and value:
                # A revived household deleted after all: with its members, or the rule would revive it again.
                for person in s.scalars(select(Person).where(Person.household_id == row.id,
                                                             Person.deleted.is_(False))):
                    person.deleted = True
        conflict.resolved = True
        s.add(ConflictResolution(table_name=conflict.table_name, row_id=conflict.row_id, field=conflict.field,
                                 kept_hlc=conflict.kept_hlc, kept_device=conflict.kept_device,
                                 lost_hlc=conflict.lost_hlc, lost_device=conflict.lost_device,
                                 took_lost=take_lost))
        changes = changes_of(s)
        return Changes(changes.tables | {"sync_conflict"}, changes.rows, changes.created)
