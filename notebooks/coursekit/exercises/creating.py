"""Exercise checks for notebook 3, *Creating simple_package*: a fresh Python imports the learner's files."""

import os
import shutil

from coursekit import packages, workspace
from coursekit.checks import Wrong, call, compile_answer, exercise, expect_callable, expect_type, output_of, read_answer

NOTEBOOK = "03_creating_a_package"
TIMEOUT = 10.0  # seconds the learner's package may run in a fresh Python
C_MESSAGE = "Hello, function 'baz' from module 'c' calling"
INIT_MESSAGE = "shapes: initialising"


def _package(package: object, *files: str) -> str:
    """The name of the package folder ``package``, once each of its ``files`` is read and compiled."""
    folder = workspace.folder(NOTEBOOK) / workspace.check_identifier(package, "package folder name")
    for name in files:
        shown = f"{folder.name}/{name}"
        compile_answer(read_answer(folder / name, shown), shown)  # no square_area.py? The hint says why.
    return folder.name


def _lines(statement: str, then: str, file: str, function: str) -> list[str]:
    """What ``statement`` then ``then`` print in a fresh Python in the notebook's folder; ``file`` has ``function``."""
    what = f"`{statement}` then `{then.splitlines()[-1]}`"
    clue = {f"attribute '{function}'": f"{file} has no function called {function}."}
    printed = output_of(["-c", f"{statement}\n{then}"], workspace.folder(NOTEBOOK), what, timeout=TIMEOUT, clues=clue)
    return printed.splitlines()


@exercise("A third module", hint="copy b.py into simple_package/c.py; change 'foo' to 'baz' and 'b' to 'c'.")
def check_module_c(package):
    """Exercise 1: ``<package>/c.py`` defines ``baz()``, which prints :data:`C_MESSAGE`."""
    name = _package(package, "c.py")
    lines = _lines(f"from {name} import a, b, c", "a.bar()\nb.foo()\nc.baz()", f"{name}/c.py", "baz")
    if lines[:1] == [C_MESSAGE] or len(lines) > 3:
        raise Wrong(f"importing c printed {lines[:-3] or lines[:1]}: only calling baz() should print.")
    if lines[2:] != [C_MESSAGE]:
        raise Wrong(f"c.baz() printed {lines[2:] or 'nothing'}; it should print {C_MESSAGE!r}.")
    return f"Any .py file you put into the package folder is a submodule: {name}.c."


@exercise("Fix the broken package", hint="close the print's parenthesis; a module name needs '_', not '-'.")
def check_fixed_package(package):
    """Exercise 2: the package ``package`` imports, its ``__init__.py`` prints :data:`INIT_MESSAGE`, area(3) is 9."""
    name = _package(package, "__init__.py", "square_area.py")
    lines = _lines(f"from {name} import square_area", "print(square_area.area(3))", f"{name}/square_area.py", "area")
    if INIT_MESSAGE not in lines:
        raise Wrong(f"importing {name} printed {lines[:-1] or 'nothing'}: __init__.py should print {INIT_MESSAGE!r}.")
    if lines[-1:] != ["9"]:
        raise Wrong(f"print(square_area.area(3)) printed {lines[-1]!r}; the area of a 3 by 3 square is 9.")
    return "Both faults are the ones you will meet: broken code in __init__.py, and a name import cannot spell."


#: What exercise 3 is tried on: (its name, what it is, the file that makes it, is it a regular package?).
SAMPLES = (
    ("simple_package", "a folder with __init__.py, a.py, b.py", None, True),
    ("init_only", "a folder holding only __init__.py", "init_only/__init__.py", True),
    ("just_a_folder", "a.py but no __init__.py", "just_a_folder/a.py", False),
    ("a_module.py", "a file, not a folder", "a_module.py", False),
    ("missing", "a path that does not exist", None, False),
)


@exercise("Is it a regular package?", hint="a directory (`path.is_dir()`) holding a file `path / '__init__.py'`.")
def check_is_regular_package(fn):
    """``fn(path)`` returns ``True`` exactly when ``path`` is a folder holding ``__init__.py``."""
    expect_callable(fn, "is_regular_package")
    base = workspace.fresh_folder(workspace.ROOT, f"{NOTEBOOK}_check_{os.getpid()}")  # this process's own folder
    try:
        packages.write_package(base, "simple_package", packages.SIMPLE_PACKAGE)
        for file in filter(None, (file for *_, file, _ in SAMPLES)):
            workspace.write_text(base, file, "")
        answers = [call(fn, base / name, what=f"is_regular_package({name!r})") for name, *_ in SAMPLES]
    except Wrong as exc:  # an error message may name the folder: show it course-relative
        raise Wrong(packages.tidy(str(exc)), exc.hint) from None
    finally:
        workspace.forget_modules(base)
        shutil.rmtree(base, ignore_errors=True)
    for (name, what, _, expected), got in zip(SAMPLES, answers, strict=True):
        expect_type(got, bool, f"is_regular_package({name!r})")
        if got != expected:
            raise Wrong(f"for {name} ({what}) you returned {got}, but it should be {expected}.")
    return "That is the chapter's rule: a directory with an __init__.py file."
