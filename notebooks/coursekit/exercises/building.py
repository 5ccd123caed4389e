"""Notebook 8, *Building a package*: the wheel-name explainer and the exercise checks.

The checks run ``python -m build`` on the learner's files in ``workspace/08_building_a_package/``,
then the wheel, in a fresh Python: the verdict comes from the build backend and from Python."""

from __future__ import annotations

import ast
import email
import re
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, output_of, read_answer, run_python
from coursekit.ui import never_raises

NOTEBOOK = "08_building_a_package"
#: Seconds a build may take (flit imports a module whose version it cannot read statically).
BUILD_TIME_LIMIT = 60.0
#: Seconds a fresh Python that imports the learner's wheel may run.
RUN_TIME_LIMIT = 10.0
RELEASE = "1.1.0"
BAR = "Hello, function 'bar' from module 'a' calling"
_FIVE = "(name-version-python-abi-platform) or 6 with a build tag after the version"
_PARTS = ("distribution", "version", "build tag", "python tag", "abi tag", "platform tag")
#: What a tag means: the text of the first pattern that matches it, filled with the pattern's groups.
_TAGS = {
    "python tag": [
        (r"py(\d)", "any Python {}"),
        (r"py(\d)(\d+)", "Python {}.{} or newer"),
        (r"cp(\d)(\d*)", "CPython {}.{}"),
        (r"pp(\d)(\d*)", "PyPy {}.{}"),
        ("(.*)", "{}: an unusual tag"),
    ],
    "abi tag": [
        ("none", "no compiled code, so no binary interface is needed"),
        ("abi3", "compiled against CPython's stable ABI: one file for many 3.x versions"),
        (r"cp(\d)(\d+)", "compiled for CPython {}.{}'s binary interface"),
        (r"cp(\d)(\d+)t", "compiled for CPython {}.{}'s binary interface, free-threaded build"),
        (".*", "compiled code for this binary interface"),
    ],
    "platform tag": [
        ("any", "any operating system and processor"),
        (r"manylinux_(\d+)_(\d+)_(\w+)", "Linux with glibc {}.{} or newer, on {}"),
        (r"musllinux_(\d+)_(\d+)_(\w+)", "Linux with musl {}.{} or newer, on {}"),
        (r"macosx_(\d+)_(\d+)_(\w+)", "macOS {}.{} or newer, on {}"),
        ("win32", "32-bit Windows"),
        ("win_amd64", "64-bit Windows (x86-64)"),
        ("win_arm64", "Windows on ARM"),
        ("linux_.*", "this Linux machine only (PyPI refuses it: use a manylinux tag)"),
        (".*", "a specific platform"),
    ],
}


def first_mistake(*rows: tuple[object, str], error: Callable[[str], Exception] = Wrong) -> None:
    """Raise ``error`` with the message of the first ``(mistake, message)`` row whose mistake is true."""
    for mistake, message in rows:
        if mistake:
            raise error(message)


def wheel_name_parts(filename: object) -> dict[str, str]:
    """The parts of a wheel file name, as the wheel specification names them; CourseError says what is wrong."""
    name = filename.strip() if isinstance(filename, str) else ""
    sdist = " (a '.tar.gz' is an sdist)" * name.endswith(".tar.gz")
    first_mistake(
        (not name, f"Type a wheel file name such as 'simple_package-1.0.0-py3-none-any.whl', not {filename!r}."),
        (len(name) > 300, f"That is {len(name)} characters long: a wheel file name is much shorter."),
        ("/" in name or "\\" in name, f"{name!r} is a path: type only the file name, the part after the last '/'."),
        (not name.endswith(".whl"), f"{name!r} is not a wheel name: a wheel's file name ends in '.whl'{sdist}."),
        error=CourseError,
    )
    parts = name[:-4].split("-")
    try:
        parse_wheel_filename(name)  # what pip uses decides
    except InvalidWheelFilename as exc:
        n, p, why = len(parts), parts + [""] * 6, str(exc)
        dash = f" Is there a '-' in the project name? Write it as '_' in a file name: '{p[0]}_{p[1]}-…'."
        first_mistake(
            (n not in (5, 6), f"it has {n} part{'s' * (n > 1)} separated by '-', but a wheel name has 5 {_FIVE}."),
            (
                "invalid version" in why,
                f"its version part is {p[1]!r}, which is not a version." + dash * p[2][:1].isdigit(),
            ),
            ("build number" in why.lower(), f"its build tag {p[2]!r} must start with a digit (like '1' or '2b')."),
            ("invalid project name" in why, f"{p[0]!r} is not a valid project name (letters, digits, '_' and '.')."),
            (True, why.split(":")[0] + "."),
            error=lambda message: CourseError(f"{name!r} is not a valid wheel name: {message}"),
        )
    if len(parts) == 5:
        parts.insert(2, "")
    return {key: value for key, value in zip(_PARTS, parts, strict=True) if value}


def _meaning(rules: list[tuple[str, str]], tags: str) -> str:
    """What a tag says (``tags`` may be several joined by '.', like py2.py3)."""
    said = [next(t.format(*m.groups()) for r, t in rules if (m := re.fullmatch(r, tag))) for tag in tags.split(".")]
    return ", or ".join(text.rstrip(".") for text in said)


@never_raises
def explain_wheel_name(filename: object) -> str:
    """What each part of a wheel's file name means, or why the name is not valid (the widget's text)."""
    parts = wheel_name_parts(filename)
    meaning = {part: _meaning(rules, parts[part]) for part, rules in _TAGS.items()}
    project = canonicalize_name(parts["distribution"])
    meaning["distribution"] = f"the project {project} (in a file name '-' and '.' become '_')"
    meaning["build tag"] = "optional: tells two builds of one version apart; the bigger number wins"
    width = max(map(len, parts.values()))
    build = " (with a build tag)" * (len(parts) == 6)
    lines = [f"{'-'.join(parts.values())}.whl: a valid wheel name, {len(parts)} parts{build}"]
    lines += [f"  {key:<13} {value:<{width}}  {meaning.get(key, '')}".rstrip() for key, value in parts.items()]
    return "\n".join(lines)


def project_folder(notebook: str, folder: object, example: str) -> Path:
    """The exercise's folder ``folder`` in ``notebook``'s working folder; Wrong unless it exists."""
    try:
        path = workspace.folder(notebook) / workspace.check_folder_name(folder)
    except CourseError:
        raise Wrong(f"{folder!r} is not a folder name: give the exercise's folder as text, like {example!r}.") from None
    if not path.is_dir():
        raise Wrong(
            f"there is no folder {folder}/ in the working folder: run the cells above the exercise first.",
            hint="run the notebook's cells in order, from the top (Run > Run All Above Selected Cell).",
        )
    return path


def read_pyproject(path: Path, shown: str) -> dict:
    """The learner's pyproject.toml (see read_answer); Wrong quoting the line of a TOML error, or with no [project]."""
    text = read_answer(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        number = int((re.search(r"at line (\d+)", str(exc)) or [0, 0])[1])
        line = (text.splitlines()[number - 1 : number] or [""])[0].strip()[:80]
        where = f" Line {number} reads: {line}" if number else ""
        hint = 'text needs double quotes (version = "1.0.0"), a list is written ["a", "b"], a table starts with [name].'
        raise Wrong(f"{shown} is not valid TOML: {exc}.{where}", hint=hint) from None
    if not isinstance(data.get("project"), dict):
        raise Wrong(f"{shown} has no [project] table: the name, the version and the dependencies go there.")
    return data


def _build_wheel(project: Path, folder: str, data: dict) -> tuple[Path, email.message.Message]:
    """``python -m build --no-isolation --wheel`` of ``project`` in a fresh process: the wheel and its METADATA."""
    build = data.get("build-system") if isinstance(data.get("build-system"), dict) else {}
    requires = build.get("requires")
    flit = isinstance(requires, list) and any(re.match(r"flit[-_]core\b", str(r).strip(), re.I) for r in requires)
    backend = build.get("build-backend")
    first_mistake(
        (not build, f"{folder}/pyproject.toml has no [build-system] table: `python -m build` needs one."),
        (backend != "flit_core.buildapi", f"build-backend is {backend!r}; use 'flit_core.buildapi' (installed here)."),
        (not flit, f'requires is {requires!r}; it must be a list naming the backend: ["flit_core >=3.12,<5"].'),
    )
    out = workspace.fresh_folder(project.parent, f"{folder}_check")
    command = ["-m", "build", "--no-isolation", "--wheel", "--outdir", str(out), str(project)]
    run = run_python(command, project.parent, timeout=BUILD_TIME_LIMIT)
    wheels = sorted(out.glob("*.whl"))
    if run.returncode != 0 or len(wheels) != 1:
        lines = [line.strip() for line in (run.stdout + run.stderr).splitlines() if line.strip()] or ["(nothing)"]
        errors = [m[1] for line in lines if (m := re.match(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*: (.+)$", line))]
        errors = errors or [line.removeprefix("ERROR ") for line in lines if line.startswith("ERROR ")] or lines
        hint = "read the backend's sentence: it names the field or the file it could not find."
        raise Wrong(f"`python -m build` failed. The backend says: {errors[-1]}", hint=hint)
    with zipfile.ZipFile(wheels[0]) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        return wheels[0], email.message_from_bytes(archive.read(info))


@exercise(
    "Describe a project and build it",
    hint="copy the shape of the lesson's pyproject.toml: [build-system] as it is, and in [project] "
    'name = "areas", version = "0.1.0", a description and requires-python.',
)
def check_first_project(folder="ex1"):
    """``ex1/pyproject.toml`` makes the flat project ``areas`` 0.1.0 (with requires-python) build and import."""
    project = project_folder(NOTEBOOK, folder, "ex1")
    data = read_pyproject(project / "pyproject.toml", f"{folder}/pyproject.toml")
    wheel, meta = _build_wheel(project, folder, data)
    first_mistake(
        (
            canonicalize_name(str(meta["Name"])) != "areas",
            f"the project is called {meta['Name']!r}; the task asks for 'areas'.",
        ),
        (meta["Version"] != "0.1.0", f"the version is {meta['Version']!r}; the task asks for 0.1.0."),
        (not meta["Requires-Python"], 'the wheel says nothing about Python versions: add requires-python = ">=3.9".'),
    )
    code = "import areas; print(areas.square(3))"
    printed = output_of(["-c", code], wheel.parent, "`import areas` from the wheel", [wheel], RUN_TIME_LIMIT)
    if printed != "9\n":
        raise Wrong(f"areas.square(3) from the wheel printed {printed.strip()!r}; expected 9.")
    return f"`python -m build` made {wheel.name}, and areas imports from it."


@exercise(
    "Fix a pyproject.toml that does not build",
    hint="fix one problem at a time: first the TOML syntax (text needs quotes), then what the backend asks for.",
)
def check_fixed_project(folder="ex2"):
    """``ex2/pyproject.toml``, repaired: the project ``simple-package`` 2.0.0 builds with flit_core."""
    project = project_folder(NOTEBOOK, folder, "ex2")
    data = read_pyproject(project / "pyproject.toml", f"{folder}/pyproject.toml")
    name = data["project"].get("name")
    if canonicalize_name(str(name)) != "simple-package":
        raise Wrong(f"the name is {name!r}; keep 'simple-package' (fix the file, not the project).")
    wheel, meta = _build_wheel(project, folder, data)
    if meta["Version"] != "2.0.0":
        raise Wrong(f'it builds, but the version is {meta["Version"]!r}; keep 2.0.0, as a string: "2.0.0".')
    return f"It builds: {wheel.name}."


@exercise(
    f"Release version {RELEASE}",
    hint=f'in __init__.py keep the docstring and `from . import a, b`, set __version__ = "{RELEASE}", '
    "then run `!python -m build --no-isolation ex3`.",
)
def check_new_release(folder="ex3"):
    """``ex3/src/simple_package/__init__.py`` (flit reads its ``__version__``) says 1.1.0, built into ``ex3/dist/``."""
    project = project_folder(NOTEBOOK, folder, "ex3")
    shown = f"{folder}/src/simple_package/__init__.py"
    source = read_answer(project / "src/simple_package/__init__.py", shown)
    compile_answer(source, shown)
    tree = ast.parse(source)
    found = [n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "__version__"]
    version = found[-1].value if found and isinstance(found[-1], ast.Constant) else "(not a plain string)"
    dist = project / "dist"
    wheel, sdist = dist / f"simple_package-{RELEASE}-py3-none-any.whl", dist / f"simple_package-{RELEASE}.tar.gz"
    built = ", ".join(sorted(p.name for p in dist.glob("*"))) or "nothing"
    first_mistake(
        (not found, f'{shown} has no __version__ = "...": flit reads the version from it (dynamic = ["version"]).'),
        (
            version == "1.0.1",
            "__version__ is still 1.0.1: PyPI already has files with that name (it takes a name once).",
        ),
        (version != RELEASE, f"__version__ is {version!r}; the task asks for {RELEASE!r}."),
        (not ast.get_docstring(tree), f"{shown} lost its docstring: flit needs it (the description)."),
        (not (wheel.is_file() and sdist.is_file()), f"{folder}/dist/ holds {built}: no {RELEASE} sdist and wheel yet."),
    )
    with zipfile.ZipFile(wheel) as archive:
        old = archive.read("simple_package/__init__.py").decode("utf-8", "replace") != source
    if old:
        raise Wrong(f"the wheel holds an older __init__.py than {shown}: run the build command again.")
    code = "import importlib.metadata as m, simple_package as p\np.a.bar()\nprint(p.__version__, m.version(p.__name__))"
    printed = output_of(["-c", code], dist, "importing simple_package from the new wheel", [wheel], RUN_TIME_LIMIT)
    if printed != f"{BAR}\n{RELEASE} {RELEASE}\n":
        raise Wrong(f"a fresh Python importing the new wheel printed {printed!r}; expected {BAR!r} and {RELEASE}.")
    return f"{wheel.name} and {sdist.name} are new file names, so an index would take them."
