"""A plain nbclient pass over every notebook, beside nbval.

nbval lets an unknown `%magic` pass silently; a plain execution fails on it.
Each run uses its own temporary workspace, so it never races nbval's run of the
same notebook.
"""

import pytest

import course_tools


@pytest.mark.parametrize("path", course_tools.notebook_paths(), ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb = course_tools.execute(path, workspace=tmp_path / "workspace")
    errors = [
        (i, out.get("ename"))
        for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
        and "raises-exception" not in cell.metadata.get("tags", [])
        for out in cell.outputs if out.output_type == "error"
    ]
    assert not errors, f"{path.name}: cells with errors: {errors}"
