"""The architecture holds: the core imports without Qt, and the import-linter contracts (layers, and every arrow
that must never exist) are declared and kept."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import binhdan_desktop

ROOT = Path(__file__).resolve().parent.parent

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


def test_the_import_contracts_are_declared() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert [c["type"] for c in contracts].count("layers") == 1
    forbidden = {(src, dst) for c in contracts if c["type"] == "forbidden"
                 for src in c["source_modules"] for dst in c["forbidden_modules"]}
    p = "binhdan_desktop."
    must_never = [("domain", "store"), ("domain", "services"), ("domain", "ui"), ("store", "services"),
                  ("store", "ui"), ("services", "ui"), ("sync", "ui"), ("reports", "ui"), ("importers", "ui"),
                  ("cli", "ui"), ("reports", "store"), ("ui", "store"), ("sync", "services")]
    assert not [(a, b) for a, b in must_never if (p + a, p + b) not in forbidden]


def test_import_linter_contracts_hold() -> None:
    # lint-imports' own entry point (`python -m importlinter.cli` would only import the module and exit 0).
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    done = subprocess.run([sys.executable, "-c", code, "--no-cache"], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert "Contracts:" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, done.stdout[done.stdout.find("Broken contracts"):] + done.stderr
