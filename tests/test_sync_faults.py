"""Fault injection: a sync killed with SIGKILL while applying or while writing bundles loses nothing
and applies nothing twice; the database stays sound."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from binhdan_desktop.services import demo
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.models import ChangeLog
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import enrol
from tests.test_sync import dump

RUN_SYNC = """
import sys
from pathlib import Path
from binhdan_desktop.store.db import open_database
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
db = open_database(Path(sys.argv[1]))
print("ready", flush=True)
sync(db, FolderTarget(Path(sys.argv[2])))
"""


def _killed_sync(db_path: Path, place: Path, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-c", RUN_SYNC, str(db_path), str(place)], stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert proc.stdout is not None
    proc.stdout.readline()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)


def test_killed_while_writing_and_applying_then_resumed(tmp_path: Path) -> None:
    rng = random.Random(7)
    office_path, laptop_path, place = tmp_path / "office.sqlite3", tmp_path / "laptop.sqlite3", tmp_path / "usb"
    place.mkdir()
    office = open_database(office_path)
    ensure_identity(office)
    demo.generate(office, 400, seed=3)
    create_team(office, tmp_path / "k.key")
    laptop = open_database(laptop_path)
    ensure_identity(laptop)
    enrol(office, laptop, tmp_path / "k.key", "laptop")
    office.close()
    laptop.close()
    for _ in range(3):  # the office is killed while it writes its bundles
        _killed_sync(office_path, place, rng.uniform(0.05, 0.6))
    for _ in range(4):  # the laptop is killed while it applies them
        _killed_sync(laptop_path, place, rng.uniform(0.05, 1.2))
    office, laptop = open_database(office_path), open_database(laptop_path)
    for db in (office, laptop):
        with db.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert not [p for p in place.iterdir() if p.name.endswith(".bdsync") and p.stat().st_size == 0]
    target = FolderTarget(place)
    for _ in range(2):
        sync(office, target)
        sync(laptop, target)
    assert dump(office) == dump(laptop)
    with laptop.read() as s:
        total = s.scalar(select(func.count()).select_from(ChangeLog))
        distinct = s.execute(select(func.count()).select_from(
            select(ChangeLog.device_id, ChangeLog.counter).distinct().subquery())).scalar()
    assert total == distinct
