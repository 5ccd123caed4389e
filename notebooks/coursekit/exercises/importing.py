"""Exercise checks for notebook 4, *Importing simple_package*.

The learner writes real files in the notebook's working folder
(``workspace/04_importing_a_package/``); each check reads them and runs them in a fresh
Python process (``subprocess.run`` with a time limit), so the verdict comes from Python
itself. Every bad answer (the placeholder still there, a missing file, a syntax error, an
exception, a wrong result, an endless loop) gets a sentence, never a traceback.

>>> check_init_runs(...)
⏳ How often does __init__.py run?: not answered yet. Replace the ... with your answer and run the cell again.
>>> check_init_runs(2)  # doctest: +NORMALIZE_WHITESPACE
✅ How often does __init__.py run?: correct! Once for the first import (the cache answers the next three),
and once more for the reload.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.checks import Feedback, Wrong, exercise, expect_type

__all__ = [
    "NOTEBOOK",
    "A_SOURCE",
    "B_SOURCE",
    "EAGER_INIT",
    "RUNS_SCRIPT",
    "SECOND_FORM",
    "TIME_LIMIT",
    "check_second_form",
    "check_init_runs",
    "check_run_again",
]

NOTEBOOK = "04_importing_a_package"

#: The chapter's two modules, exactly as notebook 3 and sample_packages/ have them (defined once, in ``packages``).
A_SOURCE = packages.SIMPLE_PACKAGE["a.py"]
B_SOURCE = packages.SIMPLE_PACKAGE["b.py"]
#: ``eager_package/__init__.py`` as the notebook ends it (and sample_packages/ holds it).
EAGER_INIT = 'print("initialising eager_package")\nfrom . import a, b\n'

#: Exercise 1: the chapter's second form, run in ``ex1/`` by a fresh interpreter.
SECOND_FORM = "import simple_package\nsimple_package.a.bar()\nsimple_package.b.foo()\n"

#: Exercise 2: the program whose "initialising" lines the learner predicts (the notebook
#: writes the same text to ``count_runs.py`` with ``%%writefile``).
RUNS_SCRIPT = """\
import importlib

import eager_package
import eager_package
import eager_package.a
from eager_package import b

importlib.reload(eager_package)
"""

#: Seconds a learner's program may run in a check before we call it an endless loop.
TIME_LIMIT = 10

_LINE = "initialising eager_package"


def _folder() -> Path:
    return workspace.folder(NOTEBOOK)


def _shown(path: Path) -> str:
    """``path`` as the learner sees it: relative to the notebook's working folder."""
    try:
        return path.relative_to(_folder()).as_posix()
    except ValueError:  # pragma: no cover - every path a check shows is in the folder
        return workspace.rel(path)


def _not_answered(title: str, cell: str) -> Feedback:
    return Feedback(
        False,
        f"⏳ {title}: not answered yet. Write your code in the `%%writefile {cell}` cell "
        "(in place of the comment), run that cell, then run this check again.",
    )


def _read_source(path: Path, what: str) -> str | None:
    """The learner's file, or ``None`` when it still holds only the placeholder comment.

    Raises :class:`Wrong` for a missing file and for a syntax error (naming the line).
    """
    if not path.parent.is_dir():
        raise Wrong(
            f"there is no folder {_shown(path.parent)}/ yet: run the exercise's first cell, which makes it.",
            hint="run the cells of the exercise from the top.",
        )
    if not path.is_file():
        raise Wrong(
            f"there is no file {_shown(path)} yet: run the `%%writefile {_shown(path)}` cell first.",
            hint="a `%%writefile` cell writes its file only when you run it.",
        )
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(source, filename=path.name)
    except SyntaxError as exc:
        raise Wrong(
            f"{what} is not valid Python: {exc.msg} (line {exc.lineno} of {_shown(path)}).",
            hint="fix that line, run the `%%writefile` cell again, then this check.",
        ) from None
    if not tree.body and "..." in source:
        return None  # only the comment the notebook put there
    return source


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``python *args`` in a fresh interpreter started in ``cwd``, as a terminal would run it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONSTARTUP", "PYTHONSAFEPATH")}
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    try:
        return subprocess.run(
            [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIME_LIMIT
        )
    except subprocess.TimeoutExpired:
        raise Wrong(
            f"the program ran for more than {TIME_LIMIT} s: is there an endless loop?",
            hint="look for a `while` loop that never ends (or code that waits for input).",
        ) from None


def _last_line(stderr: str) -> str:
    return (stderr.strip().splitlines() or ["no message"])[-1]


def _where(relative: object, example: str) -> Path:
    """The learner's folder or file ``relative`` (to the notebook's working folder), checked."""
    if not isinstance(relative, str) or not relative.strip() or len(relative) > 200:
        raise Wrong(
            f"give the place of your answer as a short relative path like {example!r}, not {_short(relative)}.",
            hint=f"call the check without an argument: it looks in {example!r}.",
        )
    return workspace.safe_path(_folder(), relative.strip())


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --- Exercise 1 -------------------------------------------------------------------------


def check_second_form(folder: str = "ex1") -> Feedback:
    """Exercise 1: ``ex1/simple_package/__init__.py`` makes the chapter's second form work.

    A fresh interpreter started in ``folder`` (relative to the notebook's working folder)
    runs ``import simple_package``, then ``simple_package.a.bar()`` and ``simple_package.b.foo()``.
    """
    try:
        init = _where(folder, "ex1") / "simple_package" / "__init__.py"
        if init.is_file() and _read_source(init, "your __init__.py") is None:
            return _not_answered(_check_second_form.title, _shown(init))
    except (Wrong, CourseError):
        pass  # _check_second_form reports it
    return _check_second_form(folder)


@exercise(
    "Make the chapter's second form work",
    hint="inside simple_package/__init__.py, `from . import a, b` loads both submodules.",
)
def _check_second_form(folder):
    ex1 = _where(folder, "ex1")
    package = ex1 / "simple_package"
    source = _read_source(package / "__init__.py", "your __init__.py")
    for name in ("a.py", "b.py"):
        if not (package / name).is_file():
            raise Wrong(
                f"{_shown(package / name)} is missing: run the exercise's first cell, which copies a.py and b.py.",
                hint="the chapter's a.py and b.py must sit next to your __init__.py.",
            )
    if source is not None and not ast.parse(source).body:
        raise Wrong(
            "your __init__.py holds no code: an empty __init__.py is exactly the case that fails, "
            "as importing the package runs it and it loads nothing."
        )
    script = (
        SECOND_FORM + "print(type(simple_package.a).__name__, simple_package.a.__name__, simple_package.b.__name__)\n"
    )
    run = _run(["-c", script], ex1)
    if run.returncode != 0:
        last = _last_line(run.stderr)
        tip = None
        if "No module named 'a'" in last or "No module named 'b'" in last:
            tip = (
                "inside a package, `import a` looks for a *top-level* module named a on sys.path; "
                "write `from . import a, b` (or `import simple_package.a`)."
            )
        elif "has no attribute" in last:
            tip = "a submodule becomes an attribute of its package only once something imports it."
        raise Wrong(f"`import simple_package` then `simple_package.a.bar()` failed with {last}", hint=tip)
    lines = run.stdout.splitlines()
    if lines[-1:] != ["module simple_package.a simple_package.b"]:
        raise Wrong(
            "simple_package.a and simple_package.b must be the submodules a.py and b.py, "
            "not other objects with those names.",
            hint="import the submodules; do not define names a and b yourself.",
        )
    if (
        "Hello, function 'bar' from module 'a' calling" not in lines
        or "Hello, function 'foo' from module 'b' calling" not in lines
    ):  # pragma: no cover - a.py and b.py are the chapter's, so this means they were edited
        raise Wrong("bar() and foo() did not print the chapter's messages: are a.py and b.py the chapter's?")
    return "A fresh Python ran the chapter's second form: importing the package now loads a and b."


# --- Exercise 2 -------------------------------------------------------------------------


@exercise(
    "How often does __init__.py run?",
    hint="count the first import, then ask which lines find eager_package in sys.modules.",
)
def check_init_runs(count):
    """``count`` is how many times eager_package prints "initialising" for :data:`RUNS_SCRIPT`.

    The check runs its own copy of the program and of eager_package (in
    ``check_init_runs/``), so an edited ``count_runs.py`` cannot change the answer.
    """
    if isinstance(count, bool):
        raise Wrong("give a number of times (an int), not True or False.")
    expect_type(count, int, "your count")
    if count < 0:
        raise Wrong("a count cannot be negative.")
    base = workspace.fresh_folder(_folder(), "check_init_runs")
    for name, text in (("__init__.py", EAGER_INIT), ("a.py", A_SOURCE), ("b.py", B_SOURCE)):
        workspace.write_text(base, f"eager_package/{name}", text)
    workspace.write_text(base, "count_runs.py", RUNS_SCRIPT)
    run = _run(["count_runs.py"], base)
    if run.returncode != 0:  # pragma: no cover - would be a bug in the course
        raise CourseError(f"the course's own experiment failed: {_last_line(run.stderr)}")
    actual = run.stdout.count(_LINE)
    if count != actual:
        raise Wrong(
            f"{count} is not right: Python printed the line a different number of times.",
            hint=None if count else "the very first import always runs __init__.py.",
        )
    return "Once for the first import (the cache answers the next three), and once more for the reload."


# --- Exercise 3 -------------------------------------------------------------------------


def check_run_again(program: str = "ex3/again.py") -> Feedback:
    """Exercise 3: ``ex3/again.py`` makes eager_package's ``__init__.py`` run twice in one
    process, without ``importlib.reload``. ``program`` is relative to the notebook's working
    folder; the check runs it in a fresh interpreter started in its folder."""
    try:
        again = _where(program, "ex3/again.py")
        if again.is_file() and _read_source(again, again.name) is None:
            return _not_answered(_check_run_again.title, _shown(again))
    except (Wrong, CourseError):
        pass  # _check_run_again reports it
    return _check_run_again(program)


@exercise(
    "Run __init__.py a second time",
    hint='`del sys.modules["eager_package"]`, then `import eager_package` again.',
)
def _check_run_again(program):
    again = _where(program, "ex3/again.py")
    if not again.name.endswith(".py"):
        raise Wrong(f"{program!r} is not a Python file: give a path like 'ex3/again.py'.")
    ex3 = again.parent
    source = _read_source(again, again.name)
    if source is not None and not ast.parse(source).body:
        raise Wrong("your program holds no code yet: import eager_package, then make its __init__.py run again.")
    if "reload" in source:
        raise Wrong(
            "this exercise is about another way than importlib.reload: do it without reload.",
            hint="what does `import` check first, before it looks for any file?",
        )
    if _LINE in source:
        raise Wrong(
            f"{again.name} prints {_LINE!r} itself: the line must come from eager_package/__init__.py.",
            hint="remove that print and make Python run __init__.py again.",
        )
    if not (ex3 / "eager_package" / "__init__.py").is_file():
        raise Wrong(
            f"{_shown(ex3 / 'eager_package' / '__init__.py')} is missing: "
            "run the exercise's first cell, which copies eager_package.",
        )
    run = _run([again.name], ex3)
    if run.returncode != 0:
        raise Wrong(f"`python {again.name}` failed with {_last_line(run.stderr)}")
    times = run.stdout.count(_LINE)
    if times == 0:
        raise Wrong(
            f"{_LINE!r} was never printed: your program has to import eager_package.",
            hint="start with `import eager_package`.",
        )
    if times == 1:
        raise Wrong(
            f"{_LINE!r} was printed once: the second import found eager_package in sys.modules and ran nothing.",
            hint='remove it from the cache first: `del sys.modules["eager_package"]`.',
        )
    if times > 2:
        raise Wrong(f"{_LINE!r} was printed {times} times: make __init__.py run exactly twice.")
    return "Forget a module in sys.modules and the next import runs its code again, into a new module object."
