"""Notebook 8, *Building a package*: the wheel-name explainer, and checks that run ``python -m build`` on
the learner's files, then import the wheel in a fresh Python: the backend and Python give the verdict."""

from __future__ import annotations

import ast
import email
import re
import tomllib
import zipfile
from pathlib import Path

from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, first_mistake, output_of, read_answer, run_python
from coursekit.ui import never_raises

NOTEBOOK = "08_building_a_package"
#: Seconds a build may take (flit may import the module for its version), and a Python importing the wheel.
BUILD_TIME_LIMIT, RUN_TIME_LIMIT = 60.0, 10.0
RELEASE = "1.1.0"
BAR = "Hello, function 'bar' from module 'a' calling"
_PARTS = ("distribution", "version", "build tag", "python tag", "abi tag", "platform tag")
#: What a tag means: the text of the first (part, pattern) that matches it, filled with the pattern's groups.
_TAGS = [
    ("python tag", r"py(\d)", "any Python {}"),
    ("python tag", r"cp(\d)(\d+)", "CPython {}.{}"),
    ("abi tag", "none", "no compiled code, so no binary interface is needed"),
    ("abi tag", "abi3", "compiled against CPython's stable ABI: one file for many 3.x versions"),
    ("abi tag", r"cp(\d)(\d+)", "compiled for CPython {}.{}'s binary interface"),
    ("abi tag", r"cp(\d)(\d+)t", "compiled for CPython {}.{}'s binary interface, free-threaded build"),
    ("platform tag", "any", "any operating system and processor"),
    ("platform tag", r"manylinux_(\d+)_(\d+)_(\w+)", "Linux with glibc {}.{} or newer, on {}"),
    ("platform tag", r"macosx_(\d+)_(\d+)_(\w+)", "macOS {}.{} or newer, on {}"),
    ("platform tag", "win_amd64", "64-bit Windows (x86-64)"),
    ("platform tag", r"linux_.*", "this Linux machine only (PyPI refuses it: use a manylinux tag)"),
]


def _meaning(part: str, tags: str) -> str:
    """What a tag says (``tags`` may be several joined by '.', like py2.py3)."""
    rules = [(r, text) for p, r, text in _TAGS if p == part] + [(".*", "a tag this explainer does not know")]
    said = (next(t.format(*m.groups()) for r, t in rules if (m := re.fullmatch(r, tag))) for tag in tags.split("."))
    return ", or ".join(said)


@never_raises
def explain_wheel_name(filename: object) -> str:
    """What each part of a wheel's file name means, or why the name is not valid (the widget's text)."""
    name = filename.strip() if isinstance(filename, str) else ""
    sdist = " (a '.tar.gz' is an sdist)" * name.endswith(".tar.gz")
    first_mistake(
        (not name, f"Type a wheel file name such as 'simple_package-1.0.0-py3-none-any.whl', not {filename!r}."),
        ("/" in name or "\\" in name, f"{name!r} is a path: type only the file name, the part after the last '/'."),
        (not name.endswith(".whl"), f"{name!r} is not a wheel name: a wheel's file name ends in '.whl'{sdist}."),
        error=CourseError,
    )
    parts = name[:-4].split("-")
    try:
        parse_wheel_filename(name)  # what pip uses decides
    except InvalidWheelFilename as exc:
        if len(parts) not in (5, 6):
            why = f"it has {len(parts)} parts separated by '-', not 5 (name-version-python-abi-platform) or 6."
        elif "invalid version" in str(exc):
            why = f"its version part is {parts[1]!r}, which is not a version."
            why += " Is there a '-' in the project name? Write it as '_' in a file name." * parts[2][:1].isdigit()
        else:
            why = str(exc).split(":")[0] + "."
        raise CourseError(f"{name!r} is not a valid wheel name: {why}") from None
    if len(parts) == 5:
        parts.insert(2, "")
    named = {part: value for part, value in zip(_PARTS, parts, strict=True) if value}
    meaning = {part: _meaning(part, named[part]) for part in _PARTS[3:]}
    meaning["distribution"] = f"the project {canonicalize_name(parts[0])} (in a file name '-' and '.' become '_')"
    meaning["build tag"] = "optional: tells two builds of one version apart; the bigger number wins"
    width = max(map(len, named.values()))
    lines = [f"{name}: a valid wheel name, {len(named)} parts" + " (with a build tag)" * (len(named) == 6)]
    lines += [f"  {part:<13} {value:<{width}}  {meaning.get(part, '')}".rstrip() for part, value in named.items()]
    return "\n".join(lines)


def project_folder(notebook: str, folder: object, example: str) -> Path:
    """The exercise's folder ``folder`` in ``notebook``'s working folder; Wrong unless it exists."""
    try:
        path = workspace.folder(notebook) / workspace.check_folder_name(folder)
    except CourseError:
        raise Wrong(f"{folder!r} is not a folder name: give the exercise's folder as text, like {example!r}.") from None
    if not path.is_dir():
        raise Wrong(f"there is no folder {folder}/ in the working folder: run the notebook's cells above, in order.")
    return path


def read_pyproject(path: Path, shown: str) -> dict:
    """The learner's pyproject.toml (see read_answer); Wrong quoting the line of a TOML error, or with no [project]."""
    text = read_answer(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        number = int((re.search(r"at line (\d+)", str(exc)) or [0, 0])[1])
        line = "".join(text.splitlines()[number - 1 : number]).strip()[:80]
        where = f" Line {number} reads: {line}" if number else ""
        raise Wrong(f"{shown} is not valid TOML: {exc}.{where}", hint='text needs double quotes: "1.0.0".') from None
    if not isinstance(data.get("project"), dict):
        raise Wrong(f"{shown} has no [project] table: the name, the version and the dependencies go there.")
    return data


def _build_wheel(project: Path, folder: str, data: dict) -> tuple[Path, email.message.Message]:
    """``python -m build --no-isolation --wheel`` of ``project`` in a fresh process: the wheel and its METADATA."""
    build = data.get("build-system")
    backend = build.get("build-backend") if isinstance(build, dict) else None
    first_mistake(
        (not isinstance(build, dict), f"{folder}/pyproject.toml has no [build-system] table: the build needs one."),
        (backend != "flit_core.buildapi", f"build-backend is {backend!r}; use 'flit_core.buildapi' (installed here)."),
    )
    out = workspace.fresh_folder(project.parent, f"{folder}_check")
    command = ["-m", "build", "--no-isolation", "--wheel", "--outdir", str(out), str(project)]
    run = run_python(command, project.parent, timeout=BUILD_TIME_LIMIT)
    wheels = sorted(out.glob("*.whl"))
    if run.returncode != 0 or len(wheels) != 1:
        log = run.stdout + run.stderr  # the backend's exception, else build's own ERROR line
        said = re.findall(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*: (.+)$", log, re.M) or re.findall(r"^ERROR (.+)", log, re.M)
        raise Wrong(f"`python -m build` failed. The backend says: {(said or ['nothing'])[-1]}")
    with zipfile.ZipFile(wheels[0]) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        return wheels[0], email.message_from_bytes(archive.read(info))


@exercise("Describe a project and build it", hint='copy the lesson\'s pyproject.toml; name = "areas", version "0.1.0".')
def check_first_project(folder="ex1"):
    """``ex1/pyproject.toml`` makes the flat project ``areas`` 0.1.0 (with requires-python) build and import."""
    project = project_folder(NOTEBOOK, folder, "ex1")
    wheel, meta = _build_wheel(project, folder, read_pyproject(project / "pyproject.toml", f"{folder}/pyproject.toml"))
    first_mistake(
        (canonicalize_name(meta["Name"]) != "areas", f"the project is {meta['Name']!r}; the task asks for 'areas'."),
        (meta["Version"] != "0.1.0", f"the version is {meta['Version']!r}; the task asks for 0.1.0."),
        (not meta["Requires-Python"], 'the wheel says nothing about Python versions: add requires-python = ">=3.9".'),
    )
    code = "import areas; print(areas.square(3))"
    printed = output_of(["-c", code], wheel.parent, "importing areas from the wheel", [wheel], RUN_TIME_LIMIT)
    if printed != "9\n":
        raise Wrong(f"areas.square(3) from the wheel printed {printed.strip()!r}; expected 9.")
    return f"`python -m build` made {wheel.name}, and areas imports from it."


@exercise("Fix a pyproject.toml that does not build", hint="first the TOML syntax, then what the backend asks for.")
def check_fixed_project(folder="ex2"):
    """``ex2/pyproject.toml``, repaired: the project ``simple-package`` 2.0.0 builds with flit_core."""
    project = project_folder(NOTEBOOK, folder, "ex2")
    wheel, meta = _build_wheel(project, folder, read_pyproject(project / "pyproject.toml", f"{folder}/pyproject.toml"))
    if meta["Version"] != "2.0.0":
        raise Wrong(f'it builds, but the version is {meta["Version"]!r}; keep 2.0.0, as a string: "2.0.0".')
    return f"It builds: {wheel.name}."


@exercise(f"Release version {RELEASE}", hint=f'__version__ = "{RELEASE}", then `!python -m build --no-isolation ex3`.')
def check_new_release(folder="ex3"):
    """``ex3/src/simple_package/__init__.py`` (flit reads its ``__version__``) says 1.1.0, built into ``ex3/dist/``."""
    project = project_folder(NOTEBOOK, folder, "ex3")
    shown = f"{folder}/src/simple_package/__init__.py"
    source = read_answer(project / "src/simple_package/__init__.py", shown)
    compile_answer(source, shown)
    tree = ast.parse(source)
    found = [n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "__version__"]
    version = found[-1].value if found and isinstance(found[-1], ast.Constant) else "(not a plain string)"
    wheel, sdist = (project / "dist" / f"simple_package-{RELEASE}{end}" for end in ("-py3-none-any.whl", ".tar.gz"))
    first_mistake(
        (not found, f'{shown} has no __version__ = "...": flit reads the version from it (dynamic = ["version"]).'),
        (version == "1.0.1", "__version__ is still 1.0.1: PyPI has files of that name (it takes a name once)."),
        (version != RELEASE, f"__version__ is {version!r}; the task asks for {RELEASE!r}."),
        (not ast.get_docstring(tree), f"{shown} lost its docstring: flit needs it (the description)."),
        (not (wheel.is_file() and sdist.is_file()), f"{folder}/dist/ has no {RELEASE} sdist and wheel yet: build it."),
    )
    code = "import simple_package as p\np.a.bar()\nprint(p.__version__)"
    printed = output_of(["-c", code], wheel.parent, "importing the new wheel", [wheel], RUN_TIME_LIMIT)
    if printed != f"{BAR}\n{RELEASE}\n":
        raise Wrong(f"a fresh Python importing the new wheel printed {printed!r}; expected {BAR!r} and {RELEASE}.")
    return f"{wheel.name} and {sdist.name} are new file names, so an index would take them."
