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
FORECAST = "Monday: sunny, 21 degrees\nTuesday: rain, 14 degrees\n"  #: exercise 2's data file


def short_origin(origin: object) -> str:
    """Where a module comes from, without the machine's absolute paths."""
    if origin in ("built-in", "frozen"):
        return f"{origin} ({'compiled into' if origin == 'built-in' else 'stored inside'} the interpreter)"
    if not isinstance(origin, str) or not origin:
        return "no file (a namespace package?)"
    path, paths = Path(origin).resolve(), sysconfig.get_paths()
    places = [("", Path.cwd())] + [("site-packages", paths[k]) for k in ("purelib", "platlib")]
    for where, folder in places + [("the standard library", paths[k]) for k in ("stdlib", "platstdlib")]:
        if path.is_relative_to(Path(folder).resolve()):
            return f"{path.relative_to(Path(folder).resolve()).as_posix()}, in {where or 'the current folder'}"
    return f".../{'/'.join(path.parts[-2:])}"


def _name(finder: object) -> str:
    return getattr(finder, "__name__", None) or type(finder).__name__


def _target(name: object) -> tuple[str, str, list[str] | None]:
    """The module name, a note if ``import`` cannot spell it, and where to search (a parent's ``__path__``)."""
    if not isinstance(name, str) or not name.strip():
        raise CourseError("Type a module name, like json or os.path.")
    name, parts = name.strip(), name.strip().split(".")
    if len(name) > 100:
        raise CourseError("That is too long for a module name: try json, os or a module of your own.")
    if not all(part.replace("-", "_").isidentifier() for part in parts):
        raise CourseError(f"{name!r} is not a module name: use letters, digits and '_', like json or os.path.")
    note = ""
    if any(keyword.iskeyword(part) for part in parts):
        note = f" (a keyword: `import {name}` is a SyntaxError, but the finders can still be asked)"
    elif not all(part.isidentifier() for part in parts):
        note = " (not an identifier: `import` cannot spell it, importlib.import_module can)"
    parent = name.rpartition(".")[0]
    if parent and parent not in sys.modules:
        raise CourseError(
            f"{parent!r} is not imported yet. `import {name}` imports {parent} first (running its code), "
            f"then searches its __path__: type {parent} to see who finds it."
        )
    path = getattr(sys.modules[parent], "__path__", None) if parent else None
    if parent and path is None and parent != "os":  # os.path is set by os itself, not found in a folder
        raise CourseError(f"{parent!r} is a module, not a package: it has no submodules to find.")
    return name, note, list(path or []) if parent else None


def _found(spec) -> str:
    if spec.origin is None and spec.submodule_search_locations is not None:
        folders = ", ".join(short_origin(p) for p in spec.submodule_search_locations)
        return f"found it: a namespace package, folders: {folders}"
    return f"found it: loader {_name(spec.loader) if spec.loader else 'none'}, {short_origin(spec.origin)}"


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
        try:
            spec = finder.find_spec(name, path) if hasattr(finder, "find_spec") else None
        except Exception as exc:  # a finder may refuse odd names
            lines.append(f"{label} → raised {type(exc).__name__}")
            continue
        lines.append(f"{label} → " + ("None (not mine)" if spec is None else _found(spec)))
    if spec is None and name in sys.modules:
        lines.append(f"  no finder finds it, but sys.modules has it: {name} was made by its parent's code")
    elif spec is None:
        lines.append(f"  nobody found it: `import {name}` raises ModuleNotFoundError: No module named {name!r}")
    return "\n".join(lines)


def _run(shown: str, files: dict, code: str, path=(), clues: dict | None = None) -> str:
    """What ``python -c code`` prints in a fresh folder holding ``files`` (``None``: the learner's file
    ``shown``); Wrong naming the error, with the hint that a clue found in it calls for."""
    text = read_answer(workspace.folder(NOTEBOOK) / shown, shown)
    compile_answer(text, shown)
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), f"check_{shown.split('/')[0]}")
    for name, content in files.items():
        workspace.write_text(base, name, text if content is None else content)
    try:
        return output_of(["-c", code], base, f"`{code}`", [base / p for p in path], TIMEOUT)
    except Wrong as exc:
        raise Wrong(str(exc), next((tip for clue, tip in (clues or {}).items() if clue in str(exc)), None)) from None


#: Exercise 1: the given shop.py (the learner fixes prices.py, which imports STOCK from shop).
SHOP_PY = 'from prices import price_of\n\nSTOCK = {"egg": 12, "ham": 3}\n\n\n'
SHOP_PY += "def total(item):\n    return STOCK[item] * price_of(item)\n"
CIRCULAR = "still a circular import: each module needs the other one half-way through its first lines."


@exercise(
    "Fix the circular import",
    hint="prices needs STOCK only inside stock_value(), and shop takes price_of out of prices on its "
    "first line: move prices' import of shop into stock_value().",
)
def check_circular_fix():
    """With the given ``shop.py``, ``import shop`` and ``import prices`` work in either order."""
    files = {"shop.py": SHOP_PY, "prices.py": None}
    for order in ("shop, prices", "prices, shop"):
        code = f"import {order}; print(shop.total('egg')); print(prices.stock_value())"
        clues = dict.fromkeys(("circular import", "partially initialized", "consider renaming"), CIRCULAR)
        got = _run("ex1/prices.py", files, code, clues=clues).split()
        if got != ["3.0", "9.0"]:
            raise Wrong(
                f"after `import {order}`, shop.total('egg') and prices.stock_value() printed "
                f"{', '.join(got) or 'nothing'}; expected 3.0 and 9.0 (do not change the prices or the stock)."
            )
    return "Both `import shop` and `import prices` work now, in either order."


@exercise(
    "Read package data with importlib.resources",
    hint="from importlib.resources import files; files('weather').joinpath('forecast.txt').read_text() "
    "finds the file next to the package's code, whatever the current folder is.",
)
def check_resources():
    """``ex2/weather/report.py``'s ``first_line()`` reads forecast.txt's first line from any working folder."""
    files = {"packages/weather/__init__.py": "", "packages/weather/forecast.txt": FORECAST}
    files["packages/weather/report.py"] = None
    clues = {
        "FileNotFoundError": "a path like 'weather/forecast.txt' is looked up from the current folder, not the package",
        "cannot import name 'first_line'": "report.py has no function first_line().",
    }
    # Run from another folder, with the package on sys.path: as an installed package would be.
    code = "from weather.report import first_line; print(repr(first_line()))"
    got = _run("ex2/weather/report.py", files, code, ["packages"], clues).strip()
    if got != repr("Monday: sunny, 21 degrees"):
        raise Wrong(f"first_line() returned {got}; expected 'Monday: sunny, 21 degrees' (without the newline).")
    return "first_line() found forecast.txt inside the package, from another working folder."
