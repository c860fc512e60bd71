"""Device-local preferences (language, larger text, who uses this laptop), declared once with defaults."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from binhdan_desktop.paths import data_dir


@dataclass(frozen=True)
class Pref:
    key: str
    default: object


LANGUAGE = Pref("ui/language", "vi")
LARGE_TEXT = Pref("ui/large_text", False)
USER_NAME = Pref("user/name", "")
USER_ROLE = Pref("user/role", "thanh_vien")
DEVICE_NAME = Pref("device/name", "")
GEOMETRY = Pref("ui/geometry", b"")
SYNC_USER = Pref("sync/webdav_user", "")
REPORTS_FOLDER = Pref("reports/last_folder", "")  # where the last report was saved


class Prefs:
    """An INI file in the data folder (so tests and portable installs stay self-contained), or another one."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or data_dir() / "settings.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    @classmethod
    def throwaway(cls, values: Mapping[Pref, object] | None = None) -> Prefs:
        """Preferences in a temporary file, for a run that must not change the user's own (screenshots)."""
        prefs = cls(Path(tempfile.mkdtemp(prefix="binhdan-prefs-")) / "settings.ini")
        for pref, value in (values or {}).items():
            prefs.set(pref, value)
        return prefs

    def get(self, pref: Pref) -> object:
        value = self._qs.value(pref.key, pref.default)
        if isinstance(pref.default, bool):
            return value in (True, "true", "1", 1)
        return value

    def set(self, pref: Pref, value: object) -> None:
        self._qs.setValue(pref.key, value)
        self._qs.sync()

    @property
    def language(self) -> str:
        return str(self.get(LANGUAGE)) if self.get(LANGUAGE) in ("vi", "en") else "vi"
