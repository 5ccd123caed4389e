"""coursekit.exercises.creating: notebook 3's checks, fed right and wrong answers."""

import pytest
from conftest import files_under

from coursekit import packages, workspace
from coursekit.exercises import creating

C_SOLUTION = """def baz():
    print("Hello, function 'baz' from module 'c' calling")
"""
INIT_BROKEN = 'print("shapes: initialising"\n'
INIT_FIXED = 'print("shapes: initialising")\n'
AREA = "def area(side):\n    return side * side\n"


def solution_3(path):
    return path.is_dir() and (path / "__init__.py").is_file()


@pytest.fixture
def folder(scratch):
    """The notebook's workspace folder with the chapter's simple_package, as the lesson leaves it."""
    ws = workspace.reset(creating.NOTEBOOK)
    packages.write_package(ws, "simple_package", packages.SIMPLE_PACKAGE)
    return ws


def _write(folder, relative, text):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- exercise 1: a third module -----------------------------------------------------------


def test_module_c_solution_passes_and_writes_nothing(folder):
    _write(folder, "simple_package/c.py", C_SOLUTION)
    before = files_under(folder)
    fb = creating.check_module_c("simple_package")
    assert fb and fb.message.startswith("✅ A third module: correct!"), fb.message
    assert files_under(folder) == before  # run with -B: not even __pycache__


def test_module_c_placeholder_is_not_answered_yet(folder):
    _write(folder, "simple_package/c.py", "# def baz(): ...\n")
    assert "not answered yet" in creating.check_module_c("simple_package").message


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("def baz(:\n", "simple_package/c.py is not valid Python"),
        ("def baz():\nprint('x')\n", "line 2 of simple_package/c.py"),
        ("def bar():\n    print('x')\n", "simple_package/c.py has no function called baz"),
        ("def baz():\n    pass\n", "c.baz() printed nothing"),
        ("def baz():\n    print('hello')\n", "c.baz() printed ['hello']"),
        ("print('loud')\n" + C_SOLUTION, "importing c printed ['loud']"),
        ("1 / 0\n", "failed in a fresh Python: ZeroDivisionError: division by zero"),
        ("def baz():\n    raise ValueError('nope')\n", "failed in a fresh Python: ValueError: nope"),
        ("while True:\n    pass\n", "is there an endless loop?"),
    ],
)
def test_module_c_wrong_answers_get_messages(folder, monkeypatch, source, fragment):
    monkeypatch.setattr(creating, "TIMEOUT", 2.0)
    _write(folder, "simple_package/c.py", source)
    fb = creating.check_module_c("simple_package")
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_module_c_missing_file_or_package(folder):
    fb = creating.check_module_c("simple_package")
    assert not fb and "there is no file simple_package/c.py yet" in fb.message
    (folder / "simple_package" / "a.py").unlink()
    _write(folder, "simple_package/c.py", C_SOLUTION)
    fb = creating.check_module_c("simple_package")
    assert not fb and "ImportError" in fb.message and str(folder) not in fb.message


@pytest.mark.parametrize("name", [None, "", "my-package", "class", "simple_package/c.py", 42])
def test_module_c_bad_folder_names_get_messages(folder, name):
    fb = creating.check_module_c(name)
    assert fb.message.startswith("❌") and "package folder name" in fb.message


# --- exercise 2: fix a broken package -----------------------------------------------------


@pytest.fixture
def shapes(folder):
    """The broken package as the exercise's cells make it."""
    _write(folder, "shapes/__init__.py", INIT_BROKEN)
    _write(folder, "shapes/square-area.py", AREA)
    return folder


def test_fixed_package_solution_passes(shapes):
    _write(shapes, "shapes/__init__.py", INIT_FIXED)
    _write(shapes, "shapes/square_area.py", AREA)
    fb = creating.check_fixed_package("shapes")
    assert fb and fb.message.startswith("✅ Fix the broken package: correct!"), fb.message


def test_fixed_package_placeholders_are_not_answered_yet(shapes):
    _write(shapes, "shapes/__init__.py", "# the fixed __init__.py\n")
    assert "not answered yet" in creating.check_fixed_package("shapes").message
    _write(shapes, "shapes/square_area.py", "# area(side), in a module whose name import can spell\n")
    assert "not answered yet" in creating.check_fixed_package("shapes").message


@pytest.mark.parametrize(
    "files, fragment",
    [
        ({}, "line 1 of shapes/__init__.py is not valid Python: '(' was never closed"),
        ({"__init__.py": INIT_FIXED}, "there is no file shapes/square_area.py yet"),
        ({"__init__.py": INIT_FIXED}, "Hint: close the print's parenthesis; a module name needs '_', not '-'"),
        ({"__init__.py": "# fixed\n", "square_area.py": AREA}, "placeholder comment in shapes/__init__.py"),
        ({"__init__.py": INIT_FIXED, "square_area.py": "# todo\n"}, "placeholder comment in shapes/square_area.py"),
        ({"__init__.py": "X = 1\n", "square_area.py": AREA}, "importing shapes printed nothing"),
        ({"__init__.py": INIT_FIXED, "square_area.py": "def area(s:\n"}, "square_area.py is not valid Python"),
        ({"__init__.py": INIT_FIXED, "square_area.py": "def size(side):\n    return 9\n"}, "no function called area"),
        ({"__init__.py": INIT_FIXED, "square_area.py": "def area(side):\n    return 4 * side\n"}, "printed '12'"),
        ({"__init__.py": INIT_FIXED, "square_area.py": "def area(side):\n    print(side * side)\n"}, "printed 'None'"),
        ({"__init__.py": INIT_FIXED + "import missing_mod\n", "square_area.py": AREA}, "ModuleNotFoundError"),
        ({"__init__.py": "while True:\n    pass\n", "square_area.py": AREA}, "is there an endless loop?"),
    ],
)
def test_fixed_package_wrong_answers_get_messages(shapes, monkeypatch, files, fragment):
    monkeypatch.setattr(creating, "TIMEOUT", 2.0)
    for name, text in files.items():
        _write(shapes, f"shapes/{name}", text)
    fb = creating.check_fixed_package("shapes")
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_fixed_package_missing_folder_or_init(folder):
    fb = creating.check_fixed_package("shapes")
    assert not fb and "there is no file shapes/__init__.py yet" in fb.message
    _write(folder, "shapes/square_area.py", AREA)
    fb = creating.check_fixed_package("shapes")
    assert not fb and "there is no file shapes/__init__.py yet" in fb.message


@pytest.mark.parametrize("name", [None, "", "my-package", "shapes/__init__.py", 3.5])
def test_fixed_package_bad_folder_names_get_messages(shapes, name):
    fb = creating.check_fixed_package(name)
    assert fb.message.startswith("❌") and "package folder name" in fb.message


# --- exercise 3: is it a regular package? -------------------------------------------------


def test_checks_leave_nothing_behind(scratch):
    creating.check_is_regular_package(solution_3)
    creating.check_is_regular_package(lambda p: 1 / 0)
    assert list(scratch.iterdir()) == []


def test_error_messages_show_no_absolute_paths(scratch):
    fb = creating.check_is_regular_package(lambda p: list(p.iterdir()) and True)
    assert not fb and "workspace/03_creating_a_package_check_" in fb.message
    assert str(scratch) not in fb.message


def test_is_regular_package_solution_passes(scratch):
    fb = creating.check_is_regular_package(solution_3)
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
def test_is_regular_package_wrong_answers_get_messages(scratch, answer, fragment):
    fb = creating.check_is_regular_package(answer)
    assert not fb and fragment in fb.message, fb.message
