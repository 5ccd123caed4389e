"""coursekit.exercises.dotted: notebook 04's checks, fed right and wrong answers."""

import pytest
from conftest import files_under

from coursekit.exercises import dotted

SOLUTION_1 = {
    "from .wavwrite import LOWEST": "from sound.formats.wavwrite import LOWEST",
    "from ..effects import echo": "from sound.effects import echo",
    "from ..effects.echo import echofilter": "from sound.effects.echo import echofilter",
    "from ... import sound": "ImportError",
}
SOLUTION_2 = "from shapes2d import area as flat\nfrom shapes3d import area as solid"
SOLUTION_3 = '"""Filters."""\n\n__all__ = ["equalizer"]\n'


@pytest.fixture(autouse=True)
def _scratch(scratch):
    return scratch


def _assert_message(fb, fragment):
    assert not fb
    assert fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


# --- Exercise 1: relative to absolute ----------------------------------------------------


def test_absolute_forms_solution_passes():
    assert dotted.check_absolute_forms(SOLUTION_1)


def test_absolute_forms_accept_any_spacing():
    spaced = {k: ("  " + v.replace(" import ", "  import  ")) for k, v in SOLUTION_1.items()}
    assert dotted.check_absolute_forms(spaced)


def test_absolute_forms_template_counts_as_not_answered():
    template = {q: ... for q in dotted.QUESTIONS}
    assert "not answered yet" in dotted.check_absolute_forms(template).message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (None, "should be a dict, but it is None"),
        ("from sound.effects import echo", "should be a dict, but it is a str"),
        ({}, "no entry for 'from .wavwrite import LOWEST'"),
        (
            {**SOLUTION_1, "from ..effects import echo": "from sound.formats.effects import echo"},
            "not where the dots lead",
        ),
        ({**SOLUTION_1, "from ... import sound": "from sound import sound"}, "three dots climb above"),
        ({**SOLUTION_1, "from ..effects import echo": "from ..effects import echo"}, "still has leading dots"),
        ({**SOLUTION_1, "from ..effects import echo": "frm sound"}, "not valid Python"),
        ({**SOLUTION_1, "from ..effects import echo": "x = 1"}, "write one import statement"),
        ({**SOLUTION_1, "from ..effects import echo": None}, "should be a str, but it is None"),
        ({**SOLUTION_1, "from ..effects import echo": ...}, "replace the ... after"),
    ],
)
def test_absolute_forms_wrong_answers_get_messages(answer, fragment):
    _assert_message(dotted.check_absolute_forms(answer), fragment)


def test_absolute_forms_expected_answers_come_from_resolve():
    assert {q: dotted._expected(q) for q in dotted.QUESTIONS} == SOLUTION_1


# --- Exercise 2: aliases -------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        SOLUTION_2,
        "import shapes2d.area as flat, shapes3d.area as solid",
        "from shapes2d import area as flat; import shapes3d.area as solid",
    ],
)
def test_aliases_right_answers_pass_and_write_nothing(scratch, answer):
    assert dotted.check_aliases(answer)
    assert files_under(scratch) == []
    assert not list(dotted.SAMPLES.rglob("__pycache__"))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "should be a str, but it is None"),
        (5, "should be a str, but it is an int"),
        ("", "Type an import statement"),
        ("flat = 1", "not an import statement"),
        ("import shapes2d.area as flat", "it binds flat; it should bind exactly flat and solid"),
        ("import shapes2d.area, shapes3d.area", "it binds shapes2d, shapes3d"),
        ("from shapes2d import area as flat, area as solid", "solid is shapes2d.area"),
        (
            "import shapes2d.volume as flat, shapes3d.area as solid",  # code that raises
            "No module named 'shapes2d.volume'",
        ),
        (
            "from shapes2d import area as flat, volume as solid",
            "cannot import name 'volume' from 'shapes2d' (sample_packages/shapes2d/__init__.py)",
        ),
    ],
)
def test_aliases_wrong_answers_get_messages(answer, fragment):
    _assert_message(dotted.check_aliases(answer), fragment)


# --- Exercise 3: __all__ -------------------------------------------------------------------


def test_all_source_solution_passes_and_writes_only_in_the_notebook_folder(scratch):
    assert dotted.check_all_source(SOLUTION_3)
    files = files_under(scratch)
    assert "04_dotted_module_names/check_all_source/sound/filters/__init__.py" in files
    assert all(f.startswith("04_dotted_module_names/check_all_source/sound/") for f in files)
    assert not list(dotted.SAMPLES.rglob("__pycache__"))


def test_all_source_accepts_a_tuple_and_an_annotation():
    assert dotted.check_all_source("__all__ = ('equalizer',)\n")
    assert dotted.check_all_source("__all__: list[str] = ['equalizer']\n")


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "should be a str, but it is None"),
        (["equalizer"], "should be a str, but it is a list"),
        ("", "binds nothing; it should bind exactly equalizer"),
        ("__all__ = (", "not valid Python"),
        ("__all__ = 'equalizer'\n", "is one string"),
        ("__all__ = ['equalizer', 'missing']\n", "has no attribute 'missing'"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),  # code that raises
        ("from . import equalizer\n", "say it with __all__"),
        (
            "from . import equalizer\n__all__ = ['equalizer', 'LOWEST']\nfrom sound.formats.wavwrite import LOWEST\n",
            "binds LOWEST, equalizer",
        ),
    ],
)
def test_all_source_wrong_answers_get_messages(answer, fragment):
    _assert_message(dotted.check_all_source(answer), fragment)


def test_samples_folder_is_the_repositorys():
    assert (dotted.SAMPLES / "sound" / "filters" / "equalizer.py").is_file()
