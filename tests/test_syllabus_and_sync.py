"""The course map and the cells generated from it."""

import re
import shutil

import jupytext
import nbformat
import pytest
import syllabus

import course_tools


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


@pytest.mark.parametrize("path", course_tools.notebook_paths(), ids=lambda p: p.stem)
def test_every_notebook_and_its_text_source_have_the_same_cells(path):
    differences = course_tools.pair_differences(path)
    assert not differences, (
        f"notebooks/{path.name} is out of sync with its text source notebooks/{path.stem}.md: "
        f"{differences[:3]}. The .md is the source: run `make sync` (keeps the outputs) "
        f"or `make run NB=notebooks/{path.name}` (re-runs it), then commit both files."
    )


def test_generated_cells_and_readme_are_in_sync():
    changed = course_tools.sync(check=True)
    assert changed == [], f"out of date: {changed}; run `make sync` and commit the result"


def test_a_pair_out_of_sync_is_named_with_the_fix(tmp_path):
    source = course_tools.notebook_paths()[0]
    notebook = tmp_path / source.name
    shutil.copy(source, notebook)
    text = course_tools.text_path(source).read_text(encoding="utf-8")
    course_tools.text_path(notebook).write_text(text.replace("# 0 · Start here", "# 0 · Start HERE"), encoding="utf-8")
    differences = course_tools.pair_differences(notebook)
    assert len(differences) == 1 and "cell 0 (markdown)" in differences[0]
    course_tools.text_path(notebook).unlink()
    assert course_tools.pair_differences(notebook) == [f"{source.stem}.md is missing"]


def test_saving_strips_what_changes_from_run_to_run():
    nb = nbformat.v4.new_notebook(
        metadata={"widgets": {"state": {}}, "language_info": {"name": "python", "version": "3.11.7"}}
    )
    view = {"model_id": "4f1c0e0d9d1b4b8e8f1b2a3c4d5e6f70", "version_major": 2, "version_minor": 0}
    cell = nbformat.v4.new_code_cell(
        "w",
        outputs=[
            nbformat.v4.new_output(
                "display_data", data={course_tools.WIDGET_VIEW: view, "text/plain": "IntSlider(value=3)"}
            )
        ],
    )
    error = nbformat.v4.new_output(
        "error",
        ename="CourseError",
        evalue="no",
        traceback=[
            "\x1b[36mCell\x1b[39m In[7], line 2",
            "\x1b[36mFile \x1b[39m\x1b[32m/work/main/notebooks/coursekit/workspace.py:133\x1b[39m, in safe_path(a)"
            "\n  130 x",
            "File /root/.pyenv/versions/3.11.7/lib/python3.11/pathlib.py:871, in Path.resolve(self)",
        ],
    )
    nb.cells = [cell, nbformat.v4.new_code_cell("x", outputs=[error])]
    course_tools.stabilise(nb, "00_start_here.ipynb")
    assert "widgets" not in nb.metadata and nb.metadata.language_info == {"name": "python"}
    first = cell.outputs[0].data[course_tools.WIDGET_VIEW]["model_id"]
    assert first != "4f1c0e0d9d1b4b8e8f1b2a3c4d5e6f70" and len(first) == 32
    assert nb.cells[1].outputs[0].traceback == [
        "\x1b[36mCell\x1b[39m In[7], line 2",
        "File coursekit/workspace.py, in safe_path(a)",
        "File pathlib.py, in Path.resolve(self)",
    ]


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


@pytest.mark.parametrize("path", course_tools.notebook_paths(), ids=lambda p: p.stem)
def test_jupyterlab_reads_the_pair_with_folded_solutions_and_slides(path):
    # JupyterLab's jupytext reads the inputs from the .md and takes what the text leaves out
    # from the .ipynb -- only if the .md says what it leaves out (its header's filters).
    from jupytext.combine import combine_inputs_with_outputs

    source = jupytext.read(course_tools.text_path(path))
    stored = nbformat.read(path, as_version=4)
    shown = combine_inputs_with_outputs(source, stored, fmt=course_tools.TEXT_FORMAT)
    for seen, saved in zip(shown.cells, stored.cells, strict=True):
        assert seen.metadata == saved.metadata, f"{path.name}: JupyterLab would lose {saved.metadata}"


def test_tracebacks_are_stored_without_machine_paths():
    """IPython 9's frames ("  File <path>:<line> in <function>") and a SyntaxError's place."""
    error = nbformat.v4.new_output(
        "error",
        ename="SyntaxError",
        evalue="invalid syntax",
        traceback=[
            "  File \x1b[92m/home/x/.venv/lib/python3.11/site-packages/IPython/core/interactiveshell.py:3823\x1b[39m"
            " in \x1b[95mrun_code\x1b[39m\n    exec(code_obj, self.user_global_ns, self.user_ns)\n",
            "  \x1b[36mFile \x1b[39m\x1b[32m/home/x/notebooks/workspace/03_x/uses_hyphen.py:1\x1b[39m\n"
            "    import simple-package\n                 ^\nSyntaxError: invalid syntax\n",
        ],
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import uses_hyphen", outputs=[error])])
    course_tools.stabilise(nb, "03_creating_a_package.ipynb")
    assert nb.cells[0].outputs[0]["traceback"] == [
        "File site-packages/IPython/core/interactiveshell.py, in run_code",
        "File workspace/03_x/uses_hyphen.py\n    import simple-package\n"
        "                 ^\nSyntaxError: invalid syntax\n",
    ]


def test_compare_only_substitutions_are_left_out_of_what_is_stored():
    """A picture's bytes and a size that depends on the clone's path are compared by nbval as
    sanitised, but the stored notebook keeps the real thing (readers see the picture)."""
    html = '<figure><img src="data:image/png;base64,iVBORw0KGgo=" alt="a plot"></figure>'
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x",
                outputs=[
                    nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": "x"}),
                    nbformat.v4.new_output("stream", name="stdout", text="http://127.0.0.1:8123/\n"),
                ],
            )
        ]
    )
    course_tools.stabilise(nb, "15_wrap_up.ipynb")
    picture, text = nb.cells[0].outputs
    assert picture.data["text/html"] == html
    assert text.text == "http://127.0.0.1:PORT/\n"
    compared = [pattern for pattern, _ in course_tools.sanitize_patterns()]
    stored = [pattern for pattern, _ in course_tools.sanitize_patterns(stored=True)]
    assert len(stored) < len(compared) and set(stored) < set(compared)
    assert any(pattern.search(html) for pattern in compared)
