"""The widget logic of notebooks 1 and 3, and the fresh-interpreter runs the course shares.

- Notebook 1's "name your module" widget: :func:`explain_module_name` (:func:`which_module`
  puts an empty ``name.py`` in a folder and asks a fresh ``python`` which module it gets).
- Notebook 3's package playground: :func:`package_playground` builds a package from a form
  (with :func:`write_package`) and reports what importing it does (:func:`import_report`,
  which ``imports.explain_import`` wraps for notebook 4's widget).
- Shared: :data:`SIMPLE_PACKAGE`, the chapter's package, read from ``sample_packages/simple_package``
  (exercise checks build it); :func:`run_python` and :class:`Run`, a fresh Python process with
  chosen ``sys.path`` entries (``imports`` and ``namespaces``);
  :func:`tidy`; and :func:`private_folder` for exercise checks.

Everything runs imports in a *fresh* Python process, so a learner's experiments
never leave stale modules in the notebook's kernel, and the outputs are the same
however often a cell is run. Absolute paths in what the child prints are shown
relative to ``notebooks/`` (``workspace/...``), so outputs are the same on every machine.

>>> from coursekit import workspace
>>> ws = workspace.reset("doctest_packages")
>>> pkg = write_package(ws, "simple_package", {
...     "__init__.py": "",
...     "a.py": "def bar():\\n    print(\\"Hello, function 'bar' from module 'a' calling\\")\\n",
... })
>>> print(workspace.tree(pkg))
simple_package/
├── __init__.py
└── a.py
>>> print(run_python(["-c", "from simple_package import a; a.bar()"], path=[ws]).stdout, end="")
Hello, function 'bar' from module 'a' calling
>>> print(import_report(ws, "import simple_package"))
▶ import simple_package
names bound here: simple_package
modules loaded:   simple_package
simple_package has no submodule attributes yet (a not loaded)
"""

from __future__ import annotations

import ast
import contextlib
import json
import keyword
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coursekit import CourseError, programs, workspace
from coursekit.ui import WARNING, never_raises

__all__ = ["write_package", "run_python", "Run", "import_report", "ImportReport", "tidy"]


def write_package(base: Path, name: str, files: Mapping[str, str]) -> Path:
    """Write a package folder ``base/name`` holding ``files`` ({relative path: source}).

    Every folder and module name is checked: it must be a valid identifier, or
    ``import`` could never reach it. Paths may contain subfolders (``"sub/x.py"``).
    Nothing is written unless every name is valid. Returns the package folder.
    """
    workspace.check_identifier(name, "package name")
    if not isinstance(files, Mapping):
        raise CourseError(f"files must be a dict of {{'a.py': 'source'}}, not {type(files).__name__}.")
    checked = []
    for relative, source in files.items():
        parts = PurePosixPath(str(relative)).parts
        if not parts or not str(relative).endswith(".py") or ".." in parts or str(relative).startswith("/"):
            raise CourseError(f"{relative!r} is not a module file name: use names like 'a.py' or 'sub/b.py'.")
        for folder in parts[:-1]:
            workspace.check_identifier(folder, "subpackage name")
        stem = parts[-1][:-3]
        if stem != "__init__" and stem != "__main__":
            workspace.check_identifier(stem, "module name")
        if not isinstance(source, str):
            raise CourseError(f"The source of {relative!r} must be text (a str), not {type(source).__name__}.")
        checked.append((relative, source))
    package = workspace.safe_path(base, name)
    for relative, source in checked:
        workspace.write_text(package, relative, source)
    package.mkdir(parents=True, exist_ok=True)
    return package


@dataclass(frozen=True)
class Run:
    """What a child Python process did: exit code and its (tidied) output."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def __str__(self) -> str:
        return (self.stdout + self.stderr).rstrip("\n")


def tidy(text: str) -> str:
    """Replace machine-specific absolute paths in ``text`` with course-relative ones."""
    for anchor, shown in (
        (workspace.ROOT, "workspace"),
        (workspace.NOTEBOOKS, "notebooks"),
        (Path(sys.prefix), "<python>"),
        (Path(sys.base_prefix), "<python>"),
    ):
        text = text.replace(str(anchor), shown)
    return text


def run_python(
    args: Sequence[str],
    *,
    path: Sequence[os.PathLike | str] = (),
    cwd: os.PathLike | str | None = None,
    timeout: float = 20,
) -> Run:
    """Run ``python *args`` in a fresh process with ``path`` in front of ``sys.path``.

    ``cwd`` defaults to the first ``path`` entry (or the workspace). Output is tidied
    with :func:`tidy`. A process that runs longer than ``timeout`` seconds is stopped.

    >>> run_python(["-c", "print(6 * 7)"]).stdout
    '42\\n'
    """
    if isinstance(args, str) or not all(isinstance(a, str) for a in args):
        raise CourseError("args must be a list of strings, e.g. ['-m', 'simple_package'].")
    entries = [str(Path(p).resolve()) for p in path]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env.update(
        PYTHONPATH=os.pathsep.join(entries),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
        PYTHONWARNINGS="ignore",
    )
    folder = Path(cwd) if cwd is not None else (Path(entries[0]) if entries else workspace.ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [sys.executable, *args], cwd=folder, env=env, text=True, capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Run(-1, "", f"Stopped after {timeout:g} seconds: does the code wait for input or loop forever?\n")
    return Run(done.returncode, tidy(done.stdout), tidy(done.stderr))


@dataclass(frozen=True)
class ImportReport:
    """What one import statement did in a fresh interpreter."""

    statement: str
    names: tuple[str, ...]
    modules: tuple[str, ...]
    printed: str
    error: str | None
    submodules: Mapping[str, tuple[str, ...]]
    on_disk: tuple[str, ...] = ()  # every module name found below the base folder

    @property
    def ok(self) -> bool:
        return self.error is None

    def __str__(self) -> str:
        lines = ["▶ " + line for line in self.statement.splitlines()]
        if self.printed:
            lines.append(self.printed.rstrip("\n"))
        if self.error:
            lines.append(f"✗ {self.error}")
            return "\n".join(lines)
        lines.append("names bound here: " + (", ".join(self.names) or "(none)"))
        lines.append("modules loaded:   " + (", ".join(self.modules) or "(none from the workspace)"))
        for package, subs in self.submodules.items():
            if subs:
                lines.append(f"{package} has submodule attributes: {', '.join(subs)}")
            else:
                files = sorted(m.rsplit(".", 1)[-1] for m in self._unloaded(package))
                missing = f" ({', '.join(files)} not loaded)" if files else ""
                lines.append(f"{package} has no submodule attributes yet{missing}")
        return "\n".join(lines)

    def _unloaded(self, package: str) -> list[str]:
        return [m for m in self.on_disk if m.startswith(package + ".") and m not in self.modules]


def import_report(base: Path, statement: str, *, timeout: float = 20) -> ImportReport:
    """Run ``statement`` (e.g. ``"import simple_package"``) in a fresh interpreter with
    ``base`` on ``sys.path``; report the names it binds, the modules it loads from
    ``base``, what it prints, and the error if it fails. Only ``import`` statements
    are accepted, so a typo is explained instead of executed.
    """
    if not isinstance(statement, str) or not statement.strip():
        raise CourseError("Type an import statement, e.g. 'import simple_package'.")
    try:
        tree = ast.parse(statement)
    except SyntaxError as exc:
        raise CourseError(f"{statement!r} is not valid Python: {exc.msg}.") from None
    if not tree.body or not all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in tree.body):
        raise CourseError(f"{statement!r} is not an import statement: start it with 'import' or 'from'.")
    base = workspace.safe_path(base, ".")
    run = run_python([programs.path("import_report"), statement, str(base)], path=[base], timeout=timeout)
    if not run.ok or not run.stdout.strip():
        return ImportReport(statement, (), (), "", (run.stderr.strip().splitlines() or ["no answer"])[-1], {})
    data = json.loads(run.stdout.strip().splitlines()[-1])
    return ImportReport(
        statement,
        tuple(data["names"]),
        tuple(data["modules"]),
        data["printed"],
        data["error"],
        {k: tuple(v) for k, v in data["submodules"].items()},
        tuple(sorted(_modules_on_disk(base))),
    )


def _modules_on_disk(base: Path) -> list[str]:
    found = []
    for file in Path(base).rglob("*.py"):
        parts = file.relative_to(base).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(p.isidentifier() for p in parts):
            found.append(".".join(parts))
    return found


# --------------------------------------------------------------------------------------
# The chapter's package, defined once, in sample_packages/ (the learner writes the same
# files in notebook 3; tests/test_sample_simple_package.py checks both).

#: The repository's folder of finished reference packages.
SAMPLES = Path(__file__).resolve().parents[2] / "sample_packages"


def sample_files(name: str) -> dict[str, str]:
    """The ``.py`` files of ``sample_packages/<name>``, as {path inside it: source}.

    >>> sorted(sample_files("simple_package"))
    ['__init__.py', 'a.py', 'b.py']
    """
    folder = SAMPLES / name
    if not folder.is_dir():
        raise CourseError(f"There is no sample package {name!r} in {SAMPLES.name}/.")
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


#: ``simple_package`` exactly as the chapter defines it: {file name: source}.
SIMPLE_PACKAGE: Mapping[str, str] = sample_files("simple_package")

__all__ += [
    "SAMPLES",
    "sample_files",
    "SIMPLE_PACKAGE",
    "private_folder",
    "which_module",
    "ModuleFinding",
    "explain_module_name",
    "package_playground",
]


@contextlib.contextmanager
def private_folder(owner: str) -> Iterator[Path]:
    """An empty workspace folder that belongs to this process only, removed afterwards.

    Exercise checks build and run the learner's answer in it. Its name holds the
    process id, so a check running in the notebook's kernel and the same check
    running in the test suite at the same moment never touch each other's files,
    nor the notebook's own folder (whose listings the notebook prints).

    >>> with private_folder("doctest") as folder:
    ...     _ = workspace.write_text(folder, "x.py", "")
    ...     sorted(p.name for p in folder.iterdir())
    ['x.py']
    >>> folder.exists()
    False
    """
    import shutil

    folder = workspace.fresh_folder(workspace.ROOT, f"{owner}_check_{os.getpid()}")
    try:
        yield folder
    finally:
        workspace.forget_modules(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _classify(found: Mapping[str, object], mine: Path) -> str:
    """Name the kind of module found; ``origin`` arrives tidied (see :func:`tidy`).

    Built-in and frozen come first: those modules are found before ``sys.path`` is searched,
    whether or not Python had already loaded them while starting up.
    """
    import sysconfig

    paths = sysconfig.get_paths()
    origin = found["origin"]
    if found["builtin"] or origin == "built-in":
        return "built-in"
    if origin == "frozen":
        return "frozen"
    if found["cached"]:
        return "cache"
    if found["error"] or not isinstance(origin, str):
        return "error"
    if origin == tidy(str(mine)):
        return "yours"
    for key, kind in (
        ("purelib", "site-packages"),
        ("platlib", "site-packages"),
        ("stdlib", "stdlib"),
        ("platstdlib", "stdlib"),
    ):
        if origin.startswith(tidy(paths[key]).rstrip("/") + "/"):
            return kind
    return "other"


#: What each kind of finding means, true on Python 3.11, 3.12 and 3.13.
_REASONS = {
    "built-in": (
        "a module built into the interpreter itself",
        "Built-in modules (sys.builtin_module_names) are found before sys.path is searched: a file cannot hide them.",
    ),
    "frozen": (
        "a 'frozen' module: its compiled code is stored inside the interpreter",
        "Since Python 3.11 a few standard modules needed at start-up (os, site, codecs, io, abc, stat, "
        "posixpath, ...) are frozen, and frozen modules are found before sys.path is searched: a file "
        "cannot hide them, even under `python -S`.",
    ),
    "cache": (
        "the module already in sys.modules",
        "Python imported it while starting up, and the cache is checked first: your file is never even looked at.",
    ),
    "stdlib": ("the standard library's module", "Unexpected: your file should have come first."),
    "site-packages": ("an installed package", "Unexpected: your file should have come first."),
}


@dataclass(frozen=True)
class ModuleFinding:
    """Which module ``import name`` gave a fresh interpreter started in the folder that holds
    your ``name.py``. ``kind`` is one of ``yours``, ``stdlib``, ``site-packages``, ``built-in``,
    ``frozen``, ``cache`` (already loaded at start-up), ``crash`` (your file broke Python's own
    start-up), ``error`` or ``other``. ``elsewhere`` is where that interpreter would find
    ``name`` without your folder (``None``: nowhere), and ``cached`` whether it had already
    loaded ``name`` before the import."""

    name: str
    kind: str
    origin: str | None = None
    error: str | None = None
    elsewhere: str | None = None
    cached: bool = False

    @property
    def hidden(self) -> bool:
        """True when your file won although Python has a module of that name elsewhere."""
        return self.kind == "yours" and self.elsewhere is not None

    def __str__(self) -> str:
        you = f"your file {self.name}.py"
        if self.kind == "yours":
            if self.hidden:
                return (
                    f"import {self.name} → {you}\n"
                    f"{WARNING}It HIDES the real '{self.name}' (standard library or installed): every "
                    f"program started in this folder now gets your file instead."
                )
            return f"import {self.name} → {you}\nNo other module has this name: nothing is hidden."
        if self.kind == "crash":
            return (
                f"import {self.name} → never ran: Python itself imports '{self.name}' while it "
                f"starts, found {you} first and could not start at all.\n({self.error})"
            )
        what, why = _REASONS.get(self.kind, (f"the module at {self.origin}", ""))
        if self.kind == "error":
            what, why = f"an error: {self.error}", ""
        if self.kind == "frozen" and self.cached:
            why += " (It was also loaded already while Python started.)"
        return f"import {self.name} → {what} (not {you})" + (f"\n{why}" if why else "")


def which_module(base: Path, name: str, *, timeout: float = 10) -> ModuleFinding:
    """Put an (empty) ``name.py`` into a fresh folder below ``base``, start a fresh ``python``
    in that folder (no ``PYTHONPATH``: the current folder comes first, as for ``python -c``),
    run ``import name`` and report which module Python really chose.

    >>> from coursekit import workspace
    >>> ws = workspace.reset("doctest_packages")
    >>> print(which_module(ws, "random"))  # doctest: +NORMALIZE_WHITESPACE
    import random → your file random.py
    ⚠️ It HIDES the real 'random' (standard library or installed): every program started in this folder
    now gets your file instead.
    >>> which_module(ws, "sys").kind
    'built-in'
    >>> which_module(ws, "os").kind
    'frozen'
    >>> which_module(ws, "my-module")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    coursekit.CourseError: 'my-module' is not a valid Python identifier, so it cannot be a module name:
    use letters, digits and '_' (no '-'), and do not start with a digit, e.g. 'my_module'.
    """
    workspace.check_identifier(name, "module name")
    folder = workspace.fresh_folder(base, "which_module")
    workspace.write_text(folder, f"{name}.py", f"# An empty module called {name}: does import find it?\n")
    run = run_python([programs.path("which_module"), name], cwd=folder, timeout=timeout)
    if not run.ok or not run.stdout.strip():
        lines = run.stderr.strip().splitlines() or ["no answer"]
        fatal = [line for line in lines if line.startswith("Fatal Python error")]
        if fatal:
            return ModuleFinding(name, "crash", None, fatal[0])
        return ModuleFinding(name, "error", None, lines[-1])
    found = ast.literal_eval(run.stdout.strip().splitlines()[-1])
    mine = folder / f"{name}.py"
    origin = found["origin"]
    return ModuleFinding(
        name,
        _classify(found, mine),
        origin if isinstance(origin, str) else None,
        found["error"],
        found.get("elsewhere"),
        bool(found["cached"]),
    )


@never_raises
def explain_module_name(base: Path, name: object) -> str:
    """The logic of notebook 1's "name your module" widget: :func:`which_module` as text,
    with a :data:`coursekit.ui.WARNING` message instead of an exception for a name that cannot be a module.

    >>> from coursekit import workspace
    >>> print(explain_module_name(workspace.reset("doctest_packages"), "sys"))  # doctest: +NORMALIZE_WHITESPACE
    import sys → a module built into the interpreter itself (not your file sys.py)
    Built-in modules (sys.builtin_module_names) are found before sys.path is searched: a file cannot hide them.
    >>> print(explain_module_name(workspace.reset("doctest_packages"), "random.py"))
    ⚠️ Type the module name without '.py': 'random', not 'random.py'.
    """
    if isinstance(name, str):
        name = name.strip()
        if name.endswith(".py"):
            raise CourseError(f"Type the module name without '.py': {name[:-3]!r}, not {name!r}.")
    return str(which_module(base, name))  # type: ignore[arg-type]


#: Limits for the package-building form, so a typo cannot write hundreds of files.
MAX_MODULES = 12


def _module_names(modules: object) -> list[str]:
    if isinstance(modules, str):
        names = [m for m in modules.replace(",", " ").split() if m]
    elif isinstance(modules, (list, tuple)) and all(isinstance(m, str) for m in modules):
        names = [m.strip() for m in modules if m.strip()]
    else:
        raise CourseError(f"Module names must be text like 'a, b', not {type(modules).__name__}.")
    seen = set()
    for name in names:
        if name.endswith(".py"):
            raise CourseError(f"Write module names without '.py': {name[:-3]!r} instead of {name!r}.")
        if len(name) > workspace.MAX_NAME:
            raise CourseError(
                f"That module name is {len(name)} characters long: keep it under {workspace.MAX_NAME}, "
                f"e.g. {name[:12]!r}."
            )
        if keyword.iskeyword(name) or not name.isidentifier():
            why = "is a Python keyword" if keyword.iskeyword(name) else "is not a valid Python identifier"
            raise CourseError(
                f"{name!r} {why}, so `from pkg import {name}` would be a SyntaxError: this form only "
                f"builds modules you can import by name; pick one like {_identifier_like(name)!r}. "
                "(Try such a name as the package name to see what it does.)"
            )
        if name.startswith("__") and name.endswith("__"):
            raise CourseError(f"{name!r} is a special file name: pick an ordinary module name like 'a'.")
        if name in seen:
            raise CourseError(f"{name!r} is listed twice: a folder holds one file of each name.")
        seen.add(name)
    if len(names) > MAX_MODULES:
        raise CourseError(f"That is {len(names)} modules; {MAX_MODULES} are plenty for an experiment.")
    return names


def _identifier_like(name: str) -> str:
    """A name close to ``name`` that an import statement can use: 'my-package' -> 'my_package'."""
    suggestion = re.sub(r"\W", "_", name)
    if suggestion[:1].isdigit():
        suggestion = "_" + suggestion
    return suggestion + "_" if keyword.iskeyword(suggestion) else suggestion


_FOLDER_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")


def _package_name(package: object) -> str:
    """The package folder's name, stripped; any name made of letters, digits, '_' and '-'."""
    if not isinstance(package, str) or not package.strip():
        raise CourseError(f"A package name must be a non-empty string, not {package!r}.")
    package = package.strip()
    if len(package) > workspace.MAX_NAME:
        raise CourseError(
            f"That package name is {len(package)} characters long: keep it under {workspace.MAX_NAME}, "
            f"e.g. {package[:12]!r}."
        )
    if "." in package:
        raise CourseError(
            f"{package!r} holds a dot: in `import a.b` the dot separates a package from its submodule, "
            f"so a folder called {package!r} is never found that way. Use {_identifier_like(package)!r}."
        )
    if not _FOLDER_CHARACTERS.fullmatch(package):
        raise CourseError(
            f"{package!r}: use letters, digits and '_' for a package folder here (or '-', to see what "
            f"`import` makes of it), e.g. {_identifier_like(package)!r}."
        )
    return package


def _syntax_error(statement: str) -> str | None:
    """The SyntaxError message Python gives for ``statement``, or None when it compiles."""
    try:
        compile(statement, "<cell>", "exec")
    except SyntaxError as exc:
        return exc.msg
    return None


def _unreachable_report(folder: Path, package: str, names: list[str], timeout: float) -> list[str]:
    """What a package whose name is not an identifier gives: no import statement, but import_module."""
    why = "is a Python keyword" if keyword.iskeyword(package) else "is not a Python identifier"
    parts = [
        f"▶ import {package}",
        f"✗ SyntaxError: {_syntax_error(f'import {package}')}",
        f"{WARNING}{package!r} {why}: no import statement can name this folder (nor `from {package} import ...`).",
        "",
    ]
    targets = [package] + [f"{package}.{name}" for name in names]
    code = (
        "import importlib, sys\n"
        f"for target in {targets!r}:\n"
        "    importlib.import_module(target)\n"
        "    print('@@' + target)\n"
        f"print('@@loaded ' + ', '.join(sorted(n for n in sys.modules if n.split('.')[0] == {package!r})))\n"
    )
    run = run_python(["-c", code], path=[folder], timeout=timeout)
    for target in targets:
        parts.append(f"▶ importlib.import_module({target!r})")
    printed = [line for line in run.stdout.splitlines() if not line.startswith("@@")]
    parts += printed
    loaded = [line[len("@@loaded ") :] for line in run.stdout.splitlines() if line.startswith("@@loaded ")]
    if run.ok and loaded:
        parts.append(f"✓ works: the import system takes any folder name; modules loaded: {loaded[0]}")
    else:
        parts.append("✗ " + (run.stderr.strip().splitlines() or ["no answer"])[-1])
    parts += [
        "",
        f"So the folder is importable, but only by a string, never in an import statement: "
        f"call it {_identifier_like(package)!r} instead.",
    ]
    return parts


@never_raises
def package_playground(
    base: Path, package: str, modules: object = "a, b", init_code: str = "", *, timeout: float = 10
) -> str:
    """Build a package from a form and report its tree and what importing it does.

    ``modules`` is text like ``"a, b"``: each module gets a ``hello()`` that prints a
    greeting. ``init_code`` becomes the package's ``__init__.py``. The package is built
    in a fresh ``playground`` folder below ``base``, and imported in fresh interpreters:
    ``import <package>`` and ``from <package> import <modules>``. A folder name that is
    not an identifier (``my-package``, ``2d``, ``class``) is built too: the report shows the
    SyntaxError an import statement gives and what ``importlib.import_module`` does with it.
    Bad input gives a :data:`~coursekit.ui.WARNING` message (nothing is written), never a traceback.

    >>> from coursekit import workspace
    >>> print(package_playground(workspace.reset("doctest_packages"), "shapes", "circle"))
    playground/
    └── shapes/
        ├── __init__.py
        └── circle.py
    <BLANKLINE>
    ▶ import shapes
    names bound here: shapes
    modules loaded:   shapes
    shapes has no submodule attributes yet (circle not loaded)
    <BLANKLINE>
    ▶ from shapes import circle
    names bound here: circle
    modules loaded:   shapes, shapes.circle
    >>> print(package_playground(workspace.reset("doctest_packages"), "my-shapes", "circle"))
    ... # doctest: +NORMALIZE_WHITESPACE
    playground/
    └── my-shapes/
        ├── __init__.py
        └── circle.py
    <BLANKLINE>
    ▶ import my-shapes
    ✗ SyntaxError: invalid syntax
    ⚠️ 'my-shapes' is not a Python identifier: no import statement can name this folder
    (nor `from my-shapes import ...`).
    <BLANKLINE>
    ▶ importlib.import_module('my-shapes')
    ▶ importlib.import_module('my-shapes.circle')
    ✓ works: the import system takes any folder name; modules loaded: my-shapes, my-shapes.circle
    <BLANKLINE>
    So the folder is importable, but only by a string, never in an import statement: call it 'my_shapes' instead.
    """
    package = _package_name(package)
    names = _module_names(modules)
    if not isinstance(init_code, str):
        raise CourseError(f"The __init__.py code must be text, not {type(init_code).__name__}.")
    files = {"__init__.py": init_code}
    for name in names:
        files[f"{name}.py"] = f"def hello():\n    print(\"Hello, function 'hello' from module '{name}' calling\")\n"
    folder = workspace.fresh_folder(base, "playground")
    if not package.isidentifier() or keyword.iskeyword(package):
        for relative, source in files.items():  # write_package refuses such names: write the files here
            workspace.write_text(workspace.safe_path(folder, package), relative, source)
        return "\n".join([workspace.tree(folder), "", *_unreachable_report(folder, package, names, timeout)])
    write_package(folder, package, files)
    parts = [workspace.tree(folder), ""]
    if package in sys.stdlib_module_names or package in sys.builtin_module_names:
        parts += [
            f"{WARNING}'{package}' is also the name of a standard-library module: "
            "in a real project, pick another name.",
            "",
        ]
    parts.append(str(import_report(folder, f"import {package}", timeout=timeout)))
    if names:
        statement = f"from {package} import {', '.join(names)}"
        parts += ["", str(import_report(folder, statement, timeout=timeout))]
    return "\n".join(parts)
