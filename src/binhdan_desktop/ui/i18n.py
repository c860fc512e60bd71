"""Qt translations (Vietnamese source strings, English .qm), the UI font and Vietnamese formatting."""

from __future__ import annotations

from enum import StrEnum
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from binhdan_desktop.domain.labels import label

UI_FONT = "Arimo"
_state = {"lang": "vi"}
_translators: list[QTranslator] = []


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


def apply_font(app: QApplication, large: bool) -> None:
    font = QFont(UI_FONT)
    font.setPointSizeF(13.0 if large else 10.0)
    app.setFont(font)


def install_language(app: QCoreApplication, language: str) -> None:
    """Vietnamese is the source language; English loads resources/translations/binhdan_en.qm."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    _state["lang"] = language if language in ("vi", "en") else "vi"
    QLocale.setDefault(QLocale(QLocale.Language.English if _state["lang"] == "en" else QLocale.Language.Vietnamese))
    if _state["lang"] == "en":
        translator = QTranslator(app)
        qm = resources.files("binhdan_desktop.resources") / "translations" / "binhdan_en.qm"
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _translators.append(translator)
