"""Widget logic of notebooks 4 and 5: :func:`explain_import` (what one import statement binds and loads,
in a fresh Python) and :func:`explain_relative_import` (which absolute import a relative one stands for)."""

from __future__ import annotations

import ast
import importlib.util
import os
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.ui import never_raises

__all__ = ["RUN_AS", "resolve", "explain_relative_import", "explain_import"]

#: How the module holding the statement runs: the choices of :func:`explain_relative_import`.
RUN_AS = {
    "import": "imported by other code",
    "-m": "run with python -m",
    "script": "run as a script: python path/to/file.py",
}
_NO_PARENT = "attempted relative import with no known parent package: "
_WITH_M = "'python -m package.module' from the folder above the package"


def _relative_target(statement: object) -> tuple[int, str, list[str]]:
    """(dots, module after the dots, imported names) of one ``from`` statement, or of a bare ``..name``."""
    if not isinstance(statement, str) or not statement.strip():
        raise CourseError(f"Type an import statement, e.g. 'import simple_package' (got {statement!r}).")
    text = statement.strip()
    if text.startswith(".") and " " not in text:  # a bare relative name like '..formats'
        name = text.lstrip(".")
        return len(text) - len(name), name and workspace.check_identifier(name, "name after the dots", dotted=True), []
    try:
        nodes = ast.parse(text).body
    except SyntaxError as exc:
        tip = " Relative imports only exist in the form 'from . import name'." if text.startswith("import .") else ""
        raise CourseError(f"{text!r} is not valid Python: {exc.msg}.{tip}") from None
    if not nodes or not all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in nodes):
        raise CourseError(f"{text!r} is not an import statement: start it with 'import' or 'from'.")
    if len(nodes) != 1:
        raise CourseError("Give one import statement at a time.")
    if isinstance(nodes[0], ast.Import):
        raise CourseError(
            f"{text!r} has no leading dots: it is an absolute import, and it means the same in every module."
        )
    return nodes[0].level, nodes[0].module or "", [alias.name for alias in nodes[0].names]


def resolve(statement: str, module: str, *, is_package: bool = False) -> str:
    """The absolute module a ``from`` statement written in ``module`` imports from (CourseError: why not)."""
    level, target, _ = _relative_target(statement)
    module = workspace.check_identifier(module, "module name", dotted=True)
    if not isinstance(is_package, bool):
        raise CourseError(f"is_package must be True or False, not {is_package!r}.")
    package = module if is_package else module.rpartition(".")[0]
    if level and module == "__main__":
        raise CourseError(
            f"{_NO_PARENT}a file run as a script (python file.py) is the module '__main__' and its __package__ is "
            f"None: it belongs to no package, so the dots have nothing to count from. Run it as {_WITH_M} instead."
        )
    if level and not package:
        raise CourseError(
            f"{_NO_PARENT}{module!r} is a top-level module (its __package__ is ''), so the dots have nothing to "
            f"count from. Put it in a package and run it with {_WITH_M}."
        )
    try:
        return importlib.util.resolve_name("." * level + target, package) if level else target
    except ImportError as exc:  # Python says "beyond top-level package"
        top = module.split(".")[0]
        raise CourseError(f"{exc}: {level} dots from {module} climb above {top!r}, the top-level package.") from None


def _as_script(shown: str, level: int, module: str, is_package: bool) -> str:
    """:func:`explain_relative_import` for a file run by its path, whose ``__package__`` is None."""
    file = module.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    head = f"▶ {shown}    (in {file}, run as a script: python {file})"
    if level == 0:
        return (
            f"{head}\nNo leading dots: an absolute import. Run as a script, it is looked up on sys.path, whose first "
            f"entry is the script's own folder ({file.rpartition('/')[0] or '.'}), not the folder above the package."
        )
    if is_package:
        fix = f"An __init__.py runs when its package is imported: import {module} (python -m runs __main__.py)."
    elif "." not in module:
        fix = f"{module} is a top-level module: even python -m {module} gives __package__ '': put it in a package."
    else:
        fix = f"Run it as python -m {module}, from the folder that holds {module.split('.')[0]}/."
    return (
        f"{head}\n__name__ is '__main__' and __package__ is None: a script belongs to no package\n"
        f"✗ ImportError: attempted relative import with no known parent package\n  {fix}"
    )


@never_raises
def explain_relative_import(statement: str, module: str, is_package: bool = False, run_as: str = "import") -> str:
    """Which absolute import ``statement``, written in ``module``, stands for when that module runs as
    ``run_as`` (a key of :data:`RUN_AS`), step by step."""
    if run_as not in RUN_AS:
        raise CourseError(f"run_as must be one of {', '.join(map(repr, RUN_AS))}, not {run_as!r}.")
    if not isinstance(is_package, bool):
        raise CourseError(f"is_package must be True or False, not {is_package!r}.")
    if run_as == "-m" and is_package:
        raise CourseError(
            f"python -m {str(module).strip()} runs the package's __main__.py (notebook 6), not its "
            "__init__.py: untick the __init__.py box to ask about a module run with -m."
        )
    level, target, names = _relative_target(statement)
    module = workspace.check_identifier(module, "module name", dotted=True)
    shown = f"from {'.' * level}{target} import {', '.join(names)}" if names else "." * level + target
    if run_as == "script" and module != "__main__":
        return _as_script(shown, level, module, is_package)
    absolute = resolve(statement, module, is_package=is_package)
    if level == 0:
        return f"▶ {shown}\nNo leading dots: an absolute import, the same in every module."
    package = module if is_package else module.rpartition(".")[0]
    where = f"package {module} (its __init__.py)" if is_package else f"module {module}"
    if run_as == "-m":
        lines = [f"▶ {shown}    (in module {module}, run with python -m {module})"]
        lines.append(f"__name__ is '__main__', but -m sets __package__ as an import would: {package!r}")
    else:
        lines = [f"▶ {shown}    (written inside {where})", f"__package__ of {module} is {package!r}"]
    lines.append(f"'.' is that package itself: {package!r}")
    parts = package.split(".")
    lines += [f"'{'.' * n}' goes up one level: {'.'.join(parts[: len(parts) - n + 1])!r}" for n in range(2, level + 1)]
    if target:
        lines.append(f"then '.{target}' goes down into: {absolute!r}")
    lines.append(f"= from {absolute} import {', '.join(names)}" if names else f"= {absolute}")
    if not target and names and names != ["*"]:
        subs = ", ".join(f"{absolute}.{name}" for name in names)
        lines.append(f"  (a name that {absolute} does not define itself is loaded as a submodule: {subs})")
    return "\n".join(lines)


@never_raises
def explain_import(base: str | os.PathLike, statement: str) -> str:
    """Notebook 4's widget: run ``statement`` in a fresh Python with ``base`` on ``sys.path``, as text."""
    text = statement.strip() if isinstance(statement, str) else statement
    if isinstance(text, str) and text.startswith("import ."):
        raise CourseError(
            f"{text!r} is not valid Python. Relative imports only exist in the form 'from . import name'."
        )
    return str(packages.import_report(Path(base), text))
