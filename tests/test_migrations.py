"""Schema changes: upgrade an old file in place (with a backup first), refuse newer or foreign files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import indicators
from binhdan_desktop.store import migrate
from binhdan_desktop.store.db import make_engine, open_database
from binhdan_desktop.store.models import Lesson, Person, PersonProgress

FIXTURE = Path(__file__).parent / "fixtures" / "db-rev0001.sqlite3"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_database_is_at_head(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite3")
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()


def test_file_from_first_revision_upgrades_in_place_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    db = open_database(path, backup_dir=tmp_path / "bk")
    with db.read() as s:
        person = s.scalars(select(Person)).one()
        assert person.full_name == "Nguyễn Thị Ước"
        lesson = s.scalars(select(Lesson)).one()
        assert lesson.framework == "" and lesson.minutes is None  # columns added by 0002
        progress = s.get(PersonProgress, person.id)  # table and backfill of 0003
        assert progress is not None and progress.mask == 1 and progress.m_tham_ho == 1
    assert db.device().next_counter == 7  # the device identity survives the upgrade
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()
    backups = list((tmp_path / "bk").glob("*.sqlite3"))
    assert len(backups) == 1 and "before-upgrade" in backups[0].name
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_upgrade_from_each_revision_reaches_the_models_schema(tmp_path: Path) -> None:
    """Upgrading step by step gives the same tables and columns as a fresh database."""
    fresh = open_database(tmp_path / "fresh.sqlite3")
    with fresh.engine.connect() as conn:
        want = {t: [c[1] for c in conn.exec_driver_sql(f"PRAGMA table_info({t})")]
                for (t,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    fresh.close()
    engine = make_engine(tmp_path / "steps.sqlite3")
    for rev in ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0011"):
        migrate.upgrade_to(engine, rev)
    with engine.connect() as conn:
        got = {t: [c[1] for c in conn.exec_driver_sql(f"PRAGMA table_info({t})")]
               for (t,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    engine.dispose()
    assert {t: sorted(c) for t, c in got.items()} == {t: sorted(c) for t, c in want.items()}


def test_file_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = _digest(path)
    with pytest.raises(BinhdanError) as err:
        open_database(path)
    assert err.value.code == "db.too_new" and "9999" in err.value.message("en")
    assert _digest(path) == before


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a database at all", b"SQLite format 3\x00" + b"\x00" * 100])
def test_a_file_that_is_not_ours_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.sqlite3"
    path.write_bytes(content)
    with pytest.raises(BinhdanError) as err:
        open_database(path)
    assert err.value.code in ("db.not_ours", "db.cannot_open")
    assert path.read_bytes() == content


def test_an_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "firefox.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER)")
    conn.close()
    before = _digest(path)
    with pytest.raises(BinhdanError) as err:
        open_database(path)
    assert err.value.code == "db.not_ours"
    assert _digest(path) == before


def test_upgraded_fixture_computes_indicators(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    db = open_database(path)
    with db.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM lesson_bit")).scalar() == 1
        assert indicators.plan_years(s) == []  # 0001 files had no plan rows yet: nothing to compute
    db.close()


def test_schema_head_constant_matches_the_scripts() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_HEAD
