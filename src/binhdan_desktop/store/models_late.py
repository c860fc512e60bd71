"""The models the first screen does not need: team members, visits, events, completions and the sync state.
`binhdan_desktop.store.models` maps them the first time one of them (or SYNCED_MODELS / MODEL_BY_TABLE) is
asked for; import them from there, not from here."""

# No `from __future__ import annotations`: see models.py.

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from binhdan_desktop.domain.text import fold
from binhdan_desktop.store.models import Base, Synced, derived
from binhdan_desktop.store.types import NFCString, NFCText


class TeamMember(Synced):
    __tablename__ = "team_member"
    name: Mapped[str] = mapped_column(NFCString(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(16), default="thanh_vien")
    name_folded: Mapped[str] = mapped_column(String(200), default="", **derived())

    @classmethod
    def derive(cls, values: dict[str, Any], memo: dict[Any, Any] | None = None) -> dict[str, Any]:
        return {"name_folded": fold(values.get("name"))}


class TeamMemberVillage(Synced):
    __tablename__ = "team_member_village"
    member_id: Mapped[str] = mapped_column(ForeignKey("team_member.id"))
    village_id: Mapped[str] = mapped_column(ForeignKey("village.id"))
    __table_args__ = (Index("ix_tmv_member", "member_id"),)


class Visit(Synced):
    __tablename__ = "visit"
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(NFCText, default="")
    follow_up: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (Index("ix_visit_household", "household_id", "date"), Index("ix_visit_date", "date"))


class VisitMember(Synced):
    __tablename__ = "visit_member"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"))
    member_id: Mapped[str] = mapped_column(ForeignKey("team_member.id"))
    __table_args__ = (Index("ix_visit_member_visit", "visit_id"), Index("ix_visit_member_member", "member_id"))


class VisitPerson(Synced):
    __tablename__ = "visit_person"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    __table_args__ = (Index("ix_visit_person_visit", "visit_id"),)


class Event(Synced):
    __tablename__ = "event"
    title: Mapped[str] = mapped_column(NFCString(300))
    kind: Mapped[str] = mapped_column(String(24))
    date: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(NFCString(300), default="")
    village_id: Mapped[str | None] = mapped_column(ForeignKey("village.id"))
    attendance: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(NFCText, default="")
    __table_args__ = (Index("ix_event_date", "date"),)


class EventAttendee(Synced):
    __tablename__ = "event_attendee"
    event_id: Mapped[str] = mapped_column(ForeignKey("event.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    __table_args__ = (Index("ix_event_attendee_event", "event_id"),)


class Completion(Synced):
    __tablename__ = "completion"
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lesson.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(24))
    taught_by: Mapped[str | None] = mapped_column(ForeignKey("team_member.id"))
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"))
    event_id: Mapped[str | None] = mapped_column(ForeignKey("event.id"))
    __table_args__ = (
        # Covers the indicator query: per person and lesson, live completions by date and channel.
        Index("ix_completion_person", "person_id", "lesson_id", "deleted", "date", "channel"),
        Index("ix_completion_lesson", "lesson_id"),
        Index("ix_completion_date", "date"),
        Index("ix_completion_visit", "visit_id"),
        Index("ix_completion_event", "event_id"),
    )


class PersonStatus(Synced):
    """Since when a person holds one value of a dated field (a status, a group, the residence): the history
    the indicators read for a past date. Written with every change of such a field (store/status_history.py);
    a person without rows for a field has held its current value all along."""

    __tablename__ = "person_status"
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    field: Mapped[str] = mapped_column(String(24))
    # As SQLite compares it: "1"/"0", "2", "cu_tru", None, or a household's or village's id (SQLite keeps any
    # length: the table made by migration 0007 as VARCHAR(16) holds them as they are).
    value: Mapped[str | None] = mapped_column(String(36))
    since: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (Index("ix_person_status_person", "person_id", "field", "since"),
                      Index("ix_person_status_since", "deleted", "since"))


class TeamDevice(Synced):
    """A device of the commune's team, with its signing key; revoked devices' new bundles are refused."""

    __tablename__ = "team_device"
    device_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(NFCString(200), default="")
    public_key: Mapped[str] = mapped_column(String(100))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_team_device_device", "device_id"),)


class ReportIssue(Synced):
    """One issued report of the register: its number of the year (only the office issues, so numbers never
    collide), date, signer, the figures it printed (the report's data as JSON, reprinted as they were) and the
    SHA-256 of the file written. Inserted once, never edited."""

    __tablename__ = "report_issue"
    year: Mapped[int] = mapped_column(Integer)  # of the issue date: numbers start again at 01 each year
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40))  # "01/BC-UBND"
    kind: Mapped[str] = mapped_column(String(24))
    village_id: Mapped[str | None] = mapped_column(String(36))
    village_name: Mapped[str] = mapped_column(NFCString(200), default="")
    period: Mapped[str] = mapped_column(NFCString(60), default="")  # "2026", "01/01/2026 - 30/06/2026"
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    signer_authority: Mapped[str] = mapped_column(NFCString(60), default="")
    signer_title: Mapped[str] = mapped_column(NFCString(60), default="")
    signer_name: Mapped[str] = mapped_column(NFCString(60), default="")
    figures: Mapped[Any] = mapped_column(JSON)
    file_format: Mapped[str] = mapped_column(String(8), default="pdf")
    sha256: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(36))
    __table_args__ = (Index("ix_report_issue_year", "year", "seq"),)


class SyncLocal(Base):
    """This device's sync state (local): which team (its id only: the keys are in the device key file, never in
    the database), what it has exported. `office`: this device created the team (docs/keys.md, "The office
    device")."""

    __tablename__ = "sync_local"
    singleton: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    team_id: Mapped[str | None] = mapped_column(String(36))
    exported_up_to: Mapped[int] = mapped_column(Integer, default=0)
    exported_device: Mapped[str | None] = mapped_column(String(36))
    last_sync: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text)
    office: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class SyncSeen(Base):
    """Per other device: the counter up to which its changes are applied here, and its pinned key."""

    __tablename__ = "sync_seen"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    up_to: Mapped[int] = mapped_column(Integer, default=0)
    public_key: Mapped[str | None] = mapped_column(String(100))


class ConflictResolution(Synced):
    """A conflict resolved on one device (synced: it closes the same conflict on every device). The conflict is
    named by what every device records alike: the row, the field and the two versions (stamp, device)."""

    __tablename__ = "conflict_resolution"
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    kept_hlc: Mapped[int] = mapped_column(Integer)
    kept_device: Mapped[str] = mapped_column(String(36))
    lost_hlc: Mapped[int] = mapped_column(Integer)
    lost_device: Mapped[str] = mapped_column(String(36))
    took_lost: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_conflict_resolution_row", "table_name", "row_id"),)


class SyncConflict(Base):
    """A value that lost a concurrent edit of the same field, kept for the office to review."""

    __tablename__ = "sync_conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    kept_value: Mapped[str | None] = mapped_column(Text)
    lost_value: Mapped[str | None] = mapped_column(Text)
    lost_device: Mapped[str] = mapped_column(String(36))
    lost_hlc: Mapped[int] = mapped_column(Integer)
    kept_device: Mapped[str] = mapped_column(String(36))
    kept_hlc: Mapped[int] = mapped_column(Integer)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
