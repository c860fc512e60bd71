"""A realistic demo commune, deterministic for a seed: villages, households, people, visits,
classes and completions spread over 2025-2026. Written with the bulk path, logged like any change."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from binhdan_desktop.domain.enums import Channel, EventKind, Gender, Relation, Role
from binhdan_desktop.domain.names import (
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    HAMLETS,
    MALE_GIVEN,
    MALE_MIDDLE,
    VILLAGE_NAMES,
)
from binhdan_desktop.domain.plan import load_plan
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.services.commune import DEFAULT_SETTINGS, _seed_curriculum, _seed_plan, get_commune
from binhdan_desktop.services.lessons import lesson_ids_by_code
from binhdan_desktop.store import changelog
from binhdan_desktop.store import models as m
from binhdan_desktop.store.db import Database

START = dt.date(2025, 4, 1)
END = dt.date(2026, 11, 15)
AGE_REF = dt.date(2026, 1, 1)
DIGITAL_DAYS = (dt.date(2025, 10, 10), dt.date(2026, 10, 10))
PATHS = {
    "ND": ["KN-01", "KN-02", "KN-03", "KN-04", "KN-05", "KN-06", "KN-07", "KN-08", "KN-09", "KN-10", "KN-11",
           "KN-12", "KN-13", "KN-14"],
    "CB": ["KN-04", "KN-05", "KN-06", "KN-07", "KN-08", "KN-10", "KN-11", "KN-14", "KN-16", "KN-17"],
    "LD": ["KN-02", "KN-03", "KN-04", "KN-05", "KN-07", "KN-09", "KN-10", "KN-11", "KN-14", "KN-15", "KN-16",
           "KN-17"],
    "HS": ["KN-01", "KN-02", "KN-04", "KN-05", "KN-07", "KN-09", "KN-10", "KN-11", "KN-12", "KN-14", "KN-16",
           "KN-18"],
    "4T": ["KN-09", "KN-10", "KN-15"],
}
Progress = Callable[[str, float], None]


@dataclass
class _Acc:
    """Rows waiting to be written, per model, in dependency order."""

    rows: dict[type[m.Synced], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[m.Synced], **values: Any) -> str:
        values.setdefault("id", m.new_id())
        self.rows.setdefault(model, []).append(values)
        return str(values["id"])


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.families = [f for f, w in FAMILY_NAMES for _ in range(w)]
        self.used_cccd: set[str] = set()

    def date_between(self, a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=self.rng.randint(0, (b - a).days))

    def name(self, gender: str, family: str | None = None) -> str:
        r = self.rng
        middle = r.choice(MALE_MIDDLE if gender == Gender.MALE else FEMALE_MIDDLE)
        given = r.choice(MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN)
        return f"{family or r.choice(self.families)} {middle} {given}"

    def cccd(self, gender: str, year: int) -> str:
        century = 0 if year < 2000 else 2
        digit = century + (1 if gender == Gender.FEMALE else 0)
        while True:
            value = f"051{digit}{year % 100:02d}{self.rng.randint(0, 999999):06d}"
            if value not in self.used_cccd:
                self.used_cccd.add(value)
                return value

    def phone(self) -> str:
        return self.rng.choice(("09", "03", "08", "07")) + f"{self.rng.randint(0, 99999999):08d}"


def _age(year: int) -> int:
    return AGE_REF.year - year


def _person(g: _Gen, household_id: str, relation: str, gender: str, year: int, family: str | None) -> dict[str, Any]:
    r = g.rng
    age = _age(year)
    born = dt.date(year, r.randint(1, 12), r.randint(1, 28)) if r.random() < 0.7 else None
    level = "tieu_hoc" if 6 <= age <= 10 else "thcs" if 11 <= age <= 14 else "thpt" if 15 <= age <= 17 else None
    adult = age >= 18
    residence = "cu_tru" if r.random() < 0.96 else r.choice(("chuyen_di", "da_mat"))
    smart = age >= 12 and r.random() < (0.85 if age < 60 else 0.5)
    vneid = (2 if r.random() < 0.65 else 1 if r.random() < 0.4 else 0) if age >= 14 else 0
    return dict(
        household_id=household_id, full_name=g.name(gender, family), birth_date=born, birth_year=year,
        gender=gender, relation=relation, residence=residence,
        cccd=g.cccd(gender, year) if adult and r.random() < 0.6 else None,
        phone=g.phone() if adult and smart and r.random() < 0.5 else None,
        is_public_staff=adult and age <= 60 and r.random() < 0.05,
        student_level=level if level and r.random() < 0.97 else None,
        is_worker=adult and age <= 55 and r.random() < 0.22,
        is_trader=adult and age <= 65 and r.random() < 0.05,
        has_smartphone=smart, vneid_level=vneid, has_bank_account=age >= 16 and smart and r.random() < 0.75,
        uses_online_services=adult and smart and r.random() < 0.35,
    )


def _household_people(g: _Gen, hid: str) -> list[dict[str, Any]]:
    r = g.rng
    head_gender = Gender.MALE if r.random() < 0.72 else Gender.FEMALE
    head_year = r.randint(1945, 1998)
    family = r.choice(g.families)
    people = [_person(g, hid, Relation.HEAD, head_gender, head_year, family)]
    if r.random() < 0.8:
        other = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
        people.append(_person(g, hid, Relation.SPOUSE, other, head_year + r.randint(-3, 5), None))
    for _ in range(r.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))):
        year = min(2024, head_year + r.randint(20, 38))
        sex = r.choice((Gender.MALE, Gender.FEMALE))
        people.append(_person(g, hid, Relation.CHILD, sex, year, family))
    if head_year > 1970 and r.random() < 0.3:
        people.append(_person(g, hid, Relation.PARENT, r.choice((Gender.MALE, Gender.FEMALE)),
                              head_year - r.randint(22, 32), None))
    return people


def _path(p: dict[str, Any]) -> list[str]:
    if p["student_level"]:
        return PATHS["HS"]
    if p["is_public_staff"]:
        return PATHS["CB"]
    if p["is_worker"]:
        return PATHS["LD"]
    return PATHS["ND"] + (PATHS["4T"] if p["is_trader"] else [])


@dataclass
class _World:
    village_ids: list[str]
    village_intensity: dict[str, float]
    members_by_village: dict[str, list[str]]
    events: dict[tuple[str, str | None], list[tuple[str, dt.date]]]  # (kind, village) -> [(id, date)]
    attendees: set[tuple[str, str]] = field(default_factory=set)


def _villages_and_team(g: _Gen, acc: _Acc, n_households: int) -> _World:
    count = max(3, min(len(VILLAGE_NAMES), math.ceil(n_households / 2000)))
    ids: list[str] = []
    intensity: dict[str, float] = {}
    team: dict[str, list[str]] = {}
    admin = acc.add(m.TeamMember, name=g.name(Gender.FEMALE), phone=g.phone(), role=Role.COMMUNE_ADMIN.value)
    for i, name in enumerate(VILLAGE_NAMES[:count]):
        vid = acc.add(m.Village, name=name, kind="thon", sort_order=i + 1)
        ids.append(vid)
        intensity[vid] = 0.15 + 0.55 * (i * 7 % count) / max(1, count - 1)
        team[vid] = []
        for role in (Role.VILLAGE_LEAD, Role.MEMBER, Role.MEMBER):
            mid = acc.add(m.TeamMember, name=g.name(g.rng.choice((Gender.MALE, Gender.FEMALE))),
                          phone=g.phone(), role=role.value)
            acc.add(m.TeamMemberVillage, member_id=mid, village_id=vid)
            team[vid].append(mid)
        acc.add(m.TeamMemberVillage, member_id=admin, village_id=vid)
    return _World(ids, intensity, team, {})


def _events(g: _Gen, acc: _Acc, world: _World) -> None:
    def add(kind: EventKind, title: str, date: dt.date, village: str | None, place: str) -> None:
        eid = acc.add(m.Event, title=title, kind=kind.value, date=date, place=place, village_id=village,
                      attendance=0)
        world.events.setdefault((kind.value, village), []).append((eid, date))

    for vid in world.village_ids:
        for k in range(10):
            date = START + dt.timedelta(days=60 * k + g.rng.randint(0, 20))
            add(EventKind.COMMUNITY_CLASS, f"Lớp học Bình dân học vụ số số {k + 1}", date, vid, "Nhà văn hóa thôn")
        for date in DIGITAL_DAYS:
            add(EventKind.DIGITAL_DAY, f"Ngày hội toàn dân học tập số {date:%d/%m/%Y}", date, vid,
                "Sân nhà văn hóa thôn")
    for k in range(8):
        date = START + dt.timedelta(days=75 * k + g.rng.randint(0, 20))
        add(EventKind.SCHOOL_SESSION, f"Tiết học kỹ năng số cho học sinh đợt {k + 1}", date, None,
            "Trường THCS xã")
        add(EventKind.STAFF_TRAINING, f"Tập huấn chuyển đổi số cho cán bộ đợt {k + 1}", date + dt.timedelta(days=9),
            None, "Hội trường UBND xã")


def _visits(g: _Gen, acc: _Acc, world: _World, vid: str, hid: str,
            people: list[dict[str, Any]]) -> list[tuple[str, dt.date]]:
    r, out = g.rng, []
    for _ in range(r.choice((0, 1, 2, 3, 3, 4, 5, 6))):
        date = g.date_between(START, END)
        out.append((acc.add(m.Visit, household_id=hid, date=date, notes=""), date))
    out.sort(key=lambda x: x[1])
    for i, (visit_id, date) in enumerate(out):
        for member_id in r.sample(world.members_by_village[vid], r.choice((1, 1, 2))):
            acc.add(m.VisitMember, visit_id=visit_id, member_id=member_id)
        for p in r.sample(people, min(len(people), r.randint(1, 3))):
            acc.add(m.VisitPerson, visit_id=visit_id, person_id=p["id"])
        if i == len(out) - 1 and r.random() < 0.25:
            acc.rows[m.Visit][-len(out) + i]["follow_up"] = date + dt.timedelta(days=r.randint(7, 40))
    return out


def _channel(g: _Gen, p: dict[str, Any]) -> Channel:
    x = g.rng.random()
    if p["student_level"]:
        return Channel.SCHOOL if x < 0.7 else Channel.ONLINE_PLATFORM if x < 0.85 else Channel.HOME_VISIT
    if p["is_public_staff"]:
        return Channel.STAFF_TRAINING if x < 0.55 else Channel.ONLINE_PLATFORM if x < 0.85 else Channel.HOME_VISIT
    if x < 0.5:
        return Channel.HOME_VISIT
    return Channel.COMMUNITY_CLASS if x < 0.72 else Channel.ONLINE_PLATFORM if x < 0.9 else Channel.DIGITAL_DAY


def _completions(g: _Gen, acc: _Acc, world: _World, vid: str, p: dict[str, Any], visits: list[tuple[str, dt.date]],
                 lessons: dict[str, str]) -> None:
    r = g.rng
    if p["residence"] != "cu_tru" or _age(p["birth_year"]) < 6:
        return
    path = _path(p)
    x = r.random()
    chosen = path if x < world.village_intensity[vid] else r.sample(path, r.randint(1, max(1, len(path) // 3))) \
        if x < world.village_intensity[vid] + 0.3 else []
    teachers = world.members_by_village[vid]
    for code in chosen:
        channel = _channel(g, p)
        values: dict[str, Any] = {"person_id": p["id"], "lesson_id": lessons[code], "channel": channel.value,
                                  "taught_by": r.choice(teachers)}
        if channel == Channel.HOME_VISIT and visits:
            values["visit_id"], values["date"] = r.choice(visits)
        elif channel in (Channel.ONLINE_PLATFORM, Channel.HOME_VISIT):
            values["channel"], values["taught_by"] = Channel.ONLINE_PLATFORM.value, None
            values["date"] = g.date_between(START, END)
        else:
            key = (channel.value, vid if channel in (Channel.COMMUNITY_CLASS, Channel.DIGITAL_DAY) else None)
            event_id, values["date"] = r.choice(world.events[key])
            values["event_id"] = event_id
            if (event_id, p["id"]) not in world.attendees:
                world.attendees.add((event_id, p["id"]))
                acc.add(m.EventAttendee, event_id=event_id, person_id=p["id"])
        acc.add(m.Completion, **values)


ORDER: tuple[type[m.Synced], ...] = (
    m.Village, m.TeamMember, m.TeamMemberVillage, m.Event, m.Household, m.Person, m.Visit, m.VisitMember,
    m.VisitPerson, m.EventAttendee, m.Completion,
)


def _flush(s: Session, acc: _Acc) -> None:
    """Write the rows gathered so far, parents before children, and forget them (bounded memory)."""
    for model in ORDER:
        rows = acc.rows.pop(model, [])
        if rows:
            changelog.bulk_insert(s, model, rows)


def _attendance(s: Session, world: _World) -> None:
    """Head count of each event: its registered attendees plus a few guests not recorded here."""
    counts: dict[str, int] = {}
    for event_id, _ in world.attendees:
        counts[event_id] = counts.get(event_id, 0) + 1
    for event in s.scalars(select(m.Event)):
        event.attendance = counts.get(event.id, 0) + 5


def generate(db: Database, households: int = 500, seed: int = 2025, progress: Progress | None = None) -> Changes:
    """Create the demo commune "Bình Chương" in an empty database."""
    report = progress or (lambda stage, fraction: None)
    g, acc = _Gen(seed), _Acc()
    with db.write() as s:
        existing = get_commune(s)
        if existing is not None:
            raise BinhdanError("commune.exists", value=existing.name)
        commune = m.Commune(name="Bình Chương", province="Quảng Ngãi", governing_body="UBND TỈNH QUẢNG NGÃI")
        s.add(commune)
        _seed_curriculum(s)
        _seed_plan(s, load_plan())  # after the curriculum: rules name lessons by id
        for key, value in {**DEFAULT_SETTINGS, "report.signer_name": "Nguyễn Văn Quân"}.items():
            s.add(m.Setting(key=key, value=value))
        s.flush()
        lessons = lesson_ids_by_code(s)
        world = _villages_and_team(g, acc, households)
        _events(g, acc, world)
        _flush(s, acc)
        counters = dict.fromkeys(world.village_ids, 0)
        for i in range(households):
            vid = world.village_ids[g.rng.randrange(len(world.village_ids))]
            counters[vid] += 1
            order = world.village_ids.index(vid) + 1
            hamlet = g.rng.choice(HAMLETS)
            hid = acc.add(m.Household, code=f"T{order:02d}-{counters[vid]:04d}", village_id=vid,
                          address=f"Số {g.rng.randint(1, 250)}, {hamlet}",
                          phone=g.phone() if g.rng.random() < 0.4 else None,
                          poverty="ngheo" if g.rng.random() < 0.07 else "can_ngheo" if g.rng.random() < 0.06
                          else "khong")
            people = _household_people(g, hid)
            for p in people:
                p["id"] = acc.add(m.Person, **p)
            visits = _visits(g, acc, world, vid, hid, people)
            for p in people:
                _completions(g, acc, world, vid, p, visits, lessons)
            if i % 1000 == 999:
                _flush(s, acc)
                report("generate", (i + 1) / households)
        _flush(s, acc)
        _attendance(s, world)
        return changes_of(s, commune)
