"""Exercise checks for notebook 4, *Importing simple_package*: the learner's files run in a fresh Python."""

from coursekit import packages, workspace
from coursekit.checks import Wrong, compile_answer, exercise, expect_type, first_mistake, output_of, read_answer

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


def _source(file: str, *needed: str) -> str:
    """The learner's ``file`` (in the notebook's folder), read and compiled, once the ``needed`` files are there."""
    folder = workspace.folder(NOTEBOOK)
    for name in needed:
        if not (folder / name).is_file():
            raise Wrong(f"{name} is missing: run the exercise's first cell, which copies it.")
    text = read_answer(folder / file, file)
    compile_answer(text, file)
    return text


TOP_LEVEL = "inside a package, `import a` looks for a *top-level* module named a; write `from . import a, b`."
#: Hints for the common failures of exercise 1: {a clue in the error: the hint}.
HINTS = {
    "No module named 'a'": TOP_LEVEL,
    "No module named 'b'": TOP_LEVEL,
    "has no attribute": "a submodule becomes an attribute of its package only once something imports it.",
}


@exercise("Make the chapter's second form work", hint="inside __init__.py, `from . import a, b` loads both submodules.")
def check_second_form():
    """Exercise 1: in ex1/, a fresh Python runs ``import simple_package``, then ``simple_package.a.bar()``."""
    _source("ex1/simple_package/__init__.py", "ex1/simple_package/a.py", "ex1/simple_package/b.py")
    code = "import simple_package as m\nm.a.bar()\nm.b.foo()\nprint(type(m.a).__name__, m.a.__name__, m.b.__name__)"
    what = "`import simple_package` then `simple_package.a.bar()`"
    printed = output_of(["-c", code], workspace.folder(NOTEBOOK) / "ex1", what, timeout=TIMEOUT, clues=HINTS)
    if printed.splitlines()[-1:] != ["module simple_package.a simple_package.b"]:
        raise Wrong("simple_package.a and simple_package.b must be the submodules a.py and b.py: import them.")
    return "A fresh Python ran the chapter's second form: importing the package now loads a and b."


@exercise("How often does __init__.py run?", hint="count the first import; which lines find it in sys.modules?")
def check_init_runs(count):
    """``count`` is how often eager_package prints "initialising" for :data:`RUNS_SCRIPT` (run on a copy)."""
    expect_type(count, int, "your count")
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_init_runs")
    packages.write_package(base, "eager_package", packages.sample_files("eager_package"))
    workspace.write_text(base, "count_runs.py", RUNS_SCRIPT)
    if count != output_of(["count_runs.py"], base, "the course's own experiment", timeout=TIMEOUT).count(LINE):
        tip = None if count else "the very first import always runs __init__.py."
        raise Wrong(f"{count} is not right: Python printed the line a different number of times.", hint=tip)
    return "Once for the first import (the cache answers the next three), and once more for the reload."


@exercise(
    "Run __init__.py a second time", hint='`del sys.modules["eager_package"]`, then `import eager_package` again.'
)
def check_run_again():
    """Exercise 3: ex3/again.py makes eager_package's ``__init__.py`` run twice in one process, without reload."""
    source = _source("ex3/again.py", "ex3/eager_package/__init__.py")
    first_mistake(
        ("reload" in source, "this exercise is about another way than importlib.reload: do it without reload."),
        (LINE in source, f"again.py prints {LINE!r} itself: the line must come from eager_package/__init__.py."),
    )
    times = output_of(["again.py"], workspace.folder(NOTEBOOK) / "ex3", "`python again.py`", timeout=TIMEOUT).count(
        LINE
    )
    first_mistake(
        (times == 0, f"{LINE!r} was never printed: your program has to import eager_package."),
        (times == 1, f"{LINE!r} was printed once: the second import found eager_package in sys.modules, ran nothing."),
        (times != 2, f"{LINE!r} was printed {times} times: make __init__.py run exactly twice."),
    )
    return "Forget a module in sys.modules and the next import runs its code again, into a new module object."
