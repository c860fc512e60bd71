"""Column types: text that is NFC-normalised on the way into the database."""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class NFCString(TypeDecorator[str]):
    """A VARCHAR whose bound values are NFC-normalised, for every write path (ORM and Core)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else unicodedata.normalize("NFC", str(value))


class NFCText(NFCString):
    """A TEXT whose bound values are NFC-normalised."""

    impl = Text
    cache_ok = True
