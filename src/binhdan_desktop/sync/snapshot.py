"""Snapshots (docs/keys.md, step 4): the office's compaction of the place. A snapshot is every synced row of the
commune and the whole change log as the office holds them, with the per-device "seen up to" vector they cover,
encrypted with the team data key the bundles use (`bundle.cipher_for`) and signed with the office key. A fresh
laptop (an empty store, just enrolled) takes the newest valid one in one transaction, then only the bundles past
its vector; a laptop with data never looks at them.

File `snapshots/<team>_<total:012d>-<vector hash:16>.bdsnap` (total: the sum of the vector's counters, so the
newest sorts last; the hash names the vector): MAGIC | manifest length (4 bytes) | manifest (JSON) | ciphertext
| signature (64 bytes, the office key, over everything before it). The manifest is also the associated data of
the encryption. The plain text is gzip-compressed JSON lines, each `[table, columns, rows]` of at most CHUNK rows.

Stages, as the sync's (`engine`): `wanted` (database, read) → `fetch` (network: the newest valid snapshot,
a damaged or wrongly signed one set aside at the place and said) → `take` (database: one transaction). On the
office, `due` (database, read) → `make` (database, read) → `put` (network)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag

from binhdan_desktop.store.bulk import suspended_triggers
from binhdan_desktop.store.changelog import raw_connection
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.keyfile import read_keys
from binhdan_desktop.store.models import MODEL_BY_TABLE, SYNCED_MODELS, SyncSeen
from binhdan_desktop.sync import bundle
from binhdan_desktop.sync.folder import Target
from binhdan_desktop.sync.keys import TeamKey, b64, public_key, unb64
from binhdan_desktop.sync.place import NEEDS_UPDATE
from binhdan_desktop.sync.state import SyncReport, store_dir, team_of

MAGIC = b"BDSNAP1\n"
FORMAT_VERSION = 1
FOLDER = "snapshots"
NAME = re.compile(r"^(?P<team>[0-9a-f-]{36})_(?P<total>\d{12})-(?P<hash>[0-9a-f]{16})\.bdsnap$")
CHUNK = 5000  # rows per line of the plain text
MAX_BYTES = 1024 * 1024 * 1024
# The office writes a snapshot by itself when the place holds more than this many bundles its last snapshot does
# not cover: a fresh laptop then replays at most about this many bundles after the snapshot (a few seconds), and
# the office pays a snapshot (≈ 2–3 s and one file of ≈ 15 MB for a 20,000-household commune) about once every
# AUTO_EVERY syncs of the team's devices, not at every sync.
AUTO_EVERY = 300
LAST = "snapshot-last.json"  # beside the bundles in the office's store: the name and vector of its last snapshot
CHANGE_LOG = "change_log"
FRESH = "SELECT NOT EXISTS (SELECT 1 FROM sync_seen) AND NOT EXISTS (SELECT 1 FROM commune)"
CHANGE_LOG_COLUMNS = ("device_id", "counter", "hlc", "table_name", "row_id", "op", "fields", "prev")


class SnapshotRejected(Exception):
    """A file that is not a snapshot this device may take; `reason` is a code of `place.REASONS`."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class NeedsUpdate(SnapshotRejected):
    """The snapshot holds a table or column this version does not know (the office runs a newer version)."""

    def __init__(self, detail: str) -> None:
        super().__init__(NEEDS_UPDATE, detail)


Vector = dict[str, tuple[int, str]]  # device -> (last counter covered, that device's signing key)


@dataclass(frozen=True)
class Snapshot:
    """A verified snapshot: its manifest and plain text (still compressed), ready for `take`."""

    name: str
    vector: Vector
    tables: dict[str, int]  # table -> rows
    hlc: int  # the newest stamp it holds
    plain: bytes


@dataclass(frozen=True)
class Wanted:
    """What the network stage needs to choose a snapshot: read by a database stage."""

    team: TeamKey
    office_key: str  # the office key the membership log says signs now (public, base64)


def vector_hash(vector: Vector) -> str:
    text = json.dumps({d: list(v) for d, v in sorted(vector.items())}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def snapshot_name(team_id: str, vector: Vector) -> str:
    return f"{team_id}_{sum(up_to for up_to, _ in vector.values()):012d}-{vector_hash(vector)}.bdsnap"


def parse_name(name: str) -> tuple[str, int] | None:
    """(team, total) of a snapshot's file name; None: not one."""
    match = NAME.match(name)
    return (match["team"], int(match["total"])) if match else None


# -- the office: write one
def tables_of() -> list[str]:
    """The synced tables, parents first (the order a snapshot holds them)."""
    return [m.__tablename__ for m in SYNCED_MODELS]


def make(db: Database) -> tuple[str, bytes]:
    """(file name, bytes) of a snapshot of this database; the office only (raises sync.not_office)."""
    from binhdan_desktop.sync.enrolment import office_signer
    from binhdan_desktop.sync.identity import device_keys

    signer, mine = office_signer(db), device_keys(db).public_key
    team, _ = team_of(db)  # the key the bundle writer uses: snapshots are read by whoever reads the bundles
    packer = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # fast: the rows are most of the cost
    parts: list[bytes] = []
    counts: dict[str, int] = {}
    with db.read() as s:  # one read transaction: the rows and the vector are one moment of this database
        raw = raw_connection(s.connection())
        for table in [*tables_of(), CHANGE_LOG]:
            columns = list(CHANGE_LOG_COLUMNS) if table == CHANGE_LOG else \
                [c.key for c in MODEL_BY_TABLE[table].__table__.columns]
            cur = raw.execute(f"SELECT {', '.join(columns)} FROM {table}")
            counts[table] = 0
            while rows := cur.fetchmany(CHUNK):
                counts[table] += len(rows)
                line = json.dumps([table, columns, rows], ensure_ascii=False, separators=(",", ":"))
                parts.append(packer.compress(line.encode("utf-8") + b"\n"))
        hlc = int(raw.execute("SELECT COALESCE(MAX(hlc), 0) FROM change_log").fetchone()[0])
        me, next_counter = raw.execute("SELECT device_id, next_counter FROM device_state").fetchone()
        seen = raw.execute("SELECT device_id, up_to, public_key FROM sync_seen WHERE up_to > 0").fetchall()
    parts.append(packer.flush())
    plain = b"".join(parts)
    vector: Vector = {str(d): (int(u), str(k or "")) for d, u, k in seen}
    if next_counter > 1:  # every change of my own this database holds, in a bundle yet or not
        vector[str(me)] = (int(next_counter) - 1, mine)
    nonce = os.urandom(12)
    office_key = b64(signer.public_key().public_bytes_raw())
    manifest = {"format": FORMAT_VERSION, "team": team.team_id, "office_key": office_key,
                "vector": {d: list(v) for d, v in sorted(vector.items())}, "tables": counts, "hlc": hlc,
                "sha256": hashlib.sha256(plain).hexdigest(), "nonce": b64(nonce), "bytes": len(plain) + 16,
                "epoch": team.epoch, "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    head = json.dumps(manifest, sort_keys=True).encode("utf-8")
    body = MAGIC + struct.pack(">I", len(head)) + head + bundle.cipher_for(team, team.epoch).encrypt(nonce, plain, head)
    return snapshot_name(team.team_id, vector), body + signer.sign(body)


def office_signer_or_raise(db: Database) -> None:
    """Raises sync.not_office unless this device holds the office key that signs now (only it writes snapshots)."""
    from binhdan_desktop.sync.enrolment import office_signer

    office_signer(db)


def put(target: Target, name: str, data: bytes) -> None:
    """The snapshot into the place's snapshots/ (kept if a file of that name is there: same vector)."""
    target.write_in(FOLDER, name, data)


def remember(db: Database, name: str, data: bytes) -> None:
    """The office's own note of its last snapshot (name and vector), for `due`."""
    from binhdan_desktop.fileio import write_atomic

    head, _, _ = _manifest(data)
    write_atomic(store_dir(db) / LAST, json.dumps({"name": name, "vector": head["vector"]}).encode("utf-8"))


def due(db: Database, listing: dict[str, int] | None) -> bool:
    """The office, after a sync: whether the place holds more than AUTO_EVERY bundles its last snapshot does
    not cover (its listing of bundles, from this sync's download). Laptops never write snapshots."""
    from binhdan_desktop.sync.enrolment import is_office

    if listing is None or not is_office(db):
        return False
    try:
        last = json.loads((store_dir(db) / LAST).read_text(encoding="utf-8"))
        covered = {str(d): int(v[0]) for d, v in last["vector"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        covered = {}
    fresh = 0
    for name in listing:
        parsed = bundle.parse_name(name)
        if parsed is not None and parsed[2] > covered.get(parsed[0], 0):
            fresh += 1
    return fresh > AUTO_EVERY


def write(db: Database, target: Target) -> str:
    """Make a snapshot and put it at the place (`binhdan sync snapshot`, and the office's sync when `due`)."""
    name, data = make(db)
    put(target, name, data)
    remember(db, name, data)
    return name


# -- a fresh laptop: take one
def is_fresh(db: Database) -> bool:
    """An empty store: no commune, nothing of any other device applied (its own join may have written a row)."""
    with db.read() as s:
        return bool(s.connection().exec_driver_sql(FRESH).scalar())


def wanted(db: Database) -> Wanted | None:
    """Database stage: what `fetch` needs, or None when this laptop does not take snapshots (it has data, it is
    the office, or its team has no membership log yet)."""
    from binhdan_desktop.sync.enrolment import load

    found = load(db)
    keys = read_keys(db.path)
    if found is None or keys is None or keys.office_key or not is_fresh(db):
        return None
    return Wanted(team_of(db)[0], found.office_key)


def _manifest(data: bytes) -> tuple[dict[str, Any], bytes, int]:
    if len(data) > MAX_BYTES:
        raise SnapshotRejected("too_large", str(len(data)))
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4 + 64:
        raise SnapshotRejected("truncated" if MAGIC.startswith(data[:len(MAGIC)]) else "not_a_bundle")
    (size,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if size > len(data) - start - 64:
        raise SnapshotRejected("truncated")
    head = data[start:start + size]
    try:
        manifest = json.loads(head)
        if not isinstance(manifest, dict):
            raise ValueError(type(manifest))
    except ValueError as exc:
        raise SnapshotRejected("corrupt_manifest") from exc
    return manifest, head, start + size


def decode(want: Wanted, name: str, data: bytes) -> Snapshot:
    """Verify and open a snapshot; raises SnapshotRejected saying why. Nothing is trusted before the office's
    signature (by the key the membership log says signs now) and the encryption's tag are checked."""
    manifest, head, cipher_start = _manifest(data)
    if isinstance(manifest.get("bytes"), int) and len(data) - cipher_start - 64 < manifest["bytes"]:
        raise SnapshotRejected("truncated")  # cut short: a USB stick pulled mid-copy, a server that stored half
    try:
        if manifest["format"] != FORMAT_VERSION:
            raise SnapshotRejected("unknown_format", str(manifest["format"]))
        if manifest["team"] != want.team.team_id:
            raise SnapshotRejected("other_team")
        if manifest["office_key"] != want.office_key:
            raise SnapshotRejected("not_office_key")
        public_key(want.office_key).verify(data[-64:], data[:-64])
        epoch = manifest.get("epoch", 0)
        if type(epoch) is not int or epoch < 0:
            raise SnapshotRejected("corrupt_manifest")
        if want.team.secret(epoch) is None:  # of an epoch this device was not given yet: an older one may do
            raise SnapshotRejected("awaiting_key", str(epoch))
        plain = bundle.cipher_for(want.team, epoch).decrypt(unb64(manifest["nonce"]), data[cipher_start:-64], head)
        vector = {str(d): (int(v[0]), str(v[1])) for d, v in manifest["vector"].items()}
        tables = {str(t): int(n) for t, n in manifest["tables"].items()}
        hlc = int(manifest["hlc"])
    except (InvalidSignature, InvalidTag) as exc:
        raise SnapshotRejected("bad_signature") from exc
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise SnapshotRejected("corrupt_manifest") from exc
    if hashlib.sha256(plain).hexdigest() != manifest.get("sha256"):
        raise SnapshotRejected("bad_checksum")
    if name != snapshot_name(want.team.team_id, vector):
        raise SnapshotRejected("inconsistent")
    return Snapshot(name, vector, tables, hlc, plain)


def fetch(target: Target, want: Wanted, report: SyncReport) -> Snapshot | None:
    """Network stage: the newest snapshot of my team at the place that verifies; a damaged one, or one not signed
    by the office's current key, is set aside at the place (quarantine/) and said in the report."""
    names = sorted((n for n in target.files_in(FOLDER) if (p := parse_name(n)) and p[0] == want.team.team_id),
                   key=lambda n: (parse_name(n) or ("", 0))[1], reverse=True)
    for name in names:
        where = f"{FOLDER}/{name}"
        try:
            return decode(want, name, target.read_in(FOLDER, name))
        except SnapshotRejected as exc:
            report.skipped[where] = exc.reason
            if exc.reason not in ("unknown_format", "other_team", NEEDS_UPDATE):
                report.set_aside[where] = exc.reason
                target.set_aside(where)
        except OSError:
            report.skipped[where] = "unreadable"
    return None


def lines(plain: bytes) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
    """The plain text's lines `[table, columns, rows]`, decompressed a piece at a time."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    tail = b""
    step = 4 * 1024 * 1024
    for i in range(0, len(plain), step):
        tail += inflater.decompress(plain[i:i + step])
        *whole, tail = tail.split(b"\n")
        for line in whole:
            yield _line(line)
    tail += inflater.flush()
    for line in tail.split(b"\n"):
        if line:
            yield _line(line)


def _line(line: bytes) -> tuple[str, list[str], list[list[Any]]]:
    try:
        table, columns, rows = json.loads(line)
        return str(table), [str(c) for c in columns], rows
    except (ValueError, TypeError) as exc:
        raise SnapshotRejected("corrupt_payload") from exc


def _known(table: str, columns: list[str]) -> None:
    if table == CHANGE_LOG:
        known = set(CHANGE_LOG_COLUMNS)
    elif (model := MODEL_BY_TABLE.get(table)) is not None:
        known = {c.key for c in model.__table__.columns}
    else:
        raise NeedsUpdate(f"table {table}")
    if extra := set(columns) - known:
        raise NeedsUpdate(f"{table} columns {sorted(extra)}")


def take(db: Database, snap: Snapshot) -> int:
    """Database stage: every row of the snapshot into this fresh store and its vector into sync_seen, in one
    transaction (never partly: any fault rolls all of it back); returns the rows written (0: this store is not
    fresh any more, nothing done). Raises SnapshotRejected when the content does not hold together."""
    for table in snap.tables:
        if table != CHANGE_LOG and table not in MODEL_BY_TABLE:
            raise NeedsUpdate(f"table {table}")
    written: dict[str, int] = dict.fromkeys(snap.tables, 0)
    with db.write() as s:
        conn = s.connection()
        raw = raw_connection(conn)
        if not raw.execute(FRESH).fetchone()[0]:
            return 0
        me = raw.execute("SELECT device_id FROM device_state").fetchone()[0]
        raw.execute("PRAGMA defer_foreign_keys = ON")  # rows of a table may name later rows of it (merged villages)
        with suspended_triggers(conn, snap.tables):
            for table, columns, rows in lines(snap.plain):
                _known(table, columns)
                if table not in written:
                    raise SnapshotRejected("inconsistent", table)
                raw.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
                                f"VALUES ({', '.join('?' * len(columns))})", rows)
                written[table] += len(rows)
        if written != snap.tables:
            raise SnapshotRejected("inconsistent", "row counts")
        for device, (up_to, key) in snap.vector.items():
            if device != me:
                s.merge(SyncSeen(device_id=device, up_to=up_to, public_key=key or None))
        s.info["binhdan_write"].clock.observe(snap.hlc)
    return sum(written.values())

