"""The office key's recovery copy (docs/keys.md, "The office key's recovery"): what a new office computer needs
to take over without re-enrolling the team — the office key's private part and the team data key. Two forms:
a code to print and keep at the commune office (groups of 4 characters, with a check), and a file encrypted
with a passphrase (Argon2id, ChaCha20-Poly1305). Pure: no database, no place."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.keys import b64, unb64

FORMAT = "binhdan-office-recovery/1"
# Argon2id cost of a new file (RFC 9106's second choice: 64 MiB, 3 passes); kept in the file, so tests lower it.
KDF = {"time_cost": 3, "memory_kib": 64 * 1024, "parallelism": 1}
MIN_PASSPHRASE = 10


@dataclass(frozen=True)
class Recovery:
    team_id: str
    office_key: str  # Ed25519 private, base64 raw
    data_key: bytes  # enc_key ‖ mac_key of the team key (64 bytes)

    def _payload(self) -> bytes:
        return unb64(self.office_key) + self.data_key

    def code(self) -> str:
        """The printed copy: base32 of the 96 secret bytes and 4 check bytes, in groups of 4 ("ABCD-EFGH-…")."""
        raw = self._payload()
        text = base64.b32encode(raw + hashlib.sha256(raw).digest()[:4]).decode("ascii").rstrip("=")
        return "-".join(text[i:i + 4] for i in range(0, len(text), 4))

    @classmethod
    def from_code(cls, team_id: str, code: str) -> Recovery:
        text = "".join(ch for ch in code.upper() if ch.isalnum())
        try:
            raw = base64.b32decode(text + "=" * (-len(text) % 8))
        except ValueError as exc:
            raise BinhdanError("sync.bad_recovery") from exc
        body, check = raw[:-4], raw[-4:]
        if len(body) != 96 or hashlib.sha256(body).digest()[:4] != check:
            raise BinhdanError("sync.bad_recovery")
        return cls(team_id, b64(body[:32]), body[32:])

    def to_file(self, passphrase: str, kdf: dict[str, int] | None = None) -> bytes:
        if len(passphrase) < MIN_PASSPHRASE:
            raise BinhdanError("sync.short_passphrase", n=MIN_PASSPHRASE)
        cost = dict(kdf or KDF)
        salt, nonce = os.urandom(16), os.urandom(12)
        sealed = ChaCha20Poly1305(_kek(passphrase, salt, cost)).encrypt(nonce, self._payload(), self.team_id.encode())
        return json.dumps({"format": FORMAT, "team_id": self.team_id,
                           "kdf": {"alg": "argon2id", **cost, "salt": b64(salt)}, "nonce": b64(nonce),
                           "sealed": b64(sealed)}, indent=1).encode("utf-8")

    @classmethod
    def from_file(cls, data: bytes, passphrase: str) -> Recovery:
        try:
            found = json.loads(data)
            if found.get("format") != FORMAT or found["kdf"].get("alg") != "argon2id":
                raise ValueError(found.get("format"))
            cost = {k: int(found["kdf"][k]) for k in ("time_cost", "memory_kib", "parallelism")}
            key = _kek(passphrase, unb64(found["kdf"]["salt"]), cost)
            plain = ChaCha20Poly1305(key).decrypt(unb64(found["nonce"]), unb64(found["sealed"]),
                                                  str(found["team_id"]).encode())
        except InvalidTag as exc:
            raise BinhdanError("sync.wrong_passphrase") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BinhdanError("sync.bad_recovery") from exc
        if len(plain) != 96:
            raise BinhdanError("sync.bad_recovery")
        return cls(str(found["team_id"]), b64(plain[:32]), plain[32:])


def _kek(passphrase: str, salt: bytes, cost: dict[str, int]) -> bytes:
    return Argon2id(salt=salt, length=32, iterations=cost["time_cost"], lanes=cost["parallelism"],
                    memory_cost=cost["memory_kib"]).derive(passphrase.encode("utf-8"))
