"""Notebook 9, *Installing a package*: the console-script explainer, the offline backend wheel and the checks.

The checks run the venv ``env/`` of ``workspace/09_installing_a_package/`` (its Python, or a launcher
pip wrote) in a fresh process, as a terminal would: the verdict comes from what the venv really holds."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, last_line, read_answer
from coursekit.exercises.building import first_mistake, project_folder, read_pyproject
from coursekit.ui import never_raises

NOTEBOOK = "09_installing_a_package"
#: Seconds the venv's Python (or a launcher) may run inside a check.
RUN_TIME_LIMIT = 10.0
SCRIPTS = "env/Scripts" if os.name == "nt" else "env/bin"
FOO = "Hello, function 'foo' from module 'b' calling"
FOO_REF = "simple_package.b:foo"
BAZ = "Hello, function 'baz' from module 'c' calling"
NEW_MODULE = "src/simple_package/c.py"
_EXAMPLE = 'e.g. "simple_package.cli:main"'
_LAUNCHER = """#!<the venv's python>
import sys
from {module} import {first}
if __name__ == '__main__':
    sys.argv[0] = sys.argv[0].removesuffix('.exe')
    sys.exit({attr}())"""


def wheel_of_installed(name: str, folder: str | os.PathLike = "wheels") -> Path:
    """Pack the pure-Python distribution ``name`` of this Python into a wheel in ``folder`` (offline pip's backend)."""
    try:
        dist = metadata.distribution(name)
    except (metadata.PackageNotFoundError, ValueError):
        raise CourseError(f"No distribution called {name!r} is installed in the course's environment.") from None
    tags = [line[5:] for line in (dist.read_text("WHEEL") or "").splitlines() if line.startswith("Tag: ")]
    if not tags or not all(tag.endswith("-none-any") for tag in tags):
        raise CourseError(f"{name!r} is not a pure-Python distribution; only those can be packed again.")
    stem = f"{re.sub(r'[-_.]+', '_', dist.metadata['Name'])}-{dist.version}"
    out = workspace.safe_path(Path.cwd(), folder)
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{stem}-{'.'.join(t.split('-')[0] for t in tags)}-none-any.whl"
    skip = {f"{stem}.dist-info/{n}" for n in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")}
    files = [p for p in map(str, dist.files or []) if not ("__pycache__" in p or p.startswith("..") or p in skip)]
    record = []
    with zipfile.ZipFile(wheel, "w") as archive:
        for path in sorted(files):
            data = Path(dist.locate_file(path)).read_bytes()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(data)}")
            _add(archive, path, data)
        _add(archive, f"{stem}.dist-info/RECORD", "\n".join([*record, f"{stem}.dist-info/RECORD,,", ""]))
    return wheel


def _add(archive: zipfile.ZipFile, path: str, data: bytes | str) -> None:
    info = zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0))  # a fixed date: the same wheel on every run
    info.external_attr, info.compress_type = 0o644 << 16, zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _entry(line: object) -> tuple[str, str]:
    """The command name and the object reference of one ``[project.scripts]`` line, read as TOML."""
    text = line.strip() if isinstance(line, str) else ""
    if not text or text.startswith("["):
        raise CourseError('Type one line of [project.scripts] (not its header), like: simple-hello = "module:function"')
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        quotes = ' (the value needs double quotes: "module:function")' if '"' not in text else ""
        raise CourseError(f"That is not a TOML line, so pyproject.toml would not even load: {exc}{quotes}.") from None
    name, value = next(iter(data.items()), ("", None))
    if len(data) != 1 or not isinstance(value, str):
        raise CourseError(
            f'Type one entry, name = "module:function", its value as text in double quotes; not {text!r}.'
        )
    return name, value.strip()


@never_raises
def explain_script_entry(line: object) -> str:
    """The launcher pip writes for one ``[project.scripts]`` line, or why pip refuses it (the widget's text)."""
    name, ref = _entry(line)
    module, _, attr = (part.strip() for part in ref.partition(":"))
    dotted = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
    part, what = next(((p, w) for p, w in ((module, "module"), (attr, "function")) if not dotted.fullmatch(p)), "  ")
    dash = " ('-' belongs in the command and project names, never in an import name)" * ("-" in part)
    first_mistake(  # pip's rules (distlib's entry-point pattern; the launcher must stay in env/bin)
        (not re.fullmatch(r"[^\s\[]\S*", name), f"The command name {name!r} is not one plain word, like simple-hello."),
        (re.search(r"[/\\]|^\.\.?$", name), f"pip refuses the name {name!r}: its launcher would be outside env/bin/."),
        (ref.endswith("]"), f'{ref!r} ends with extras in brackets; pip ignores them: write "module:function".'),
        (
            ":" not in ref,
            f"pip refuses this entry when it installs: {ref!r} names a module but no function. "
            f'Write "module:function", {_EXAMPLE} (pip: "A callable suffix is required").',
        ),
        (ref.count(":") > 1, f"{ref!r} has more than one ':'; write \"module:function\", {_EXAMPLE}."),
        (what.strip(), f"The {what} part {part!r} is not a dotted Python name{dash}: pip refuses the entry."),
        error=CourseError,
    )
    launcher = _LAUNCHER.format(module=module, first=attr.split(".")[0], attr=attr)
    return (
        f"✔ pip writes the launcher env/bin/{name} (on Windows env\\Scripts\\{name}.exe):\n{launcher}\n\n"
        f"Typing {name} runs {module}.{attr}() with the venv's Python; what {attr}() returns becomes the exit "
        "status (None means 0, success)."
    )


def _venv(ws: Path, args: list[str], what: str, program: str = "python") -> str:
    """What ``env/bin/<program> *args`` prints in ``ws`` (no PYTHONPATH: only the venv counts); Wrong if it fails."""
    exe = ws / SCRIPTS / (program + ".exe" * (os.name == "nt"))
    if not exe.exists():
        where = exe.relative_to(ws).as_posix()
        raise Wrong(f"there is no {where}: run the lesson's `python -m venv` and install cells first.")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    try:
        done = subprocess.run([exe, *args], cwd=ws, env=env, capture_output=True, text=True, timeout=RUN_TIME_LIMIT)
    except subprocess.TimeoutExpired:
        raise Wrong(f"{what} ran for more than {RUN_TIME_LIMIT:g} s: is there an endless loop?") from None
    if done.returncode:
        raise Wrong(f"{what} failed: {last_line(done.stderr or done.stdout, ws)}")
    return done.stdout.strip()


_PROBE = """import importlib.metadata as m, json, sys
try:
    d = m.distribution(sys.argv[1])
    url = json.loads(d.read_text("direct_url.json") or "{}")
    print(json.dumps({"version": d.version, "editable": url.get("dir_info", {}).get("editable", False),
                      "scripts": [e.name for e in d.entry_points if e.group == "console_scripts"]}))
except m.PackageNotFoundError:
    print("{}")"""


def _installed(ws: Path, name: str) -> dict:
    """What pip recorded in the venv about ``name`` (version, editable, console scripts); {} if it is not there."""
    return json.loads(_venv(ws, ["-c", _PROBE, name], "the venv's Python, asked what is installed,"))


@exercise(
    "A second command",
    hint='add simple-foo = "simple_package.b:foo" below [project.scripts], run the cell, then the lesson\'s '
    "editable install command again (pip writes launchers only when it installs).",
)
def check_second_script():
    """``simple_package_project/pyproject.toml`` gains ``simple-foo = "simple_package.b:foo"``, installed and run."""
    project = project_folder(NOTEBOOK, "simple_package_project", "simple_package_project")
    shown = "simple_package_project/pyproject.toml"
    table = read_pyproject(project / "pyproject.toml", shown)["project"].get("scripts")
    scripts = table if isinstance(table, dict) else {}
    value = scripts.get("simple-foo")
    first_mistake(
        (scripts is not table, f"{shown} has no [project.scripts] table: keep the lesson's, add a line to it."),
        ("simple-hello" not in scripts, "the lesson's command simple-hello is gone from [project.scripts]: keep it."),
        (value is None, f"[project.scripts] has {sorted(scripts)}, but no simple-foo."),
        (str(value).replace(" ", "") != FOO_REF, f'simple-foo = {value!r}; the task asks for "{FOO_REF}".'),
    )
    if "simple-foo" not in _installed(project.parent, "simple-package").get("scripts", []):
        raise Wrong(
            "pyproject.toml is right, but the installed metadata does not know simple-foo yet: an editable "
            "install picks up code edits, not pyproject.toml edits. Run the install command again."
        )
    printed = _venv(project.parent, [], "simple-foo", program="simple-foo")
    if printed != FOO:
        raise Wrong(f"running simple-foo printed {printed!r}; expected {FOO!r}.")
    return "`simple-foo` runs from env/, a launcher that pip wrote."


@exercise(
    "A new module through the editable install",
    hint=f'write def baz(): print("{BAZ}") into c.py; nothing to reinstall.',
)
def check_new_module():
    """``simple_package/c.py``, a new file in the editable-installed project, defines ``baz()``: the venv imports it."""
    project = project_folder(NOTEBOOK, "simple_package_project", "simple_package_project")
    shown = f"simple_package_project/{NEW_MODULE}"
    compile_answer(read_answer(project / NEW_MODULE, shown), shown)
    if not _installed(project.parent, "simple-package").get("editable"):
        raise Wrong(
            "simple-package in env/ is not an editable install any more, so a new file in the project does not "
            "reach the venv: run the lesson's `pip install ... -e simple_package_project` again."
        )
    printed = _venv(project.parent, ["-c", "import simple_package.c as c; c.baz()"], "`import simple_package.c`")
    if printed != BAZ:
        raise Wrong(f"baz() printed {printed!r}; expected {BAZ!r}.")
    return "The venv saw a file it was never given: the install points at your source folder."


@exercise(
    "Build a project and install its wheel",
    hint="two commands: `!python -m build --no-isolation ex3`, then "
    "`!python -m pip --python {env_python} install --no-index ex3/dist/areas-0.1.0-py3-none-any.whl`.",
)
def check_areas_installed():
    """The project ``ex3/`` (package ``areas``) was built and its wheel installed into ``env/`` (not editable)."""
    ws = project_folder(NOTEBOOK, "ex3", "ex3").parent
    found = _installed(ws, "areas")
    wheels = ", ".join(sorted(p.name for p in (ws / "ex3" / "dist").glob("*.whl")))
    try:
        in_course = bool(metadata.distribution("areas"))
    except metadata.PackageNotFoundError:
        in_course = False
    first_mistake(
        (
            not found and in_course,
            "areas is installed in the course's environment, not in env/: pip ran without "
            "--python. Undo it with `!python -m pip uninstall -y areas`, then install with --python {env_python}.",
        ),
        (
            not (found or wheels),
            "there is no wheel in ex3/dist/ yet: build the project first (python -m build --no-isolation).",
        ),
        (not found, f"ex3/dist/ holds {wheels}, but env/ has no areas yet: install the wheel with pip."),
        (found.get("editable"), "areas is an editable install (-e); the task asks for the wheel from ex3/dist/."),
    )
    square = _venv(ws, ["-c", "import areas; print(repr(areas.square(3)))"], "areas is in env/, but importing it")
    if square != "9":
        raise Wrong(f"areas.square(3) returned {square} in the venv; expected 9.")
    return f"areas {found['version']} is installed in env/, from its wheel, and the course's environment is untouched."
