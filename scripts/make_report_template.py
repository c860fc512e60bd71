"""Make the example province form (resources/bieu-mau-tinh-vi-du.xlsx) with openpyxl, then open and re-save it
with LibreOffice (`soffice --headless`), so the shipped file is one an office program has written.

    .venv/bin/python scripts/make_report_template.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "bieu-mau-tinh-vi-du.xlsx"
INDICATORS = [
    ("public_staff", "Cán bộ, công chức, viên chức, người lao động khu vực công"),
    ("students", "Học sinh"),
    ("adults_basic", "Người dân trưởng thành có kỹ năng số cơ bản"),
    ("adults_vneid", "Người dân trưởng thành học trên nền tảng VNeID"),
    ("enterprise_workers", "Người lao động trong doanh nghiệp, hợp tác xã"),
    ("digital_family", "Gia đình số"),
    ("digital_identity", "Mỗi công dân – Một danh tính số"),
    ("traders_4t", "Chợ số – Nông thôn số (tiểu thương học 4T)"),
]
VILLAGES = ["Thôn An Điềm", "Thôn Đồng Răm", "Thôn Bình Thanh"]  # the demo commune's first villages
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _row(ws: object, row: int, values: list[object], *, bold: bool = False) -> None:
    for col, value in enumerate(values, 1):
        c = ws.cell(row=row, column=col, value=value)  # type: ignore[attr-defined]
        c.font = Font(name="Times New Roman", size=12, bold=bold)
        c.border = GRID
        c.alignment = Alignment(wrap_text=True, vertical="center",
                                horizontal="center" if bold or col != 2 else "left")


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    title = Font(name="Times New Roman", size=13, bold=True)
    ws["A1"], ws["E1"] = "UBND XÃ {{commune}}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"], ws["E2"] = "Tỉnh {{province}}", "Độc lập - Tự do - Hạnh phúc"
    ws["A4"] = "BIỂU TỔNG HỢP KẾT QUẢ PHONG TRÀO “BÌNH DÂN HỌC VỤ SỐ” {{period}}"
    ws["A5"] = "(Số liệu tính đến ngày {{as_of}})"
    for ref in ("A1", "E1", "E2", "A4"):
        ws[ref].font = title
    ws["A5"].font = Font(name="Times New Roman", size=12, italic=True)
    head = ["STT", "Chỉ tiêu", "Số đạt", "Tổng số", "Tỷ lệ", "Mục tiêu", "Đánh giá"]
    _row(ws, 7, head, bold=True)
    for i, (code, name) in enumerate(INDICATORS, 1):
        _row(ws, 7 + i, [i, name, f"{{{{{code}.numerator}}}}", f"{{{{{code}.denominator}}}}",
                         f"{{{{{code}.rate}}}}", f"{{{{{code}.target}}}}", f"{{{{{code}.met}}}}"])
    row = 9 + len(INDICATORS)
    ws.cell(row=row, column=1, value="Kỹ năng số cơ bản theo thôn").font = title
    _row(ws, row + 1, ["STT", "Thôn", "Số đạt", "Tổng số", "Tỷ lệ", "Còn thiếu", "Đánh giá"], bold=True)
    for i, village in enumerate(VILLAGES, 1):
        ref = f"adults_basic@{village}"
        _row(ws, row + 1 + i, [i, village, f"{{{{{ref}.numerator}}}}", f"{{{{{ref}.denominator}}}}",
                               f"{{{{{ref}.rate}}}}", f"{{{{{ref}.gap}}}}", f"{{{{{ref}.met}}}}"])
    end = row + 2 + len(VILLAGES)
    plain = Font(name="Times New Roman", size=12)
    ws["A2"].font = plain
    ws.cell(row=end + 1, column=2, value="Tổng số đạt (công thức của mẫu):").font = plain
    total = ws.cell(row=end + 1, column=3, value=f"=SUM(C{row + 2}:C{row + 1 + len(VILLAGES)})")
    total.font, total.number_format = plain, "#,##0"
    total.alignment = Alignment(horizontal="center")
    ws.cell(row=end + 3, column=5, value="{{commune}}, ngày … tháng … năm …").font = Font(
        name="Times New Roman", size=12, italic=True)
    ws.cell(row=end + 4, column=5, value="NGƯỜI KÝ").font = title
    ws.cell(row=end + 8, column=5, value="{{signer}}").font = title
    for col, width in zip("ABCDEFG", (6, 48, 10, 10, 10, 10, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    # one page wide: the form prints whole (its last column and the national motto not cut onto a second page)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    wb.save(path)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        made = Path(tmp) / "made.xlsx"
        build(made)
        out = Path(tmp) / "lo"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(made)], check=True,
                       capture_output=True, timeout=180)
        shutil.copyfile(out / "made.xlsx", TARGET)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
