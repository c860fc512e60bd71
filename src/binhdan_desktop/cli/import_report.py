"""What `binhdan import` prints: the totals, and with --dry-run what the wizard's preview shows — per village the
households and people new, updated and unchanged, the likely matches (row, name, birth year, the stored person,
what differs) and the problems (the first 20 and how many), each by sheet, row and column. Both languages,
Vietnamese first."""

from __future__ import annotations

import sys
from typing import Any

from binhdan_desktop.importers.plan import by_column
from binhdan_desktop.services.import_problems import column_bilingual

FIRST_PROBLEMS = 20


ENCODINGS = {"unicode": "Unicode", "tcvn3": "TCVN3", "vni": "VNI-Windows"}


def _columns_encoding(sheet: Any, cells: bool = False) -> str:
    """"cột Họ tên: TCVN3 (6 ô / cells); các cột khác / other columns: Unicode"."""
    return "; ".join(f"cột {header}: " + ", ".join(ENCODINGS.get(enc, enc.upper()) + (f" ({n} ô / cells)" if cells
                                                                                     else "") for enc, n in encs)
                     for header, encs in by_column(sheet.conversions)) + "; các cột khác / other columns: Unicode"


def encodings(r: Any) -> str:
    """Which encoding was decided, as the wizard's summary says it: "Unicode" when nothing was converted, else
    "hỗn hợp / mixed" and per sheet and column which was TCVN3 or VNI (the other columns, sheets: Unicode); a text
    file's bytes in brackets."""
    parts = [(f"trang {s.name}: " if len(r.sheets) > 1 else "") + _columns_encoding(s) for s in r.sheets
             if s.conversions]
    if parts and len(parts) < len(r.sheets):
        parts.append("các trang khác / other sheets: Unicode")
    text = "hỗn hợp / mixed — " + " — ".join(parts) if parts else "Unicode"
    return text + (f" (tệp văn bản / text file {r.file_encoding})" if r.file_encoding else "")


def print_import(r: Any, villages_accepted: bool = False) -> None:
    """What was imported, or with --dry-run (or a refused run) what would be: nothing is written then.
    `villages_accepted`: --accept-villages took every loose village match as printed."""
    print(("ĐÃ NHẬP / IMPORTED" if r.written else "XEM TRƯỚC, chưa ghi gì / PREVIEW, nothing written")
          + f": dòng tiêu đề / header row {r.header_row}, bảng mã / encoding: {encodings(r)}; cột / columns: "
          + ", ".join(f"{k}={v}" for k, v in r.columns.items()))
    vi = (f"hộ mới {r.households_created}, hộ cập nhật {r.households_updated}, hộ không đổi {r.households_unchanged}; "
          f"người mới {r.people_created}, cập nhật {r.people_updated}, không đổi {r.people_unchanged}; "
          f"dòng bỏ ra {r.rows_left_out}")
    en = (f"{_n(r.households_created, 'new household')}, {r.households_updated} updated, "
          f"{r.households_unchanged} unchanged; {_n(r.people_created, 'new person', 'new people')}, "
          f"{r.people_updated} updated, {r.people_unchanged} unchanged; {_n(r.rows_left_out, 'row')} left out")
    if r.written:
        print(f"Đã ghi: {vi}. / Written: {en}.")
    else:
        print(f"Nếu nhập sẽ có: {vi}. / Importing would give: {en}.")
    if r.examples_skipped:
        print(f"Bỏ qua {r.examples_skipped} dòng mẫu (mã hộ MAU-…) / {_n(r.examples_skipped, 'example row')} skipped")
    for sh in r.sheets:
        print(f"Trang “{sh.name}”: {sh.households} hộ, {sh.people} người / sheet: households, people")
        print("  cột / columns: " + ", ".join(f"{k}={v}" for k, v in sh.columns))
        if sh.conversions:
            print("  bảng mã / encoding: " + _columns_encoding(sh, cells=True))
        for note in sh.notes:  # said once for the sheet: no gender column, no relation column
            print(f"  lưu ý: {note.text('vi')} / note: {note.text('en')}")
    for name in r.skipped_sheets:
        print(f"Bỏ qua trang “{name}” (không có danh sách người) / sheet skipped (no list of people)")
    if r.unused_columns:
        print("Cột không dùng / unused columns (--map FIELD=HEADER): "
              + ", ".join(f"{h}" + (f" ({s})" if s else "") for s, h in r.unused_columns))
    for v in r.villages:
        if v.match is None:
            what = "không khớp thôn nào / no match"
        else:
            what = v.match + ("" if v.exact or v.chosen else " — đã nhận (--accept-villages) / accepted"
                              if villages_accepted else " — cần xác nhận (--accept-villages) / to confirm")
        print(f"  thôn “{v.raw}” → {what} ({v.rows} người / people)")


def print_villages(r: Any) -> None:
    """Per village (as it will be stored): households and people new, updated, unchanged, left out."""
    rows: dict[str, dict[str, list[int]]] = {}
    for h in r.households:
        counts = rows.setdefault(h.rows.village or "—", {k: [0, 0] for k in ("new", "updated", "unchanged",
                                                                              "left_out")})
        counts[h.status][0] += 1
        for status in h.people:
            counts[status][1] += 1
    print("Theo thôn / per village: hộ/người mới, cập nhật, không đổi, không nhập / households/people new, updated, "
          "unchanged, left out")
    for village, c in rows.items():
        print(f"  {village}: " + "; ".join(f"{c[k][0]}/{c[k][1]} {vi}" for k, vi in (
            ("new", "mới / new"), ("updated", "cập nhật / updated"), ("unchanged", "không đổi / unchanged"),
            ("left_out", "không nhập / left out"))))


FIELD_WORDS = {"full_name": "họ tên / name", "birth_date": "ngày sinh / birth date",
               "birth_year": "năm sinh / birth year", "gender": "giới tính / gender", "relation": "quan hệ / relation",
               "cccd": "CCCD", "phone": "điện thoại / phone", "household_code": "mã hộ / household code"}


def _differences(c: Any) -> str:
    """"năm sinh / birth year 1961 ≠ 1960; …": the file's value first, then the recorded one (a recorded value
    kept because the file has less of it is said on its own line: `held_text`)."""
    if not c.differences:
        if getattr(c, "kept_name", ""):
            return (f"chỉ khác ở tên gõ không dấu “{c.kept_name}” / only the name, typed without marks "
                    f"“{c.kept_name}”")
        return "không khác gì / no difference"
    return "; ".join(f"{FIELD_WORDS.get(f, f)} “{ours or '—'}” ≠ “{theirs or '—'}”"
                     for f, ours, theirs in c.differences)


_HELD = {"birth_date": ("ngày sinh", "birth date")}


def held_text(held: Any, before: tuple[str, str] = ("", "")) -> str:
    """"giữ ngày sinh đã ghi 15/05/1950 (tệp chỉ ghi năm sinh) / kept the recorded birth date 15/05/1950 (the file
    gives the year only)"; `before` goes ahead of each language's half ("nếu nhận: ", "if accepted: ")."""
    vi = "; ".join(f"giữ {_HELD.get(f, (f, f))[0]} đã ghi {old}" for f, old in held)
    en = "; ".join(f"the recorded {_HELD.get(f, (f, f))[1]} {old} kept" for f, old in held)
    return f"{before[0]}{vi} (tệp chỉ ghi năm sinh) / {before[1]}{en} (the file gives the year only)"


_WORDS = {"full_name": ("họ tên", "name"), "birth_date": ("ngày sinh", "birth date"),
          "birth_year": ("năm sinh", "birth year"), "gender": ("giới tính", "gender"),
          "relation": ("quan hệ", "relation"), "cccd": ("CCCD", "CCCD"), "phone": ("điện thoại", "phone"),
          "address": ("địa chỉ", "address")}


def _value(key: str, value: str, lang: str) -> str:
    """A stored value as the user reads it: "Nam" for "nam", "Chủ hộ" for "chu_ho", "—" for blank."""
    from binhdan_desktop.domain import enums, labels

    kind = {"gender": enums.Gender, "relation": enums.Relation}.get(key)
    if kind is not None and value in {x.value for x in kind}:
        return labels.label(kind(value), lang)
    return value or "—"


def _update_text(updates: Any, lang: str) -> str:
    """"năm sinh 1968 → 1969; địa chỉ Xóm Đông → Tổ 3"."""
    return "; ".join(f"{_WORDS.get(f, (f, f))[0 if lang == 'vi' else 1]} {_value(f, old, lang)} → "
                     f"{_value(f, new, lang)}" for f, old, new in updates)


def print_updates(r: Any, limit: int | None = None) -> None:
    """Every recorded person (and household address) the import changes, field: recorded → in the file, and
    every recorded name kept because the file has it without its marks; the first `limit` of each."""
    updates, kept, held = [], [], []
    for h in r.households:
        if h.status not in ("updated", "unchanged"):
            continue
        where = f"trang {h.rows.sheet}, " if h.rows.sheet else ""
        household = f"{where}hộ {h.rows.code or '(dòng ' + str(h.rows.people[0].row) + ')'}"
        if h.address is not None:
            change = [("address", *h.address)]
            updates.append(f"  {household} — cập nhật: {_update_text(change, 'vi')} / updated: "
                           f"{_update_text(change, 'en')}")
        if h.address_held:
            held.append(f"  {household}: giữ địa chỉ đã ghi “{h.address_held}” (tệp chỉ ghi “{h.rows.address}”) / the "
                        f"recorded address “{h.address_held}” kept (the file gives “{h.rows.address}” only)")
        if h.address_kept:
            kept.append(f"  {household}: địa chỉ “{h.rows.address}” → giữ “{h.address_kept}” / address: kept "
                        f"“{h.address_kept}”")
        for p, changes, name, values in zip(h.rows.people, h.updates, h.kept, h.held or [()] * len(h.kept),
                                            strict=False):
            if values:
                held.append(f"  {where}dòng {p.row} {name or p.full_name}: {held_text(values)}")
            if changes:
                recorded = next((old for f, old, _ in changes if f == "full_name"), name or p.full_name)
                updates.append(f"  {where}dòng {p.row} {recorded} — cập nhật: "
                               f"{_update_text(changes, 'vi')} / updated: {_update_text(changes, 'en')}")
            if name:
                kept.append(f"  {where}dòng {p.row}: “{p.full_name}” → giữ “{name}” / kept “{name}”")
    if updates:
        print(f"Cập nhật người, hộ đã có (cũ → mới) / changes to recorded people and households (recorded → in the "
              f"file): {len(updates)}")
        _first(updates, limit)
    if kept:
        print(f"Giữ tên, địa chỉ đã ghi: trong tệp giống hệt nhưng thiếu dấu, không thay chữ có dấu / recorded names "
              f"and addresses kept: the file has the same without its marks, which never replaces them: {len(kept)}")
        _first(kept, limit)
    if held:
        print(f"Giữ giá trị đã ghi: tệp ghi ít hơn nhưng không trái / recorded values kept: the file has less of them, "
              f"in agreement: {len(held)}")
        _first(held, limit)


def _first(lines: list[str], limit: int | None) -> None:
    for line in lines if limit is None else lines[:limit]:
        print(line)
    if limit is not None and len(lines) > limit:
        print(f"  … và {len(lines) - limit} dòng nữa / and {len(lines) - limit} more")


def _n(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


plural = _n  # the command's own lines count the same way


HEAD_RULE = ("chủ hộ theo tên không dấu + năm sinh ±1 + cùng thôn",
             "heads by the name without accents + birth year ±1 + same village")
MEMBER_RULE = ("thành viên theo tên đã sửa (cùng tên gọi hoặc lệch ≤ 2 chữ, năm sinh ±1, cùng giới tính)",
               "members by a corrected name (the same given name or ≤ 2 letters apart, birth year ±1, same gender)")
HOUSEHOLD_RULES = {  # how the member's household was found (`import_match.FOUND_BY`)
    "cccd": ("trong hộ tìm theo CCCD", "in a household found by CCCD"),
    "code": ("trong hộ tìm theo mã hộ trong thôn + tên", "in a household found by its code in the village + name"),
    "head": ("trong hộ tìm theo tên và năm sinh của chủ hộ", "in a household found by the head's name and birth year"),
    "members": ("trong hộ tìm theo hai thành viên khác", "in a household found by two other members"),
    "likely": ("trong hộ mà chủ hộ có thể trùng", "in the household its head may be"),
}


def rules(likely: list[Any]) -> list[str]:
    """Every rule that produced a likely match, with how many it produced: "2 chủ hộ theo … / 2 heads by …"."""
    counts: dict[str, int] = {}
    for x in likely:
        key = "member:" + (x.found_by or "code") if x.member else "head"
        counts[key] = counts.get(key, 0) + 1
    out = []
    for key, n in counts.items():
        if key == "head":
            vi, en = HEAD_RULE
        else:
            where = HOUSEHOLD_RULES.get(key.split(":", 1)[1], ("", ""))
            vi, en = f"{MEMBER_RULE[0]} {where[0]}".strip(), f"{MEMBER_RULE[1]} {where[1]}".strip()
        out.append(f"{n} {vi} / {n} {en}")
    return out


def _tag(x: Any) -> str:
    """"[chủ hộ / head]" or "[thành viên / member]" (with its head when the head is a likely match too)."""
    if not x.member:
        return "[chủ hộ / head]"
    with_head = f", chủ hộ / head {x.head_name}" if x.head else ""
    return f"[thành viên / member{with_head}]"


def print_likely(r: Any, decision: str | None) -> None:
    """Every likely match: the row, the name and birth year in the file, the stored person(s) it may be (their
    household) and what differs; then what was done with them: `decision` "accept" (--accept-matches: the recorded
    people, updated), "reject" (--reject-matches: new people, new households) or None: undecided, their households
    left out (a problem: nothing written without --accept-problems)."""
    if not r.likely:
        return
    n = len(r.likely)
    print(f"Có thể trùng / likely matches: {n} — " + "; ".join(rules(r.likely)))
    for x in r.likely:
        where = (f"trang {x.sheet}, " if x.sheet else "") + f"dòng {x.row}"
        print(f"  {where} {_tag(x)}: {x.full_name} {x.birth_year or ''}".rstrip() + f" ({x.village})")
        for c in x.candidates:
            print(f"    ~ {c.full_name} {c.birth_year or ''}".rstrip() + f" (hộ / household {c.household_code}): "
                  + _differences(c))
            if c.held:
                print("      " + held_text(c.held, ("nếu nhận: ", "if accepted: ")))
            if c.kept_name:
                print(f"      nếu nhận: giữ tên đã ghi “{c.full_name}” (tên trong tệp thiếu dấu) / if accepted: the "
                      f"recorded name “{c.full_name}” is kept (the file's lacks its marks)")
            head = f" (chủ hộ / head {c.household_head})" if c.household_head else ""
            if x.member:
                print(f"      nếu nhận: cập nhật thành viên này của hộ {c.household_code}{head} / if accepted: this "
                      f"member of household {c.household_code} is updated")
            else:
                print(f"      nếu nhận: hộ trong tệp nhập vào hộ đã có {c.household_code}{head} / if accepted: the "
                      f"file's household goes into the recorded household {c.household_code}")
    if decision == "accept":
        print(f"Đã nhận {n} người có thể trùng là người đã có, cập nhật họ (--accept-matches) / {n} likely matches "
              "taken as the recorded people and updated")
    elif decision == "reject":
        print(f"{n} người có thể trùng là người khác, nhập như người mới, hộ mới (--reject-matches) / {n} likely "
              "matches taken as different people: added as new people in new households")
    else:
        out = [h for h in r.households if h.likely and h.status == "left_out"]
        rows = sum(len(h.people) for h in out)
        print(f"{n} người có thể trùng chưa được quyết định: {len(out)} hộ ({rows} dòng) không được nhập. Thêm "
              "--accept-matches nếu là cùng người (cập nhật), --reject-matches nếu là người khác (nhập mới) / "
              f"{_n(n, 'likely match', 'likely matches')} undecided: {_n(len(out), 'household')} "
              f"({_n(rows, 'row')}) left out. Add --accept-matches if they are the same people (update them), "
              "--reject-matches if they are different people (add them)")


def print_problems(r: Any, limit: int | None = None) -> None:
    shown = r.problems if limit is None else r.problems[:limit]
    for p in shown:
        where = ", ".join(x for x in (f"Trang {p.sheet}" if p.sheet else "", f"dòng {p.row}" if p.row else "") if x)
        where = where[:1].upper() + where[1:] if where else "Tệp"
        print(f"  {where}, cột “{column_bilingual(p)}”: {p.bilingual()}", file=sys.stderr)
    if len(shown) < len(r.problems):
        print(f"  … và {len(r.problems) - len(shown)} vấn đề nữa (--problems TỆP.xlsx ghi tất cả) / and "
              f"{len(r.problems) - len(shown)} more (--problems FILE.xlsx writes them all)", file=sys.stderr)
