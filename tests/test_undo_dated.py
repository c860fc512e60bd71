"""Undo of a dated edit (the household form saved with "Thay đổi từ ngày"): the dated history comes back exactly
as it was, so every figure of every past date is the one counted before the edit; the undo dates nothing from
today. Checked against the indicators and against an independent SQL reading of the history."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from binhdan_desktop.services import demo, indicators
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import Household, Person, Village

TODAY = dt.date.today()
FIELDS = ("vneid_level", "has_bank_account", "has_smartphone", "uses_online_services", "is_public_staff",
          "is_worker", "is_trader", "student_level", "residence", "relation", "deleted", "household_id")


@pytest.fixture(scope="module")
def _demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("undo") / "demo.sqlite3"
    with open_database(path) as database:
        demo.generate(database, 40, seed=11)
    return path


@pytest.fixture
def town(_demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    import shutil

    path = tmp_path / "town.sqlite3"
    shutil.copyfile(_demo_file, path)
    database = open_database(path)
    yield database
    database.close()


def held(db: Database, day: dt.date, keep_deleted: bool = False) -> dict[tuple[str, str], str | None]:
    """(person, field) -> the value held on `day`, read from person_status by hand: the live row of the latest
    `since` on or before the day, else the earliest row's value, else the column as it is now (the village:
    the household's). Only the people alive that day, in a household not deleted (`keep_deleted`: everyone)."""
    cols = {f: f"CAST(p.{f} AS TEXT)" for f in FIELDS}
    cols["student_level"] = "NULLIF(p.student_level, '')"
    current = " UNION ALL ".join(f"SELECT p.id, '{f}', {c} FROM person p" for f, c in cols.items())
    current += " UNION ALL SELECT p.id, 'village_id', h.village_id FROM person p JOIN household h " \
               "ON h.id = p.household_id"
    sql = f"""
        WITH cur(pid, field, value) AS ({current}),
        live AS (SELECT person_id, field, value, since FROM person_status WHERE deleted = 0),
        pick AS (
            SELECT c.pid, c.field,
                   COALESCE(
                     (SELECT l.value FROM live l WHERE l.person_id = c.pid AND l.field = c.field AND l.since <= ?
                      ORDER BY l.since DESC LIMIT 1),
                     (SELECT l.value FROM live l WHERE l.person_id = c.pid AND l.field = c.field
                      ORDER BY l.since LIMIT 1),
                     CASE WHEN EXISTS (SELECT 1 FROM live l WHERE l.person_id = c.pid AND l.field = c.field)
                          THEN NULL ELSE c.value END) AS value,
                   EXISTS (SELECT 1 FROM live l WHERE l.person_id = c.pid AND l.field = c.field) AS dated
            FROM cur c)
        SELECT pid, field, value FROM pick"""
    with sqlite3.connect(db.path) as conn:
        got = {(pid, f): v for pid, f, v in conn.execute(sql, (day.isoformat(),))}
        gone = {h for (h,) in conn.execute("SELECT id FROM household WHERE deleted = 1")}
    if keep_deleted:
        return got
    alive = {pid for (pid, f), v in got.items() if f == "deleted" and v == "0"
             and got[(pid, "household_id")] not in gone}
    return {k: v for k, v in got.items() if k[0] in alive}


def figures(db: Database, day: dt.date) -> dict[tuple[str, str | None], tuple[int, int]]:
    with db.read() as s:
        return {(r.code, r.village): (r.numerator, r.denominator)
                for r in indicators.compute(s, day.year, as_of=day)}


def days(*since: dt.date) -> list[dt.date]:
    out = {TODAY, TODAY - dt.timedelta(days=1), dt.date(TODAY.year - 1, 12, 31)}
    for d in since:
        out |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
    out |= {dt.date(TODAY.year, m, 1) - dt.timedelta(days=1) for m in range(2, TODAY.month + 1)}
    return sorted(d for d in out if d <= TODAY)


def state(db: Database, when: list[dt.date]) -> dict[dt.date, tuple[object, object]]:
    return {d: (figures(db, d), held(db, d)) for d in when}


def a_household(db: Database) -> tuple[str, list[Person]]:
    """A household of three or more adults (dated changes never fall before a birth)."""
    with db.read() as s:
        for h in s.scalars(select(Household).where(Household.deleted.is_(False)).order_by(Household.code)):
            people = hh.members(s, h.id)
            if len(people) >= 3 and all((p.birth_year or TODAY.year) < TODAY.year - 20 for p in people):
                return h.id, people
    raise AssertionError("no household of three adults")


def flipped(d: hh.PersonDraft) -> hh.PersonDraft:
    return replace(d, vneid_level=0 if d.vneid_level == 2 else 2, has_bank_account=not d.has_bank_account,
                   has_smartphone=not d.has_smartphone, is_worker=not d.is_worker,
                   uses_online_services=not d.uses_online_services)


def test_undo_of_a_dated_edit_gives_back_every_past_figure(town: Database) -> None:
    db = town
    hid, people = a_household(db)
    earlier, since = TODAY - dt.timedelta(days=70), TODAY - dt.timedelta(days=150)
    first = people[0].id
    # History that must survive the undo: a change dated 70 days ago, kept.
    hh.set_person_fields(db, first, since=earlier, vneid_level=1, has_bank_account=True)
    when = days(earlier, since)
    before = state(db, when)
    snap = hh.snapshot_of(db, hid)
    with db.read() as s:
        other = next(v.name for v in s.scalars(select(Village).where(Village.deleted.is_(False)))
                     if v.id != snap.fields["village"])
    # The form, saved as holding since 150 days ago: statuses flipped, a member taken off, another's residence
    # and relation changed, a newcomer, and the household moved to another village.
    kept = [(pid, flipped(d)) for pid, d in snap.members.items() if pid != people[-1].id]
    kept[1] = (kept[1][0], replace(kept[1][1], residence="chuyen_di", relation="khac"))
    newcomer = hh.PersonDraft("Hồ Thị Mới", 1990, relation="con")
    hh.save_household(db, hid, hh.HouseholdDraft(other, snap.fields["code"]), [*kept, (None, newcomer)],
                      since=since)
    edited = state(db, when)
    assert all(edited[d] != before[d] for d in when if d >= since)  # the edit did change those days
    hh.restore_snapshot(db, snap)  # what Hoàn tác runs (ui/dialogs/household.py)
    after = state(db, when)
    for d in when:
        assert after[d][0] == before[d][0], d  # every indicator, commune and villages
        assert after[d][1] == before[d][1], d  # every status of every person, read by hand
    with db.read() as s:
        assert s.get(Person, first).vneid_level == 1  # the kept change is still today's value
