"""Widget logic of notebooks 4 and 5: :func:`explain_import` (what one import statement binds and loads,
in a fresh Python) and :func:`explain_relative_import` (which absolute import a relative one stands for)."""

import ast
import importlib.util
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.ui import never_raises

#: How the module holding the statement runs: the choices of :func:`explain_relative_import`.
RUN_AS = {"import": "imported by other code", "-m": "run with python -m", "script": "run as a script: python file.py"}


def _parse(statement: object) -> ast.Import | ast.ImportFrom:
    """The one import statement in ``statement`` (CourseError: why it is not one)."""
    if not isinstance(statement, str) or not statement.strip():
        raise CourseError(f"Type an import statement, e.g. 'from . import echo' (got {statement!r}).")
    text = statement.strip()
    try:
        nodes = ast.parse(text).body
    except SyntaxError as exc:
        tip = " Relative imports only exist in the form 'from . import x'." if text.startswith("import .") else ""
        raise CourseError(f"{text!r} is not valid Python: {exc.msg}.{tip}") from None
    if not nodes or not all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in nodes):
        raise CourseError(f"{text!r} is not an import statement: start it with 'import' or 'from'.")
    if len(nodes) != 1:
        raise CourseError("Give one import statement at a time.")
    return nodes[0]


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
    """Step by step, the absolute import that ``statement`` in ``module`` stands for when it runs as ``run_as``."""
    if run_as not in RUN_AS:
        raise CourseError(f"run_as must be one of {', '.join(map(repr, RUN_AS))}, not {run_as!r}.")
    node, module = _parse(statement), workspace.check_identifier(module, "module name", dotted=True)
    if run_as == "-m" and is_package:
        raise CourseError(f"python -m {module} runs the package's __main__.py (notebook 6), not its __init__.py.")
    level, shown = getattr(node, "level", 0), ast.unparse(node)
    if run_as == "script" and module != "__main__":
        return _as_script(shown, level, module, is_package)
    if level == 0:
        return f"▶ {shown}\nNo leading dots: an absolute import, the same in every module."
    package = module if is_package else module.rpartition(".")[0]
    if not package:
        why = "a script: its __package__ is None" if module == "__main__" else "top-level: its __package__ is ''"
        raise CourseError(
            f"attempted relative import with no known parent package: {module!r} is {why}, so the dots have nothing "
            "to count from. Put it in a package, run it with python -m package.module from the folder above it."
        )
    try:
        absolute = importlib.util.resolve_name("." * level + (node.module or ""), package)
    except ImportError as exc:  # Python says "beyond top-level package"
        raise CourseError(f"{exc}: {level} dots from {module} climb above {module.split('.')[0]!r}.") from None
    if run_as == "-m":
        lines = [f"▶ {shown}    (in module {module}, run with python -m {module})"]
        lines.append(f"__name__ is '__main__', but -m sets __package__ as an import would: {package!r}")
    else:
        where = f"package {module} (its __init__.py)" if is_package else f"module {module}"
        lines = [f"▶ {shown}    (written inside {where})", f"__package__ of {module} is {package!r}"]
    lines.append(f"'.' is that package itself: {package!r}")
    lines += [f"'{'.' * n}' goes up one level: {package.rsplit('.', n - 1)[0]!r}" for n in range(2, level + 1)]
    if node.module:
        lines.append(f"then '.{node.module}' goes down into: {absolute!r}")
    lines.append(f"= from {absolute} import {shown.partition(' import ')[2]}")
    subs = ", ".join(f"{absolute}.{alias.name}" for alias in node.names)
    if not node.module and subs != f"{absolute}.*":
        lines.append(f"  (a name that {absolute} does not define itself is loaded as a submodule: {subs})")
    return "\n".join(lines)


@never_raises
def explain_import(base: Path, statement: str) -> str:
    """Notebook 4's widget: run ``statement`` in a fresh Python with ``base`` on ``sys.path``, as text."""
    text = statement.strip() if isinstance(statement, str) else statement
    if isinstance(text, str) and text.startswith("import ."):
        raise CourseError(f"{text!r} is not valid Python: relative imports only exist in the form 'from . import x'.")
    return str(packages.import_report(Path(base), text))
