"""Change files: one device's changes for a counter range, as gzip-compressed JSON Lines, encrypted
with ChaCha20-Poly1305 under the team key of the newest epoch the writer holds and signed with the device's
Ed25519 key.

Layout: MAGIC | manifest length (4 bytes) | manifest (JSON) | ciphertext | signature (64 bytes).
The manifest names the epoch (`epoch`; a bundle of before epochs has none: epoch 0) and is authenticated twice:
as associated data of the encryption and by the signature."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from binhdan_desktop.sync.keys import TeamKey, b64, private_key, public_key, unb64

MAGIC = b"BDSYNC1\n"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
MAX_PLAIN_BYTES = 512 * 1024 * 1024
MAX_RECORDS = 250_000
NAME = re.compile(r"^(?P<device>[0-9a-f-]{36})_(?P<start>\d{10})-(?P<end>\d{10})\.bdsync$")


class BundleRejected(Exception):
    """A file that is not an acceptable bundle; `reason` is a short code for the log and the user."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


AWAITING_KEY = "awaiting_key"


class AwaitingKey(BundleRejected):
    """A signed bundle of an epoch whose key this device does not hold (yet): it waits, it is not refused."""

    def __init__(self, epoch: int) -> None:
        super().__init__(AWAITING_KEY, f"epoch {epoch}")
        self.epoch = epoch


@dataclass(frozen=True)
class Manifest:
    team: str
    device: str
    start: int
    end: int
    records: int
    sha256: str
    public_key: str
    epoch: int = 0

    @property
    def name(self) -> str:
        return bundle_name(self.device, self.start, self.end)


def cipher_for(team: TeamKey, epoch: int | None = None) -> ChaCha20Poly1305:
    """The cipher of one epoch's team data key (the newest this device holds when not given): every bundle and
    snapshot is sealed with the newest and opened with the one its header names. AwaitingKey when not held."""
    epoch = team.epoch if epoch is None else epoch
    secret = team.secret(epoch)
    if secret is None:
        raise AwaitingKey(epoch)
    return ChaCha20Poly1305(secret[:32])


def bundle_name(device: str, start: int, end: int) -> str:
    return f"{device}_{start:010d}-{end:010d}.bdsync"


def parse_name(name: str) -> tuple[str, int, int] | None:
    match = NAME.match(name)
    return (match["device"], int(match["start"]), int(match["end"])) if match else None


def encode(team: TeamKey, device: str, private: str, public: str, records: list[dict[str, Any]]) -> tuple[str, bytes]:
    """(file name, file bytes) for `records` (one device, consecutive counters)."""
    start, end = records[0]["c"], records[-1]["c"]
    lines = "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in records)
    plain = gzip.compress(lines.encode("utf-8"), mtime=0)
    nonce = os.urandom(12)
    epoch = team.epoch
    manifest = {"format": FORMAT_VERSION, "team": team.team_id, "device": device, "from": start, "to": end,
                "records": len(records), "sha256": hashlib.sha256(plain).hexdigest(), "nonce": b64(nonce),
                "public_key": public, "cert": b64(team.certify(device, unb64(public), epoch)), "epoch": epoch,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    head = json.dumps(manifest, sort_keys=True).encode("utf-8")
    cipher = cipher_for(team, epoch).encrypt(nonce, plain, head)
    body = MAGIC + struct.pack(">I", len(head)) + head + cipher
    return bundle_name(device, start, end), body + private_key(private).sign(body)


def _manifest(data: bytes) -> tuple[dict[str, Any], bytes, int]:
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRejected("too_large", str(len(data)))
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4 + 64:
        raise BundleRejected("not_a_bundle")
    (size,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if size > len(data) - start - 64:
        raise BundleRejected("truncated")
    head = data[start:start + size]
    try:
        manifest = json.loads(head)
    except ValueError as exc:
        raise BundleRejected("corrupt_manifest") from exc
    return manifest, head, start + size


def header(data: bytes) -> dict[str, Any]:
    """The manifest as the file states it, unverified (which device, key and epoch it claims)."""
    return _manifest(data)[0]


def decode(team: TeamKey, data: bytes, pinned_key: str | None = None) -> tuple[Manifest, list[dict[str, Any]]]:
    """Verify and open a bundle with the key of the epoch it names; raises BundleRejected saying why (AwaitingKey:
    signed, but of an epoch whose key this device lacks). Nothing is trusted before the team certificate and the
    signature are checked."""
    manifest, head, cipher_start = _manifest(data)
    try:
        if manifest["format"] != FORMAT_VERSION:
            raise BundleRejected("unknown_format", str(manifest["format"]))
        if manifest["team"] != team.team_id:
            raise BundleRejected("other_team")
        epoch = manifest.get("epoch", 0)
        if type(epoch) is not int or epoch < 0:
            raise BundleRejected("corrupt_manifest")
        device, key = str(manifest["device"]), unb64(manifest["public_key"])
        secret = team.secret(epoch)
        if secret is None:  # its signature is all this device can check
            public_key(key).verify(data[-64:], data[:-64])
            raise AwaitingKey(epoch)
        if not team.check(device, key, unb64(manifest["cert"]), epoch):
            raise BundleRejected("not_a_team_device")
        if pinned_key is not None and pinned_key != manifest["public_key"]:
            raise BundleRejected("key_changed")
        public_key(key).verify(data[-64:], data[:-64])
        plain = cipher_for(team, epoch).decrypt(unb64(manifest["nonce"]), data[cipher_start:-64], head)
    except (InvalidSignature, InvalidTag) as exc:
        raise BundleRejected("bad_signature") from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise BundleRejected("corrupt_manifest") from exc
    if hashlib.sha256(plain).hexdigest() != manifest["sha256"]:
        raise BundleRejected("bad_checksum")
    records = _records(plain)
    m = Manifest(manifest["team"], device, int(manifest["from"]), int(manifest["to"]), int(manifest["records"]),
                 manifest["sha256"], manifest["public_key"], epoch)
    counters = [r.get("c") for r in records]
    if (len(records) != m.records or counters != list(range(m.start, m.end + 1))
            or any(r.get("d") != device for r in records)):
        raise BundleRejected("inconsistent")
    return m, records


def _records(plain: bytes) -> list[dict[str, Any]]:
    """Gunzip with a cap (no zip bomb gets through) and parse the lines."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        text = inflater.decompress(plain, MAX_PLAIN_BYTES)
    except zlib.error as exc:
        raise BundleRejected("corrupt_payload") from exc
    if inflater.unconsumed_tail:
        raise BundleRejected("too_large", "payload")
    lines = text.decode("utf-8").split("\n") if text else []
    if len(lines) > MAX_RECORDS:
        raise BundleRejected("too_large", "records")
    try:
        return [json.loads(line) for line in lines if line]
    except ValueError as exc:
        raise BundleRejected("corrupt_payload") from exc
