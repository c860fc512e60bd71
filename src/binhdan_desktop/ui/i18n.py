"""Qt translations, the UI font and its sizes, and Vietnamese formatting.

Vietnamese is the source language of the app's strings; English loads binhdan_en.qm. Qt ships no Vietnamese for its
own widgets (message-box buttons, text fields' right-click menu, file dialogs, spin boxes…), so Vietnamese loads
qtbase_vi.qm, built from resources/translations/qtbase_vi.ts; English keeps Qt's own English.

File dialogs are Qt's own (widget-based, translated by qtbase_vi) everywhere except Windows and macOS. On Linux the
"native" dialog is GTK's or the desktop portal's: in the desktop's language rather than the app's, different from
one machine to the next, and missing from a bare or frozen install. On Windows and macOS the system's dialog is
the one people know (OneDrive, network drives, recent places) and it speaks the system's language.

Text size: one base point size, decided here (`apply_font`); anything that needs a bigger or smaller text asks for
a size relative to it (`scaled_pt`, `font_css`), so "Chữ to" enlarges every text."""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from binhdan_desktop.domain.labels import label

UI_FONT = "Arimo"
BASE_PT = 10.0
LARGE_PT = 13.0
# The .qm files each language loads, besides Qt's defaults (English).
QM_FILES = {"vi": ("qtbase_vi.qm",), "en": ("binhdan_en.qm",)}
NATIVE_DIALOG_PLATFORMS = ("win32", "darwin")
_state: dict[str, str] = {"lang": "vi"}
_size = {"pt": BASE_PT}
_translators: list[QTranslator] = []
log = logging.getLogger(__name__)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def lang() -> str:
    return _state["lang"]


def enum_label(value: StrEnum | None) -> str:
    return label(value, _state["lang"])


def load_fonts() -> None:
    """Register the shipped fonts, so Vietnamese never shows as boxes whatever the machine has."""
    folder = resources.files("binhdan_desktop.resources") / "fonts"
    for name in ("Arimo-Regular.ttf", "Arimo-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(folder / name))


def base_pt() -> float:
    """The point size of ordinary text now: BASE_PT, or LARGE_PT with "Chữ to"."""
    return _size["pt"]


def scaled_pt(factor: float) -> float:
    """A point size relative to the base (1.1 = a tenth larger), for headings and stylesheets."""
    return round(_size["pt"] * factor, 1)


def font_css(factor: float = 1.0) -> str:
    """A stylesheet font size relative to the base: never write a fixed `font-size: 11pt`."""
    return f"font-size: {scaled_pt(factor)}pt;"


def apply_font(app: QApplication, large: bool) -> None:
    """The one place that decides the text size. Build (or rebuild) windows after it: sizes taken from
    `scaled_pt` are read when a widget is made."""
    _size["pt"] = LARGE_PT if large else BASE_PT
    font = QFont(UI_FONT)
    font.setPointSizeF(_size["pt"])
    app.setFont(font)  # also drops the platform's per-class fonts (headers, menus…), so every class follows it


def use_own_file_dialogs() -> bool:
    """Qt's own file dialog except on Windows and macOS (see the module's docstring); True when it is Qt's."""
    own = sys.platform not in NATIVE_DIALOG_PLATFORMS
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, own)
    return own


def install_language(app: QCoreApplication, language: str) -> None:
    """Vietnamese is the source language (plus qtbase_vi.qm for Qt's widgets); English loads binhdan_en.qm."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    _state["lang"] = language if language in QM_FILES else "vi"
    QLocale.setDefault(QLocale(QLocale.Language.English if _state["lang"] == "en" else QLocale.Language.Vietnamese))
    folder = resources.files("binhdan_desktop.resources") / "translations"
    for name in QM_FILES[_state["lang"]]:
        translator = QTranslator(app)
        if translator.load(str(folder / name)):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            log.warning("translation %s not found: run scripts/update_translations.py", name)
    use_own_file_dialogs()
