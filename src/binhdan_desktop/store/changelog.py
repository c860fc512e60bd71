"""Change capture in one place: every insert or update of a synced row is logged in its transaction."""

from __future__ import annotations

import functools
import json
import operator
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import JSON, Date, DateTime, Table, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.domain.hlc import HybridClock
from binhdan_desktop.store.bulk import suspended_triggers, with_head_keys
from binhdan_desktop.store.models import ChangeLog, DeviceState, Synced, new_id, new_ids, utcnow
from binhdan_desktop.store.types import NFCString

CONTEXT_KEY = "binhdan_write"
ALL_FIELDS = ("*",)  # an insert sets every synced field


CHANGE_LOG = cast(Table, ChangeLog.__table__)

class HardDeleteError(RuntimeError):
    """Synced rows are never deleted: they are marked deleted (a tombstone)."""


@dataclass
class WriteContext:
    """The device clock and counter of one write transaction."""

    device_id: str
    next_counter: int
    clock: HybridClock
    tables: set[str] = field(default_factory=set)
    rows: set[tuple[str, str]] = field(default_factory=set)

    def take_counter(self) -> int:
        value = self.next_counter
        self.next_counter += 1
        return value


def synced_columns(model: type[Synced]) -> list[str]:
    """The columns whose values travel in change records (not the key, timestamps or derived ones)."""
    skip = {"id", "created_at", "updated_at"}
    return [c.key for c in model.__table__.columns if c.key not in skip and not c.info.get("derived")]


def _entry(ctx: WriteContext, table: str, row_id: str, op: str, fields: Iterable[str],
           prev: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    ctx.tables.add(table)
    ctx.rows.add((table, row_id))
    return {"device_id": ctx.device_id, "counter": ctx.take_counter(), "hlc": ctx.clock.now(),
            "table_name": table, "row_id": row_id, "op": op, "fields": ",".join(sorted(fields)),
            "prev": json.dumps(prev, sort_keys=True) if prev else None}


Version = tuple[int, str]  # (hybrid clock, device): compared as a pair, the device breaks ties


@dataclass(frozen=True)
class FieldVersion:
    version: Version
    prev: Version | None  # the version the writer had seen before this one (None for inserts)


def raw_connection(conn: Any) -> sqlite3.Connection:
    """The driver connection under a SQLAlchemy connection (same transaction), for hot loops."""
    return conn if isinstance(conn, sqlite3.Connection) else conn.connection.dbapi_connection


def field_versions(conn: Any, table: str, row_id: str) -> dict[str, FieldVersion]:
    """Each synced field's current version, from the change log (local and applied remote entries)."""
    rows = raw_connection(conn).execute(
        "SELECT hlc, device_id, fields, prev FROM change_log WHERE table_name = ? AND row_id = ?",
        (table, row_id)).fetchall()
    out: dict[str, FieldVersion] = {}
    columns: list[str] | None = None
    for hlc, device, fields, prev_json in rows:
        if fields == "*":
            columns = columns or synced_columns_of(table)
            names = columns
        else:
            names = fields.split(",") if fields else []
        prev = json.loads(prev_json) if prev_json else {}
        for name in names:
            version = (int(hlc), str(device))
            if name not in out or version > out[name].version:
                before = prev.get(name)
                out[name] = FieldVersion(version, (int(before[0]), str(before[1])) if before else None)
    return out


def synced_columns_of(table: str) -> list[str]:
    from binhdan_desktop.store.models import MODEL_BY_TABLE

    return synced_columns(MODEL_BY_TABLE[table])


def context(session: Session) -> WriteContext:
    ctx = session.info.get(CONTEXT_KEY)
    if ctx is None:
        raise RuntimeError("write outside Database.write(): changes would escape the change log")
    return ctx


def _changed_fields(obj: Synced) -> dict[str, Any]:
    """The synced fields whose value really differs from the stored one."""
    state = inspect(obj)
    changed: dict[str, Any] = {}
    for key in synced_columns(type(obj)):
        hist = state.attrs[key].history
        if hist.has_changes() and list(hist.deleted) != list(hist.added):
            changed[key] = getattr(obj, key)
    return changed


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    if any(isinstance(o, Synced) for o in session.deleted):
        raise HardDeleteError("synced rows are soft-deleted with deleted=True, never removed")
    entries: list[dict[str, Any]] = []
    for obj in list(session.new):
        if isinstance(obj, Synced):
            ctx = context(session)
            _apply_defaults(obj)
            obj.id = obj.id or new_id()
            obj.created_at = obj.updated_at = utcnow()
            obj.refresh_derived()
            entries.append(_entry(ctx, obj.__tablename__, obj.id, "insert", ALL_FIELDS))
    for obj in list(session.dirty):
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            changed = _changed_fields(obj)
            if not changed:
                continue
            ctx = context(session)
            obj.updated_at = utcnow()
            obj.refresh_derived()
            op = "delete" if changed.get("deleted") is True else "update"
            known = field_versions(session.connection(), obj.__tablename__, obj.id)
            prev = {f: list(known[f].version) for f in changed if f in known}
            entries.append(_entry(ctx, obj.__tablename__, obj.id, op, changed, prev))
    if entries:
        session.execute(CHANGE_LOG.insert(), entries)  # Core insert: one executemany, no ORM bookkeeping


def _apply_defaults(obj: Synced) -> None:
    """Fill Python-side column defaults now, so the logged insert holds the stored values."""
    for col in obj.__table__.columns:
        if col.default is not None and getattr(obj, col.key) is None:
            setattr(obj, col.key, col.default.arg(None) if col.default.is_callable else col.default.arg)


def _converter(col: Any) -> Callable[[Any], Any] | None:
    """How Core would store a value of this column, done by hand for the bulk path."""
    if isinstance(col.type, DateTime):
        return lambda v: v if v is None or isinstance(v, str) else v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(col.type, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(col.type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(col.type, NFCString):
        return lambda v: v if v is None or v.isascii() else unicodedata.normalize("NFC", v)
    return None


@dataclass(frozen=True)
class _BulkPlan:
    table: str
    names: tuple[str, ...]  # the columns as the statement names them, in the order of `keys`
    keys: tuple[str, ...]
    converters: tuple[tuple[str, Callable[[Any], Any]], ...]  # (key, converter) of the values that need one
    normalize: bool  # whether the model has NFC text or derived columns
    defaults: dict[str, Any]
    sql: str


STAMPS = ("created_at", "updated_at")  # the bulk path writes them as the stored text already


@functools.cache
def _plan(model: type[Synced]) -> _BulkPlan:
    cols = list(model.__table__.columns)
    defaults = {c.key: None if c.default is None else (c.default.arg(None) if c.default.is_callable else c.default.arg)
                for c in cols}
    defaults["id"] = None  # made per row
    needs_normalize = bool(model._nfc_keys()) or model.derive is not Synced.derive
    # Converters: not for the stamps (already text), nor NFC where normalize has done it.
    converters = tuple((c.key, f) for c in cols if (f := _converter(c)) is not None and c.key not in STAMPS
                       and not (needs_normalize and isinstance(c.type, NFCString)))
    sql = (f"INSERT INTO {model.__tablename__} ({', '.join(c.name for c in cols)}) "
           f"VALUES ({', '.join('?' for _ in cols)})")
    return _BulkPlan(model.__tablename__, tuple(c.name for c in cols), tuple(c.key for c in cols), converters,
                     needs_normalize, defaults, sql)


_LITERAL_TYPES = (type(None), bool, int)
_INT64 = 1 << 63


def _literal(value: bool | int | None) -> str:
    return "NULL" if value is None else str(int(value))


def _with_literals(plan: _BulkPlan, data: list[tuple[Any, ...]]) -> tuple[str, list[tuple[Any, ...]]]:
    """The insert statement and its parameters, with each column that holds the same None, bool or int in every
    row written into the statement instead (the flags, the fields an import leaves blank). The stored values are
    the same; sqlite3 binds None and bool through its adapter lookup, four times an int's cost, and a 50,000-row
    import binds half a million of them."""
    if len(data) < 2:
        return plan.sql, data
    literals: dict[int, str] = {}
    first = data[0]
    for j, value in enumerate(first):
        if type(value) not in _LITERAL_TYPES or (type(value) is int and not -_INT64 <= value < _INT64):
            continue
        column = list(map(operator.itemgetter(j), data))
        if len(set(map(type, column))) == 1 and len(set(column)) == 1:
            literals[j] = _literal(value)
    if not literals:
        return plan.sql, data
    bound = [j for j in range(len(first)) if j not in literals]
    values = ", ".join(literals.get(j, "?") for j in range(len(first)))
    sql = f"INSERT INTO {plan.table} ({', '.join(plan.names)}) VALUES ({values})"
    if not bound:
        return sql, [()] * len(data)
    if len(bound) == 1:
        return sql, [(row[bound[0]],) for row in data]
    return sql, list(map(operator.itemgetter(*bound), data))


_LOG_SQL = ("INSERT INTO change_log (device_id, counter, hlc, table_name, row_id, op, fields, prev) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, NULL)")
TRACK_ROWS_UP_TO = 5000  # larger bulk writes report their tables only


def _row_tuples(model: type[Synced], plan: _BulkPlan, rows: Sequence[dict[str, Any]], stamp: str,
                ) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Each row as the statement's parameters (defaults filled, NFC, derived columns, stored forms), and its id."""
    defaults, converters = plan.defaults, plan.converters
    normalize = model.normalize_in_place if plan.normalize else None
    row_of = operator.itemgetter(*plan.keys)
    fresh = iter(new_ids(sum(not row.get("id") for row in rows)))  # in ascending order, drawn at once
    memo: dict[Any, Any] = {}  # what the model derived from a value that repeats (a name, an address)
    data, ids = [], []
    for row in rows:
        values = defaults.copy()
        values.update(row)
        values["created_at"] = values["updated_at"] = stamp
        if not values["id"]:
            values["id"] = next(fresh)
        values["deleted"] = bool(values["deleted"])
        if normalize is not None:
            normalize(values, memo)
        for key, convert in converters:
            values[key] = convert(values[key])
        data.append(row_of(values))
        ids.append(values["id"])
    return data, ids


def bulk_insert(session: Session, model: type[Synced], rows: Sequence[dict[str, Any]]) -> list[str]:
    """Insert many new rows at raw-driver speed, logging each one like the ORM path does. Returns ids.
    Values go through the same normalisation and derivation as ORM objects (Synced.normalize)."""
    return bulk_insert_all(session, [(model, rows)])[0]


def bulk_insert_all(session: Session, batches: Sequence[tuple[type[Synced], Sequence[dict[str, Any]]]],
                    ) -> list[list[str]]:
    """`bulk_insert` of several tables in the order given (parents first: households, then their people), with
    the derived data (search index, heads' keys) caught up once for all of them. Returns each batch's ids."""
    ctx = context(session)
    stamp = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    prepared = []
    for model, rows in batches:
        plan = _plan(model)
        table = model.__tablename__
        data_rows, ids = _row_tuples(model, plan, rows, stamp)
        device, now, first = ctx.device_id, ctx.clock.now, ctx.next_counter
        ctx.next_counter += len(ids)
        log_rows = [(device, first + k, now(), table, row_id, "insert", "*") for k, row_id in enumerate(ids)]
        prepared.append((plan, table, data_rows, log_rows, ids))
    people = [(plan, data) for plan, table, data, _, _ in prepared if table == "person"]
    if people:  # new households get their head's key with them (the catch-up updates only the old ones)
        pplan, pdata = people[0] if len(people) == 1 else (people[0][0], [r for _, d in people for r in d])
        prepared = [(plan, table, with_head_keys(data, plan.keys, pdata, pplan.keys) if table == "household"
                     else data, log, ids) for plan, table, data, log, ids in prepared]
    conn = session.connection()
    with suspended_triggers(conn, {table: len(data) for _, table, data, _, _ in prepared}):
        for plan, table, data_rows, log_rows, ids in prepared:
            if not data_rows:
                continue
            ctx.tables.add(table)
            if len(ids) <= TRACK_ROWS_UP_TO:
                ctx.rows.update((table, i) for i in ids)
            conn.exec_driver_sql(*_with_literals(plan, data_rows))
            conn.exec_driver_sql(_LOG_SQL, log_rows)
    return [ids for *_, ids in prepared]


def begin_write(session: Session, wall: Callable[[], int] | None = None) -> WriteContext:
    """Load this device's counter and clock for a write transaction (the caller holds the write lock)."""
    state = session.scalars(select(DeviceState)).one()
    ctx = WriteContext(state.device_id, state.next_counter, HybridClock(state.last_hlc, wall))
    session.info[CONTEXT_KEY] = ctx
    return ctx


def _before_commit(session: Session) -> None:
    ctx: WriteContext | None = session.info.get(CONTEXT_KEY)
    if ctx is None:
        return
    session.flush()
    state = session.scalars(select(DeviceState)).one()
    if state.next_counter != ctx.next_counter or state.last_hlc != ctx.clock.last:
        state.next_counter = ctx.next_counter
        state.last_hlc = ctx.clock.last
        session.flush()


def install(session_class: type[Session] | sessionmaker[Session]) -> None:
    """Attach change capture to a Session class (or sessionmaker)."""
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "before_commit", _before_commit)


def changes_of(session: Session, created: Synced | str | None = None) -> Changes:
    """The Changes of the write transaction running in `session` so far; `created` is the main new
    row (its id is read after the flush that assigns it)."""
    session.flush()
    ctx = context(session)
    created_id = created.id if isinstance(created, Synced) else created
    return Changes(frozenset(ctx.tables), frozenset(ctx.rows), created_id)
