"""Maintainer tools for the course notebooks (run through `make`, see CONTRIBUTING.md).

    python tools/course_tools.py sync [--check]      # rebuild each .ipynb from its .md; generated cells
    python tools/course_tools.py run [NOTEBOOK ...]  # Restart & Run All, then save with outputs
    python tools/course_tools.py changed [BASE]      # the notebooks that differ from BASE (default: main)

Every notebook is a pair: ``NN_name.md`` (MyST Markdown, the text people edit and review)
and ``NN_name.ipynb`` (the same cells with the outputs of one clean run, for nbval and for
readers). `sync` reads each text source, keeps the outputs and cell ids stored in the
``.ipynb``, regenerates what is repeated in every notebook from one place
(`tools/syllabus.py`, `notebooks/instructor_notes.md`) and writes both files.
`run` executes a notebook top to bottom in a fresh kernel, exactly as CI will, and saves
it the same way: that is how committed outputs are made. Saving strips what would change
on every run (widget state and model ids, the Python patch version, machine paths and
line numbers in tracebacks), so re-running an unchanged notebook changes no file.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import uuid
from pathlib import Path

import jupytext
import nbformat
import syllabus
from jupytext.combine import combine_inputs_with_outputs

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
#: The text twin of every notebook (see jupytext.toml at the repository's root).
TEXT_FORMAT = "md:myst"
JUPYTEXT_CONFIG = jupytext.config.load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))
JUPYTEXT_FILTERS = {
    "cell_metadata_filter": JUPYTEXT_CONFIG.cell_metadata_filter,
    "notebook_metadata_filter": JUPYTEXT_CONFIG.notebook_metadata_filter,
    "default_lexer": "ipython3",  # what jupytext itself adds when JupyterLab saves the pair
}

#: Set when saving and when testing, so warnings name cells the same way on every machine.
STABLE_ENV = {"IPYKERNEL_CELL_NAME": "<IPY-INPUT>"}

HEADER, FOOTER, COURSE_MAP, SOLUTION = "nav-header", "nav-footer", "course-map", "solution"
#: First line of every solution cell. JupyterLab previews the first line of a folded cell,
#: so this keeps the answer itself out of sight until the learner unfolds it.
SOLUTION_FIRST_LINE = "# Worked solution: try the exercise yourself first!"
README_START, README_END = "<!-- syllabus:start -->", "<!-- syllabus:end -->"
NOTES, INSTRUCTOR_NOTES = "speaker-notes", NOTEBOOKS / "instructor_notes.md"
NOTES_FIRST_LINE = (
    "<details><summary>For instructors: timing, what to emphasise, where learners get stuck"
    " (also the slides' speaker notes)</summary>"
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def instructor_notes() -> dict[int, str]:
    """The sections of notebooks/instructor_notes.md, keyed by notebook number (`## 3 · ...`)."""
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


def text_path(path: Path) -> Path:
    """The text source paired with a notebook: ``01_modules.ipynb`` -> ``01_modules.md``."""
    return Path(path).with_suffix(".md")


# ---------------------------------------------------------------- generated cells


def _tags(cell) -> list[str]:
    return cell.setdefault("metadata", {}).setdefault("tags", [])


def _markdown(source: str, tag: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = [tag]
    return cell


def _speaker_notes(cells, file: str) -> None:
    """Keep the folded speaker-notes cell after the header equal to the instructor notes."""
    notes = instructor_notes().get(syllabus.lesson(file).number)
    has_notes = len(cells) > 1 and NOTES in _tags(cells[1])
    if notes and not has_notes:
        cells.insert(1, _markdown("", NOTES))
    elif not notes and has_notes:
        del cells[1]
    if notes:
        cells[1].source = f"{NOTES_FIRST_LINE}\n\n{notes}\n\n</details>"
        cells[1].metadata.setdefault("jupyter", {})["source_hidden"] = True


def _solution_source(source: str) -> str:
    lines = source.split("\n")
    if lines[0].startswith(("# Solution:", "# Worked solution")):  # the marker, or an older wording
        lines = lines[1:]
    return "\n".join([SOLUTION_FIRST_LINE, *lines])


def _generated_source(cell, wanted: dict[str, str]) -> str | None:
    """What a generated cell must say, or None for a cell that is written by hand."""
    tags = cell.metadata.get("tags", [])
    for tag, source in wanted.items():
        if tag in tags:
            return source
    if COURSE_MAP in tags:
        return "## Course map\n\n" + syllabus.course_map_markdown()
    if SOLUTION in tags and cell.cell_type == "code":
        cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        return _solution_source(cell.source)
    return None


#: RISE's slides: reveal.js's "white" theme, whose font ships with it (RISE's default theme,
#: "simple", loads its fonts from Google: offline, that is a failed request per slideshow).
RISE = {"theme": "white"}


def sync_notebook(nb, file: str) -> None:
    """Bring the generated cells of one notebook (in memory) up to date, and its slide settings."""
    if nb.metadata.get("rise") != RISE:
        nb.metadata["rise"] = dict(RISE)
    cells = nb.cells
    wanted = {HEADER: syllabus.header_markdown(file), FOOTER: syllabus.footer_markdown(file)}
    if not cells or HEADER not in _tags(cells[0]):
        cells.insert(0, _markdown(wanted[HEADER], HEADER))
    if FOOTER not in _tags(cells[-1]):
        cells.append(_markdown(wanted[FOOTER], FOOTER))
    _speaker_notes(cells, file)
    for cell in cells:
        source = _generated_source(cell, wanted)
        if source is not None and cell.source != source:
            cell.source = source
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
    previous = None
    for cell in cells:
        kind = slide_type(cell, previous)
        if cell.metadata.get("slideshow", {}).get("slide_type") != kind:
            cell.metadata["slideshow"] = {"slide_type": kind}
        if kind not in ("skip", "notes"):
            previous = cell


# ---------------------------------------------------------------- stable files

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FRAME = re.compile(r"File (\S+?):\d+, in (.*)")
# IPython 9 spells a frame "  File <path>:<line> in <function>", and the place of a SyntaxError
# "  File <path>:<line>" followed by the line and the message.
_FRAME_IPYTHON = re.compile(r"\s*File (\S+?):\d+(?: in (\S.*))?$")
_SHORTEN = re.compile(r".*?(?:/site-packages/|/lib/python3\.\d+/|/notebooks/)")


def _stable_traceback(traceback: list[str]) -> list[str]:
    """A traceback without machine paths or line numbers of library and course code.

    The frames of the notebook's own cells (``Cell In[3], line 2``) stay as they are;
    a frame in a library or in coursekit keeps only ``File coursekit/workspace.py, in
    safe_path(...)``, so editing course code never changes a stored notebook.
    """
    stable = []
    for entry in traceback:
        plain = _ANSI.sub("", entry)
        first, _, rest = plain.partition("\n")
        match, ipython = _FRAME.match(plain), _FRAME_IPYTHON.match(first)
        if match:
            entry = f"File {_SHORTEN.sub('', match.group(1))}, in {match.group(2)}"
        elif ipython and ipython.group(2):  # a library or course frame: where, not which line
            entry = f"File {_SHORTEN.sub('', ipython.group(1))}, in {ipython.group(2)}"
        elif ipython:  # where a SyntaxError is: keep the line and the message below it
            entry = f"File {_SHORTEN.sub('', ipython.group(1))}\n{rest}"
        stable.append(entry)
    return stable


@functools.cache
def sanitize_patterns(stored: bool = False) -> list[tuple[re.Pattern, str]]:
    """The (regex, replacement) pairs of tests/nbval_sanitize.cfg, which nbval applies too.

    With ``stored=True``, only those that are also applied to what a notebook stores: a pair
    whose comment ends with a line starting ``# compare only`` is left out (a picture's bytes, a
    size that depends on the clone's path: readers of the stored notebook see the real thing).
    """
    lines = SANITIZE.read_text(encoding="utf-8").splitlines()
    pairs = []
    for n, (line, following) in enumerate(zip(lines, [*lines[1:], ""], strict=True)):
        if line.startswith("regex: ") and following.startswith("replace: "):
            if stored and n and lines[n - 1].startswith("# compare only"):
                continue
            pairs.append((re.compile(line.removeprefix("regex: ")), following.removeprefix("replace: ")))
    return pairs


def _coalesce_streams(outputs: list) -> list:
    """Join neighbouring stdout (or stderr) pieces: the kernel splits them differently each run."""
    joined = []
    for out in outputs:
        previous = joined[-1] if joined else None
        if (
            out.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.name == out.name
        ):
            previous.text += out.text
        else:
            joined.append(out)
    return joined


def _sanitize(out, patterns) -> None:
    def clean(text):
        text = "".join(text) if isinstance(text, list) else text
        for pattern, replacement in patterns:
            text = pattern.sub(replacement, text)
        return text

    if out.get("output_type") == "stream":
        out.text = clean(out.text)
    if out.get("output_type") == "error":
        out["traceback"] = [clean(entry) for entry in out.get("traceback", [])]
    for mime in ("text/plain", "text/html"):
        if mime in out.get("data", {}):
            out.data[mime] = clean(out.data[mime])


def stabilise(nb, name: str) -> None:
    """Strip from ``nb`` (in memory) everything that would differ between two clean runs.

    Outputs get the substitutions of tests/nbval_sanitize.cfg (a demo server's port becomes
    ``127.0.0.1:PORT``), so what is stored is what nbval compares; those marked "compare only"
    are left to nbval.
    """
    nb.metadata.pop("widgets", None)  # widget state: `make build` produces it for the editions
    nb.metadata.get("language_info", {}).pop("version", None)
    # The filters of jupytext.toml, stored in both files: when JupyterLab (jupytext) reads the
    # pair, they tell it to take what the text leaves out (slide types, folded solutions)
    # from the .ipynb; without them it dropped both.
    nb.metadata["jupytext"] = dict(JUPYTEXT_FILTERS)
    patterns = sanitize_patterns(stored=True)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = _coalesce_streams(cell.outputs)
        for n, out in enumerate(cell.outputs):
            if out.get("output_type") == "error":
                out["traceback"] = _stable_traceback(out["traceback"])
            _sanitize(out, patterns)
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:  # a new random id every run: derive one from the cell instead
                view["model_id"] = uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{cell.get('id')}/{n}").hex


def load(path: Path):
    """A notebook as its text source says, with the outputs and cell ids stored in the ``.ipynb``
    and its generated cells (and the metadata the text leaves out: slides, folds) up to date."""
    path, text = Path(path), text_path(path)
    stored = nbformat.read(path, as_version=4) if path.exists() else None
    nb = stored
    if text.exists():
        source = jupytext.read(text, fmt=TEXT_FORMAT, config=JUPYTEXT_CONFIG)
        nb = source if stored is None else combine_inputs_with_outputs(source, stored, fmt=TEXT_FORMAT)
    if nb is not None:
        sync_notebook(nb, path.name)
    return nb


def render(nb, path: Path) -> dict[Path, str]:
    """The text of both files of the pair, for a notebook in memory."""
    path = Path(path)
    stabilise(nb, path.name)
    text = jupytext.writes(nb, fmt=TEXT_FORMAT, config=JUPYTEXT_CONFIG)
    return {path: nbformat.writes(nb) + "\n", text_path(path): text}


def save(nb, path: Path, check: bool = False) -> list[Path]:
    """Write the notebook and its text source; return the files that changed.

    With ``check``, write nothing and return the files that would change."""
    changed = []
    for file, content in render(nb, path).items():
        if not file.exists() or file.read_text(encoding="utf-8") != content:
            if not check:
                file.write_text(content, encoding="utf-8")
            changed.append(file)
    return changed


def pair_differences(path: Path) -> list[str]:
    """How a notebook's cells differ from its text source (empty when the pair is in sync)."""
    path, text = Path(path), text_path(path)
    if not text.exists():
        return [f"{text.name} is missing"]
    source = jupytext.read(text, fmt=TEXT_FORMAT, config=JUPYTEXT_CONFIG)
    stored = nbformat.read(path, as_version=4)

    def cells(nb):
        return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]

    a, b = cells(source), cells(stored)
    if len(a) != len(b):
        return [f"{text.name} has {len(a)} cells, {path.name} has {len(b)}"]
    return [
        f"cell {i} ({kind}): {text.name} says {src[:60]!r}, {path.name} says {other[1][:60]!r}"
        for i, ((kind, src, tags), other) in enumerate(zip(a, b, strict=True))
        if (kind, src, tags) != other
    ]


def sync(check: bool = False) -> list[str]:
    """Rebuild every notebook from its text source (generated cells included) and the
    README table; return what changed (with ``check``, what would change)."""
    changed = []
    for path in notebook_paths():
        if not path.exists() and not text_path(path).exists():
            changed.append(f"{path.name}: missing")
            continue
        changed += [file.name for file in save(load(path), path, check=check)]
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


# ---------------------------------------------------------------- running


def execute(
    path: Path,
    timeout: int = 600,
    kernel_name: str = "python3",
    workspace: Path | None = None,
    notebook=None,
    runs: int = 1,
    env: dict | None = None,
    store_widget_state: bool = False,
):
    """Run a notebook top to bottom in a fresh kernel and return the executed notebook.

    ``notebook`` runs that (in-memory) notebook as if it were stored at ``path``
    (default: the pair at ``path``, as :func:`load` reads it).
    ``runs=2`` runs every cell a second time in the same kernel, as an instructor
    re-running a notebook live would; the outputs of the last run are kept.
    ``workspace`` points the kernel's scratch workspace elsewhere (tests use a
    temporary folder so that two runs of one notebook never share files); ``env``
    adds variables to the kernel's environment. ``store_widget_state`` keeps the
    widgets' state in the notebook's metadata (the HTML edition needs it).
    Raises ``nbclient.exceptions.CellExecutionError`` for a failing cell that is not
    tagged ``raises-exception``.
    """
    from nbclient import NotebookClient

    nb = notebook if notebook is not None else load(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    given = dict(env or {})
    env = {**os.environ, **STABLE_ENV, **given}
    # `!python -m build` in a notebook must run this environment's Python, as in an activated
    # venv, however this tool was started (make puts .venv/bin first too); a PATH in `env` wins.
    here = os.path.dirname(sys.executable)
    if "PATH" not in given and env.get("PATH", "").split(os.pathsep)[0] != here:
        env["PATH"] = here + os.pathsep + env.get("PATH", "")
    if workspace is not None:
        env["COURSE_WORKSPACE"] = str(workspace)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        record_timing=False,
        # Always on: nbclient's Output-widget hook fails without it (KeyError); dropped below.
        store_widget_state=True,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    if runs == 1:
        client.execute(env=env)
    else:
        with client.setup_kernel(env=env):
            for _ in range(runs):
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "code":
                        cell.outputs = []
                    client.execute_cell(cell, index)
            client.set_widgets_metadata()
    if not store_widget_state:
        nb.metadata.pop("widgets", None)
    return nb


def keep_unstable_outputs(nb, stored) -> None:
    """Keep the stored outputs of unchanged cells marked ``# NBVAL_IGNORE_OUTPUT``.

    Such a cell shows something that differs on every run (a timing, an embedded video);
    nbval does not compare it, and re-running the notebook should not rewrite it either.
    The output kept is that of an earlier clean run of the same code; edit the cell and
    `make run` stores a fresh one.
    """
    if stored is None:
        return
    before = {cell.get("id"): cell for cell in stored.cells if cell.cell_type == "code"}
    for cell in nb.cells:
        old = before.get(cell.get("id"))
        if cell.cell_type != "code" or old is None or old.source != cell.source:
            continue
        if cell.source.lstrip().startswith("# NBVAL_IGNORE_OUTPUT"):
            cell.outputs = old.outputs
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = cell.execution_count


def run_and_save(paths: list[Path]) -> None:
    for path in paths:
        stored = nbformat.read(path, as_version=4) if path.exists() else None
        nb = execute(path)  # the pair as load() reads it, run in a fresh kernel
        keep_unstable_outputs(nb, stored)
        changed = save(nb, path)
        what = ", ".join(p.name for p in changed) if changed else "nothing changed"
        print(f"ran {path.relative_to(ROOT)}: {what}")


def changed_notebooks(base: str = "main") -> list[Path]:
    """Notebooks whose ``.md`` or ``.ipynb`` differ from ``base`` (committed or not), in course order."""
    import subprocess

    def git(*args):
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.split() if done.returncode == 0 else []

    names = set(git("diff", "--name-only", base, "--", "notebooks")) | set(
        git("ls-files", "--others", "--exclude-standard", "--", "notebooks")
    )
    stems = {Path(name).stem for name in names if name.endswith((".md", ".ipynb"))}
    return [path for path in notebook_paths() if path.stem in stems]


# ---------------------------------------------------------------- hands-on measure

#: A cell that uses the course's helper package (or one of its modules by its usual name).
HELPER_USE = re.compile(
    r"\bcoursekit\b|\b(workspace|packages|imports|distribution|explorer|checks|exercises|ui|envcheck|syllabus)\.\w"
)
#: A cell that runs a command as a terminal would: a `!` line, or subprocess written out.
COMMAND = re.compile(r"^\s*!|\bsubprocess\.(run|check_output|check_call|Popen|call)\(", re.MULTILINE)


def hands_on(nb) -> dict[str, int]:
    """Count what a learner does in ``nb``'s lesson cells.

    Lesson cells are the code cells after the set-up cell (the first code cell) and before
    the ``## Exercises`` section. Returns their number, how many use the helper package
    (``helper``), write a file with ``%%writefile`` and run a command (``command``)."""
    counts = {"lesson": 0, "helper": 0, "writefile": 0, "command": 0}
    seen_setup, in_exercises = False, False
    for cell in nb.cells:
        text = cell.source.lstrip()
        if cell.cell_type == "markdown" and text.startswith("## "):
            in_exercises = text.startswith("## Exercises")
        if cell.cell_type != "code" or SOLUTION in cell.get("metadata", {}).get("tags", []):
            continue
        if not seen_setup:
            seen_setup = True
            continue
        if in_exercises:
            continue
        counts["lesson"] += 1
        counts["helper"] += bool(HELPER_USE.search(cell.source))
        counts["writefile"] += text.startswith("%%writefile")
        counts["command"] += bool(COMMAND.search(cell.source))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_sync = sub.add_parser("sync", help="rebuild each notebook from its text source; generated cells, README table")
    p_sync.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    p_run = sub.add_parser("run", help="execute notebooks in a fresh kernel and save their outputs")
    p_run.add_argument("notebooks", nargs="*", help="notebook files, .ipynb or .md (default: all, in course order)")
    p_changed = sub.add_parser("changed", help="print the notebooks that differ from a git revision")
    p_changed.add_argument("base", nargs="?", default="main", help="git revision to compare with (default: main)")
    args = parser.parse_args(argv)

    if args.command == "changed":
        print(" ".join(str(p.relative_to(ROOT)) for p in changed_notebooks(args.base)))
        return 0

    if args.command == "sync":
        changed = sync(check=args.check)
        if args.check and changed:
            print("out of date: " + ", ".join(changed))
            print("The .md files are the source: run `make sync` (outputs kept) or `make run NB=...` (re-run).")
            return 1
        print("\n".join(f"updated: {c}" for c in changed) or "everything in sync")
        return 0
    paths = [Path(p).resolve().with_suffix(".ipynb") for p in args.notebooks] or notebook_paths()
    run_and_save(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
