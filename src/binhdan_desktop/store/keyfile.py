"""The device key file `<db>.keys` (docs/keys.md, "Files beside the database"): this device's id, the machine
fingerprint that tells a copy from the original, its Ed25519 signing and X25519 agreement keys, the team key
it holds and the high-water mark of the counters it ever put in a bundle. Never inside the database, so never
in a backup. 0600; its body is plain until the database key of #16 encrypts it."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import platform
import subprocess
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import write_atomic

FORMAT = "binhdan-keys/1"
MACHINE_ID_ENV = "BINHDAN_MACHINE_ID"  # stands for the OS machine id (tests; a machine with none)
_MACHINE_FILES = ("/etc/machine-id", "/var/lib/dbus/machine-id")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def machine_id() -> str:
    """The OS's id of this machine: /etc/machine-id (Linux), MachineGuid (Windows), IOPlatformUUID (macOS);
    else the network card's address and the host name."""
    if found := os.environ.get(MACHINE_ID_ENV, "").strip():
        return found
    for name in _MACHINE_FILES:
        try:
            text = Path(name).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    system = platform.system()
    if system == "Windows":
        try:
            import winreg  # type: ignore[import-not-found,unused-ignore]

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography") as key:  # type: ignore[attr-defined,unused-ignore]
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            pass
    elif system == "Darwin":
        try:
            out = subprocess.run(["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"], capture_output=True,
                                 text=True, timeout=5, check=False).stdout
            for line in out.splitlines():
                if "IOPlatformUUID" in line:
                    return line.split("=")[-1].strip().strip('"')
        except (OSError, subprocess.SubprocessError):
            pass
    return f"{uuid.getnode():012x}|{platform.node()}"


def fingerprint(path: Path) -> str:
    """SHA-256 of the machine id and the key file's absolute path: a copy to another laptop or path differs."""
    return hashlib.sha256(f"{machine_id()}\n{Path(path).absolute()}".encode()).hexdigest()


@dataclass(frozen=True)
class DeviceKeys:
    """The content of a device key file."""

    device_id: str
    fingerprint: str
    signing_key: str  # Ed25519 private, base64 raw
    agreement_key: str  # X25519 private, base64 raw
    team: str | None = None  # the team key as `sync.keys.TeamKey.to_json` writes it
    counter_high: int = 0  # the highest counter of this device ever written to a bundle
    incarnation: int = 0  # restores from a backup so far (each continues from counter_high)
    legacy: bool = False  # made by the upgrade from the database's columns: the old marker still speaks once
    anchor: str | None = None  # the team anchor (`binhdan-team/2` invitation: team id, office public key)
    office_key: str | None = None  # Ed25519 private, base64 raw: only on the office computer

    @property
    def public_key(self) -> str:
        key = Ed25519PrivateKey.from_private_bytes(_unb64(self.signing_key))
        return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    @property
    def agreement_public(self) -> str:
        key = X25519PrivateKey.from_private_bytes(_unb64(self.agreement_key))
        return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    @classmethod
    def new(cls, path: Path, device_id: str, signing_key: str | None = None, team: str | None = None,
            counter_high: int = 0, legacy: bool = False) -> DeviceKeys:
        """New keys for `device_id` (its key file at `path`); `signing_key` kept when given (an upgrade)."""
        signing = signing_key or _b64(Ed25519PrivateKey.generate().private_bytes_raw())
        return cls(device_id, fingerprint(path), signing, _b64(X25519PrivateKey.generate().private_bytes_raw()),
                   team, counter_high, 0, legacy)

    def to_json(self) -> str:
        team = json.loads(self.team) if self.team else None
        body = {"encrypted": False, "signing_key": self.signing_key, "agreement_key": self.agreement_key,
                "team": team, "counter_high": self.counter_high, "incarnation": self.incarnation}
        if self.anchor:
            body["anchor"] = json.loads(self.anchor)
        if self.office_key:
            body["office_key"] = self.office_key
        head: dict[str, Any] = {"format": FORMAT, "device_id": self.device_id, "fingerprint": self.fingerprint}
        if self.legacy:
            head["legacy"] = True
        return json.dumps({**head, "body": body}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str, source: str = "") -> DeviceKeys:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError(data.get("format"))
            body = data["body"]
            if body.get("encrypted"):
                raise ValueError("encrypted")
            team = json.dumps(body["team"], ensure_ascii=False) if body.get("team") else None
            anchor = json.dumps(body["anchor"], ensure_ascii=False) if body.get("anchor") else None
            office = str(body["office_key"]) if body.get("office_key") else None
            keys = cls(str(data["device_id"]), str(data["fingerprint"]), str(body["signing_key"]),
                       str(body["agreement_key"]), team, int(body.get("counter_high", 0)),
                       int(body.get("incarnation", 0)), bool(data.get("legacy", False)), anchor, office)
            Ed25519PrivateKey.from_private_bytes(_unb64(keys.signing_key))
            X25519PrivateKey.from_private_bytes(_unb64(keys.agreement_key))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BinhdanError("sync.bad_device_keys", path=source) from exc
        return keys

    def with_(self, **changes: Any) -> DeviceKeys:
        return replace(self, **changes)


def read_keys(db_path: Path) -> DeviceKeys | None:
    """The key file beside this database; None when there is none."""
    path = key_file_path(db_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise BinhdanError("sync.bad_device_keys", path=str(path)) from exc
    return DeviceKeys.from_json(text, str(path))


def write_keys(db_path: Path, keys: DeviceKeys) -> None:
    """Atomically (flushed before the rename), mode 0600."""
    write_atomic(key_file_path(db_path), keys.to_json().encode("utf-8"), private=True)


def raise_counter_high(db_path: Path, end: int) -> None:
    """Record that counters up to `end` are in a bundle, before that bundle exists (a restore goes on after)."""
    keys = read_keys(db_path)
    if keys is not None and end > keys.counter_high:
        write_keys(db_path, keys.with_(counter_high=end))
