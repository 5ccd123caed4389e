"""Exercise checks and the finder widget's logic for notebook 7, *Inside the import system*.

:func:`which_finder` asks every finder on ``sys.meta_path`` in turn, as ``import`` does,
and says which one answered and where from (no absolute paths):

>>> print(which_finder("sys"))  # doctest: +ELLIPSIS
import sys
  in sys.modules already: yes (an import statement takes it from there and asks no finder)
  ...BuiltinImporter ... found it: loader BuiltinImporter, built-in (compiled into the interpreter)
...

The checks read the learner's files (written with ``%%writefile`` into the notebook's
working folder), copy them next to fresh copies of the given files and run them in a
fresh interpreter. A file that still holds only its placeholder comment is "not answered yet".
"""

from __future__ import annotations

import importlib
import keyword
import sys
import sysconfig
from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import Feedback, Wrong, compile_answer, exercise, last_line, run_python
from coursekit.ui import never_raises

__all__ = [
    "which_finder",
    "short_origin",
    "check_circular_fix",
    "check_resources",
    "NOTEBOOK",
    "TIMEOUT",
    "SHOP_PY",
    "BROKEN_PRICES_PY",
    "FORECAST_TXT",
]

#: The notebook whose working folder the learner's files are in.
NOTEBOOK = "07_the_import_system"
#: Seconds a learner's program may run in a check before we call it an endless loop.
TIMEOUT = 10


# ----------------------------------------------------------------- the widget


def short_origin(origin: object) -> str:
    """Where a module comes from, without the machine's absolute paths.

    >>> short_origin("built-in")
    'built-in (compiled into the interpreter)'
    >>> short_origin("frozen")
    'frozen (stored inside the interpreter)'
    >>> import os
    >>> short_origin(os.path.join(os.getcwd(), "hello.py"))
    'hello.py, in the current folder'
    """
    if origin == "built-in":
        return "built-in (compiled into the interpreter)"
    if origin == "frozen":
        return "frozen (stored inside the interpreter)"
    if not isinstance(origin, str) or not origin:
        return "no file (a namespace package?)"
    path = Path(origin).resolve()
    paths = sysconfig.get_paths()
    places = [
        (Path.cwd(), "in the current folder"),
        (Path(paths["purelib"]), "in site-packages"),
        (Path(paths["platlib"]), "in site-packages"),
        (Path(paths["stdlib"]), "in the standard library"),
        (Path(paths["platstdlib"]), "in the standard library"),
    ]
    for folder, where in places:
        try:
            return f"{path.resolve().relative_to(folder.resolve()).as_posix()}, {where}"
        except ValueError:
            continue
    return f".../{'/'.join(path.parts[-2:])}"


def _finder_name(finder: object) -> str:
    return getattr(finder, "__name__", None) or type(finder).__name__


def _check_name(name: object) -> tuple[str, str]:
    """The cleaned module name and a note for names an import statement cannot spell."""
    if not isinstance(name, str) or not name.strip():
        raise CourseError("Type a module name, like json or os.path.")
    name = name.strip()
    if len(name) > 100:
        raise CourseError("That is too long for a module name: try json, os or a module of your own.")
    parts = name.split(".")
    if not all(parts):
        raise CourseError(f"{name!r} is not a module name: no empty parts between dots.")
    if not all(part.replace("-", "_").isidentifier() for part in parts):
        raise CourseError(f"{name!r} is not a module name: use letters, digits and '_', like json or os.path.")
    if any(keyword.iskeyword(part) for part in parts):
        return name, f" (a keyword: `import {name}` is a SyntaxError, but the finders can still be asked)"
    if not all(part.isidentifier() for part in parts):
        return name, " (not an identifier: `import` cannot spell it, importlib.import_module can)"
    return name, ""


def _search_path(name: str) -> list[str] | None:
    """For a dotted name, the parent package's ``__path__`` (the parent must be imported already)."""
    if "." not in name:
        return None
    parent = name.rpartition(".")[0]
    module = sys.modules.get(parent)
    if module is None:
        raise CourseError(
            f"{parent!r} is not imported yet. `import {name}` imports {parent} first (running its code), "
            f"then searches its __path__: type {parent} to see who finds it."
        )
    path = getattr(module, "__path__", None)
    if path is None and parent == "os":  # os.path is set by os itself, not found in a folder
        return []
    if path is None:
        raise CourseError(f"{parent!r} is a module, not a package: it has no submodules to find.")
    return list(path)


def _describe_spec(spec) -> str:
    if spec.origin is None and spec.submodule_search_locations is not None:
        folders = ", ".join(short_origin(p) for p in spec.submodule_search_locations)
        return f"found it: a namespace package, folders: {folders}"
    loader = _finder_name(spec.loader) if spec.loader is not None else "none"
    return f"found it: loader {loader}, {short_origin(spec.origin)}"


@never_raises
def which_finder(name: object) -> str:
    """Ask each finder on ``sys.meta_path``, in order, whether it can find module ``name``.

    This is what ``import name`` does when ``name`` is not in ``sys.modules`` yet. Nothing
    is imported (for a dotted name the parent package must be imported already, as
    ``import`` would do first). Bad input gives a message starting with ⚠️.
    """
    name, note = _check_name(name)
    path = _search_path(name)
    importlib.invalidate_caches()  # a file written a moment ago must be seen
    cached = "yes (an import statement takes it from there and asks no finder)" if name in sys.modules else "no"
    lines = [f"import {name}{note}", f"  in sys.modules already: {cached}", "  sys.meta_path, asked in order:"]
    found = False
    for number, finder in enumerate(list(sys.meta_path), start=1):
        label = f"    {number}. {_finder_name(finder):<22}"
        if found:
            lines.append(f"{label} not asked (the first answer wins)")
            continue
        try:
            spec = finder.find_spec(name, path) if hasattr(finder, "find_spec") else None
        except Exception as exc:  # a finder may refuse odd names
            lines.append(f"{label} → raised {type(exc).__name__}")
            continue
        found = spec is not None
        lines.append(f"{label} → " + (_describe_spec(spec) if found else "None (not mine)"))
    if not found:
        if name in sys.modules:
            lines.append(f"  no finder finds it, but sys.modules has it: {name} was made by its parent's code")
        else:
            lines.append(f"  nobody found it: `import {name}` raises ModuleNotFoundError: No module named {name!r}")
    return "\n".join(lines)


# ----------------------------------------------------------------- shared check helpers


class _Problem:
    """A reason why the learner's file could not even be read (passed to the inner check)."""

    def __init__(self, message: str):
        self.message = message


def _read_answer(folder: object, relative: str, answer_cell: str) -> object:
    """The learner's file ``folder/relative`` in the notebook's working folder: its text,
    ``...`` when it holds only comments (the placeholder), or a :class:`_Problem`."""
    if not isinstance(folder, str) or not folder.strip() or len(folder) > 200:
        return _Problem(f"give the exercise folder as a short string like 'ex1', not {folder!r}.")
    try:
        path = workspace.safe_path(workspace.folder(NOTEBOOK), Path(folder.strip(), relative))
    except CourseError as exc:
        return _Problem(str(exc))
    shown = Path(folder.strip(), relative).as_posix()
    if not path.is_file():
        return _Problem(
            f"there is no file {shown} yet: run the cells above the answer cell, then the answer cell ({answer_cell})."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _Problem(f"{shown} cannot be read as text: {exc}.")
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return ...
    return text


# ----------------------------------------------------------------- exercise 1

#: The given module of exercise 1 (the check always uses this copy).
SHOP_PY = """from prices import price_of

STOCK = {"egg": 12, "ham": 3}


def total(item):
    return STOCK[item] * price_of(item)
"""

#: The module the learner fixes in exercise 1, as it starts.
BROKEN_PRICES_PY = """from shop import STOCK

PRICES = {"egg": 0.25, "ham": 2.0}


def price_of(item):
    return PRICES[item]


def stock_value():
    return sum(STOCK[item] * PRICES[item] for item in STOCK)
"""

_EX1 = "Fix the circular import"
_EX1_EXPECTED = "3.0\n9.0\n"


@exercise(
    _EX1,
    hint="prices needs STOCK only inside stock_value(), and shop takes price_of out of prices on its "
    "first line: move prices' import of shop into stock_value().",
)
def _check_circular_fix(answer: object) -> str:
    if isinstance(answer, _Problem):
        raise Wrong(answer.message)
    shown = "ex1/prices.py"
    compile_answer(answer, shown)
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_ex1")
    workspace.write_text(base, "shop.py", SHOP_PY)
    workspace.write_text(base, "prices.py", answer)
    for first, second in (("shop", "prices"), ("prices", "shop")):
        code = f"import {first}, {second}; print(shop.total('egg')); print(prices.stock_value())"
        run = run_python(["-c", code], cwd=base, timeout=TIMEOUT)
        if run.returncode != 0:
            last = last_line(run.stderr, base)
            if "circular import" in last or "partially initialized" in last or "consider renaming" in last:
                raise Wrong(f"`import {first}` still fails with the circular import: {last}")
            raise Wrong(f"`import {first}, {second}` and the calls failed with {last}")
        if run.stdout != _EX1_EXPECTED:
            got = ", ".join(run.stdout.split()) or "nothing"
            raise Wrong(
                f"after `import {first}, {second}`, shop.total('egg') and prices.stock_value() printed {got}; "
                "expected 3.0 and 9.0 (do not change the prices or the stock)."
            )
    return "Both `import shop` and `import prices` work now, in either order."


def check_circular_fix(folder: object = "ex1") -> Feedback:
    """Check ``ex1/prices.py``: with the given ``shop.py``, ``import shop`` and ``import prices``
    must both work (in either order), ``shop.total('egg')`` give 3.0 and
    ``prices.stock_value()`` give 9.0."""
    return _check_circular_fix(_read_answer(folder, "prices.py", "%%writefile ex1/prices.py"))


# ----------------------------------------------------------------- exercise 2

#: The data file of exercise 2's package.
FORECAST_TXT = "Monday: sunny, 21 degrees\nTuesday: rain, 14 degrees\n"

_EX2 = "Read package data with importlib.resources"


@exercise(
    _EX2,
    hint="from importlib.resources import files; files('weather').joinpath('forecast.txt').read_text() "
    "finds the file next to the package's code, whatever the current folder is.",
)
def _check_resources(answer: object) -> str:
    if isinstance(answer, _Problem):
        raise Wrong(answer.message)
    shown = "ex2/weather/report.py"
    compile_answer(answer, shown)
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_ex2")
    workspace.write_text(base, "packages/weather/__init__.py", "")
    workspace.write_text(base, "packages/weather/forecast.txt", FORECAST_TXT)
    workspace.write_text(base, "packages/weather/report.py", answer)
    (base / "elsewhere").mkdir()
    # Run from another folder, with the package on sys.path: as an installed package would be.
    code = "from weather.report import first_line; print(repr(first_line()))"
    run = run_python(["-c", code], cwd=base / "elsewhere", path=[base / "packages"], timeout=TIMEOUT)
    if run.returncode != 0:
        last = last_line(run.stderr, base)
        if "FileNotFoundError" in last:
            raise Wrong(
                f"run from another folder, first_line() failed with {last} A path like 'weather/forecast.txt' "
                "is looked up from the current folder, not from the package.",
            )
        if "cannot import name 'first_line'" in last:
            raise Wrong("report.py has no function first_line().")
        raise Wrong(f"`from weather.report import first_line; first_line()` failed with {last}")
    got = run.stdout.strip()
    if got != repr("Monday: sunny, 21 degrees"):
        raise Wrong(f"first_line() returned {got}; expected 'Monday: sunny, 21 degrees' (without the newline).")
    return "first_line() found forecast.txt inside the package, from another working folder."


def check_resources(folder: object = "ex2") -> Feedback:
    """Check ``ex2/weather/report.py``: its ``first_line()`` must return the first line of the
    package's ``forecast.txt`` (no newline), read with :mod:`importlib.resources`, even when
    Python runs in another folder."""
    return _check_resources(_read_answer(folder, "weather/report.py", "%%writefile ex2/weather/report.py"))
