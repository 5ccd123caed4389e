"""Exercise checks for notebook 1, *Modules: one file, one namespace*.

The learner writes real files (``%%writefile ex1/double.py``); each check reads them, runs
them the way a terminal would (``python double.py``, ``python -c "import double"``) in a
fresh interpreter, and says what happened, so a wrong answer gets the same evidence a right
one does. The truth is always computed at run time by a fresh interpreter, never hard-coded.

>>> from coursekit import workspace
>>> import os
>>> here = os.getcwd()
>>> os.chdir(workspace.reset("doctest_modules"))
>>> print(check_script_or_import())  # doctest: +NORMALIZE_WHITESPACE
❌ Script or import?: there is no folder 'ex1' here: run the cell that makes it (just above
your answer cell), then your %%writefile cell.
💡 Hint: Put the print inside `if __name__ == "__main__":` at the bottom of the module; keep
`def double(x):` outside it.
>>> os.chdir(here)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from coursekit.checks import Feedback, Wrong, clip, exercise, expect_type

__all__ = [
    "check_script_or_import",
    "check_probe",
    "CANDIDATES",
    "TIMEOUT",
    "is_placeholder",
    "not_answered",
]

#: Seconds a learner's program may run inside a check before we call it an endless loop.
TIMEOUT = 10.0

#: The classmate's files of exercise 2, in the order the probe prints them.
CANDIDATES = ("json", "os", "random", "string", "sys")

#: What each of the classmate's files holds (the notebook's cell above exercise 2's answer writes it).
DECOY = "MINE = True  # the classmate's file, not the real module\n"


# ----------------------------------------------------------------------------------------
# Reading and running a learner's file (notebook 0 uses these too)


def is_placeholder(path: str | os.PathLike) -> bool:
    """True when ``path`` exists but holds only comments and blank lines (the answer cell
    as it was handed out): the check then says "not answered yet"."""
    try:  # a name too long for the file system raises OSError even in is_file()
        path = Path(path)
        if not path.is_file():
            return False
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, TypeError, ValueError):
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def not_answered(check) -> Feedback:
    """The "not answered yet" feedback for a file that still holds only the placeholder comment."""
    return Feedback(
        False,
        f"⏳ {check.title}: not answered yet. Replace the comment in the %%writefile cell with your code, "
        "run that cell, then run this check again.",
    )


def answer(path: object) -> object:
    """``...`` when the file at ``path`` is still the placeholder, else ``path`` unchanged."""
    return ... if isinstance(path, (str, os.PathLike)) and is_placeholder(path) else path


def as_path(path: object) -> Path:
    """``path`` as a :class:`~pathlib.Path`; :class:`Wrong` for anything that is not a file name."""
    expect_type(path, (str, os.PathLike), "the file name you passed")
    return Path(path)


def read_source(path: Path, *, folder_hint: str = "run the cell that makes it") -> str:
    """The text of the learner's file; :class:`Wrong` for a missing folder or file, a file
    that is not text, or a syntax error (with its line)."""
    shown = Path(path).as_posix()
    if not path.parent.is_dir():
        raise Wrong(
            f"there is no folder {path.parent.as_posix()!r} here: {folder_hint} (just above your answer cell), "
            "then your %%writefile cell."
        )
    if not path.is_file():
        raise Wrong(f"there is no file {shown!r} yet: run your %%writefile cell first (it writes the file).")
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Wrong(f"{shown!r} is not a text file in UTF-8: write it again with %%writefile.") from None
    try:
        compile(source, shown, "exec")
    except SyntaxError as exc:
        raise Wrong(f"{shown} is not valid Python: {exc.msg} (line {exc.lineno}).") from None
    return source


def clean_env() -> dict[str, str]:
    """The environment of a terminal in which nobody set PYTHONPATH or PYTHONSAFEPATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP")}
    # No bytecode files beside the learner's; UTF-8 output everywhere; no colours in 3.13's tracebacks.
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8", PYTHON_COLORS="0")
    return env


def run(args: list[str], cwd: Path, what: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """``python *args`` in ``cwd``, in a fresh interpreter; an endless loop becomes :class:`Wrong`."""
    timeout = TIMEOUT if timeout is None else timeout
    try:
        return subprocess.run(
            [sys.executable, *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise Wrong(f"`{what}` ran for more than {timeout:g} s: is there an endless loop?") from None


def failure(done: subprocess.CompletedProcess, file_name: str) -> str:
    """The last line of a traceback, with the line of the learner's file where it happened."""
    lines = done.stderr.strip().splitlines() or ["no output, exit code " + str(done.returncode)]
    where = [m.group(1) for m in re.finditer(rf'File "[^"]*{re.escape(file_name)}", line (\d+)', done.stderr)]
    at = f" (line {where[-1]} of {file_name})" if where else ""
    return clip(lines[-1], 300) + at


# ----------------------------------------------------------------------------------------
# Exercise 1


@exercise(
    "Script or import?",
    hint='Put the print inside `if __name__ == "__main__":` at the bottom of the module; '
    "keep `def double(x):` outside it.",
)
def _script_or_import(path):
    path = as_path(path)
    read_source(path)
    folder = path.parent
    script = run([path.name], folder, f"python {path.name}")
    if script.returncode != 0:
        raise Wrong(f"`python {path.name}` failed: {failure(script, path.name)}")
    if script.stdout.strip() != "double(21) = 42":
        shown = repr(script.stdout.strip()) if script.stdout.strip() else "nothing"
        raise Wrong(f"`python {path.name}` printed {shown}; it should print 'double(21) = 42'.")
    code = "import double; print(double.double(5))"
    imported = run(["-c", code], folder, f'python -c "{code}"')
    if imported.returncode != 0:
        raise Wrong(f"`import double; double.double(5)` failed: {failure(imported, path.name)}")
    lines = imported.stdout.splitlines()
    if lines[:-1]:
        raise Wrong(f"importing double printed {lines[:-1]!r}: code for the script alone must not run on import.")
    if lines[-1:] != ["10"]:
        raise Wrong(f"double.double(5) gave {lines[-1:]!r} instead of 10.")
    return "Run as a script its __name__ is '__main__'; imported, it is 'double'."


def check_script_or_import(path: str | os.PathLike = "ex1/double.py") -> Feedback:
    """Exercise 1: ``ex1/double.py`` defines ``double(x)`` (``2 * x``) and prints
    ``double(21) = 42`` when run as a script, nothing when imported."""
    path = answer(path)
    return not_answered(_script_or_import) if path is ... else _script_or_import(path)


# ----------------------------------------------------------------------------------------
# Exercise 2

#: Run in a fresh interpreter inside the classmate's folder: the truth about each name, there
#: and then (a .pth file that preloads a module, a Python that builds one in, all count).
_TRUTH = """
import sys
early = set(sys.modules)
import json, os, random, string
for module in (json, os, random, string, sys):
    name = module.__name__
    if getattr(module, "MINE", False):
        print(name, "mine")
    elif name in sys.builtin_module_names:
        print(name, "built-in")
    elif getattr(module.__spec__, "origin", None) == "frozen":
        print(name, "frozen")
    elif name in early:
        print(name, "loaded at start-up")
    else:
        print(name, "other")
"""

_WHY = {
    "built-in": "it is built into the interpreter (sys.builtin_module_names), found before any folder",
    "frozen": "it is a frozen module, stored inside the interpreter and found before any folder",
    "loaded at start-up": "Python had already imported it while starting up, so sys.modules answered first",
    "other": "another module of that name came first",
}


def truth(folder: Path) -> dict[str, str]:
    """What a fresh ``python`` started in ``folder`` gets for each name in :data:`CANDIDATES`."""
    done = run(["-c", _TRUTH], folder, "the check's own probe")
    if done.returncode != 0:
        raise Wrong(f"a fresh Python could not import the five names in {folder.as_posix()}: {failure(done, '.py')}")
    return dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)


@exercise(
    "Hidden or not?",
    hint="For each module print `mine` when it has the attribute MINE (getattr(module, 'MINE', False)), "
    "else `real`; then run `!python ex2/probe.py` and compare with your prediction.",
)
def _probe(path):
    path = as_path(path)
    folder = path.parent
    read_source(path, folder_hint="run the cell that writes the classmate's files")
    missing = [f"{name}.py" for name in CANDIDATES if not (folder / f"{name}.py").is_file()]
    if missing:
        raise Wrong(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing from {folder.as_posix()}: "
            "run the cell that writes the classmate's files again."
        )
    done = run([path.name], folder, f"python {path.name}")
    if done.returncode != 0:
        raise Wrong(f"`python {path.name}` failed: {failure(done, path.name)}")
    got = {}
    for line in done.stdout.splitlines():
        match = re.fullmatch(r"\s*(\w+)\s*:\s*(\w+)\s*", line)
        if match:
            got[match.group(1)] = match.group(2).lower()
    real = truth(folder)
    for name in CANDIDATES:
        if name not in got:
            printed = clip(done.stdout.strip(), 200) or "nothing"
            raise Wrong(f"your probe printed no line '{name}: mine' or '{name}: real' (it printed {printed!r}).")
        want = "mine" if real.get(name) == "mine" else "real"
        if got[name] not in ("mine", "real"):
            raise Wrong(f"'{name}: {got[name]}': say 'mine' or 'real'.")
        if got[name] != want:
            why = "the classmate's file came first on sys.path" if want == "mine" else _WHY.get(real.get(name), "")
            raise Wrong(f"your probe says '{name}: {got[name]}', but a fresh Python here gets {want}: {why}.")
    hidden = [name for name in CANDIDATES if real[name] == "mine"]
    safe = [f"{name} ({real[name]})" for name in CANDIDATES if real[name] != "mine"]
    return f"Hidden here: {', '.join(hidden) or 'none'}; safe: {', '.join(safe) or 'none'}."


def check_probe(path: str | os.PathLike = "ex2/probe.py") -> Feedback:
    """Exercise 2: ``ex2/probe.py`` prints ``name: mine`` or ``name: real`` for each of
    :data:`CANDIDATES`, and its verdicts match what a fresh interpreter really gets."""
    path = answer(path)
    return not_answered(_probe) if path is ... else _probe(path)
