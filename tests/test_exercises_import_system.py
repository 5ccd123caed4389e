"""Exercise checks and widget logic of notebook 7: solutions, placeholders, wrong answers."""

import sys

import pytest

from coursekit import workspace
from coursekit.exercises import import_system

CIRCULAR_SOLUTION = """PRICES = {"egg": 0.25, "ham": 2.0}


def price_of(item):
    return PRICES[item]


def stock_value():
    from shop import STOCK

    return sum(STOCK[item] * PRICES[item] for item in STOCK)
"""
IMPORT_AT_THE_END = """PRICES = {"egg": 0.25, "ham": 2.0}


def price_of(item):
    return PRICES[item]


def stock_value():
    return sum(shop.STOCK[item] * PRICES[item] for item in shop.STOCK)


import shop  # at the end: price_of exists by the time shop asks for it
"""
RESOURCES_SOLUTION = """from importlib.resources import files


def first_line():
    return files("weather").joinpath("forecast.txt").read_text(encoding="utf-8").splitlines()[0]
"""
PLACEHOLDER = "# ... write it here (and delete this comment)\n"
BROKEN_PRICES_PY = """from shop import STOCK

PRICES = {"egg": 0.25, "ham": 2.0}


def price_of(item):
    return PRICES[item]


def stock_value():
    return sum(STOCK[item] * PRICES[item] for item in STOCK)
"""


def write(relative, text):
    return workspace.write_text(workspace.folder(import_system.NOTEBOOK), relative, text)


def verdict(feedback):
    return bool(feedback), str(feedback)


# ------------------------------------------------------------------ the widget


@pytest.mark.parametrize(
    "name, finder",
    [("sys", "BuiltinImporter"), ("os", "FrozenImporter"), ("json", "PathFinder"), ("os.path", "FrozenImporter")],
)
def test_which_finder_names_the_finder_that_answers(name, finder):
    text = import_system.which_finder(name)
    found = [line for line in text.splitlines() if "found it" in line]
    assert len(found) == 1 and finder in found[0], text
    assert "/root/" not in text and "/work/" not in text


def test_which_finder_shows_a_module_in_the_current_folder(scratch, monkeypatch):
    folder = workspace.reset("finder")
    (folder / "my_own_module.py").write_text("X = 1\n")
    monkeypatch.chdir(folder)
    monkeypatch.syspath_prepend(str(folder))
    text = import_system.which_finder("my_own_module")
    assert "PathFinder" in text and "my_own_module.py, in the current folder" in text


@pytest.mark.parametrize("name", ["no_such_module_anywhere", "x" * 1000])
def test_which_finder_says_when_nobody_finds_it(name):
    text = import_system.which_finder(name)
    assert "ModuleNotFoundError" in text and "→ found it" not in text


def test_which_finder_reports_the_cache():
    assert "in sys.modules already: yes" in import_system.which_finder("sys")


@pytest.mark.parametrize(
    "value, says",
    [
        (None, "Type a module name"),
        ("", "Type a module name"),
        ("a..b", "not a module name"),
        ("/etc/passwd", "not a module name"),
        ("no_such_parent.child", "not imported yet"),
        ("json.tool.x", "not imported yet"),
    ],
)
def test_which_finder_answers_bad_input_with_a_message(value, says):
    text = import_system.which_finder(value)
    assert text.startswith("⚠️") and says in text


def test_which_finder_notes_names_import_cannot_spell():
    assert "import_module can" in import_system.which_finder("my-package")
    assert "cannot spell it" in import_system.which_finder("class")


def test_which_finder_imports_nothing():
    before = set(sys.modules)
    import_system.which_finder("antigravity")
    import_system.which_finder("this")
    assert not {"antigravity", "this"} & (set(sys.modules) - before)


def test_short_origin_hides_absolute_paths(monkeypatch, tmp_path):
    import json

    assert import_system.short_origin("built-in") == "built-in (compiled into the interpreter)"
    assert import_system.short_origin("frozen") == "frozen (stored inside the interpreter)"
    monkeypatch.chdir(tmp_path)
    assert import_system.short_origin(str(tmp_path / "hello.py")) == "hello.py, in the current folder"

    assert import_system.short_origin(json.__file__) == "json/__init__.py, in the standard library"
    assert import_system.short_origin("/somewhere/far/away/mod.py") == ".../away/mod.py"


# ------------------------------------------------------------------ exercise 1


@pytest.mark.parametrize("solution", [CIRCULAR_SOLUTION, IMPORT_AT_THE_END])
def test_circular_fix_solutions(scratch, solution):
    write("ex1/prices.py", solution)
    ok, text = verdict(import_system.check_circular_fix())
    assert ok, text


def test_circular_fix_placeholder_and_missing_file(scratch):
    ok, text = verdict(import_system.check_circular_fix())
    assert not ok and "there is no file ex1/prices.py" in text
    write("ex1/prices.py", PLACEHOLDER)
    assert "not answered yet" in str(import_system.check_circular_fix())


@pytest.mark.parametrize(
    "source, says",
    [
        (BROKEN_PRICES_PY, "still a circular import"),
        (
            BROKEN_PRICES_PY.replace("from shop import STOCK", "import shop")
            .replace("STOCK[", "shop.STOCK[")
            .replace("in STOCK", "in shop.STOCK"),
            "`import prices, shop; print(shop.total('egg')); print(prices.stock_value())` failed",
        ),
        (CIRCULAR_SOLUTION.replace("0.25", "0.5"), "the totals are 6.0, 12.0, not 3.0 and 9.0"),
        ("def price_of(:\n", "line 1 of ex1/prices.py is not valid Python"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("while True:\n    pass\n", "endless loop"),
        ("PRICES = {}\n", "cannot import name 'price_of' from 'prices' (check_ex1/prices.py)"),
    ],
)
def test_circular_fix_wrong_answers(scratch, monkeypatch, source, says):
    monkeypatch.setattr(import_system, "TIMEOUT", 2)
    write("ex1/prices.py", source)
    ok, text = verdict(import_system.check_circular_fix())
    assert not ok and says in text and "Traceback" not in text, text


def test_circular_fix_uses_the_given_shop(scratch):
    write("ex1/shop.py", "STOCK = {}\ndef total(item):\n    return 3.0\n")
    write("ex1/prices.py", BROKEN_PRICES_PY)
    assert not import_system.check_circular_fix()


# ------------------------------------------------------------------ exercise 2


def test_resources_solution(scratch):
    write("ex2/weather/report.py", RESOURCES_SOLUTION)
    ok, text = verdict(import_system.check_resources())
    assert ok, text


def test_resources_placeholder_and_missing_file(scratch):
    assert "there is no file ex2/weather/report.py" in str(import_system.check_resources())
    write("ex2/weather/report.py", PLACEHOLDER)
    assert "not answered yet" in str(import_system.check_resources())


@pytest.mark.parametrize(
    "source, says",
    [
        ("def first_line():\n    return open('weather/forecast.txt').readline().strip()\n", "current folder"),
        (RESOURCES_SOLUTION.replace("[0]", ""), "expected 'Monday: sunny, 21 degrees'"),
        (RESOURCES_SOLUTION.replace(".splitlines()[0]", ""), "without the newline"),
        ("def first(:\n", "line 1 of ex2/weather/report.py is not valid Python"),
        ("def line():\n    pass\n", "cannot import name 'first_line'"),
        ("def first_line():\n    raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("def first_line():\n    while True:\n        pass\n", "endless loop"),
    ],
)
def test_resources_wrong_answers(scratch, monkeypatch, source, says):
    monkeypatch.setattr(import_system, "TIMEOUT", 2)
    write("ex2/weather/report.py", source)
    ok, text = verdict(import_system.check_resources())
    assert not ok and says in text and "Traceback" not in text, text
