"""Notebook 6's widget (:func:`layout_report`): two ``sys.path`` entries may each hold a ``toolbox`` (one of
:data:`LAYOUT_CHOICES`); build that layout, run ``import toolbox`` in a fresh Python, say what it found and why."""

from __future__ import annotations

import json
from pathlib import Path

from coursekit import CourseError, packages, programs, workspace
from coursekit.ui import never_raises

__all__ = ["LAYOUT_CHOICES", "layout_report"]

NS, REGULAR, MODULE = "folder without __init__.py", "folder with __init__.py", "module toolbox.py"
#: What each of the two ``sys.path`` entries may hold under the name ``toolbox``.
LAYOUT_CHOICES = ("nothing", NS, REGULAR, MODULE)
_SUBMODULES = {"entry_1": "hammer", "entry_2": "saw"}  # what a toolbox folder in that entry holds


def _why(one: str, two: str) -> str:
    """The rule behind the result, in words (the result itself comes from a real import)."""
    if one in (REGULAR, MODULE) or two in (REGULAR, MODULE):
        label, choice = ("entry_1", one) if one in (REGULAR, MODULE) else ("entry_2", two)
        rule = f"{label} holds {'a regular package' if choice == REGULAR else 'a module'}; the first regular package "
        rule += "or module on sys.path wins"
        if label == "entry_2" and one == NS:
            return rule + (
                ", even over the namespace folder in entry_1 that comes earlier "
                "(folders without __init__.py are only used if nothing else is found)."
            )
        return rule + (
            ", and the search stops there: entry_2 is never looked at."
            if label == "entry_1" and two != "nothing"
            else "."
        )
    if one == two == NS:
        return (
            "no entry holds a regular package or a module called toolbox, so Python merges every "
            "toolbox folder it found into one namespace package."
        )
    if NS in (one, two):
        label = "entry_1" if one == NS else "entry_2"
        return f"only {label} has a toolbox folder, and it has no __init__.py: a namespace package with one portion."
    return "no sys.path entry holds anything called toolbox."


def _outcome(found: dict) -> list[str]:
    """What the probe found, as lines."""
    if "error" in found:
        return [f"import toolbox  →  ✗ {found['error']}"]
    path = found["path"]
    if path is None:
        kind = "module (a single file)"
    elif found["file"] is None:
        kind = f"namespace package, {len(path)} portion" + ("s" if len(path) != 1 else "")
    else:
        kind = "regular package"
    lines = [f"import toolbox  →  {kind}", f"  __file__: {found['file']}"]
    lines += [] if path is None else ["  __path__: " + (", ".join(path) or "(empty)")]
    for sub, origin in found["subs"].items():
        lines.append(f"  toolbox.{sub:<7} " + (f"✓ from {origin}" if origin else "✗ not found"))
    return lines


@never_raises
def layout_report(base: Path, entry_1: object, entry_2: object) -> str:
    """Empty ``base``, build ``entry_1/`` and ``entry_2/`` as chosen, run ``import toolbox`` and explain."""
    choices = {"entry_1": entry_1, "entry_2": entry_2}
    for label, choice in choices.items():
        if choice not in LAYOUT_CHOICES:
            raise CourseError(f"{label} must be one of {', '.join(map(repr, LAYOUT_CHOICES))}; got {choice!r}.")
    base = workspace.fresh_folder(Path(base).parent, Path(base).name)
    for label, choice in choices.items():
        (base / label).mkdir()
        if choice == MODULE:
            workspace.write_text(base, f"{label}/toolbox.py", f"# toolbox as a single module in {label}\n")
        elif choice != "nothing":
            workspace.write_text(base, f"{label}/toolbox/{_SUBMODULES[label]}.py", f"NAME = {_SUBMODULES[label]!r}\n")
        if choice == REGULAR:
            workspace.write_text(base, f"{label}/toolbox/__init__.py", "")
    probe = [programs.path("layout_probe"), "toolbox", *_SUBMODULES.values()]
    run = packages.run_python(probe, path=[base / label for label in choices], cwd=base)
    if not run.ok:
        raise CourseError(f"The probe failed: {run.stderr.strip().splitlines()[-1:]}")
    lines = _outcome(json.loads(run.stdout.strip().splitlines()[-1]))
    return "\n".join(
        [*lines, f"  why: {_why(entry_1, entry_2)}", f"  the same in a terminal, in the folder {base.name}/:"]
        + ['    bash:       PYTHONPATH=entry_1:entry_2 python -c "import toolbox; print(toolbox.__file__)"']
        + ['    PowerShell: $env:PYTHONPATH = "entry_1;entry_2"; python -c "import toolbox; print(toolbox.__file__)"']
    )
