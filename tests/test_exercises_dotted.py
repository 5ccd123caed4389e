"""coursekit.exercises.dotted: notebook 5's checks, fed right and wrong files.

Each test builds the exercise folder as the notebook does (a copy of the reference
``sound`` package in ``ex1/``, ``ex2/`` or ``ex3/`` of a temporary workspace), writes
the learner's file there and calls the check.
"""

import shutil
from pathlib import Path

import pytest
from conftest import files_under

from coursekit.exercises import dotted

SAMPLES = Path(__file__).resolve().parent.parent / "sample_packages"

BROKEN_FADE = '''"""Fade out: every sample a little quieter than the one before, down to silence."""
from filters import equalizer  # the bug: there is no top-level package called filters


def fadeout(samples):
    """Return ``samples`` with the volume falling evenly from full to zero."""
    steps = len(samples) - 1
    return [equalizer.equalize([s], gain=(steps - i) / steps)[0] for i, s in enumerate(samples)]


if __name__ == "__main__":
    print(fadeout([10000] * 5))
'''
FIXED_FADE = BROKEN_FADE.replace(
    "from filters import equalizer  # the bug: there is no top-level package called filters",
    "from ..filters import equalizer",
)
TONES = '''"""Simple tones."""
from ..formats.wavwrite import HIGHEST, LOWEST


def square(length, period=4):
    return [HIGHEST if t % period < period // 2 else LOWEST for t in range(length)]


if __name__ == "__main__":
    print(square(8))
'''
INIT_2 = '"""Generators."""\n'
INIT_3 = '"""Filters."""\n\n__all__ = ["equalizer"]\n'
PLACEHOLDER = "# Replace this comment with your file.\n"


@pytest.fixture
def folder(scratch):
    """Make ``exN/sound`` (a copy of the reference package) like the notebook's copy cells."""

    def make(name):
        base = scratch / dotted.NOTEBOOK / name
        shutil.copytree(SAMPLES / "sound", base / "sound", ignore=shutil.ignore_patterns("__pycache__"))
        return base

    return make


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(dotted, "TIMEOUT", 2)


def _assert_message(fb, fragment):
    assert not fb
    assert fragment in fb.message, fb.message
    assert "Traceback" not in fb.message and "\x1b[" not in fb.message
    assert "/tmp/" not in fb.message and str(Path.home()) + "/" not in fb.message


# --- Exercise 1: a relative import, run with -m ---------------------------------------------


@pytest.fixture
def ex1(folder):
    base = folder("ex1")
    return lambda text: (base / "sound/effects/fade.py").write_text(text) and base


def test_fix_solution_passes_and_writes_only_in_the_exercise_folder(ex1, scratch):
    ex1(FIXED_FADE)
    fb = dotted.check_relative_fix()
    assert fb, fb.message
    assert dotted.FADE_OUTPUT in fb.message
    assert all(f.startswith("05_dotted_module_names/ex1/sound/") for f in files_under(scratch))


def test_fix_accepts_other_relative_forms(ex1):
    ex1(FIXED_FADE.replace("from ..filters import equalizer", "from .. import filters\nequalizer = filters.equalizer"))
    assert not dotted.check_relative_fix()  # `from .. import filters` does not load filters.equalizer
    ex1(FIXED_FADE.replace("from ..filters import equalizer", "from ..filters import equalizer as equalizer"))
    assert dotted.check_relative_fix()


def test_fix_placeholder_is_not_answered_yet(ex1):
    ex1(PLACEHOLDER)
    fb = dotted.check_relative_fix()
    assert not fb and "not answered yet" in fb.message and "ex1/sound/effects/fade.py" in fb.message


@pytest.mark.parametrize(
    "text, fragment",
    [
        (BROKEN_FADE, "No module named 'filters'\n💡 Hint: there is no top-level package filters"),
        (FIXED_FADE.replace("from ..filters", "from .filters"), "No module named 'sound.effects.filters'\n💡"),
        (FIXED_FADE.replace("from ..filters", "from ....filters"), "beyond top-level package\n💡 Hint: fade is in"),
        (FIXED_FADE.replace("from ..filters", "from sound.filters"), "asks for a relative one"),
        (
            FIXED_FADE.replace("def fadeout(samples):", "def fadeout(samples)"),
            "line 5 of ex1/sound/effects/fade.py is not valid Python: expected ':'",
        ),
        (FIXED_FADE.replace("steps = len(samples) - 1", "steps = len(samples) - 1 + unknown"), "NameError"),
        (FIXED_FADE.replace("[10000] * 5", "[10000] * 3"), "printed '[10000, 5000, 0]'"),
        (FIXED_FADE.replace("from ..filters import equalizer", "from ..filters import volume"), "cannot import name"),
    ],
)
def test_fix_wrong_files_get_messages(ex1, text, fragment):
    ex1(text)
    _assert_message(dotted.check_relative_fix(), fragment)


def test_fix_endless_loop_is_stopped(ex1, quick):
    ex1(FIXED_FADE.replace("if __name__", "while True:\n    pass\n\nif __name__"))
    _assert_message(dotted.check_relative_fix(), "ran for more than 2 s: is there an endless loop?")


def test_fix_missing_copy_and_missing_file(scratch, folder):
    _assert_message(dotted.check_relative_fix(), "ex1/sound is missing: run the cell that copies sound into ex1")
    folder("ex1")
    _assert_message(dotted.check_relative_fix(), "there is no file ex1/sound/effects/fade.py yet")


# --- Exercise 2: a new subpackage ------------------------------------------------------------


@pytest.fixture
def ex2(folder):
    base = folder("ex2")
    (base / "sound/generators").mkdir()

    def write(init, tones):
        for name, text in (("__init__.py", init), ("tones.py", tones)):
            if text is not None:
                (base / "sound/generators" / name).write_text(text)
        return base

    return write


def test_generators_solution_passes(ex2):
    ex2(INIT_2, TONES)
    assert dotted.check_generators()


def test_generators_accepts_an_empty_init(ex2):
    ex2("", TONES)
    assert dotted.check_generators()


@pytest.mark.parametrize("init, tones", [(PLACEHOLDER, TONES), (INIT_2, PLACEHOLDER), (None, PLACEHOLDER)])
def test_generators_placeholders_are_not_answered_yet(ex2, init, tones):
    ex2(init, tones)
    assert "not answered yet" in dotted.check_generators().message


@pytest.mark.parametrize(
    "init, tones, fragment",
    [
        (None, TONES, "has no __init__.py, so it is a namespace package (notebook 6)"),
        (INIT_2, None, "there is no file ex2/sound/generators/tones.py yet"),
        ('"""unclosed', TONES, "__init__.py is not valid Python"),
        (
            INIT_2,
            TONES.replace("def square(length, period=4):", "def square(length, period=4)"),
            "line 5 of ex2/sound/generators/tones.py",
        ),
        (INIT_2, TONES.replace("def square", "def sqaure"), "no function called square"),
        (INIT_2, TONES.replace("from ..formats", "from ...formats"), "beyond top-level package\n💡 Hint: tones is in"),
        (INIT_2, TONES.replace("from ..formats", "from .formats"), "No module named 'sound.generators.formats'"),
        (
            INIT_2,
            TONES.replace("from ..formats.wavwrite", "from ..formats.wavread"),
            "No module named 'sound.formats.wavread'",
        ),
        (INIT_2, TONES.replace("t % period < period // 2", "t % period <= period // 2"), "square(8) returned"),
        (INIT_2, TONES.replace("period=4", "period=2"), "square(8) returned"),
        (
            INIT_2,
            TONES.replace('if __name__ == "__main__":\n    print', "if True:\n    print"),
            "importing tones printed",
        ),
        (INIT_2, TONES.replace("print(square(8))", "print(square(4))"), "it should print square(8)"),
        (
            INIT_2,
            TONES.replace("from ..formats.wavwrite import HIGHEST, LOWEST", "HIGHEST, LOWEST = 32767, -32768"),
            "with a relative import",
        ),
        ("raise RuntimeError('boom')\n", TONES, "RuntimeError: boom"),
    ],
)
def test_generators_wrong_files_get_messages(ex2, init, tones, fragment):
    ex2(init, tones)
    _assert_message(dotted.check_generators(), fragment)


def test_generators_endless_loop_is_stopped(ex2, quick):
    ex2("while True:\n    pass\n", TONES)
    _assert_message(dotted.check_generators(), "ran for more than 2 s")


def test_generators_missing_folder(folder):
    folder("ex2")
    _assert_message(dotted.check_generators(), "there is no file ex2/sound/generators/tones.py yet")


# --- Exercise 3: __all__ ---------------------------------------------------------------------


@pytest.fixture
def ex3(folder):
    base = folder("ex3")
    return lambda text: (base / "sound/filters/__init__.py").write_text(text) and base


def test_all_solution_passes(ex3):
    ex3(INIT_3)
    assert dotted.check_filters_all()


def test_all_accepts_a_tuple_and_an_annotation(ex3):
    ex3("__all__ = ('equalizer',)\n")
    assert dotted.check_filters_all()
    ex3("__all__: list[str] = ['equalizer']\n")
    assert dotted.check_filters_all()


def test_all_placeholder_is_not_answered_yet(ex3):
    ex3(PLACEHOLDER)
    assert "not answered yet" in dotted.check_filters_all().message


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "`import *` binds nothing; it should bind exactly equalizer"),
        ('"""Filters."""\n', "binds nothing"),
        ("__all__ = (", "not valid Python"),
        ("__all__ = 'equalizer'\n", "is one string"),
        ("__all__ = ['equalizer', 'missing']\n", "has no attribute 'missing'"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("from . import equalizer\n", "say it with __all__"),
        ("from sound.formats.wavwrite import LOWEST\n__all__ = ['equalizer', 'LOWEST']\n", "binds LOWEST, equalizer"),
    ],
)
def test_all_wrong_files_get_messages(ex3, text, fragment):
    ex3(text)
    _assert_message(dotted.check_filters_all(), fragment)


def test_all_endless_loop_is_stopped(ex3, quick):
    ex3("while True:\n    pass\n")
    _assert_message(dotted.check_filters_all(), "is there an endless loop?")


def test_all_missing_file(scratch, folder):
    base = folder("ex3")
    (base / "sound/filters/__init__.py").unlink()
    _assert_message(dotted.check_filters_all(), "there is no file ex3/sound/filters/__init__.py yet")


def test_square_wave():
    assert dotted.square_wave(6, period=2) == [32767, -32768] * 3
