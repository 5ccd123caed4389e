"""Every notebook follows the course's rules (CONTRIBUTING.md), checked statically."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

import course_tools

NOTEBOOKS = course_tools.notebook_paths()
MACHINE_SPECIFIC = re.compile(r"(/work/|/root/|/home/\w+/|/tmp/[A-Za-z0-9_]|/Users/\w+/|0x[0-9a-f]{8,})")
NOT_COMPARED = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP")


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def nb(request):
    return request.param.name, nbformat.read(request.param, as_version=4)


def test_saved_after_one_clean_run(nb):
    name, notebook = nb
    counts = [c.execution_count for c in _code(notebook)]
    assert counts == list(range(1, len(counts) + 1)), f"{name}: run `make run NB=notebooks/{name}`"


def test_at_most_one_cell_in_ten_is_not_compared_and_each_says_why(nb):
    name, notebook = nb
    code = _code(notebook)
    skipped = [
        c
        for c in code
        if any(m in c.source for m in NOT_COMPARED)
        or {"nbval-ignore-output", "nbval-skip"} & set(c.metadata.get("tags", []))
    ]
    assert len(skipped) * 10 <= len(code), f"{name}: {len(skipped)} of {len(code)} cells not compared"
    for cell in skipped:
        lines = cell.source.splitlines()
        assert len(lines) > 1 and lines[1].lstrip().startswith("#") and len(lines[1]) > 20, (
            f"{name}: a cell not compared gives no reason on its second line: {lines[:2]}"
        )


def test_outputs_are_free_of_errors_stderr_and_machine_details(nb):
    name, notebook = nb
    for i, cell in enumerate(_code(notebook)):
        for out in cell.outputs:
            if out.output_type == "error":
                assert "raises-exception" in cell.metadata.get("tags", []), f"{name} cell {i}: stored error"
            if out.output_type == "stream":
                assert out.name != "stderr", f"{name} cell {i}: stderr in a saved output: {out.text[:100]!r}"
            text = json.dumps(out.get("text", "")) + json.dumps(out.get("data", {}).get("text/plain", ""))
            match = MACHINE_SPECIFIC.search(text)
            assert not match, f"{name} cell {i}: machine-specific output {match.group(0)!r}"


def test_header_footer_key_points_and_exercises(nb):
    name, notebook = nb
    assert "nav-header" in notebook.cells[0].metadata.get("tags", [])
    assert "nav-footer" in notebook.cells[-1].metadata.get("tags", [])
    headings = [c.source.splitlines()[0] for c in notebook.cells if c.cell_type == "markdown" and c.source]
    assert "## Key points" in headings, f"{name}: no Key points section"
    assert "## Exercises" in headings, f"{name}: no Exercises section"
    assert headings.index("## Key points") < headings.index("## Exercises")
    solutions = [c for c in notebook.cells if course_tools.SOLUTION in c.metadata.get("tags", [])]
    exercises = [h for h in headings if h.startswith("### Exercise")]
    assert len(exercises) >= 2 and len(solutions) >= len(exercises), f"{name}: {exercises}, {len(solutions)} solutions"
    for cell in solutions:
        assert cell.metadata["jupyter"]["source_hidden"], f"{name}: a solution is not folded"
        assert any(
            "✅" in str(out.get("data", {}).get("text/plain", "")) + out.get("text", "") for out in cell.outputs
        ), f"{name}: a solution does not pass its own check"


def test_at_least_one_widget(nb):
    name, notebook = nb
    views = [
        out
        for c in _code(notebook)
        for out in c.outputs
        if "application/vnd.jupyter.widget-view+json" in out.get("data", {})
    ]
    assert views, f"{name}: no widget is displayed"
    # Widget state changes on every run; `make build` produces it for the editions.
    assert "widgets" not in notebook.metadata, f"{name}: widget state is stored (save with `make run`)"


def test_every_slider_has_a_labelled_number_box_linked_to_it(nb):
    """ipywidgets 8 gives a slider's handle no accessible name (tests/accessibility.py): every slider is
    linked to a number box with a description, which screen readers announce and the keyboard edits."""
    name, notebook = nb
    source = "\n".join(c.source for c in _code(notebook))
    for slider in re.findall(r"(\w+) = widgets\.\w*Slider\(", source):
        linked = re.search(rf"widgets\.link\(\({slider}, \"value\"\), \((\w+), \"value\"\)", source)
        assert linked, f"{name}: slider {slider} is not linked (widgets.link) to a number box"
        box = re.search(rf"{linked.group(1)} = widgets\.Bounded\w+Text\((?:[^()]|\([^()]*\))*description=", source)
        assert box, f"{name}: {linked.group(1)}, linked to slider {slider}, is not a number box with a description"


def test_images_have_alt_text_and_exist(nb):
    name, notebook = nb
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for alt, target in re.findall(r"!\[(.*?)\]\(([^)\s]+)\)", cell.source):
            assert len(alt) >= 15, f"{name}: image {target} has no real alt text"
            if not target.startswith(("http", "data:")):
                assert (course_tools.NOTEBOOKS / target).exists(), f"{name}: missing image {target}"
