"""What an install ships: pyproject.toml names its packages one by one (resources/ is mapped into the package),
so a new sub-package or resource folder must be listed there too. An editable install (the tests' own) would
not notice a missing one; a wheel, an installer or a user's `pip install .` would start without it."""

from __future__ import annotations

import ast
import fnmatch
import os
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_dir(package: str, mapping: dict[str, str]) -> Path:
    for prefix, folder in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
        if prefix and (package == prefix or package.startswith(prefix + ".")):
            rest = package[len(prefix):].lstrip(".")
            return ROOT / folder / rest.replace(".", "/")
    return ROOT / mapping[""] / package.replace(".", "/")


def test_every_package_under_src_is_listed() -> None:
    tool = _setuptools()
    listed = set(tool["packages"])
    found = {".".join(p.parent.relative_to(ROOT / "src").parts) for p in (ROOT / "src").rglob("__init__.py")}
    assert found - listed == set(), "packages missing from pyproject.toml"
    # the rest: resources/ and its data folders (listed so that setuptools does not warn about them)
    assert {p for p in listed - found if not p.startswith("binhdan_desktop.resources")} == set()
    assert all(_package_dir(p, tool["package-dir"]).is_dir() for p in listed)


def _data_files(folder: Path) -> list[Path]:
    """The files of one package that are not its modules, without those of its sub-packages."""
    out = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not (Path(here, d) / "__init__.py").exists()]
        out += [Path(here, f) for f in files if not (f.endswith(".py") and Path(here) == folder)]
    return out


def test_every_data_file_matches_a_package_data_pattern() -> None:
    tool = _setuptools()
    rules = [(_package_dir(package, tool["package-dir"]), pattern)
             for package, patterns in tool["package-data"].items() for pattern in patterns]
    for package in tool["packages"]:
        for path in _data_files(_package_dir(package, tool["package-dir"])):
            assert any(path.is_relative_to(base) and fnmatch.fnmatch(path.relative_to(base).as_posix(), pattern)
                       for base, pattern in rules), f"{package}: {path.name} would not be installed"


def _spec_collected() -> dict[str, dict[str, object]]:
    """The packages whose data files the PyInstaller spec collects (`collect_data_files("…", …)` in its `datas`),
    with the keyword arguments of each call."""
    tree = ast.parse((ROOT / "packaging" / "binhdan.spec").read_text(encoding="utf-8"))
    datas = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == "datas" for t in node.targets))
    return {call.args[0].value: {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
            for call in ast.walk(datas) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "collect_data_files" and isinstance(call.args[0], ast.Constant)}


def test_the_bundle_spec_collects_the_word_template_and_the_fonts_with_their_licences() -> None:
    """Checked without a build: the spec collects every file of python-docx (its default.docx, which
    `Document()` opens, and its modules as files; the analysis follows imports, not data) and of our resources
    (the marks font and its licence among them). build.sh checks the same files in a real bundle and writes a
    Word report with it."""
    import docx

    collected = _spec_collected()
    assert "docx" in collected and collected.get("binhdan_desktop.resources") == {}, collected
    templates = Path(docx.__file__).parent / "templates"
    assert (templates / "default.docx").is_file()  # collect_data_files("docx") takes every non-Python file along
    # A section's header opens parts/../templates/default-header.xml: the bundle needs docx/parts as a folder,
    # which only its modules collected as files give it (a bundle without them failed on every Word report).
    opened = (Path(docx.__file__).parent / "parts" / "hdrftr.py").read_text(encoding="utf-8")
    assert '"..", "templates"' in opened and (templates / "default-header.xml").is_file()
    assert collected["docx"] == {"include_py_files": True}, collected["docx"]
    fonts = ROOT / "resources" / "fonts"
    for name in ("DejaVuSansMarks.ttf", "LICENSE-DejaVu.txt", "Tinos-Regular.ttf", "LICENSE-OFL-croscore.txt"):
        assert (fonts / name).is_file(), name
    # a real install holds them (package-data), so the bundle, built from one, does too
    assert any(fnmatch.fnmatch("fonts/LICENSE-DejaVu.txt", pattern)
               for pattern in _setuptools()["package-data"]["binhdan_desktop.resources"])
    build = (ROOT / "packaging" / "build.sh").read_text(encoding="utf-8")
    assert "--format docx" in build and "docx/templates/default.docx" in build and "LICENSE-DejaVu.txt" in build


def test_the_one_folder_app_builds_and_runs() -> None:
    """packaging/build.sh builds dist/binhdan/ from a real install and drives the bundle (its own checks:
    CLI, demo, indicators, PDF text, Excel, team key, folder sync, every screen offscreen)."""
    import subprocess

    done = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], capture_output=True, text=True,
                          timeout=540, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "PDF text: Vietnamese OK" in done.stdout
    assert "Word report: OK" in done.stdout and "bundled data: docx template, fonts and licences OK" in done.stdout
    drawn = re.search(r"screens drawn: (\d+)", done.stdout)
    assert drawn and int(drawn.group(1)) >= 13, done.stdout[-2000:]  # 8 screens and 5 dialogs
