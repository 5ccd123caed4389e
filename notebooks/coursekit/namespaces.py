"""The widget logic of notebook 6: which folder wins when a regular package and namespace
portions share a name.

Two ``sys.path`` entries, ``entry_1`` and ``entry_2``, may each hold something called
``toolbox`` (a folder with or without ``__init__.py``, a module ``toolbox.py``, or nothing).
:func:`import_layout` builds the chosen layout in the workspace, runs ``import toolbox`` in a
fresh interpreter (``programs/layout_probe.py``) and says what Python found and why;
:func:`layout_report` is the same as text for the widget, with a message instead of a traceback.

>>> from coursekit import workspace
>>> ws = workspace.reset("doctest_namespaces")
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

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from coursekit import CourseError, packages, programs, workspace
from coursekit.ui import never_raises

__all__ = ["LAYOUT_CHOICES", "import_layout", "layout_report", "LayoutResult"]

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
    for relative, text in _layout_files(entry_1, entry_2).items():
        workspace.write_text(base, relative, text)
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
    result = import_layout(base, entry_1, entry_2)
    return (
        f"{result}\n"
        f"  the same in a terminal, in the folder {workspace.safe_path(base, '.').name}/:\n"
        '    bash:       PYTHONPATH=entry_1:entry_2 python -c "import toolbox; print(toolbox.__file__)"\n'
        '    PowerShell: $env:PYTHONPATH = "entry_1;entry_2"; python -c "import toolbox; print(toolbox.__file__)"'
    )
