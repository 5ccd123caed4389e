"""A plain nbclient pass over the learner edition of every notebook, run twice in one kernel.

Beside nbval (which compares outputs) this catches what nbval lets through: an unknown
`%magic` fails here. Running the *learner edition* (solutions removed) proves that a
class can start from blanks: every exercise check then says "not answered yet" kindly.
Running every cell a second time in the same kernel proves that an instructor can
re-run a notebook live without errors. Each run has its own temporary workspace.
"""

import pytest

import build_editions
import course_tools
import nbformat


@pytest.mark.parametrize("path", course_tools.notebook_paths(), ids=lambda p: p.stem)
def test_learner_edition_runs_twice_in_one_kernel(path, tmp_path):
    learner = build_editions.learner_notebook(nbformat.read(path, as_version=4))
    nb = course_tools.execute(path, notebook=learner, workspace=tmp_path / "workspace", runs=2)
    errors = [
        f"cell {i}: {out.get('ename')}: {out.get('evalue')}"
        for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
        and "raises-exception" not in cell.metadata.get("tags", [])
        for out in cell.outputs if out.output_type == "error"
    ]
    assert not errors, f"{path.name}: errors on the second run: {errors}"
    feedback = [
        "".join(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
        for cell in nb.cells if cell.cell_type == "code"
        for out in cell.outputs if "check" in cell.source
    ]
    waiting = [text for text in feedback if "not answered yet" in text]
    assert len(waiting) >= 2, f"{path.name}: exercise checks do not say 'not answered yet': {feedback}"
    assert not any("Traceback" in text for text in feedback)
