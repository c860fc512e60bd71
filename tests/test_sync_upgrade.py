"""Today's teams upgrade (docs/keys.md, step 2): a team made by the app before enrolment (the fixture
`old-team.tar.gz`, built by that version's own code: tests/fixtures/make_old_team.py) keeps everything. On the
office's first sync it makes the office key and publishes the anchor; each laptop of the old team asks to join
with its old certificate and is approved by the office by itself; the revoked one is only listed; the old
bundles (epoch 0, the old shared key) stay readable by a laptop that joins later."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.keyfile import MACHINE_ID_ENV, fingerprint, key_file_path, read_keys, write_keys
from binhdan_desktop.store.models import Household, Person
from binhdan_desktop.sync import enrolment
from binhdan_desktop.sync import membership as M
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import ensure_identity, join_team, status
from tests.test_sync import dump

FIXTURE = Path(__file__).parent / "fixtures" / "old-team.tar.gz"


@pytest.fixture
def old_team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Database]:
    """The old team unpacked where it lives now: the same machine (its machine id), the key files' fingerprints
    made for this path (as on the laptops themselves, which never moved)."""
    monkeypatch.setenv(MACHINE_ID_ENV, "old-team-fixture")
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(tmp_path, filter="data")
    root = tmp_path / "old-team"
    dbs = {}
    for name in ("office", "a", "b", "c"):
        path = root / f"{name}.sqlite3"
        keys = read_keys(path)
        assert keys is not None and keys.team and not keys.anchor  # a team of before enrolment
        write_keys(path, keys.with_(fingerprint=fingerprint(key_file_path(path))))
        db = open_database(path)
        assert ensure_identity(db) is False
        dbs[name] = db
    return dbs


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_an_old_team_upgrades_without_losing_anything(old_team: dict[str, Database], tmp_path: Path) -> None:
    office, a, b, c = old_team["office"], old_team["a"], old_team["b"], old_team["c"]
    place = FolderTarget(tmp_path / "old-team" / "usb")
    before = dump(office)
    assert before == dump(a) == dump(b)
    hh.update_household(a, _first(a), phone="0905123456")  # work done while the office had not upgraded yet
    assert not sync(a, place).warnings  # the old rules still hold until the office upgrades
    report = sync(office, place)  # the office's first sync after the upgrade
    # A's change waits (not lost) until A holds a certificate of the new log
    assert set(report.warnings.values()) == {"not_enrolled"}, report.warnings
    keys = read_keys(office.path)
    assert keys is not None and keys.office_key and keys.anchor
    anchor = M.Anchor.from_json(keys.anchor)
    assert (place.path / "membership" / M.ANCHOR_FILE).is_file()
    assert enrolment.invitation_path(office).is_file()  # for laptops that join later
    for laptop in (a, b):
        report = sync(laptop, place)  # each takes the anchor and asks to join with its old certificate
        assert report.joining, report.warnings
        assert M.Anchor.from_json(read_keys(laptop.path).anchor).office_key == anchor.office_key
    with pytest.raises(BinhdanError) as told:  # the laptop the old team had revoked is told so
        sync(c, place)
    assert told.value.code == "sync.revoked" and status(c).joining == "revoked"
    report = sync(office, place)
    assert sorted(report.enrolled) == ["Laptop A", "Laptop B"]  # approved by itself; the revoked C is not
    states = {p.request.name: p.state for p in enrolment.requests(office)}
    assert states == {"Laptop A": "enrolled", "Laptop B": "enrolled", "Laptop C": "revoked"}  # C is listed
    for laptop in (a, b):
        assert not sync(laptop, place).warnings
        assert status(laptop).team == "Bình Chương" or status(laptop).team
    hh.update_household(b, _first(b), address="Sau khi nâng cấp, từ B")
    for db in (b, office, a):
        sync(db, place)
    assert dump(office) == dump(a) == dump(b)
    with office.read() as s:
        household = s.get(Household, _first(office))
        assert household.address == "Sau khi nâng cấp, từ B" and household.phone == "0905123456"
    # a laptop that joins later with the new invitation reads every old bundle (epoch 0)
    fresh = open_database(tmp_path / "moi.sqlite3")
    ensure_identity(fresh)
    join_team(fresh, enrolment.invitation_path(office), "Laptop mới")
    sync(fresh, place)
    sync(office, place)
    enrolment.approve(office, "Laptop mới", enrolment.my_code(fresh))
    sync(office, place)
    assert not sync(fresh, place).warnings
    assert dump(fresh)["household"] == dump(office)["household"]
    assert _count(fresh, Person) == _count(office, Person) > 0


def test_a_forged_anchor_at_the_place_is_not_taken(old_team: dict[str, Database], tmp_path: Path) -> None:
    """Someone holding the old team key (no office computer) publishes an anchor with their own office key: the
    laptops do not take it (it is not signed by the device that set the commune up)."""
    a = old_team["a"]
    place = FolderTarget(tmp_path / "old-team" / "usb")
    import base64
    import hashlib
    import hmac
    import json

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from binhdan_desktop.sync.keys import TeamKey

    team = TeamKey.from_json(read_keys(a.path).team or "")
    forged = M.Anchor(team.team_id, team.commune, M.public_of(M.new_office_key()))
    invitation = json.loads(forged.to_json())
    body = M.canonical(invitation)
    signed = {"invitation": invitation, "device_id": a.device().device_id,
              "signature": base64.b64encode(Ed25519PrivateKey.generate().sign(body)).decode(),
              "mac": base64.b64encode(hmac.new(team.mac_key, body, hashlib.sha256).digest()).decode()}
    place.write_in("membership", M.ANCHOR_FILE, M.canonical(signed))
    report = sync(a, place)
    assert not report.joining and read_keys(a.path).anchor is None  # still the old team, nothing taken
    with pytest.raises(BinhdanError):
        enrolment.approve(old_team["office"], "Laptop A")  # not the office of any log yet


def _first(db: Database) -> str:
    with db.read() as s:
        return str(s.scalar(select(Household.id).order_by(Household.id).limit(1)))
