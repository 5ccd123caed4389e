"""The course map and the cells generated from it."""

import re

import nbformat

import course_tools
from coursekit import syllabus


def test_lessons_are_numbered_in_order_and_exist():
    numbers = [item.number for item in syllabus.LESSONS]
    assert numbers == list(range(len(numbers)))
    for path in course_tools.notebook_paths():
        assert path.exists(), f"{path.name} is in the syllabus but not in notebooks/"


def test_no_stray_notebooks_outside_the_syllabus():
    listed = {p.name for p in course_tools.notebook_paths()}
    found = {p.name for p in course_tools.NOTEBOOKS.glob("*.ipynb")}
    assert found == listed


def test_every_lesson_is_15_to_30_minutes_with_objectives():
    for item in syllabus.LESSONS:
        assert 15 <= item.minutes <= 30, item.file
        assert 3 <= len(item.objectives) <= 5, item.file


def test_generated_cells_and_readme_are_in_sync():
    assert course_tools.sync(check=True) == [], "run `make sync` and commit the result"


def test_header_and_footer_links_point_to_existing_notebooks():
    for path in course_tools.notebook_paths():
        nb = nbformat.read(path, as_version=4)
        text = nb.cells[0].source + nb.cells[-1].source
        for target in re.findall(r"\]\(([^)#]+\.ipynb)", text):
            assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def test_first_and_last_lesson_have_one_sided_navigation():
    assert "←" not in syllabus.header_markdown(syllabus.LESSONS[0].file)
    assert "finished the course" in syllabus.footer_markdown(syllabus.LESSONS[-1].file)


def test_sync_inserts_missing_header_and_footer_and_hides_solutions():
    nb = nbformat.v4.new_notebook()
    solution = nbformat.v4.new_code_cell("answer = 42", metadata={"tags": ["solution"]})
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), solution]
    course_tools.sync_notebook(nb, "01_modules.ipynb")
    assert nb.cells[0].metadata.tags == ["nav-header"]
    assert nb.cells[-1].metadata.tags == ["nav-footer"]
    assert solution.metadata["jupyter"]["source_hidden"] is True
    assert solution.source.splitlines() == [course_tools.SOLUTION_FIRST_LINE, "answer = 42"]
    course_tools.sync_notebook(nb, "01_modules.ipynb")  # idempotent
    assert solution.source.count(course_tools.SOLUTION_FIRST_LINE) == 1
