"""Exercise checks for notebook 6, *Namespace packages and python -m*: the learner's file runs next to
fresh copies of the chapter's files, in a fresh Python, as a terminal would run it."""

from __future__ import annotations

from coursekit import workspace
from coursekit.checks import Wrong, compile_answer, exercise, output_of, read_answer

NOTEBOOK = "06_namespace_packages_and_python_m"
TIMEOUT = 10  #: seconds a learner's program may run before we call it an endless loop
BAR = "Hello, function 'bar' from module 'a' calling"
FOO = "Hello, function 'foo' from module 'b' calling"
C_GREETING = "Hello, function 'baz' from module 'c' calling"
A_PY, B_PY = f"def bar():\n    print({BAR!r})\n", f"def foo():\n    print({FOO!r})\n"  # the chapter's a.py, b.py


def _run(shown: str, files: dict, args: list[str], what: str, path=(), clues: dict | None = None) -> list[str]:
    """The lines ``python *args`` prints in a fresh folder holding ``files`` and the learner's file ``shown``;
    Wrong naming the error, with the hint that a clue found in it calls for."""
    text = read_answer(workspace.folder(NOTEBOOK) / shown, shown)
    compile_answer(text, shown)
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), f"check_{shown.split('/')[0]}")
    for name, content in {**files, shown: text}.items():
        workspace.write_text(base, name, content)
    try:
        return output_of(args, base / shown.split("/")[0], what, [base / p for p in path], TIMEOUT).splitlines()
    except Wrong as exc:
        raise Wrong(str(exc), next((tip for clue, tip in (clues or {}).items() if clue in str(exc)), None)) from None


@exercise(
    "Predict, then build a third portion",
    hint="a portion is a folder on sys.path holding a simple_namespace folder WITHOUT __init__.py; "
    "put c.py (with a function baz) in ex1/simple_namespace/.",
)
def check_third_portion():
    """``ex1/simple_namespace/c.py`` is a third portion whose ``baz()`` prints :data:`C_GREETING`."""
    if (workspace.folder(NOTEBOOK) / "ex1" / "simple_namespace" / "__init__.py").exists():
        raise Wrong(
            "ex1/simple_namespace/__init__.py exists, so that folder is a regular package: it beats the "
            "namespace portions, and `from simple_namespace import a` fails. Delete that __init__.py "
            "(Path('ex1/simple_namespace/__init__.py').unlink()).",
            hint="that was the prediction to make: a regular package anywhere on sys.path wins over every portion.",
        )
    code = "from simple_namespace import a, b, c; a.bar(); b.foo(); c.baz()"
    files = {"ex1/one/simple_namespace/a.py": A_PY, "ex1/two/simple_namespace/b.py": B_PY}
    lines = _run("ex1/simple_namespace/c.py", files, ["-c", code], f"`{code}`", ["ex1/one", "ex1/two", "ex1"])
    if lines[:2] != [BAR, FOO]:
        raise Wrong(f"importing your c.py printed something of its own: {lines[0]!r}; c.py should only define baz.")
    if lines[2:] != [C_GREETING]:
        raise Wrong(f"c.baz() printed {chr(10).join(lines[2:])!r}; expected {C_GREETING!r}.")
    return "One namespace package, three folders: a, b and c came from three portions."


@exercise(
    "Make simple_package runnable",
    hint="__main__.py runs with `python -m simple_package`; it imports a and b itself (the chapter's "
    "__init__.py is empty).",
)
def check_main_py():
    """With the chapter's (empty) ``__init__.py``, ``python -m simple_package`` prints bar's, then foo's greeting."""
    files = {"ex2/simple_package/__init__.py": "", "ex2/simple_package/a.py": A_PY, "ex2/simple_package/b.py": B_PY}
    explicit = {"has no attribute": "an empty __init__.py does not load a and b: import them explicitly."}
    args = ["-m", "simple_package"]
    lines = _run("ex2/simple_package/__main__.py", files, args, "`python -m simple_package`", clues=explicit)
    if lines == [BAR, FOO]:
        return "`python -m simple_package` ran your __main__.py."
    if sorted(lines) == sorted([BAR, FOO]):
        raise Wrong("both greetings are printed, but in the wrong order: bar's first, then foo's.")
    if not lines:
        raise Wrong("`python -m simple_package` printed nothing: does __main__.py call a.bar() and b.foo()?")
    raise Wrong(f"`python -m simple_package` printed {chr(10).join(lines)!r}; expected bar's greeting, then foo's.")
