"""Enrolling a laptop in a test without a sync place: its join request carried to the office by hand, approved
there, and the office's statements carried back (what a sync place does between their syncs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from binhdan_desktop.store.db import Database
from binhdan_desktop.sync import enrolment
from binhdan_desktop.sync.team import join_team


def carry_membership(office: Database, laptop: Database) -> None:
    for path in enrolment.membership_dir(office).iterdir():
        if not (enrolment.membership_dir(laptop) / path.name).exists():
            shutil.copyfile(path, enrolment.membership_dir(laptop) / path.name)


def enrol(office: Database, laptop: Database, invitation: Path, name: str = "") -> None:
    """`team join` on the laptop, `team approve` on the office, and the laptop takes its certificate."""
    join_team(laptop, invitation, name)
    request = enrolment.requests_dir(laptop) / f"{laptop.device().device_id}.bdjoin"
    if request.exists():
        shutil.copyfile(request, enrolment.requests_dir(office) / request.name)
        enrolment.approve(office, laptop.device().device_id, enrolment.my_code(laptop))
    carry_membership(office, laptop)
    assert enrolment.settle(laptop) == enrolment.ENROLLED


def approve_waiting(office: Database | Path, laptop: Database) -> None:
    """The office approves a laptop that already joined (its request carried by hand) and the office's statements
    go to the laptop's store; the laptop takes its enrolment at its next sync."""
    from binhdan_desktop.store.db import open_database

    db = open_database(office) if isinstance(office, Path) else office
    try:
        request = enrolment.requests_dir(laptop) / f"{laptop.device().device_id}.bdjoin"
        shutil.copyfile(request, enrolment.requests_dir(db) / request.name)
        enrolment.approve(db, laptop.device().device_id, enrolment.my_code(laptop))
        carry_membership(db, laptop)
    finally:
        if isinstance(office, Path):
            db.close()
