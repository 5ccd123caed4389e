"""Exercise checks for notebook 5, *Dotted module names*: each reads the learner's copy of ``sound`` in
``ex1/``..``ex3/`` and runs it in a fresh Python from there (the folder above ``sound``, as -m needs)."""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path

from coursekit import workspace
from coursekit.checks import Wrong, compile_answer, exercise, output_of, read_answer

NOTEBOOK = "05_dotted_module_names"
TIMEOUT = 10  #: seconds a learner's program may run before we call it an endless loop
FADE_OUTPUT = "[10000, 7500, 5000, 2500, 0]"  #: what `python -m sound.effects.fade` prints once fixed
SQUARES = {"square(8)": (8, 4), "square(6, period=2)": (6, 2), "square(5, period=6)": (5, 6)}
IMPORT_TONES = f"import json, sound.generators.tones as t\nprint(json.dumps([t.{', t.'.join(SQUARES)}]))"
IMPORT_STAR = "from sound.filters import *\nprint(sorted(n for n in dir() if not n.startswith('_')))"
ONE_STRING = "__all__ = 'equalizer' is one string, so import * looks for 'e', 'q', ...: use a list, ['equalizer']."


def square_wave(length: int, period: int = 4) -> list[int]:
    """What exercise 2's ``sound.generators.tones.square`` should return."""
    return [32767 if t % period < period // 2 else -32768 for t in range(length)]


def _answer(name: str, *files: str) -> tuple[Path, list[ast.Module]]:
    """The exercise folder and the learner's ``files`` there, parsed (an empty file is an answer too)."""
    base, trees = workspace.folder(NOTEBOOK) / name, []
    if not (base / "sound" / "filters" / "equalizer.py").is_file():
        raise Wrong(
            f"{name}/sound is missing: run the cell that copies sound into {name} first (and the lesson's "
            "cells that write sound, if you restarted the kernel).",
            hint="run the notebook from the top (Run > Run All Above Selected Cell), then this exercise.",
        )
    for path, shown in ((base / file, f"{name}/{file}") for file in files):
        text = "" if path.is_file() and not path.read_text(encoding="utf-8").strip() else read_answer(path, shown)
        compile_answer(text, shown)
        trees.append(ast.parse(text))
    return base, trees


def _output(base: Path, args: list[str], what: str, clues: dict[str, str] | None = None) -> str:
    """What ``python *args`` prints in ``base``; Wrong naming the error, with the hint a clue in it calls for."""
    try:
        return output_of(args, base, what, timeout=TIMEOUT).strip()
    except Wrong as exc:
        raise Wrong(str(exc), next((tip for clue, tip in (clues or {}).items() if clue in str(exc)), None)) from None


def _relative_imports(tree: ast.Module, package: str, module: str) -> list[ast.ImportFrom]:
    """The relative imports in ``tree``; Wrong for dots that climb above sound or stay inside ``package``."""
    relative = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    for node in relative:
        try:
            target = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
        except ImportError:
            raise Wrong(f"`{ast.unparse(node)}`: {node.level} dots from {package} climb above sound.") from None
        if node.module and target.startswith(package + "."):
            raise Wrong(f"`{ast.unparse(node)}` looks for {target}: one dot is the package {module} is in, {package}.")
    return relative


@exercise(
    "Make fade.py's import relative",
    hint="fade is in sound.effects: one dot means sound.effects, two dots mean sound.",
)
def check_relative_fix():
    """``ex1/sound/effects/fade.py`` imports equalizer with a relative import and runs with ``-m``."""
    base, [tree] = _answer("ex1", "sound/effects/fade.py")
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level]
    names += [alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names]
    if any(name.split(".")[0] == "filters" for name in names):
        raise Wrong("fade.py still imports `filters` as a top-level module, and there is none: that is the bug.")
    relative = _relative_imports(tree, "sound.effects", "fade")
    printed = _output(base, ["-m", "sound.effects.fade"], "`python -m sound.effects.fade` (in ex1)")
    if not relative:
        raise Wrong("that works, but with an absolute import; the exercise asks for a relative one (with dots).")
    if printed != FADE_OUTPUT:
        raise Wrong(
            f"`python -m sound.effects.fade` printed {printed!r}, not {FADE_OUTPUT}: "
            "change only the import line and keep the rest of fade.py as it was."
        )
    return f"`python -m sound.effects.fade` (in ex1) printed {FADE_OUTPUT}."


@exercise(
    "Add the subpackage sound.generators",
    hint="tones is in sound.generators: two dots lead to sound, then .formats.wavwrite goes down.",
)
def check_generators():
    """``ex2/sound/generators/`` is a regular subpackage whose ``tones.square`` makes a square wave."""
    folder = workspace.folder(NOTEBOOK) / "ex2" / "sound" / "generators"
    if not folder.is_dir():
        raise Wrong("ex2/sound/generators does not exist: run the cell that makes the folder (%%writefile cannot).")
    base, [tones] = _answer("ex2", "sound/generators/tones.py")
    if not (folder / "__init__.py").is_file():
        raise Wrong(
            "ex2/sound/generators has no __init__.py: without one it is a namespace package (notebook 6), "
            "not a regular subpackage like formats, effects and filters. Write one with %%writefile."
        )
    _answer("ex2", "sound/generators/__init__.py")
    relative = _relative_imports(tones, "sound.generators", "tones")
    clue = {"has no attribute 'square'": "tones.py has no function called square."}
    lines = _output(base, ["-c", IMPORT_TONES], "`import sound.generators.tones` then square()", clue).splitlines()
    if len(lines) > 1:
        raise Wrong(f'importing tones printed {lines[0]!r}: only -m should print; use `if __name__ == "__main__":`.')
    for (call, args), got in zip(SQUARES.items(), json.loads(lines[0]), strict=True):
        if got != square_wave(*args):
            raise Wrong(f"{call} returned {got}, but it should be {square_wave(*args)}.")
    printed = _output(base, ["-m", "sound.generators.tones"], "`python -m sound.generators.tones` (in ex2)")
    if printed != str(square_wave(8)):
        raise Wrong(f"`python -m sound.generators.tones` printed {printed!r}; it should print square(8).")
    if not relative:
        raise Wrong(
            "that works; now import HIGHEST and LOWEST from sound.formats.wavwrite with a relative import "
            "(it starts with dots) instead of typing the numbers or the full name."
        )
    return "sound.generators is a subpackage like formats, effects and filters: `python -m` runs its module."


@exercise("Choose what import * brings", hint="`__all__` is a list of strings: the names `import *` should bind.")
def check_filters_all():
    """``ex3/sound/filters/__init__.py`` sets ``__all__`` so that ``import *`` binds exactly ``equalizer``."""
    base, [tree] = _answer("ex3", "sound/filters/__init__.py")
    printed = _output(base, ["-c", IMPORT_STAR], "`from sound.filters import *`", {"has no attribute 'e'": ONE_STRING})
    names = ast.literal_eval(printed.splitlines()[-1])
    if names != ["equalizer"]:
        got = ", ".join(names) or "nothing"
        raise Wrong(f"`from sound.filters import *` binds {got}; it should bind exactly equalizer.")
    assigned = [t for node in tree.body if isinstance(node, ast.Assign) for t in node.targets]
    assigned += [node.target for node in tree.body if isinstance(node, (ast.AnnAssign, ast.AugAssign))]
    if "__all__" not in [getattr(target, "id", None) for target in assigned]:
        raise Wrong(
            "that binds equalizer, but only because __init__.py imports it; "
            "say it with __all__, so that readers and tools see the public names."
        )
    return "`from sound.filters import *` now imports the submodule equalizer and binds it."
