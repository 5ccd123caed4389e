"""coursekit.exercises.importing: notebook 4's checks, fed right and wrong answers.

The learner's answers are files in the notebook's working folder; each test writes them
into a temporary workspace (the ``scratch`` fixture), as the notebook's cells would.
"""

import re
import shutil
from pathlib import Path

import pytest
from conftest import files_under

from coursekit import packages
from coursekit.exercises import importing

NOTEBOOK_MD = Path(__file__).resolve().parent.parent / "notebooks" / "04_importing_a_package.md"
SAMPLES = Path(__file__).resolve().parent.parent / "sample_packages"

SOLUTION_1 = "from . import a, b\n"
SOLUTION_2 = 2
SOLUTION_3 = 'import sys\n\nimport eager_package\n\ndel sys.modules["eager_package"]\nimport eager_package\n'

A_SOURCE, B_SOURCE = packages.SIMPLE_PACKAGE["a.py"], packages.SIMPLE_PACKAGE["b.py"]
EAGER_INIT = 'print("initialising eager_package")\nfrom . import a, b\n'
PLACEHOLDER_1 = "# ... write the code of simple_package/__init__.py here, then run this cell\n"
PLACEHOLDER_3 = "# ... write your program here, then run this cell\n"


@pytest.fixture
def folder(scratch):
    """The notebook's working folder in a temporary workspace."""
    ws = scratch / importing.NOTEBOOK
    ws.mkdir()
    return ws


def _assert_message(fb, fragment):
    assert not fb
    assert fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def _writefile_body(name):
    """The body of the notebook's ``%%writefile NAME`` cell, as the .md holds it."""
    cells = re.findall(r"```\{code-cell\} ipython3\n%%writefile (\S+)\n(.*?)```", NOTEBOOK_MD.read_text(), re.S)
    return {target: body for target, body in cells}[name]


# --- Exercise 1: an __init__.py that makes the chapter's second form work ---------------


@pytest.fixture
def ex1(folder):
    """What the exercise's first cell makes: ex1/simple_package with the chapter's a.py and b.py."""
    package = folder / "ex1" / "simple_package"
    package.mkdir(parents=True)
    (package / "a.py").write_text(A_SOURCE)
    (package / "b.py").write_text(B_SOURCE)
    return package


def _init(ex1, text):
    (ex1 / "__init__.py").write_text(text)
    return importing.check_second_form()


def test_second_form_solution_passes_and_writes_nothing_else(ex1, scratch):
    (ex1 / "__init__.py").write_text(SOLUTION_1)
    before = files_under(scratch)
    fb = importing.check_second_form()
    assert fb and fb.message.startswith("✅ Make the chapter's second form work: correct!")
    assert files_under(scratch) == before  # no __pycache__, nothing outside the answer


@pytest.mark.parametrize(
    "source",
    [
        "import simple_package.a\nimport simple_package.b\n",
        "from . import a\nfrom . import b\n",
        '"""Chapter package."""\nfrom simple_package import a, b\n',
        'print("initialising")\nfrom . import a, b\n',
    ],
)
def test_second_form_other_right_answers_pass(ex1, source):
    assert _init(ex1, source)


def test_second_form_placeholder_is_not_answered_yet(ex1):
    _assert_message(_init(ex1, PLACEHOLDER_1), "not answered yet")
    assert "placeholder comment in ex1/simple_package/__init__.py" in importing.check_second_form().message


def test_second_form_placeholder_is_the_notebooks(ex1):
    assert _writefile_body("ex1/simple_package/__init__.py") == PLACEHOLDER_1


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ("", "not answered yet"),
        ("# just a comment\n", "not answered yet"),
        ("from . import (a", "line 1 of ex1/simple_package/__init__.py is not valid Python: '(' was never closed"),
        ("x = 1\n  y = 2\n", "line 2 of ex1/simple_package/__init__.py"),
        ("from . import a\n", "has no attribute 'b'"),
        ("import a, b\n", "No module named 'a'"),
        ("1 / 0\n", "ZeroDivisionError: division by zero"),  # code that raises
        ("a = b = None\n", "has no attribute 'bar'"),
        ("class a:\n    bar = print\nclass b:\n    foo = print\n", "must be the submodules"),
    ],
)
def test_second_form_wrong_answers_get_messages(ex1, answer, fragment):
    _assert_message(_init(ex1, answer), fragment)


def test_second_form_endless_loop_is_stopped(ex1, monkeypatch):
    monkeypatch.setattr(importing, "TIMEOUT", 2)
    _assert_message(_init(ex1, "while True:\n    pass\n"), "ran for more than 2 s: is there an endless loop?")


def test_second_form_hint_for_absolute_import_of_a_sibling(ex1):
    fb = _init(ex1, "import a\nimport b\n")
    assert "looks for a *top-level* module named a" in fb.message


def test_second_form_missing_files_and_folders(folder):
    _assert_message(importing.check_second_form(), "ex1/simple_package/a.py is missing: run the exercise's first cell")
    package = folder / "ex1" / "simple_package"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(SOLUTION_1)
    _assert_message(importing.check_second_form(), "ex1/simple_package/a.py is missing")
    (package / "a.py").write_text(A_SOURCE)
    (package / "b.py").write_text(B_SOURCE)
    (package / "__init__.py").unlink()
    _assert_message(importing.check_second_form(), "no file ex1/simple_package/__init__.py yet")


# --- Exercise 2: how often __init__.py runs ------------------------------------------------


def test_init_runs_solution_passes(folder, scratch):
    assert importing.check_init_runs(SOLUTION_2)
    assert all(p.startswith("04_importing_a_package/check_init_runs/") for p in files_under(scratch))


def test_init_runs_builds_the_sample_eager_package(folder):
    importing.check_init_runs(SOLUTION_2)
    built = folder / "check_init_runs" / "eager_package"
    for name in ("__init__.py", "a.py", "b.py"):
        assert (built / name).read_text() == (SAMPLES / "eager_package" / name).read_text()


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        ("2", "should be an int, but it is a str"),
        (2.0, "should be an int, but it is a float"),
        (None, "should be an int, but it is None"),
        (-1, "-1 is not right"),
        (1, "1 is not right"),
        (4, "4 is not right"),
        (0, "the very first import always runs"),
    ],
)
def test_init_runs_wrong_answers_get_messages(folder, answer, fragment):
    _assert_message(importing.check_init_runs(answer), fragment)


def test_init_runs_script_is_what_the_notebook_writes():
    assert _writefile_body("count_runs.py") == importing.RUNS_SCRIPT
    assert importing.RUNS_SCRIPT.count("import eager_package") == 3
    assert "importlib.reload(eager_package)" in importing.RUNS_SCRIPT


def test_sample_eager_package_is_what_the_notebook_writes():
    assert _writefile_body("eager_package/__init__.py") == EAGER_INIT
    assert (SAMPLES / "eager_package" / "__init__.py").read_text() == EAGER_INIT
    for name in ("a.py", "b.py"):  # the check builds eager_package from sample_packages/
        assert (SAMPLES / "eager_package" / name).read_text() == packages.SIMPLE_PACKAGE[name]


# --- Exercise 3: run __init__.py again without reload ----------------------------------------


@pytest.fixture
def ex3(folder):
    """What the exercise's first cell makes: a copy of the finished eager_package in ex3/."""
    shutil.copytree(SAMPLES / "eager_package", folder / "ex3" / "eager_package")
    return folder / "ex3"


def _again(ex3, text):
    (ex3 / "again.py").write_text(text)
    return importing.check_run_again()


@pytest.mark.parametrize(
    "program",
    [
        SOLUTION_3,
        'import sys\nimport eager_package\nsys.modules.pop("eager_package")\nimport eager_package\n',
        "import sys\nimport eager_package\nfor name in list(sys.modules):\n"
        "    if name.startswith('eager_package'):\n        del sys.modules[name]\nimport eager_package\n",
        "import importlib\nimport sys\nimport eager_package\ndel sys.modules['eager_package']\n"
        "importlib.import_module('eager_package')\n",
    ],
)
def test_run_again_solutions_pass(ex3, program, scratch):
    (ex3 / "again.py").write_text(program)
    before = files_under(scratch)
    fb = importing.check_run_again()
    assert fb and fb.message.startswith("✅ Run __init__.py a second time: correct!"), fb.message
    assert files_under(scratch) == before


def test_run_again_placeholder_is_not_answered_yet(ex3):
    _assert_message(_again(ex3, PLACEHOLDER_3), "not answered yet")
    assert _writefile_body("ex3/again.py") == PLACEHOLDER_3


@pytest.mark.parametrize(
    "program, fragment",
    [
        ("# nothing here\n", "not answered yet"),
        ("import eager_package\n", "printed once: the second import found eager_package in sys.modules"),
        ("import eager_package\nimport eager_package\n", "printed once"),
        ("import sys\n", "was never printed"),
        ("import eager_package, importlib\nimportlib.reload(eager_package)\n", "do it without reload"),
        ("import eager_package\nprint('initialising eager_package')\n", "prints 'initialising eager_package' itself"),
        ("import eager_package\nimport sys\ndel sys.modules['eager_package'\n", "not valid Python"),
        ("import eager_package\nimport sys\n\ndel sys.module['eager_package']\n", "AttributeError"),
        (
            "import sys\nfor _ in range(3):\n    import eager_package\n    del sys.modules['eager_package']\n",
            "printed 3 times",
        ),
    ],
)
def test_run_again_wrong_answers_get_messages(ex3, program, fragment):
    _assert_message(_again(ex3, program), fragment)


def test_run_again_syntax_error_names_the_line(ex3):
    fb = _again(ex3, "import eager_package\n\nimport sys\ndel sys.modules[\n")
    assert "line 4 of ex3/again.py is not valid Python" in fb.message


def test_run_again_endless_loop_is_stopped(ex3, monkeypatch):
    monkeypatch.setattr(importing, "TIMEOUT", 2)
    _assert_message(_again(ex3, "import eager_package\nwhile True:\n    pass\n"), "ran for more than 2 s")


def test_run_again_missing_files(folder):
    _assert_message(importing.check_run_again(), "ex3/eager_package/__init__.py is missing: run the exercise's first")
    (folder / "ex3").mkdir()
    (folder / "ex3" / "again.py").write_text(SOLUTION_3)
    _assert_message(importing.check_run_again(), "ex3/eager_package/__init__.py is missing")
    shutil.copytree(SAMPLES / "eager_package", folder / "ex3" / "eager_package")
    (folder / "ex3" / "again.py").unlink()
    _assert_message(importing.check_run_again(), "no file ex3/again.py yet")
