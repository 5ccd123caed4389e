"""Exercise checks for notebook 04, *Dotted module names and subpackages*.

The packages these checks import come from ``sample_packages/`` (read only); a check
that needs a changed copy builds it in ``workspace/04_dotted_module_names/check_all_source/``.

>>> check_absolute_forms(...)
⏳ Relative to absolute: not answered yet. Replace the ... with your answer and run the cell again.
>>> check_aliases("import shapes2d.area as flat")
❌ Two areas, two names: it binds flat; it should bind exactly flat and solid.
💡 Hint: `from shapes2d import area as flat` binds flat; repeat for shapes3d.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from coursekit import CourseError, imports, packages, workspace
from coursekit.checks import Wrong, exercise, expect_type

__all__ = ["NOTEBOOK", "SAMPLES", "MODULE", "QUESTIONS", "check_absolute_forms", "check_aliases", "check_all_source"]

NOTEBOOK = "04_dotted_module_names"
#: The finished reference packages (shapes2d, shapes3d, sound) the checks import.
SAMPLES = workspace.NOTEBOOKS.parent / "sample_packages"

#: Exercise 1: relative imports written inside this module ...
MODULE = "sound.formats.wavread"
#: ... and the statements the learner rewrites in absolute form.
QUESTIONS = (
    "from .wavwrite import LOWEST",
    "from ..effects import echo",
    "from ..effects.echo import echofilter",
    "from ... import sound",
)


def _samples() -> Path:
    if not (SAMPLES / "sound" / "__init__.py").is_file():
        raise CourseError(
            "the course's sample_packages/ folder is missing: this check needs the repository as it was cloned."
        )
    return SAMPLES


def _expected(statement: str) -> str:
    try:
        absolute = imports.resolve(statement, MODULE)
    except CourseError:
        return "ImportError"
    names = [a.name for a in ast.parse(statement).body[0].names]
    return f"from {absolute} import {', '.join(names)}"


def _normal(answer: str, statement: str) -> str:
    if answer.strip() == "ImportError":
        return "ImportError"
    try:
        tree = ast.parse(answer.strip())
    except SyntaxError:
        raise Wrong(f"for {statement!r} you wrote {answer!r}, which is not valid Python.") from None
    if len(tree.body) != 1 or not isinstance(tree.body[0], (ast.Import, ast.ImportFrom)):
        raise Wrong(f"for {statement!r} write one import statement (or 'ImportError').")
    return ast.unparse(tree)


def check_absolute_forms(answer):
    """``answer`` maps each of :data:`QUESTIONS` (written inside :data:`MODULE`) to its
    absolute form, or to ``'ImportError'`` when it cannot work.

    A dict whose values are all still ``...`` counts as not answered yet.
    """
    if isinstance(answer, dict) and answer and all(v is Ellipsis for v in answer.values()):
        answer = ...
    return _check_absolute_forms(answer)


@exercise(
    "Relative to absolute",
    hint="one dot is the package holding the module ('sound.formats'); each further dot goes one level up.",
)
def _check_absolute_forms(answer):
    expect_type(answer, dict, "your answer")
    for statement in QUESTIONS:
        if statement not in answer:
            raise Wrong(f"your dict has no entry for {statement!r}; keep the four statements as keys.")
        given = answer[statement]
        if given is Ellipsis:
            raise Wrong(f"replace the ... after {statement!r} with the absolute statement.")
        expect_type(given, str, f"your answer for {statement!r}")
        got, expected = _normal(given, statement), _expected(statement)
        if got.startswith("from .") or got.startswith("import ."):
            raise Wrong(f"{given!r} still has leading dots: write the full dotted name.")
        if got != expected:
            tip = (
                "count the dots: from sound.formats, three dots climb above 'sound'."
                if expected == "ImportError"
                else None
            )
            raise Wrong(f"for {statement!r} you wrote {given!r}, but that is not where the dots lead.", hint=tip)
    return "You can read the dots like Python does."


@exercise("Two areas, two names", hint="`from shapes2d import area as flat` binds flat; repeat for shapes3d.")
def check_aliases(statement):
    """``statement`` binds ``flat`` to ``shapes2d.area`` and ``solid`` to ``shapes3d.area``."""
    expect_type(statement, str, "your import statement")
    try:
        names = imports.bound_names(statement)
    except CourseError as exc:
        raise Wrong(str(exc)) from None
    if set(names) != {"flat", "solid"}:
        raise Wrong(f"it binds {', '.join(names) or 'nothing'}; it should bind exactly flat and solid.")
    code = statement.strip() + "\nprint(flat.__name__, solid.__name__)\n"
    run = packages.run_python(["-c", code], path=[_samples()], timeout=10)
    if not run.ok:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        raise Wrong(f"`{statement.strip()}` did not work: " + last.replace(str(SAMPLES.resolve()), "sample_packages"))
    got = run.stdout.split()
    if got != ["shapes2d.area", "shapes3d.area"]:
        raise Wrong(f"flat is {got[0]} and solid is {got[1]}; they should be shapes2d.area and shapes3d.area.")
    return "Same submodule name, two packages, no clash."


@exercise("Choose what import * brings", hint="`__all__` is a list of strings: the names `import *` should bind.")
def check_all_source(source):
    """``source`` is a ``sound/filters/__init__.py`` whose ``__all__`` makes
    ``from sound.filters import *`` bind exactly ``equalizer``."""
    expect_type(source, str, "the source of __init__.py")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise Wrong(f"this is not valid Python: {exc.msg} (line {exc.lineno}).") from None
    base = workspace.fresh_folder(workspace.folder(NOTEBOOK), "check_all_source")
    shutil.copytree(_samples() / "sound", base / "sound", ignore=shutil.ignore_patterns("__pycache__"))
    workspace.write_text(base, "sound/filters/__init__.py", source)
    report = packages.import_report(base, "from sound.filters import *")
    if not report.ok:
        tip = (
            "__all__ = 'equalizer' is one string, so import * looks for the names 'e', 'q', ...: "
            "use a list, ['equalizer']."
            if "has no attribute 'e'" in report.error
            else None
        )
        raise Wrong(f"`from sound.filters import *` failed with {report.error}", hint=tip)
    if report.names != ("equalizer",):
        raise Wrong(
            f"`from sound.filters import *` binds {', '.join(report.names) or 'nothing'}; "
            "it should bind exactly equalizer."
        )
    defines_all = any(
        isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
        and "__all__"
        in {t.id for t in getattr(node, "targets", [getattr(node, "target", None)]) if isinstance(t, ast.Name)}
        for node in tree.body
    )
    if not defines_all:
        raise Wrong(
            "that binds equalizer, but only because __init__.py imports it; "
            "say it with __all__ so readers see the public names."
        )
    return "`from sound.filters import *` now imports the submodule and binds it."
