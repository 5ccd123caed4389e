"""Exercise checks for notebook 3, *Creating simple_package*: a fresh Python started in
``workspace/03_creating_a_package/`` imports the learner's files, so "correct" means "Python agrees"."""

from __future__ import annotations

import os
import shutil

from coursekit import packages, workspace
from coursekit.checks import Wrong, call, compile_answer, exercise, expect_callable, expect_type, output_of, read_answer

NOTEBOOK = "03_creating_a_package"
TIMEOUT = 10.0  # seconds the learner's package may run in a fresh Python
C_MESSAGE = "Hello, function 'baz' from module 'c' calling"
INIT_MESSAGE = "shapes: initialising"


def _read(package: object, *files: str):
    """The package folder named ``package``, each of its ``files`` read and compiled."""
    folder = workspace.folder(NOTEBOOK) / workspace.check_identifier(package, "package folder name")
    for name in files:
        shown = f"{folder.name}/{name}"
        if name == "square_area.py" and not (folder / name).is_file():
            raise Wrong(
                f"there is no {shown}: `square-area.py` has a '-' in its name, so no import statement can "
                "reach it. Write the module again under a name that is an identifier."
            )
        compile_answer(read_answer(folder / name, shown), shown)
    return folder


def _lines(code: str, what: str, missing: str, shown: str) -> list[str]:
    """What ``code`` prints in a fresh Python started in the notebook's folder; :class:`Wrong` when it fails."""
    try:
        return output_of(["-c", code], workspace.folder(NOTEBOOK), what, timeout=TIMEOUT).splitlines()
    except Wrong as exc:
        if f"attribute '{missing}'" not in str(exc):
            raise
        raise Wrong(f"{shown} has no function called {missing}.") from None


@exercise(
    "A third module",
    hint="Copy b.py's two lines into `%%writefile simple_package/c.py` and change 'foo' to 'baz' "
    "and 'b' to 'c', in the def line and in the message.",
)
def check_module_c(package):
    """Exercise 1: ``<package>/c.py`` defines ``baz()``, which prints :data:`C_MESSAGE`."""
    name = _read(package, "c.py").name
    statement = f"from {name} import a, b, c"
    lines = _lines(f"{statement}\na.bar()\nb.foo()\nc.baz()", f"`{statement}` then `c.baz()`", "baz", f"{name}/c.py")
    if lines[:1] == [C_MESSAGE] or len(lines) > 3:
        raise Wrong(f"importing c printed {lines[:-3] or lines[:1]}: only calling baz() should print.")
    if lines[-1:] != [C_MESSAGE]:
        raise Wrong(
            f"c.baz() printed {repr(lines[-1]) if len(lines) == 3 else 'nothing'}; it should print {C_MESSAGE!r}."
        )
    return f"Any .py file you put into the package folder is a submodule: {name}.c."


@exercise(
    "Fix the broken package",
    hint="Close the parenthesis of the print in __init__.py, and write the function into "
    "shapes/square_area.py: a module name must be an identifier ('_', not '-').",
)
def check_fixed_package(package):
    """Exercise 2: the package ``package`` imports, its ``__init__.py`` prints :data:`INIT_MESSAGE`, area(3) is 9."""
    name = _read(package, "__init__.py", "square_area.py").name
    statement = f"from {name} import square_area"
    code, what = f"{statement}\nprint(square_area.area(3))", f"`{statement}` then `square_area.area(3)`"
    lines = _lines(code, what, "area", f"{name}/square_area.py")
    if INIT_MESSAGE not in lines:
        raise Wrong(f"importing {name} printed {lines[:-1] or 'nothing'}: __init__.py should print {INIT_MESSAGE!r}.")
    if lines[-1:] != ["9"]:
        raise Wrong(f"print(square_area.area(3)) printed {lines[-1]!r}; the area of a 3 by 3 square is 9.")
    return "Both faults are the ones you will meet: broken code in __init__.py, and a name import cannot spell."


#: What exercise 3 is tried on: (description, the file that makes it, is it a regular package?).
SAMPLES = (
    ("simple_package (a folder with __init__.py, a.py, b.py)", "simple_package/__init__.py", True),
    ("init_only (a folder holding only __init__.py)", "init_only/__init__.py", True),
    ("just_a_folder (a.py but no __init__.py)", "just_a_folder/a.py", False),
    ("empty_folder (no .py files at all)", "empty_folder/.keep", False),
    ("a_module.py (a file, not a folder)", "a_module.py", False),
    ("missing (a path that does not exist)", None, False),
)


@exercise(
    "Is it a regular package?",
    hint="A regular package is a directory (`path.is_dir()`) that holds a file named "
    "__init__.py (`(path / '__init__.py').is_file()`).",
)
def check_is_regular_package(fn):
    """``fn(path)`` returns ``True`` exactly when ``path`` is a folder holding ``__init__.py``."""
    expect_callable(fn, "is_regular_package")
    names = [description.split()[0] for description, _, _ in SAMPLES]
    base = workspace.fresh_folder(workspace.ROOT, f"{NOTEBOOK}_check_{os.getpid()}")  # this process's own folder
    try:
        packages.write_package(base, "simple_package", packages.SIMPLE_PACKAGE)
        for _, file, _ in SAMPLES:
            if file:
                workspace.write_text(base, file, "")
        answers = [call(fn, base / name, what=f"is_regular_package({name!r})") for name in names]
    except Wrong as exc:  # an error message may name the folder: show it course-relative
        raise Wrong(packages.tidy(str(exc)), exc.hint) from None
    finally:
        workspace.forget_modules(base)
        shutil.rmtree(base, ignore_errors=True)
    for (description, _, expected), name, got in zip(SAMPLES, names, answers, strict=True):
        expect_type(got, bool, f"is_regular_package({name!r})")
        if got != expected:
            raise Wrong(f"for {description} you returned {got}, but it should be {expected}.")
    return "That is the chapter's rule: a directory with an __init__.py file."
