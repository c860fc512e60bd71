"""Vietnamese text: NFC, folding for search, and the name sort order."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from binhdan_desktop.domain.text import fold, name_sort_key, nfc


def test_nfc_composes_decomposed_input_and_trims() -> None:
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị Ánh ")
    assert nfc(decomposed) == "Nguyễn Thị Ánh"
    assert nfc(None) is None


def test_fold_strips_diacritics_case_and_d_stroke() -> None:
    assert fold("Nguyễn Văn An") == "nguyen van an"
    assert fold("ĐẶNG THỊ ÁNH") == "dang thi anh"
    assert fold(unicodedata.normalize("NFD", "Đỗ Ước")) == "do uoc"
    assert fold("") == ""


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệ ", max_size=30))
def test_fold_is_ascii_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded


def test_names_sort_by_given_name_then_family_in_vietnamese_letter_order() -> None:
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Phạm Văn Ăn", "Hồ Thị Ân",
             "Đặng Văn Dũng", "Bùi Văn Đức", "Võ Văn Em", "Lê Thị Ê", "Nguyễn Văn An"]
    ordered = sorted(names, key=name_sort_key)
    # a < ă < â; d < đ; e < ê; same given name: by family name (Lê before Nguyễn); tones only break ties.
    assert ordered == ["Lê Văn An", "Nguyễn Văn An", "Nguyễn Thị Ánh", "Phạm Văn Ăn", "Hồ Thị Ân",
                       "Trần Văn Bình", "Đặng Văn Dũng", "Bùi Văn Đức", "Võ Văn Em", "Lê Thị Ê"]


def test_tones_order_after_letters() -> None:
    # Same letters, different tones: ngang < huyền < hỏi < ngã < sắc < nặng.
    tones = ["Lê Ba", "Lê Bà", "Lê Bả", "Lê Bã", "Lê Bá", "Lê Bạ"]
    backwards = tones[::-1]
    assert sorted(backwards, key=name_sort_key) == tones
    # A tone never beats a letter: "Bá" sorts before "Bac".
    assert name_sort_key("Lê Bá") < name_sort_key("Lê Bac")


def test_shorter_given_name_first() -> None:
    assert name_sort_key("Trần An") < name_sort_key("Lê Anh")
    assert name_sort_key("Lê An") < name_sort_key("Lê Văn An")


def test_sort_key_ignores_normalisation_form() -> None:
    name = "Nguyễn Thị Ước"
    assert name_sort_key(unicodedata.normalize("NFD", name)) == name_sort_key(name)


def _fold_by_decomposing(value: str | None) -> str:
    """`fold` as first written: the whole text decomposed, every combining mark dropped (the reference the
    translate table must equal)."""
    import re

    if not value:
        return ""
    text = unicodedata.normalize("NFD", value.lower().replace("đ", "d").replace("Đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip()


def test_fold_by_table_equals_fold_by_decomposing_for_every_character() -> None:
    import sys

    chars = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert [ch for ch in chars if fold(ch) != _fold_by_decomposing(ch)] == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
       | st.text(alphabet="aăâeêioôơuưyAĂÂĐđ \t\u00a0\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b", max_size=30))
def test_fold_by_table_equals_fold_by_decomposing(text: str) -> None:
    assert fold(text) == _fold_by_decomposing(text)
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))
