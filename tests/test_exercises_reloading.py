"""coursekit.exercises.reloading: notebook 2's checks and widget, fed right and wrong answers."""

import importlib.util
import sys

import pytest

from coursekit import workspace
from coursekit.exercises import reloading

SHOPPING_V1 = "PRICE = 3\n\n\ndef total(count):\n    return count * PRICE\n"
SHOPPING_V2 = "PRICE = 12\n\n\ndef total(count):\n    return count * PRICE\n"
PLACEHOLDER = "# the whole new file: PRICE = 12, and total() as before\n"
VISITS = 'COUNT = globals().get("COUNT", 0) + 1\n'


@pytest.fixture
def folder(scratch):
    """The notebook's workspace folder, as the notebook's set-up cell leaves it."""
    return workspace.reset(reloading.NOTEBOOK)


@pytest.fixture
def kernel_module(folder):
    """Import shopping.py from the folder the way the notebook's kernel does; forget it afterwards."""

    def load(source):
        (folder / "shopping.py").write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("shopping", folder / "shopping.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["shopping"] = module
        spec.loader.exec_module(module)
        return module

    yield load
    sys.modules.pop("shopping", None)


# --- exercise 1: the new price ------------------------------------------------------------


def test_new_price_solution_passes(folder, kernel_module):
    module = kernel_module(SHOPPING_V2)
    fb = reloading.check_new_price(module)
    assert fb and fb.message.startswith("✅ The new price: correct!"), fb.message


def test_new_price_ellipsis_is_not_answered_yet_and_a_placeholder_file_is_named(folder, kernel_module):
    module = kernel_module(SHOPPING_V1)
    (folder / "shopping.py").write_text(PLACEHOLDER, encoding="utf-8")
    assert "not answered yet" in reloading.check_new_price(...).message
    fb = reloading.check_new_price(module)
    assert fb.message.startswith("⏳") and "Replace the placeholder comment in shopping.py" in fb.message


def test_new_price_file_right_but_kernel_module_stale(folder, kernel_module):
    module = kernel_module(SHOPPING_V1)
    (folder / "shopping.py").write_text(SHOPPING_V2, encoding="utf-8")
    fb = reloading.check_new_price(module)
    assert not fb and "still has PRICE = 3: run it again in this kernel" in fb.message


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("PRICE = 12\ndef total(count:\n", "not valid Python"),
        ("PRICE = 12\ndef total(count:\n", "line 2 of shopping.py"),
        (SHOPPING_V1, "shopping.PRICE is 3; the new price should be 12"),
        ("PRICE = 12\n\ndef total(count):\n    return count + PRICE\n", "total(2) returns 14"),
        ("PRICE = 12\n", "AttributeError"),
        ("PRICE = 12\n1 / 0\n", "failed in a fresh Python: ZeroDivisionError: division by zero"),
        ("PRICE = 12\nwhile True:\n    pass\n", "is there an endless loop?"),
    ],
)
def test_new_price_bad_files_get_messages(folder, kernel_module, monkeypatch, source, fragment):
    monkeypatch.setattr(reloading, "TIMEOUT", 2.0)
    module = kernel_module(SHOPPING_V1)
    (folder / "shopping.py").write_text(source, encoding="utf-8")
    fb = reloading.check_new_price(module)
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_new_price_missing_file(folder):
    fb = reloading.check_new_price(type(sys)("shopping"))
    assert not fb and "there is no file shopping.py yet" in fb.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ({"PRICE": 12}, "a dict of names (what runpy returns)"),
        (None, "should be a module, but it is None"),
        (12, "should be a module, but it is an int"),
        (sys, "the module 'sys'"),
    ],
)
def test_new_price_wrong_objects_get_messages(folder, kernel_module, answer, fragment):
    kernel_module(SHOPPING_V2)
    fb = reloading.check_new_price(answer)
    assert not fb and fragment in fb.message, fb.message


def test_new_price_module_not_in_the_cache(folder, kernel_module):
    module = kernel_module(SHOPPING_V2)
    sys.modules["shopping"] = type(sys)("shopping")  # the kernel's import gives another object
    fb = reloading.check_new_price(module)
    assert not fb and "`import shopping` here gives another: use importlib.reload" in fb.message


# --- exercise 2: a module that counts its runs --------------------------------------------


def _visits(folder, source):
    (folder / "visits.py").write_text(source, encoding="utf-8")
    return reloading.check_visit_counter("visits.py")


def test_visits_solutions_pass(folder):
    assert _visits(folder, VISITS)
    assert _visits(folder, "try:\n    COUNT += 1\nexcept NameError:\n    COUNT = 1\n")


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("# COUNT = ... (1 after the first import, one more after each reload)\n", "not answered yet"),
        ("COUNT = 1\n", "COUNT stays 1 after importlib.reload(visits)"),
        ("X = 1\n", "visits.py defines no COUNT"),
        ("COUNT = 0\n", "right after the first `import visits`, COUNT is 0"),
        ("COUNT = globals().get('COUNT', 0) + 2\n", "right after the first `import visits`, COUNT is 2"),
        (
            "import builtins\nbuiltins.N = getattr(builtins, 'N', 0) + 1\nCOUNT = builtins.N\n",
            "after `del sys.modules['visits']` and `import visits`, COUNT is 4; a new module starts at 1",
        ),
        ("COUNT = globals().get('COUNT', 0) * 2 + 1\n", "it should be 2 and 3"),
        ("COUNT = (\n", "line 1 of visits.py is not valid Python: '(' was never closed"),
        ("COUNT = 1 / 0\n", "ZeroDivisionError"),
        ("import sys\nsys.exit()\n", "did not get to the end"),
        ("while True:\n    pass\n", "is there an endless loop?"),
    ],
)
def test_visits_wrong_answers_get_messages(folder, monkeypatch, source, fragment):
    monkeypatch.setattr(reloading, "TIMEOUT", 2.0)
    fb = _visits(folder, source)
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_visits_missing_file(folder):
    fb = reloading.check_visit_counter("visits.py")
    assert not fb and "there is no file visits.py" in fb.message


@pytest.mark.parametrize("name", [None, "", "visits", "my-visits.py", "../visits.py", "/etc/visits.py", 3])
def test_visits_bad_file_names_get_messages(folder, name):
    (folder / "visits.py").write_text(VISITS, encoding="utf-8")
    fb = reloading.check_visit_counter(name)
    assert fb.message.startswith("❌") and "give the name of the file you wrote" in fb.message, fb.message


def test_visits_any_module_name_works(folder):
    (folder / "counter.py").write_text(VISITS, encoding="utf-8")
    assert reloading.check_visit_counter("counter.py")


def test_checks_write_nothing_but_what_the_learner_wrote(folder):
    _visits(folder, VISITS)
    assert sorted(p.name for p in folder.iterdir()) == ["visits.py"]  # -B: no __pycache__ either


# --- the widget ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, binding, yours, same, leftover",
    [
        ("reload", "import", "'hello from version 2'   ✓", "the same module object", "yes"),
        ("reload", "from", "'hello from version 1'   ✗", "the same module object", "yes"),
        ("del sys.modules", "import", "'hello from version 2'   ✓", "a NEW module object", "no"),
        ("del sys.modules", "from", "'hello from version 1'   ✗", "a NEW module object", "no"),
        (
            "runpy.run_path",
            "import",
            "'hello from version 1'   ✗",
            "untouched (runpy does not use the cache): VERSION = 1",
            "yes",
        ),
        (
            "runpy.run_module",
            "from",
            "'hello from version 1'   ✗",
            "untouched (runpy does not use the cache): VERSION = 1",
            "yes",
        ),
    ],
)
def test_reload_experiment_reports_what_really_happens(scratch, method, binding, yours, same, leftover):
    text = reloading.reload_experiment(workspace.reset("rl"), method, binding)
    assert text.startswith("▶ " + reloading.BINDINGS[binding] + "\ntool.py runs: version 1\n"), text
    assert yours in text and same in text
    assert f"old_helper in that module?    → {leftover}" in text


def test_reload_experiment_runpy_names(scratch):
    assert "__name__ = '<run_path>'" in reloading.reload_experiment(workspace.reset("rl"), "runpy.run_path")
    assert "__name__ = 'tool'" in reloading.reload_experiment(workspace.reset("rl"), "runpy.run_module")


@pytest.mark.parametrize(
    "method, binding", [("restart", "import"), (None, "import"), ("reload", "import *"), ("reload", 3)]
)
def test_reload_experiment_bad_choices_are_messages(scratch, method, binding):
    text = reloading.reload_experiment(workspace.reset("rl"), method, binding)
    assert text.startswith("⚠️ ") and "pick one of" in text and "Traceback" not in text


def test_reload_experiment_stays_in_its_folder(scratch):
    ws = workspace.reset("rl")
    reloading.reload_experiment(ws, "reload", "import")
    reloading.reload_experiment(ws, "del sys.modules", "from")
    assert sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*")) == ["reload_lab", "reload_lab/tool.py"]


def test_reload_experiment_whole_report(scratch):  # the example the module's docstring used to show
    assert reloading.reload_experiment(workspace.reset("rl"), "reload", "from") == (
        "▶ from tool import greet\n"
        "tool.py runs: version 1\n"
        "▶ (tool.py is rewritten: version 2, without old_helper)\n"
        '▶ importlib.reload(sys.modules["tool"])\n'
        "tool.py runs: version 2\n"
        "greet()                       → 'hello from version 1'   ✗ still the old function\n"
        "sys.modules['tool']           → the same module object as before, run again: VERSION = 2\n"
        "old_helper in that module?    → yes: reload keeps names the new file no longer defines"
    )
