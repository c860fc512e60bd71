"""Shared fixtures: every test gets its own data folder and database; Qt runs offscreen."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from binhdan_desktop.services.commune import setup_commune
from binhdan_desktop.store.db import Database, open_database


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BINHDAN_DB", raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "test.sqlite3")
    yield database
    database.close()


@pytest.fixture
def commune(db: Database) -> Database:
    """A database with a commune of three villages, the plan's defaults and the default curriculum."""
    setup_commune(db, "Bình Chương", "Quảng Ngãi", ["Thôn An Điềm", "Thôn Đồng Răm", "Thôn Ưu Điềm"])
    return db


@pytest.fixture(scope="session")
def _demo_2000_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-household demo commune, made once per test run (a few seconds); tests get copies."""
    from binhdan_desktop.services.demo import generate

    path = tmp_path_factory.mktemp("demo2000") / "demo.sqlite3"
    with open_database(path) as database:
        generate(database, households=2000, seed=2025)
    return path


@pytest.fixture
def big_commune(_demo_2000_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A real-sized commune (2,000 households, ~8,000 people, visits, events): a fresh copy for this test."""
    import shutil

    path = tmp_path / "big.sqlite3"
    shutil.copyfile(_demo_2000_file, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[None]:
    """Headless Linux has no keyring: tests use one in memory (the app uses the OS keyring)."""
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        store: ClassVar[dict[tuple[str, str], str]] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    yield
    keyring.set_keyring(previous)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Close Qt down in order once every test has run: top-level widgets closed and deleted while the
    QApplication still exists, their deferred deletes delivered."""
    session.config.stash[_EXIT_STATUS] = int(exitstatus)
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


_EXIT_STATUS = pytest.StashKey[int]()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without the interpreter's own teardown. With the whole suite in one process (hundreds of windows,
    worker and network threads, a WebDAV server), CPython's finalisation destroyed PySide6 wrappers after
    their C++ objects in an arbitrary order and, about one run in three, aborted *after* every test had passed
    ("free(): invalid next size", exit 134/139 on CI). Everything a test checks has been reported by now;
    the status is pytest's own."""
    status = config.stash.get(_EXIT_STATUS, None)
    if status is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
