"""Enrolment by the office (docs/keys.md, step 2): `team create` makes the office key and the invitation;
`team join` puts this device's signed join request in its store (it travels to the place with the next sync);
the office approves, rejects or revokes with statements of the membership log (`sync.membership`), which every
device carries like bundles. A laptop is enrolled when it finds its certificate in the log: the team data key is
wrapped in it for its X25519 key. Bundles are applied only from devices the log certifies (`admit`)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.domain.text import nfc
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.keyfile import DeviceKeys, read_keys, write_keys
from binhdan_desktop.store.models import DeviceState, SyncLocal, SyncSeen, TeamDevice
from binhdan_desktop.sync import devices
from binhdan_desktop.sync import membership as M
from binhdan_desktop.sync.folder import Target
from binhdan_desktop.sync.identity import continue_counter, device_keys
from binhdan_desktop.sync.keys import TeamKey, b64, unb64
from binhdan_desktop.sync.recovery import Recovery
from binhdan_desktop.sync.state import SyncReport, store_dir

log = logging.getLogger(__name__)
ENROLLED, WAITING, OFFICE, LEGACY = "enrolled", "waiting", "office", "legacy"


class NotEnrolled(Exception):
    """The bundle's device has no certificate in the log (yet): it waits, it is not applied."""


# -- where the log and the requests are kept in this database's store
def membership_dir(db: Database) -> Path:
    folder = store_dir(db) / M.MEMBERSHIP
    folder.mkdir(exist_ok=True)
    return folder


def requests_dir(db: Database) -> Path:
    folder = store_dir(db) / M.REQUESTS
    folder.mkdir(exist_ok=True)
    return folder


def anchor_of(keys: DeviceKeys | None) -> M.Anchor | None:
    return M.Anchor.from_json(keys.anchor) if keys is not None and keys.anchor else None


def _statements(folder: Path, team_id: str) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if (m := M.STATEMENT_NAME.match(p.name)) and m["team"] == team_id}


_CACHE: dict[Path, tuple[object, M.Membership]] = {}


def load(db: Database) -> M.Membership | None:
    """The log as this device holds it, replayed from its anchor (None: no anchor, a team of before step 2).
    Statements never change once written, so the replay is kept while the folder lists the same files."""
    anchor = anchor_of(read_keys(db.path))
    if anchor is None:
        return None
    folder = store_dir(db) / M.MEMBERSHIP
    names = tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else ()
    stamp = (anchor.digest, names)
    cached = _CACHE.get(folder)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found = M.replay(anchor, _statements(folder, anchor.team_id))
    _CACHE[folder] = (stamp, found)
    return found


# -- the office
def _with_keys(db: Database) -> DeviceKeys:
    keys = device_keys(db)
    if keys.device_id != db.device().device_id:  # a database rolled back under a live key file
        keys = continue_counter(db)
    return keys


def create(db: Database, out: Path, commune: str, device_name: str, place: str) -> M.Anchor:
    """The office key, the team data key, the invitation at `out`, and statement 1: the office enrols itself."""
    from binhdan_desktop.fileio import check_output, write_atomic

    data = TeamKey.create(commune)
    office_private = M.new_office_key()
    anchor = M.Anchor(data.team_id, commune, M.public_of(office_private), place)
    write_atomic(check_output(out, force=True, db_path=None), anchor.to_json().encode("utf-8"), private=True)
    keys = _with_keys(db).with_(team=data.to_json(), anchor=anchor.to_json(), office_key=office_private)
    write_keys(db.path, keys)
    _append(db, keys, "enrol", _cert_body(keys.device_id, device_name, keys.public_key, keys.agreement_public, data,
                                          role="office"))
    return anchor


def _cert_body(device_id: str, name: str, signing: str, agreement: str, data: TeamKey, role: str = "member") -> dict:
    """A certificate with every epoch's key the office holds wrapped for the device: epoch 0 in `wrapped` (as
    step 2 wrote it), the later ones in `epochs` (an approval after a revocation reads the history too)."""
    secret = data.enc_key + data.mac_key
    body = {"device_id": device_id, "name": name, "signing_key": signing, "agreement_key": agreement, "role": role,
            "epoch": 0, "wrapped": M.wrap(secret, agreement, data.team_id, 0, device_id)}
    if data.epochs:
        body["epochs"] = {str(e): M.wrap(k, agreement, data.team_id, e, device_id)
                          for e, k in sorted(data.epochs.items())}
    return body


def new_epoch(db: Database, reason: str) -> int:
    """On the office: a new team data key, wrapped in an `epoch` statement for each device enrolled and not
    revoked at this point of the log (and for the office key itself, so its recovery copy opens it). Every device
    encrypts with it once it holds it; a device it is not wrapped for reads nothing written with it."""
    import os

    keys, found = _office(db)
    team = TeamKey.from_json(keys.team or "")
    epoch = max(found.epoch, team.epoch) + 1
    secret = os.urandom(64)
    wrapped = {c.device_id: M.wrap(secret, c.agreement_key, team.team_id, epoch, c.device_id)
               for c in sorted(found.devices.values(), key=lambda c: c.device_id)
               if c.revoked_after is None and c.agreement_key}
    office_box = M.wrap(secret, M.agreement_public(M.office_agreement(keys.office_key or "")), team.team_id, epoch,
                        M.OFFICE_BOX)
    _append(db, keys, "epoch", {"epoch": epoch, "wrapped": wrapped, M.OFFICE_BOX: office_box, "reason": reason})
    write_keys(db.path, keys.with_(team=team.with_epoch(epoch, secret).to_json()))
    return epoch


def _office(db: Database) -> tuple[DeviceKeys, M.Membership]:
    keys = read_keys(db.path)
    found = load(db)
    if keys is None or not keys.office_key or found is None or M.public_of(keys.office_key) != found.office_key:
        raise BinhdanError("sync.not_office")  # (a former office: another computer took over with the recovery)
    return keys, found


def is_office(db: Database) -> bool:
    """This device holds the office key the membership log says signs now."""
    try:
        _office(db)
    except BinhdanError:
        return False
    return True


def office_signer(db: Database) -> Ed25519PrivateKey:
    """The office key's private part, to sign what only the office signs (statements, snapshots); raises
    sync.not_office elsewhere."""
    keys, _ = _office(db)
    assert keys.office_key
    return Ed25519PrivateKey.from_private_bytes(unb64(keys.office_key))


def _append(db: Database, keys: DeviceKeys, kind: str, body: dict, signer: str | None = None) -> str:
    """One more office-signed statement, chained to the last one this office holds."""
    anchor = anchor_of(keys)
    signer = signer or keys.office_key
    assert anchor is not None and signer
    current = load(db)
    assert current is not None
    if current.problems:
        raise BinhdanError("sync.membership_broken", name=", ".join(sorted(current.problems)))
    name, data = M.make_statement(signer, anchor.team_id, current.head_seq + 1, current.head_hash, kind, body)
    from binhdan_desktop.fileio import write_atomic

    write_atomic(membership_dir(db) / name, data)
    return name


@dataclass(frozen=True)
class Pending:
    """A join request the office holds, for the list in Settings and `team requests`."""

    request: M.Request
    state: str  # "new", "enrolled", "rejected", "revoked"
    rejected_before: bool = False  # asked again after the office turned an earlier request of it away
    namesakes: tuple[devices.Known, ...] = ()  # other devices in the team under the same name
    retires: str = ""  # the device id this request's new identity replaces (its claim verified)


def requests(db: Database) -> list[Pending]:
    """The join requests this office has received (from its last sync), newest state first: new ones."""
    _keys, found = _office(db)
    plain = []
    for path in sorted(requests_dir(db).iterdir()):
        if not M.REQUEST_NAME.match(path.name):
            continue
        req = M.read_request(path.read_bytes())
        if req is None or req.team_id != found.anchor.team_id:
            continue
        cert = found.cert(req.device_id, req.signing_key)
        state = ("revoked" if cert.revoked_after is not None else "enrolled") if cert else \
            "rejected" if found.turned_away(req) else "new"
        plain.append((req, state))
    known = devices.known(db, found, plain, _keys.device_id) if any(st == "new" for _r, st in plain) else []
    out = [Pending(req, state, state == "new" and req.device_id in found.rejected,
                   tuple(devices.namesakes(known, req.name, req.device_id)) if state == "new" else (),
                   _retired(found, req)) for req, state in plain]
    return sorted(out, key=lambda p: (p.state != "new", p.request.name, p.request.device_id))


def _retired(found: M.Membership, req: M.Request) -> str:
    """The enrolled device this request's new identity replaces, when the old identity's key signed the claim."""
    old = found.devices.get(str(req.retires.get("device_id", ""))) if req.retires else None
    return old.device_id if old is not None and M.retire_verifies(req, old.signing_key) else ""


def _known(db: Database) -> tuple[DeviceKeys, M.Membership, list[Pending], list[devices.Known]]:
    keys, found = _office(db)
    pending = requests(db)
    return keys, found, pending, devices.known(db, found, [(p.request, p.state) for p in pending], keys.device_id)


def _find(db: Database, device: str) -> Pending:
    """The waiting request `device` names (whole id, id prefix or name); a name two devices share is refused."""
    _keys, _found, pending, known = _known(db)
    one = devices.pick([k for k in known if k.state != "office"], device)
    wanted = [p for p in pending if one is not None and p.request.device_id == one.device_id and p.state == "new"]
    if not wanted:
        raise BinhdanError("not_found.request", value=device)
    return wanted[0]


def approve(db: Database, device: str, code: str | None = None, name: str | None = None, *,
            code_required: bool = False) -> M.Request:
    """Enrol the device of a join request: its certificate, with the team data key wrapped for it. `name`: enrol
    it under another name (needed when a device in the team already has its name). A request of a new identity
    (`team join --new-identity`) also revokes the identity it replaces, past what that one sent. `code_required`:
    refused without the code (the command line, unless told otherwise)."""
    keys, found = _office(db)
    pending = _find(db, device)
    req = pending.request
    if code is None and code_required:
        raise BinhdanError("sync.code_needed", device=device)
    if code is not None and M.normal_code(code) != req.code:
        raise BinhdanError("sync.wrong_code", given=code, device=req.name or req.device_id[:8])
    enrolled_as = (nfc(name) or "") if name is not None else req.name
    _keys, _found, _pending, known = _known(db)
    if name is not None and not enrolled_as:
        raise BinhdanError("validation.required", field="name")
    twins = devices.namesakes(known, enrolled_as, req.device_id)
    if pending.retires:
        twins = [t for t in twins if t.device_id != pending.retires]  # the identity it replaces goes now
    if twins:
        raise BinhdanError("sync.duplicate_name", name=enrolled_as, device=req.device_id[:8],
                           devices=devices.listing(twins))
    team = TeamKey.from_json(keys.team or "")
    _append(db, keys, "enrol", _cert_body(req.device_id, enrolled_as, req.signing_key, req.agreement_key, team))
    if pending.retires and found.devices[pending.retires].revoked_after is None:
        _revoke(db, keys, pending.retires, int(req.retires.get("up_to", 0)), "replaced by a new identity")
    return req


def reject(db: Database, device: str) -> M.Request:
    """Turn a join request away: the laptop is told so at its next sync (it may ask again: a new request)."""
    keys, _found = _office(db)
    req = _find(db, device).request
    _append(db, keys, "reject", {"device_id": req.device_id, "signing_key": req.signing_key, "name": req.name,
                                 "asked": req.asked})
    return req


def revoke(db: Database, device: str) -> Changes:
    """Accept nothing from the device past the last of its changes this office has (a `revoke` statement), and
    start a new key epoch wrapped for the remaining devices only (`_revoke`): the revoked laptop reads nothing
    written after. The device row in Settings says revoked too (shown only: the log is what every device checks)."""
    keys, _found, _pending, known = _known(db)
    one = devices.pick([k for k in known if k.state != "office"], device)
    if one is None:
        raise BinhdanError("not_found.device", value=device)
    if one.state != "enrolled":
        raise BinhdanError("sync.not_enrolled_device", device=one.describe("vi"), device_en=one.describe("en"))
    return _revoke(db, keys, one.device_id, 0, "revoked by the office")


def _revoke(db: Database, keys: DeviceKeys, device_id: str, sent: int, reason: str) -> Changes:
    """The revoke statement at the last counter of the device this office applied (or `sent`, what the device
    itself says it sent, when more), a new key epoch without it, and its device row marked (Settings)."""
    with db.read() as s:
        seen = s.get(SyncSeen, device_id)
    up_to = max(seen.up_to if seen is not None else 0, sent)
    _append(db, keys, "revoke", {"device_id": device_id, "up_to": up_to, "reason": reason})
    new_epoch(db, f"revoked {device_id}")  # the key of what is written from now on: not for the revoked one
    with db.write() as s:
        for row in s.scalars(select(TeamDevice).where(TeamDevice.device_id == device_id,
                                                      TeamDevice.deleted.is_(False))):
            row.revoked = True
        return changes_of(s)


# -- the office key's recovery copy
def recovery_copy(db: Database) -> Recovery:
    """What a new office computer needs to take over: the office key and the team data key."""
    keys, found = _office(db)
    team = TeamKey.from_json(keys.team or "")
    return Recovery(found.anchor.team_id, keys.office_key or "", team.enc_key + team.mac_key)


def recover(db: Database, copy: Recovery, device_name: str) -> None:
    """On a new office computer that joined with the invitation and took the log from the place: an `office`
    statement signed by the recovered key names this computer's new office key, and it enrols itself. Laptops
    accept both because they chain from their anchor; none re-enrols."""
    keys = read_keys(db.path)
    found = load(db)
    if keys is None or found is None or copy.team_id != found.anchor.team_id:
        raise BinhdanError("sync.bad_recovery")
    if found.problems:
        raise BinhdanError("sync.membership_broken", name=", ".join(sorted(found.problems)))
    if M.public_of(copy.office_key) != found.office_key:
        raise BinhdanError("sync.recovery_not_current")
    new_office = M.new_office_key()
    team = TeamKey(found.anchor.team_id, found.anchor.commune, copy.data_key[:32], copy.data_key[32:])
    team = _office_epochs(team, found, copy.office_key)
    _append(db, keys, "office", {"office_key": M.public_of(new_office), "device_id": keys.device_id,
                                 "reason": "recovered on a new office computer"}, signer=copy.office_key)
    keys = keys.with_(office_key=new_office, team=team.to_json())
    write_keys(db.path, keys)
    _append(db, keys, "enrol", _cert_body(keys.device_id, device_name, keys.public_key, keys.agreement_public, team,
                                          role="office"))
    request = requests_dir(db) / M.request_name(keys.device_id)
    if request.exists():
        request.unlink()


def _office_epochs(team: TeamKey, found: M.Membership, office_private: str) -> TeamKey:
    """The epoch keys the log wrapped for this office key (every epoch it started): what a recovered office reads
    the team's later bundles with."""
    agreement, public = M.office_agreement(office_private), M.public_of(office_private)
    for epoch, (signer, box) in sorted(found.office_boxes.items()):
        secret = M.unwrap(box, agreement, team.team_id, epoch, M.OFFICE_BOX) if signer == public else None
        if secret is not None and len(secret) == 64:
            team = team.with_epoch(epoch, secret)
    return team


# -- a laptop
def join(db: Database, anchor: M.Anchor, device_name: str, new_identity: bool = False) -> bool:
    """Keep the anchor and put this device's signed join request in its store. Joining the same team again
    keeps the identity (and an enrolment already made): True when a request now waits for the office. A request
    made again after a rejection is a new one (dated). `new_identity`: retire this identity (`retire`)."""
    retires = retire(db, anchor) if new_identity else None
    keys = _with_keys(db)
    old = anchor_of(keys)
    same = old is not None and old.team_id == anchor.team_id and old.office_key == anchor.office_key
    keys = keys.with_(anchor=anchor.to_json(), team=keys.team if same else None, office_key=None)
    write_keys(db.path, keys)
    if same and keys.team:
        return False
    name = device_name or db.device().device_name
    data = M.make_request(keys.signing_key, keys.agreement_public, keys.device_id, name, anchor.team_id,
                          anchor.commune, retires=retires)
    from binhdan_desktop.fileio import write_atomic

    write_atomic(requests_dir(db) / M.request_name(keys.device_id), data)
    return True


def retire(db: Database, anchor: M.Anchor) -> dict | None:
    """`team join --new-identity`: new keys and a new device id; the changes the team never took from the old
    identity move to the new one; the old key signs that the new one replaces it (the office's approval revokes
    the old id past what it sent). None: the old identity was in no team of this anchor (nothing to revoke)."""
    from binhdan_desktop.sync.identity import renew_identity, take_over

    old = device_keys(db)
    found = load(db) if (a := anchor_of(old)) is not None and a.team_id == anchor.team_id else None
    cert = found.cert(old.device_id, old.public_key) if found is not None else None
    with db.read() as s:
        local = s.get(SyncLocal, 1)
    sent = (local.exported_up_to or 0) if local is not None and local.exported_device == old.device_id else 0
    taken = 0 if cert is None else cert.revoked_after if cert.revoked_after is not None else sent
    renew_identity(db)
    take_over(db, old.device_id, taken)
    from binhdan_desktop.sync.bundle import parse_name

    for path in store_dir(db).glob(f"{old.device_id}_*.bdsync"):  # bundles nobody may take: their changes
        if (parsed := parse_name(path.name)) is not None and parsed[1] > taken:  # go under the new id now
            path.unlink()
    if cert is None:
        return None
    new = device_keys(db)
    return M.retire_claim(old.signing_key, old.device_id, taken, new.device_id, new.public_key)


def my_request(db: Database) -> M.Request | None:
    """This device's own join request, as it last made it."""
    path = store_dir(db) / M.REQUESTS / M.request_name(db.device().device_id)
    return M.read_request(path.read_bytes()) if path.is_file() else None


def my_code(db: Database) -> str:
    keys = device_keys(db)
    return M.device_code(keys.device_id, keys.public_key, keys.agreement_public)


def _standing(db: Database) -> tuple[str, DeviceKeys | None, M.Membership | None, M.Cert | None]:
    keys = read_keys(db.path)
    found = load(db)
    if keys is None or found is None:
        return LEGACY, keys, found, None
    if keys.office_key and M.public_of(keys.office_key) == found.office_key:
        return OFFICE, keys, found, None
    cert = found.cert(keys.device_id, keys.public_key)
    if cert is None:
        mine = my_request(db)
        if mine is not None and found.turned_away(mine):  # asked again since: a new request, waiting
            raise BinhdanError("sync.join_rejected")
        return WAITING, keys, found, None
    if cert.revoked_after is not None:
        raise BinhdanError("sync.revoked")
    return ENROLLED, keys, found, cert


def settle_view(db: Database) -> str:
    """`settle` without writing anything (the status bar): OFFICE, ENROLLED, WAITING or LEGACY; raises when the
    office rejected or revoked this device."""
    return _standing(db)[0]


def settle(db: Database) -> str:
    """Where this device stands in the log it holds: the office, enrolled (the data key taken from its certificate
    the first time), still waiting; raises when the office rejected or revoked it. LEGACY: no anchor."""
    state, keys, found, cert = _standing(db)
    if keys is not None and found is not None and keys.office_key and state != OFFICE:
        # a former office: another computer took over with the recovery copy; this one is a member now and no
        # longer issues report numbers
        keys = keys.with_(office_key=None)
        write_keys(db.path, keys)
        with db.write() as s:
            local = s.get(SyncLocal, 1)
            if local is not None:
                local.office = False
    if state == OFFICE and keys is not None and found is not None:
        cert = found.cert(keys.device_id, keys.public_key)
    if state not in (ENROLLED, OFFICE) or keys is None or found is None or cert is None:
        return state
    team = TeamKey.from_json(keys.team) if keys.team else None
    first = team is None
    if team is None:
        secret = M.unwrap(cert.wrapped, keys.agreement_key, found.anchor.team_id, 0, keys.device_id)
        if secret is None or len(secret) != 64:
            raise BinhdanError("sync.membership_broken", name=M.statement_name(found.anchor.team_id, cert.seq))
        team = TeamKey(found.anchor.team_id, found.anchor.commune, secret[:32], secret[32:])
    taken = _epoch_keys(team, keys, found, cert)
    if first or taken != team:
        write_keys(db.path, keys.with_(team=taken.to_json()))
    if first:
        _announce(db, keys, cert.name)
    return state


def _epoch_keys(team: TeamKey, keys: DeviceKeys, found: M.Membership, cert: M.Cert) -> TeamKey:
    """The epoch keys the log wrapped for this device that its key file does not hold yet, unwrapped."""
    for epoch, box in sorted(cert.epochs.items()):
        if epoch in team.epochs:
            continue
        secret = M.unwrap(box, keys.agreement_key, found.anchor.team_id, epoch, keys.device_id)
        if secret is None or len(secret) != 64:
            raise BinhdanError("sync.membership_broken", name=M.statement_name(found.anchor.team_id, cert.seq))
        team = team.with_epoch(epoch, secret)
    return team


def _announce(db: Database, keys: DeviceKeys, name: str) -> None:
    """The device row Settings shows (a synced row; shown only, never what a device is trusted by)."""
    with db.write() as s:
        me = s.scalars(select(DeviceState)).one()
        known = s.scalars(select(TeamDevice).where(TeamDevice.device_id == me.device_id,
                                                   TeamDevice.public_key == keys.public_key,
                                                   TeamDevice.deleted.is_(False))).first()
        if known is None:
            s.add(TeamDevice(device_id=me.device_id, name=me.device_name or name, public_key=keys.public_key))


# -- bundles: who may write
def admit(db: Database, device: str, public_key: str, found: M.Membership | None = None) -> int | None:
    """The last counter accepted from this device signing with this key (None: no limit). Raises NotEnrolled
    when the log holds no certificate for it (its bundles wait), None-limit for a team of before step 2 (the old
    rules apply: its HMAC certificate, checked by `bundle.decode`). `found`: the log, when the caller loaded it."""
    found = found if found is not None else load(db)
    if found is None:
        return None
    limit = found.accepts_up_to(device, public_key)
    if limit == -1:
        raise NotEnrolled(device)
    return limit


def name_new_team(db: Database, report: SyncReport) -> None:
    """A bundle of another team made by this team's own office computer: the office made a new team (`team create
    --new-team`). Said so, with what to do, rather than only "another team's file"."""
    found = load(db)
    office = found.office_device if found is not None else ""
    if not office:
        return
    from binhdan_desktop.sync.bundle import parse_name
    from binhdan_desktop.sync.place import NEW_TEAM

    for name, reason in list(report.skipped.items()):
        parsed = parse_name(name)
        if reason == "other_team" and parsed is not None and parsed[0] == office:
            report.skipped[name] = NEW_TEAM


# -- the place (network stage: files only, no database)
@dataclass(frozen=True)
class View:
    """What the exchange with the place needs, read from the database side."""

    store: Path
    anchor: M.Anchor | None
    device_id: str
    office: bool


def view(db: Database) -> View:
    keys = read_keys(db.path)
    membership_dir(db)
    requests_dir(db)
    return View(store_dir(db), anchor_of(keys), db.device().device_id, bool(keys and keys.office_key))


def exchange(target: Target, here: View, report: SyncReport) -> None:
    """Statements both ways (a statement enters my store only when the chain from my anchor verifies through
    it), my join request up, and (the office) the join requests down."""
    anchor_file = here.store / M.MEMBERSHIP / M.ANCHOR_FILE
    if here.anchor is None:  # a team of before step 2: the upgraded office's anchor, when it is there
        if M.ANCHOR_FILE in target.files_in(M.MEMBERSHIP):
            try:
                _write_file(anchor_file, target.read_in(M.MEMBERSHIP, M.ANCHOR_FILE), replace=True)
            except OSError:
                report.skipped[f"{M.MEMBERSHIP}/{M.ANCHOR_FILE}"] = "unreadable"
        return
    if here.office and anchor_file.is_file():
        target.write_in(M.MEMBERSHIP, M.ANCHOR_FILE, anchor_file.read_bytes())
    team_id = here.anchor.team_id
    mine_dir, req_dir = here.store / M.MEMBERSHIP, here.store / M.REQUESTS
    held = _statements(mine_dir, team_id)
    there = {n: s for n, s in target.files_in(M.MEMBERSHIP).items()
             if (m := M.STATEMENT_NAME.match(n)) and m["team"] == team_id}
    fetched: dict[str, bytes] = {}
    for name in sorted(set(there) - set(held)):
        try:
            fetched[name] = target.read_in(M.MEMBERSHIP, name)
        except OSError:
            report.skipped[f"{M.MEMBERSHIP}/{name}"] = "unreadable"
    if fetched:
        chain = M.replay(here.anchor, {**held, **fetched})
        for name, data in fetched.items():
            seq = int(name.rsplit("_", 1)[1].split(".")[0])
            if seq <= chain.head_seq:
                _write_file(mine_dir / name, data)
            elif name in chain.problems:
                report.skipped[f"{M.MEMBERSHIP}/{name}"] = chain.problems[name]
    for name, data in sorted(held.items()):
        if name not in there:
            target.write_in(M.MEMBERSHIP, name, data)
        elif there[name] != len(data) and _differs(target, name, data):
            # the same place in the chain holds another statement: two computers signed as the office (a former
            # office that went on offline after another took over with the recovery copy). Said, never merged.
            report.skipped[f"{M.MEMBERSHIP}/{name}"] = "membership_fork"
    mine = req_dir / M.request_name(here.device_id)
    if not here.office and mine.is_file():
        target.write_in(M.REQUESTS, mine.name, mine.read_bytes(), replace=True)
    if here.office:
        for name in sorted(target.files_in(M.REQUESTS)):
            if not M.REQUEST_NAME.match(name):
                continue
            try:
                data = target.read_in(M.REQUESTS, name)
            except OSError:
                continue
            local = req_dir / name
            if M.read_request(data) is not None and (not local.is_file() or local.read_bytes() != data):
                _write_file(local, data, replace=True)


def _differs(target: Target, name: str, data: bytes) -> bool:
    try:
        return target.read_in(M.MEMBERSHIP, name) != data
    except OSError:
        return False


def _write_file(path: Path, data: bytes, replace: bool = False) -> None:
    from binhdan_desktop.fileio import write_atomic

    if path.exists() and not replace:
        return
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, data)


# -- today's teams upgrade (docs/keys.md, "Today's teams upgrade")
def invitation_path(db: Database) -> Path:
    """Where the office's upgrade leaves the new invitation for laptops that join later."""
    return db.path.with_name(db.path.stem + ".binhdan-team")


def _is_legacy_office(db: Database) -> bool:
    with db.read() as s:
        state = s.get(SyncLocal, 1)
    return bool(state is not None and state.team_id and state.office)


def upgrade(db: Database, report: SyncReport) -> bool:
    """The database side of a sync for a team made before step 2. On the office: make the office key and the
    anchor (same team, the old shared key kept as epoch 0), enrol itself, and publish the anchor file signed by
    its old device key and the old team key. On a laptop: take the anchor the office published (only when both
    verify) and ask to join, carrying its old certificate. True when something new is to go to the place."""
    keys = read_keys(db.path)
    if keys is None or keys.anchor or not keys.team:
        return False
    team = TeamKey.from_json(keys.team)
    if _is_legacy_office(db):
        office_private = M.new_office_key()
        anchor = M.Anchor(team.team_id, team.commune, M.public_of(office_private), _place(db))
        keys = keys.with_(anchor=anchor.to_json(), office_key=office_private)
        write_keys(db.path, keys)
        _append(db, keys, "enrol", _cert_body(keys.device_id, db.device().device_name or "Văn phòng xã",
                                              keys.public_key, keys.agreement_public, team, role="office"))
        invitation = json.loads(anchor.to_json())
        signed = {"invitation": invitation, "device_id": keys.device_id,
                  "signature": b64(_signer(keys).sign(M.canonical(invitation))),
                  "mac": b64(hmac.new(team.mac_key, M.canonical(invitation), hashlib.sha256).digest())}
        _retire_revoked(db, keys)
        _write_file(membership_dir(db) / M.ANCHOR_FILE, M.canonical(signed), replace=True)
        from binhdan_desktop.fileio import write_atomic

        write_atomic(invitation_path(db), anchor.to_json().encode("utf-8"), private=True)
        report.upgraded = True
        return True
    published = _published_anchor(db, team)
    if published is None:
        return False
    keys = keys.with_(anchor=published.to_json())
    write_keys(db.path, keys)
    data = M.make_request(keys.signing_key, keys.agreement_public, keys.device_id, db.device().device_name,
                          published.team_id, published.commune, legacy_cert=legacy_cert(team, keys.device_id,
                                                                                 keys.public_key))
    _write_file(requests_dir(db) / M.request_name(keys.device_id), data, replace=True)
    report.upgraded = True
    return True


def _retire_revoked(db: Database, keys: DeviceKeys) -> None:
    """Devices the old team had revoked: a certificate of the past (no key wrapped for them) and its revoke at
    the last counter this office took from them, so every device replays what the office already applied."""
    with db.read() as s:
        rows = [(r.device_id, r.name, r.public_key) for r in s.scalars(select(TeamDevice).where(
            TeamDevice.revoked.is_(True), TeamDevice.deleted.is_(False)))]
        seen = {r.device_id: r for r in s.scalars(select(SyncSeen))}
    for device_id, name, public_key in rows:
        if device_id == keys.device_id or device_id not in seen or seen[device_id].public_key != public_key:
            continue
        _append(db, keys, "enrol", {"device_id": device_id, "name": name, "signing_key": public_key,
                                    "agreement_key": "", "role": "retired", "wrapped": {}})
        _append(db, keys, "revoke", {"device_id": device_id, "up_to": seen[device_id].up_to,
                                     "reason": "revoked in the team before the upgrade"})


def _signer(keys: DeviceKeys) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(unb64(keys.signing_key))


def _place(db: Database) -> str:
    with db.read() as s:
        state = s.get(SyncLocal, 1)
    return (state.target if state is not None else None) or ""


def _published_anchor(db: Database, team: TeamKey) -> M.Anchor | None:
    """The anchor file at the place, when the old team key vouches for it and it is signed by the device this
    laptop knows as the office (the one whose change set the commune up, with the key its bundles carried)."""
    path = store_dir(db) / M.MEMBERSHIP / M.ANCHOR_FILE
    if not path.is_file():
        return None
    try:
        signed = json.loads(path.read_bytes())
        invitation = signed["invitation"]
        body = M.canonical(invitation)
        expected = hmac.new(team.mac_key, body, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, unb64(signed["mac"])):
            return None
        office_key = _office_device_key(db)
        if office_key is None or signed["device_id"] != office_key[0]:
            return None
        Ed25519PublicKey.from_public_bytes(unb64(office_key[1])).verify(unb64(signed["signature"]), body)
        anchor = M.Anchor.from_json(json.dumps(invitation))
    except (InvalidSignature, ValueError, KeyError, TypeError, BinhdanError):
        log.warning("the anchor file at the place does not verify: not taken")
        return None
    return anchor if anchor.team_id == team.team_id else None


def _office_device_key(db: Database) -> tuple[str, str] | None:
    """(device id, Ed25519 public key) of the device that inserted this commune's row (the office set the
    commune up; laptops received it through sync), as the bundles it signed pinned it here."""
    with db.read() as s:
        conn = s.connection()
        row = conn.exec_driver_sql(
            "SELECT c.device_id FROM change_log c JOIN commune m ON m.id = c.row_id "
            "WHERE c.table_name = 'commune' AND c.op = 'insert' AND m.deleted = 0 ORDER BY c.hlc LIMIT 1").first()
        if row is None:
            return None
        seen = s.get(SyncSeen, row[0])
    return (row[0], seen.public_key) if seen is not None and seen.public_key else None


def auto_approve(db: Database, report: SyncReport) -> bool:
    """On an upgraded office: approve by itself each request of a laptop of the old team — its old certificate
    verifies and its device row is live and not revoked; the others stay listed for the admin. True: approved."""
    keys = read_keys(db.path)
    if keys is None or not keys.office_key or not keys.team:
        return False
    team = TeamKey.from_json(keys.team)
    done = False
    for pending in requests(db):
        req = pending.request
        if pending.state != "new" or not req.legacy_cert:
            continue
        try:
            certified = team.check(req.device_id, unb64(req.signing_key), unb64(req.legacy_cert))
        except ValueError:
            certified = False
        with db.read() as s:
            live = s.scalars(select(TeamDevice).where(TeamDevice.device_id == req.device_id,
                                                      TeamDevice.public_key == req.signing_key,
                                                      TeamDevice.deleted.is_(False),
                                                      TeamDevice.revoked.is_(False))).first() is not None
        if certified and live:
            try:
                approve(db, req.device_id)
            except BinhdanError as exc:  # two old laptops under one name: the admin names the second one
                if exc.code != "sync.duplicate_name":
                    raise
                continue
            report.enrolled.append(req.name or req.device_id[:8])
            done = True
    return done


def legacy_cert(team: TeamKey, device_id: str, public_key: str) -> str:
    return b64(team.certify(device_id, unb64(public_key)))
