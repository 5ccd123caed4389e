"""The learner's own copy of the course (tools/learner_copy.py): made, updated, reset, nothing lost."""

import datetime
import json
import subprocess

import nbformat
import pytest

import course_tools
import learner_copy

NOW = datetime.datetime(2026, 12, 1, 9, 30, 0)


def _notebook(folder, name, text, solution="answer = 42\ncheck(answer)"):
    exercise = nbformat.v4.new_code_cell("answer = ...", execution_count=3)
    exercise.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✅ correct!\n")]
    solved = nbformat.v4.new_code_cell(f"{course_tools.SOLUTION_FIRST_LINE}\n{solution}")
    solved.metadata["tags"] = [course_tools.SOLUTION]
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(f"# {text}\n\nSee [the checks](coursekit/checks.py)."),
            nbformat.v4.new_markdown_cell("## Exercises"),
            exercise,
            nbformat.v4.new_markdown_cell("**Solution** (folded: click the `•••` to unfold)"),
            solved,
        ]
    )
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def course(tmp_path):
    src = tmp_path / "course"
    src.mkdir()
    return [_notebook(src, "01_one.ipynb", "One"), _notebook(src, "02_two.ipynb", "Two")]


def _edit(path, words):
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source = words
    nbformat.write(nb, path)


def test_a_fresh_copy_is_the_learner_edition(tmp_path, course):
    mine = tmp_path / "my_notebooks"
    assert learner_copy.update(mine, course) == ["added 01_one.ipynb", "added 02_two.ipynb"]
    nb = nbformat.read(mine / "01_one.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source for c in code] == ["answer = ..."], "the solution must not be a code cell"
    assert code[0].outputs == [] and code[0].execution_count is None, "no stored 'correct!' under an exercise"
    folded = nb.cells[-1]
    assert folded.cell_type == "markdown" and "<details>" in folded.source and "answer = 42" in folded.source
    assert "](../notebooks/coursekit/checks.py)" in nb.cells[0].source
    assert 'formats = "ipynb"' in (mine / "jupytext.toml").read_text()
    assert learner_copy.update(mine, course) == [], "a second update has nothing to do"


def test_your_changes_are_kept_and_the_rest_follows_the_course(tmp_path, course):
    mine = tmp_path / "my_notebooks"
    learner_copy.update(mine, course)
    _edit(mine / "01_one.ipynb", "answer = 'my own work'")
    assert learner_copy.update(mine, course) == [], "the course did not change: nothing to say"
    _notebook(course[0].parent, "01_one.ipynb", "One, improved")  # a git pull changes both notebooks
    _notebook(course[0].parent, "02_two.ipynb", "Two, improved")
    report = learner_copy.update(mine, course)
    assert report[0].startswith("kept 01_one.ipynb: it holds your work, and the course has a newer version")
    assert "make reset NB=01_one" in report[0]
    assert report[1] == "updated 02_two.ipynb (you had not changed it)"
    assert "my own work" in (mine / "01_one.ipynb").read_text()
    assert "Two, improved" in (mine / "02_two.ipynb").read_text()


def test_new_notebooks_arrive_deleted_ones_come_back_old_ones_stay(tmp_path, course):
    mine = tmp_path / "my_notebooks"
    learner_copy.update(mine, course)
    (mine / "02_two.ipynb").unlink()
    (mine / "00_old_name.ipynb").write_text("{}")
    course.append(_notebook(course[0].parent, "03_three.ipynb", "Three"))
    assert learner_copy.update(mine, course) == [
        "restored 02_two.ipynb (it was missing: a fresh copy)",
        "added 03_three.ipynb",
        "kept 00_old_name.ipynb (not a notebook of the course now)",
    ]
    assert (mine / "00_old_name.ipynb").read_text() == "{}"


def test_a_broken_notebook_or_a_lost_record_loses_nothing(tmp_path, course):
    mine = tmp_path / "my_notebooks"
    learner_copy.update(mine, course)
    (mine / "01_one.ipynb").write_text('{"cells": [ this is not JSON')
    (mine / learner_copy.STATE).write_text("also broken")
    report = learner_copy.update(mine, course)
    assert report == [
        "kept 01_one.ipynb: it holds your work, and the course has a newer version of it; "
        "`make reset NB=01_one` gives you that (yours goes to my_notebooks/backups/)"
    ]
    assert (mine / "01_one.ipynb").read_text() == '{"cells": [ this is not JSON'
    assert json.loads((mine / learner_copy.STATE).read_text())["handed_out"]


def test_reset_moves_yours_to_backups_first(tmp_path, course):
    mine = tmp_path / "my_notebooks"
    learner_copy.update(mine, course)
    _edit(mine / "01_one.ipynb", "answer = 'my own work'")
    report = learner_copy.reset(["01"], mine, course, now=NOW)
    assert report == ["reset 01_one.ipynb: yours is now my_notebooks/backups/01_one-20261201-093000.ipynb"]
    assert "my own work" in (mine / "backups" / "01_one-20261201-093000.ipynb").read_text()
    assert "my own work" not in (mine / "01_one.ipynb").read_text()
    assert learner_copy.update(mine, course) == []
    assert learner_copy.reset([], mine, course, now=NOW) == [
        "reset 01_one.ipynb: it was already the course's version",
        "reset 02_two.ipynb: it was already the course's version",
    ]
    assert [line.split()[0] for line in learner_copy.status(mine, course)] == ["as", "as"]


@pytest.mark.parametrize("typed", ["01", "01_one", "01_one.ipynb", "my_notebooks/01_one.ipynb", " 01_one "])
def test_reset_understands_how_a_learner_names_a_notebook(course, typed):
    assert learner_copy.resolve([typed], course) == ["01_one.ipynb"]


@pytest.mark.parametrize("typed", ["99", "one", "", "../01_one"])
def test_reset_of_an_unknown_notebook_says_which_exist(course, typed):
    if typed == "../01_one":  # a path is read as its last part: that one exists
        assert learner_copy.resolve([typed], course) == ["01_one.ipynb"]
        return
    with pytest.raises(SystemExit, match="There is no course notebook .* Choose one of: 01_one.ipynb, 02_two.ipynb"):
        learner_copy.resolve([typed], course)


def test_the_copy_is_ignored_by_git_the_tests_and_the_linter():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "my_notebooks/01_modules.ipynb"], cwd=course_tools.ROOT, check=False
    )
    assert ignored.returncode == 0, "my_notebooks/ must be git-ignored"
    pyproject = (course_tools.ROOT / "pyproject.toml").read_text()
    assert '"my_notebooks"' in pyproject.split("norecursedirs", 1)[1].splitlines()[0], "pytest must not collect it"
    assert "my_notebooks" in pyproject.split("[tool.ruff]", 1)[1], "ruff must not lint it"


def test_the_command_line(tmp_path, monkeypatch, capsys, course):
    monkeypatch.setattr(learner_copy, "COPY", tmp_path / "my_notebooks")
    monkeypatch.setattr(course_tools, "notebook_paths", lambda: course)
    assert learner_copy.main(["update"]) == 0
    assert "Your copy of the course is in my_notebooks/ (2 notebooks)." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        learner_copy.main(["reset", "nope"])
    assert learner_copy.main(["status"]) == 0
    assert "as given  01_one.ipynb" in capsys.readouterr().out
