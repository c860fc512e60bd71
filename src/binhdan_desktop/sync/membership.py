"""The team's membership as the office signs it (docs/keys.md, "Membership: a signed log, not rows"): the team
anchor (team id + the office's Ed25519 public key, given out as the `binhdan-team/2` invitation), join requests
signed by each device's own key, and the numbered, hash-chained statements `membership/<seq>.bdm` that enrol,
reject and revoke devices and start key epochs (the team data key of each epoch wrapped for each member). Every
device replays the chain from its anchor; a statement that does not verify stops the chain there (it is
reported, never skipped over). Pure: no database, no place."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.keys import b64, unb64

INVITATION = "binhdan-team/2"
STATEMENT = "binhdan-membership/1"
REQUEST = "binhdan-join/1"
MEMBERSHIP, REQUESTS = "membership", "requests"
ANCHOR_FILE = "anchor.binhdan-team"  # the anchor at the place (an upgraded team's laptops find it there)
STATEMENT_NAME = re.compile(r"^(?P<team>[0-9a-f-]{36})_(?P<seq>\d{8})\.bdm$")
REQUEST_NAME = re.compile(r"^(?P<device>[0-9a-f-]{36})\.bdjoin$")
KINDS = frozenset({"enrol", "reject", "revoke", "epoch", "office"})
OFFICE_BOX = "office"  # the epoch statement's copy of the key wrapped for the office key itself (its recovery)


def canonical(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _digits(data: bytes, n: int) -> str:
    return str(int.from_bytes(hashlib.sha256(data).digest()[:8], "big") % 10**n).zfill(n)


def public_of(private: str) -> str:
    key = Ed25519PrivateKey.from_private_bytes(unb64(private))
    return b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def new_office_key() -> str:
    return b64(Ed25519PrivateKey.generate().private_bytes_raw())


@dataclass(frozen=True)
class Anchor:
    """What a device trusts the team by: the team id and the office's public key (no secret in it)."""

    team_id: str
    commune: str
    office_key: str  # Ed25519 public, base64 raw
    place: str = ""

    def to_json(self) -> str:
        return json.dumps({"format": INVITATION, "team_id": self.team_id, "commune": self.commune,
                           "office_key": self.office_key, "place": self.place}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str, source: str = "") -> Anchor:
        try:
            data = json.loads(text)
            if data.get("format") != INVITATION:
                raise ValueError(data.get("format"))
            anchor = cls(str(data["team_id"]), str(data.get("commune", "")), str(data["office_key"]),
                         str(data.get("place") or ""))
            Ed25519PublicKey.from_public_bytes(unb64(anchor.office_key))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BinhdanError("sync.bad_team_key", path=source) from exc
        return anchor

    @property
    def digest(self) -> str:
        """SHA-256 of (team id, office key): what statement 1 chains from."""
        return hashlib.sha256(canonical([self.team_id, self.office_key])).hexdigest()

    @property
    def office_code(self) -> str:
        """The 8 digits the admin reads out and the laptop compares ("1234 5678")."""
        digits = _digits(canonical([self.team_id, self.office_key]), 8)
        return f"{digits[:4]} {digits[4:]}"


def device_code(device_id: str, signing_public: str, agreement_public: str) -> str:
    """The 6 digits a laptop shows with its join request, for the admin to compare before approving."""
    return _digits(canonical([device_id, signing_public, agreement_public]), 6)


def normal_code(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# -- the team data key, wrapped for one device's X25519 key
def _kek(shared: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"binhdan wrap|" + info).derive(shared)


def wrap(secret: bytes, agreement_public: str, team_id: str, epoch: int, device_id: str) -> dict[str, str]:
    """X25519 ephemeral-static agreement, HKDF-SHA256, ChaCha20-Poly1305 with `team|epoch|device` bound in."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(unb64(agreement_public)))
    info = f"{team_id}|{epoch}|{device_id}".encode()
    nonce = os.urandom(12)
    sealed = ChaCha20Poly1305(_kek(shared, info)).encrypt(nonce, secret, info)
    return {"ephemeral": b64(ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)),
            "nonce": b64(nonce), "sealed": b64(sealed)}


def office_agreement(office_private: str) -> str:
    """The X25519 key the office key stands for (derived from its private part, so the recovery copy of the office
    key also opens every epoch key the office wrapped for itself): private, base64 raw."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"binhdan office agreement").derive(unb64(office_private))
    return b64(X25519PrivateKey.from_private_bytes(seed).private_bytes_raw())


def agreement_public(agreement_private: str) -> str:
    key = X25519PrivateKey.from_private_bytes(unb64(agreement_private))
    return b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def unwrap(box: dict[str, str], agreement_private: str, team_id: str, epoch: int, device_id: str) -> bytes | None:
    try:
        mine = X25519PrivateKey.from_private_bytes(unb64(agreement_private))
        shared = mine.exchange(X25519PublicKey.from_public_bytes(unb64(box["ephemeral"])))
        info = f"{team_id}|{epoch}|{device_id}".encode()
        return ChaCha20Poly1305(_kek(shared, info)).decrypt(unb64(box["nonce"]), unb64(box["sealed"]), info)
    except (InvalidTag, KeyError, ValueError, TypeError):
        return None


# -- join requests
@dataclass(frozen=True)
class Request:
    device_id: str
    name: str
    signing_key: str  # Ed25519 public
    agreement_key: str  # X25519 public
    team_id: str
    commune: str
    legacy_cert: str = ""  # an upgraded laptop's old HMAC certificate of its signing key
    asked: str = ""  # when it was made (UTC, ISO): a request made again after a rejection is another request
    # `team join --new-identity`: the identity this one replaces, {"device_id", "up_to", "signature"} signed by
    # the old signing key over [old id, up_to, new id, new signing key]; the office revokes it when approving
    retires: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def code(self) -> str:
        return device_code(self.device_id, self.signing_key, self.agreement_key)


def retire_claim(old_private: str, old_id: str, up_to: int, new_id: str, new_signing: str) -> dict[str, Any]:
    """The old identity's word that `new_id` replaces it, its changes accepted up to `up_to`."""
    body = canonical([old_id, up_to, new_id, new_signing])
    signature = Ed25519PrivateKey.from_private_bytes(unb64(old_private)).sign(body)
    return {"device_id": old_id, "up_to": up_to, "signature": b64(signature)}


def retire_verifies(req: Request, old_signing_public: str) -> bool:
    try:
        body = canonical([req.retires["device_id"], int(req.retires["up_to"]), req.device_id, req.signing_key])
        Ed25519PublicKey.from_public_bytes(unb64(old_signing_public)).verify(unb64(req.retires["signature"]), body)
    except (InvalidSignature, KeyError, ValueError, TypeError):
        return False
    return True


def request_name(device_id: str) -> str:
    return f"{device_id}.bdjoin"


def make_request(signing_private: str, agreement_public: str, device_id: str, name: str, team_id: str,
                 commune: str, legacy_cert: str = "", retires: dict[str, Any] | None = None) -> bytes:
    asked = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    body: dict[str, Any] = {"format": REQUEST, "device_id": device_id, "name": name,
                            "signing_key": public_of(signing_private), "agreement_key": agreement_public,
                            "team_id": team_id, "commune": commune, "asked": asked}
    if legacy_cert:
        body["legacy_cert"] = legacy_cert
    if retires:
        body["retires"] = retires
    signature = Ed25519PrivateKey.from_private_bytes(unb64(signing_private)).sign(canonical(body))
    return canonical({"request": body, "signature": b64(signature)})


def read_request(data: bytes) -> Request | None:
    """A join request whose signature verifies under the key it carries (None: not one)."""
    try:
        outer = json.loads(data)
        body = outer["request"]
        if body.get("format") != REQUEST:
            return None
        Ed25519PublicKey.from_public_bytes(unb64(body["signing_key"])).verify(unb64(outer["signature"]),
                                                                             canonical(body))
        X25519PublicKey.from_public_bytes(unb64(body["agreement_key"]))
        return Request(str(body["device_id"]), str(body.get("name", "")), str(body["signing_key"]),
                       str(body["agreement_key"]), str(body["team_id"]), str(body.get("commune", "")),
                       str(body.get("legacy_cert", "")), str(body.get("asked", "")),
                       dict(body["retires"]) if isinstance(body.get("retires"), dict) else {})
    except (InvalidSignature, ValueError, KeyError, TypeError, AttributeError):
        return None


# -- statements
def statement_name(team_id: str, seq: int) -> str:
    """Named by team too: a team made again (--new-team) never meets the old one's names at the place."""
    return f"{team_id}_{seq:08d}.bdm"


def make_statement(office_private: str, team_id: str, seq: int, prev: str, kind: str,
                   body: dict[str, Any]) -> tuple[str, bytes]:
    assert kind in KINDS
    head = {"format": STATEMENT, "team": team_id, "seq": seq, "prev": prev, "kind": kind, "body": body}
    signature = Ed25519PrivateKey.from_private_bytes(unb64(office_private)).sign(canonical(head))
    return statement_name(team_id, seq), canonical({"statement": head, "signature": b64(signature)})


@dataclass
class Cert:
    """A device the office enrolled (its certificate), and how far its changes are accepted."""

    device_id: str
    name: str
    signing_key: str
    agreement_key: str
    seq: int  # the statement that enrolled it
    wrapped: dict[str, str] = field(default_factory=dict)  # the epoch-0 key, wrapped for it
    revoked_after: int | None = None  # the last counter accepted from it (None: not revoked)
    epochs: dict[int, dict[str, str]] = field(default_factory=dict)  # epoch >= 1 -> its key wrapped for it


@dataclass
class Membership:
    """The replayed log: who is in, who was turned away, and where (if anywhere) the chain broke."""

    anchor: Anchor
    devices: dict[str, Cert] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)  # device -> the signing key turned away
    rejected_asked: dict[str, str] = field(default_factory=dict)  # device -> the request turned away (its `asked`)
    head_seq: int = 0
    head_hash: str = ""
    office_key: str = ""  # the office key that signs from here on (the anchor's, or a later `office` statement's)
    office_device: str = ""  # the device id of the office computer (the last one enrolled with the office role)
    problems: dict[str, str] = field(default_factory=dict)  # statement file -> why the chain stops there
    epoch: int = 0  # the newest key epoch the log has started
    # epoch -> (the office key that signed it, the epoch key wrapped for that office key: `office_agreement`)
    office_boxes: dict[int, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def cert(self, device_id: str, signing_key: str) -> Cert | None:
        found = self.devices.get(device_id)
        return found if found is not None and found.signing_key == signing_key else None

    def turned_away(self, req: Request) -> bool:
        """Whether the office rejected this very request (a request made again after that is a new one; a
        rejection of before requests were dated covers the undated requests of that key)."""
        return self.rejected.get(req.device_id) == req.signing_key and \
            self.rejected_asked.get(req.device_id, "") == req.asked

    def accepts_up_to(self, device_id: str, signing_key: str) -> int | None:
        """-1: not enrolled with this key; else the last counter accepted (a huge number when not revoked)."""
        found = self.cert(device_id, signing_key)
        if found is None:
            return -1
        return found.revoked_after if found.revoked_after is not None else None


def replay(anchor: Anchor, files: dict[str, bytes]) -> Membership:
    """Replay statements 1, 2, … from the anchor; stop at the first that is missing or does not verify."""
    out = Membership(anchor, head_hash=anchor.digest, office_key=anchor.office_key)
    office = Ed25519PublicKey.from_public_bytes(unb64(anchor.office_key))
    seq = 1
    while (name := statement_name(anchor.team_id, seq)) in files:
        data = files[name]
        reason = _verify(office, anchor, seq, out.head_hash, data)
        if reason:
            out.problems[name] = reason
            break
        head = json.loads(data)["statement"]
        if head["kind"] == "office":  # a new office computer, named by the key that signed until now
            try:
                office = Ed25519PublicKey.from_public_bytes(unb64(str(head["body"]["office_key"])))
            except (ValueError, KeyError, TypeError):
                out.problems[name] = "corrupt_manifest"
                break
            out.office_key = str(head["body"]["office_key"])
        try:
            _take(out, seq, head["kind"], head["body"])
        except (ValueError, KeyError, TypeError, AttributeError):
            out.problems[name] = "corrupt_manifest"
            break
        out.head_seq, out.head_hash = seq, hashlib.sha256(data).hexdigest()
        seq += 1
    return out


def _verify(office: Ed25519PublicKey, anchor: Anchor, seq: int, prev: str, data: bytes) -> str:
    try:
        outer = json.loads(data)
        head = outer["statement"]
        office.verify(unb64(outer["signature"]), canonical(head))
    except InvalidSignature:
        return "bad_signature"
    except (ValueError, KeyError, TypeError, AttributeError):
        return "corrupt_manifest"
    if head.get("format") != STATEMENT or head.get("kind") not in KINDS or not isinstance(head.get("body"), dict):
        return "unknown_format"
    if head.get("team") != anchor.team_id:
        return "other_team"
    if head.get("seq") != seq or head.get("prev") != prev:
        return "broken_chain"
    return ""


def _take(out: Membership, seq: int, kind: str, body: dict[str, Any]) -> None:
    device = str(body.get("device_id", ""))
    if kind == "enrol":
        epochs = {int(e): dict(box) for e, box in (body.get("epochs") or {}).items()}
        out.devices[device] = Cert(device, str(body.get("name", "")), str(body["signing_key"]),
                                   str(body["agreement_key"]), seq, dict(body.get("wrapped") or {}), epochs=epochs)
        out.rejected.pop(device, None)
        if body.get("role") == "office":
            out.office_device = device
    elif kind == "epoch":
        epoch = int(body["epoch"])
        if epoch <= out.epoch:
            raise ValueError(f"epoch {epoch} after {out.epoch}")
        for member, box in dict(body.get("wrapped") or {}).items():
            if member in out.devices:
                out.devices[member].epochs[epoch] = dict(box)
        if body.get(OFFICE_BOX):
            out.office_boxes[epoch] = (out.office_key, dict(body[OFFICE_BOX]))
        out.epoch = epoch
    elif kind == "reject":
        out.rejected[device] = str(body.get("signing_key", ""))
        out.rejected_asked[device] = str(body.get("asked", ""))
    elif kind == "revoke" and device in out.devices:
        out.devices[device].revoked_after = int(body.get("up_to", 0))
