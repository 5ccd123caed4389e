"""Exercise checks and the wheel-name explainer for notebook 8, *Building a package*.

The learner writes the files of each exercise with ``%%writefile`` into the notebook's
working folder (``workspace/08_building_a_package/``). A check reads those files and, like
a terminal would, runs ``python -m build`` or ``python -c`` in a fresh process: the verdict
comes from the build backend and from Python, not from a pattern match. A file that still
holds only the placeholder comment is "not answered yet".

>>> print(explain_wheel_name("simple_package-1.0.0-py3-none-any.whl"))
simple_package-1.0.0-py3-none-any.whl: a valid wheel name, 5 parts
  distribution  simple_package  the project simple-package (in a file name '-' and '.' become '_')
  version       1.0.0
  python tag    py3             any Python 3
  abi tag       none            no compiled code, so no binary interface is needed
  platform tag  any             any operating system and processor
>>> print(explain_wheel_name("simple-package-1.0.0-py3-none-any.whl"))  # doctest: +NORMALIZE_WHITESPACE
⚠️ 'simple-package-1.0.0-py3-none-any.whl' is not a valid wheel name: its version part is 'package',
which is not a version. Is there a '-' in the project name? Write it as '_' in a file name: 'simple_package-…'.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, exercise, read_answer
from coursekit.ui import never_raises

__all__ = [
    "NOTEBOOK",
    "BUILD_TIME_LIMIT",
    "RUN_TIME_LIMIT",
    "explain_wheel_name",
    "wheel_name_parts",
    "check_first_project",
    "check_fixed_project",
    "check_new_release",
]

#: The notebook whose working folder holds the exercises' files.
NOTEBOOK = "08_building_a_package"
#: Seconds a build may take before a check calls it stuck (flit imports a module whose
#: version it cannot read statically, so a loop in ``__init__.py`` can hang a build).
BUILD_TIME_LIMIT = 60.0
#: Seconds a fresh Python that imports the learner's wheel may run.
RUN_TIME_LIMIT = 10.0

BAR = "Hello, function 'bar' from module 'a' calling"

# ----------------------------------------------------------------- the wheel-name explainer

_PART_NAMES = ("distribution", "version", "build tag", "python tag", "abi tag", "platform tag")
_IMPLEMENTATIONS = {"py": "any Python", "cp": "CPython", "pp": "PyPy", "ip": "IronPython", "jy": "Jython"}


def wheel_name_parts(filename: object) -> dict[str, str]:
    """The parts of a wheel file name, as named by the wheel specification.

    ``{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl``:
    five parts, or six with the optional build tag. ``packaging.utils.parse_wheel_filename``
    (what pip uses) decides whether the name is valid; a :class:`coursekit.CourseError`
    says why not.

    >>> wheel_name_parts("simple_package-1.0.0-1-py3-none-any.whl")["build tag"]
    '1'
    >>> wheel_name_parts("simple_package-1.0.0.tar.gz")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    coursekit.CourseError: 'simple_package-1.0.0.tar.gz' is not a wheel name: a wheel's file name ends in '.whl'
    (a '.tar.gz' is an sdist).
    """
    if not isinstance(filename, str) or not filename.strip():
        raise CourseError(f"Type a wheel file name such as 'simple_package-1.0.0-py3-none-any.whl', not {filename!r}.")
    name = filename.strip()
    if len(name) > 300:
        raise CourseError(f"That is {len(name)} characters long: a wheel file name is much shorter.")
    if "/" in name or "\\" in name:
        raise CourseError(f"{name!r} is a path: type only the file name, the part after the last '/'.")
    if not name.endswith(".whl"):
        extra = " (a '.tar.gz' is an sdist)" if name.endswith(".tar.gz") else ""
        raise CourseError(f"{name!r} is not a wheel name: a wheel's file name ends in '.whl'{extra}.")
    parts = name[: -len(".whl")].split("-")
    try:
        parse_wheel_filename(name)
    except InvalidWheelFilename as exc:
        raise CourseError(f"{name!r} is not a valid wheel name: {_why_invalid(parts, str(exc))}") from None
    if len(parts) == 5:
        parts.insert(2, "")
    return {key: value for key, value in zip(_PART_NAMES, parts, strict=True) if value}


def _why_invalid(parts: list[str], message: str) -> str:
    """Say in words what ``packaging`` found wrong with a wheel name split into ``parts``."""
    if len(parts) not in (5, 6):
        return (
            f"it has {len(parts)} part{'s' if len(parts) != 1 else ''} separated by '-', but a wheel name has 5 "
            "(name-version-python-abi-platform) or 6 with a build tag after the version."
        )
    if "invalid version" in message:
        text = f"its version part is {parts[1]!r}, which is not a version."
        if len(parts) == 6 and re.match(r"^\d", parts[2]):
            text += " Is there a '-' in the project name? Write it as '_' in a file name: "
            text += f"'{parts[0]}_{parts[1]}-…'."
        return text
    if "build number" in message.lower():
        return f"its build tag {parts[2]!r} must start with a digit (like '1' or '2b')."
    if "invalid project name" in message:
        return f"{parts[0]!r} is not a valid project name (letters, digits, '_' and '.', no spaces)."
    return message.split(":")[0] + "."


def _python_tag(tag: str) -> str:
    words = []
    for one in tag.split("."):
        match = re.fullmatch(r"([a-z]{2})(\d)(\d*)", one)
        if not match:
            words.append(f"{one}: an unusual tag")
            continue
        impl, major, minor = match.groups()
        who = _IMPLEMENTATIONS.get(impl, f"the Python implementation '{impl}'")
        if impl == "py" and not minor:
            words.append(f"any Python {major}")
        elif impl == "py":
            words.append(f"Python {major}.{minor} or newer")
        else:
            words.append(f"{who} {major}.{minor}" if minor else f"{who} {major}")
    return ", or ".join(words)


def _abi_tag(tag: str) -> str:
    if tag == "none":
        return "no compiled code, so no binary interface is needed"
    if tag == "abi3":
        return "compiled against CPython's stable ABI: one file for many 3.x versions"
    match = re.fullmatch(r"cp(\d)(\d+)(t?)", tag)
    if match:
        threads = ", free-threaded build" if match.group(3) else ""
        return f"compiled for CPython {match.group(1)}.{match.group(2)}'s binary interface{threads}"
    return "compiled code for this binary interface"


def _platform_tag(tag: str) -> str:
    if tag == "any":
        return "any operating system and processor"
    match = re.fullmatch(r"(many|musl)linux_(\d+)_(\d+)_(\w+)", tag)
    if match:
        libc = "glibc" if match.group(1) == "many" else "musl"
        return f"Linux with {libc} {match.group(2)}.{match.group(3)} or newer, on {match.group(4)}"
    match = re.fullmatch(r"macosx_(\d+)_(\d+)_(\w+)", tag)
    if match:
        return f"macOS {match.group(1)}.{match.group(2)} or newer, on {match.group(3)}"
    windows = {"win32": "32-bit Windows", "win_amd64": "64-bit Windows (x86-64)", "win_arm64": "Windows on ARM"}
    if tag in windows:
        return windows[tag]
    if tag.startswith("linux_"):
        return "this Linux machine only (PyPI refuses it: use a manylinux tag)"
    return "a specific platform"


@never_raises
def explain_wheel_name(filename: object) -> str:
    """What each part of a wheel's file name means, or why the name is not valid (the widget's text)."""
    parts = wheel_name_parts(filename)
    name = filename.strip()  # type: ignore[union-attr]
    project = re.sub(r"[-_.]+", "-", parts["distribution"]).lower()
    meaning = {
        "distribution": f"the project {project} (in a file name '-' and '.' become '_')",
        "version": "",
        "build tag": "optional: tells two builds of one version apart; the bigger number wins",
        "python tag": _python_tag(parts["python tag"]),
        "abi tag": _abi_tag(parts["abi tag"]),
        "platform tag": _platform_tag(parts["platform tag"]),
    }
    width = max(len(value) for value in parts.values())
    lines = [f"{name}: a valid wheel name, {len(parts)} parts" + (" (with a build tag)" if len(parts) == 6 else "")]
    for key, value in parts.items():
        lines.append(f"  {key:<13} {value:<{width}}  {meaning[key]}".rstrip())
    return "\n".join(lines)


# ----------------------------------------------------------------- shared helpers


def _folder(folder: object, what: str) -> Path:
    """The exercise folder ``folder`` inside the notebook's working folder; it must exist."""
    if not isinstance(folder, str):
        raise Wrong(f"give the exercise's folder name as text, like {what!r}, not {folder!r}.")
    try:
        workspace.check_folder_name(folder)
    except CourseError:
        raise Wrong(f"{folder!r} is not a folder name: give the exercise's folder, like {what!r}.") from None
    path = workspace.folder(NOTEBOOK) / folder
    if not path.is_dir():
        raise Wrong(
            f"there is no folder {folder}/ in the working folder: run the exercise's first cell, which makes it.",
            hint="run the notebook's set-up cell and the exercise's cells in order, from the top.",
        )
    return path


def _toml(text: str, shown: str) -> dict:
    """Parse a pyproject.toml; a syntax error names its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"at line (\d+)", message)
        where = ""
        if match:
            number = int(match.group(1))
            lines = text.splitlines()
            if 0 < number <= len(lines):
                where = f" Line {number} reads: {lines[number - 1].strip()[:80]}"
        raise Wrong(
            f"{shown} is not valid TOML: {message}.{where}",
            hint='text values need double quotes (version = "1.0.0"), a table starts with a header like [project].',
        ) from None


def _build_system(data: dict, shown: str) -> None:
    build = data.get("build-system")
    if not isinstance(build, dict):
        raise Wrong(
            f"{shown} has no [build-system] table, so `python -m build` would not know which backend to call.",
            hint='[build-system] needs requires = ["flit_core >=3.12,<5"] and build-backend = "flit_core.buildapi".',
        )
    if build.get("build-backend") != "flit_core.buildapi":
        raise Wrong(
            f"build-backend is {build.get('build-backend')!r}; use 'flit_core.buildapi': flit_core is the backend "
            "installed for this offline course (with --no-isolation the backend must already be installed)."
        )
    requires = build.get("requires")
    if not isinstance(requires, list) or not any(
        isinstance(r, str) and re.match(r"flit[-_]core\b", r.strip(), re.I) for r in requires
    ):
        raise Wrong(
            f'requires is {requires!r}; it must be a list naming the backend\'s package: ["flit_core >=3.12,<5"].'
        )


def _backend_complaint(output: str) -> str:
    """The most useful line of a failed build's output (the backend's error, or build's own)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [m.group(1) for line in lines if (m := re.match(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*: (.+)$", line))]
    if errors:
        return errors[-1]
    own = [line[len("ERROR ") :] for line in lines if line.startswith("ERROR ")]
    return (own or lines or ["the build printed nothing"])[-1]


def _build_wheel(project: Path, out: Path) -> Path:
    """Run ``python -m build --no-isolation --wheel`` on ``project`` in a fresh process; return the wheel."""
    out = workspace.fresh_folder(out.parent, out.name)
    command = [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(out), str(project)]
    try:
        run = subprocess.run(
            command, cwd=project.parent, capture_output=True, text=True, timeout=BUILD_TIME_LIMIT, check=False
        )
    except subprocess.TimeoutExpired:
        raise Wrong(
            f"the build ran for more than {BUILD_TIME_LIMIT:g} s: is there an endless loop in the package's code?"
        ) from None
    wheels = sorted(out.glob("*.whl"))
    if run.returncode != 0 or len(wheels) != 1:
        raise Wrong(
            f"`python -m build` failed. The backend says: {_backend_complaint(run.stdout + run.stderr)}",
            hint="read the backend's sentence: it names the field or the file it could not find.",
        )
    return wheels[0]


def _metadata(wheel: Path) -> tuple[dict[str, str], set[str]]:
    """The METADATA fields of ``wheel`` and the names of its files."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta = [n for n in names if n.endswith(".dist-info/METADATA") and n.count("/") == 1]
        text = archive.read(meta[0]).decode("utf-8") if meta else ""
    fields = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        key, sep, value = line.partition(": ")
        if sep and key not in fields:
            fields[key] = value
    return fields, names


def _normal(name: object) -> str:
    return re.sub(r"[-_.]+", "-", str(name)).lower()


def _run_from_wheel(wheel: Path, code: str) -> subprocess.CompletedProcess:
    """Run ``python -c code`` in a fresh process with only ``wheel`` added to ``sys.path``."""
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    try:
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=wheel.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIME_LIMIT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Wrong(
            f"importing your package ran for more than {RUN_TIME_LIMIT:g} s: is there an endless loop in __init__.py?"
        ) from None


def _last_line(text: str) -> str:
    return (text.strip().splitlines() or ["(no message)"])[-1]


# ----------------------------------------------------------------- exercise 1


@exercise(
    "Describe a project and build it",
    hint="copy the shape of the lesson's pyproject.toml: [build-system] as it is, and in [project] "
    'name = "areas", version = "0.1.0", a description and requires-python.',
)
def check_first_project(folder="ex1"):
    """``ex1/pyproject.toml`` describes the flat project ``ex1/`` (the package ``areas``):
    name ``areas``, version ``0.1.0``, a description, ``requires-python``, built with
    flit_core. The check builds the wheel in a fresh process, looks inside and imports it."""
    project = _folder(folder, "ex1")
    shown = f"{folder}/pyproject.toml"
    data = _toml(read_answer(project / "pyproject.toml", shown), shown)
    _build_system(data, shown)
    if not isinstance(data.get("project"), dict):
        raise Wrong(f"{shown} has no [project] table: that is where the name and the version go.")
    if not (project / "areas" / "__init__.py").is_file():
        raise Wrong(f"{folder}/areas/__init__.py is missing: run the two cells that make the package again.")
    wheel = _build_wheel(project, project.parent / f"{folder}_check")
    fields, names = _metadata(wheel)
    if _normal(fields.get("Name")) != "areas":
        raise Wrong(f"the project is called {fields.get('Name')!r}; the task asks for 'areas'.")
    if fields.get("Version") != "0.1.0":
        raise Wrong(f"the version is {fields.get('Version')!r}; the task asks for 0.1.0.")
    if not fields.get("Requires-Python"):
        raise Wrong('the wheel says nothing about Python versions: add requires-python = ">=3.9" to [project].')
    if "areas/__init__.py" not in names:
        raise Wrong("the wheel was built but lacks areas/__init__.py.")
    run = _run_from_wheel(wheel, "import areas; print(areas.square(3))")
    if run.returncode != 0 or run.stdout != "9\n":
        raise Wrong(f"importing areas from the wheel failed: {_last_line(run.stderr or run.stdout)}")
    return f"`python -m build` made {wheel.name}, and areas imports from it."


# ----------------------------------------------------------------- exercise 2


@exercise(
    "Fix a pyproject.toml that does not build",
    hint="fix one problem at a time: first the TOML syntax (text needs quotes), then what the backend asks for.",
)
def check_fixed_project(folder="ex2"):
    """``ex2/pyproject.toml``, repaired: the project ``simple-package`` 2.0.0 builds with flit_core."""
    project = _folder(folder, "ex2")
    shown = f"{folder}/pyproject.toml"
    data = _toml(read_answer(project / "pyproject.toml", shown), shown)
    _build_system(data, shown)
    table = data.get("project")
    if not isinstance(table, dict):
        raise Wrong(f"{shown} has no [project] table any more: keep it, and fix what is inside.")
    if _normal(table.get("name")) != "simple-package":
        raise Wrong(f"the name is {table.get('name')!r}; keep 'simple-package' (fix the file, not the project).")
    wheel = _build_wheel(project, project.parent / f"{folder}_check")
    fields, names = _metadata(wheel)
    if fields.get("Version") != "2.0.0":
        raise Wrong(f'it builds, but the version is {fields.get("Version")!r}; keep 2.0.0, as a string: "2.0.0".')
    if "simple_package/a.py" not in names:
        raise Wrong("the wheel was built without simple_package/a.py.")
    return f"It builds: {wheel.name}."


# ----------------------------------------------------------------- exercise 3

RELEASE = "1.1.0"


@exercise(
    "Release version 1.1.0",
    hint=f'in __init__.py keep the docstring and `from . import a, b`, set __version__ = "{RELEASE}", '
    "then run `!python -m build --no-isolation ex3`.",
)
def check_new_release(folder="ex3"):
    """``ex3/`` (a project whose version is ``dynamic``: flit reads ``__version__``) was
    bumped to 1.1.0 in ``src/simple_package/__init__.py`` and built into ``ex3/dist/``."""
    project = _folder(folder, "ex3")
    shown = f"{folder}/src/simple_package/__init__.py"
    source = read_answer(project / "src" / "simple_package" / "__init__.py", shown)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise Wrong(f"line {exc.lineno} of {shown} is not valid Python: {exc.msg}.") from None
    version = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            version = node.value.value if isinstance(node.value, ast.Constant) else "(not a plain string)"
    if version is None:
        raise Wrong(f'{shown} has no __version__ = "...": flit reads the version from it (dynamic = ["version"]).')
    if version == "1.0.1":
        raise Wrong(
            "__version__ is still 1.0.1: PyPI already has files with that name, and it never takes a file name twice."
        )
    if version != RELEASE:
        raise Wrong(f"__version__ is {version!r}; the task asks for {RELEASE!r}.")
    if not ast.get_docstring(tree):
        raise Wrong(f"{shown} lost its docstring: flit uses it as the description (dynamic), so the build fails.")
    dist = project / "dist"
    wheel = dist / f"simple_package-{RELEASE}-py3-none-any.whl"
    sdist = dist / f"simple_package-{RELEASE}.tar.gz"
    if not wheel.is_file() or not sdist.is_file():
        found = sorted(p.name for p in dist.iterdir()) if dist.is_dir() else []
        raise Wrong(
            f"{folder}/dist/ holds {', '.join(found) or 'nothing'}: no {RELEASE} sdist and wheel yet. "
            f"Run the build: !python -m build --no-isolation {folder}"
        )
    with zipfile.ZipFile(wheel) as archive:
        built = archive.read("simple_package/__init__.py").decode("utf-8", errors="replace")
    if built != source:
        raise Wrong(f"the wheel holds an older __init__.py than {shown}: run the build command again.")
    code = (
        "import importlib.metadata, simple_package\n"
        "simple_package.a.bar()\n"
        "print(simple_package.__version__, importlib.metadata.version('simple-package'))"
    )
    run = _run_from_wheel(wheel, code)
    if run.returncode != 0:
        raise Wrong(f"importing simple_package from the new wheel failed with {_last_line(run.stderr)}")
    expected = f"{BAR}\n{RELEASE} {RELEASE}\n"
    if run.stdout != expected:
        raise Wrong(f"a fresh Python importing the new wheel printed {run.stdout!r}; expected {expected!r}.")
    return f"{wheel.name} and {sdist.name} are new file names, so an index would take them."
