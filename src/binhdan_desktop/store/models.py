"""The ORM models. Synced rows carry a device-made UUID key, timestamps and a tombstone flag."""

# No `from __future__ import annotations` here: with it SQLAlchemy would eval ~400 string annotations
# while mapping, a few per cent of start-up.

import datetime as dt
import os
import time
import unicodedata
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from binhdan_desktop.domain.text import fold, name_sort_key, text_sort_key
from binhdan_desktop.store.types import NFCString, NFCText


def new_id() -> str:
    """A new UUID key made on this device: version 7 layout (48-bit milliseconds, then 74 random bits),
    so rows created together sit together in the indexes and bulk inserts stay fast."""
    ts = f"{time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF:012x}"
    r = os.urandom(10).hex()
    variant = "89ab"[int(r[3], 16) & 3]
    return f"{ts[:8]}-{ts[8:]}-7{r[:3]}-{variant}{r[4:7]}-{r[7:19]}"


_VARIANT = {f"{d:x}": "89ab"[d & 3] for d in range(16)}  # a hex digit -> the variant digit `new_id` makes of it


def new_ids(n: int) -> list[str]:
    """`n` new keys laid out as `new_id` makes them, from one clock reading and one draw of random bytes, in
    ascending order (a bulk insert then appends to the key's index instead of inserting all over it)."""
    ts = f"{time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF:012x}"
    head = f"{ts[:8]}-{ts[8:]}-7"
    r = os.urandom(10 * n).hex()
    variant = _VARIANT
    out = [f"{head}{c[:3]}-{variant[c[3]]}{c[4:7]}-{c[7:19]}" for c in (r[k:k + 20] for k in range(0, 20 * n, 20))]
    out.sort()
    return out


def id_stream(chunk: int = 1024) -> Iterator[str]:
    """New keys one after the other (`new_ids`, drawn `chunk` at a time) for a loop that does not know how many
    it needs."""
    while True:
        yield from new_ids(chunk)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _memo(memo: dict[Any, Any] | None, derive: Callable[[Any], Any], value: Any) -> Any:
    """`derive(value)`, remembered in `memo` when given (a bulk insert's own dict: names, villages and addresses
    repeat, and nothing is kept once the insert is done)."""
    if memo is None:
        return derive(value)
    try:
        return memo[value]
    except KeyError:
        found = memo[value] = derive(value)
        return found


def _name_keys(full_name: str | None) -> tuple[str, str]:
    """A person's derived name columns: the folded name (search) and the name sort key."""
    return fold(full_name), name_sort_key(full_name)


def derived(**kw: Any) -> dict[str, Any]:
    """Column info marking a value computed from other columns (never synced, recomputed on apply)."""
    return {"info": {"derived": True}, **kw}


class Base(DeclarativeBase):
    pass


class Synced(Base):
    """Abstract base of every row that takes part in sync and the change log."""

    __abstract__ = True
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    @classmethod
    def derive(cls, values: dict[str, Any], memo: dict[Any, Any] | None = None) -> dict[str, Any]:
        """Derived column values computed from `values` (the full row). Override per model. `memo`: one bulk
        insert's own dict, where a model may remember what it derived from a value that repeats (`_memo`)."""
        return {}

    @classmethod
    def normalize(cls, values: dict[str, Any]) -> dict[str, Any]:
        """NFC text and derived columns for a full row of values (the ORM and bulk paths share it)."""
        return cls.normalize_in_place(dict(values))

    @classmethod
    def normalize_in_place(cls, values: dict[str, Any], memo: dict[Any, Any] | None = None) -> dict[str, Any]:
        """`normalize`, changing `values` itself (the bulk path's own dict of each row); returns it. `memo` as
        for `derive`."""
        for key in cls._nfc_keys():
            value = values.get(key)
            if isinstance(value, str) and not value.isascii():
                values[key] = unicodedata.normalize("NFC", value)
        values.update(cls.derive(values, memo))
        return values

    @classmethod
    def _nfc_keys(cls) -> tuple[str, ...]:
        keys = cls.__dict__.get("_nfc_cache")
        if keys is None:
            keys = tuple(c.key for c in cls.__table__.columns if isinstance(c.type, NFCString))
            cls._nfc_cache = keys
        return keys

    def refresh_derived(self) -> None:
        """NFC-normalise this object's text and recompute its derived columns."""
        values = {c.key: getattr(self, c.key) for c in self.__table__.columns}
        for key, value in self.normalize(values).items():
            if getattr(self, key) != value:
                setattr(self, key, value)


class Commune(Synced):
    __tablename__ = "commune"
    name: Mapped[str] = mapped_column(NFCString(200))
    province: Mapped[str] = mapped_column(NFCString(200), default="")
    governing_body: Mapped[str] = mapped_column(NFCString(200), default="")


class Village(Synced):
    __tablename__ = "village"
    name: Mapped[str] = mapped_column(NFCString(200))
    kind: Mapped[str] = mapped_column(String(16), default="thon")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # The village this one was merged into (set with the tombstone): what is recorded in it elsewhere follows.
    merged_into: Mapped[str | None] = mapped_column(String(36))
    name_folded: Mapped[str] = mapped_column(String(200), default="", **derived())

    @classmethod
    def derive(cls, values: dict[str, Any], memo: dict[Any, Any] | None = None) -> dict[str, Any]:
        return {"name_folded": fold(values.get("name"))}


class Household(Synced):
    __tablename__ = "household"
    code: Mapped[str] = mapped_column(NFCString(50))
    village_id: Mapped[str] = mapped_column(ForeignKey("village.id"))
    address: Mapped[str] = mapped_column(NFCString(300), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    poverty: Mapped[str] = mapped_column(String(16), default="khong")
    notes: Mapped[str] = mapped_column(NFCText, default="")
    address_key: Mapped[str] = mapped_column(String(600), default="", **derived())
    code_folded: Mapped[str] = mapped_column(String(50), default="", **derived())
    # The head's name sort key, kept by triggers on person (migration 0004); "~" when there is no head.
    head_key: Mapped[str] = mapped_column(String(400), default="~", server_default="~", **derived())

    __table_args__ = (
        Index("ix_household_village", "village_id", "deleted"),
        Index("ix_household_code", "code_folded"),
        Index("ix_household_head", "deleted", "head_key", "code_folded", "id"),
    )

    @classmethod
    def derive(cls, values: dict[str, Any], memo: dict[Any, Any] | None = None) -> dict[str, Any]:
        # head_key is not derived here: triggers own it (a household's head lives in another table).
        return {"address_key": _memo(memo, text_sort_key, values.get("address")),
                "code_folded": fold(values.get("code"))}


class Person(Synced):
    __tablename__ = "person"
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"))
    full_name: Mapped[str] = mapped_column(NFCString(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(8), default="khac")
    relation: Mapped[str] = mapped_column(String(16), default="khac")
    cccd: Mapped[str | None] = mapped_column(String(12))
    phone: Mapped[str | None] = mapped_column(String(20))
    residence: Mapped[str] = mapped_column(String(16), default="cu_tru")
    is_public_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    student_level: Mapped[str | None] = mapped_column(String(16))
    is_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    is_trader: Mapped[bool] = mapped_column(Boolean, default=False)
    has_smartphone: Mapped[bool] = mapped_column(Boolean, default=False)
    vneid_level: Mapped[int] = mapped_column(Integer, default=0)
    has_bank_account: Mapped[bool] = mapped_column(Boolean, default=False)
    uses_online_services: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(NFCText, default="")
    name_folded: Mapped[str] = mapped_column(String(200), default="", **derived())
    sort_key: Mapped[str] = mapped_column(String(400), default="", **derived())
    birth_ref: Mapped[dt.date | None] = mapped_column(Date, **derived())

    __table_args__ = (
        Index("ix_person_household", "household_id"),
        Index("ix_person_name_folded", "name_folded"),
        Index("ix_person_sort", "sort_key"),
        Index("ix_person_cccd", "cccd"),
    )

    @classmethod
    def derive(cls, values: dict[str, Any], memo: dict[Any, Any] | None = None) -> dict[str, Any]:
        born, year = values.get("birth_date"), values.get("birth_year")
        # A birth year alone counts from 1 January of that year.
        ref = born if born is not None else (dt.date(year, 1, 1) if year else None)
        folded, key = _memo(memo, _name_keys, values.get("full_name"))
        return {"name_folded": folded, "sort_key": key, "birth_ref": ref}


class Lesson(Synced):
    __tablename__ = "lesson"
    code: Mapped[str] = mapped_column(NFCString(20))
    title: Mapped[str] = mapped_column(NFCString(300))
    description: Mapped[str] = mapped_column(NFCText, default="")
    skill_area: Mapped[str] = mapped_column(NFCString(200), default="")
    groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    serves: Mapped[list[str]] = mapped_column(JSON, default=list)
    framework: Mapped[str] = mapped_column(NFCString(100), default="")
    minutes: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class PlanTarget(Synced):
    """One indicator's target for one year, with its lead and partner units (editable per commune)."""

    __tablename__ = "plan_target"
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    target: Mapped[float | None] = mapped_column(Float)
    lead_unit: Mapped[str] = mapped_column(NFCString(300), default="")
    partner_units: Mapped[str] = mapped_column(NFCString(300), default="")
    goal: Mapped[str] = mapped_column(NFCText, default="")
    student_levels: Mapped[list[str] | None] = mapped_column(JSON)
    __table_args__ = (Index("ix_plan_target_year", "year", "code"),)


class IndicatorRule(Synced):
    """What "trained" means for one indicator: lessons (ids since 0006, None = any), how many, which channels."""

    __tablename__ = "indicator_rule"
    code: Mapped[str] = mapped_column(String(40))
    lessons: Mapped[list[str] | None] = mapped_column(JSON)
    min_count: Mapped[int | None] = mapped_column(Integer)
    channels: Mapped[list[str] | None] = mapped_column(JSON)
    requires: Mapped[list[str]] = mapped_column(JSON, default=list)


class Setting(Synced):
    """Commune-wide settings shared by every device (report signer, report numbers, recipients)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON)
    __table_args__ = (Index("ix_setting_key", "key"),)


class DeviceState(Base):
    """This device's identity and clocks (local, never synced)."""

    __tablename__ = "device_state"
    singleton: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    device_id: Mapped[str] = mapped_column(String(36))
    device_name: Mapped[str] = mapped_column(NFCString(200), default="")
    next_counter: Mapped[int] = mapped_column(Integer, default=1)
    last_hlc: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ChangeLog(Base):
    """Append-only log of every change to a synced row: the feed of sync and the audit trail.
    It names the fields a change set, never their values: sync sends the row's current values with
    each field's latest version, and personal data is not copied into a second place."""

    __tablename__ = "change_log"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counter: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hlc: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    fields: Mapped[str] = mapped_column(Text)  # changed field names, comma-separated ("*" = all); no values
    # For updates: the version ([hlc, device]) each changed field had before, to tell concurrent edits.
    prev: Mapped[str | None] = mapped_column(Text)
    # Clustered on (device, counter): sync reads ranges of it; no rowid, no second copy of the key.
    __table_args__ = (Index("ix_change_row", "table_name", "row_id"), {"sqlite_with_rowid": False})


if TYPE_CHECKING:
    from binhdan_desktop.store.models_late import (  # noqa: F401 - what __getattr__ hands out
        Completion,
        ConflictResolution,
        Event,
        EventAttendee,
        PersonStatus,
        ReportIssue,
        SyncConflict,
        SyncLocal,
        SyncSeen,
        TeamDevice,
        TeamMember,
        TeamMemberVillage,
        Visit,
        VisitMember,
        VisitPerson,
    )

    SYNCED_MODELS: tuple[type[Synced], ...]
    MODEL_BY_TABLE: dict[str, type[Synced]]

# Mapped when first used (models_late): the first screen, the household list, needs none of them, and mapping
# a model costs ~3 ms of start-up. `from binhdan_desktop.store.models import Visit` works as before.
LATE_MODELS = frozenset({"TeamMember", "TeamMemberVillage", "Visit", "VisitMember", "VisitPerson", "Event",
                         "EventAttendee", "Completion", "TeamDevice", "SyncLocal", "SyncSeen", "SyncConflict",
                         "PersonStatus", "ReportIssue", "ConflictResolution"})


def load_all() -> None:
    """Map every model, the late ones too (once; safe from any thread), and build SYNCED_MODELS and
    MODEL_BY_TABLE. Whatever walks all tables (the migrations' metadata, sync) gets them complete."""
    names = globals()
    if "MODEL_BY_TABLE" in names:
        return
    from binhdan_desktop.store import models_late as late

    for name in LATE_MODELS:
        names[name] = getattr(late, name)
    synced: tuple[type[Synced], ...] = (
        Commune, Village, Household, Person, Lesson, late.TeamMember, late.TeamMemberVillage, late.Visit,
        late.VisitMember, late.VisitPerson, late.Event, late.EventAttendee, late.Completion, PlanTarget,
        IndicatorRule, Setting, late.TeamDevice, late.PersonStatus, late.ReportIssue, late.ConflictResolution,
    )
    names["SYNCED_MODELS"] = synced
    names["MODEL_BY_TABLE"] = {m.__tablename__: m for m in synced}


def __getattr__(name: str) -> Any:
    if name in LATE_MODELS or name in ("SYNCED_MODELS", "MODEL_BY_TABLE"):
        load_all()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CHANNEL_MASKS = ("tham_ho", "lop_cong_dong", "truong_hoc", "ngay_hoi_10_10", "tap_huan_co_quan",
                 "nen_tang_truc_tuyen")
MAX_LESSON_BIT = 62  # bits 0..62 of a signed 64-bit SQLite integer


class LessonBit(Base):
    """Local, derived: each lesson's bit in the progress masks (given in order of arrival)."""

    __tablename__ = "lesson_bit"
    __table_args__ = {"sqlite_with_rowid": False}
    lesson_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    bit: Mapped[int] = mapped_column(Integer, unique=True)


class PersonProgress(Base):
    """Local, derived, kept by triggers on `completion`: the set of lessons each person completed
    (live completions), as a bit mask overall and per channel. Indicators read it instead of
    scanning every completion."""

    __tablename__ = "person_progress"
    __table_args__ = {"sqlite_with_rowid": False}
    person_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mask: Mapped[int] = mapped_column(Integer, default=0)
    m_tham_ho: Mapped[int] = mapped_column(Integer, default=0)
    m_lop_cong_dong: Mapped[int] = mapped_column(Integer, default=0)
    m_truong_hoc: Mapped[int] = mapped_column(Integer, default=0)
    m_ngay_hoi_10_10: Mapped[int] = mapped_column(Integer, default=0)
    m_tap_huan_co_quan: Mapped[int] = mapped_column(Integer, default=0)
    m_nen_tang_truc_tuyen: Mapped[int] = mapped_column(Integer, default=0)
