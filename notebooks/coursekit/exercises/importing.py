"""Exercise checks for notebook 4, *Importing simple_package*: the learner's files (in
``workspace/04_importing_a_package/``) run in a fresh Python, so the verdict comes from Python itself."""

from __future__ import annotations

from pathlib import Path

from coursekit import packages, workspace
from coursekit.checks import Wrong, compile_answer, exercise, expect_type, output_of, read_answer

NOTEBOOK = "04_importing_a_package"
TIMEOUT = 10.0  # seconds a learner's program may run in a check
LINE = "initialising eager_package"
#: Exercise 2's program (the notebook writes the same text to ``count_runs.py``).
RUNS_SCRIPT = """\
import importlib

import eager_package
import eager_package
import eager_package.a
from eager_package import b

importlib.reload(eager_package)
"""


def _where(relative: object, example: str) -> Path:
    """The learner's folder or file ``relative`` (to the notebook's folder), checked."""
    if not isinstance(relative, str) or not relative.strip() or len(relative) > 200:
        shown = repr(relative) if len(repr(relative)) <= 40 else repr(relative)[:37] + "..."
        raise Wrong(
            f"give the place of your answer as a short relative path like {example!r}, not {shown}.",
            hint=f"call the check without an argument: it looks in {example!r}.",
        )
    return workspace.safe_path(workspace.folder(NOTEBOOK), relative.strip())


def _source(path: Path, *needed: str) -> str:
    """The learner's file ``path``, read and compiled, once the files the exercise's first cell copies are there."""
    for name in needed:
        if not (path.parent / name).is_file():
            raise Wrong(f"{_shown(path.parent / name)} is missing: run the exercise's first cell, which copies it.")
    text = read_answer(path, _shown(path))
    compile_answer(text, _shown(path))
    return text


def _shown(path: Path) -> str:
    return path.relative_to(workspace.folder(NOTEBOOK)).as_posix()


TOP_LEVEL = (
    "inside a package, `import a` looks for a *top-level* module named a on sys.path; "
    "write `from . import a, b` (or `import simple_package.a`)."
)
#: Hints for the common failures of exercise 1: {a clue in the error: the hint}.
HINTS = {
    "No module named 'a'": TOP_LEVEL,
    "No module named 'b'": TOP_LEVEL,
    "has no attribute": "a submodule becomes an attribute of its package only once something imports it.",
}


@exercise(
    "Make the chapter's second form work",
    hint="inside simple_package/__init__.py, `from . import a, b` loads both submodules.",
)
def check_second_form(folder="ex1"):
    """Exercise 1: in ``folder``, a fresh Python runs ``import simple_package``, then ``simple_package.a.bar()``."""
    ex1 = _where(folder, "ex1")
    _source(ex1 / "simple_package" / "__init__.py", "a.py", "b.py")
    code = "import simple_package\nsimple_package.a.bar()\nsimple_package.b.foo()\nm = simple_package\n"
    try:
        printed = output_of(
            ["-c", code + "print(type(m.a).__name__, m.a.__name__, m.b.__name__)"],
            ex1,
            "`import simple_package` then `simple_package.a.bar()`",
            timeout=TIMEOUT,
        )
    except Wrong as exc:
        raise Wrong(str(exc), next((tip for clue, tip in HINTS.items() if clue in str(exc)), None)) from None
    if printed.splitlines()[-1:] != ["module simple_package.a simple_package.b"]:
        raise Wrong(
            "simple_package.a and simple_package.b must be the submodules a.py and b.py, not other objects "
            "with those names.",
            hint="import the submodules; do not define names a and b yourself.",
        )
    return "A fresh Python ran the chapter's second form: importing the package now loads a and b."


@exercise(
    "How often does __init__.py run?",
    hint="count the first import, then ask which lines find eager_package in sys.modules.",
)
def check_init_runs(count):
    """``count`` is how often eager_package prints "initialising" for :data:`RUNS_SCRIPT` (run on a copy)."""
    if isinstance(count, bool):
        raise Wrong("give a number of times (an int), not True or False.")
    expect_type(count, int, "your count")
    if count < 0:
        raise Wrong("a count cannot be negative.")
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_init_runs")
    packages.write_package(base, "eager_package", packages.sample_files("eager_package"))
    workspace.write_text(base, "count_runs.py", RUNS_SCRIPT)
    if count != output_of(["count_runs.py"], base, "the course's own experiment", timeout=TIMEOUT).count(LINE):
        raise Wrong(
            f"{count} is not right: Python printed the line a different number of times.",
            hint=None if count else "the very first import always runs __init__.py.",
        )
    return "Once for the first import (the cache answers the next three), and once more for the reload."


#: What exercise 3's program printed, when that is wrong: {times LINE was printed: (message, hint)}.
TIMES = {
    0: (f"{LINE!r} was never printed: your program has to import eager_package.", "start with `import eager_package`."),
    1: (
        f"{LINE!r} was printed once: the second import found eager_package in sys.modules and ran nothing.",
        'remove it from the cache first: `del sys.modules["eager_package"]`.',
    ),
}


@exercise(
    "Run __init__.py a second time",
    hint='`del sys.modules["eager_package"]`, then `import eager_package` again.',
)
def check_run_again(program="ex3/again.py"):
    """Exercise 3: ``program`` makes eager_package's ``__init__.py`` run twice in one process, without reload."""
    again = _where(program, "ex3/again.py")
    if again.suffix != ".py":
        raise Wrong(f"{program!r} is not a Python file: give a path like 'ex3/again.py'.")
    source = _source(again, "eager_package/__init__.py")
    if "reload" in source:
        raise Wrong(
            "this exercise is about another way than importlib.reload: do it without reload.",
            hint="what does `import` check first, before it looks for any file?",
        )
    if LINE in source:
        raise Wrong(
            f"{again.name} prints {LINE!r} itself: the line must come from eager_package/__init__.py.",
            hint="remove that print and make Python run __init__.py again.",
        )
    times = output_of([again.name], again.parent, f"`python {again.name}`", timeout=TIMEOUT).count(LINE)
    if times != 2:
        raise Wrong(*TIMES.get(times, (f"{LINE!r} was printed {times} times: make __init__.py run exactly twice.",)))
    return "Forget a module in sys.modules and the next import runs its code again, into a new module object."
