"""Exercise checks of notebook 0 and the recommender behind its widget."""

from importlib import metadata
from pathlib import Path

import pytest
import syllabus

from coursekit.exercises import start

COUNTDOWN = """import sys

start = int(sys.argv[1])
for n in range(start, 0, -1):
    print(n)
print("Lift-off!")
"""


@pytest.fixture
def here(scratch, monkeypatch):
    """Work inside the notebook's folder of a temporary workspace, as its kernel does."""
    folder = scratch / "00_start_here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_version_exercise():
    assert start.check_version(metadata.version("ipykernel"))
    assert "not answered yet" in start.check_version(...).message
    assert "should be a str" in start.check_version(1.9).message
    assert "a package's name" in start.check_version("ipykernel").message
    assert "not the installed" in start.check_version("0.1").message


def test_countdown_solution_passes(here):
    Path("countdown.py").write_text(COUNTDOWN)
    fb = start.check_countdown()
    assert fb and "correct" in fb.message, fb.message


def test_countdown_placeholder_and_missing_file(here):
    assert "no file countdown.py yet" in start.check_countdown().message
    Path("countdown.py").write_text("# Your script here: read the number ...\n")
    assert "not answered yet" in start.check_countdown().message
    assert "should be a str or PathLike" in start.check_countdown(3).message


@pytest.mark.parametrize(
    "source, fragment",
    [
        (
            "print(3)\nprint(2)\nprint(1)\nprint('Lift-off!')\n",
            "`python countdown.py 5` printed '3 / 2 / 1 / Lift-off!'",
        ),
        (
            "import sys\nfor n in range(int(sys.argv[1]), 0, -1):\n    print(n)\n",
            "but it should print '3 / 2 / 1 / Lift-off!'",
        ),
        ("import sys\nprint(sys.argv[2])\n", "IndexError: list index out of range (line 2 of countdown.py)"),
        ("for n in range(3, 0, -1)\n    print(n)\n", "line 1 of countdown.py is not valid Python: expected ':'"),
        ("print('hi')\n", "printed 'hi'"),
        ("x = 1\n", "printed nothing"),
    ],
)
def test_countdown_wrong_answers_get_messages(here, source, fragment):
    Path("countdown.py").write_text(source)
    fb = start.check_countdown()
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message and "Hint:" in fb.message


def test_countdown_endless_loop_is_stopped(here, monkeypatch):
    monkeypatch.setattr(start.modules, "TIMEOUT", 0.5)
    Path("countdown.py").write_text("import sys\nn = int(sys.argv[1])\nwhile n > 0:\n    print(n)\n")
    fb = start.check_countdown()
    assert not fb and "ran for more than 0.5 s: is there an endless loop?" in fb.message


def test_module_name_exercise():
    def right(filename):
        path = Path(filename)
        return path.stem if path.suffix == ".py" else None

    def stub(filename): ...

    assert start.check_module_name(right)
    assert "not answered yet" in start.check_module_name(stub).message
    assert "not answered yet" in start.check_module_name(...).message
    assert "should be a function" in start.check_module_name("hello").message
    wrong = start.check_module_name(lambda f: f.removesuffix(".py"))
    assert "module_name('dice/roll.py') returned 'dice/roll'; it should return 'roll'" in wrong.message
    no_none = start.check_module_name(lambda f: Path(f).stem)
    assert "module_name('notes.txt') returned 'notes'; it should return None" in no_none.message
    raises = start.check_module_name(lambda f: f.split(".")[2])
    assert "raised IndexError" in raises.message


def test_topics_and_first_demo_match_the_syllabus():
    demo = syllabus.lesson(start.FIRST_DEMO[0])
    assert (demo.track, demo.title) == ("Demo", start.FIRST_DEMO[1])
    assert all(item.track != "Demo" for item in syllabus.LESSONS[: syllabus.LESSONS.index(demo)])
    for _, file, title in start.TOPICS:
        assert (syllabus.lesson(file).track, syllabus.lesson(file).title) == ("Packages", title)
    track = [item.file for item in syllabus.LESSONS if item.track == "Packages"]
    assert [file for _, file, _ in start.TOPICS] == track  # every notebook of the track, in order


def test_recommend_covers_every_choice():
    statements = [t for t, _, _ in start.TOPICS]
    demo = syllabus.lesson(start.FIRST_DEMO[0])
    assert start.recommend(None).startswith("Start with notebook 1")
    assert start.recommend(statements[:2]).startswith("Start with notebook 3")
    assert f"jump to notebook {demo.number}: {demo.title}" in start.recommend(statements)
    skim = start.recommend([statements[0], statements[3], statements[4]])
    assert skim.startswith("Start with notebook 2") and "skim notebooks 4, 5" in skim
    assert start.recommend(["I know everything"]).startswith("Unknown choice")


def test_recommend_texts():  # the examples the module's docstring used to show
    assert start.recommend([]) == "Start with notebook 1: Modules: one file, one namespace."
    statements = [t for t, _, _ in start.TOPICS]
    assert start.recommend([statements[0], statements[1], statements[3]]) == (
        "Start with notebook 3: Creating simple_package. Later, skim notebook 4: you know its topic."
    )
