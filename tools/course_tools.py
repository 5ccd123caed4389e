"""Maintainer tools for the course notebooks (run through `make`, see README).

    python tools/course_tools.py sync [--check]      # regenerate headers, footers, course map, README table
    python tools/course_tools.py run [NOTEBOOK ...]  # Restart & Run All, then save with outputs

`sync` keeps everything repeated in every notebook coming from one place
(`notebooks/coursekit/syllabus.py`). `run` executes a notebook top to bottom in a
fresh kernel, exactly as CI will, and saves it: that is how committed outputs are made.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
sys.path.insert(0, str(NOTEBOOKS))

from coursekit import syllabus  # noqa: E402

#: Set when saving and when testing, so warnings name cells the same way on every machine.
STABLE_ENV = {"IPYKERNEL_CELL_NAME": "<IPY-INPUT>"}

HEADER, FOOTER, COURSE_MAP, SOLUTION = "nav-header", "nav-footer", "course-map", "solution"
#: First line of every solution cell. JupyterLab previews the first line of a folded cell,
#: so this keeps the answer itself out of sight until the learner unfolds it.
SOLUTION_FIRST_LINE = "# Worked solution: try the exercise yourself first!"
README_START, README_END = "<!-- syllabus:start -->", "<!-- syllabus:end -->"
NOTES, INSTRUCTOR_NOTES = "speaker-notes", NOTEBOOKS / "instructor_notes.md"
NOTES_FIRST_LINE = ("<details><summary>For instructors: timing, what to emphasise, where learners get stuck"
                    " (also the slides' speaker notes)</summary>")


def instructor_notes() -> dict[int, str]:
    """The sections of notebooks/instructor_notes.md, keyed by notebook number (`## 3 · ...`)."""
    import re

    if not INSTRUCTOR_NOTES.exists():
        return {}
    sections, number = {}, None
    for line in INSTRUCTOR_NOTES.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^## (\d+) · ", line)
        if match:
            number = int(match.group(1))
            sections[number] = []
        elif line.startswith("## "):
            number = None
        elif number is not None:
            sections[number].append(line)
    return {n: "\n".join(lines).strip() for n, lines in sections.items()}


def slide_type(cell, previous) -> str:
    """The slideshow role of a cell, from its place in the notebook.

    A `## ` section starts a slide; each later explanation that follows code starts a
    (vertical) subslide, so every slide holds one idea: a short text and its code.
    Solutions are left out of the slides; speaker notes go to the speaker view.
    """
    tags = cell.get("metadata", {}).get("tags", [])
    text = cell.source.lstrip()
    if HEADER in tags or FOOTER in tags:
        return "slide"
    if NOTES in tags:
        return "notes"
    if SOLUTION in tags or (cell.cell_type == "markdown" and text.startswith("**Solution**")):
        return "skip"
    if cell.cell_type == "markdown":
        if text.startswith("## "):
            return "slide"
        if text.startswith("### ") or (previous is not None and previous.cell_type == "code"):
            return "subslide"
    return "-"


def notebook_paths() -> list[Path]:
    """Every course notebook, in course order."""
    return [NOTEBOOKS / item.file for item in syllabus.LESSONS]


def _tags(cell) -> list[str]:
    return cell.setdefault("metadata", {}).setdefault("tags", [])


def _markdown(source: str, tag: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = [tag]
    return cell


def sync_notebook(nb, file: str) -> None:
    """Bring the generated cells of one notebook (in memory) up to date."""
    cells = nb.cells
    wanted = {HEADER: syllabus.header_markdown(file), FOOTER: syllabus.footer_markdown(file)}
    if not cells or HEADER not in _tags(cells[0]):
        cells.insert(0, _markdown(wanted[HEADER], HEADER))
    if FOOTER not in _tags(cells[-1]):
        cells.append(_markdown(wanted[FOOTER], FOOTER))
    notes = instructor_notes().get(syllabus.lesson(file).number)
    has_notes = len(cells) > 1 and NOTES in _tags(cells[1])
    if notes and not has_notes:
        cells.insert(1, _markdown("", NOTES))
    elif not notes and has_notes:
        del cells[1]
    if notes:
        cells[1].source = f"{NOTES_FIRST_LINE}\n\n{notes}\n\n</details>"
        cells[1].metadata.setdefault("jupyter", {})["source_hidden"] = True
    for cell in cells:
        tags = _tags(cell)
        for tag, source in wanted.items():
            if tag in tags and cell.source != source:
                cell.source = source
        if COURSE_MAP in tags:
            source = "## Course map\n\n" + syllabus.course_map_markdown()
            if cell.source != source:
                cell.source = source
        if SOLUTION in tags and cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
            lines = cell.source.split("\n")
            if lines[0].startswith(("# Solution:", "# Worked solution")):  # an older wording
                lines = lines[1:]
            source = "\n".join([SOLUTION_FIRST_LINE, *lines])
            if cell.source != source:
                cell.source = source
        if not tags:
            del cell.metadata["tags"]
    previous = None
    for cell in cells:
        kind = slide_type(cell, previous)
        if cell.metadata.get("slideshow", {}).get("slide_type") != kind:
            cell.metadata["slideshow"] = {"slide_type": kind}
        if kind not in ("skip", "notes"):
            previous = cell


def sync(check: bool = False) -> list[str]:
    """Regenerate every generated cell and the README table; return what changed."""
    changed = []
    for path in notebook_paths():
        if not path.exists():
            changed.append(f"{path.name}: missing")
            continue
        before = path.read_text(encoding="utf-8")
        nb = nbformat.reads(before, as_version=4)
        sync_notebook(nb, path.name)
        after = nbformat.writes(nb) + "\n"
        if after != before:
            changed.append(path.name)
            if not check:
                path.write_text(after, encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(README_START)
    _, _, tail = rest.partition(README_END)
    table = f"{README_START}\n{syllabus.course_map_markdown('notebooks/')}\n{README_END}"
    new = head + table + tail
    if new != text:
        changed.append("README.md")
        if not check:
            README.write_text(new, encoding="utf-8")
    return changed


def execute(path: Path, timeout: int = 600, kernel_name: str = "python3",
            workspace: Path | None = None, notebook=None, runs: int = 1, env: dict | None = None):
    """Run a notebook top to bottom in a fresh kernel and return the executed notebook.

    ``notebook`` runs that (in-memory) notebook as if it were stored at ``path``.
    ``runs=2`` runs every cell a second time in the same kernel, as an instructor
    re-running a notebook live would; the outputs of the last run are kept.
    ``workspace`` points the kernel's scratch workspace elsewhere (tests use a
    temporary folder so that two runs of one notebook never share files); ``env``
    adds variables to the kernel's environment.
    Raises ``nbclient.exceptions.CellExecutionError`` for a failing cell that is not
    tagged ``raises-exception``.
    """
    from nbclient import NotebookClient

    nb = notebook if notebook is not None else nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    env = {**os.environ, **STABLE_ENV, **(env or {})}
    if workspace is not None:
        env["COURSE_WORKSPACE"] = str(workspace)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, record_timing=False,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    if runs == 1:
        client.execute(env=env)
        return nb
    with client.setup_kernel(env=env):
        for _ in range(runs):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    cell.outputs = []
                client.execute_cell(cell, index)
    return nb


def run_and_save(paths: list[Path]) -> None:
    for path in paths:
        nb = execute(path)
        sync_notebook(nb, path.name)
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        print(f"ran and saved {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_sync = sub.add_parser("sync", help="regenerate headers, footers, course map and README table")
    p_sync.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    p_run = sub.add_parser("run", help="execute notebooks in a fresh kernel and save their outputs")
    p_run.add_argument("notebooks", nargs="*", help="notebook files (default: all, in course order)")
    args = parser.parse_args(argv)

    if args.command == "sync":
        changed = sync(check=args.check)
        verb = "out of date" if args.check else "updated"
        print("\n".join(f"{verb}: {c}" for c in changed) or "everything in sync")
        return 1 if (args.check and changed) else 0
    paths = [Path(p).resolve() for p in args.notebooks] or notebook_paths()
    run_and_save(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
