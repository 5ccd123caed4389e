"""coursekit.exercises.creating: notebook 02's checks, fed right and wrong answers."""

import pytest
from conftest import files_under

from coursekit.exercises import creating

SOLUTION_1 = """def baz():
    print("Hello, function 'baz' from module 'c' calling")
"""


def solution_2(path):
    return path.is_dir() and (path / "__init__.py").is_file()


SOLUTION_3 = {"simple_package", "_helpers", "Tools2", "print"}


@pytest.fixture(autouse=True)
def _scratch(scratch):
    return scratch


def test_module_c_solution_passes(scratch):
    fb = creating.check_module_c(SOLUTION_1)
    assert fb and fb.message.startswith("✅ A third module: correct!")
    assert files_under(scratch) == []  # built, run and removed again


def test_checks_leave_nothing_behind(scratch):
    creating.check_is_regular_package(solution_2)
    creating.check_is_regular_package(lambda p: 1 / 0)
    creating.check_module_c("1 / 0\n")
    assert list(scratch.iterdir()) == []


def test_error_messages_show_no_absolute_paths(scratch):
    fb = creating.check_is_regular_package(lambda p: list(p.iterdir()) and True)
    assert not fb and "workspace/02_creating_a_package_check_" in fb.message
    assert str(scratch) not in fb.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "should be a str, but it is None"),
        ({"c.py": SOLUTION_1}, "should be a str, but it is a dict"),
        ("def baz(:\n", "not valid Python"),
        ("def bar():\n    print('x')\n", "c.py has no function called baz"),
        ("def baz():\n    pass\n", "c.baz() printed nothing"),
        ("def baz():\n    print('hello')\n", "c.baz() printed 'hello'"),
        ("print('loud')\n" + SOLUTION_1, "importing c printed ['loud']"),
        ("1 / 0\n", "failed: ZeroDivisionError: division by zero"),
        ("def baz():\n    raise ValueError('nope')\n", "failed: ValueError: nope"),
    ],
)
def test_module_c_wrong_answers_get_messages(answer, fragment):
    fb = creating.check_module_c(answer)
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_is_regular_package_solution_passes():
    fb = creating.check_is_regular_package(solution_2)
    assert fb and "directory with an __init__.py" in fb.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "should be a function, but it is None"),
        ("simple_package", "should be a function, but it is a str"),
        (lambda p: p.is_dir(), "just_a_folder (a.py but no __init__.py) you returned True"),
        (
            lambda p: (p / "__init__.py").exists() and False,
            "simple_package (a folder with __init__.py, a.py, b.py) you returned False",
        ),
        (lambda p: any(p.glob("*.py")) if p.is_dir() else False, "just_a_folder"),
        (lambda p: (p / "a.py").exists(), "init_only (a folder holding only __init__.py) you returned False"),
        (lambda p: "yes", "should be a bool, but it is a str"),
        (lambda p: None, "should be a bool, but it is None"),
        (lambda p: 1 / 0, "raised ZeroDivisionError"),
        (lambda: True, "raised TypeError"),
    ],
)
def test_is_regular_package_wrong_answers_get_messages(answer, fragment):
    fb = creating.check_is_regular_package(answer)
    assert not fb and fragment in fb.message, fb.message


def test_module_names_solution_passes():
    assert creating.check_module_names(SOLUTION_3)
    assert creating.check_module_names(sorted(SOLUTION_3))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "but it is None"),
        ("print", "but it is a str"),
        ({3}, "should be a str"),
        (SOLUTION_3 | {"class"}, "'class' is a Python keyword"),
        (SOLUTION_3 | {"my-module"}, "'my-module' is not a valid Python identifier"),
        (SOLUTION_3 | {"2d_tools"}, "'2d_tools' is not a valid Python identifier"),
        (SOLUTION_3 - {"print"}, "print is a built-in function, not a keyword"),
        (SOLUTION_3 - {"_helpers"}, "'_helpers' is a valid identifier"),
        ({"x"}, "['x'] is not in the list"),
    ],
)
def test_module_names_wrong_answers_get_messages(answer, fragment):
    fb = creating.check_module_names(answer)
    assert not fb and fragment in fb.message, fb.message
