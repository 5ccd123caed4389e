"""Widget logic of notebooks 1 and 3, the chapter's :data:`SIMPLE_PACKAGE`, and the fresh-interpreter runs the course
shares (experiments never leave stale modules in the kernel; printed paths are shown course-relative)."""

from __future__ import annotations

import ast
import json
import keyword
import os
import re
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coursekit import CourseError, checks, programs, workspace
from coursekit.ui import WARNING, never_raises


def write_package(base: Path, name: str, files: Mapping[str, str]) -> Path:
    """Write the package ``base/name`` holding ``files`` ({"sub/x.py": source}) if import can reach every name."""
    workspace.check_identifier(name, "package name")
    if not isinstance(files, Mapping):
        raise CourseError(f"files must be a dict of {{'a.py': 'source'}}, not {type(files).__name__}.")
    for relative, source in files.items():
        *folders, file = PurePosixPath(str(relative)).parts or ("",)
        if not file.endswith(".py") or ".." in folders or str(relative).startswith("/"):
            raise CourseError(f"{relative!r} is not a module file name: use names like 'a.py' or 'sub/b.py'.")
        for part in folders:
            workspace.check_identifier(part, "subpackage name")
        if file not in ("__init__.py", "__main__.py"):
            workspace.check_identifier(file[:-3], "module name")
        if not isinstance(source, str):
            raise CourseError(f"The source of {relative!r} must be text (a str), not {type(source).__name__}.")
    package = workspace.safe_path(base, name)
    for relative, source in files.items():
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
    for anchor, shown in ((workspace.ROOT, "workspace"), (workspace.NOTEBOOKS, "notebooks")):
        text = text.replace(str(anchor), shown)
    return text.replace(sys.prefix, "<python>").replace(sys.base_prefix, "<python>")


def run_python(
    args: Sequence[str], *, path: Sequence[os.PathLike | str] = (), cwd: os.PathLike | str | None = None, timeout=20
) -> Run:
    """``python *args`` in a fresh process, ``path`` first on sys.path, in ``cwd`` (or path[0]); output tidied."""
    if isinstance(args, str) or not all(isinstance(a, str) for a in args):
        raise CourseError("args must be a list of strings, e.g. ['-m', 'simple_package'].")
    entries = [Path(p).resolve() for p in path]
    folder = Path(cwd) if cwd is not None else (entries[0] if entries else workspace.ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = checks.run_python(["-W", "ignore", *args], folder, entries, timeout)
    except checks.Wrong:
        return Run(-1, "", f"Stopped after {timeout:g} seconds: does the code wait for input or loop forever?\n")
    return Run(done.returncode, tidy(done.stdout), tidy(done.stderr))


@dataclass(frozen=True)
class ImportReport:
    """What one import statement did in a fresh interpreter (``on_disk``: every module name below the base folder)."""

    statement: str
    names: tuple[str, ...]
    modules: tuple[str, ...]
    printed: str
    error: str | None
    submodules: Mapping[str, tuple[str, ...]]
    on_disk: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    def __str__(self) -> str:
        lines = ["▶ " + line for line in self.statement.splitlines()] + [self.printed.rstrip("\n")] * bool(self.printed)
        if self.error:
            return "\n".join([*lines, f"✗ {self.error}"])
        lines.append("names bound here: " + (", ".join(self.names) or "(none)"))
        lines.append("modules loaded:   " + (", ".join(self.modules) or "(none from the workspace)"))
        for package, subs in self.submodules.items():
            away = sorted(
                m.rsplit(".", 1)[-1] for m in self.on_disk if m.startswith(package + ".") and m not in self.modules
            )
            missing = f" ({', '.join(away)} not loaded)" if away else ""
            lines.append(
                f"{package} has "
                + (f"submodule attributes: {', '.join(subs)}" if subs else f"no submodule attributes yet{missing}")
            )
        return "\n".join(lines)


def import_report(base: Path, statement: str, *, timeout: float = 20) -> ImportReport:
    """What the import ``statement`` does in a fresh Python with ``base`` on sys.path (only imports are run)."""
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
    on_disk = set()
    for file in base.rglob("*.py"):
        parts = file.relative_to(base).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if parts and all(p.isidentifier() for p in parts):
            on_disk.add(".".join(parts))
    subs = {k: tuple(v) for k, v in data["submodules"].items()}
    names, modules, on_disk = tuple(data["names"]), tuple(data["modules"]), tuple(sorted(on_disk))
    return ImportReport(statement, names, modules, data["printed"], data["error"], subs, on_disk)


SAMPLES = Path(__file__).resolve().parents[2] / "sample_packages"  # the finished reference packages


def sample_files(name: str) -> dict[str, str]:
    """The ``.py`` files of ``sample_packages/<name>``, as {path inside it: source}."""
    folder = SAMPLES / name
    if not folder.is_dir():
        raise CourseError(f"There is no sample package {name!r} in {SAMPLES.name}/.")
    files = sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in files}


SIMPLE_PACKAGE: Mapping[str, str] = sample_files("simple_package")  # the chapter's package, as notebook 3 writes it


def _classify(found: Mapping[str, object], mine: Path) -> str:
    """The kind of module found (built-in and frozen first: both are found before ``sys.path`` is searched)."""
    origin, paths = found["origin"], sysconfig.get_paths()
    if found["builtin"] or origin == "built-in":
        return "built-in"
    if origin == "frozen" or found["cached"]:
        return "frozen" if origin == "frozen" else "cache"
    if found["error"] or not isinstance(origin, str):
        return "error"
    if origin == tidy(str(mine)):
        return "yours"
    for key in ("purelib", "platlib", "stdlib", "platstdlib"):
        if origin.startswith(tidy(paths[key]).rstrip("/") + "/"):
            return "stdlib" if "std" in key else "site-packages"
    return "other"


UNEXPECTED = "Unexpected: your file should have come first."
#: What ``import name`` gave, for each kind of finding (true on Python 3.11 to 3.13).
SAYS = {
    "hidden": "{you}\n" + WARNING + "It HIDES the real '{name}' (standard library or installed): every program "
    "started in this folder now gets your file instead.",
    "yours": "{you}\nNo other module has this name: nothing is hidden.",
    "crash": "never ran: Python imports '{name}' while it starts, found {you} and could not start at all.\n({error})",
    "error": "an error: {error} (not {you})",
    "other": "the module at {origin} (not {you})",
    "built-in": "a module built into the interpreter itself (not {you})\nBuilt-in modules are found before sys.path "
    "is searched: a file cannot hide them.",
    "frozen": "a 'frozen' module: its code is stored inside the interpreter (not {you})\nSince Python 3.11 a few "
    "modules needed at start-up (os, io, codecs, ...) are frozen, found before sys.path: a file cannot hide them, "
    "even under `python -S`.",
    "cache": "the module already in sys.modules (not {you})\nPython imported it while starting up, and the cache is "
    "checked first: your file is never even looked at.",
    "stdlib": "the standard library's module (not {you})\n" + UNEXPECTED,
    "site-packages": "an installed package (not {you})\n" + UNEXPECTED,
}


@dataclass(frozen=True)
class ModuleFinding:
    """What ``import name`` gave a fresh Python beside your ``name.py`` (``kind``: a key of :data:`SAYS`)."""

    name: str
    kind: str
    origin: str | None = None
    error: str | None = None
    elsewhere: str | None = None
    cached: bool = False

    @property
    def hidden(self) -> bool:
        return self.kind == "yours" and self.elsewhere is not None

    def __str__(self) -> str:
        text = SAYS.get("hidden" if self.hidden else self.kind, SAYS["other"])
        text = text.format(name=self.name, you=f"your file {self.name}.py", error=self.error, origin=self.origin)
        also = " (It was also loaded already while Python started.)" if self.kind == "frozen" and self.cached else ""
        return f"import {self.name} → {text}{also}"


def which_module(base: Path, name: str, *, timeout: float = 10) -> ModuleFinding:
    """Write an empty ``name.py`` in a fresh folder below ``base``; which module does ``import name`` give there?"""
    workspace.check_identifier(name, "module name")
    folder = workspace.fresh_folder(base, "which_module")
    mine = workspace.write_text(folder, f"{name}.py", f"# An empty module called {name}: does import find it?\n")
    run = run_python([programs.path("which_module"), name], cwd=folder, timeout=timeout)
    if not run.ok or not run.stdout.strip():
        lines = run.stderr.strip().splitlines() or ["no answer"]
        fatal = [line for line in lines if line.startswith("Fatal Python error")]  # the file broke Python's start-up
        return ModuleFinding(name, "crash" if fatal else "error", None, fatal[0] if fatal else lines[-1])
    found = ast.literal_eval(run.stdout.strip().splitlines()[-1])
    origin = found["origin"] if isinstance(found["origin"], str) else None
    kind = _classify(found, mine)
    return ModuleFinding(name, kind, origin, found["error"], found.get("elsewhere"), bool(found["cached"]))


@never_raises
def explain_module_name(base: Path, name: object) -> str:
    """Notebook 1's "name your module" widget: :func:`which_module` as text, a message for a name that is not one."""
    if isinstance(name, str) and name.strip().endswith(".py"):
        raise CourseError(f"Type the module name without '.py': {name.strip()[:-3]!r}, not {name.strip()!r}.")
    return str(which_module(base, name.strip() if isinstance(name, str) else name))


def _identifier_like(name: str) -> str:
    """A name close to ``name`` that an import statement can use: 'my-package' -> 'my_package'."""
    suggestion = ("_" if name[:1].isdigit() else "") + re.sub(r"\W", "_", name)
    return suggestion + "_" if keyword.iskeyword(suggestion) else suggestion


def _form(package: object, modules: object, init_code: object) -> tuple[str, list[str]]:
    """The playground's form, checked: the package folder's name and the module names (else CourseError)."""
    if not isinstance(package, str) or not package.strip():
        raise CourseError(f"A package name must be a non-empty string, not {package!r}.")
    modules = modules.replace(",", " ").split() if isinstance(modules, str) else modules
    if not isinstance(modules, (list, tuple)) or not all(isinstance(m, str) for m in [*modules, init_code]):
        raise CourseError("Module names (like 'a, b') and the __init__.py code must be text.")
    package, names = package.strip(), list(dict.fromkeys(m.strip() for m in modules if m.strip()))
    mistakes = [
        (len(package) > workspace.MAX_NAME, f"That package name is {len(package)} characters long: keep it short."),
        (
            "." in package,
            f"{package!r} holds a dot: in `import a.b` the dot separates a package from its submodule, "
            f"so a folder called {package!r} is never found that way. Use {_identifier_like(package)!r}.",
        ),
        (
            not re.fullmatch(r"[A-Za-z0-9_-]+", package),
            f"{package!r}: use letters, digits and '_' (or '-', to see what `import` makes of it).",
        ),
        (len(names) > 12, f"That is {len(names)} modules; 12 are plenty for an experiment."),
    ]
    for name in names:
        mistakes.append((name.endswith(".py"), f"Write module names without '.py': {name[:-3]!r}, not {name!r}."))
        mistakes.append((name[:2] == name[-2:] == "__", f"{name!r} is a special file name: pick one like 'a'."))
    for bad, message in mistakes:
        if bad:
            raise CourseError(message)
    for name in names:
        workspace.check_identifier(name, "module name")
    return package, names


def _unreachable(folder: Path, package: str, names: list[str], timeout: float) -> list[str]:
    """What a package whose name is not an identifier gives: no import statement, but ``import_module`` works."""
    error = ""
    try:
        compile(f"import {package}", "<cell>", "exec")
    except SyntaxError as exc:
        error = exc.msg
    why = "is a Python keyword" if keyword.iskeyword(package) else "is not a Python identifier"
    targets = [package] + [f"{package}.{name}" for name in names]
    code = f"import importlib, sys\nfor t in {targets!r}:\n    importlib.import_module(t)\n"
    code += "print('@@', *sorted(sys.modules))"
    run = run_python(["-c", code], path=[folder], timeout=timeout)
    head, found, tail = run.stdout.rpartition("@@ ")
    printed, loaded = (head, ", ".join(m for m in tail.split() if m.split(".")[0] == package)) if found else (tail, "")
    return [
        f"▶ import {package}\n✗ SyntaxError: {error}",
        f"{WARNING}{package!r} {why}: no import statement can name this folder (nor `from {package} import ...`).\n",
        *(f"▶ importlib.import_module({target!r})" for target in targets),
        *printed.splitlines(),
        f"✓ works: the import system takes any folder name; modules loaded: {loaded}"
        if run.ok
        else ("✗ " + checks.last_line(run.stderr)),
        "\nSo the folder is importable, but only by a string, never in an import statement: "
        f"call it {_identifier_like(package)!r} instead.",
    ]


@never_raises
def package_playground(base: Path, package: str, modules: object = "a, b", init_code: str = "", *, timeout=10) -> str:
    """Notebook 3's playground: build ``package`` from the form below ``base``; report its tree and its imports."""
    package, names = _form(package, modules, init_code)
    hello = "def hello():\n    print(\"Hello, function 'hello' from module '{}' calling\")\n"
    files = {"__init__.py": init_code, **{f"{name}.py": hello.format(name) for name in names}}
    folder = workspace.fresh_folder(base, "playground")
    for relative, source in files.items():  # names checked above (write_package would refuse 'my-package')
        workspace.write_text(workspace.safe_path(folder, package), relative, source)
    parts = [workspace.tree(folder), ""]
    if not package.isidentifier() or keyword.iskeyword(package):
        return "\n".join([*parts, *_unreachable(folder, package, names, timeout)])
    if package in sys.stdlib_module_names or package in sys.builtin_module_names:
        parts += [f"{WARNING}'{package}' is also the name of a standard-library module: pick another in real code.", ""]
    parts.append(str(import_report(folder, f"import {package}", timeout=timeout)))
    if names:
        parts += ["", str(import_report(folder, f"from {package} import {', '.join(names)}", timeout=timeout))]
    return "\n".join(parts)
