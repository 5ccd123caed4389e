"""Exercise checks for notebook 3, *Creating simple_package*.

The first two checks read the files the learner wrote with ``%%writefile`` in the
notebook's workspace folder (``workspace/03_creating_a_package/``) and import them in a
fresh Python started there, as ``!python -c "..."`` would: "correct" means "Python
agrees". A file that still holds only the placeholder comment counts as "not answered yet".

>>> print(check_is_regular_package(...))
⏳ Is it a regular package?: not answered yet. Replace the ... with your answer and run the cell again.
>>> print(check_module_c("my-package"))  # doctest: +NORMALIZE_WHITESPACE
❌ A third module: give the name of the package folder, like 'simple_package', not 'my-package'.
💡 Hint: the folder's name in quotes; your cell writes simple_package/c.py.
"""

from __future__ import annotations

import ast
import keyword
import os
import subprocess
import sys
from pathlib import Path

from coursekit import packages, workspace
from coursekit.checks import Wrong, call, exercise, expect_callable, expect_type

__all__ = ["check_module_c", "check_fixed_package", "check_is_regular_package", "NOTEBOOK"]

#: The notebook whose workspace folder holds the learner's files.
NOTEBOOK = "03_creating_a_package"

#: Seconds the learner's package may run in a fresh interpreter before we call it a loop.
RUN_LIMIT = 10.0

C_MESSAGE = "Hello, function 'baz' from module 'c' calling"


# --------------------------------------------------------------------------------------
# Reading and running the learner's files


def _folder() -> Path:
    return workspace.folder(NOTEBOOK)


def _is_placeholder(text: str) -> bool:
    """Only comments and blank lines: what the exercise's answer cell starts with."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and all(line.startswith("#") for line in lines)


def _holds_placeholder(path: Path) -> bool:
    return path.is_file() and _is_placeholder(path.read_text(encoding="utf-8", errors="replace"))


def _package_folder(name: object, example: str, cell: str) -> Path:
    if (
        not isinstance(name, str)
        or len(name) > workspace.MAX_NAME
        or keyword.iskeyword(name)
        or not name.isidentifier()
    ):
        shown = repr(name) if len(repr(name)) <= 40 else repr(name)[:37] + "..."
        raise Wrong(
            f"give the name of the package folder, like {example!r}, not {shown}.",
            hint=f"the folder's name in quotes; your cell writes {cell}.",
        )
    return _folder() / name


def _read_source(path: Path, shown: str) -> str:
    if not path.is_file():
        raise Wrong(f"there is no file {shown} in {workspace.rel(_folder())}: run your `%%writefile {shown}` cell.")
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        ast.parse(source, filename=shown)
    except SyntaxError as exc:
        raise Wrong(f"{shown} is not valid Python: {exc.msg} (line {exc.lineno}).") from None
    return source


def _run_fresh(code: str, what: str) -> subprocess.CompletedProcess:
    """``python -B -c code`` started in the notebook's folder, as `!python -c` runs it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    try:
        return subprocess.run(
            [sys.executable, "-B", "-c", code],
            cwd=_folder(),
            capture_output=True,
            text=True,
            timeout=RUN_LIMIT,
            env={**env, "PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired:
        raise Wrong(f"{what} ran for more than {RUN_LIMIT:g} s: is there an endless loop?") from None


def _last_error(done: subprocess.CompletedProcess) -> str:
    return packages.tidy((done.stderr.strip().splitlines() or ["no error message"])[-1])


# --------------------------------------------------------------------------------------
# Exercise 1: a third module


@exercise(
    "A third module",
    hint="Copy b.py's two lines into `%%writefile simple_package/c.py` and change 'foo' to 'baz' "
    "and 'b' to 'c', in the def line and in the message.",
)
def _check_module_c(package: Path) -> str:
    shown = f"{package.name}/c.py"
    _read_source(package / "c.py", shown)
    statement = f"from {package.name} import a, b, c"
    done = _run_fresh(f"{statement}\na.bar()\nb.foo()\nc.baz()", f"`{statement}`")
    if done.returncode != 0:
        error = _last_error(done)
        if "has no attribute 'baz'" in error:
            raise Wrong(f"{shown} has no function called baz.")
        raise Wrong(f"`{statement}` then `c.baz()` failed in a fresh Python: {error}")
    lines = done.stdout.splitlines()
    if lines[:1] == [C_MESSAGE] or len(lines) > 3:
        raise Wrong(f"importing c printed {lines[:-3] or lines[:1]}: only calling baz() should print.")
    if lines[-1:] != [C_MESSAGE]:
        got = repr(lines[-1]) if len(lines) == 3 else "nothing"
        raise Wrong(f"c.baz() printed {got}; it should print {C_MESSAGE!r}.")
    return f"Any .py file you put into the package folder is a submodule: {package.name}.c."


def check_module_c(package) -> object:
    """Exercise 1: ``<package>/c.py`` (``package`` is ``"simple_package"``) defines ``baz()``, which
    prints ``Hello, function 'baz' from module 'c' calling``."""
    try:
        folder = _package_folder(package, "simple_package", "simple_package/c.py")
    except Wrong as exc:
        return _refuse_module_c(exc)
    return _check_module_c(... if _holds_placeholder(folder / "c.py") else folder)


@exercise("A third module")
def _refuse_module_c(exc: Wrong) -> None:
    raise exc


# --------------------------------------------------------------------------------------
# Exercise 2: fix a broken package

INIT_MESSAGE = "shapes: initialising"


@exercise(
    "Fix the broken package",
    hint="Close the parenthesis of the print in __init__.py, and write the function into "
    "shapes/square_area.py: a module name must be an identifier ('_', not '-').",
)
def _check_fixed_package(package: Path) -> str:
    name = package.name
    if not package.is_dir():
        raise Wrong(f"there is no folder {name} in {workspace.rel(_folder())}: run the cells that make it.")
    init, module = package / "__init__.py", package / "square_area.py"
    if _holds_placeholder(init):
        raise Wrong(f"{name}/__init__.py still holds only the placeholder comment: it should print {INIT_MESSAGE!r}.")
    if _holds_placeholder(module):
        raise Wrong(f"{name}/square_area.py still holds only the placeholder comment: define area(side) in it.")
    if not init.is_file():
        raise Wrong(f"there is no {name}/__init__.py: keep it, with the print that says {INIT_MESSAGE!r}.")
    _read_source(init, f"{name}/__init__.py")
    if not module.is_file():
        raise Wrong(
            f"there is no {name}/square_area.py: `square-area.py` has a '-' in its name, so no import "
            "statement can reach it. Write the module again under a name that is an identifier."
        )
    _read_source(module, f"{name}/square_area.py")
    statement = f"from {name} import square_area"
    done = _run_fresh(f"{statement}\nprint(square_area.area(3))", f"`{statement}`")
    if done.returncode != 0:
        error = _last_error(done)
        if "has no attribute 'area'" in error:
            raise Wrong(f"{name}/square_area.py has no function called area.")
        raise Wrong(f"`{statement}` then `square_area.area(3)` failed in a fresh Python: {error}")
    lines = done.stdout.splitlines()
    if INIT_MESSAGE not in lines:
        raise Wrong(f"importing {name} printed {lines[:-1] or 'nothing'}: __init__.py should print {INIT_MESSAGE!r}.")
    if lines[-1:] != ["9"]:
        raise Wrong(f"print(square_area.area(3)) printed {lines[-1]!r}; the area of a 3 by 3 square is 9.")
    return "Both faults are the ones you will meet: broken code in __init__.py, and a name import cannot spell."


def check_fixed_package(package) -> object:
    """Exercise 2: the package folder ``package`` (``"shapes"``) imports, its ``__init__.py`` prints
    ``shapes: initialising``, and ``square_area.area(3)`` is 9."""
    try:
        folder = _package_folder(package, "shapes", "files in shapes/")
    except Wrong as exc:
        return _refuse_fixed(exc)
    init, module = folder / "__init__.py", folder / "square_area.py"
    waiting = _holds_placeholder(init) and (_holds_placeholder(module) or not module.exists())
    return _check_fixed_package(... if waiting else folder)


@exercise("Fix the broken package")
def _refuse_fixed(exc: Wrong) -> None:
    raise exc


# --------------------------------------------------------------------------------------
# Exercise 3: is it a regular package?


def _sample_folders(base: Path) -> dict[str, tuple[Path, bool]]:
    """Build the folders exercise 3 is tried on: {description: (path, is it a regular package?)}."""
    packages.write_package(base, "simple_package", packages.SIMPLE_PACKAGE)
    workspace.write_text(base, "just_a_folder/a.py", "")
    workspace.write_text(base, "empty_folder/.keep", "")
    workspace.write_text(base, "a_module.py", "")
    workspace.write_text(base, "init_only/__init__.py", "")
    return {
        "simple_package (a folder with __init__.py, a.py, b.py)": (base / "simple_package", True),
        "init_only (a folder holding only __init__.py)": (base / "init_only", True),
        "just_a_folder (a.py but no __init__.py)": (base / "just_a_folder", False),
        "empty_folder (no .py files at all)": (base / "empty_folder", False),
        "a_module.py (a file, not a folder)": (base / "a_module.py", False),
        "missing (a path that does not exist)": (base / "missing", False),
    }


@exercise(
    "Is it a regular package?",
    hint="A regular package is a directory (`path.is_dir()`) that holds a file named "
    "__init__.py (`(path / '__init__.py').is_file()`).",
)
def check_is_regular_package(fn):
    """``fn(path)`` returns ``True`` exactly when ``path`` is a folder holding ``__init__.py``."""
    expect_callable(fn, "is_regular_package")
    with packages.private_folder(NOTEBOOK) as base:
        try:
            answers = [
                (description, call(fn, path, what=f"is_regular_package({path.name!r})"), expected)
                for description, (path, expected) in _sample_folders(base).items()
            ]
        except Wrong as exc:  # an error message may name the folder: show it course-relative
            raise Wrong(packages.tidy(str(exc)), exc.hint) from None
    for description, got, expected in answers:
        path_name = description.split(" ")[0]
        if not isinstance(got, bool):
            expect_type(got, bool, f"is_regular_package({path_name!r})")
        if got != expected:
            raise Wrong(f"for {description} you returned {got}, but it should be {expected}.")
    return "That is the chapter's rule: a directory with an __init__.py file."
