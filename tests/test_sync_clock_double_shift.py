"""The new-user tester's clock script, as a test of real `binhdan` processes under `faketime`: a laptop whose
clock is 2 days behind (flat CMOS battery) joins, syncs (its hybrid clock takes the office's stamps, 2 days ahead
of its own clock), edits, and syncs again. Its edits must arrive at about the true time, never 2 days in the future
(moving stamps it took from the office by the whole skew did that, and they then beat the office's later edits)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from binhdan_desktop.cli.main import run
from binhdan_desktop.domain.hlc import millis_of
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.models import ChangeLog, Household
from binhdan_desktop.sync import enrolment

BEHIND = "-2d"
HOUR_MS = 3_600_000


def _behind(*args: str | Path, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """`binhdan ARGS` (or a Python snippet over the services) in a process whose clock faketime moved back."""
    if shutil.which("faketime") is None:
        pytest.skip("faketime is not installed")
    command = [sys.executable, "-c", code, *map(str, args)] if code else \
        [sys.executable, "-m", "binhdan_desktop", *map(str, args)]
    return subprocess.run(["faketime", "-f", BEHIND, *command], capture_output=True, text=True, timeout=180,
                          check=False, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


EDIT = ("import sys\nfrom pathlib import Path\nfrom binhdan_desktop.store.db import open_database\n"
        "from binhdan_desktop.services import households as hh\n"
        "with open_database(Path(sys.argv[1])) as db:\n    hh.update_household(db, sys.argv[2], address=sys.argv[3])\n")


def test_a_laptop_two_days_behind_does_not_push_its_edits_into_the_future(tmp_path: Path) -> None:
    office, laptop, usb = tmp_path / "office.sqlite3", tmp_path / "laptop.sqlite3", tmp_path / "usb"
    invitation = tmp_path / "moi.binhdan-team"
    usb.mkdir()
    place = ["--target", str(usb)]
    assert run(["--db", str(office), "demo", "--households", "4", "--seed", "6"]) == 0
    assert run(["--db", str(office), "team", "create", "--out", str(invitation)]) == 0
    assert run(["--db", str(office), "sync", *place]) == 0
    joined = _behind("--db", laptop, "team", "join", invitation, "--name", "Máy chậm", *place)
    assert joined.returncode == 1, joined.stderr
    with open_database(laptop) as db:
        code, me = enrolment.my_code(db), db.device().device_id
    assert run(["--db", str(office), "team", "approve", me[:8], "--code", code, *place]) == 0
    first = _behind("--db", laptop, "sync", *place)  # takes the office's bundle: stamps 2 days ahead of its clock
    assert first.returncode == 1 and "đồng hồ máy này" in first.stderr, first.stderr
    with open_database(office) as db, db.read() as s:
        home = str(s.scalars(select(Household.id).order_by(Household.code)).first())

    edited = _behind(laptop, home, "Sửa trên máy chậm", code=EDIT)
    assert edited.returncode == 0, edited.stderr
    sent = _behind("--db", laptop, "sync", *place)
    assert sent.returncode == 1, sent.stderr  # amber: the clock
    assert run(["--db", str(office), "sync", *place]) == 0
    now = time.time_ns() // 1_000_000
    with open_database(office) as db, db.read() as s:
        stamps = list(s.scalars(select(ChangeLog.hlc).where(ChangeLog.device_id == me,
                                                            ChangeLog.table_name == "household")))
        assert s.get(Household, home).address == "Sửa trên máy chậm"
    assert stamps and all(millis_of(h) <= now + HOUR_MS for h in stamps), \
        [(millis_of(h) - now) / HOUR_MS for h in stamps]  # hours ahead of the true time: none

    time.sleep(0.01)
    with open_database(office) as db:  # the office edits the same field afterwards: its edit is the later one
        from binhdan_desktop.services import households as hh

        hh.update_household(db, home, address="Văn phòng sửa sau")
    assert run(["--db", str(office), "sync", *place]) == 0
    assert _behind("--db", laptop, "sync", *place).returncode == 1
    for path in (office, laptop):
        with open_database(path) as db, db.read() as s:
            assert s.get(Household, home).address == "Văn phòng sửa sau", path.name
