"""Exercise checks for notebook 5, *Dotted module names*: each reads the learner's copy of ``sound`` in
``ex1/``..``ex3/`` and runs it in a fresh Python from there (the folder above ``sound``, as -m needs)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from coursekit import workspace
from coursekit.checks import Wrong, compile_answer, exercise, first_mistake, output_of, read_answer

NOTEBOOK = "05_dotted_module_names"
TIMEOUT = 10  #: seconds a learner's program may run before we call it an endless loop
FADE_OUTPUT = "[10000, 7500, 5000, 2500, 0]"  #: what `python -m sound.effects.fade` prints once fixed
SQUARES = {"square(8)": (8, 4), "square(6, period=2)": (6, 2), "square(5, period=6)": (5, 6)}
IMPORT_TONES = f"import json, sound.generators.tones as t\nprint(json.dumps([t.{', t.'.join(SQUARES)}]))"
#: What ``import *`` binds, and whether the package sets ``__all__``.
IMPORT_STAR = """from sound.filters import *
names = sorted(n for n in dir() if not n.startswith('_'))
import sound.filters
print([names, hasattr(sound.filters, '__all__')])"""


def square_wave(length: int, period: int = 4) -> list[int]:
    """What exercise 2's ``sound.generators.tones.square`` should return."""
    return [32767 if t % period < period // 2 else -32768 for t in range(length)]


def _answer(name: str, file: str) -> tuple[Path, bool]:
    """The exercise folder, and whether the learner's ``file`` there (it may be empty) has a relative import."""
    base = workspace.folder(NOTEBOOK) / name
    if not (base / "sound/filters/equalizer.py").is_file():
        raise Wrong(f"{name}/sound is missing: run the cell that copies sound into {name} first.")
    path, shown = base / file, f"{name}/{file}"
    text = "" if path.is_file() and not path.read_text(encoding="utf-8").strip() else read_answer(path, shown)
    compile_answer(text, shown)
    return base, any(isinstance(node, ast.ImportFrom) and node.level for node in ast.walk(ast.parse(text)))


@exercise("Make fade.py's import relative", hint="fade is in sound.effects: one dot is sound.effects, two are sound.")
def check_relative_fix():
    """``ex1/sound/effects/fade.py`` imports equalizer with a relative import and runs with ``-m``."""
    base, relative = _answer("ex1", "sound/effects/fade.py")
    clue = {"No module named 'filters'": "there is no top-level package filters: that import is the bug to fix."}
    what = "`python -m sound.effects.fade` (in ex1)"
    printed = output_of(["-m", "sound.effects.fade"], base, what, timeout=TIMEOUT, clues=clue).strip()
    first_mistake(
        (not relative, "that works, but with an absolute import; the exercise asks for a relative one (with dots)."),
        (printed != FADE_OUTPUT, f"{what} printed {printed!r}, not {FADE_OUTPUT}: change only the import line."),
    )
    return f"{what} printed {FADE_OUTPUT}."


@exercise(
    "Add the subpackage sound.generators",
    hint="tones is in sound.generators: two dots lead to sound, then .formats.wavwrite goes down.",
)
def check_generators():
    """``ex2/sound/generators/`` is a regular subpackage whose ``tones.square`` makes a square wave."""
    base, relative = _answer("ex2", "sound/generators/tones.py")
    if not (base / "sound/generators/__init__.py").is_file():
        raise Wrong("ex2/sound/generators has no __init__.py, so it is a namespace package (notebook 6): write one.")
    _answer("ex2", "sound/generators/__init__.py")
    clue = {"has no attribute 'square'": "tones.py has no function called square."}
    lines = output_of(["-c", IMPORT_TONES], base, "`import sound.generators.tones`", timeout=TIMEOUT, clues=clue)
    if len(lines.splitlines()) > 1:
        raise Wrong(f'importing tones printed {lines.splitlines()[0]!r}: use `if __name__ == "__main__":`.')
    for (call, args), got in zip(SQUARES.items(), json.loads(lines), strict=True):
        if got != square_wave(*args):
            raise Wrong(f"{call} returned {got}, but it should be {square_wave(*args)}.")
    what = "`python -m sound.generators.tones` (in ex2)"
    printed = output_of(["-m", "sound.generators.tones"], base, what, timeout=TIMEOUT).strip()
    first_mistake(
        (printed != str(square_wave(8)), f"{what} printed {printed!r}; it should print square(8)."),
        (not relative, "that works; now import HIGHEST and LOWEST from sound.formats.wavwrite with a relative import."),
    )
    return "sound.generators is a subpackage like formats, effects and filters: `python -m` runs its module."


@exercise("Choose what import * brings", hint="`__all__` is a list of strings: the names `import *` should bind.")
def check_filters_all():
    """``ex3/sound/filters/__init__.py`` sets ``__all__`` so that ``import *`` binds exactly ``equalizer``."""
    base, _ = _answer("ex3", "sound/filters/__init__.py")
    clue = {"has no attribute 'e'": "__all__ = 'equalizer' is one string, so * looks for 'e', 'q', ...: use a list."}
    printed = output_of(["-c", IMPORT_STAR], base, "`from sound.filters import *`", timeout=TIMEOUT, clues=clue)
    names, sets_all = ast.literal_eval(printed.splitlines()[-1])
    first_mistake(
        (
            names != ["equalizer"],
            f"`import *` binds {', '.join(names) or 'nothing'}; it should bind exactly equalizer.",
        ),
        (not sets_all, "that binds equalizer, but only because __init__.py imports it: say it with __all__."),
    )
    return "`from sound.filters import *` now imports the submodule equalizer and binds it."
