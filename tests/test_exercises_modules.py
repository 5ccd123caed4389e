"""coursekit.exercises.modules: notebook 1's checks, fed right and wrong files."""

import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.exercises import modules

SOLUTION_1 = """def double(x):
    return 2 * x


if __name__ == "__main__":
    print(f"double(21) = {double(21)}")
"""

SOLUTION_2 = """import json
import os
import random
import string
import sys

for module in (json, os, random, string, sys):
    verdict = "mine" if getattr(module, "MINE", False) else "real"
    print(f"{module.__name__}: {verdict}")
"""

PLACEHOLDER_1 = "# Write double.py here: def double(x), then the part that runs only as a script.\n"


@pytest.fixture
def here(scratch, monkeypatch):
    """Work inside a notebook folder of the temporary workspace, as the notebook's kernel does."""
    folder = scratch / "01_modules"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def write(relative, text):
    path = Path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_script_or_import_solution_passes(here):
    write("ex1/double.py", SOLUTION_1)
    fb = modules.check_script_or_import()
    assert fb and fb.message.startswith("✅ Script or import?: correct!"), fb.message


def test_placeholder_is_not_answered_yet(here):
    write("ex1/double.py", PLACEHOLDER_1)
    fb = modules.check_script_or_import()
    assert not fb and "not answered yet" in fb.message
    write("ex2/probe.py", "# Your probe here\n\n")
    assert "not answered yet" in modules.check_probe().message


def test_missing_folder_and_file_get_a_sentence(here):
    assert "there is no folder 'ex1'" in modules.check_script_or_import().message
    Path("ex1").mkdir()
    assert "no file ex1/double.py yet" in modules.check_script_or_import().message
    assert "should be a str or PathLike" in modules.check_script_or_import(42).message


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("def double(x) return 2 * x\n", "not valid Python: "),
        ("def double(x):\n    return 2 * x\n", "printed nothing"),
        ("def double(x):\n    return 2 * x\nprint('double(21) = 42')\n", "importing double printed"),
        (
            "def double(x):\n    return x + 2\nif __name__ == '__main__':\n    print('double(21) = 42')\n",
            "double.double(5) gave ['7']",
        ),
        ("def double(x):\n    return 2 * x\nif __name__ == '__main__':\n    print(double(21))\n", "printed '42'"),
        ("x = 1\nraise RuntimeError('boom')\n", "failed: RuntimeError: boom (line 2 of double.py)"),
        ("if __name__ == '__main__':\n    print('double(21) = 42')\n", "has no attribute 'double'"),
    ],
)
def test_script_or_import_wrong_answers_get_messages(here, source, fragment):
    write("ex1/double.py", source)
    fb = modules.check_script_or_import()
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_syntax_error_names_the_line(here):
    write("ex1/double.py", "def double(x):\n    return 2 *\n")
    assert "line 2 of ex1/double.py is not valid Python" in modules.check_script_or_import().message


def test_an_endless_module_is_stopped(here, monkeypatch):
    monkeypatch.setattr(modules, "TIMEOUT", 0.5)
    write("ex1/double.py", "while True:\n    pass\n")
    fb = modules.check_script_or_import()
    assert not fb and "ran for more than 0.5 s: is there an endless loop?" in fb.message


def decoys():
    Path("ex2").mkdir(exist_ok=True)
    for name in modules.CANDIDATES:
        write(f"ex2/{name}.py", modules.DECOY)


def test_probe_solution_passes(here):
    decoys()
    write("ex2/probe.py", SOLUTION_2)
    fb = modules.check_probe()
    assert fb and "Hidden here: json, random, string" in fb.message, fb.message
    assert "os (frozen)" in fb.message and "sys (built-in)" in fb.message


@pytest.mark.parametrize(
    "probe, fragment",
    [
        ("print('json: mine')\n", "no line 'os: mine' or 'os: real'"),
        (
            SOLUTION_2.replace('"mine" if', '"real" if'),
            "your probe says 'json: real', but a fresh Python here gets mine",
        ),
        (
            "for n in ['json', 'os', 'random', 'string', 'sys']:\n    print(n + ': mine')\n",
            "'os: mine', but a fresh Python here gets real: it is a frozen module",
        ),
        ("print('json: maybe')\n", "no line 'json: mine' or 'json: real' (it printed 'json: maybe')"),
        ("import jsonn\n", "failed: ModuleNotFoundError: No module named 'jsonn' (line 1 of probe.py)"),
        ("while True:\n    pass\n", "endless loop"),
    ],
)
def test_probe_wrong_answers_get_messages(here, monkeypatch, probe, fragment):
    monkeypatch.setattr(modules, "TIMEOUT", 3)
    decoys()
    write("ex2/probe.py", probe)
    fb = modules.check_probe()
    assert not fb and fragment in fb.message, fb.message
    assert "Hint:" in fb.message and "Traceback" not in fb.message


def test_probe_without_the_classmates_files(here):
    write("ex2/probe.py", SOLUTION_2)
    assert "json.py, os.py, random.py, string.py, sys.py missing from ex2" in modules.check_probe().message


def test_probe_truth_follows_the_interpreter_not_a_list(here, monkeypatch):
    # A .pth file that imports `json` while Python starts protects it from ex2/json.py;
    # simulate one by importing the real json before the check's probe runs.
    decoys()
    real = modules.run

    def preload_json(args, folder, what, name):
        if args[:1] == ["-c"]:
            args = ["-c", "import sys; sys.path.pop(0); import json; sys.path.insert(0, '')\n" + args[1]]
        return real(args, folder, what, name)

    monkeypatch.setattr(modules, "run", preload_json)
    truth = modules.truth(Path("ex2"))
    assert truth["json"] == "loaded at start-up" and truth["random"] == "mine"


def test_truth_agrees_with_a_plain_interpreter(here):
    decoys()
    code = "import json, random; print(getattr(json, 'MINE', False), getattr(random, 'MINE', False))"
    done = subprocess.run([sys.executable, "-c", code], cwd="ex2", capture_output=True, text=True)
    truth = modules.truth(Path("ex2"))
    assert done.stdout.split() == [str(truth["json"] == "mine"), str(truth["random"] == "mine")]


def test_checks_write_only_what_the_learner_wrote(here, scratch):
    write("ex1/double.py", SOLUTION_1)
    modules.check_script_or_import()
    assert sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*")) == [
        "01_modules",
        "01_modules/ex1",
        "01_modules/ex1/double.py",
    ]
