"""Exercise checks for notebook 1, *Modules*: the learner's files run in a fresh Python, as in a terminal."""

import os
import re
from pathlib import Path

from coursekit.checks import Wrong, clip, compile_answer, exercise, expect_type, last_line, read_answer, run_python

TIMEOUT = 10.0  # seconds a learner's program may run in a check
CANDIDATES = ("json", "os", "random", "string", "sys")  # the classmate's files of exercise 2
DECOY = "MINE = True  # the classmate's file, not the real module\n"  # what each of them holds


def source(path: object, make: str = "run the cell that makes it") -> Path:
    """The learner's file ``path`` (relative to the notebook's folder), read and compiled; else :class:`Wrong`."""
    expect_type(path, (str, os.PathLike), "the file name you passed")
    path = Path(path)
    if not path.parent.is_dir():
        raise Wrong(f"there is no folder {path.parent.as_posix()!r} here: {make}, then your %%writefile cell.")
    compile_answer(read_answer(path, path.as_posix()), path.as_posix())
    return path


def run(args: list[str], folder: Path, what: str, name: str) -> str:
    """What ``python *args`` prints in ``folder``; :class:`Wrong` naming the error and its line in the file ``name``."""
    done = run_python(args, folder, timeout=TIMEOUT)
    if done.returncode:
        at = re.findall(rf'File "[^"]*{re.escape(name)}", line (\d+)', done.stderr)
        where = f" (line {at[-1]} of {name})" if at else ""
        raise Wrong(f"`{what}` failed: {clip(last_line(done.stderr, folder), 300)}{where}")
    return done.stdout


@exercise("Script or import?", hint='put the print inside `if __name__ == "__main__":`; keep `def double(x):` outside.')
def check_script_or_import(path="ex1/double.py"):
    """Exercise 1: ``double.py`` prints ``double(21) = 42`` run as a script, nothing when imported."""
    path = source(path)
    printed = run([path.name], path.parent, f"python {path.name}", path.name).strip()
    if printed != "double(21) = 42":
        shown = repr(printed) if printed else "nothing"
        raise Wrong(f"`python {path.name}` printed {shown}; it should print 'double(21) = 42'.")
    code = "import double; print(double.double(5))"
    lines = run(["-c", code], path.parent, code, path.name).splitlines()
    if lines[:-1]:
        raise Wrong(f"importing double printed {lines[:-1]!r}: code for the script alone must not run on import.")
    if lines[-1:] != ["10"]:
        raise Wrong(f"double.double(5) gave {lines[-1:]!r} instead of 10.")
    return "Run as a script its __name__ is '__main__'; imported, it is 'double'."


#: What each name really is for a fresh Python in the classmate's folder (a .pth file's preloads count too).
_TRUTH = """
import sys
early = set(sys.modules)
import json, os, random, string
for module in (json, os, random, string, sys):
    name, origin = module.__name__, getattr(module.__spec__, "origin", None)
    print(name, "mine" if getattr(module, "MINE", False) else "built-in" if name in sys.builtin_module_names
          else "frozen" if origin == "frozen" else "loaded at start-up" if name in early else "other")
"""

_WHY = {
    "mine": "the classmate's file came first on sys.path",
    "built-in": "it is built into the interpreter (sys.builtin_module_names), found before any folder",
    "frozen": "it is a frozen module, stored inside the interpreter and found before any folder",
    "loaded at start-up": "Python had already imported it while starting up, so sys.modules answered first",
    "other": "another module of that name came first",
}


def truth(folder: Path) -> dict[str, str]:
    """What a fresh ``python`` started in ``folder`` gets for each name in :data:`CANDIDATES`."""
    return dict(line.split(" ", 1) for line in run(["-c", _TRUTH], folder, "the check's own probe", ".py").splitlines())


@exercise("Hidden or not?", hint="print `mine` for a module with the attribute MINE, else `real`; then run the probe.")
def check_probe(path="ex2/probe.py"):
    """Exercise 2: ``probe.py`` prints ``name: mine`` or ``name: real`` for each of :data:`CANDIDATES`, truly."""
    path = source(path, make="run the cell that writes the classmate's files")
    missing = [f"{name}.py" for name in CANDIDATES if not (path.parent / f"{name}.py").is_file()]
    if missing:
        raise Wrong(f"{', '.join(missing)} missing from {path.parent.as_posix()}: run the cell that writes them again.")
    printed = run([path.name], path.parent, f"python {path.name}", path.name)
    got = dict(m.groups() for line in printed.splitlines() if (m := re.fullmatch(r"\s*(\w+)\s*:\s*(\w+)\s*", line)))
    real = truth(path.parent)
    shown = clip(printed.strip(), 200) or "nothing"
    for name in CANDIDATES:
        said, want = got.get(name, "").lower(), "mine" if real[name] == "mine" else "real"
        if said not in ("mine", "real"):
            raise Wrong(f"your probe printed no line '{name}: mine' or '{name}: real' (it printed {shown!r}).")
        if said != want:
            raise Wrong(f"your probe says '{name}: {said}', but a fresh Python here gets {want}: {_WHY[real[name]]}.")
    hidden = [name for name in CANDIDATES if real[name] == "mine"]
    safe = [f"{name} ({real[name]})" for name in CANDIDATES if real[name] != "mine"]
    return f"Hidden here: {', '.join(hidden) or 'none'}; safe: {', '.join(safe) or 'none'}."
