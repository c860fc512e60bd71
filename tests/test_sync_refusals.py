"""Bundles that must be refused — unsigned, wrongly signed, tampered, truncated, oversized, from the
future, replayed — leave the database exactly as it was."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database
from binhdan_desktop.sync import bundle, engine
from binhdan_desktop.sync.identity import device_keys
from binhdan_desktop.sync.keys import TeamKey, new_signing_key
from tests.test_sync import _first_household, dump, round_trip, trio  # noqa: F401  (fixture)


def _team(db: Database) -> TeamKey:
    return engine.team_of(db)[0]


def _one_bundle(a: Database) -> tuple[str, bytes]:
    hh.update_household(a, _first_household(a), address="Từ máy A")
    engine.write_my_bundles(a, engine.SyncReport())
    mine = a.device().device_id
    path = max(engine.store_dir(a).glob(f"{mine}_*.bdsync"), key=lambda p: bundle.parse_name(p.name)[2])
    return path.name, path.read_bytes()


def _refused(db: Database, data: bytes) -> str:
    before = dump(db)
    with pytest.raises(bundle.BundleRejected) as err:
        engine.apply_bundle(db, _team(db), data)
    assert dump(db) == before
    return err.value.reason


def test_refusals_leave_the_database_unchanged(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    _name, data = _one_bundle(a)
    assert _refused(b, data[:-64]) in ("bad_signature", "truncated")  # unsigned
    assert _refused(b, data[: len(data) // 3]) in ("truncated", "bad_signature", "corrupt_manifest")
    tampered = bytearray(data)
    tampered[-100] ^= 1
    assert _refused(b, bytes(tampered)) == "bad_signature"
    assert _refused(b, b"PK\x03\x04 a zip file") == "not_a_bundle"
    assert _refused(b, bundle.MAGIC + b"\xff" * (bundle.MAX_BUNDLE_BYTES + 1)) == "too_large"


def test_a_bundle_signed_by_another_key_is_refused(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    team = _team(a)
    device = a.device().device_id
    private, public = new_signing_key()  # a valid team certificate for a key that is not A's
    record = {"d": device, "c": 10_000, "h": 1, "t": "household", "r": _first_household(a), "o": "update",
              "f": {"address": "giả mạo"}}
    _, data = bundle.encode(team, device, private, public, [record])
    assert _refused(b, data) in ("key_changed", "inconsistent")
    stranger = TeamKey.create("Xã lạ")
    _, data = bundle.encode(stranger, device, private, public, [record])
    assert _refused(b, data) == "other_team"


def test_timestamps_far_in_the_future_are_applied_and_the_clock_follows(trio) -> None:  # noqa: F811
    """No receiver judges a stamp by its own clock (that lost the work of a laptop set years ahead): the change
    is applied, and this device's clock goes past it, so its next edit still wins (causal order)."""
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    device = a.device().device_id
    public = engine._public(a, device)
    seen = {r.device_id: r.up_to for r in engine._seen(b).values()}
    nxt = seen.get(device, 0) + 1
    future = (int(__import__("time").time() * 1000) + 30 * 86_400_000) << 16
    hid = _first_household(a)
    record = {"d": device, "c": nxt, "h": future, "t": "household", "r": hid, "o": "update",
              "f": {"address": "ngày sai"}}
    _, data = bundle.encode(_team(a), device, device_keys(a).signing_key, public, [record])
    assert engine.apply_bundle(b, _team(b), data) == 1
    assert b.device().last_hlc >= future
    hh.update_household(b, hid, address="sửa sau")
    with b.read() as s:
        from binhdan_desktop.store.models import Household

        assert s.get(Household, hid).address == "sửa sau"


def test_a_replayed_bundle_changes_nothing(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    _name, data = _one_bundle(a)
    first = engine.apply_bundle(b, _team(b), data)
    assert first >= 1
    before = dump(b)
    assert engine.apply_bundle(b, _team(b), data) == 0
    assert dump(b) == before


def test_manifest_lies_are_caught(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    _, data = _one_bundle(a)
    size = struct.unpack(">I", data[len(bundle.MAGIC):len(bundle.MAGIC) + 4])[0]
    head = json.loads(data[len(bundle.MAGIC) + 4:len(bundle.MAGIC) + 4 + size])
    head["to"] = head["to"] + 5
    raw = json.dumps(head, sort_keys=True).encode()
    forged = bundle.MAGIC + struct.pack(">I", len(raw)) + raw + data[len(bundle.MAGIC) + 4 + size:]
    assert _refused(b, forged) == "bad_signature"
    assert Path  # keep the import for type hints in helpers
