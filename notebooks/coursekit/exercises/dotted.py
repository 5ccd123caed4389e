"""Exercise checks for notebook 5, *Dotted module names and subpackages*.

Each exercise works on a copy of the learner's own ``sound`` package in the notebook's
workspace folder (``ex1/``, ``ex2/``, ``ex3/``). The learner writes files there with
``%%writefile``; a check reads them and runs them in a fresh interpreter whose working
folder is the exercise folder, the folder *above* ``sound/``, as ``python -m`` needs.

A file that still holds only the answer cell's comment is "not answered yet":

>>> _unanswered("# Replace this comment with tones.py."), _unanswered("")
(True, False)
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from coursekit import workspace
from coursekit.checks import Feedback, Wrong, exercise

__all__ = [
    "NOTEBOOK",
    "TIME_LIMIT",
    "FADE_OUTPUT",
    "check_relative_fix",
    "check_generators",
    "check_filters_all",
    "square_wave",
]

NOTEBOOK = "05_dotted_module_names"
#: Seconds a learner's program may run inside a check before we call it an endless loop.
TIME_LIMIT = 10.0
#: What ``python -m sound.effects.fade`` prints once its import works (exercise 1).
FADE_OUTPUT = "[10000, 7500, 5000, 2500, 0]"
HIGHEST, LOWEST = 32767, -32768
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes, should a traceback still carry them


def square_wave(length: int, period: int = 4) -> list[int]:
    """What exercise 2's ``sound.generators.tones.square`` should return.

    >>> square_wave(8)
    [32767, 32767, -32768, -32768, 32767, 32767, -32768, -32768]
    """
    return [HIGHEST if t % period < period // 2 else LOWEST for t in range(length)]


# --- helpers: read the learner's files, run them in a fresh interpreter --------------------


def _base(name: str) -> Path:
    """The exercise folder ``ex1`` ... of this notebook, holding a copy of ``sound``."""
    base = workspace.folder(NOTEBOOK) / name
    if not (base / "sound" / "filters" / "equalizer.py").is_file():
        raise Wrong(
            f"{name}/sound is missing: run the cell that copies sound into {name} first "
            "(and the lesson's cells that write sound, if you restarted the kernel).",
            hint="run the notebook from the top (Run > Run All Above Selected Cell), then this exercise.",
        )
    return base


def _shown(base: Path, path: Path) -> str:
    return path.relative_to(base.parent).as_posix()


def _read(base: Path, relative: str) -> str:
    path = base / relative
    if not path.is_file():
        raise Wrong(f"{_shown(base, path)} does not exist yet: run your %%writefile cell for it.")
    return path.read_text(encoding="utf-8")


def _unanswered(text: str) -> bool:
    """Only comment lines (the placeholder): nothing written yet. An empty file is an answer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and all(line.startswith("#") for line in lines)


def _waiting(title: str, shown: str) -> Feedback:
    return Feedback(
        False,
        f"⏳ {title}: not answered yet. Replace the comment in the %%writefile cell for {shown} "
        "with your code, run that cell, then this one.",
    )


def _parse(text: str, shown: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError as exc:
        raise Wrong(f"{shown} is not valid Python: {exc.msg} (line {exc.lineno}).") from None


def _run(base: Path, *args: str) -> subprocess.CompletedProcess:
    """``python *args`` in ``base``, as a learner would type it there; no traceback escapes."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP")}
    env["PYTHON_COLORS"] = "0"  # a kernel sets FORCE_COLOR: Python 3.13 would colour the traceback we quote
    command = "python " + " ".join(args if args[0] != "-c" else ("-c", '"..."'))
    try:
        return subprocess.run(
            [sys.executable, *args], cwd=base, capture_output=True, text=True, timeout=TIME_LIMIT, env=env
        )
    except subprocess.TimeoutExpired:
        raise Wrong(f"`{command}` ran for more than {TIME_LIMIT:g} s: is there an endless loop?") from None


def _error(base: Path, run: subprocess.CompletedProcess) -> str:
    """The last line of a failed run's traceback, paths shown from the notebook's folder."""
    last = (ANSI.sub("", run.stderr).strip().splitlines() or [f"exit code {run.returncode}, no message"])[-1]
    for prefix in {str(base.parent), str(base.parent.resolve())}:
        last = last.replace(prefix + os.sep, "").replace(prefix + "/", "")
    return last


def _relative_imports(tree: ast.Module) -> list[ast.ImportFrom]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level > 0]


def _check_dots(tree: ast.Module, package: str, module: str) -> list[ast.ImportFrom]:
    """Explain relative imports that climb too high, or stay in ``package`` by mistake."""
    relative = _relative_imports(tree)
    for node in relative:
        statement = ast.unparse(node)
        try:
            target = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
        except ImportError:
            top = package.split(".")[0]
            raise Wrong(f"`{statement}`: {node.level} dots from {package} climb above {top}.") from None
        if node.module and target.startswith(package + "."):
            raise Wrong(f"`{statement}` looks for {target}: one dot is the package {module} is in, {package}.")
    return relative


# --- Exercise 1: turn a broken absolute import into a relative one -------------------------


TITLE_1 = "Make fade.py's import relative"


@exercise(TITLE_1, hint="fade is in sound.effects: one dot means sound.effects, two dots mean sound.")
def _check_relative_fix(base: Path, text: str):
    shown = "ex1/sound/effects/fade.py"
    tree = _parse(text, shown)
    for node in ast.walk(tree):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
        names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if any(n == "filters" or n.startswith("filters.") for n in names):
            raise Wrong("fade.py still imports `filters` as a top-level module, and there is none: that is the bug.")
    relative = _check_dots(tree, "sound.effects", "fade")
    run = _run(base, "-m", "sound.effects.fade")
    if run.returncode != 0:
        raise Wrong(f"`python -m sound.effects.fade` (in ex1) failed: {_error(base, run)}")
    if not relative:
        raise Wrong(
            "that works, but with an absolute import; the exercise asks for a relative one (it starts with dots)."
        )
    if run.stdout.strip() != FADE_OUTPUT:
        raise Wrong(
            f"`python -m sound.effects.fade` printed {run.stdout.strip()!r}, not {FADE_OUTPUT}: "
            "change only the import line and keep the rest of fade.py as it was."
        )
    return f"`python -m sound.effects.fade` (in ex1) printed {FADE_OUTPUT}."


def check_relative_fix():
    """``ex1/sound/effects/fade.py`` imports ``equalizer`` with a relative import and runs with ``-m``."""
    try:
        base = _base("ex1")
        text = _read(base, "sound/effects/fade.py")
    except Wrong as exc:
        return _fail(TITLE_1, exc)
    if _unanswered(text):
        return _waiting(TITLE_1, "ex1/sound/effects/fade.py")
    return _check_relative_fix(base, text)


def _fail(title: str, exc: Wrong) -> Feedback:
    """A missing file or folder, reported the way :func:`coursekit.checks.exercise` reports."""

    @exercise(title, hint=exc.hint or "")
    def report():
        raise exc

    return report()


# --- Exercise 2: add a subpackage ---------------------------------------------------------


TITLE_2 = "Add the subpackage sound.generators"
PROGRAM_2 = (
    "import json\n"
    "import sound.generators.tones as tones\n"
    "print(json.dumps([tones.square(8), tones.square(6, period=2), tones.square(5, period=6)]))\n"
)


@exercise(TITLE_2, hint="tones is in sound.generators: two dots lead to sound, then .formats.wavwrite goes down.")
def _check_generators(base: Path, init: str, tones: str):
    _parse(init, "ex2/sound/generators/__init__.py")
    tree = _parse(tones, "ex2/sound/generators/tones.py")
    relative = _check_dots(tree, "sound.generators", "tones")
    run = _run(base, "-c", PROGRAM_2)
    if run.returncode != 0:
        error = _error(base, run)
        if "has no attribute 'square'" in error:
            raise Wrong("tones.py has no function called square.")
        raise Wrong(f"`import sound.generators.tones` then calling square failed: {error}")
    lines = run.stdout.strip().splitlines()
    if len(lines) > 1:
        raise Wrong(
            f"importing tones printed {lines[0]!r}: only `python -m sound.generators.tones` should print; "
            'put the print under `if __name__ == "__main__":`.'
        )
    got = json.loads(lines[0])
    calls = [("square(8)", square_wave(8)), ("square(6, period=2)", square_wave(6, 2))]
    calls.append(("square(5, period=6)", square_wave(5, 6)))
    for (call, wanted), value in zip(calls, got, strict=True):
        if value != wanted:
            raise Wrong(f"{call} returned {value}, but it should be {wanted}.")
    run = _run(base, "-m", "sound.generators.tones")
    if run.returncode != 0:
        raise Wrong(f"`python -m sound.generators.tones` (in ex2) failed: {_error(base, run)}")
    if run.stdout.strip() != str(square_wave(8)):
        raise Wrong(f"`python -m sound.generators.tones` printed {run.stdout.strip()!r}; it should print square(8).")
    if not relative:
        raise Wrong(
            "that works; now import HIGHEST and LOWEST from sound.formats.wavwrite with a relative import "
            "(it starts with dots) instead of typing the numbers or the full name."
        )
    return "sound.generators is a subpackage like formats, effects and filters: `python -m` runs its module."


def check_generators():
    """``ex2/sound/generators/`` is a regular subpackage whose ``tones.square`` makes a square wave."""
    shown = "ex2/sound/generators"
    try:
        base = _base("ex2")
        if not (base / "sound" / "generators").is_dir():
            raise Wrong(f"{shown} does not exist: run the cell that makes the folder (%%writefile cannot).")
        tones = _read(base, "sound/generators/tones.py")
        if not (base / "sound" / "generators" / "__init__.py").is_file():
            if _unanswered(tones):
                return _waiting(TITLE_2, f"{shown}/tones.py")
            raise Wrong(
                f"{shown} has no __init__.py: without one it is a namespace package (notebook 6), "
                "not a regular subpackage like formats, effects and filters. Write one with %%writefile."
            )
        init = _read(base, "sound/generators/__init__.py")
    except Wrong as exc:
        return _fail(TITLE_2, exc)
    for text, name in ((init, "__init__.py"), (tones, "tones.py")):
        if _unanswered(text):
            return _waiting(TITLE_2, f"{shown}/{name}")
    return _check_generators(base, init, tones)


# --- Exercise 3: choose what import * brings ------------------------------------------------


TITLE_3 = "Choose what import * brings"
PROGRAM_3 = "from sound.filters import *\nprint(sorted(n for n in dir() if not n.startswith('_')))\n"


def _defines_all(tree: ast.Module) -> bool:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in targets
        ):
            return True
    return False


@exercise(TITLE_3, hint="`__all__` is a list of strings: the names `from sound.filters import *` should bind.")
def _check_filters_all(base: Path, text: str):
    tree = _parse(text, "ex3/sound/filters/__init__.py")
    run = _run(base, "-c", PROGRAM_3)
    if run.returncode != 0:
        error = _error(base, run)
        tip = (
            "__all__ = 'equalizer' is one string, so import * looks for the names 'e', 'q', ...: "
            "use a list, ['equalizer']."
            if "has no attribute 'e'" in error
            else None
        )
        raise Wrong(f"`from sound.filters import *` failed: {error}", hint=tip)
    names = ast.literal_eval(run.stdout.strip().splitlines()[-1])
    if names != ["equalizer"]:
        raise Wrong(
            f"`from sound.filters import *` binds {', '.join(names) or 'nothing'}; it should bind exactly equalizer."
        )
    if not _defines_all(tree):
        raise Wrong(
            "that binds equalizer, but only because __init__.py imports it; "
            "say it with __all__, so that readers and tools see the public names."
        )
    return "`from sound.filters import *` now imports the submodule equalizer and binds it."


def check_filters_all():
    """``ex3/sound/filters/__init__.py`` sets ``__all__`` so that ``import *`` binds exactly ``equalizer``."""
    try:
        base = _base("ex3")
        text = _read(base, "sound/filters/__init__.py")
    except Wrong as exc:
        return _fail(TITLE_3, exc)
    if _unanswered(text):
        return _waiting(TITLE_3, "ex3/sound/filters/__init__.py")
    return _check_filters_all(base, text)
