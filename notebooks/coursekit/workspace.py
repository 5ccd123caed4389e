"""The scratch workspace: the only place notebooks write files.

Every notebook owns one folder, ``notebooks/workspace/<name>/``, which git ignores.
``reset(name)`` empties that folder (and forgets modules imported from it), so a
notebook gives the same outputs however often it is run. Paths are checked before
anything is written: nothing outside the workspace is created or removed.

>>> ws = reset("doctest_demo")
>>> rel(write_text(ws, "pkg/__init__.py", ""))
'workspace/doctest_demo/pkg/__init__.py'
>>> print(tree(ws))
doctest_demo/
└── pkg/
    └── __init__.py
"""

from __future__ import annotations

import importlib
import keyword
import os
import re
import shutil
import sys
from pathlib import Path

from coursekit import CourseError

__all__ = [
    "NOTEBOOKS",
    "ROOT",
    "reset",
    "folder",
    "safe_path",
    "write_text",
    "check_identifier",
    "tree",
    "rel",
    "forget_modules",
]

#: The ``notebooks/`` folder of the course (the folder that holds ``coursekit``).
NOTEBOOKS = Path(__file__).resolve().parent.parent
#: The scratch workspace. ``COURSE_WORKSPACE`` may point it elsewhere (tests do).
ROOT = Path(os.environ.get("COURSE_WORKSPACE", NOTEBOOKS / "workspace")).resolve()

_FOLDER_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$")


def folder(name: str) -> Path:
    """Return the workspace folder for ``name`` without touching the disk.

    ``name`` must be a plain folder name (letters, digits, ``_`` and ``-``).

    >>> folder("02_creating").name
    '02_creating'
    >>> folder("../etc")
    Traceback (most recent call last):
    ...
    coursekit.CourseError: '../etc' is not a workspace folder name: use letters, digits, '_' and '-' only (no '/', no '..').
    """
    if not isinstance(name, str) or not _FOLDER_NAME.match(name):
        raise CourseError(
            f"{name!r} is not a workspace folder name: use letters, digits, '_' and '-' only (no '/', no '..')."
        )
    return ROOT / name


def forget_modules(path: Path) -> list[str]:
    """Drop modules imported from below ``path`` from ``sys.modules`` and ``sys.path``.

    After a reset the files are new, so the next ``import`` must read them again
    rather than reuse the cached module. Returns the names it removed, sorted.
    """
    path = Path(path).resolve()
    gone = []
    for mod_name, module in list(sys.modules.items()):
        locations = [getattr(module, "__file__", None)]
        try:  # some modules (torch.classes, torch.ops) have a __path__ that is not a list
            locations += [p for p in getattr(module, "__path__", None) or [] if isinstance(p, str)]
        except (TypeError, AttributeError, RuntimeError):
            pass
        for location in locations:
            if isinstance(location, str) and _is_within(Path(location), path):
                del sys.modules[mod_name]
                gone.append(mod_name)
                break
    sys.path[:] = [p for p in sys.path if not (p and _is_within(Path(p), path))]
    importlib.invalidate_caches()
    return sorted(gone)


def reset(name: str) -> Path:
    """Empty and recreate this notebook's workspace folder; return its path.

    Modules imported from the old folder are forgotten and its entries leave
    ``sys.path``, so re-running a notebook in the same kernel starts clean.
    """
    path = folder(name)
    forget_modules(path)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def safe_path(base: Path, relative: str | os.PathLike) -> Path:
    """Join ``relative`` onto ``base`` and refuse anything that leaves the workspace.

    >>> ws = folder("doctest_demo")
    >>> safe_path(ws, "pkg/a.py") == ws / "pkg" / "a.py"
    True
    >>> safe_path(ws, "../../README.md")
    Traceback (most recent call last):
    ...
    coursekit.CourseError: '../../README.md' would leave the workspace folder 'workspace/doctest_demo': give a path inside it, like 'pkg/a.py'.
    """
    base = Path(base).resolve()
    if not _is_within(base, ROOT):
        raise CourseError(f"{str(base)!r} is not inside the course workspace.")
    if not isinstance(relative, (str, os.PathLike)) or str(relative).strip() == "":
        raise CourseError(f"{relative!r} is not a file path: give a path like 'pkg/a.py'.")
    if Path(relative).is_absolute():
        raise CourseError(f"{str(relative)!r} is an absolute path: give a path inside the workspace, like 'pkg/a.py'.")
    target = (base / relative).resolve()
    if not _is_within(target, base):
        raise CourseError(
            f"{str(relative)!r} would leave the workspace folder {rel(base)!r}: give a path inside it, like 'pkg/a.py'."
        )
    return target


def write_text(base: Path, relative: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``base/relative`` (creating folders) after ``safe_path`` checks."""
    if not isinstance(text, str):
        raise CourseError(f"File contents must be text (a str), not {type(text).__name__}.")
    target = safe_path(base, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def check_identifier(name: object, what: str = "name") -> str:
    """Return ``name`` if it can be a module or package name, else explain why not.

    >>> check_identifier("simple_package")
    'simple_package'
    >>> check_identifier("my-package")
    Traceback (most recent call last):
    ...
    coursekit.CourseError: 'my-package' is not a valid Python identifier, so it cannot be a name: use letters, digits and '_' (no '-'), and do not start with a digit, e.g. 'my_package'.
    """
    if not isinstance(name, str) or name == "":
        raise CourseError(f"A {what} must be a non-empty string, not {name!r}.")
    if keyword.iskeyword(name):
        raise CourseError(
            f"{name!r} is a Python keyword, so `import {name}` would be a syntax error: "
            f"pick another {what}, e.g. '{name}_pkg'."
        )
    if not name.isidentifier():
        suggestion = re.sub(r"\W", "_", name)
        if suggestion[:1].isdigit():
            suggestion = "_" + suggestion
        raise CourseError(
            f"{name!r} is not a valid Python identifier, so it cannot be a {what}: use letters, "
            f"digits and '_' (no '-'), and do not start with a digit, e.g. {suggestion!r}."
        )
    return name


def rel(path: str | os.PathLike) -> str:
    """Show ``path`` relative to ``notebooks/`` (stable on every machine), POSIX style.

    Paths outside the course are shown by their last two parts only.
    """
    path = Path(path).resolve()
    for anchor, prefix in ((ROOT, "workspace"), (NOTEBOOKS, "")):
        if _is_within(path, anchor):
            parts = (prefix,) + path.relative_to(anchor).parts
            return "/".join(p for p in parts if p) or "."
    return ".../" + "/".join(path.parts[-2:])


def tree(path: str | os.PathLike, *, skip: tuple[str, ...] = ("__pycache__",)) -> str:
    """Draw the folder ``path`` as a sorted text tree (folders end with '/')."""
    path = Path(path)
    lines = [path.name + "/"]

    def walk(folder_: Path, prefix: str) -> None:
        entries = sorted(
            (e for e in folder_.iterdir() if e.name not in skip),
            key=lambda e: (e.is_file(), e.name),
        )
        for i, entry in enumerate(entries):
            last = i == len(entries) - 1
            lines.append(prefix + ("└── " if last else "├── ") + entry.name + ("/" if entry.is_dir() else ""))
            if entry.is_dir():
                walk(entry, prefix + ("    " if last else "│   "))

    walk(path, "")
    return "\n".join(lines)


def _is_within(path: Path, parent: Path) -> bool:
    try:
        Path(path).resolve().relative_to(Path(parent).resolve())
        return True
    except (ValueError, OSError):
        return False
