"""Exercise checks, the console-script explainer and the offline backend wheel for notebook 9.

Notebook 9, *Installing a package*, makes a virtual environment ``env/`` in its working folder
(``workspace/09_installing_a_package/``) and installs the learner's project into it with pip. The
checks here run the venv's own Python (or the launcher pip wrote) in a fresh process, as a terminal
would: the verdict comes from what the venv really holds.

>>> print(explain_script_entry('simple-hello = "simple_package.cli:main"'))  # doctest: +NORMALIZE_WHITESPACE
✔ pip writes the launcher env/bin/simple-hello (on Windows env\\Scripts\\simple-hello.exe):
#!<the venv's python>
import sys
from simple_package.cli import main
if __name__ == '__main__':
    sys.argv[0] = sys.argv[0].removesuffix('.exe')
    sys.exit(main())
<BLANKLINE>
Typing simple-hello runs simple_package.cli.main() with the venv's Python; what main() returns becomes the
exit status (None means 0, success).
>>> print(explain_script_entry('simple-hello = "simple_package.cli"'))  # doctest: +NORMALIZE_WHITESPACE
⚠️ pip refuses this entry when it installs: 'simple_package.cli' names a module but no function.
Write "module:function", e.g. "simple_package.cli:main" (pip: "A callable suffix is required").
"""

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
from coursekit.checks import Wrong, exercise, read_answer
from coursekit.ui import never_raises

__all__ = [
    "NOTEBOOK",
    "RUN_TIME_LIMIT",
    "wheel_of_installed",
    "explain_script_entry",
    "check_second_script",
    "check_new_module",
    "check_areas_installed",
]

#: The notebook whose working folder holds the venv and the exercises' files.
NOTEBOOK = "09_installing_a_package"
#: Seconds the venv's Python (or a launcher) may run inside a check.
RUN_TIME_LIMIT = 10.0

# ----------------------------------------------------------------- the backend as a wheel, offline

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_NOT_PACKED = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")


def wheel_of_installed(name: str, folder: str | os.PathLike = "wheels") -> Path:
    """Pack the distribution ``name`` installed in this Python into a wheel in ``folder``.

    Offline, pip cannot download a build backend for ``pip install -e``; this wheel, made from
    the files the course's environment already holds (as listed in its ``RECORD``), stands in
    for ``pip download flit_core -d wheels``. Only pure-Python distributions make sense here.
    ``folder`` is relative to the working folder and must stay inside the workspace.
    """
    if not isinstance(name, str) or not name.strip():
        raise CourseError(f"Give a distribution name such as 'flit_core', not {name!r}.")
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        raise CourseError(f"No distribution called {name!r} is installed in the course's environment.") from None
    tags = [line[5:] for line in (dist.read_text("WHEEL") or "").splitlines() if line.startswith("Tag: ")]
    if not tags or not all(tag.endswith("-none-any") for tag in tags):
        raise CourseError(f"{name!r} is not a pure-Python distribution; only those can be packed again.")
    stem = f"{re.sub(r'[-_.]+', '_', dist.metadata['Name'])}-{dist.version}"
    info = f"{stem}.dist-info"
    out_dir = workspace.safe_path(Path.cwd(), folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{stem}-{'.'.join(t.split('-')[0] for t in tags)}-none-any.whl"
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(dist.files or [], key=lambda f: f.as_posix()):
            path = file.as_posix()
            if "__pycache__" in path or path.startswith("..") or path in {f"{info}/{n}" for n in _NOT_PACKED}:
                continue
            data = Path(file.locate()).read_bytes()
            archive.writestr(_member(path), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        archive.writestr(_member(f"{info}/RECORD"), "\n".join(record) + "\n")
    return wheel


def _member(path: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, _FIXED_TIME)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


# ----------------------------------------------------------------- the [project.scripts] explainer

_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
_LAUNCHER = """#!<the venv's python>
import sys
from {module} import {first}
if __name__ == '__main__':
    sys.argv[0] = sys.argv[0].removesuffix('.exe')
    sys.exit({attr}())"""


def _parse_entry(line: str) -> tuple[str, str]:
    """The script's name and its object reference from one line of ``[project.scripts]``."""
    if not isinstance(line, str) or not line.strip():
        raise CourseError('Type one line of [project.scripts], like: simple-hello = "simple_package.cli:main"')
    text = line.strip()
    if text.startswith("["):
        raise CourseError(
            "That is a table header: type the line that goes below [project.scripts], "
            'like: simple-hello = "simple_package.cli:main"'
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        hint = ' (the value needs double quotes: "module:function")' if "=" in text and '"' not in text else ""
        raise CourseError(f"That is not a TOML line, so pyproject.toml would not even load: {exc}{hint}.") from None
    if len(data) != 1:
        raise CourseError(f'Type exactly one entry, name = "module:function"; that line holds {len(data)}.')
    ((name, value),) = data.items()
    if not isinstance(value, str):
        raise CourseError(
            f"The value of {name!r} is {type(value).__name__ if not isinstance(value, dict) else 'a table'}, "
            'not text: write it in double quotes, "module:function" (flit_core: "table should have string values").'
        )
    return name, value


@never_raises
def explain_script_entry(line: object) -> str:
    """What pip makes of one ``[project.scripts]`` line: the launcher it writes, or why not (the widget's text).

    The rules are pip's: it reads ``name = module:function`` with distlib's entry-point
    pattern, refuses a reference without ``:function`` and a name that would leave the
    venv's scripts folder, and writes the launcher shown.
    """
    name, value = _parse_entry(line)  # type: ignore[arg-type]
    example = 'e.g. "simple_package.cli:main"'
    if not name.strip() or name != name.strip() or re.search(r"\s", name):
        raise CourseError(f"The command name {name!r} holds spaces: a command is one word, like simple-hello.")
    if name.startswith("["):
        raise CourseError(f"A command name cannot start with '[' ({name!r}).")
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise CourseError(
            f"pip refuses the name {name!r}: the launcher would be written outside the venv's bin/ folder. "
            "Use a plain word, like simple-hello."
        )
    reference = value.strip()
    extras = re.search(r"\[.*\]\s*$", reference)
    if extras:
        raise CourseError(
            f"{reference!r} ends with extras in brackets: the entry-point specification deprecates them for "
            f'scripts, and pip ignores them. Write only "module:function", {example}.'
        )
    if reference.count(":") == 0:
        raise CourseError(
            f"pip refuses this entry when it installs: {reference!r} names a module but no function. "
            f'Write "module:function", {example} (pip: "A callable suffix is required").'
        )
    if reference.count(":") > 1:
        raise CourseError(f"{reference!r} has more than one ':'; write \"module:function\", {example}.")
    module, attr = (part.strip() for part in reference.split(":"))
    for part, what in ((module, "module"), (attr, "function")):
        if not _DOTTED.match(part or ""):
            dash = (
                " ('-' belongs in the command name and the project name, never in an import name)"
                if "-" in part
                else ""
            )
            raise CourseError(
                f"The {what} part {part!r} is not a dotted Python name{dash}: the launcher could not import it, "
                f'and pip refuses the entry. Write "module:function" with import names, {example}.'
            )
    launcher = _LAUNCHER.format(module=module, first=attr.split(".")[0], attr=attr)
    return (
        f"✔ pip writes the launcher env/bin/{name} (on Windows env\\Scripts\\{name}.exe):\n{launcher}\n\n"
        f"Typing {name} runs {module}.{attr}() with the venv's Python; what {attr}() returns becomes the exit "
        "status (None means 0, success)."
    )


# ----------------------------------------------------------------- shared helpers for the checks


def _working_folder() -> Path:
    path = workspace.folder(NOTEBOOK)
    if not path.is_dir():
        raise Wrong(
            "the notebook's working folder does not exist yet: run the notebook from the top first.",
            hint="run the set-up cell and the lesson's cells in order.",
        )
    return path


def _env_python(ws: Path) -> Path:
    python = ws / ("env/Scripts/python.exe" if os.name == "nt" else "env/bin/python")
    if not python.exists():
        raise Wrong(
            "there is no virtual environment env/ in the working folder: run the lesson's "
            "`python -m venv --without-pip env` cell (and the install cells after it) first."
        )
    return python


def _run(command: list[str], ws: Path, what: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            command, cwd=ws, capture_output=True, text=True, timeout=RUN_TIME_LIMIT, check=False, env=_clean_env()
        )
    except subprocess.TimeoutExpired:
        raise Wrong(f"{what} ran for more than {RUN_TIME_LIMIT:g} s: is there an endless loop?") from None
    except OSError as exc:
        raise Wrong(f"{what} could not start: {exc.strerror or exc}.") from None


def _clean_env() -> dict[str, str]:
    """The environment for the venv's Python: without PYTHONPATH, so that only the venv counts."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}


def _last_line(text: str) -> str:
    return (text.strip().splitlines() or ["(no message)"])[-1]


def _installed(ws: Path) -> dict:
    """What pip recorded about ``simple-package`` in the venv: its entry points and whether it is editable."""
    python = _env_python(ws)
    code = (
        "import importlib.metadata as m, json\n"
        "try:\n    d = m.distribution('simple-package')\nexcept m.PackageNotFoundError:\n    print('null')\n"
        "else:\n    print(json.dumps({'scripts': {e.name: e.value for e in d.entry_points if e.group == "
        "'console_scripts'}, 'direct_url': d.read_text('direct_url.json')}))"
    )
    run = _run([str(python), "-c", code], ws, "the venv's Python")
    if run.returncode != 0:
        raise Wrong(f"the venv's Python could not read what is installed: {_last_line(run.stderr)}")
    found = json.loads(run.stdout)
    if found is None:
        raise Wrong(
            "simple-package is not installed in env/: run the lesson's editable install "
            "(`pip --python ... install ... -e simple_package_project`) again."
        )
    editable = False
    try:
        editable = bool(json.loads(found["direct_url"] or "{}").get("dir_info", {}).get("editable"))
    except (ValueError, AttributeError):
        pass
    return {"scripts": found["scripts"], "editable": editable}


# ----------------------------------------------------------------- exercise 1

SECOND_SCRIPT = "simple-foo"
FOO = "Hello, function 'foo' from module 'b' calling"


@exercise(
    "A second command",
    hint='add simple-foo = "simple_package.b:foo" below [project.scripts], run the cell, then the lesson\'s '
    "editable install command again (pip writes launchers only when it installs).",
)
def check_second_script():
    """``simple_package_project/pyproject.toml`` gains a second console script, ``simple-foo``,
    that runs ``simple_package.b.foo``; it is installed in ``env/`` and runs by its name."""
    ws = _working_folder()
    shown = "simple_package_project/pyproject.toml"
    text = read_answer(ws / shown, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Wrong(f"{shown} is not valid TOML: {exc}.", hint='each entry is name = "module:function"') from None
    scripts = data.get("project", {}).get("scripts") if isinstance(data.get("project"), dict) else None
    if not isinstance(scripts, dict):
        raise Wrong(f"{shown} has no [project.scripts] table: keep the lesson's table and add the new line to it.")
    if "simple-hello" not in scripts:
        raise Wrong("the lesson's command simple-hello is gone from [project.scripts]: keep it, and add simple-foo.")
    if SECOND_SCRIPT not in scripts:
        raise Wrong(f"[project.scripts] has {sorted(scripts)}, but no {SECOND_SCRIPT}.")
    value = scripts[SECOND_SCRIPT]
    if not isinstance(value, str) or value.replace(" ", "") != "simple_package.b:foo":
        raise Wrong(f'{SECOND_SCRIPT} = {value!r}; the task asks for "simple_package.b:foo" (module:function).')
    installed = _installed(ws)
    if SECOND_SCRIPT not in installed["scripts"]:
        raise Wrong(
            f"pyproject.toml is right, but the installed metadata does not know {SECOND_SCRIPT} yet: an editable "
            "install picks up code edits, not pyproject.toml edits. Run the install command again."
        )
    launcher = ws / ("env/Scripts/simple-foo.exe" if os.name == "nt" else "env/bin/simple-foo")
    if not launcher.exists():
        raise Wrong(f"there is no launcher {launcher.relative_to(ws).as_posix()}: run the install command again.")
    run = _run([str(launcher)], ws, SECOND_SCRIPT)
    if run.returncode != 0 or run.stdout.strip() != FOO:
        raise Wrong(f"running {SECOND_SCRIPT} printed {run.stdout.strip()!r} {_last_line(run.stderr)!r}.")
    return f"`{SECOND_SCRIPT}` runs from env/, a launcher that pip wrote."


# ----------------------------------------------------------------- exercise 2

NEW_MODULE = "simple_package_project/src/simple_package/c.py"
BAZ = "Hello, function 'baz' from module 'c' calling"


@exercise(
    "A new module through the editable install",
    hint="write def baz(): print(\"Hello, function 'baz' from module 'c' calling\") into c.py; nothing to reinstall.",
)
def check_new_module():
    """``simple_package/c.py`` (a new file in the editable-installed project) defines ``baz()``;
    the venv's Python imports it in a fresh process without any reinstall."""
    ws = _working_folder()
    source = read_answer(ws / NEW_MODULE, NEW_MODULE)
    try:
        compile(source, NEW_MODULE, "exec")
    except SyntaxError as exc:
        raise Wrong(f"line {exc.lineno} of {NEW_MODULE} is not valid Python: {exc.msg}.") from None
    if not _installed(ws)["editable"]:
        raise Wrong(
            "simple-package in env/ is not an editable install any more, so a new file in the project does not "
            "reach the venv: run the lesson's `pip install ... -e simple_package_project` again."
        )
    run = _run([str(_env_python(ws)), "-c", "import simple_package.c as c; c.baz()"], ws, "importing c.py")
    if run.returncode != 0:
        raise Wrong(
            f"the venv's Python ran `import simple_package.c; simple_package.c.baz()`: {_last_line(run.stderr)}"
        )
    if run.stdout.strip() != BAZ:
        raise Wrong(f"baz() printed {run.stdout.strip()!r}; expected {BAZ!r}.")
    return "The venv saw a file it was never given: the install points at your source folder."


# ----------------------------------------------------------------- exercise 3

_AREAS_PROBE = """
import importlib.metadata as m, json
found = {"installed": False}
try:
    dist = m.distribution("areas")
except m.PackageNotFoundError:
    pass
else:
    found = {"installed": True, "version": dist.version, "direct_url": dist.read_text("direct_url.json")}
    try:
        import areas
        found["square"] = areas.square(3)
    except Exception as exc:
        found["error"] = f"{type(exc).__name__}: {exc}"
print(json.dumps(found, default=repr))
"""


@exercise(
    "Build a project and install its wheel",
    hint="two commands: `!python -m build --no-isolation ex3`, then "
    "`!python -m pip --python {env_python} install --no-index ex3/dist/areas-0.1.0-py3-none-any.whl`.",
)
def check_areas_installed():
    """The project ``ex3/`` (the package ``areas``) was built and its wheel installed into ``env/``
    (not editable, not into the course's environment); the venv's Python imports it."""
    ws = _working_folder()
    if not (ws / "ex3" / "pyproject.toml").is_file():
        raise Wrong("there is no ex3/pyproject.toml: run the cells that make the project ex3/ first.")
    python = _env_python(ws)
    run = _run([str(python), "-c", _AREAS_PROBE], ws, "the venv's Python")
    if run.returncode != 0:
        raise Wrong(f"the venv's Python could not look for areas: {_last_line(run.stderr)}")
    found = json.loads(run.stdout)
    if not found["installed"]:
        try:
            metadata.distribution("areas")
        except metadata.PackageNotFoundError:
            pass
        else:
            raise Wrong(
                "areas is installed in the course's environment, not in env/: pip ran without --python. "
                "Undo it with `!python -m pip uninstall -y areas`, then install with --python {env_python}."
            )
        wheels = sorted(p.name for p in (ws / "ex3" / "dist").glob("*.whl")) if (ws / "ex3" / "dist").is_dir() else []
        if not wheels:
            raise Wrong("there is no wheel in ex3/dist/ yet: build the project first (python -m build --no-isolation).")
        raise Wrong(f"ex3/dist/ holds {', '.join(wheels)}, but env/ has no areas yet: install the wheel with pip.")
    try:
        direct = json.loads(found.get("direct_url") or "{}")
    except ValueError:
        direct = {}
    if direct.get("dir_info", {}).get("editable"):
        raise Wrong("areas is an editable install (-e); the task asks for the wheel from ex3/dist/.")
    if "error" in found:
        raise Wrong(f"areas is installed, but importing it in the venv failed: {found['error']}")
    if found.get("square") != 9:
        raise Wrong(f"areas.square(3) returned {found.get('square')!r} in the venv; expected 9.")
    return f"areas {found['version']} is installed in env/, from its wheel, and the course's environment is untouched."
