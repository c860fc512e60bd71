"""The PySide6 pin of pyproject.toml applied to the bundle (PySide6 6.12.0 on CPython 3.11 drops references to None
until the interpreter aborts: issue 12). Run by packaging/build.sh with the build venv's Python:

    pyside_pin.py constraints FILE   write the pin as a pip constraints file (so an old venv is moved onto it)
    pyside_pin.py check-venv         the installed PySide6-Essentials (and shiboken6) satisfy the pin here
    pyside_pin.py check-bundle DIR   the one-folder app DIR carries that same PySide6 and a CPython it allows
"""

from __future__ import annotations

import contextlib
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "PySide6-Essentials"
STRAYS = ("PySide6", "PySide6-Addons")  # the meta-package and the add-ons: never wanted, never bundled


def pins(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The dependency lines of pyproject.toml that name PySide6-Essentials (with their python_version markers)."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [d for d in deps if re.match(rf"{re.escape(PACKAGE)}\b", d, re.IGNORECASE)]


def allowed(version: str, python: str, lines: list[str] | None = None) -> bool:
    """Whether the pin lets PySide6-Essentials `version` run on CPython `python` ("3.11")."""
    from packaging.requirements import Requirement  # pip's and PyInstaller's dependency: in every build venv

    applying = [r for r in map(Requirement, lines if lines is not None else pins())
                if r.marker is None or r.marker.evaluate({"python_version": python})]
    return bool(applying) and all(r.specifier.contains(version, prereleases=True) for r in applying)


def _python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def check_venv() -> int:
    version, python = metadata.version(PACKAGE), _python()
    print(f"{PACKAGE} {version}, shiboken6 {metadata.version('shiboken6')}, CPython {sys.version.split()[0]}")
    if not allowed(version, python):
        print(f"{PACKAGE} {version} is outside the pin for CPython {python}: {pins()}", file=sys.stderr)
        return 1
    if metadata.version("shiboken6") != version:
        print(f"shiboken6 {metadata.version('shiboken6')} does not match {PACKAGE} {version}", file=sys.stderr)
        return 1
    strays = []
    for name in STRAYS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            strays.append(f"{name} {metadata.version(name)}")
    if strays:
        print(f"not wanted in the build venv: {', '.join(strays)}", file=sys.stderr)
        return 1
    return 0


def bundled(folder: Path) -> tuple[str, str]:
    """(PySide6 "major.minor", CPython "major.minor") of a built one-folder app, from its libraries' names."""
    pyside = sorted({p.name.rsplit(".so.", 1)[1] for p in folder.rglob("libpyside6.abi3.so.*")})
    python = sorted({m.group(1) for p in folder.rglob("libpython3*.so*")
                     if (m := re.match(r"libpython(3\.\d+)", p.name))})
    if len(pyside) != 1 or len(python) != 1:
        raise SystemExit(f"{folder}: expected one PySide6 and one CPython, found {pyside} and {python}")
    return pyside[0], python[0]


def check_bundle(folder: Path) -> int:
    pyside, python = bundled(folder)
    version = metadata.version(PACKAGE)
    print(f"bundled: PySide6 {pyside} (built from {PACKAGE} {version}), CPython {python}")
    if not version.startswith(pyside + ".") or python != _python():
        print(f"the bundle does not carry the build venv's PySide6 {version} / CPython {_python()}", file=sys.stderr)
        return 1
    if not allowed(version, python):
        print(f"the bundle's PySide6 {version} is outside the pin for CPython {python}: {pins()}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["constraints"] and len(argv) == 2:
        Path(argv[1]).write_text("\n".join(pins()) + "\n", encoding="utf-8")
        return 0
    if argv == ["check-venv"]:
        return check_venv()
    if argv[:1] == ["check-bundle"] and len(argv) == 2:
        return check_bundle(Path(argv[1]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
