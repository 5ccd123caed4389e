"""Exercise checks for notebook 6, *Namespace packages and python -m*.

The learner writes real files with ``%%writefile`` into the notebook's working folder
(``workspace/06_namespace_packages_and_python_m/``); each check reads them, copies them
next to fresh copies of the chapter's files and runs them in a fresh interpreter, as a
terminal would. A file that still holds only its placeholder comment is "not answered yet".

>>> from coursekit import workspace
>>> ws = workspace.reset(NOTEBOOK)
>>> check_main_py()  # doctest: +ELLIPSIS
❌ Make simple_package runnable: there is no file ex2/simple_package/__main__.py yet: run the cells above ...
💡 Hint: __main__.py runs with `python -m simple_package`; ...
>>> _ = workspace.write_text(ws, "ex2/simple_package/__main__.py", "# ... your __main__.py here\\n")
>>> check_main_py()
⏳ Make simple_package runnable: not answered yet. Replace the ... with your answer and run the cell again.
"""

from __future__ import annotations

from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import Feedback, Wrong, compile_answer, exercise, last_line, run_python

__all__ = ["check_third_portion", "check_main_py", "NOTEBOOK", "TIMEOUT", "A_PY", "B_PY", "C_GREETING"]

#: The notebook whose working folder the learner's files are in.
NOTEBOOK = "06_namespace_packages_and_python_m"
#: Seconds a learner's program may run in a check before we call it an endless loop.
TIMEOUT = 10

#: The chapter's two modules, exactly as it defines them.
A_PY = "def bar():\n    print(\"Hello, function 'bar' from module 'a' calling\")\n"
B_PY = "def foo():\n    print(\"Hello, function 'foo' from module 'b' calling\")\n"
BAR = "Hello, function 'bar' from module 'a' calling"
FOO = "Hello, function 'foo' from module 'b' calling"
C_GREETING = "Hello, function 'baz' from module 'c' calling"


class _Problem:
    """A reason why the learner's file could not even be read (passed to the inner check)."""

    def __init__(self, message: str):
        self.message = message


def _read_answer(folder: object, relative: str, answer_cell: str) -> object:
    """The text of the learner's file ``folder/relative`` in the notebook's working folder.

    Returns ``...`` when the file holds only comments (the placeholder), and a
    :class:`_Problem` when it cannot be read."""
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


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        workspace.write_text(folder, name, text)


# ----------------------------------------------------------------- exercise 1

_EX1 = "Predict, then build a third portion"


@exercise(
    _EX1,
    hint="a portion is a folder on sys.path holding a simple_namespace folder WITHOUT __init__.py; "
    "put c.py (with a function baz) in ex1/simple_namespace/.",
)
def _check_third_portion(answer: object, folder: str = "ex1") -> str:
    if isinstance(answer, _Problem):
        raise Wrong(answer.message)
    shown = f"{folder}/simple_namespace/c.py"
    compile_answer(answer, shown)
    learner = workspace.folder(NOTEBOOK) / folder
    if (learner / "simple_namespace" / "__init__.py").exists():
        raise Wrong(
            f"{folder}/simple_namespace/__init__.py exists, so that folder is a regular package: it beats the "
            "namespace portions, and `from simple_namespace import a` fails. Delete that __init__.py "
            "(Path('ex1/simple_namespace/__init__.py').unlink()).",
            hint="that was the prediction to make: a regular package anywhere on sys.path wins over every portion.",
        )
    # Fresh copies of the lesson's two portions, then the learner's folder third.
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_ex1")
    _write(base, {"portion_one/simple_namespace/a.py": A_PY, "portion_two/simple_namespace/b.py": B_PY})
    code = "from simple_namespace import a, b, c; a.bar(); b.foo(); c.baz()"
    run = run_python(
        ["-c", code], cwd=base, path=[base / "portion_one", base / "portion_two", learner], timeout=TIMEOUT
    )
    if run.returncode != 0:
        last = last_line(run.stderr, base)
        if "cannot import name 'c'" in last:
            raise Wrong(f"`from simple_namespace import a, b, c` failed: {last} Is c.py in {folder}/simple_namespace/?")
        raise Wrong(f"`{code}` failed with {last}")
    lines = run.stdout.splitlines()
    if lines[:2] != [BAR, FOO]:
        raise Wrong(f"importing your c.py printed something of its own: {run.stdout!r}; c.py should only define baz.")
    if lines[2:] != [C_GREETING]:
        raise Wrong(f"c.baz() printed {chr(10).join(lines[2:])!r}; expected {C_GREETING!r}.")
    return "One namespace package, three folders: a, b and c came from three portions."


def check_third_portion(folder: object = "ex1") -> Feedback:
    """Check ``ex1/simple_namespace/c.py``: a third portion of ``simple_namespace`` whose ``baz()``
    prints ``Hello, function 'baz' from module 'c' calling``; ``ex1/simple_namespace`` must stay
    a namespace folder (no ``__init__.py``)."""
    answer = _read_answer(folder, "simple_namespace/c.py", "%%writefile ex1/simple_namespace/c.py")
    return _check_third_portion(answer, folder.strip() if isinstance(answer, str) else "ex1")


# ----------------------------------------------------------------- exercise 2

_EX2 = "Make simple_package runnable"
EXPECTED_OUTPUT = f"{BAR}\n{FOO}\n"


@exercise(
    _EX2,
    hint="__main__.py runs with `python -m simple_package`; it imports a and b itself "
    "(the chapter's __init__.py is empty).",
)
def _check_main_py(answer: object) -> str:
    if isinstance(answer, _Problem):
        raise Wrong(answer.message)
    shown = "ex2/simple_package/__main__.py"
    compile_answer(answer, shown)
    # The chapter's package, unchanged, with the learner's __main__.py.
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_ex2")
    _write(base, {"simple_package/__init__.py": "", "simple_package/a.py": A_PY, "simple_package/b.py": B_PY})
    _write(base, {"simple_package/__main__.py": answer})
    run = run_python(["-m", "simple_package"], cwd=base, timeout=TIMEOUT)
    if run.returncode != 0:
        last = last_line(run.stderr, base)
        if "has no attribute" in last:
            raise Wrong(
                f"`python -m simple_package` failed with {last}",
                hint="with an empty __init__.py, `import simple_package` does not load a and b: "
                "import them explicitly (from simple_package import a, b).",
            )
        raise Wrong(f"`python -m simple_package` failed with {last}")
    if run.stdout == EXPECTED_OUTPUT:
        return "`python -m simple_package` ran your __main__.py."
    if sorted(run.stdout.splitlines()) == sorted(EXPECTED_OUTPUT.splitlines()):
        raise Wrong("both greetings are printed, but in the wrong order: bar's first, then foo's.")
    if not run.stdout:
        raise Wrong("`python -m simple_package` printed nothing: does __main__.py call a.bar() and b.foo()?")
    raise Wrong(f"`python -m simple_package` printed {run.stdout!r}; expected bar's greeting, then foo's.")


def check_main_py(folder: object = "ex2") -> Feedback:
    """Check ``ex2/simple_package/__main__.py``: with the chapter's package (empty ``__init__.py``),
    ``python -m simple_package`` must print bar's greeting, then foo's."""
    return _check_main_py(
        _read_answer(folder, "simple_package/__main__.py", "%%writefile ex2/simple_package/__main__.py")
    )
