"""Reports as of a date: statuses, groups and residence are dated, so a past report keeps its figures when someone
is edited later; the report says the date its figures are counted to, never a day that has not come yet."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from binhdan_desktop.domain.formatting import fmt_date, fmt_int
from binhdan_desktop.errors import ValidationError
from binhdan_desktop.reports.model import Report
from binhdan_desktop.services import demo, indicators, reports
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import Person, PersonStatus
from binhdan_desktop.store.status_history import baseline_id
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import enrol

TODAY = dt.date.today()
END_2025 = dt.date(2025, 12, 31)
FIXTURE = Path(__file__).parent / "fixtures" / "db-rev0001.sqlite3"


def _cut(day: dt.date, years: int) -> str:
    try:
        return day.replace(year=day.year - years).isoformat()
    except ValueError:
        return day.replace(year=day.year - years, day=28).isoformat()


def snapshot(db: Database, name: str) -> None:
    """A plain copy of the person table, made before the edits: what the past figures must be counted from."""
    with sqlite3.connect(db.path) as conn:
        conn.execute(f"CREATE TABLE {name} AS SELECT * FROM person")


def recount(db: Database, table: str, day: dt.date) -> dict[str, tuple[int, int]]:
    """The commune's status- and group-based figures on `day`, counted by hand over `table` (a copy of person)."""
    live = (f"FROM {table} p JOIN household h ON h.id = p.household_id "
            "WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru'")
    with sqlite3.connect(db.path) as conn:
        def one(sql: str, *params: object) -> int:
            return int(conn.execute(sql, params).fetchone()[0] or 0)

        age16, age18 = _cut(day, 16), _cut(day, 18)
        return {
            "digital_identity": (
                one(f"SELECT COUNT(*) {live} AND p.birth_ref <= ? AND p.vneid_level = 2 AND p.has_bank_account = 1",
                    age16),
                one(f"SELECT COUNT(*) {live} AND p.birth_ref <= ?", age16)),
            "adults_vneid": (-1, one(f"SELECT COUNT(*) {live} AND p.birth_ref <= ?", age18)),
            "public_staff": (-1, one(f"SELECT COUNT(*) {live} AND p.is_public_staff = 1")),
            "enterprise_workers": (-1, one(f"SELECT COUNT(*) {live} AND p.is_worker = 1")),
            "traders_4t": (-1, one(f"SELECT COUNT(*) {live} AND p.is_trader = 1")),
        }


def figures(db: Database, year: int, as_of: dt.date | None = None) -> dict[str, tuple[int, int]]:
    with db.read() as s:
        return {r.code: (r.numerator, r.denominator) for r in indicators.compute(s, year, as_of=as_of)
                if r.village is None}


def build(db: Database, kind: str, **kw: object) -> Report:
    with db.read() as s:
        return reports.build(s, kind, **kw)  # type: ignore[arg-type]


def printed(report: Report, num: int, den: int, name: str) -> bool:
    """Whether the commune's table prints `num` of `den` on the row of `name` (as "n/d" or in two columns)."""
    table = report.tables[0]
    for row in table.rows:
        if name in [str(c) for c in row]:
            cells = [str(c) for c in row]
            return f"{fmt_int(num)}/{fmt_int(den)}" in cells or (
                (num in row or fmt_int(num) in cells) and (den in row or fmt_int(den) in cells))
    raise AssertionError(f"no row {name!r} in {table.title}")


def edit_everyone(db: Database, since: dt.date | None = None, limit: int = 60) -> list[str]:
    """Edits of today (or `since`) that would change the past: statuses, groups, residence, student level."""
    with db.read() as s:
        people = list(s.scalars(select(Person).where(Person.deleted.is_(False), Person.residence == "cu_tru")
                                .order_by(Person.id).limit(limit)))
    for i, p in enumerate(people):
        change: dict[str, object] = {"vneid_level": 0 if p.vneid_level == 2 else 2,
                                     "has_bank_account": not p.has_bank_account}
        if i % 3 == 0:
            change["is_public_staff"] = not p.is_public_staff
            change["is_worker"], change["is_trader"] = not p.is_worker, not p.is_trader
        if i % 5 == 0:
            change["residence"] = "chuyen_di"
        hh.set_person_fields(db, p.id, since=since, **change)
    return [p.id for p in people]


def test_a_2025_report_keeps_its_figures_when_people_are_edited_today(big_commune: Database) -> None:
    db = big_commune
    snapshot(db, "person_2025")
    before = build(db, "results", year=2025)
    counted_before = figures(db, 2025)
    edit_everyone(db)
    after = build(db, "results", year=2025)
    assert after.tables == before.tables and after.body == before.body  # every printed figure is the same
    got = figures(db, 2025)
    assert got == counted_before
    for code, (num, den) in recount(db, "person_2025", END_2025).items():
        assert got[code][1] == den, code
        if num >= 0:
            assert got[code][0] == num, code
    # The edits did happen: today's figures follow them (the fast path over the columns as they are now).
    snapshot(db, "person_now")
    now = figures(db, 2026, as_of=TODAY)
    assert now != figures(db, 2026, as_of=END_2025)
    for code, (num, den) in recount(db, "person_now", TODAY).items():
        assert now[code][1] == den and (num < 0 or now[code][0] == num), code
    with db.read() as s:
        name = next(r.goal or r.name for r in indicators.compute(s, 2025) if r.code == "digital_identity")
    assert printed(after, *got["digital_identity"], name)


def test_a_change_since_a_date_splits_the_year(commune: Database) -> None:
    db = commune
    hid = hh.create_household(db, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"),
        hh.PersonDraft("Trần Thị Bình", 1975, relation="vo_chong", vneid_level=2, has_bank_account=True)])).created
    assert hid
    with db.read() as s:
        an, binh = (p.id for p in hh.members(s, hid))
    march, july = dt.date(2026, 3, 1), dt.date(2026, 7, 1)
    hh.set_person_fields(db, an, since=march, vneid_level=2, has_bank_account=True)
    hh.set_person_fields(db, binh, since=july, residence="chuyen_di")
    for day, want in ((dt.date(2026, 2, 28), (1, 2)), (march, (2, 2)), (dt.date(2026, 6, 30), (2, 2)),
                      (july, (1, 1)), (TODAY, (1, 1))):
        for masks in (True, False):
            with db.read() as s:
                res = {r.code: (r.numerator, r.denominator) for r in indicators.compute(s, 2026, as_of=day,
                                                                                        use_masks=masks)
                       if r.village is None}
            assert res["digital_identity"] == want, (day, masks)
    # A second edit since an earlier day supersedes the rows from that day on; before it, the first value holds.
    hh.set_person_fields(db, an, since=dt.date(2026, 1, 15), vneid_level=1)  # "level 1 since January, in fact"
    for day, want in ((dt.date(2026, 1, 14), (1, 2)), (dt.date(2026, 4, 1), (1, 2)), (TODAY, (0, 1))):
        assert figures(db, 2026, day)["digital_identity"] == want, day
    with db.read() as s:
        rows = s.scalars(select(PersonStatus).where(PersonStatus.person_id == an,
                                                    PersonStatus.field == "vneid_level")
                         .order_by(PersonStatus.since)).all()
    assert [(r.since, r.value, r.deleted) for r in rows] == [
        (dt.date(2026, 1, 14), "0", False), (dt.date(2026, 1, 15), "1", False), (march, "2", True)]
    with pytest.raises(ValidationError):
        hh.set_person_fields(db, an, since=TODAY + dt.timedelta(days=1), vneid_level=2)


def test_the_form_dates_its_changes_today_and_an_undo_puts_the_history_back(commune: Database) -> None:
    db = commune
    hid = hh.create_household(db, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho")])).created
    assert hid
    snap = hh.snapshot_of(db, hid)
    (pid, draft), = snap.members.items()
    edited = hh.PersonDraft(**{**draft.__dict__, "vneid_level": 2, "has_bank_account": True})
    hh.save_household(db, hid, hh.HouseholdDraft("Thôn An Điềm", code=snap.fields["code"]), [(pid, edited)])
    assert figures(db, 2026, TODAY)["digital_identity"] == (1, 1)
    assert figures(db, 2026, TODAY - dt.timedelta(days=1))["digital_identity"] == (0, 1)
    hh.restore_snapshot(db, snap)
    assert figures(db, 2026, TODAY)["digital_identity"] == (0, 1)
    with db.read() as s:
        live = s.scalars(select(PersonStatus).where(PersonStatus.person_id == pid,
                                                    PersonStatus.deleted.is_(False))).all()
    assert live == []  # as before the edit: no history, the values held all along (none dated today)


def test_an_upgraded_file_dates_existing_values_by_the_first_change_log_entry(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, path)
    db = open_database(path, backup_dir=tmp_path / "bk")
    with db.read() as s:
        pid, hid = s.execute(select(Person.id, Person.household_id)).one()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM person_status").fetchone() == (0,)  # the table is there, empty
        (hlc,) = conn.execute("SELECT MIN(hlc) FROM change_log WHERE table_name = 'person' AND row_id = ?",
                              (pid,)).fetchone()
        # A person that predates the change log (a row written by hand): only its creation dates it.
        conn.execute("INSERT INTO person (id, household_id, full_name, gender, relation, residence, is_public_staff, "
                     "is_worker, is_trader, has_smartphone, vneid_level, has_bank_account, uses_online_services, "
                     "notes, name_folded, sort_key, birth_year, birth_ref, created_at, updated_at, deleted) VALUES "
                     "('p-old', ?, 'Hồ Văn Xưa', 'nam', 'khac', 'cu_tru', 0, 0, 0, 0, 1, 0, 0, '', 'ho van xua', "
                     "'xua', 1960, '1960-01-01', '2025-03-04 10:00:00.000000', '2025-03-04 10:00:00.000000', 0)",
                     (hid,))
    first = dt.datetime.fromtimestamp((hlc >> 16) / 1000).date()
    hh.set_person_fields(db, pid, since=dt.date(2026, 5, 1), vneid_level=1)
    hh.set_person_fields(db, "p-old", since=dt.date(2026, 5, 1), vneid_level=2)
    with db.read() as s:
        base = s.get(PersonStatus, baseline_id(pid, "vneid_level"))
        old = s.get(PersonStatus, baseline_id("p-old", "vneid_level"))
    assert base is not None and (base.since, base.value) == (min(first, dt.date(2026, 4, 30)), "2")
    assert old is not None and (old.since, old.value) == (dt.date(2025, 3, 4), "1")
    db.close()


def test_a_dated_status_reaches_the_other_device(tmp_path: Path) -> None:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 30, seed=4)
    key = tmp_path / "team.key"
    create_team(office, key)
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, key, "laptop")
    sync(office, place)
    sync(laptop, place)
    before = figures(laptop, 2025)
    edited = edit_everyone(laptop, since=dt.date(2026, 2, 1), limit=20)
    # And today: a person deleted, then the household moved to another village (the deleted person's past too).
    with sqlite3.connect(laptop.path) as conn:
        gone, moved = conn.execute("SELECT p.id, p.household_id FROM person p WHERE p.deleted = 0 "
                                   "AND p.residence = 'cu_tru' ORDER BY p.id DESC LIMIT 1").fetchone()
        other = conn.execute("SELECT v.id FROM village v JOIN household h ON h.id = ? WHERE v.deleted = 0 "
                             "AND v.id != h.village_id LIMIT 1", (moved,)).fetchone()[0]
    hh.delete_person(laptop, gone)
    hh.update_household(laptop, moved, village=other)
    edited += [r[0] for r in sqlite3.connect(laptop.path).execute(
        "SELECT id FROM person WHERE household_id = ?", (moved,))]
    sync(laptop, place)
    sync(office, place)

    def history(db: Database) -> list[tuple[object, ...]]:
        with sqlite3.connect(db.path) as conn:
            return sorted(conn.execute("SELECT id, person_id, field, value, since, deleted FROM person_status"))

    assert history(office) == history(laptop) and {r[1] for r in history(office)} == set(edited)
    assert figures(office, 2025) == figures(laptop, 2025) == before
    assert by_village(office, 2025, END_2025) == by_village(laptop, 2025, END_2025)
    assert figures(office, 2026, TODAY) == figures(laptop, 2026, TODAY)
    assert figures(office, 2026, dt.date(2026, 1, 31)) == figures(laptop, 2026, dt.date(2026, 1, 31))
    office.close()
    laptop.close()


# -- the date a report says -------------------------------------------------------------------------------


def test_a_report_made_on_a_day_says_that_day_never_the_year_end(commune: Database) -> None:
    made = dt.date(2026, 12, 1)
    report = build(commune, "results", year=2026, today=made)
    text = "\n".join(report.body)
    assert "tính đến ngày 01/12/2026" in text and "31/12/2026" not in text
    assert report.header.place_date.endswith("ngày 01 tháng 12 năm 2026")
    learners = build(commune, "learners", year=2026, today=made)
    assert "đến ngày 01/12/2026" in "\n".join(learners.body)
    past = build(commune, "results", year=2025, today=made)
    assert "tính đến ngày 31/12/2025" in "\n".join(past.body)


def test_a_report_as_of_a_date_counts_to_that_date(big_commune: Database) -> None:
    day = dt.date(2026, 6, 30)
    report = build(big_commune, "results", as_of=day)
    assert f"tính đến ngày {fmt_date(day)}" in "\n".join(report.body)
    assert "2026" in report.header.subject  # the year the date falls in
    got = figures(big_commune, 2026, day)
    snapshot(big_commune, "person_june")
    for code, (num, den) in recount(big_commune, "person_june", day).items():
        assert got[code][1] == den and (num < 0 or got[code][0] == num), code
    with big_commune.read() as s:
        name = next(r.goal or r.name for r in indicators.compute(s, 2026) if r.code == "digital_identity")
    assert printed(report, *got["digital_identity"], name)
    visits = build(big_commune, "visits", as_of=day)
    assert fmt_date(day) in visits.header.subject  # the visit log's period ends on that day
    with pytest.raises(ValidationError) as err:
        build(big_commune, "results", as_of=TODAY + dt.timedelta(days=1))
    assert err.value.code == "report.as_of_future"
    with pytest.raises(ValidationError) as err:  # the period report counts to a day of its own period
        build(big_commune, "period", as_of=day, period="2026-Q1")
    assert err.value.code == "report.as_of_period"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "binhdan_desktop", *args], capture_output=True, text=True,
                          env={**os.environ}, timeout=120)


def test_the_command_line_takes_an_as_of_date(big_commune: Database, tmp_path: Path) -> None:
    big_commune.close()
    db = str(big_commune.path)
    out = tmp_path / "ket-qua.pdf"
    done = _cli("--db", db, "report", "results", "--as-of", "30/06/2026", "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "tính đến ngày 30/06/2026" in " ".join(text.split())
    assert f"ngày {TODAY.day:02d} tháng" in text  # the place-and-date line: the day it was made
    future = (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    for kind, args in (("results", ["--as-of", future]), ("learners", ["--as-of", future]),
                       ("events", ["--as-of", future]),
                       ("period", ["--period", "2026-Q1", "--as-of", "30/06/2026"])):  # after the period's end
        done = _cli("--db", db, "report", kind, *args, "--out", str(tmp_path / f"{kind}.pdf"))
        assert done.returncode == 2 and "Traceback" not in done.stderr
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and " / Error: " in lines[0], done.stderr
        assert not (tmp_path / f"{kind}.pdf").exists()


def test_a_past_breakdown_keeps_its_figures_when_people_are_edited_today(big_commune: Database) -> None:
    """The breakdowns read people through the same dated source: by gender, a 2025 figure adds up to the 2025
    indicator before and after today's edits (the edits flip groups and residence, which a breakdown filters on)."""
    from binhdan_desktop.services import breakdowns

    db = big_commune

    def by_gender() -> dict[str, tuple[int, int]]:
        with db.read() as s:
            rows = breakdowns.breakdown(s, 2025, "gender", as_of=END_2025)
        out: dict[str, tuple[int, int]] = {}
        for r in rows:
            n, d = out.get(r.code, (0, 0))
            out[r.code] = (n + r.numerator, d + r.denominator)
        return out

    before = by_gender()
    edit_everyone(db)
    after = by_gender()
    assert after == before
    total = figures(db, 2025, as_of=END_2025)
    for code, got in after.items():
        assert got == total[code], code


# -- deletions and moves are dated too ---------------------------------------------------------------------


def recount_villages(db: Database, people: str, households: str, day: dt.date) -> dict[str, tuple[int, int, int]]:
    """Per village, by hand over copies of person and household made before the edits: people 16+ with VNeID
    level 2 and a bank account, people 16+, and adults 18+ (the denominators of two indicators)."""
    age16, age18 = _cut(day, 16), _cut(day, 18)
    sql = f"""SELECT h.village_id, SUM(p.birth_ref <= ? AND p.vneid_level = 2 AND p.has_bank_account = 1),
                     SUM(p.birth_ref <= ?), SUM(p.birth_ref <= ?)
              FROM {people} p JOIN {households} h ON h.id = p.household_id
              WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru' GROUP BY h.village_id"""
    with sqlite3.connect(db.path) as conn:
        return {v: (int(a or 0), int(b or 0), int(c or 0)) for v, a, b, c in conn.execute(sql, (age16, age16, age18))}


def by_village(db: Database, year: int, as_of: dt.date | None = None,
               masks: bool = True) -> dict[str, tuple[int, int, int]]:
    with db.read() as s:
        rows = indicators.compute(s, year, as_of=as_of, use_masks=masks)
    ident = {r.village_id: r for r in rows if r.code == "digital_identity" and r.village_id}
    adults = {r.village_id: r for r in rows if r.code == "adults_vneid" and r.village_id}
    return {v: (ident[v].numerator, ident[v].denominator, adults[v].denominator) for v in ident}


def test_a_delete_and_a_move_today_leave_a_past_report_as_it_was(big_commune: Database) -> None:
    """A person deleted today, a household deleted today, households moved to another village today and a
    person moved to a household of another village today: as of any earlier day they are alive and in the old
    village (the 2025 report prints the same, per village too); today's figures follow the changes."""
    db = big_commune
    with sqlite3.connect(db.path) as conn:
        conn.execute("CREATE TABLE person_then AS SELECT * FROM person")
        conn.execute("CREATE TABLE household_then AS SELECT * FROM household")
        villages = [r[0] for r in conn.execute("SELECT id FROM village WHERE deleted = 0 ORDER BY sort_order")]
        homes = conn.execute("SELECT h.id, h.village_id FROM household h WHERE h.deleted = 0 AND EXISTS (SELECT 1 "
                             "FROM person p WHERE p.household_id = h.id AND p.deleted = 0 AND p.vneid_level = 2 "
                             "AND p.has_bank_account = 1) ORDER BY h.id LIMIT 40").fetchall()
        adults = [pid for pid, hid in conn.execute(
            "SELECT p.id, p.household_id FROM person p JOIN household h ON h.id = p.household_id WHERE p.deleted = 0 "
            "AND h.deleted = 0 AND p.residence = 'cu_tru' AND p.vneid_level = 2 AND p.has_bank_account = 1 "
            "AND p.birth_ref <= '1990-01-01' ORDER BY p.id LIMIT 60") if hid not in {h for h, _ in homes}]
    june = dt.date(2026, 6, 30)
    before = build(db, "results", year=2025)
    learned = build(db, "learners", year=2025)
    then = {day: by_village(db, day.year, day) for day in (END_2025, june)}
    for day, got in then.items():
        assert got == recount_villages(db, "person_then", "household_then", day), day
    hh.delete_household(db, homes[0][0])
    for pid in adults[:10]:
        hh.delete_person(db, pid)
    for hid, vid in homes[1:6]:  # to the next village
        hh.update_household(db, hid, village=villages[(villages.index(vid) + 1) % len(villages)])
    with sqlite3.connect(db.path) as conn:
        (own,) = conn.execute("SELECT h.village_id FROM person p JOIN household h ON h.id = p.household_id "
                              "WHERE p.id = ?", (adults[10],)).fetchone()
    hh.move_person(db, adults[10], next(hid for hid, vid in homes[6:] if vid != own))  # to another village
    after = build(db, "results", year=2025)
    assert after.tables == before.tables and after.body == before.body  # every figure printed, villages too
    assert build(db, "learners", year=2025).tables == learned.tables  # the 2025 learners: the same, per village
    for day, got in then.items():
        for masks in (True, False):
            assert by_village(db, day.year, day, masks) == got, (day, masks)
    with db.read() as s:  # the breakdowns read the same dated people
        from binhdan_desktop.services import breakdowns

        rows = breakdowns.breakdown(s, 2025, "poverty", as_of=END_2025)
    ident = [r for r in rows if r.code == "digital_identity"]
    assert sum(r.numerator for r in ident) == sum(v[0] for v in then[END_2025].values())
    assert sum(r.denominator for r in ident) == sum(v[1] for v in then[END_2025].values())
    # Today's figures follow the changes: recounted over the tables as they are now.
    now = by_village(db, TODAY.year, TODAY)
    assert now == recount_villages(db, "person", "household", TODAY)
    assert now != recount_villages(db, "person_then", "household_then", TODAY)
    # The day before, the old figures; undoing a delete today brings the person back for today too.
    yesterday = TODAY - dt.timedelta(days=1)
    assert by_village(db, yesterday.year, yesterday) == recount_villages(db, "person_then", "household_then",
                                                                        yesterday)
    hh.restore(db, [("person", adults[0])])
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT deleted FROM person WHERE id = ?", (adults[0],)).fetchone() == (0,)
    assert by_village(db, TODAY.year, TODAY) == recount_villages(db, "person", "household", TODAY)
    assert by_village(db, yesterday.year, yesterday) == recount_villages(db, "person_then", "household_then",
                                                                        yesterday)


def test_a_moved_household_counts_in_its_old_village_before_the_day_and_a_merge_follows(commune: Database) -> None:
    db = commune
    with db.read() as s:
        from binhdan_desktop.services.commune import villages

        a, b, c = (v.id for v in villages(s))
    hid = hh.create_household(db, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho", vneid_level=2, has_bank_account=True),
        hh.PersonDraft("Trần Thị Bình", 1975, relation="vo_chong")])).created
    assert hid
    yesterday = TODAY - dt.timedelta(days=1)

    def ident(day: dt.date) -> dict[str, tuple[int, int]]:
        with db.read() as s:
            return {str(r.village_id): (r.numerator, r.denominator) for r in indicators.compute(s, day.year, as_of=day)
                    if r.code == "digital_identity" and r.village_id}

    hh.update_household(db, hid, village=b)
    assert ident(yesterday) == {a: (1, 2), b: (0, 0), c: (0, 0)}
    assert ident(TODAY) == {a: (0, 0), b: (1, 2), c: (0, 0)}
    with db.read() as s:
        binh = next(p.id for p in hh.members(s, hid) if p.full_name == "Trần Thị Bình")
    hh.delete_person(db, binh)
    assert ident(yesterday) == {a: (1, 2), b: (0, 0), c: (0, 0)} and ident(TODAY)[b] == (1, 1)
    from binhdan_desktop.services.commune import merge_villages

    merge_villages(db, a, c)  # An Điềm becomes part of Ưu Điềm: its past is Ưu Điềm's
    assert ident(yesterday) == {b: (0, 0), c: (1, 2)}
    assert ident(TODAY) == {b: (1, 1), c: (0, 0)}


# -- the door-to-door list as of a date --------------------------------------------------------------------


def recount_checklist(db: Database, people: str, day: dt.date) -> dict[str, tuple[int, int, int, int]]:
    """Per village name, by hand over a copy of person made before the edits: the residents the list shows
    (16+ without VNeID level 2 or a digital bank account, or adults missing a basic lesson by `day`), their
    two kinds of marks and the basic lessons they still miss."""
    with sqlite3.connect(db.path) as conn:
        (rule,) = conn.execute("SELECT lessons FROM indicator_rule WHERE code = 'adults_basic' AND deleted = 0"
                               ).fetchone()
        basic = json.loads(rule)
        marks = ",".join("?" * len(basic))
        age16, age18 = _cut(day, 16), _cut(day, 18)
        rows = conn.execute(f"""
            WITH x AS (
                SELECT v.name AS village,
                       p.birth_ref <= ? AND p.vneid_level < 2 AS no_id,
                       p.birth_ref <= ? AND p.has_bank_account = 0 AS no_bank,
                       CASE WHEN p.birth_ref <= ? THEN ? - (SELECT COUNT(DISTINCT c.lesson_id) FROM completion c
                            WHERE c.person_id = p.id AND c.deleted = 0 AND c.date <= ? AND c.lesson_id IN ({marks}))
                            ELSE 0 END AS missing
                FROM {people} p JOIN household h ON h.id = p.household_id JOIN village v ON v.id = h.village_id
                WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru')
            SELECT village, COUNT(*), SUM(no_id), SUM(no_bank), SUM(missing) FROM x
            WHERE no_id OR no_bank OR missing > 0 GROUP BY village""",
                            (age16, age16, age18, len(basic), day.isoformat(), *basic)).fetchall()
    return {v: (int(n), int(a or 0), int(b or 0), int(m or 0)) for v, n, a, b, m in rows}


def tally_checklist(report: Report) -> dict[str, tuple[int, int, int, int]]:
    """What the list prints, per village table: rows, "☐" marks in each column, basic lessons missing."""
    out = {}
    for t in report.tables:
        heads = [c.header for c in t.columns]
        no_id, no_bank = heads.index("Chưa có VNeID mức 2"), heads.index("Chưa có TK ngân hàng số")
        missing = heads.index("Số bài cơ bản còn thiếu")
        if t.rows:
            out[t.title] = (len(t.rows), sum(r[no_id] == "☐" for r in t.rows), sum(r[no_bank] == "☐" for r in t.rows),
                            sum(int(r[missing] or 0) for r in t.rows))
    return out


def test_the_door_to_door_list_as_of_a_date(big_commune: Database, tmp_path: Path) -> None:
    """The list as of 30/06/2026 shows who still needed help that day — statuses and lessons of that day, people
    deleted today still on it — recounted by hand; edits made today do not change it, and it says its date."""
    db = big_commune
    day = dt.date(2026, 6, 30)
    snapshot(db, "person_then")
    first = build(db, "checklist", as_of=day)
    want = recount_checklist(db, "person_then", day)
    assert tally_checklist(first) == want
    assert tally_checklist(first) != tally_checklist(build(db, "checklist"))  # lessons since June count today
    assert "số liệu tính đến ngày 30/06/2026" in first.body[0]
    edit_everyone(db)
    with sqlite3.connect(db.path) as conn:
        gone = [r[0] for r in conn.execute("SELECT p.id FROM person p WHERE p.deleted = 0 AND p.vneid_level < 2 "
                                           "AND p.residence = 'cu_tru' AND p.birth_ref <= '1990-01-01' "
                                           "ORDER BY p.id DESC LIMIT 8")]
    for pid in gone:
        hh.delete_person(db, pid)
    again = build(db, "checklist", as_of=day)
    assert tally_checklist(again) == want

    def lines(report: Report) -> list[list[list[str]]]:  # the same people and marks (a household whose head
        return [sorted([str(v) for v in r[1:]] for r in t.rows) for t in report.tables]  # left sorts headless)

    assert lines(again) == lines(first)
    snapshot(db, "person_now")
    assert tally_checklist(build(db, "checklist")) == recount_checklist(db, "person_now", TODAY)
    out = tmp_path / "ds.xlsx"
    db.close()
    done = _cli("--db", str(db.path), "report", "checklist", "--as-of", "30/06/2026", "--out", str(out))
    assert done.returncode == 0, done.stderr
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=True)
    marks = sum(1 for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v == "☐")
    assert marks == sum(a + b for _, a, b, _ in want.values())
