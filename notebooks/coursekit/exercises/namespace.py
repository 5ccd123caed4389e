"""Exercise checks for notebook 6, *Namespace packages and python -m*: the learner's file runs next to
fresh copies of the chapter's files, in a fresh Python, as a terminal would run it."""

from __future__ import annotations

from coursekit import workspace
from coursekit.checks import Wrong, compile_answer, exercise, output_of, read_answer
from coursekit.packages import SIMPLE_PACKAGE

NOTEBOOK = "06_namespace_packages_and_python_m"
TIMEOUT = 10  #: seconds a learner's program may run before we call it an endless loop
BAR = "Hello, function 'bar' from module 'a' calling"
FOO = "Hello, function 'foo' from module 'b' calling"
C_GREETING = "Hello, function 'baz' from module 'c' calling"


def _run(shown: str, files: dict, args: list[str], what: str, path=(), clues=None) -> list[str]:
    """The lines ``python *args`` prints in a fresh folder holding ``files`` and the learner's file ``shown``."""
    text = read_answer(workspace.folder(NOTEBOOK) / shown, shown)
    compile_answer(text, shown)
    folder = shown.split("/")[0]
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), f"check_{folder}")
    for name, content in {**files, shown: text}.items():
        workspace.write_text(base, name, content)
    return output_of(args, base / folder, what, [base / p for p in path], TIMEOUT, clues).splitlines()


@exercise(
    "Predict, then build a third portion",
    hint="a portion is a simple_namespace folder WITHOUT __init__.py: write c.py with baz() in ex1/simple_namespace.",
)
def check_third_portion():
    """``ex1/simple_namespace/c.py`` is a third portion whose ``baz()`` prints :data:`C_GREETING`."""
    if (workspace.folder(NOTEBOOK) / "ex1/simple_namespace/__init__.py").exists():
        raise Wrong("ex1/simple_namespace/__init__.py makes a regular package, which beats all portions: delete it.")
    code = "from simple_namespace import a, b, c; a.bar(); b.foo(); c.baz()"
    files = {f"ex1/{one}/simple_namespace/{a}": SIMPLE_PACKAGE[a] for one, a in (("one", "a.py"), ("two", "b.py"))}
    lines = _run("ex1/simple_namespace/c.py", files, ["-c", code], f"`{code}`", ["ex1/one", "ex1/two", "ex1"])
    if lines[:2] != [BAR, FOO]:
        raise Wrong(f"importing your c.py printed something of its own: {lines[0]!r}; c.py should only define baz.")
    if lines[2:] != [C_GREETING]:
        raise Wrong(f"c.baz() printed {chr(10).join(lines[2:])!r}; expected {C_GREETING!r}.")
    return "One namespace package, three folders: a, b and c came from three portions."


@exercise("Make simple_package runnable", hint="__main__.py runs with `python -m simple_package`.")
def check_main_py():
    """With the chapter's (empty) ``__init__.py``, ``python -m simple_package`` prints bar's, then foo's greeting."""
    files = {f"ex2/simple_package/{name}": text for name, text in SIMPLE_PACKAGE.items()}
    clue = {"has no attribute": "the chapter's empty __init__.py does not load a and b: import them explicitly."}
    main = "ex2/simple_package/__main__.py"
    lines = _run(main, files, ["-m", "simple_package"], "`python -m simple_package`", clues=clue)
    if sorted(lines) == sorted([BAR, FOO]) != lines:
        raise Wrong("both greetings are printed, but in the wrong order: bar's first, then foo's.")
    if lines != [BAR, FOO]:
        printed = repr("\n".join(lines)) if lines else "nothing"
        raise Wrong(f"`python -m simple_package` printed {printed}; it should call a.bar(), then b.foo().")
    return "`python -m simple_package` ran your __main__.py."
