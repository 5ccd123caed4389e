"""The packages track is hands-on: the learner writes the files and runs the commands.

Measured on the notebooks' text sources with ``course_tools.hands_on``: in the lesson cells of
the packages track (not the set-up cell, not the exercises), files are written with
``%%writefile``, commands are run as a terminal runs them, and at most one cell in six uses the
course's helper package.
"""

from pathlib import Path

import nbformat
import pytest
import syllabus

import course_tools

ROOT = Path(__file__).resolve().parent.parent
TRACK = [course_tools.NOTEBOOKS / item.file for item in syllabus.LESSONS if item.track == "Packages"]
DEMOS = [course_tools.NOTEBOOKS / item.file for item in syllabus.LESSONS if item.track in ("Demo", "Wrap-up")]


def _counts(path):
    return course_tools.hands_on(course_tools.load(path))


def test_the_measure_counts_lesson_cells_only():
    cells = [
        nbformat.v4.new_code_cell("from coursekit import workspace\nws = workspace.reset('x')"),  # set-up
        nbformat.v4.new_markdown_cell("## A section"),
        nbformat.v4.new_code_cell("%%writefile hello.py\nprint('hi')"),
        nbformat.v4.new_code_cell("!python hello.py"),
        nbformat.v4.new_code_cell("import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'pass'])"),
        nbformat.v4.new_code_cell("print(workspace.tree(ws))"),
        nbformat.v4.new_markdown_cell("## Exercises"),
        nbformat.v4.new_code_cell("exercises.modules.check_hello()"),
    ]
    solution = nbformat.v4.new_code_cell("!python solution.py")
    solution.metadata["tags"] = [course_tools.SOLUTION]
    nb = nbformat.v4.new_notebook(cells=[*cells, solution])
    assert course_tools.hands_on(nb) == {"lesson": 4, "helper": 1, "writefile": 1, "command": 2}


@pytest.mark.parametrize("path", TRACK, ids=lambda p: p.stem)
def test_every_track_notebook_writes_a_file_and_runs_a_command(path):
    counts = _counts(path)
    assert counts["writefile"] >= 1 and counts["command"] >= 1, f"{path.name}: {counts}"


def test_the_track_is_hands_on():
    total = {"lesson": 0, "helper": 0, "writefile": 0, "command": 0}
    per_notebook = {}
    for path in TRACK:
        counts = _counts(path)
        per_notebook[path.stem] = counts
        for key in total:
            total[key] += counts[key]
    assert total["writefile"] >= 8, per_notebook
    assert total["command"] >= 8, per_notebook
    assert total["helper"] * 6 <= total["lesson"], (
        f"{total['helper']} of {total['lesson']} lesson cells use coursekit (at most one in six may): {per_notebook}"
    )


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
def test_every_demo_is_hands_on(path):
    """The demos too: the learner writes files and runs the library's own commands; coursekit
    serves (a server, a widget, a check) in at most one lesson cell in six."""
    counts = _counts(path)
    assert counts["writefile"] + counts["command"] >= 3, f"{path.name}: {counts}"
    assert counts["helper"] * 6 <= counts["lesson"], f"{path.name}: {counts}"


@pytest.mark.parametrize("path", [*TRACK, *DEMOS], ids=lambda p: p.stem)
def test_no_lesson_is_a_helper_printed(path):
    """The lesson's code is in its cells, not printed from the course's helper package."""
    text = path.with_suffix(".md").read_text(encoding="utf-8")
    for sign in ("getsource(coursekit", "source_markdown(", "getsource(spiders", "getsource(digits", "getsource(video"):
        assert sign not in text, f"{path.name} prints a helper's source ({sign}...) instead of writing it in a cell"


def test_no_time_limit_uses_sigalrm():
    """Time limits must work on Windows too: no SIGALRM, alarm() or setitimer() anywhere."""
    banned = ("signal." + "SIGALRM", "signal." + "alarm(", "signal." + "setitimer(")
    sources = [*ROOT.glob("notebooks/coursekit/**/*.py"), *ROOT.glob("tools/*.py"), *ROOT.glob("tests/*.py")]
    sources += [*ROOT.glob("notebooks/*.md"), *ROOT.glob("sample_packages/**/*.py")]
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in sources
        for word in banned
        if word in path.read_text(encoding="utf-8")
    ]
    assert not found, found


def test_coursekit_stays_small():
    """coursekit holds what is not the lesson (workspace, checks, widget logic, demo servers), one name per
    concept: at most 3,500 lines (issue 17; 8,601 before December 2026) and no module over 400."""
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in ROOT.glob("notebooks/coursekit/**/*.py")
    }
    assert sum(sizes.values()) <= 3500, f"coursekit has {sum(sizes.values())} lines (at most 3,500)"
    assert all(lines <= 400 for lines in sizes.values()), {p: n for p, n in sizes.items() if n > 400}
