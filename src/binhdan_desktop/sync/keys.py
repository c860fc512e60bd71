"""The team key (one file the office gives out) and each device's Ed25519 signing key."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from binhdan_desktop.errors import BinhdanError

FORMAT = "binhdan-team/1"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class TeamKey:
    """Shared by the commune's devices: encrypts bundles, and vouches for a device's signing key."""

    team_id: str
    commune: str
    enc_key: bytes
    mac_key: bytes

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "team_id": self.team_id, "commune": self.commune,
                           "enc_key": b64(self.enc_key), "mac_key": b64(self.mac_key),
                           "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, source: str = "") -> TeamKey:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError(data.get("format"))
            key = cls(str(data["team_id"]), str(data.get("commune", "")), unb64(data["enc_key"]),
                      unb64(data["mac_key"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise BinhdanError("sync.bad_team_key", path=source) from exc
        if len(key.enc_key) != 32 or len(key.mac_key) != 32:
            raise BinhdanError("sync.bad_team_key", path=source)
        return key

    @classmethod
    def create(cls, commune: str) -> TeamKey:
        return cls(str(uuid.uuid4()), commune, os.urandom(32), os.urandom(32))

    def certify(self, device_id: str, public_key: bytes) -> bytes:
        """Proof that the holder of the team key admitted this device and key."""
        return hmac.new(self.mac_key, device_id.encode() + b"|" + public_key, hashlib.sha256).digest()

    def check(self, device_id: str, public_key: bytes, cert: bytes) -> bool:
        return hmac.compare_digest(self.certify(device_id, public_key), cert)


def new_signing_key() -> tuple[str, str]:
    """A new Ed25519 key pair: (private, public), base64 raw bytes."""
    private = Ed25519PrivateKey.generate()
    return b64(private.private_bytes_raw()), b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def private_key(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(unb64(text))


def public_key(text: str | bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64(text) if isinstance(text, str) else text)
