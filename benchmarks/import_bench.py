"""Import: a 20,000-row household list against openpyxl reading the same file read-only."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from benchmarks.harness import Result
from binhdan_desktop.domain.names import FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN, VILLAGE_NAMES
from binhdan_desktop.services import imports
from binhdan_desktop.services.commune import setup_commune
from binhdan_desktop.store.db import open_database

ROWS = 20_000


def _sheet(path: Path, rows: int) -> None:
    rng = random.Random(1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["DANH SÁCH NHÂN KHẨU"])
    ws.append(["STT", "Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD", "Thôn",
               "Địa chỉ"])
    household = 0
    for i in range(rows):
        head = i % 4 == 0
        household += head
        given = rng.choice(MALE_GIVEN + FEMALE_GIVEN)
        ws.append([i + 1, f"H{household:05d}", f"{rng.choice(FAMILY_NAMES)[0]} Văn {given}",
                   f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2015)}",
                   rng.choice(("Nam", "Nữ")), "Chủ hộ" if head else "Con", f"051{i:09d}",
                   VILLAGE_NAMES[household % 5], f"Số {household % 300}, Xóm Đông"])
    wb.save(path)


def import_rows(path: Path | None = None, rows: int = ROWS, runs: int = 3) -> Result:
    """Median of `runs` imports, each into a new commune, against the median of as many raw reads."""
    work = Path(tempfile.mkdtemp())
    sheet = work / "list.xlsx"
    _sheet(sheet, rows)

    def raw() -> None:
        wb = load_workbook(sheet, read_only=True, data_only=True)
        for _ in wb.worksheets[0].iter_rows(values_only=True):
            pass
        wb.close()

    bases, times = [], []
    for i in range(runs):  # interleaved, so a noisy spell hits both alike
        start = time.perf_counter()
        raw()
        bases.append(time.perf_counter() - start)
        db = open_database(work / f"c{i}.sqlite3")
        setup_commune(db, "Bình Chương", "Quảng Ngãi", list(VILLAGE_NAMES[:5]))
        start = time.perf_counter()
        result = imports.import_file(db, sheet, dry_run=False)
        times.append(time.perf_counter() - start)
        db.close()
    ours, base = statistics.median(times), statistics.median(bases)
    what = f"import: {result.people_created:,}-row spreadsheet ({result.households_created:,} households)"
    return Result("import", what,
                  ours, base, "openpyxl read-only reading the same file", budget="≤ 2× raw", ok=ours <= 2 * base)
