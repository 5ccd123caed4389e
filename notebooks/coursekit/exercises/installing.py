"""Notebook 9, *Installing a package*: the console-script explainer, the offline backend wheel, and checks
that run the venv ``env/`` (its Python, or a launcher pip wrote) in a fresh process, as a terminal would."""

import base64
import hashlib
import json
import os
import re
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, first_mistake, output_of, read_answer
from coursekit.exercises.building import project_folder, read_pyproject
from coursekit.ui import never_raises

NOTEBOOK = "09_installing_a_package"
RUN_TIME_LIMIT = 10.0  #: seconds the venv's Python (or a launcher) may run inside a check
FOO = "Hello, function 'foo' from module 'b' calling"
FOO_REF = "simple_package.b:foo"
BAZ = "Hello, function 'baz' from module 'c' calling"
_LAUNCHER = """#!<the venv's python>
import sys
from {module} import {first}
if __name__ == '__main__':
    sys.argv[0] = sys.argv[0].removesuffix('.exe')
    sys.exit({attr}())"""
#: Run by the venv's Python: what pip recorded about the distribution argv[1] (null if it is not there).
_PROBE = """import importlib.metadata as m, json, sys
d = next(iter(m.distributions(name=sys.argv[1])), None)
editable = d is not None and '"editable": true' in (d.read_text("direct_url.json") or "")
print(json.dumps(d and {"version": d.version, "editable": editable, "scripts": list(d.entry_points.names)}))"""


def wheel_of_installed(name: str, folder: str | os.PathLike = "wheels") -> Path:
    """Pack the pure-Python distribution ``name`` of this Python into a wheel in ``folder`` (offline pip's backend)."""
    try:
        dist = metadata.distribution(name)
    except (metadata.PackageNotFoundError, ValueError):
        raise CourseError(f"No distribution called {name!r} is installed in the course's environment.") from None
    if "Root-Is-Purelib: true" not in (dist.read_text("WHEEL") or ""):
        raise CourseError(f"{name!r} is not a pure-Python distribution; only those can be packed again.")
    stem = f"{re.sub(r'[-_.]+', '_', dist.metadata['Name'])}-{dist.version}"
    out = workspace.safe_path(Path.cwd(), folder)
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{stem}-py3-none-any.whl"
    skip = {f"{stem}.dist-info/{n}" for n in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")}
    files = sorted(p for p in map(str, dist.files or []) if not ("__pycache__" in p or p.startswith("..") or p in skip))
    record, lines, date = f"{stem}.dist-info/RECORD", [], (1980, 1, 1, 0, 0, 0)  # a fixed date: the same bytes
    with zipfile.ZipFile(wheel, "w") as archive:
        for path in files:
            data = Path(dist.locate_file(path)).read_bytes()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{path},sha256={digest},{len(data)}")
            archive.writestr(zipfile.ZipInfo(path, date), data, zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo(record, date), "\n".join([*lines, f"{record},,", ""]), zipfile.ZIP_DEFLATED)
    return wheel


@never_raises
def explain_script_entry(line: object) -> str:
    """The launcher pip writes for one ``[project.scripts]`` line, or why pip refuses it (the widget's text)."""
    text = line.strip() if isinstance(line, str) else ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        quotes = ' (the value needs double quotes: "module:function")' * ('"' not in text)
        raise CourseError(f"That is not a TOML line, so pyproject.toml would not even load: {exc}{quotes}.") from None
    name, ref = next(iter(data.items()), ("", None))
    if len(data) != 1 or not isinstance(ref, str):
        raise CourseError(f'Type one line of [project.scripts], like: simple-hello = "module:function"; not {text!r}.')
    module, _, attr = (part.strip() for part in ref.partition(":"))
    dotted = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
    part, what = next(((p, w) for p, w in ((module, "module"), (attr, "function")) if not dotted.fullmatch(p)), "  ")
    dash = " ('-' belongs in the command and project names, never in an import name)" * ("-" in part)
    first_mistake(  # pip's rules (distlib's entry-point pattern; the launcher must stay in env/bin)
        (not re.fullmatch(r"[^\s\[]\S*", name), f"The command name {name!r} is not one plain word, like simple-hello."),
        (re.search(r"[/\\]|^\.\.?$", name), f"pip refuses the name {name!r}: its launcher would be outside env/bin/."),
        (":" not in ref, f'{ref!r} names a module but no function: pip refuses it. Write "module:function".'),
        (what.strip(), f"The {what} part {part!r} is not a dotted Python name{dash}: pip refuses the entry."),
        error=CourseError,
    )
    return (
        f"✔ pip writes the launcher env/bin/{name} (on Windows env\\Scripts\\{name}.exe):\n"
        + _LAUNCHER.format(module=module, first=attr.split(".")[0], attr=attr)
        + f"\n\nTyping {name} runs {module}.{attr}() with the venv's Python; what {attr}() returns becomes the exit "
        "status (None means 0, success)."
    )


def _venv(ws: Path, args: list[str], what: str, program: str = "python") -> str:
    """What ``env/bin/<program> *args`` prints in ``ws`` (no PYTHONPATH: only the venv counts); Wrong if it fails."""
    exe = ws / ("env/Scripts" if os.name == "nt" else "env/bin") / (program + ".exe" * (os.name == "nt"))
    if not exe.exists():
        raise Wrong(f"there is no {exe.relative_to(ws).as_posix()}: run the lesson's venv and install cells first.")
    return output_of(args, ws, what, timeout=RUN_TIME_LIMIT, python=exe).strip()


def _installed(ws: Path, name: str) -> dict:
    """What pip recorded in the venv about ``name`` (version, editable, console scripts); {} if it is not there."""
    return json.loads(_venv(ws, ["-c", _PROBE, name], "asking the venv's Python what is installed")) or {}


@exercise("A second command", hint=f'add simple-foo = "{FOO_REF}", then run the install command again.')
def check_second_script():
    """``simple_package_project/pyproject.toml`` gains ``simple-foo = "simple_package.b:foo"``, installed and run."""
    project = project_folder(NOTEBOOK, "simple_package_project", "simple_package_project")
    shown = "simple_package_project/pyproject.toml"
    scripts = read_pyproject(project / "pyproject.toml", shown)["project"].get("scripts")
    value = scripts.get("simple-foo") if isinstance(scripts, dict) else None
    first_mistake(
        (value is None, f"{shown} has no simple-foo line in its [project.scripts] table."),
        (str(value).replace(" ", "") != FOO_REF, f'simple-foo = {value!r}; the task asks for "{FOO_REF}".'),
    )
    if "simple-foo" not in _installed(project.parent, "simple-package").get("scripts", []):
        raise Wrong("env/ has no simple-foo yet: pip reads pyproject.toml only when it installs, so install again.")
    printed = _venv(project.parent, [], "simple-foo", program="simple-foo")
    if printed != FOO:
        raise Wrong(f"running simple-foo printed {printed!r}; expected {FOO!r}.")
    return "`simple-foo` runs from env/, a launcher that pip wrote."


@exercise("A new module through the editable install", hint=f'write def baz(): print("{BAZ}") into c.py.')
def check_new_module():
    """``simple_package/c.py``, a new file in the editable-installed project, defines ``baz()``: the venv imports it."""
    project = project_folder(NOTEBOOK, "simple_package_project", "simple_package_project")
    shown = "simple_package_project/src/simple_package/c.py"
    compile_answer(read_answer(project.parent / shown, shown), shown)
    if not _installed(project.parent, "simple-package").get("editable"):
        raise Wrong("simple-package in env/ is not an editable install any more: run the lesson's `pip install -e`.")
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
    first_mistake(
        (
            not found and any(metadata.distributions(name="areas")),
            "pip put areas into the course's environment (no --python): `!python -m pip uninstall -y areas` undoes it.",
        ),
        (not found, f"env/ has no areas yet, and ex3/dist/ holds {wheels or 'no wheel'}: build, then install it."),
        (found.get("editable"), "areas is an editable install (-e); the task asks for the wheel from ex3/dist/."),
    )
    square = _venv(ws, ["-c", "import areas; print(repr(areas.square(3)))"], "areas is in env/, but importing it")
    if square != "9":
        raise Wrong(f"areas.square(3) returned {square} in the venv; expected 9.")
    return f"areas {found['version']} is installed in env/, from its wheel, and the course's environment is untouched."
