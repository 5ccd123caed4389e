"""Build the zero-install browser edition of the course (JupyterLite + Pyodide): `make lite`.

    python tools/build_lite.py [--out build/lite] [--offline]

Produces ``build/lite/`` (git-ignored): a static JupyterLite site with the start page and the
packages track notebooks 01-07, which any static file server can serve
(``python -m http.server -d build/lite 8000 --bind 127.0.0.1``) and which then needs no network:

- the notebooks are generated from the same text sources (``notebooks/NN_*.md``, jupytext) as
  the JupyterLab course, with every code cell that cannot run in a browser rewritten and marked
  (see :func:`browser_cell`), and without outputs (the browser runs them);
- ``coursekit``, ``sample_packages/``, ``images/`` and ``tools/lite/browser_edition.py`` (what
  lets ``%python`` stand in for ``!python``) are in the site's files, beside the notebooks;
- Pyodide's core files come from the pinned npm package (``npm pack``, checked by SHA-256, into
  ``build/.cache``, as ``tools/build_editions.py`` does for the editions' assets), and the Python
  wheels the kernel needs from PyPI (``pip download``, pinned and checked by SHA-256); Pyodide's
  ``pyodide-lock.json`` is rewritten to name exactly the wheels shipped, with their sums;
  ipywidgets and its two companions are indexed for piplite (``%pip install ipywidgets``).

Only the first build needs the registries; later builds run offline. With ``--offline`` a missing
download fails at once, naming the command that fetches it (``make lite-setup``).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import jupytext
import nbformat

import build_editions
import course_tools

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
BUILD = ROOT / "build"
CACHE = build_editions.CACHE
WHEELS = CACHE / "lite-wheels"
FETCH_COMMAND = "make lite-setup"

#: The start page and the packages track up to the import system. 08-10 build, install and
#: publish packages with separate programs (pip, build, twine, a package index): a browser tab
#: cannot start them. The demos (11-14) need Scrapy, PyTorch and MoviePy, and the wrap-up looks
#: inside them.
EDITION = [
    "00_start_here",
    "01_modules",
    "02_reloading_modules",
    "03_creating_a_package",
    "04_importing_a_package",
    "05_dotted_module_names",
    "06_namespace_packages_and_python_m",
    "07_the_import_system",
]

#: npm package -> (sha256 of the tarball, the core files the site serves from static/pyodide/)
PYODIDE = (
    "pyodide@314.0.6",
    "d78ac549b28a2a58600cd06f44e017024151775f8c6b2d73fab1475400d38ea2",
    [
        "pyodide.js",
        "pyodide.mjs",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "python_stdlib.zip",
        "pyodide-lock.json",
        "package.json",
    ],
)

#: The pure-Python wheels of Pyodide's lock that the kernel loads (micropip, and IPython with its
#: dependencies), at the versions the lock names: file on PyPI -> its sha256 there.
LOCK_WHEELS = {
    "asttokens-3.0.1-py3-none-any.whl": "15a3ebc0f43c2d0a50eeafea25e19046c68398e487b9f1f5b517f7c0f40f976a",
    "decorator-5.2.1-py3-none-any.whl": "d316bb415a2d9e2d2b3abcc4084c6502fc09240e292cd76a76afc106a1c8e04a",
    "executing-2.2.1-py2.py3-none-any.whl": "760643d3452b4d777d295bb167ccc74c64a81df23fb5e08eff250c425a4b2017",
    "ipython-9.12.0-py3-none-any.whl": "0f2701e8ee86e117e37f50563205d36feaa259d2e08d4a6bc6b6d74b18ce128d",
    "jedi-0.19.2-py2.py3-none-any.whl": "a8ef22bde8490f57fe5c7681a3c83cb58874daf72b4784de3cce5b6ef6edb5b9",
    "matplotlib_inline-0.2.1-py3-none-any.whl": "d56ce5156ba6085e00a9d54fead6ed29a9c47e215cd1bba2e976ef39f5710a76",
    "micropip-0.11.1-py3-none-any.whl": "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3",
    "packaging-26.1-py3-none-any.whl": "5d9c0669c6285e491e0ced2eee587eaf67b670d94a19e94e3984a481aba6802f",
    "parso-0.8.6-py2.py3-none-any.whl": "2c549f800b70a5c4952197248825584cb00f033b29c692671d3bf08bf380baff",
    "prompt_toolkit-3.0.52-py3-none-any.whl": "9aac639a3bbd33284347de5ad8d68ecc044b91a762dc39b7c21095fcd6a19955",
    "pure_eval-0.2.3-py3-none-any.whl": "1db8e35b67b3d218d818ae653e27f06c3aa420901fa7b081ca98cbedc874e0d0",
    "pygments-2.20.0-py3-none-any.whl": "81a9e26dd42fd28a23a2d169d86d7ac03b46e2f8b59ed4698fb4785f946d0176",
    "six-1.17.0-py2.py3-none-any.whl": "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274",
    "stack_data-0.6.3-py3-none-any.whl": "d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695",
    "traitlets-5.14.3-py3-none-any.whl": "b74e89e397b1ed28cc831db7aea759ba6640cb3de13090ca145426688ff1ac4f",
    "wcwidth-0.6.0-py3-none-any.whl": "1a3a1e510b553315f8e146c54764f4fb6264ffad731b3d78088cdb1478ffbdad",
}
#: Wheels for piplite (``%pip install ipywidgets`` in the browser), at requirements.txt's versions.
PIPLITE_WHEELS = {
    "comm-0.2.3-py3-none-any.whl": "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
    "ipywidgets-8.1.9-py3-none-any.whl": "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d",
    "jupyterlab_widgets-3.0.17-py3-none-any.whl": "40ac1e9955acf116c4d995d9bfa082d86ad9ec6d91c4f134827cf5e0a5eb75e0",
}

MARK = "# 🌐 Browser edition:"
FIRST_CELL = f"""{MARK} this cell is not in the JupyterLab course. It installs the widgets from this
# site's own files, and lets `%python ...` stand in for `!python ...` (see the start page).
%pip install -q ipywidgets
import browser_edition"""

BROWSER_NOTE = """+ {"tags": ["browser-edition"]}

> 🌐 **This is the browser edition** of the course: JupyterLite runs Python (Pyodide, Python
> {python}) inside this browser tab, with nothing to install and no network. It has the start page
> and the packages track up to notebook 7. What differs from JupyterLab:
>
> - A tab has one Python and no terminal. Where the course types `!python ...`, this edition has
>   `%python ...`: the same program runs in this tab's Python, as a fresh interpreter sees it (its
>   own `sys.argv`, `sys.path` and module cache); `subprocess.run([sys.executable, ...])` does the
>   same. A command that needs a separate Python (`python -S`, `python -X ...`) is shown as text to
>   try in a terminal. Cells that differ start with `🌐 Browser edition:`.
> - Left out: notebooks 8-10 (building, installing and publishing a package run `pip`, `build`
>   and a package index as separate programs), the four library demos 11-14 (Scrapy, PyTorch,
>   scikit-learn, MoviePy) and the wrap-up 15. For those, use the full course in JupyterLab:
>   clone the course's repository and run `make lab` (its README says how).
> - The files the lessons write go to a scratch folder in the tab's memory, `/tmp/workspace`: each
>   notebook starts its own afresh, and it is gone when the tab closes. Notebooks you change are
>   kept in this browser's storage (the file browser on the left).
> - The checks' time limits stop an endless loop in an exercise as in JupyterLab. A cell of your
>   own that never ends keeps the tab's Python busy: **Kernel → Restart Kernel…** stops it."""

#: Sentences of the course that are not true in a browser tab, and what the browser edition says
#: instead: (notebook, text of its source, the browser edition's text). Each must be found exactly
#: once (the build fails otherwise), so that an edit of the course cannot leave one stale.
BROWSER_TEXT = [
    (
        "00_start_here",
        "| stop a cell that runs too long | **Kernel → Interrupt Kernel** (or the ■ button) |",
        "| stop a cell that runs too long | **Kernel → Restart Kernel…** (in a browser tab, Interrupt may "
        "not stop Python; a restart always does) |",
    ),
    (
        "00_start_here",
        "| run a terminal command from a cell | start the line with `!`, e.g. `!python first.py` |",
        "| run a Python program from a cell | `%python first.py` here (in JupyterLab: `!python first.py`) |",
    ),
    (
        "00_start_here",
        "| open a terminal beside the notebook | **File → New → Terminal** |",
        "| open a terminal beside the notebook | in JupyterLab, **File → New → Terminal** (a browser tab has none) |",
    ),
    (
        "00_start_here",
        "The next cell compares what is installed with what the course was tested with (the pins in\n"
        "`requirements.txt`). Versions are read from each package's installed *metadata*, the same\n"
        "record `pip` keeps. Every line should show ✅. If one shows ❌, the arrow under it says what to do.",
        "In JupyterLab, the next cell compares what is installed with what the course was tested with\n"
        "(the pins in `requirements.txt`), reading each package's installed *metadata*, the record `pip`\n"
        "keeps. This edition installs nothing: the cell shows the browser tab's own Python instead.",
    ),
    (
        "06_namespace_packages_and_python_m",
        "`import` that is run. This environment has some (your list may differ):",
        "`import` that is run. The course's JupyterLab environment has several; this tab's Python has none:",
    ),
    (
        "06_namespace_packages_and_python_m",
        "Here `__editable__.coursekit-1.0.0.pth` is how `pip install -e` makes the course's own helper package\n"
        "importable from its source folder; `distutils-precedence.pth` (from setuptools) and\n"
        "`a1_coverage.pth` (from coverage, which the course's test tool nbval needs) are `import` lines\n"
        "that those packages run in every Python of this environment, before your code starts. On\n"
        "Python 3.12 and 3.13 the same course set-up has no `a1_coverage.pth`: only the course's 3.11\n"
        "environment installs the test tools.",
        "In JupyterLab the list shows `__editable__.coursekit-1.0.0.pth`, which is how `pip install -e`\n"
        "makes the course's own helper package importable from its source folder, and\n"
        "`distutils-precedence.pth` (from setuptools), an `import` line run in every Python of that\n"
        "environment before your code starts. The packages this tab loaded came without any.",
    ),
]

PYTHON_LINE = re.compile(r"^(?P<indent>\s*)(?:(?P<name>\w+)\s*=\s*)?!(?P<command>.*)$")
NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\((\d\d_[A-Za-z0-9_]+)\.ipynb(#[^)]*)?\)")


class LiteMissing(SystemExit):
    """A download the site needs is not in the cache and may not be fetched now."""


# ---------------------------------------------------------------- the notebooks


def _browser_line(line: str) -> tuple[str, str | None]:
    """One code line -> (the browser's line, what changed or None)."""
    match = PYTHON_LINE.match(line)
    if not match:
        return line, None
    indent, name, command = match["indent"], match["name"], match["command"].strip()
    try:
        words = shlex.split(command)
    except ValueError:
        words = []
    if words and words[0] == "python":
        switches = set()
        for word in words[1:]:
            if not word.startswith("-"):
                break
            switches.add(word)
            if word in ("-c", "-m"):
                break
        if switches <= {"-c", "-m", "-P", "-B", "-E", "-I", "-s", "-u", "-q"}:
            rest = command[len("python") :].strip()
            if name:
                return f"{indent}{name} = %python_output {rest}", "`!python` runs in this tab: `%python_output`"
            return f"{indent}%python {rest}", "`!python` runs in this tab's Python: `%python`"
    return (
        f"{indent}# In a terminal: !{command}",
        f"`{' '.join(command.split()[:2])}` needs a separate process: try this line in a terminal",
    )


def browser_cell(cell):
    """The browser edition of one code cell: the cell itself, or a copy with each line a browser
    cannot run replaced, and a first comment line saying what differs."""
    if cell.cell_type != "code" or cell.source.startswith("%%"):
        return cell
    lines, notes = [], []
    for line in cell.source.split("\n"):
        new, note = _browser_line(line)
        lines.append(new)
        if note and note not in notes:
            notes.append(note)
    source = "\n".join(lines)
    if "envcheck.report()" in source:
        source = source.replace(
            "print(envcheck.report())",
            'print("Python", sys.version.split()[0], "on", sys.platform, "(Pyodide, in this browser tab)")',
        )
        notes.append("no installation to check here, only the browser's own Python")
    fails = "raises-exception" in cell.metadata.get("tags", [])
    if fails:
        notes.append("this cell fails on purpose; `%%error_expected` shows the error and lets Run All go on")
    if not notes:
        return cell
    cell = copy.deepcopy(cell)
    cell.source = f"{MARK} {'; '.join(notes)}.\n{source}"
    if fails:
        cell.source = f"%%error_expected\n{cell.source}"
    return cell


def _unlink_left_out(text: str) -> str:
    """Links to a notebook the edition leaves out become its title, marked "full course"."""

    def replace(match):
        if match[2] in EDITION:
            return match[0]
        return f"{match[1]} (full course only)"

    return NOTEBOOK_LINK.sub(replace, text)


def browser_notebook(stem: str):
    """The browser edition of one notebook, from its text source, without outputs."""
    nb = jupytext.read(course_tools.NOTEBOOKS / f"{stem}.md", fmt=course_tools.TEXT_FORMAT)
    course_tools.sync_notebook(nb, f"{stem}.ipynb")
    cells, texts = [], [(old, new) for name, old, new in BROWSER_TEXT if name == stem]
    found = dict.fromkeys([old for old, _ in texts], 0)
    for cell in nb.cells:
        cell = browser_cell(cell)
        if cell.cell_type == "markdown":
            cell.source = _unlink_left_out(cell.source)
            for old, new in texts:
                found[old] += cell.source.count(old)
                cell.source = cell.source.replace(old, new)
        else:
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    stale = [old for old, count in found.items() if count != 1]
    if stale:
        raise SystemExit(f"{stem}: BROWSER_TEXT in tools/build_lite.py names text found not exactly once: {stale}")
    first = nbformat.v4.new_code_cell(FIRST_CELL)
    first.metadata["tags"] = ["browser-edition"]
    cells.insert(1, first)
    if stem == EDITION[0]:
        note = nbformat.v4.new_markdown_cell(BROWSER_NOTE.split("\n", 2)[2].format(python="3.14"))
        note.metadata["tags"] = ["browser-edition"]
        cells.insert(1, note)
    nb.cells = cells
    for index, cell in enumerate(nb.cells):  # stable ids: the same site every build
        cell["id"] = f"{stem[:2]}-{index:03d}"
    nb.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    return nb


def write_files(files: Path) -> list[Path]:
    """The site's files: the notebooks, coursekit, the samples and images they read."""
    notebooks = files / "notebooks"
    notebooks.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    shutil.copytree(course_tools.NOTEBOOKS / "coursekit", notebooks / "coursekit", ignore=ignore)
    shutil.copy2(TOOLS / "lite" / "browser_edition.py", notebooks / "browser_edition.py")
    shutil.copytree(ROOT / "sample_packages", files / "sample_packages", ignore=ignore)
    shutil.copytree(ROOT / "images", files / "images", ignore=ignore)
    shutil.copy2(ROOT / "requirements.txt", files / "requirements.txt")
    written = []
    for stem in EDITION:
        path = notebooks / f"{stem}.ipynb"
        nbformat.write(browser_notebook(stem), path)
        written.append(path)
    return written


# ---------------------------------------------------------------- Pyodide and the wheels


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def missing_downloads() -> list[str]:
    """What the site needs that is not (intact) in the cache."""
    spec, digest, _ = PYODIDE
    missing = []
    tarball = CACHE / build_editions._tarball_name(spec)
    if not tarball.exists() or _sha256(tarball) != digest:
        missing.append(spec)
    for name, digest in {**LOCK_WHEELS, **PIPLITE_WHEELS}.items():
        if not (WHEELS / name).exists() or _sha256(WHEELS / name) != digest:
            missing.append(name)
    return missing


def _requirement(wheel: str) -> str:
    name, version = wheel.split("-")[:2]
    return f"{name}=={version}"


def fetch(offline: bool = False) -> None:
    """Download what is missing: the Pyodide npm package and the wheels (once, online)."""
    missing = missing_downloads()
    if not missing:
        return
    if offline:
        raise LiteMissing(
            f"the browser edition's downloads are missing: {', '.join(missing)}; run `{FETCH_COMMAND}` once."
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    spec = PYODIDE[0]
    if spec in missing:
        try:
            build_editions._npm_pack(spec, CACHE)
        except build_editions.AssetsMissing as exc:
            raise LiteMissing(f"{exc}\nThen run `{FETCH_COMMAND}`.") from None
    wheels = [name for name in missing if name != spec]
    if wheels:
        WHEELS.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps"]
        command += ["--only-binary=:all:", "--python-version", "3.14", "--implementation", "py"]
        command += ["--abi", "none", "--platform", "any", "--timeout", "20", "--retries", "0", "-d", str(WHEELS)]
        done = subprocess.run([*command, *map(_requirement, wheels)], capture_output=True, text=True)
        if done.returncode != 0:
            raise LiteMissing(
                f"`pip download` failed (is PyPI reachable?): {done.stderr.strip()[-300:]}\n"
                f"The wheels are fetched once, online: run `{FETCH_COMMAND}` with a network."
            )
    still = missing_downloads()
    if still:
        raise LiteMissing(
            f"downloaded files do not have their pinned SHA-256: {', '.join(still)}; refusing to use them."
        )


def write_pyodide(static: Path) -> None:
    """Pyodide's core files into ``static/pyodide/``, with the wheels the kernel loads and a
    ``pyodide-lock.json`` that names only those, with the sums of the files shipped."""
    spec, _, files = PYODIDE
    target = static / "pyodide"
    target.mkdir(parents=True)
    with tarfile.open(CACHE / build_editions._tarball_name(spec)) as archive:
        for name in files:
            (target / name).write_bytes(archive.extractfile(f"package/{name}").read())
    lock = json.loads((target / "pyodide-lock.json").read_text())
    by_file = {}
    for wheel in LOCK_WHEELS:
        name, version = wheel.split("-")[:2]
        by_file[(re.sub(r"[-_.]+", "-", name).lower(), version)] = wheel
    packages = {}
    for key, package in lock["packages"].items():
        wheel = by_file.get((re.sub(r"[-_.]+", "-", package["name"]).lower(), package["version"]))
        if wheel is None:
            continue
        shutil.copy2(WHEELS / wheel, target / wheel)
        packages[key] = {**package, "file_name": wheel, "sha256": LOCK_WHEELS[wheel], "unvendored_tests": False}
    shipped = {re.sub(r"[-_.]+", "-", key).lower() for key in packages}
    for key, package in packages.items():
        absent = [dep for dep in package["depends"] if re.sub(r"[-_.]+", "-", dep).lower() not in shipped]
        if absent:
            raise SystemExit(f"pyodide-lock.json: {key} needs {absent}, which the site does not ship")
    if len(packages) != len(LOCK_WHEELS):
        raise SystemExit("pyodide-lock.json does not name every wheel of LOCK_WHEELS at its version")
    lock["packages"] = packages
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")


JUPYTER_LITE = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "Python Packages (browser edition)",
        "exposeAppInBrowser": "true",
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": True}},
    },
}


def build(out: Path, offline: bool = False) -> Path:
    fetch(offline=offline)
    src = BUILD / "lite-src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    write_files(src / "files")
    write_pyodide(src / "static")
    (src / "pypi").mkdir()
    for wheel in PIPLITE_WHEELS:
        shutil.copy2(WHEELS / wheel, src / "pypi" / wheel)
    (src / "jupyter-lite.json").write_text(json.dumps(JUPYTER_LITE, indent=2) + "\n")
    shutil.rmtree(out, ignore_errors=True)
    jupyter = Path(sys.executable).parent / "jupyter"
    command = [str(jupyter), "lite", "build", "--lite-dir", str(src), "--contents", str(src / "files")]
    command += ["--output-dir", str(out.resolve()), "--no-sourcemaps", "--no-libarchive"]
    done = subprocess.run(command, cwd=src, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`jupyter lite build` failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return out


def site_size(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=BUILD / "lite")
    parser.add_argument("--offline", action="store_true", help="fail at once if a download is missing")
    parser.add_argument("--fetch-only", action="store_true", help="only download what is missing")
    args = parser.parse_args(argv)
    if args.fetch_only:
        fetch()
        return 0
    out = build(args.out, offline=args.offline)
    print(f"browser edition: {out} ({site_size(out) / 1e6:.1f} MB), {len(EDITION)} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
