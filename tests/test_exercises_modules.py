"""coursekit.exercises.modules: notebook 01's checks, fed right and wrong answers."""

import pytest
from conftest import files_under

from coursekit.exercises import modules

SOLUTION_1 = """def double(x):
    return 2 * x


if __name__ == "__main__":
    print(f"double(21) = {double(21)}")
"""


@pytest.fixture(autouse=True)
def _scratch(scratch):
    return scratch


def test_script_or_import_solution_passes():
    fb = modules.check_script_or_import(SOLUTION_1)
    assert fb and fb.message.startswith("✅ Script or import?: correct!")


def test_checks_leave_nothing_behind(scratch):
    # They work in a private folder (process id in its name) and remove it afterwards, so a
    # check running in the test suite never disturbs the notebook's own folder, and vice versa.
    modules.check_script_or_import(SOLUTION_1)
    modules.check_script_or_import("raise RuntimeError('boom')\n")
    modules.check_hidden_names({"random"})
    assert files_under(scratch) == [] and list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "should be a str, but it is None"),
        (42, "should be a str, but it is an int"),
        ("def double(x) return 2 * x", "not valid Python"),
        ("def double(x):\n    return 2 * x\n", "printed nothing"),
        ("def double(x):\n    return 2 * x\nprint('double(21) = 42')\n", "importing double printed"),
        (
            "def double(x):\n    return x + 2\nif __name__ == '__main__':\n    print('double(21) = 42')\n",
            "double.double(5) gave ['7']",
        ),
        ("def double(x):\n    return 2 * x\nif __name__ == '__main__':\n    print(double(21))\n", "printed '42'"),
        ("raise RuntimeError('boom')\n", "failed: RuntimeError: boom"),
        ("if __name__ == '__main__':\n    print('double(21) = 42')\n", "has no attribute 'double'"),
    ],
)
def test_script_or_import_wrong_answers_get_messages(answer, fragment):
    fb = modules.check_script_or_import(answer)
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_script_or_import_stops_an_endless_module(monkeypatch):
    real = modules.packages.run_python
    monkeypatch.setattr(modules.packages, "run_python", lambda args, **kw: real(args, **{**kw, "timeout": 0.5}))
    fb = modules.check_script_or_import("while True:\n    pass\n")
    assert not fb and "Stopped after 0.5 seconds" in fb.message


def test_hidden_names_solution_passes():
    fb = modules.check_hidden_names({"random", "json", "string"})
    assert fb and "correct" in fb.message


def test_hidden_names_accepts_a_list_and_file_names():
    assert modules.check_hidden_names(["random.py", "json.py", "string.py"])


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (None, "should be a set or frozenset or list or tuple, but it is None"),
        ("random", "but it is a str"),
        ({1, 2}, "should be a str"),
        ({"random", "json", "string", "sys"}, "'sys' is built into the interpreter"),
        ({"random", "json", "string", "os"}, "'os' is imported while Python starts"),
        ({"random", "json"}, "string.py does hide the real 'string'"),
        (set(), "random.py does hide the real 'random'"),
        ({"random", "numpy"}, "['numpy'] is not among the files to judge"),
    ],
)
def test_hidden_names_wrong_answers_get_messages(answer, fragment):
    fb = modules.check_hidden_names(answer)
    assert not fb and fragment in fb.message, fb.message
    assert answer is ... or "Hint:" in fb.message


def test_hidden_names_agrees_with_the_real_interpreter(scratch):
    from coursekit import packages, workspace

    ws = workspace.reset("probe")
    truth = {n for n in modules.HIDDEN_CANDIDATES if packages.which_module(ws, n).hidden}
    assert truth == {"random", "json", "string"}
