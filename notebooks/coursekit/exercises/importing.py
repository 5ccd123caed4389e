"""Exercise checks for notebook 03, *Importing simple_package*.

Checks that need a package build it in ``workspace/03_importing_a_package/check_*/``
and try it in a fresh Python process, so the verdict comes from Python itself.

>>> check_bound_names(...)
⏳ Which names does it bind?: not answered yet. Replace the ... with your answer and run the cell again.
>>> check_init_runs(2)  # doctest: +NORMALIZE_WHITESPACE
✅ How often does __init__.py run?: correct! Once for the first import (the cache answers the rest),
and once more for the reload.
"""

from __future__ import annotations

from coursekit import CourseError, imports, packages, workspace
from coursekit.checks import Wrong, exercise, expect_type

__all__ = ["NOTEBOOK", "STATEMENTS", "RUNS_SCRIPT", "check_init_source", "check_bound_names", "check_init_runs"]

NOTEBOOK = "03_importing_a_package"

#: The chapter's two modules, exactly as notebook 02 and sample_packages/ have them.
A_SOURCE = packages.SIMPLE_PACKAGE["a.py"]
B_SOURCE = packages.SIMPLE_PACKAGE["b.py"]

#: Exercise 2: the statements whose bound names the learner predicts.
STATEMENTS = (
    "import simple_package.a",
    "from simple_package import a, b",
    "from simple_package.b import foo",
    "import simple_package.b as sb",
)

#: Exercise 3: the script whose "initialising" lines the learner counts.
RUNS_SCRIPT = """\
import importlib
import eager_package
import eager_package
import eager_package.a
from eager_package import b
importlib.reload(eager_package)
"""


@exercise(
    "Make the chapter's second form work",
    hint="inside simple_package/__init__.py, `from . import a, b` loads both submodules.",
)
def check_init_source(source):
    """``source`` is the text of an ``__init__.py`` that makes
    ``import simple_package; simple_package.a.bar(); simple_package.b.foo()`` work."""
    expect_type(source, str, "the source of __init__.py")
    if not source.strip():
        raise Wrong(
            "an empty __init__.py is exactly the case that fails: importing the package runs it, and it loads nothing."
        )
    try:
        compile(source, "__init__.py", "exec")
    except SyntaxError as exc:
        raise Wrong(f"this is not valid Python: {exc.msg} (line {exc.lineno}).") from None
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_init_source")
    packages.write_package(base, "simple_package", {"__init__.py": source, "a.py": A_SOURCE, "b.py": B_SOURCE})
    script = (
        "import simple_package\nsimple_package.a.bar()\nsimple_package.b.foo()\n"
        "print(simple_package.a.__name__, simple_package.b.__name__)\n"
    )
    run = packages.run_python(["-c", script], path=[base], timeout=10)
    if not run.ok:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        tip = None
        if "No module named 'a'" in last or "No module named 'b'" in last:
            tip = (
                "`import a` inside a package looks for a *top-level* module named a; "
                "write `from . import a, b` (or `import simple_package.a`)."
            )
        raise Wrong(f"`import simple_package` then `simple_package.a.bar()` failed with {last}", hint=tip)
    lines = run.stdout.splitlines()
    if lines[-1:] != ["simple_package.a simple_package.b"]:
        raise Wrong(
            "simple_package.a and simple_package.b must be the submodules a.py and b.py, "
            "not other objects with those names."
        )
    if (
        "Hello, function 'bar' from module 'a' calling" not in lines
        or "Hello, function 'foo' from module 'b' calling" not in lines
    ):
        raise Wrong("bar() and foo() did not print the chapter's messages.")
    return "Now both forms of the chapter work, because importing the package loads a and b."


def _as_names(value: object, statement: str) -> set[str]:
    if value is Ellipsis:
        raise Wrong(f"replace the ... after {statement!r} with a set of names, like {{'x'}}.")
    if isinstance(value, str):
        raise Wrong(f"for {statement!r} give a set of names like {{'x'}}, not the string {value!r}.")
    if not isinstance(value, (set, frozenset, list, tuple)):
        raise Wrong(
            f"your answer for {statement!r} should be a set of names like {{'x'}}, "
            f"but it is {type(value).__name__} {value!r}."
        )
    if not all(isinstance(v, str) for v in value):
        raise Wrong(f"your answer for {statement!r} should hold names as strings, like {{'x'}}.")
    return set(value)


def _hint_for(statement: str) -> str:
    if " as " in statement:
        return "with `as z`, only the alias z is bound."
    if statement.startswith("import "):
        return "`import x.y` binds only the top name x (then reach y as x.y)."
    return "`from x import y, z` binds exactly the names after `import`."


def check_bound_names(answer):
    """``answer`` maps each statement in :data:`STATEMENTS` to the set of names it binds.

    A dict whose values are all still ``...`` counts as not answered yet.
    """
    if isinstance(answer, dict) and answer and all(v is Ellipsis for v in answer.values()):
        answer = ...
    return _check_bound_names(answer)


@exercise(
    "Which names does it bind?", hint="`import x.y` binds only x; `from x import y` binds y; `as z` binds only z."
)
def _check_bound_names(answer):
    expect_type(answer, dict, "your answer")
    missing = [s for s in STATEMENTS if s not in answer]
    if missing:
        raise Wrong(f"your dict has no entry for {missing[0]!r}; keep the four statements as keys.")
    for statement in STATEMENTS:
        got = _as_names(answer[statement], statement)
        expected = set(imports.bound_names(statement))
        if got != expected:
            raise Wrong(
                f"for {statement!r} you said {sorted(got)!r}, but that is not what this statement binds.",
                hint=_hint_for(statement),
            )
    return "You can now read an import statement and know what appears in your namespace."


@exercise(
    "How often does __init__.py run?",
    hint="count the first import, then ask which lines find the package in sys.modules.",
)
def check_init_runs(count):
    """``count`` is how many times eager_package prints "initialising" for :data:`RUNS_SCRIPT`."""
    if isinstance(count, bool):
        raise Wrong("give a number of times (an int), not True or False.")
    expect_type(count, int, "your count")
    if count < 0:
        raise Wrong("a count cannot be negative.")
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_init_runs")
    packages.write_package(
        base,
        "eager_package",
        {
            "__init__.py": 'print("initialising eager_package")\nfrom . import a, b\n',
            "a.py": A_SOURCE,
            "b.py": B_SOURCE,
        },
    )
    run = packages.run_python(["-c", RUNS_SCRIPT], path=[base], timeout=10)
    if not run.ok:  # pragma: no cover - would be a bug in the course
        raise CourseError(f"the course's own experiment failed: {run}")
    actual = run.stdout.count("initialising eager_package")
    if count != actual:
        raise Wrong(
            f"{count} is not right: Python printed the line a different number of times.",
            hint=None if count else "the very first import always runs __init__.py.",
        )
    return "Once for the first import (the cache answers the rest), and once more for the reload."
