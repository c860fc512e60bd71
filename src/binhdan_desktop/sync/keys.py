"""The team data key (each epoch's, as this device's key file holds them) and each device's Ed25519 signing
key."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

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
    """Shared by the commune's devices: encrypts bundles, and vouches for a device's signing key. `enc_key` and
    `mac_key` are epoch 0's (the team's first key, or an old team's shared secret); `epochs` holds the later
    epochs' keys this device was given (docs/keys.md, "Revocation and epochs"), each enc ‖ mac (64 bytes)."""

    team_id: str
    commune: str
    enc_key: bytes
    mac_key: bytes
    epochs: Mapping[int, bytes] = field(default_factory=dict)

    @property
    def epoch(self) -> int:
        """The newest epoch this device holds the key of: what it encrypts with."""
        return max(self.epochs, default=0)

    def secret(self, epoch: int) -> bytes | None:
        """enc ‖ mac of that epoch (64 bytes), None when this device does not hold it."""
        return self.enc_key + self.mac_key if epoch == 0 else self.epochs.get(epoch)

    def with_epoch(self, epoch: int, secret: bytes) -> TeamKey:
        assert epoch > 0 and len(secret) == 64
        return replace(self, epochs={**self.epochs, epoch: secret})

    def to_json(self) -> str:
        data: dict[str, object] = {"format": FORMAT, "team_id": self.team_id, "commune": self.commune,
                                   "enc_key": b64(self.enc_key), "mac_key": b64(self.mac_key),
                                   "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        if self.epochs:
            data["epochs"] = {str(e): b64(k) for e, k in sorted(self.epochs.items())}
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, source: str = "") -> TeamKey:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError(data.get("format"))
            epochs = {int(e): unb64(k) for e, k in (data.get("epochs") or {}).items()}
            key = cls(str(data["team_id"]), str(data.get("commune", "")), unb64(data["enc_key"]),
                      unb64(data["mac_key"]), epochs)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BinhdanError("sync.bad_team_key", path=source) from exc
        if len(key.enc_key) != 32 or len(key.mac_key) != 32 or any(
                e <= 0 or len(k) != 64 for e, k in key.epochs.items()):
            raise BinhdanError("sync.bad_team_key", path=source)
        return key

    @classmethod
    def create(cls, commune: str) -> TeamKey:
        return cls(str(uuid.uuid4()), commune, os.urandom(32), os.urandom(32))

    def certify(self, device_id: str, public_key: bytes, epoch: int = 0) -> bytes:
        """Proof that the holder of the team key (of that epoch) admitted this device and key."""
        secret = self.secret(epoch)
        assert secret is not None
        return hmac.new(secret[32:], device_id.encode() + b"|" + public_key, hashlib.sha256).digest()

    def check(self, device_id: str, public_key: bytes, cert: bytes, epoch: int = 0) -> bool:
        return hmac.compare_digest(self.certify(device_id, public_key, epoch), cert)


def new_signing_key() -> tuple[str, str]:
    """A new Ed25519 key pair: (private, public), base64 raw bytes."""
    private = Ed25519PrivateKey.generate()
    return b64(private.private_bytes_raw()), b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def private_key(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(unb64(text))


def public_key(text: str | bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64(text) if isinstance(text, str) else text)
