"""Change records out of the change log (export) and into the database (apply), with per-field
last-writer-wins by (hybrid clock, device) and concurrent losers kept as conflicts."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Date, DateTime

from binhdan_desktop.store.changelog import FieldVersion, Version, field_versions, raw_connection, synced_columns
from binhdan_desktop.store.models import MODEL_BY_TABLE, Synced
from binhdan_desktop.store.types import NFCString

CHUNK = 500


class Deferred(Exception):
    """The bundle needs rows that have not arrived yet (another device's changes): try again later."""


def _rows(conn: Any, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    raw = raw_connection(conn)
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        cur = raw.execute(f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(part))})", tuple(part))
        names = [d[0] for d in cur.description]
        for row in cur:
            values = dict(zip(names, row, strict=True))
            out[values["id"]] = values
    return out


def _versions_for(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, FieldVersion]]:
    return {key: field_versions(conn, *key) for key in keys}


def export(conn: Connection, device: str, start: int, end: int) -> list[dict[str, Any]]:
    """Records for this device's counters start..end: each carries the current value of the fields
    whose newest version is that change (later changes carry the others)."""
    entries = conn.exec_driver_sql(
        "SELECT counter, hlc, table_name, row_id, op, fields, prev FROM change_log "
        "WHERE device_id = ? AND counter BETWEEN ? AND ? ORDER BY counter", (device, start, end)).all()
    by_table: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        by_table[e[2]].add(e[3])
    rows = {t: _rows(conn, t, sorted(ids)) for t, ids in by_table.items()}
    versions = _versions_for(conn, {(e[2], e[3]) for e in entries if e[4] != "insert" or _multi(conn, e[2], e[3])})
    out = []
    for counter, hlc, table, row_id, op, fields, prev in entries:
        names = synced_columns(MODEL_BY_TABLE[table]) if fields == "*" else [f for f in fields.split(",") if f]
        mine: Version = (int(hlc), device)
        known = versions.get((table, row_id))
        row = rows[table].get(row_id, {})
        keep = {f: row.get(f) for f in names if known is None or f not in known or known[f].version == mine}
        record = {"d": device, "c": counter, "h": hlc, "t": table, "r": row_id, "o": op, "f": keep}
        if op == "insert" and len(keep) < len(names):
            # Fields a later change superseded still fill the new row (unversioned), so that a row
            # never lacks a required value; their versions arrive with the later changes.
            record["b"] = {f: row.get(f) for f in names if f not in keep}
        if prev:
            record["p"] = json.loads(prev)
        out.append(record)
    return out


def _multi(conn: Connection, table: str, row_id: str) -> bool:
    """Whether the row has more than one change (else its insert carries every field as it is now)."""
    n = conn.exec_driver_sql("SELECT COUNT(*) FROM change_log WHERE table_name = ? AND row_id = ?",
                             (table, row_id)).scalar()
    return bool(n and n > 1)


def _python(model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
    """Stored values as the model's derive() expects them (dates as dates)."""
    out = dict(values)
    for col in model.__table__.columns:
        v = out.get(col.key)
        if isinstance(v, str) and isinstance(col.type, Date) and not isinstance(col.type, DateTime):
            out[col.key] = dt.date.fromisoformat(v)
    return out


def _derived(model: type[Synced], row: dict[str, Any]) -> dict[str, Any]:
    derived = model.derive(_python(model, row))
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in derived.items()}


def _nfc(model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
    import unicodedata

    for col in model.__table__.columns:
        if isinstance(col.type, NFCString) and isinstance(values.get(col.key), str):
            values[col.key] = unicodedata.normalize("NFC", values[col.key])
    return values


def _conflict(conn: Any, record: dict[str, Any], field: str, kept: tuple[Any, Version],
              lost: tuple[Any, Version]) -> None:
    raw_connection(conn).execute(
        "INSERT INTO sync_conflict (table_name, row_id, field, kept_value, lost_value, lost_device, lost_hlc, "
        "kept_device, kept_hlc, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (record["t"], record["r"], field, json.dumps(kept[0], ensure_ascii=False),
         json.dumps(lost[0], ensure_ascii=False), lost[1][1], lost[1][0], kept[1][1], kept[1][0]))


def _merge(conn: Any, record: dict[str, Any], current: dict[str, Any] | None,
           known: dict[str, FieldVersion]) -> dict[str, Any]:
    """The fields of `record` that win here; losers of concurrent edits are kept as conflicts."""
    mine: Version = (int(record["h"]), record["d"])
    prev = {k: (int(v[0]), str(v[1])) for k, v in (record.get("p") or {}).items()}
    winners = {}
    for field, value in record["f"].items():
        local = known.get(field)
        if local is None or current is None:
            winners[field] = value
            continue
        here = current.get(field)
        concurrent = local.version[1] != mine[1] and here != value
        if mine > local.version:
            winners[field] = value
            if concurrent and prev.get(field) != local.version:
                _conflict(conn, record, field, (value, mine), (here, local.version))
        elif mine < local.version and concurrent and local.prev != mine:
            _conflict(conn, record, field, (here, local.version), (value, mine))
    return winners


def apply(conn: Any, record: dict[str, Any]) -> None:
    """Apply one record inside the caller's transaction; idempotent through the change log's key.
    Works on the driver connection: this loop may run 100,000 times."""
    conn = raw_connection(conn)
    table, row_id = record["t"], record["r"]
    model = MODEL_BY_TABLE.get(table)
    if model is None:
        raise ValueError(f"unknown table {table}")
    current = _rows(conn, table, [row_id]).get(row_id)
    if current is None and record["o"] != "insert":
        raise Deferred(f"{table} {row_id}")
    # A row not here yet has no versions to compare with (the common case of a first sync).
    known = field_versions(conn, table, row_id) if current is not None else {}
    logged = conn.execute(
        "INSERT OR IGNORE INTO change_log (device_id, counter, hlc, table_name, row_id, op, fields, prev) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (record["d"], record["c"], record["h"], table, row_id, record["o"], ",".join(sorted(record["f"])),
         json.dumps(record["p"], sort_keys=True) if record.get("p") else None))
    if logged.rowcount == 0:
        return  # applied before: the same change twice changes nothing
    winners = _nfc(model, _merge(conn, record, current, known))
    base = _nfc(model, dict(record.get("b") or {})) if current is None else {}
    _write(conn, model, row_id, current, {**base, **winners})


def _write(conn: sqlite3.Connection, model: type[Synced], row_id: str, current: dict[str, Any] | None,
           winners: dict[str, Any]) -> None:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    table = model.__tablename__
    if current is None:
        row = {c.key: _default(c) for c in model.__table__.columns}
        row.update(winners)
        row.update({"id": row_id, "created_at": now, "updated_at": now})
        row.update(_derived(model, row))
        cols = list(row)
        try:
            conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         tuple(row[c] for c in cols))
        except sqlite3.IntegrityError as exc:
            raise Deferred(str(exc)) from exc
        return
    if not winners:
        return
    row = {**current, **winners}
    changes = {**winners, **_derived(model, row), "updated_at": now}
    try:
        conn.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
                     (*changes.values(), row_id))
    except sqlite3.IntegrityError as exc:
        raise Deferred(str(exc)) from exc


def _default(col: Any) -> Any:
    d = col.default
    if d is None:
        return None
    value = d.arg(None) if d.is_callable else d.arg
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _new_row(model: type[Synced], record: dict[str, Any], now: str) -> dict[str, Any]:
    row = {c.key: _default(c) for c in model.__table__.columns}
    row.update(_nfc(model, dict(record.get("b") or {})))
    row.update(_nfc(model, dict(record["f"])))
    row.update({"id": record["r"], "created_at": now, "updated_at": now})
    row.update(_derived(model, row))
    return row


def apply_many(conn: Any, records: list[dict[str, Any]]) -> None:
    """Apply a bundle's records in order. Runs of inserts of rows that are new here (the bulk of a first
    sync) go in one executemany per table; everything else goes through apply()."""
    raw = raw_connection(conn)
    existing: dict[str, set[str]] = defaultdict(set)
    inserts: dict[str, list[str]] = defaultdict(list)
    for r in records:
        if r["o"] == "insert":
            inserts[r["t"]].append(r["r"])
    for table, ids in inserts.items():
        existing[table] = set(_rows(raw, table, ids))
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    touched: set[str] = set()
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if not batch:
            return
        model = MODEL_BY_TABLE[batch[0]["t"]]
        cols = [c.key for c in model.__table__.columns]
        rows = [tuple(row[c] for c in cols) for row in (_new_row(model, r, now) for r in batch)]
        try:
            raw.executemany(f"INSERT INTO {model.__tablename__} ({', '.join(cols)}) "
                            f"VALUES ({', '.join('?' * len(cols))})", rows)
        except sqlite3.IntegrityError as exc:
            raise Deferred(str(exc)) from exc
        raw.executemany(
            "INSERT OR IGNORE INTO change_log (device_id, counter, hlc, table_name, row_id, op, fields, prev) "
            "VALUES (?, ?, ?, ?, ?, 'insert', ?, NULL)",
            [(r["d"], r["c"], r["h"], r["t"], r["r"], ",".join(sorted(r["f"]))) for r in batch])
        batch.clear()

    for record in records:
        fresh = (record["o"] == "insert" and record["t"] in MODEL_BY_TABLE and record["r"] not in touched
                 and record["r"] not in existing[record["t"]])
        touched.add(record["r"])
        if fresh:
            if batch and batch[0]["t"] != record["t"]:
                flush()
            batch.append(record)
        else:
            flush()
            apply(raw, record)
    flush()
