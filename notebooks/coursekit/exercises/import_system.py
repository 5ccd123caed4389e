"""Notebook 7, *Inside the import system*: the finder widget's logic (:func:`which_finder`) and the
exercise checks, which run the learner's file next to fresh copies of the given files in a fresh Python."""

from __future__ import annotations

import importlib
import keyword
import sys
import sysconfig
from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, output_of, read_answer
from coursekit.ui import never_raises

NOTEBOOK = "07_the_import_system"
TIMEOUT = 10  #: seconds a learner's program may run before we call it an endless loop
#: Exercise 1's given shop.py (the learner fixes prices.py) and exercise 2's data file.
SHOP_PY = 'from prices import price_of\n\nSTOCK = {"egg": 12, "ham": 3}\n\n\ndef total(item):\n'
SHOP_PY += "    return STOCK[item] * price_of(item)\n"
FORECAST = "Monday: sunny, 21 degrees\nTuesday: rain, 14 degrees\n"


def short_origin(origin: object) -> str:
    """Where a module comes from, without the machine's absolute paths."""
    if origin in ("built-in", "frozen"):
        return f"{origin} ({'compiled into' if origin == 'built-in' else 'stored inside'} the interpreter)"
    if not isinstance(origin, str) or not origin:
        return "no file (a namespace package)"
    path, paths = Path(origin).resolve(), sysconfig.get_paths()
    folders = {"site-packages": paths["purelib"], "the standard library": paths["stdlib"], "the current folder": "."}
    for where, folder in folders.items():
        if path.is_relative_to(Path(folder).resolve()):
            return f"{path.relative_to(Path(folder).resolve()).as_posix()}, in {where}"
    return f".../{'/'.join(path.parts[-2:])}"


def _name(finder: object) -> str:
    return getattr(finder, "__name__", None) or type(finder).__name__


def _target(name: object) -> tuple[str, str, list[str] | None]:
    """The module name, a note if ``import`` cannot spell it, and where to search (a parent's ``__path__``)."""
    if not isinstance(name, str) or not name.strip():
        raise CourseError("Type a module name, like json or os.path.")
    name, parent = name.strip(), name.strip().rpartition(".")[0]
    if not all(part.replace("-", "_").isidentifier() for part in name.split(".")):
        raise CourseError(f"{name!r} is not a module name: use letters, digits and '_', like json or os.path.")
    spellable = all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split("."))
    note = "" if spellable else " (`import` cannot spell it, importlib.import_module can)"
    if parent and parent not in sys.modules:
        raise CourseError(f"{parent!r} is not imported yet: `import {name}` imports it first; type {parent} instead.")
    return name, note, getattr(sys.modules[parent], "__path__", []) if parent else None


@never_raises
def which_finder(name: object) -> str:
    """Ask each finder on ``sys.meta_path`` in turn, as ``import name`` does, which one finds ``name``."""
    name, note, path = _target(name)
    importlib.invalidate_caches()  # a file written a moment ago must be seen
    cached = "yes (an import statement takes it from there and asks no finder)" if name in sys.modules else "no"
    lines = [f"import {name}{note}", f"  in sys.modules already: {cached}", "  sys.meta_path, asked in order:"]
    spec = None
    for number, finder in enumerate(list(sys.meta_path), start=1):
        label = f"    {number}. {_name(finder):<22}"
        if spec is not None:
            lines.append(f"{label} not asked (the first answer wins)")
            continue
        spec = finder.find_spec(name, path)
        found = f"found it: loader {_name(spec.loader)}, {short_origin(spec.origin)}" if spec else "None (not mine)"
        lines.append(f"{label} → {found}")
    if spec is None and name not in sys.modules:
        lines.append(f"  nobody found it: `import {name}` raises ModuleNotFoundError: No module named {name!r}")
    return "\n".join(lines)


def _run(shown: str, files: dict, code: str, path=(), clues=None) -> str:
    """What ``python -c code`` prints in a fresh folder holding ``files`` (``None``: the learner's ``shown``)."""
    text = read_answer(workspace.folder(NOTEBOOK) / shown, shown)
    compile_answer(text, shown)
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), f"check_{shown.split('/')[0]}")
    for name, content in files.items():
        workspace.write_text(base, name, text if content is None else content)
    return output_of(["-c", code], base, f"`{code}`", [base / p for p in path], TIMEOUT, clues)


@exercise("Fix the circular import", hint="prices needs STOCK only inside stock_value(): import it there, not on top.")
def check_circular_fix():
    """With the given ``shop.py``, ``import shop`` and ``import prices`` work in either order."""
    circular = "still a circular import: each module needs the other one half-way through its first lines."
    clues = dict.fromkeys(("circular import", "partially initialized"), circular)
    for order in ("shop, prices", "prices, shop"):
        code = f"import {order}; print(shop.total('egg')); print(prices.stock_value())"
        got = _run("ex1/prices.py", {"shop.py": SHOP_PY, "prices.py": None}, code, clues=clues).split()
        if got != ["3.0", "9.0"]:
            raise Wrong(f"after `import {order}`, the totals are {', '.join(got) or 'nothing'}, not 3.0 and 9.0.")
    return "Both `import shop` and `import prices` work now, in either order."


@exercise("Read package data with importlib.resources", hint="files('weather') finds the package's own folder.")
def check_resources():
    """``ex2/weather/report.py``'s ``first_line()`` reads forecast.txt's first line when run from another folder,
    with the package on sys.path: as an installed package would be."""
    files = {"packages/weather/__init__.py": "", "packages/weather/forecast.txt": FORECAST}
    clue = {"FileNotFoundError": "a path like 'weather/forecast.txt' is looked up from the current folder."}
    code = "from weather.report import first_line; print(repr(first_line()))"
    got = _run("ex2/weather/report.py", {**files, "packages/weather/report.py": None}, code, ["packages"], clue)
    if got.strip() != repr("Monday: sunny, 21 degrees"):
        raise Wrong(f"first_line() returned {got.strip()}; expected 'Monday: sunny, 21 degrees' (without the newline).")
    return "first_line() found forecast.txt inside the package, from another working folder."
