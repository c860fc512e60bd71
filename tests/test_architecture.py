"""The core runs without Qt: importing every core module loads no PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import binhdan_desktop

CORE = ("domain", "store", "services", "sync", "reports", "importers", "cli")


def test_core_packages_import_without_qt() -> None:
    names = [m.name for m in pkgutil.walk_packages(binhdan_desktop.__path__, "binhdan_desktop.")
             if (m.name.split(".")[1] in CORE or m.name in ("binhdan_desktop.paths", "binhdan_desktop.errors"))
             and ".migrations" not in m.name]  # migration scripts only run inside Alembic
    assert len(names) > 20
    code = ("import importlib, sys\n"
            f"for name in {names!r}:\n    importlib.import_module(name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
            "print(bad)\nsys.exit(1 if bad else 0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_linter_contract_holds() -> None:
    done = subprocess.run([sys.executable, "-m", "importlinter.cli", "--no-cache"], capture_output=True, text=True,
                          timeout=300)
    if "No module named" in done.stderr:
        done = subprocess.run(["lint-imports", "--no-cache"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
