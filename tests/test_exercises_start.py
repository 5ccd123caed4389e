"""Exercise checks of notebook 0 and the recommender behind its widget."""

from importlib import metadata

import pytest

from coursekit import workspace
from coursekit.exercises import start


def test_version_exercise():
    assert start.check_version(metadata.version("scikit-learn"))
    assert "not answered yet" in start.check_version(...).message
    assert "should be a str" in start.check_version(1.9).message
    assert "package's name" in start.check_version("sklearn").message
    assert "not the installed" in start.check_version("0.1").message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ("4", "should be an int"),
        (3, "'Importing simple_package'"),
        (42, "no notebook 42"),
        (None, "None"),
    ],
)
def test_lesson_number_exercise(answer, fragment):
    feedback = start.check_lesson_number(answer)
    assert not feedback and fragment in feedback.message
    assert start.check_lesson_number(4)


def test_workspace_exercise(scratch):
    ws = workspace.reset("00_start_here")
    assert "no file" in start.check_workspace_file("hello.txt").message
    wrong = workspace.write_text(ws, "hello.txt", "hi")
    assert "holds 'hi'" in start.check_workspace_file(wrong).message
    nested = workspace.write_text(ws, "sub/hello.txt", "Hello, packages!")
    assert "not directly" in start.check_workspace_file(nested).message
    assert "should be a str or Path" in start.check_workspace_file(42).message
    right = workspace.write_text(ws, "hello.txt", "Hello, packages!")
    assert start.check_workspace_file(right)


def test_recommend_covers_every_choice():
    statements = [t for t, _ in start.TOPICS]
    assert start.recommend(None).startswith("Start with notebook 1")
    assert start.recommend(statements[:2]).startswith("Start with notebook 3")
    assert "jump to notebook 6" in start.recommend(statements)
    assert "skim notebooks 4, 5" in start.recommend([statements[0], statements[3], statements[4]])
    assert start.recommend(["I know everything"]).startswith("Unknown choice")
