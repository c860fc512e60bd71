"""The import's bulk write (one executemany per table, triggers and a first import's indexes set aside, the derived
data caught up in a few statements) leaves the database exactly as writing the same rows one by one through the
ORM does: every household and person column, the search index, the heads' keys, the schema, and every change-log
entry (table, row, operation, fields, counter and clock order)."""

from __future__ import annotations

import csv
import random
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import select

from binhdan_desktop.domain.names import FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE
from binhdan_desktop.services import imports
from binhdan_desktop.services.households import search_ids
from binhdan_desktop.store import bulk
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import Household, Person

HEAD = ["Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD", "Thôn", "Địa chỉ"]
VILLAGES = ["Thôn An Điềm", "Thôn Đồng Răm", "Thôn Ưu Điềm"]
SKIP = {"created_at", "updated_at"}  # the moment of writing


def _households(seed: int, count: int, first_code: int) -> list[list[object]]:
    """Households of a commune list: a head, a wife, 0–4 children; codes per village; some CCCDs and full dates,
    names with every kind of diacritic."""
    r = random.Random(seed)
    families = [f for f, w in FAMILY_NAMES for _ in range(w)]
    rows: list[list[object]] = []
    for n in range(count):
        village, family, year = VILLAGES[n % 3], r.choice(families), r.randint(1940, 1985)
        code = f"{first_code + n}"
        address = f"Số {r.randint(1, 300)}, {r.choice(['Xóm Đông', 'Xóm Tây', 'Xóm Chợ', 'Đội 5'])}"
        members = [(f"{family} {r.choice(MALE_MIDDLE)} {r.choice(MALE_GIVEN)}", year, "Nam", "Chủ hộ"),
                   (f"{r.choice(families)} {r.choice(FEMALE_MIDDLE)} {r.choice(FEMALE_GIVEN)}", year + 2, "Nữ", "Vợ")]
        for _ in range(r.randint(0, 4)):
            male = r.random() < 0.5
            given = r.choice(MALE_GIVEN if male else FEMALE_GIVEN)
            members.append((f"{family} {r.choice(MALE_MIDDLE if male else FEMALE_MIDDLE)} {given}",
                            year + r.randint(20, 35), "Nam" if male else "Nữ", "Con"))
        if len({m[0] for m in members}) < len(members):
            continue
        for i, (name, born, gender, relation) in enumerate(members):
            birth = f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{born}" if r.random() < 0.5 else born
            cccd = f"051{seed:03d}{n:06d}" if i == 0 and r.random() < 0.4 else ""
            rows.append([code, name, birth, gender, relation, cccd, village, address])
    return rows


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *rows])
    return path


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})") if row[1] not in SKIP]


def _dump(path: Path) -> dict[str, Any]:
    """Everything the write touches, read with plain sqlite3."""
    con = sqlite3.connect(path)
    try:
        out: dict[str, Any] = {}
        for table in ("household", "person"):
            cols = ", ".join(_columns(con, table))
            out[table] = con.execute(f"SELECT rowid, {cols} FROM {table} ORDER BY rowid").fetchall()
        out["fts"] = con.execute("SELECT rowid, doc FROM household_fts ORDER BY rowid").fetchall()
        out["fts_hits"] = [con.execute("SELECT count(*) FROM household_fts WHERE household_fts MATCH ?",
                                       (q,)).fetchone()[0] for q in ("nguyen", "thi", "ng*", "t*", "van an")]
        out["log"] = con.execute("SELECT device_id, counter, table_name, row_id, op, fields, prev FROM change_log "
                                 "ORDER BY counter").fetchall()
        hlcs = [h for (h,) in con.execute("SELECT hlc FROM change_log ORDER BY counter")]
        out["hlc_ascending"] = hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
        out["schema"] = sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                           "WHERE name NOT LIKE 'sqlite_%'").fetchall())
        out["device"] = con.execute("SELECT device_id, next_counter FROM device_state").fetchall()
        out["integrity"] = con.execute("PRAGMA integrity_check").fetchall()
        out["fts_integrity"] = con.execute("INSERT INTO household_fts (household_fts) VALUES ('integrity-check')")\
            .rowcount
        return out
    finally:
        con.close()


def _one_by_one(source: Path, target: Database) -> None:
    """The rows `source` has and `target` has not, written into `target` one at a time through the ORM (each
    flush fires the per-row triggers and logs its insert), households first, in `source`'s order."""
    con = sqlite3.connect(source)
    con.row_factory = sqlite3.Row
    try:
        with target.read() as s:
            have = set(s.scalars(select(Household.id))) | set(s.scalars(select(Person.id)))
        with target.write() as s:
            for model in (Household, Person):
                table = model.__tablename__
                for row in con.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                    if row["id"] in have:
                        continue
                    obj = model(**{c.key: row[c.name] for c in model.__table__.columns
                                   if c.key not in SKIP and not c.info.get("derived")})
                    if model is Person and obj.birth_date is not None:
                        import datetime as dt

                        obj.birth_date = dt.date.fromisoformat(str(obj.birth_date))
                    obj.deleted = bool(obj.deleted)
                    s.add(obj)
                    s.flush()
    finally:
        con.close()


def test_a_bulk_import_is_row_for_row_the_one_by_one_write(commune: Database, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    commune.close()
    shutil.copyfile(commune.path, empty)
    bulk_db = open_database(commune.path)
    rows = _households(1, 400, 1)
    assert len(rows) > bulk.INDEX_THRESHOLD  # a first import large enough to drop and rebuild the indexes
    first = imports.import_file(bulk_db, _csv(tmp_path / "first.csv", rows), dry_run=False)
    assert first.problems == [] and first.people_created == len(rows)

    one_db = open_database(empty)
    _one_by_one(commune.path, one_db)
    a, b = _dump(commune.path), _dump(empty)
    assert a == b
    assert len(a["person"]) == len(rows) and len(a["fts"]) == first.households_created
    assert a["integrity"] == [("ok",)] and a["hlc_ascending"]
    assert {r[2] for r in a["log"][-len(rows):]} == {"person"}  # every person logged, after its household

    # A second import into tables that are no longer empty (indexes kept): members added to recorded households
    # (their search documents rewritten) and new households.
    added = [[str(k), f"Phạm Thị Ngọc {chr(65 + k % 26)}ư", 2001, "Nữ", "Con", "", VILLAGES[(k - 1) % 3], ""]
             for k in range(1, 150)]
    again = imports.import_file(bulk_db, _csv(tmp_path / "second.csv", rows + added + _households(2, 120, 1000)),
                                dry_run=False)
    assert again.problems == [] and again.people_created > len(added) and again.people_updated == 0
    _one_by_one(commune.path, one_db)
    a, b = _dump(commune.path), _dump(empty)
    assert a == b
    assert a["integrity"] == [("ok",)] and a["hlc_ascending"]
    found = search_ids(bulk_db, "ngoc bu")  # the app's search finds a member added to a recorded household
    with bulk_db.read() as s:
        assert "1" in {s.get(Household, hid).code for hid in found}
    bulk_db.close()
    one_db.close()
