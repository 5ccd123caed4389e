"""Exercise checks for notebook 02, *Creating simple_package*.

The checks build what you describe in a private workspace folder (removed afterwards)
and import it in a fresh Python process, so "correct" means "Python agrees".

>>> print(check_module_names(...))
⏳ Which names can be modules?: not answered yet. Replace the ... with your answer and run the cell again.
>>> print(check_module_c(42))
❌ A third module: your answer (the source of c.py) should be a str, but it is an int (42).
💡 Hint: Copy b.py's two lines and change 'foo' to 'baz' and 'b' to 'c' -- in the def line and in the message.
"""

from __future__ import annotations

import ast
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.checks import Wrong, call, exercise, expect_callable, expect_type

__all__ = ["check_module_c", "check_is_regular_package", "check_module_names", "NAME_CANDIDATES"]

#: Checks work in a private folder named after the notebook (see packages.private_folder).
NOTEBOOK = "02_creating_a_package"

#: The names of exercise 3: which of them can be the name of a module you import?
NAME_CANDIDATES = ("simple_package", "my-module", "2d_tools", "class", "_helpers", "Tools2", "print")

C_MESSAGE = "Hello, function 'baz' from module 'c' calling"


@exercise(
    "A third module",
    hint="Copy b.py's two lines and change 'foo' to 'baz' and 'b' to 'c' -- in the def line and in the message.",
)
def check_module_c(source):
    """``source`` is the text of ``simple_package/c.py``: a function ``baz()`` that prints
    ``Hello, function 'baz' from module 'c' calling``."""
    expect_type(source, str, "your answer (the source of c.py)")
    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise Wrong(f"your source is not valid Python: {exc.msg} (line {exc.lineno}).") from None
    with packages.private_folder(NOTEBOOK) as folder:
        packages.write_package(folder, "simple_package", {**packages.SIMPLE_PACKAGE, "c.py": source})
        run = packages.run_python(
            ["-c", "from simple_package import a, b, c\na.bar()\nb.foo()\nc.baz()"], path=[folder]
        )
    if not run.ok:
        error = (run.stderr.strip().splitlines() or ["no output"])[-1]
        if "has no attribute 'baz'" in error:
            raise Wrong("c.py has no function called baz.")
        raise Wrong(f"`from simple_package import a, b, c` then `c.baz()` failed: {error}")
    lines = run.stdout.splitlines()
    if lines[:1] == [C_MESSAGE] or len(lines) > 3:
        raise Wrong(f"importing c printed {lines[:-3] or lines[:1]}: only calling baz() should print.")
    if lines[-1:] != [C_MESSAGE]:
        got = repr(lines[-1]) if len(lines) == 3 else "nothing"
        raise Wrong(f"c.baz() printed {got}; it should print {C_MESSAGE!r}.")
    return "Any .py file you drop into the package folder is a submodule: simple_package.c."


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


@exercise(
    "Which names can be modules?",
    hint="`import NAME` needs NAME to be a Python identifier (letters, digits, _; not "
    "starting with a digit) and not a keyword. Try `name.isidentifier()` and "
    "`keyword.iskeyword(name)`.",
)
def check_module_names(names):
    """``names``: the set of names from :data:`NAME_CANDIDATES` that can be imported with
    ``import NAME`` once a file ``NAME.py`` exists."""
    expect_type(names, (set, frozenset, list, tuple), "your answer (a set of names)")
    for name in names:
        expect_type(name, str, f"every name in your set ({name!r})")
    answer = set(names)
    unknown = sorted(answer - set(NAME_CANDIDATES))
    if unknown:
        raise Wrong(
            f"{unknown} {'is' if len(unknown) == 1 else 'are'} not in the list: pick from {list(NAME_CANDIDATES)}."
        )
    for name in NAME_CANDIDATES:
        try:
            workspace.check_identifier(name, "module name")
            valid, reason = True, ""
        except CourseError as exc:
            valid, reason = False, str(exc).split(",")[0].split(":")[0]
        if name in answer and not valid:
            raise Wrong(f"{name!r} cannot be a module name: {reason}.")
        if name not in answer and valid:
            extra = (
                " print is a built-in function, not a keyword: a module may be called print (legal, if unwise)."
                if name == "print"
                else ""
            )
            raise Wrong(f"{name!r} is a valid identifier and not a keyword, so `import {name}` works.{extra}")
    return "Identifiers that are not keywords; rename the others (my_module, tools_2d, class_)."
