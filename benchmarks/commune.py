"""The large commune, built once with the demo generator (fixed seed) and cached by size and schema."""

from __future__ import annotations

import os
import time
from pathlib import Path

from binhdan_desktop.services import demo
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.migrate import SCHEMA_HEAD

CACHE = Path(os.environ.get("BINHDAN_BENCH_CACHE", Path(__file__).parent / ".cache"))
SEED = 20251010


def commune_path(households: int) -> tuple[Path, float | None]:
    """The cached database for `households`, building it if needed; returns the build time if built."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"commune-{households}-s{SEED}-r{SCHEMA_HEAD}.sqlite3"
    if path.exists():
        return path, None
    tmp = path.with_suffix(".building")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    db = open_database(tmp)
    demo.generate(db, households, SEED)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    built = time.perf_counter() - started
    tmp.replace(path)
    return path, built


def user_data_dir(path: Path) -> str:
    """A data folder for the probes' processes that knows `path` as this computer's own database (as a real
    user's does), so opening it does not take a new device identity and never writes to the cached file."""
    import json
    import sqlite3
    import tempfile

    with sqlite3.connect(path) as raw:
        device = raw.execute("SELECT device_id FROM device_state").fetchone()[0]
    folder = tempfile.mkdtemp(prefix="binhdan-bench-")
    (Path(folder) / "device-markers.json").write_text(json.dumps({str(path.resolve()): device}), encoding="utf-8")
    return folder
