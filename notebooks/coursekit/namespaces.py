"""Notebook 6's widget (:func:`layout_report`): two ``sys.path`` entries may each hold a ``toolbox`` (one of
:data:`LAYOUT_CHOICES`); build that layout, run ``import toolbox`` in a fresh Python, say what it found and why."""

from __future__ import annotations

import json
from pathlib import Path

from coursekit import CourseError, checks, workspace
from coursekit.ui import never_raises

NS, REGULAR, MODULE = "folder without __init__.py", "folder with __init__.py", "module toolbox.py"
#: What each of the two ``sys.path`` entries may hold under the name ``toolbox``.
LAYOUT_CHOICES = ("nothing", NS, REGULAR, MODULE)
_SUBMODULES = {"entry_1": "hammer", "entry_2": "saw"}  # what a toolbox folder in that entry holds
#: Run in the layout: ``import toolbox``; print its file, its folders and where each submodule is found.
_PROBE = """import importlib.util, json, os, toolbox
rel = lambda path: path and os.path.relpath(path).replace(os.sep, "/")
path = getattr(toolbox, "__path__", None)
found = lambda sub: path and importlib.util.find_spec("toolbox." + sub)
subs = {sub: rel(getattr(found(sub), "origin", None)) for sub in ("hammer", "saw")}
print(json.dumps([rel(toolbox.__file__), path and [rel(folder) for folder in path], subs]))
"""


def _why(one: str, two: str) -> str:
    """The rule behind the result, in words (the result itself comes from a real import)."""
    held = {"entry_1": one, "entry_2": two}
    winner = next((label for label, choice in held.items() if choice in (REGULAR, MODULE)), None)
    if winner:
        kind = "a regular package" if held[winner] == REGULAR else "a module"
        rule = f"{winner} holds {kind}; the first regular package or module on sys.path wins"
        if winner == "entry_2" and one == NS:
            return rule + ", even over the namespace folder in entry_1: folders without __init__.py come last."
        if winner == "entry_1" and two != "nothing":
            return rule + ", and the search stops there: entry_2 is never looked at."
        return rule + "."
    if one == two == NS:
        return "both are folders without __init__.py, so Python merges them into one namespace package."
    if NS in (one, two):
        return "only one entry has a toolbox folder, and it has no __init__.py: a namespace package with one portion."
    return "no sys.path entry holds anything called toolbox."


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
    run = checks.run_python(["-c", _PROBE], base, list(choices))
    why = f"  why: {_why(entry_1, entry_2)}"
    if run.returncode:
        return f"import toolbox  →  ✗ {checks.last_line(run.stderr)}\n{why}"
    file, path, subs = json.loads(run.stdout)
    kind = "regular package" if file else f"namespace package, {len(path)} portion" + "s" * (len(path) != 1)
    lines = [f"import toolbox  →  {kind if path else 'module (a single file)'}", f"  __file__: {file}"]
    lines += ["  __path__: " + ", ".join(path)] if path else []
    lines += [f"  toolbox.{sub:<7} " + (f"✓ from {found}" if found else "✗ not found") for sub, found in subs.items()]
    return "\n".join([*lines, why])
