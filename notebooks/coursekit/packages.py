"""Widget logic of notebooks 1 and 3, the chapter's :data:`SIMPLE_PACKAGE`, and the course's fresh-Python runs."""

import ast
import json
import keyword
import re
import sys
from pathlib import Path
from typing import NamedTuple

from coursekit import CourseError, checks, programs, workspace
from coursekit.ui import WARNING, never_raises


def write_package(base: Path, name: str, files: dict[str, str]) -> Path:
    """Write the package ``base/name`` holding ``files`` ({"sub/x.py": source}), for the course's own packages."""
    package = workspace.safe_path(base, workspace.check_identifier(name, "package name"))
    for relative, source in files.items():
        workspace.write_text(package, relative, source)
    return package


#: What a child Python process did: exit code, its (tidied) output, and ``ok`` (it exited with 0).
class Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    ok: bool


def tidy(text: str) -> str:
    """Replace machine-specific absolute paths in ``text`` with course-relative ones."""
    text = text.replace(str(workspace.ROOT), "workspace").replace(str(workspace.NOTEBOOKS), "notebooks")
    return text.replace(sys.prefix, "<python>").replace(sys.base_prefix, "<python>")


def run_python(args: list[str], *, path=(), cwd=None, timeout=20) -> Run:
    """``python *args`` in a fresh process, ``path`` first on sys.path, in ``cwd`` (or path[0]); output tidied."""
    entries = [Path(p).resolve() for p in path]
    folder = Path(cwd) if cwd is not None else (entries[0] if entries else workspace.ROOT)
    try:
        done = checks.run_python(["-W", "ignore", *args], folder, entries, timeout)
    except checks.Wrong:
        return Run(-1, "", f"Stopped after {timeout:g} seconds: does the code wait for input or loop forever?\n", False)
    return Run(done.returncode, tidy(done.stdout), tidy(done.stderr), done.returncode == 0)


def import_report(base: Path, statement: str, *, timeout: float = 20) -> str:
    """What the import ``statement`` does in a fresh Python with ``base`` on sys.path (only imports run), as text."""
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
    lines = ["▶ " + line for line in statement.splitlines()]
    if not run.ok or not run.stdout.strip():
        return "\n".join([*lines, "✗ " + (run.stderr.strip().splitlines() or ["no answer"])[-1]])
    data = json.loads(run.stdout.strip().splitlines()[-1])
    lines += [data["printed"].rstrip("\n")] if data["printed"] else []
    if data["error"]:
        return "\n".join([*lines, f"✗ {data['error']}"])
    lines.append("names bound here: " + (", ".join(data["names"]) or "(none)"))
    lines.append("modules loaded:   " + (", ".join(data["modules"]) or "(none from the workspace)"))
    for package, subs in data["submodules"].items():
        away = ", ".join(sorted(p.stem for p in (base / package).glob("*.py") if p.stem != "__init__"))
        if subs:
            lines.append(f"{package} has submodule attributes: {', '.join(subs)}")
        else:
            lines.append(f"{package} has no submodule attributes yet" + (f" ({away} not loaded)" if away else ""))
    return "\n".join(lines)


SAMPLES = Path(__file__).resolve().parents[2] / "sample_packages"  # the finished reference packages


def sample_files(name: str) -> dict[str, str]:
    """The ``.py`` files of ``sample_packages/<name>``, as {path inside it: source}."""
    folder = SAMPLES / name
    if not folder.is_dir():
        raise CourseError(f"There is no sample package {name!r} in {SAMPLES.name}/.")
    files = sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in files}


SIMPLE_PACKAGE: dict[str, str] = sample_files("simple_package")  # the chapter's package, as notebook 3 writes it

#: What ``import name`` gave, for each kind of finding (true on Python 3.11 to 3.13).
SAYS = {
    "hidden": "{you}\n" + WARNING + "It HIDES the real '{name}': every program started here now gets your file.",
    "yours": "{you}\nNo other module has this name: nothing is hidden.",
    "error": "an error: {error} (not {you})",
    "other": "the module at {origin} (not {you})",
    "built-in": "a module built into the interpreter itself (not {you})\nBuilt-in modules are found before sys.path "
    "is searched: a file cannot hide them.",
    "frozen": "a 'frozen' module, stored inside the interpreter (not {you})\nSince Python 3.11 the modules needed at "
    "start-up (os, io, codecs, ...) are frozen, found before sys.path: a file cannot hide them, even with python -S.",
    "cache": "the module already in sys.modules (not {you})\nPython imported it while starting up, and the cache is "
    "checked first: your file is never even looked at.",
}


def _classify(found: dict, mine: Path) -> str:
    """The key of :data:`SAYS` for what a fresh Python found (built-in and frozen first: found before the cache)."""
    origin = found.get("origin")
    if found.get("builtin") or origin == "built-in":
        return "built-in"
    if origin == "frozen" or found.get("cached"):
        return "frozen" if origin == "frozen" else "cache"
    if found["error"] or origin != tidy(str(mine)):
        return "error" if found["error"] else "other"
    return "hidden" if found.get("elsewhere") else "yours"


def which_module(base: Path, name: str, *, timeout: float = 10) -> str:
    """Write an empty ``name.py`` in a fresh folder below ``base``; what ``import name`` gives there, as text."""
    workspace.check_identifier(name, "module name")
    folder = workspace.fresh_folder(base, "which_module")
    mine = workspace.write_text(folder, f"{name}.py", f"# An empty module called {name}: does import find it?\n")
    run = run_python([programs.path("which_module"), name], cwd=folder, timeout=timeout)
    printed = run.stdout.strip().splitlines()
    found = ast.literal_eval(printed[-1]) if run.ok and printed else {"error": checks.last_line(run.stderr)}
    return f"import {name} → " + SAYS[_classify(found, mine)].format(name=name, you=f"your file {name}.py", **found)


@never_raises
def explain_module_name(base: Path, name: object) -> str:
    """Notebook 1's "name your module" widget: :func:`which_module`, or a message for a name that is not one."""
    name = name.strip() if isinstance(name, str) else name
    if isinstance(name, str) and name.endswith(".py"):
        raise CourseError(f"Type the module name without '.py': {name[:-3]!r}, not {name!r}.")
    return which_module(base, name)


def _identifier_like(name: str) -> str:
    """A name close to ``name`` that an import statement can use: 'my-package' -> 'my_package'."""
    suggestion = ("_" if name[:1].isdigit() else "") + re.sub(r"\W", "_", name)
    return suggestion + "_" if keyword.iskeyword(suggestion) else suggestion


def _form(package: object, modules: object, init_code: object) -> tuple[str, list[str]]:
    """The playground's form, checked: the package folder's name and the module names (else CourseError)."""
    if not all(isinstance(text, str) for text in (package, modules, init_code)) or not package.strip():
        raise CourseError("Type a package name; module names (like 'a, b') and __init__.py code must be text.")
    package, names = package.strip(), list(dict.fromkeys(modules.replace(",", " ").split()))
    better, odd = _identifier_like(package), not re.fullmatch(r"[\w-]+", package, re.ASCII)
    bad = ", ".join(repr(name) for name in names if name.endswith(".py") or name[:2] == name[-2:] == "__")
    checks.first_mistake(
        (len(package) > workspace.MAX_NAME, f"That package name is {len(package)} characters long: keep it short."),
        ("." in package, f"{package!r} holds a dot, read by `import a.b` as submodule b of a: use {better!r}."),
        (odd, f"{package!r}: use letters, digits and '_' (or '-', to see what `import` makes of it)."),
        (len(names) > 12, f"That is {len(names)} modules; 12 are plenty for an experiment."),
        (bad, f"Write module names like 'a' (without '.py' or '__'), not {bad}."),
        error=CourseError,
    )
    return package, [workspace.check_identifier(name, "module name") for name in names]


def _unreachable(folder: Path, package: str, names: list[str], timeout: float) -> list[str]:
    """What a package whose name is not an identifier gives: no import statement, but ``import_module`` works."""
    try:
        compile(f"import {package}", "<cell>", "exec")
    except SyntaxError as exc:
        error = exc.msg
    why = "is a Python keyword" if keyword.iskeyword(package) else "is not a Python identifier"
    better = _identifier_like(package)
    targets = [package] + [f"{package}.{name}" for name in names]
    code = f"import importlib, sys\nfor t in {targets!r}:\n    importlib.import_module(t)\n"
    code += "print('@@', *sorted(sys.modules))"
    run = run_python(["-c", code], path=[folder], timeout=timeout)
    head, found, tail = run.stdout.rpartition("@@ ")
    loaded = ", ".join(m for m in tail.split() if m.split(".")[0] == package)
    result = f"✓ works: the import system takes any folder name; modules loaded: {loaded}"
    return [
        f"▶ import {package}\n✗ SyntaxError: {error}",
        f"{WARNING}{package!r} {why}: no import statement can name this folder (nor `from {package} import ...`).\n",
        *(f"▶ importlib.import_module({target!r})" for target in targets),
        *(head if found else tail).splitlines(),
        result if run.ok else "✗ " + checks.last_line(run.stderr),
        f"\nSo it is importable, but only by a string, never in an import statement: call it {better!r} instead.",
    ]


@never_raises
def package_playground(base: Path, package: str, modules: object = "a, b", init_code: str = "", *, timeout=10) -> str:
    """Notebook 3's playground: build ``package`` from the form below ``base``; report its tree and its imports."""
    package, names = _form(package, modules, init_code)
    hello = "def hello():\n    print(\"Hello, function 'hello' from module '{}' calling\")\n"
    folder = workspace.fresh_folder(base, "playground")
    workspace.write_text(folder, f"{package}/__init__.py", init_code)  # names checked: write_package refuses 'a-b'
    for name in names:
        workspace.write_text(folder, f"{package}/{name}.py", hello.format(name))
    parts = [workspace.tree(folder), ""]
    if not package.isidentifier() or keyword.iskeyword(package):
        return "\n".join([*parts, *_unreachable(folder, package, names, timeout)])
    if package in sys.stdlib_module_names or package in sys.builtin_module_names:
        parts += [f"{WARNING}'{package}' is also the name of a standard-library module: pick another in real code.", ""]
    parts.append(import_report(folder, f"import {package}", timeout=timeout))
    if names:
        parts += ["", import_report(folder, f"from {package} import {', '.join(names)}", timeout=timeout)]
    return "\n".join(parts)
