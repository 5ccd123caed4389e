"""Build the course's static editions with nbconvert (`make build`).

    python tools/build_editions.py [--out build]

Produces, under ``build/`` (git-ignored):

- ``slides/NN_name.slides.html``  a reveal.js deck per notebook (speaker view: press "s");
- ``html/NN_name.html``           an HTML edition with outputs and stored widget state;
- ``index.html``                  links to both, in course order;
- ``learner/``                    a runnable copy of the course whose notebooks have the
                                  exercises blank and the worked solutions folded (not run);
- ``images/``                     the course's diagrams, linked from the pages;
- ``assets/``                     the front-end files the pages load (reveal.js, require.js,
                                  jQuery, Font Awesome, the Jupyter widgets HTML manager).

Every page loads scripts and styles from ``assets/`` only, so the editions open from
disk with no network. The assets are npm packages: they are fetched once with
``npm pack`` (pinned versions, checked against SHA-256 sums) into ``build/.cache`` and
reused from there, so only the first build needs the npm registry.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import nbformat
import syllabus

import course_tools

ROOT = course_tools.ROOT
TEMPLATES = Path(__file__).resolve().parent / "templates"
BUILD = ROOT / "build"

#: npm package -> (sha256 of the tarball, {file or folder inside the package: where it goes in assets/})
ASSETS = {
    "reveal.js@4.6.0": (
        "5cd4f989a2f9b8094e5430f4d05eae96c3a409ebcafbfb2e907687e8a9475e48",
        {
            "dist/reveal.js": "reveal.js/dist/reveal.js",
            "dist/reveal.css": "reveal.js/dist/reveal.css",
            "dist/theme/white.css": "reveal.js/dist/theme/white.css",
            "dist/theme/fonts/source-sans-pro": "reveal.js/dist/theme/fonts/source-sans-pro",
            "plugin/notes/notes.js": "reveal.js/plugin/notes/notes.js",
            "LICENSE": "reveal.js/LICENSE",
        },
    ),
    "requirejs@2.3.8": (
        "777158e89275e16bd51aec3ef714fbcb5dc45789e7078659933bc814916d7dec",
        {"require.js": "require.js"},
    ),
    "jquery@3.7.1": (
        "68a9f787516da47c680e09c187bcbac4536b6f85d90eb882844e12919e583f53",
        {"dist/jquery.min.js": "jquery.min.js"},
    ),
    "font-awesome@4.7.0": (
        "92042b715919e17499ded134884b0318fd88041efac9b0f3204069df52222a61",
        {"css/font-awesome.min.css": "font-awesome/css/font-awesome.min.css", "fonts": "font-awesome/fonts"},
    ),
    "@jupyter-widgets/html-manager@1.0.15": (
        "2b9d65cb7913e1c7d671757a10008b32c9c2448d4429513371e55c07d6107638",
        {"dist": "html-manager"},
    ),
}

NOTEBOOK_LINK = re.compile(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')


CACHE = BUILD / ".cache"
FETCH_COMMAND = "make setup"


class AssetsMissing(SystemExit):
    """The front-end files are not in the cache and may not be fetched now."""


def _tarball_name(spec: str) -> str:
    package, version = spec.rsplit("@", 1)
    return f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"


def missing_assets(cache: Path = CACHE) -> list[str]:
    """The npm packages whose pinned tarball is not (intact) in ``cache``."""
    return [
        spec
        for spec, (digest, _) in ASSETS.items()
        if not (cache / _tarball_name(spec)).exists() or _sha256(cache / _tarball_name(spec)) != digest
    ]


def _npm_pack(spec: str, cache: Path) -> None:
    if shutil.which("npm") is None:
        raise AssetsMissing(
            f"npm (Node.js) is needed once to fetch {spec} into {cache}: install Node.js, then `{FETCH_COMMAND}`."
        )
    # No retries and a short timeout: offline, npm fails in seconds instead of retrying for minutes.
    command = ["npm", "pack", spec, "--pack-destination", str(cache), "--silent", "--fetch-retries=0"]
    done = subprocess.run(
        [*command, "--fetch-timeout=20000"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if done.returncode != 0:
        raise AssetsMissing(
            f"`npm pack {spec}` failed (is the npm registry reachable?): {done.stderr.strip()[-300:]}\n"
            f"The front-end files are fetched once, online: run `{FETCH_COMMAND}` with a network."
        )


def fetch_assets(out: Path, cache: Path = CACHE, fetch: bool = True) -> None:
    """Put the pinned front-end files into ``out``, fetching each npm package once.

    With ``fetch=False`` (the test suite, which must run offline) a missing package fails
    at once, naming the command that fetches it.
    """
    cache.mkdir(parents=True, exist_ok=True)
    missing = missing_assets(cache)
    if missing and not fetch:
        raise AssetsMissing(f"front-end files missing from {cache}: {', '.join(missing)}; run `{FETCH_COMMAND}` once.")
    for spec in missing:
        _npm_pack(spec, cache)
    for spec, (digest, files) in ASSETS.items():
        tarball = cache / _tarball_name(spec)
        if _sha256(tarball) != digest:
            raise SystemExit(f"{tarball} does not have the expected SHA-256: refusing to use it.")
        with tarfile.open(tarball) as archive:
            members = archive.getmembers()
            for source, target in files.items():
                prefix = f"package/{source}"
                for member in members:
                    if (
                        member.isfile()
                        and (member.name == prefix or member.name.startswith(prefix + "/"))
                        and not member.name.endswith(".map")
                    ):
                        dest = (
                            out / target / member.name[len(prefix) :].lstrip("/")
                            if member.name != prefix
                            else out / target
                        )
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        dest.write_bytes(archive.extractfile(member).read())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _exporter(kind: str):
    from nbconvert import HTMLExporter, SlidesExporter

    common = dict(
        extra_template_basedirs=[str(TEMPLATES)],
        embed_images=True,
        require_js_url="../assets/require.js",
        jquery_url="../assets/jquery.min.js",
        widget_renderer_url="../assets/html-manager/embed-amd.js",
        mathjax_url="",
    )
    if kind == "html":
        return HTMLExporter(template_name="course_lab", **common)
    return SlidesExporter(
        template_name="course_reveal",
        reveal_url_prefix="../assets/reveal.js",
        font_awesome_url="../assets/font-awesome/css/font-awesome.min.css",
        reveal_theme="white",
        reveal_scroll=True,
        reveal_number="c/t",
        **common,
    )


def with_widget_state(path: Path, workspace: Path):
    """The notebook at ``path`` run once in a fresh kernel, with its widgets' state.

    Committed notebooks carry no widget state (it would change on every run); the editions
    need it so that widgets render in a page opened from disk.
    """
    return course_tools.execute(path, workspace=workspace, store_widget_state=True)


def convert(path: Path, kind: str, exporter=None, notebook=None) -> str:
    """One notebook as an HTML page (``kind="html"``) or a reveal.js deck (``"slides"``).

    ``notebook`` converts that (e.g. executed) notebook as if it were stored at ``path``.
    """
    exporter = exporter or _exporter(kind)
    notebook = notebook if notebook is not None else nbformat.read(path, as_version=4)
    title = next((f"{item.label} · Python Packages" for item in syllabus.LESSONS if item.file == path.name), path.stem)
    resources = {"metadata": {"path": str(path.parent), "name": title}}  # name: the page's <title>
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    suffix = ".html" if kind == "html" else ".slides.html"
    return NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}{suffix}{m.group(2) or ""}"', body)


def folded_solution(cell) -> str:
    """A worked solution as a folded Markdown cell: readable on demand, never run by Run All."""
    lines = cell.source.splitlines()
    if lines and lines[0].startswith(course_tools.SOLUTION_FIRST_LINE):
        lines = lines[1:]
    code = "\n".join(lines).strip("\n")
    return (
        "<details><summary><b>Worked solution</b> (click to open; try the exercise yourself first)</summary>\n\n"
        f"```python\n{code}\n```\n\n</details>"
    )


def learner_notebook(nb):
    """A copy of ``nb`` for learners: exercises blank, without their stored outputs, and each worked
    solution folded into a Markdown cell, so that Run All or Shift+Enter never runs it over the
    learner's own answer."""
    nb = copy.deepcopy(nb)
    cells, in_exercises = [], False
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        text = cell.source.lstrip()
        if cell.cell_type == "markdown" and text.startswith("**Solution**"):
            continue
        if course_tools.SOLUTION in tags:
            folded = nbformat.v4.new_markdown_cell(folded_solution(cell))
            if "id" in cell:  # the solution's id, not a new random one: the same notebook every time
                folded["id"] = cell["id"]
            folded.metadata["tags"] = ["solution-folded"]
            folded.metadata["slideshow"] = {"slide_type": "skip"}
            cells.append(folded)
            continue
        if cell.cell_type == "markdown" and text.startswith("## "):
            in_exercises = text.startswith("## Exercises")
        if course_tools.FOOTER in tags:
            in_exercises = False
        if in_exercises and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    nb.cells = cells
    return nb


def build_learner_edition(out: Path) -> list[Path]:
    """Copy the course into ``out`` with learner notebooks; return the notebooks written."""
    ignore = shutil.ignore_patterns("workspace", ".ipynb_checkpoints", "__pycache__", "*.ipynb")
    shutil.copytree(ROOT / "notebooks", out / "notebooks", ignore=ignore)
    for name in ("images", "sample_packages"):
        shutil.copytree(ROOT / name, out / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("requirements.in", "requirements.txt", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, out / name)
    written = []
    for path in course_tools.notebook_paths():
        target = out / "notebooks" / path.name
        nbformat.write(learner_notebook(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def index_page() -> str:
    rows = []
    for item in syllabus.LESSONS:
        stem = Path(item.file).stem
        rows.append(
            f"<tr><td>{item.number}</td><td>{html.escape(item.title)}</td><td>{item.minutes} min</td>"
            f'<td><a href="html/{stem}.html">page</a></td>'
            f'<td><a href="slides/{stem}.slides.html">slides</a></td>'
            f'<td><a href="learner/notebooks/{item.file}">notebook</a></td></tr>'
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Python Packages: course editions</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; line-height: 1.5 }}
table {{ border-collapse: collapse; width: 100% }}
td, th {{ padding: .4rem .6rem; border-bottom: 1px solid #ddd; text-align: left }}</style>
</head><body><main>
<h1>Python Packages: course editions</h1>
<p>Built with nbconvert from the course notebooks. Everything here opens from disk, with no network.
In a slide deck, press <kbd>s</kbd> for the speaker view (with the speaker notes) and <kbd>Esc</kbd>
for an overview. The <em>learner edition</em> (folder <code>learner/</code>) is a runnable copy of the course
without the worked solutions.</p>
<table><tr><th>#</th><th>Notebook</th><th>Time</th><th>HTML edition</th><th>Slides</th><th>Learner edition</th></tr>
{chr(10).join(rows)}
</table></main></body></html>
"""


def build(out: Path = BUILD, fetch: bool = True, widget_state=None) -> dict[str, float]:
    """Build every edition into ``out``; return the seconds each part took.

    ``fetch=False`` never goes to the npm registry (see :func:`fetch_assets`).
    ``widget_state`` lists the notebooks to execute for their widget state (default: all);
    the others are converted as stored, without it.
    """
    timings, start = {}, time.perf_counter()
    for part in ("html", "slides", "learner", "assets", "images", "index.html"):
        target = out / part
        if target.is_dir():
            shutil.rmtree(target)
    fetch_assets(out / "assets", CACHE, fetch=fetch)
    # Notebooks show diagrams as ../images/NAME.png; nbconvert only embeds images from the
    # notebook's own folder, so the editions keep the same relative links to a copy.
    shutil.copytree(ROOT / "images", out / "images")
    timings["assets"] = time.perf_counter() - start
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="course-build-") as scratch:
        paths = course_tools.notebook_paths()
        chosen = paths if widget_state is None else widget_state
        executed = {
            path: with_widget_state(path, Path(scratch)) if path in chosen else nbformat.read(path, as_version=4)
            for path in paths
        }
    timings["execute"] = time.perf_counter() - t0
    for kind in ("html", "slides"):
        t0, exporter = time.perf_counter(), _exporter(kind)
        folder = out / kind
        folder.mkdir(parents=True)
        suffix = ".html" if kind == "html" else ".slides.html"
        for path, nb in executed.items():
            page = convert(path, kind, exporter, notebook=nb)
            (folder / f"{path.stem}{suffix}").write_text(page, encoding="utf-8")
        timings[kind] = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_learner_edition(out / "learner")
    timings["learner"] = time.perf_counter() - t0
    (out / "index.html").write_text(index_page(), encoding="utf-8")
    timings["total"] = time.perf_counter() - start
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=BUILD, help="output folder (default: build/)")
    parser.add_argument(
        "--assets-only",
        action="store_true",
        help="only fetch the front-end assets into build/.cache (needs the npm registry once)",
    )
    args = parser.parse_args(argv)
    if args.assets_only:
        fetch_assets(args.out.resolve() / "assets", CACHE)
        print(f"assets ready in {CACHE}")
        return 0
    timings = build(args.out.resolve())
    print(" · ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    print(f"open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
