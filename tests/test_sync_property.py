"""Property: whatever the edits, and whatever order bundles arrive in (duplicated, dropped, retried),
all databases end with the same content and no accepted change is missing."""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from binhdan_desktop.services import households as hh
from binhdan_desktop.services.commune import setup_commune
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import ChangeLog, Household, Person
from binhdan_desktop.sync import engine
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import carry_membership, enrol
from tests.test_sync import dump

DAY = 86_400_000
# Each device's clock: right, 2 days behind (flat CMOS battery) or 5 years ahead; devices whose stamps the
# place's clock puts right before they go out, and the order of every change any database holds kept.
SKEWS = st.lists(st.sampled_from([0, 0, -2 * DAY, 5 * 365 * DAY]), min_size=5, max_size=5)
OPS = st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["create", "address", "vneid", "delete", "name",
                                                                         "member"]),
                         st.integers(0, 10_000)), min_size=1, max_size=14)


def _households(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(Household.id).where(Household.deleted.is_(False)).order_by(Household.code)))


def _do(db: Database, op: str, n: int, step: int) -> None:
    homes = _households(db)
    if op == "create" or not homes:
        hh.create_household(db, hh.HouseholdDraft("Thôn Một", code=f"H{step:03d}-{db.device().device_id[:8]}",
                                                  members=[hh.PersonDraft(f"Người {n}", 1980)]))
        return
    hid = homes[n % len(homes)]
    if op == "address":
        hh.update_household(db, hid, address=f"Số {n}")
    elif op == "member":  # into a household another device may have deleted meanwhile: it revives it
        hh.add_person(db, hid, hh.PersonDraft(f"Mới {n}", 1990))
    elif op == "delete":
        hh.delete_household(db, hid)
    else:
        with db.read() as s:
            people = hh.members(s, hid)
        if people:
            fields = {"vneid_level": n % 3} if op == "vneid" else {"full_name": f"Tên {n}"}
            hh.set_person_fields(db, people[0].id, **fields)


def _deliver(db: Database, files: list[Path], rng: random.Random, drop: float) -> None:
    chosen = [f for f in files if rng.random() > drop]
    chosen += rng.sample(chosen, k=min(len(chosen), 2))  # duplicates
    rng.shuffle(chosen)
    team, _ = engine.team_of(db)
    store = engine.store_dir(db)
    for f in chosen:
        if not (store / f.name).exists():
            shutil.copy(f, store / f.name)
        engine.apply_pending(db, team, engine.SyncReport())


# Derandomized so CI runs the same examples every time; raise max_examples locally to explore further
# (60 random examples passed on 2026-11-25).
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(devices=st.integers(2, 5), ops=OPS, seed=st.integers(0, 1000), skews=SKEWS)
def test_any_order_same_result(devices: int, ops: list[tuple[int, str, int]], seed: int, skews: list[int]) -> None:
    _converge(devices, ops, seed, skews)


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(devices=st.integers(3, 5), ops=OPS, seed=st.integers(0, 1000), skews=SKEWS, at=st.integers(0, 13))
def test_a_revocation_mid_run_holds(devices: int, ops: list[tuple[int, str, int]], seed: int, skews: list[int],
                                    at: int) -> None:
    """The same, with the last device revoked by the office after step `at` (docs/keys.md step 3): the others
    take the new epoch's key and still converge; the revoked one goes on editing and publishing, and neither
    reads what they write after (it waits, `AwaitingKey`) nor gets its later changes into them."""
    _converge(devices, ops, seed, skews, revoke_at=min(at, len(ops) - 1))


def _converge(devices: int, ops: list[tuple[int, str, int]], seed: int, skews: list[int],
              revoke_at: int | None = None) -> None:
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp())
    try:
        dbs = [open_database(root / f"d{i}.sqlite3") for i in range(devices)]
        for db, skew in zip(dbs, skews, strict=False):
            if skew:
                db.wall = lambda skew=skew: time.time_ns() // 1_000_000 + skew  # type: ignore[misc]
            ensure_identity(db)
        setup_commune(dbs[0], "Xã Thử", "Tỉnh", ["Thôn Một"])
        create_team(dbs[0], root / "k.key")
        for db in dbs[1:]:
            enrol(dbs[0], db, root / "k.key", "")
        for db in dbs[1:]:  # the later enrolments too (a sync place carries the log to everyone)
            carry_membership(dbs[0], db)
        hub = root / "hub"
        hub.mkdir()

        def publish() -> list[Path]:
            for db in dbs:
                report = engine.SyncReport(place_ms=time.time_ns() // 1_000_000)  # the place's clock is right
                engine.write_my_bundles(db, report)
                for f in engine.store_dir(db).glob("*.bdsync"):
                    if not (hub / f.name).exists():
                        shutil.copy(f, hub / f.name)
            return sorted(hub.glob("*.bdsync"))

        for db in dbs[1:]:  # everyone starts from the commune set up on device 0
            _deliver(db, publish(), rng, drop=0.0)
        revoked: Database | None = None
        for step, (who, op, n) in enumerate(ops):
            _do(dbs[who % devices], op, n, step)
            if step % 3 == 2:  # a partial, lossy exchange now and then
                files = publish()
                for db in dbs:
                    _deliver(db, files, rng, drop=0.5)
            if step == revoke_at:
                revoked = _revoke_last(dbs, publish, rng)
        files = publish()
        for attempt in range(5):  # the retries: everything eventually arrives
            for db in dbs:
                _deliver(db, files, rng, drop=0.0)
            again = publish()  # changes the rules made while applying (sync/meet.py) travel too
            if attempt >= 1 and again == files:
                break
            files = again
        if revoked is not None:
            _holds(revoked, files)
            dbs = [db for db in dbs if db is not revoked]
        first = dump(dbs[0])
        for db in dbs[1:]:
            other = dump(db)
            for table in first:
                assert other[table] == first[table], (table, set(other[table]) ^ set(first[table]))
        everyone = set()
        for db in dbs:
            with db.read() as s:
                everyone |= set(s.execute(select(ChangeLog.device_id, ChangeLog.counter)).all())
        for db in dbs:
            with db.read() as s:
                assert set(s.execute(select(ChangeLog.device_id, ChangeLog.counter)).all()) == everyone
        with dbs[0].read() as s:
            assert s.scalar(select(Person.id).limit(1)) is not None or not ops
        for db in dbs:  # edits that met (sync/meet.py): nobody is left in a deleted household
            with db.read() as s:
                assert s.connection().exec_driver_sql(
                    "SELECT COUNT(*) FROM person p JOIN household h ON h.id = p.household_id "
                    "WHERE p.deleted = 0 AND h.deleted = 1").scalar() == 0
        for db in dbs:
            db.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _revoke_last(dbs: list[Database], publish: Callable[[], list[Path]], rng: random.Random) -> Database:
    """Everything delivered everywhere (so the office's last counter of the device is everyone's), then the office
    revokes the last device; the statements reach every device, and the others take the new key."""
    from binhdan_desktop.sync import enrolment

    for _ in range(2):
        files = publish()
        for db in dbs:
            _deliver(db, files, rng, drop=0.0)
    office, revoked = dbs[0], dbs[-1]
    enrolment.revoke(office, revoked.device().device_id)
    for db in dbs[1:]:
        carry_membership(office, db)
    for db in dbs[1:-1]:
        assert enrolment.settle(db) == enrolment.ENROLLED
        assert engine.team_of(db)[0].epoch == 1
    return revoked


def _holds(revoked: Database, files: list[Path]) -> None:
    """The revoked device holds epoch 0 only: every bundle of epoch 1 waits unread there, and no change written
    in epoch 1 is in its database."""
    from binhdan_desktop.sync import bundle

    team = engine.team_of(revoked)[0]
    assert team.epoch == 0
    later: set[tuple[str, int]] = set()
    for f in files:
        data = f.read_bytes()
        if int(bundle.header(data).get("epoch", 0)) == 0:
            continue
        with pytest.raises(bundle.AwaitingKey):
            bundle.decode(team, data)
        device, start, end = bundle.parse_name(f.name) or ("", 0, -1)
        later |= {(device, c) for c in range(start, end + 1)}
    with revoked.read() as s:
        held = set(s.execute(select(ChangeLog.device_id, ChangeLog.counter)).all())
    assert not later & held


# -- the membership log under the same treatment: statements arrive in any order, some late, some damaged
MEMBER_OPS = st.lists(st.tuples(st.sampled_from(["enrol", "revoke", "reject", "office", "epoch"]), st.integers(0, 4),
                                st.integers(0, 50)), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(ops=MEMBER_OPS, seed=st.integers(0, 1000), damage=st.integers(-1, 11))
def test_the_membership_log_replays_the_same_whatever_arrives_when(ops: list[tuple[str, int, int]], seed: int,
                                                                   damage: int) -> None:
    """Every device that holds the same statements replays the same membership, whatever order and rounds they
    arrived in; a damaged statement stops the chain exactly there, and an ordinary change never enters it."""
    from binhdan_desktop.sync import membership as M

    rng = random.Random(seed)
    office = M.new_office_key()
    anchor = M.Anchor("00000000-0000-4000-8000-00000000000a", "Xã Thử", M.public_of(office))
    devices = [(f"00000000-0000-4000-8000-00000000000{i}", M.public_of(M.new_office_key())) for i in range(5)]
    files: dict[str, bytes] = {}
    seq, prev, signer, epoch = 1, anchor.digest, office, 0
    for kind, who, n in ops:
        device, key = devices[who]
        body: dict[str, object] = {"device_id": device, "signing_key": key, "name": f"Máy {who}"}
        if kind == "enrol":
            body.update(agreement_key="", wrapped={})
        elif kind == "revoke":
            body["up_to"] = n
        elif kind == "epoch":  # a new key epoch (a revocation's second statement), wrapped for one device
            epoch += 1
            body = {"epoch": epoch, "wrapped": {device: {"sealed": f"{n}"}}}
        new_signer = signer
        if kind == "office":
            new_signer = M.new_office_key()
            body = {"office_key": M.public_of(new_signer)}
        name, data = M.make_statement(signer, anchor.team_id, seq, prev, kind, body)
        files[name] = data
        seq, prev, signer = seq + 1, hashlib.sha256(data).hexdigest(), new_signer
    truth = M.replay(anchor, files)
    assert truth.head_seq == len(ops) and not truth.problems
    # a device receives the files over a few rounds in random order: once it holds them all, it agrees
    held: dict[str, bytes] = {}
    names = sorted(files)
    while len(held) < len(files):
        batch = [n for n in names if n not in held and rng.random() < 0.5]
        held.update({n: files[n] for n in batch})
        partial = M.replay(anchor, held)
        assert partial.head_seq <= truth.head_seq and not partial.problems
    again = M.replay(anchor, held)
    assert (again.devices, again.rejected, again.head_hash, again.office_key) == \
        (truth.devices, truth.rejected, truth.head_hash, truth.office_key)
    assert again.epoch == truth.epoch == epoch
    if 0 <= damage < len(names):  # one byte changed: the chain stops there, everything before it holds
        bad = bytearray(files[names[damage]])
        bad[len(bad) // 2] ^= 0x01
        broken = M.replay(anchor, {**files, names[damage]: bytes(bad)})
        assert broken.head_seq == damage and set(broken.problems) == {names[damage]}
