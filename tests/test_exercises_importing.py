"""coursekit.exercises.importing: notebook 03's checks, fed right and wrong answers."""

import pytest
from conftest import files_under

from coursekit.exercises import importing

SOLUTION_1 = "from . import a, b\n"
SOLUTION_2 = {
    "import simple_package.a": {"simple_package"},
    "from simple_package import a, b": {"a", "b"},
    "from simple_package.b import foo": {"foo"},
    "import simple_package.b as sb": {"sb"},
}
SOLUTION_3 = 2


@pytest.fixture(autouse=True)
def _scratch(scratch):
    return scratch


def _assert_message(fb, fragment):
    assert not fb
    assert fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


# --- Exercise 1: an __init__.py that makes the chapter's second form work ---------------


def test_init_source_solution_passes_and_writes_only_in_the_notebook_folder(scratch):
    fb = importing.check_init_source(SOLUTION_1)
    assert fb and fb.message.startswith("✅ Make the chapter's second form work: correct!")
    assert files_under(scratch) == [
        f"03_importing_a_package/check_init_source/simple_package/{f}" for f in ("__init__.py", "a.py", "b.py")
    ]


@pytest.mark.parametrize(
    "source",
    [
        "import simple_package.a\nimport simple_package.b\n",
        "from . import a\nfrom . import b\n",
        '"""Chapter package."""\nfrom simple_package import a, b\n',
    ],
)
def test_init_source_other_right_answers_pass(source):
    assert importing.check_init_source(source)


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "should be a str, but it is None"),
        (["from . import a"], "should be a str, but it is a list"),
        ("", "an empty __init__.py is exactly the case that fails"),
        ("   \n", "an empty __init__.py is exactly the case that fails"),
        ("from . import (a", "not valid Python"),
        ("from . import a\n", "has no attribute 'b'"),
        ("import a, b\n", "No module named 'a'"),
        ("1 / 0\n", "ZeroDivisionError: division by zero"),  # code that raises
        ("a = b = None\n", "has no attribute 'bar'"),
        ("class a:\n    bar = print\nclass b:\n    foo = print\n", "must be the submodules"),
    ],
)
def test_init_source_wrong_answers_get_messages(answer, fragment):
    _assert_message(importing.check_init_source(answer), fragment)


def test_init_source_hint_for_absolute_import_of_a_sibling():
    fb = importing.check_init_source("import a\nimport b\n")
    assert "looks for a *top-level* module named a" in fb.message


# --- Exercise 2: names bound -------------------------------------------------------------


def test_bound_names_solution_passes():
    assert importing.check_bound_names(SOLUTION_2)
    as_lists = {k: sorted(v) for k, v in SOLUTION_2.items()}
    assert importing.check_bound_names(as_lists)


def test_bound_names_template_counts_as_not_answered():
    template = {statement: ... for statement in importing.STATEMENTS}
    assert "not answered yet" in importing.check_bound_names(template).message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (None, "should be a dict, but it is None"),
        ([("import simple_package.a", {"simple_package"})], "should be a dict, but it is a list"),
        ({}, "no entry for 'import simple_package.a'"),
        ({**SOLUTION_2, "import simple_package.a": {"a"}}, "you said ['a']"),
        ({**SOLUTION_2, "import simple_package.a": {"simple_package", "a"}}, "not what this statement binds"),
        ({**SOLUTION_2, "import simple_package.b as sb": {"sb", "simple_package"}}, "only the alias"),
        ({**SOLUTION_2, "from simple_package import a, b": "a, b"}, "not the string 'a, b'"),
        (
            {**SOLUTION_2, "from simple_package.b import foo": 42},
            "should be a set of names like {'x'}, but it is int 42",
        ),
        ({**SOLUTION_2, "from simple_package.b import foo": [1]}, "should hold names as strings"),
        ({**SOLUTION_2, "from simple_package.b import foo": ...}, "replace the ... after"),
    ],
)
def test_bound_names_wrong_answers_get_messages(answer, fragment):
    _assert_message(importing.check_bound_names(answer), fragment)


# --- Exercise 3: how often __init__.py runs ------------------------------------------------


def test_init_runs_solution_passes(scratch):
    assert importing.check_init_runs(SOLUTION_3)
    assert all(p.startswith("03_importing_a_package/check_init_runs/") for p in files_under(scratch))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        ("2", "should be an int, but it is a str"),
        (2.0, "should be an int, but it is a float"),
        (None, "should be an int, but it is None"),
        (True, "not True or False"),
        (-1, "cannot be negative"),
        (1, "1 is not right"),
        (4, "4 is not right"),
        (0, "the very first import always runs"),
    ],
)
def test_init_runs_wrong_answers_get_messages(answer, fragment):
    _assert_message(importing.check_init_runs(answer), fragment)


def test_init_runs_script_is_what_the_notebook_shows():
    assert importing.RUNS_SCRIPT.count("import eager_package") == 3
    assert "importlib.reload(eager_package)" in importing.RUNS_SCRIPT
