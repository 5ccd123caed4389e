"""Beyond the chapter: namespace packages, runnable packages, projects and wheels.

Notebook 05 builds everything here into its workspace, and ``sample_packages/``
holds the same files, so the sources are written once, in this module:

- ``NAMESPACE_PORTIONS`` -- the chapter's ``a.py`` and ``b.py`` split over two
  folders, with no ``__init__.py`` anywhere (a *namespace package*);
- ``SIMPLE_APP`` -- a package you can run with ``python -m simple_app``;
- ``PROJECT`` -- that package in a ``src/`` layout with a ``pyproject.toml``.

The helpers turn what Python does with them into short, stable text:

>>> from coursekit import workspace
>>> ws = workspace.reset("doctest_distribution")
>>> [workspace.rel(p) for p in write_portions(ws)]
['workspace/doctest_distribution/portion_one', 'workspace/doctest_distribution/portion_two']
>>> print(import_layout(ws / "layout", "folder without __init__.py", "folder without __init__.py"))
... # doctest: +NORMALIZE_WHITESPACE
import toolbox  →  namespace package, 2 portions
  __file__: None
  __path__: entry_1/toolbox, entry_2/toolbox
  toolbox.hammer  ✓ from entry_1/toolbox/hammer.py
  toolbox.saw     ✓ from entry_2/toolbox/saw.py
  why: no entry holds a regular package or a module called toolbox, so Python merges every toolbox folder
  it found into one namespace package.
"""

from __future__ import annotations

import email.parser
import json
import os
import re
import shutil
import tempfile
import tomllib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coursekit import CourseError, packages, programs, workspace
from coursekit.ui import never_raises

__all__ = [
    "A_SOURCE",
    "B_SOURCE",
    "NAMESPACE_PORTIONS",
    "SIMPLE_APP",
    "PYPROJECT",
    "PROJECT",
    "write_files",
    "write_portions",
    "show_files",
    "LAYOUT_CHOICES",
    "import_layout",
    "layout_report",
    "LayoutResult",
    "build_wheel",
    "parse_wheel_name",
    "wheel_files",
    "wheel_text",
    "wheel_metadata",
    "wheel_member_report",
]

# --------------------------------------------------------------------------- sources

#: The chapter's two modules, exactly as it defines them (defined once, in ``packages``).
A_SOURCE = packages.SIMPLE_PACKAGE["a.py"]
B_SOURCE = packages.SIMPLE_PACKAGE["b.py"]

#: One namespace package, ``simple_namespace``, in two folders ("portions").
#: Neither folder holds an ``__init__.py``.
NAMESPACE_PORTIONS: Mapping[str, Mapping[str, str]] = {
    "portion_one": {"simple_namespace/a.py": A_SOURCE},
    "portion_two": {"simple_namespace/b.py": B_SOURCE},
}

_APP_INIT = '''"""simple_app: the chapter's simple_package, ready to run and to install."""

from simple_app import a, b  # load the submodules, so `import simple_app` is enough

__version__ = "1.0.0"
'''

_APP_MAIN = '''"""Run with `python -m simple_app [bar] [foo]`: call the chapter's functions."""

import sys

from simple_app import a, b

COMMANDS = {"bar": a.bar, "foo": b.foo}


def main(argv=None):
    names = sys.argv[1:] if argv is None else argv
    for name in names or ["bar", "foo"]:
        if name not in COMMANDS:
            print(f"simple_app: unknown command {name!r}; choose from: bar, foo", file=sys.stderr)
            return 2
        COMMANDS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''

#: A runnable package: ``python -m simple_app`` executes its ``__main__.py``.
SIMPLE_APP: Mapping[str, str] = {
    "__init__.py": _APP_INIT,
    "__main__.py": _APP_MAIN,
    "a.py": A_SOURCE,
    "b.py": B_SOURCE,
}

#: The project's description for build tools (PEP 517 build backend + PEP 621 metadata).
PYPROJECT = """[build-system]
requires = ["flit_core >=3.12,<5"]
build-backend = "flit_core.buildapi"

[project]
name = "simple-app"
version = "1.0.0"
description = "The chapter's simple_package, made runnable and installable."
requires-python = ">=3.9"
license = "MIT"
authors = [{name = "Python Packages course"}]

[project.scripts]
simple-app = "simple_app.__main__:main"
"""

#: The whole installable project in a ``src/`` layout: {relative path: text}.
PROJECT: Mapping[str, str] = {
    "pyproject.toml": PYPROJECT,
    **{f"src/simple_app/{name}": text for name, text in SIMPLE_APP.items()},
}


def write_files(base: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` ({relative path: text}) below ``base``; return the paths, sorted.

    Every path is checked first (see ``workspace.safe_path``): nothing is written
    unless all of them stay inside the workspace.
    """
    if not isinstance(files, Mapping):
        raise CourseError(f"files must be a dict like {{'pkg/a.py': 'text'}}, not {type(files).__name__}.")
    targets = [(workspace.safe_path(base, name), text) for name, text in files.items()]
    for _, text in targets:
        if not isinstance(text, str):
            raise CourseError(f"File contents must be text (a str), not {type(text).__name__}.")
    for target, text in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sorted(target for target, _ in targets)


def write_portions(base: Path) -> list[Path]:
    """Write the two portions of ``simple_namespace`` below ``base``; return the two folders
    (each is a folder you put on ``sys.path``)."""
    folders = []
    for folder, files in NAMESPACE_PORTIONS.items():
        write_files(workspace.safe_path(base, folder), files)
        folders.append(workspace.safe_path(base, folder))
    return folders


def show_files(folder: str | os.PathLike, *, skip: tuple[str, ...] = ("__pycache__",)) -> str:
    """Every text file below ``folder`` with a header line, like ``cat`` over a tree.

    >>> from coursekit import workspace
    >>> ws = workspace.reset("doctest_distribution")
    >>> _ = write_files(ws, {"pkg/__init__.py": "", "pkg/b.py": B_SOURCE})
    >>> print(show_files(ws / "pkg"))
    ── pkg/__init__.py  (empty)
    ── pkg/b.py
    def foo():
        print("Hello, function 'foo' from module 'b' calling")
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CourseError(f"{workspace.rel(folder)!r} is not a folder.")
    blocks = []
    for path in sorted(
        p for p in folder.rglob("*") if p.is_file() and not any(part in skip for part in p.relative_to(folder).parts)
    ):
        name = PurePosixPath(folder.name, *path.relative_to(folder).parts)
        text = path.read_text(encoding="utf-8")
        blocks.append(f"── {name}" + ("  (empty)" if not text else "\n" + text.rstrip("\n")))
    return "\n".join(blocks)


# --------------------------------------------------------------------------- layouts

#: What each of the two ``sys.path`` entries may hold under the name ``toolbox``.
LAYOUT_CHOICES = (
    "nothing",
    "folder without __init__.py",
    "folder with __init__.py",
    "module toolbox.py",
)
_SUBMODULES = {"entry_1": "hammer", "entry_2": "saw"}


@dataclass(frozen=True)
class LayoutResult:
    """What ``import toolbox`` found for one layout of two ``sys.path`` entries."""

    kind: str
    file: str | None
    path: tuple[str, ...] | None
    submodules: Mapping[str, str | None]
    error: str | None = None
    why: str = ""

    def __str__(self) -> str:
        if self.error:
            return f"import toolbox  →  ✗ {self.error}" + (f"\n  why: {self.why}" if self.why else "")
        lines = [f"import toolbox  →  {self.kind}", f"  __file__: {self.file}"]
        if self.path is not None:
            lines.append("  __path__: " + (", ".join(self.path) or "(empty)"))
        for sub, origin in self.submodules.items():
            lines.append(f"  toolbox.{sub:<7} " + (f"✓ from {origin}" if origin else "✗ not found"))
        if self.why:
            lines.append(f"  why: {self.why}")
        return "\n".join(lines)


def _why(entry_1: str, entry_2: str) -> str:
    """The rule behind the result, in words (the result itself comes from a real import)."""
    choices = {"entry_1": entry_1, "entry_2": entry_2}
    for label, choice in choices.items():
        if choice in ("folder with __init__.py", "module toolbox.py"):
            what = "a regular package" if choice.startswith("folder") else "a module"
            skipped = [other for other, c in choices.items() if other < label and c == "folder without __init__.py"]
            text = f"{label} holds {what}; the first regular package or module on sys.path wins"
            if skipped:
                text += (
                    f", even over the namespace folder in {skipped[0]} that comes earlier "
                    "(folders without __init__.py are only used if nothing else is found)"
                )
            later = [other for other, c in choices.items() if other > label and c != "nothing"]
            if later and not skipped:
                text += f", and the search stops there: {later[0]} is never looked at"
            return text + "."
    portions = [label for label, c in choices.items() if c == "folder without __init__.py"]
    if not portions:
        return "no sys.path entry holds anything called toolbox."
    if len(portions) == 1:
        return (
            f"only {portions[0]} has a toolbox folder, and it has no __init__.py: a namespace package with one portion."
        )
    return (
        "no entry holds a regular package or a module called toolbox, so Python merges every "
        "toolbox folder it found into one namespace package."
    )


def import_layout(base: Path, entry_1: str, entry_2: str) -> LayoutResult:
    """Build two ``sys.path`` entries under ``base`` holding ``toolbox`` as chosen, then
    run ``import toolbox`` in a fresh interpreter and say what it found.

    ``entry_1`` and ``entry_2`` are items of ``LAYOUT_CHOICES``. A toolbox *folder* in
    ``entry_1`` holds ``hammer.py``, one in ``entry_2`` holds ``saw.py``; a *module*
    ``toolbox.py`` holds neither. ``base`` is emptied first.
    """
    for label, choice in (("entry_1", entry_1), ("entry_2", entry_2)):
        if choice not in LAYOUT_CHOICES:
            raise CourseError(f"{label} must be one of {', '.join(map(repr, LAYOUT_CHOICES))}; got {choice!r}.")
    base = workspace.safe_path(base, ".")
    if base == workspace.ROOT:
        raise CourseError("Give a subfolder of your notebook's workspace, e.g. ws / 'layout'.")
    base = workspace.fresh_folder(base.parent, base.name)
    for label in _SUBMODULES:
        (base / label).mkdir()
    write_files(base, _layout_files(entry_1, entry_2))
    run = packages.run_python(
        [programs.path("layout_probe"), "toolbox", *_SUBMODULES.values()],
        path=[base / label for label in _SUBMODULES],
        cwd=base,
    )
    if not run.ok:
        raise CourseError(f"The probe failed: {run.stderr.strip().splitlines()[-1:]}")
    return _layout_result(json.loads(run.stdout.strip().splitlines()[-1]), base, _why(entry_1, entry_2))


def _layout_files(entry_1: str, entry_2: str) -> dict[str, str]:
    """The files of one layout: {path below base: text}."""
    files = {}
    for label, choice in (("entry_1", entry_1), ("entry_2", entry_2)):
        sub = _SUBMODULES[label]
        if choice == "module toolbox.py":
            files[f"{label}/toolbox.py"] = f"# toolbox as a single module in {label}\n"
        elif choice != "nothing":
            files[f"{label}/toolbox/{sub}.py"] = f"NAME = {sub!r}\n"
            if choice == "folder with __init__.py":
                files[f"{label}/toolbox/__init__.py"] = ""
    return files


def _layout_result(data: dict, base: Path, why: str) -> LayoutResult:
    """Turn the probe's answer into a :class:`LayoutResult` with paths relative to ``base``."""
    if "error" in data:
        return LayoutResult("nothing importable", None, None, {}, data["error"], why)
    shown_base = packages.tidy(str(base)) + os.sep  # run_python tidies the paths it prints

    def short(path: str | None) -> str | None:
        if path is None:
            return None
        return path[len(shown_base) :].replace(os.sep, "/") if path.startswith(shown_base) else path

    path = None if data["path"] is None else tuple(short(p) for p in data["path"])
    if path is None:
        kind = "module (a single file)"
    elif data["file"] is None:
        kind = f"namespace package, {len(path)} portion" + ("s" if len(path) != 1 else "")
    else:
        kind = "regular package"
    return LayoutResult(
        kind, short(data["file"]), path, {sub: short(origin) for sub, origin in data["subs"].items()}, None, why
    )


@never_raises
def layout_report(base: Path, entry_1: object, entry_2: object) -> str:
    """:func:`import_layout` as text for a widget: bad input gives a message, not a traceback.

    >>> print(layout_report(workspace.folder("doctest_distribution") / "layout", "a tent", "nothing"))
    ... # doctest: +NORMALIZE_WHITESPACE
    ⚠️ entry_1 must be one of 'nothing', 'folder without __init__.py', 'folder with __init__.py',
    'module toolbox.py'; got 'a tent'.
    """
    return str(import_layout(base, entry_1, entry_2))


# --------------------------------------------------------------------------- wheels


def build_wheel(project: str | os.PathLike, out_dir: str | os.PathLike, *, timeout: float = 120) -> Path:
    """Build a wheel from ``project`` (a folder with ``pyproject.toml``) into ``out_dir``.

    Runs ``python -m pip wheel --no-deps --no-build-isolation --no-index`` in a fresh
    process: no network, nothing installed, and the build backend must already be
    installed (here: ``flit_core``, pinned in requirements.txt). Both folders must be
    inside the course workspace. Returns the path of the new ``.whl`` file; a broken
    project raises :class:`coursekit.CourseError` with the backend's own complaint.
    """
    project = workspace.safe_path(project, ".")
    out_dir = workspace.safe_path(out_dir, ".")
    toml = project / "pyproject.toml"
    if not toml.is_file():
        raise CourseError(f"{workspace.rel(project)!r} has no pyproject.toml, so no tool knows how to build it.")
    try:
        tomllib.loads(toml.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(f"pyproject.toml is not valid TOML: {exc}.") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".building-") as scratch:
        run = packages.run_python(
            [
                "-m",
                "pip",
                "--isolated",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--disable-pip-version-check",
                "--wheel-dir",
                scratch,
                str(project),
            ],
            cwd=out_dir,
            timeout=timeout,
        )
        built = sorted(Path(scratch).glob("*.whl"))
        if not run.ok or len(built) != 1:
            raise CourseError(f"Building the wheel failed: {_build_complaint(run.stdout + run.stderr)}")
        target = out_dir / built[0].name
        shutil.move(str(built[0]), target)
    return target


def _build_complaint(output: str) -> str:
    """The most useful line of pip's and the backend's output (it is long and noisy)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        match = re.search(
            r"(?:ConfigError|ValueError|FileNotFoundError|NoDocstringError|"
            r"ProblemInModule|VCSError|KeyError|TypeError):\s*(.+)",
            line,
        )
        if match:
            return match.group(1)
    errors = [line for line in lines if line.startswith("ERROR:") or "error" in line.lower()]
    return (errors or lines or ["no output"])[-1]


def parse_wheel_name(filename: str | os.PathLike) -> dict[str, str]:
    """Split a wheel file name into its five parts (PEP 427).

    >>> parse_wheel_name("simple_app-1.0.0-py3-none-any.whl")
    {'distribution': 'simple_app', 'version': '1.0.0', 'python tag': 'py3', 'abi tag': 'none', 'platform tag': 'any'}
    >>> parse_wheel_name("torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl")["platform tag"]
    'manylinux_2_28_x86_64'
    """
    name = Path(str(filename)).name if isinstance(filename, (str, os.PathLike)) else None
    if not name or not name.endswith(".whl"):
        raise CourseError(f"{filename!r} is not a wheel file name (it must end in .whl).")
    parts = name[:-4].split("-")
    if len(parts) == 6:  # an optional build number sits after the version
        parts = parts[:2] + parts[3:]
    if len(parts) != 5:
        raise CourseError(f"{name!r} should have 5 parts separated by '-': name-version-python-abi-platform.whl")
    return dict(zip(("distribution", "version", "python tag", "abi tag", "platform tag"), parts, strict=True))


def _open_wheel(wheel: str | os.PathLike) -> zipfile.ZipFile:
    path = Path(wheel) if isinstance(wheel, (str, os.PathLike)) else None
    if path is None or not path.is_file():
        raise CourseError(f"{wheel!r} is not a file: build the wheel first.")
    if not zipfile.is_zipfile(path):
        raise CourseError(f"{path.name!r} is not a zip archive, so it cannot be a wheel.")
    return zipfile.ZipFile(path)


def wheel_files(wheel: str | os.PathLike) -> str:
    """A sorted listing of the files inside ``wheel`` with their sizes in bytes."""
    with _open_wheel(wheel) as archive:
        infos = sorted(archive.infolist(), key=lambda i: i.filename)
    width = max((len(i.filename) for i in infos), default=0)
    rows = [f"{i.filename:<{width}}  {i.file_size:>5} bytes" for i in infos]
    return "\n".join(rows + [f"{len(infos)} files"])


def wheel_text(wheel: str | os.PathLike, member: str) -> str:
    """The text of one file inside ``wheel`` (a name from :func:`wheel_files`)."""
    with _open_wheel(wheel) as archive:
        names = archive.namelist()
        if member not in names:
            raise CourseError(f"{member!r} is not in the wheel; it holds: {', '.join(sorted(names))}.")
        return archive.read(member).decode("utf-8")


def wheel_metadata(wheel: str | os.PathLike) -> dict[str, str]:
    """The fields of the wheel's ``*.dist-info/METADATA`` (an email-style header block)."""
    with _open_wheel(wheel) as archive:
        found = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1]
        if not found:
            raise CourseError("This wheel has no *.dist-info/METADATA, so it is not a valid wheel.")
        text = archive.read(found[0]).decode("utf-8")
    message = email.parser.Parser().parsestr(text)
    return {key: value for key, value in message.items()}


@never_raises
def wheel_member_report(wheel: str | os.PathLike, member: object) -> str:
    """One member of ``wheel`` as text with a header line (the wheel browser widget shows it).

    Bad input gives a one-line message starting with :data:`coursekit.ui.WARNING` instead of an exception.
    """
    if not isinstance(member, str):
        raise CourseError(f"Pick a file name from the wheel, not {member!r}.")
    text = wheel_text(wheel, member)
    header = f"── {member}  ({len(text.encode('utf-8'))} bytes)"
    return header + "\n" + (text.rstrip("\n") if text else "(empty)")
