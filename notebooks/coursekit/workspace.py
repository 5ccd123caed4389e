"""The scratch workspace, the only place notebooks write: one git-ignored folder per notebook,
``notebooks/workspace/<name>/``, emptied by :func:`reset`; and the course's two name rules."""

from __future__ import annotations

import importlib
import keyword
import os
import re
import shutil
import sys
from pathlib import Path

from coursekit import CourseError

#: The ``notebooks/`` folder of the course (the folder that holds ``coursekit``).
NOTEBOOKS = Path(__file__).resolve().parent.parent
#: The scratch workspace. ``COURSE_WORKSPACE`` may point it elsewhere (tests do).
ROOT = Path(os.environ.get("COURSE_WORKSPACE", NOTEBOOKS / "workspace")).resolve()

_FOLDER_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$")
#: Longest module or package name (and folder name) the course helpers accept.
MAX_NAME = 64


def check_folder_name(name: object) -> str:
    """``name`` if it is a plain workspace folder name (letters, digits, ``_`` and ``-``)."""
    if not isinstance(name, str) or not _FOLDER_NAME.match(name):
        raise CourseError(
            f"{name!r} is not a workspace folder name: use letters, digits, '_' and '-' only (no '/', no '..')."
        )
    return name


def folder(name: str) -> Path:
    """The workspace folder of ``name``, without touching the disk."""
    return ROOT / check_folder_name(name)


def forget_modules(path: Path) -> list[str]:
    """Drop modules imported from below ``path`` from ``sys.modules`` (and it from ``sys.path``), so the
    next ``import`` reads the new files; return the names removed, sorted."""
    # Compare path strings: resolving the file of each of the thousands of modules a
    # kernel holds (torch alone brings 2,000) took 0.3 s per call. Both spellings of the
    # folder count, as given and with symbolic links resolved.
    prefixes = tuple({os.path.join(os.path.abspath(path), ""), os.path.join(str(Path(path).resolve()), "")})

    def within(location: str) -> bool:
        location = location if os.path.isabs(location) and ".." not in location else os.path.abspath(location)
        return (location + os.sep).startswith(prefixes)

    gone = []
    for mod_name, module in list(sys.modules.items()):
        if any(within(location) for location in _locations(module)):
            del sys.modules[mod_name]
            gone.append(mod_name)
    sys.path[:] = [p for p in sys.path if not (p and within(p))]
    importlib.invalidate_caches()
    return sorted(gone)


def reset(name: str) -> Path:
    """Empty (or create) this notebook's workspace folder, forgetting modules imported from it."""
    return fresh_folder(ROOT, name)


def fresh_folder(base: Path, name: str) -> Path:
    """Empty (or create) ``base/name`` inside the workspace (a symlink leading out is refused)."""
    target = safe_path(base, check_folder_name(name))
    forget_modules(target)
    if _is_within(Path.cwd(), target):
        # A notebook works inside its folder (``%cd``); step out first, as Windows cannot
        # delete the working folder. The notebook's set-up cell changes into it again.
        os.chdir(base)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    target.mkdir(parents=True)
    return target


def safe_path(base: Path, relative: str | os.PathLike) -> Path:
    """``base / relative``, refusing anything that leaves the workspace."""
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


def check_identifier(name: object, what: str = "name", *, dotted: bool = False) -> str:
    """``name`` if it can be a module name (an identifier, not a keyword, at most MAX_NAME long; with
    ``dotted``, each part, spaces around dropped), else a CourseError saying why not."""
    an = "an" if what[:1] in "aeiou" else "a"
    if not isinstance(name, str) or not name.strip():
        raise CourseError(f"A {what} must be a non-empty string, not {name!r}.")
    if dotted:
        name = name.strip()
    for part in name.split(".") if dotted else [name]:
        if keyword.iskeyword(part):
            example = "" if dotted else f", e.g. '{name}_pkg'"
            raise CourseError(
                f"{part!r} is a Python keyword, so `import {name}` would be a syntax error: "
                f"pick another {what}{example}."
            )
        if not part.isidentifier():
            if dotted:
                raise CourseError(
                    f"{name!r} is not a dotted module name, so it cannot be {an} {what}: write it like "
                    "'sound.effects.echo' (each part a Python identifier; no '/', no '.py')."
                )
            suggestion = "_" * name[:1].isdigit() + re.sub(r"\W", "_", name)
            raise CourseError(
                f"{name!r} is not a valid Python identifier, so it cannot be {an} {what}: use letters, "
                f"digits and '_' (no '-'), and do not start with a digit, e.g. {suggestion!r}."
            )
        if len(part) > MAX_NAME:
            raise CourseError(
                f"That {what} is {len(part)} characters long: keep it under {MAX_NAME}, e.g. {part[:12]!r}."
            )
    return name


def rel(path: str | os.PathLike) -> str:
    """``path`` relative to ``notebooks/``, POSIX style (outside the course: its last two parts)."""
    path = Path(path).resolve()
    for anchor, prefix in ((ROOT, "workspace"), (NOTEBOOKS, "")):
        if _is_within(path, anchor):
            parts = (prefix,) + path.relative_to(anchor).parts
            return "/".join(p for p in parts if p) or "."
    return ".../" + "/".join(path.parts[-2:])


def tree(path: str | os.PathLike) -> str:
    """Draw the folder ``path`` as a sorted text tree (folders end with '/'; no ``__pycache__``)."""
    path = Path(path)
    lines = [path.name + "/"]

    def walk(folder_: Path, prefix: str) -> None:
        entries = sorted((e for e in folder_.iterdir() if e.name != "__pycache__"), key=lambda e: (e.is_file(), e.name))
        for i, entry in enumerate(entries):
            last = i == len(entries) - 1
            lines.append(prefix + ("└── " if last else "├── ") + entry.name + ("/" if entry.is_dir() else ""))
            if entry.is_dir():
                walk(entry, prefix + ("    " if last else "│   "))

    walk(path, "")
    return "\n".join(lines)


def _locations(module: object) -> list[str]:
    found = []
    try:  # some modules (torch.classes, torch.ops) have a __path__ that is not a list
        found.append(getattr(module, "__file__", None))
        found += [p for p in getattr(module, "__path__", None) or [] if isinstance(p, str)]
    except (TypeError, AttributeError, RuntimeError):
        pass
    return [p for p in found if isinstance(p, str)]


def _is_within(path: Path, parent: Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(parent).resolve())
