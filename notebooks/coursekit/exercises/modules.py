"""Exercise checks for notebook 01, *Modules: one file, one namespace*.

Each check runs the learner's answer for real -- in a fresh Python process, in a private
workspace folder that is removed afterwards -- and says what happened, so a wrong answer
gets the same evidence a right one does.

>>> print(check_script_or_import(...))
⏳ Script or import?: not answered yet. Replace the ... with your answer and run the cell again.
>>> print(check_hidden_names("random"))  # doctest: +NORMALIZE_WHITESPACE
❌ Hidden or not?: your answer (a set of names) should be a set or frozenset or list or tuple,
but it is a str ('random').
💡 Hint: For each name ask: is it built in (sys.builtin_module_names)? Was it already imported
when Python started (sys.modules)? Only if neither, the file in the current folder wins.
"""

from __future__ import annotations

import ast

from coursekit import packages, workspace
from coursekit.checks import Wrong, exercise, expect_type

__all__ = ["check_script_or_import", "check_hidden_names", "HIDDEN_CANDIDATES"]

#: Checks work in a private folder named after the notebook (see packages.private_folder).
NOTEBOOK = "01_modules"

#: The file names of exercise 2: which of them hide the library module of the same name?
HIDDEN_CANDIDATES = ("random", "json", "sys", "os", "string")


def _first_error(run: packages.Run) -> str:
    lines = run.stderr.strip().splitlines()
    return lines[-1] if lines else "no output"


@exercise(
    "Script or import?",
    hint='Put the print inside `if __name__ == "__main__":` at the bottom of the module; '
    "keep `def double(x):` outside it.",
)
def check_script_or_import(source):
    """``source`` is the text of ``double.py``: ``double(x)`` returns ``2 * x``, and the module
    prints ``double(21) = 42`` when run as a script but prints nothing when imported."""
    expect_type(source, str, "your answer (the source of double.py)")
    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise Wrong(f"your source is not valid Python: {exc.msg} (line {exc.lineno}).") from None
    with packages.private_folder(NOTEBOOK) as folder:
        workspace.write_text(folder, "double.py", source)
        script = packages.run_python(["double.py"], path=[folder])
        imported = packages.run_python(["-c", "import double; print(double.double(5))"], path=[folder])
    if not script.ok:
        raise Wrong(f"`python double.py` failed: {_first_error(script)}")
    if script.stdout.strip() != "double(21) = 42":
        shown = repr(script.stdout.strip()) if script.stdout.strip() else "nothing"
        raise Wrong(f"`python double.py` printed {shown}; it should print 'double(21) = 42'.")

    if not imported.ok:
        raise Wrong(f"`import double; double.double(5)` failed: {_first_error(imported)}")
    lines = imported.stdout.splitlines()
    if lines[:-1]:
        raise Wrong(f"importing double printed {lines[:-1]!r}: code for the script alone must not run on import.")
    if lines[-1:] != ["10"]:
        raise Wrong(f"double.double(5) gave {lines[-1:]!r} instead of 10.")
    return "Run as a script __name__ is '__main__'; imported, it is 'double'."


@exercise(
    "Hidden or not?",
    hint="For each name ask: is it built in (sys.builtin_module_names)? Was it already "
    "imported when Python started (sys.modules)? Only if neither, the file in the "
    "current folder wins.",
)
def check_hidden_names(names):
    """``names``: the set of names from :data:`HIDDEN_CANDIDATES` whose ``<name>.py`` in the
    current folder hides the real module from a fresh ``python`` started there."""
    expect_type(names, (set, frozenset, list, tuple), "your answer (a set of names)")
    for name in names:
        expect_type(name, str, f"every name in your set ({name!r})")
    answer = {n.removesuffix(".py") for n in names}
    unknown = sorted(answer - set(HIDDEN_CANDIDATES))
    if unknown:
        raise Wrong(
            f"{unknown} {'is' if len(unknown) == 1 else 'are'} not among the files to judge: "
            f"pick from {list(HIDDEN_CANDIDATES)}."
        )
    with packages.private_folder(NOTEBOOK) as base:
        truth = {name: packages.which_module(base, name) for name in HIDDEN_CANDIDATES}
    for name in HIDDEN_CANDIDATES:
        finding = truth[name]
        if name in answer and not finding.hidden:
            why = {
                "built-in": "is built into the interpreter (Python finds built-in modules before "
                "it looks at any folder)",
                "cache": "is imported while Python starts (it is already in sys.modules when your program asks for it)",
            }.get(finding.kind, f"was found as {finding.kind}")
            raise Wrong(f"{name!r} {why}: {name}.py cannot hide it.")
        if name not in answer and finding.hidden:
            raise Wrong(
                f"{name}.py does hide the real {name!r}: it is neither built in nor loaded at "
                "start-up, and the current folder comes first on sys.path."
            )
    return "Built-in and already-loaded modules are safe; everything else can be shadowed."
