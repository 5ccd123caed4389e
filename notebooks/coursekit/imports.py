"""The widget logic of notebooks 4 and 5: what an import statement loads, where dots lead.

- Notebook 4's import explorer: :func:`explain_import` runs one import statement in a fresh
  interpreter and reports the names it binds and the modules it loads (it wraps
  :func:`coursekit.packages.import_report`).
- Notebook 5's relative-import explainer: :func:`explain_relative_import` (with :func:`resolve`
  and the choices :data:`RUN_AS`) says, step by step, which absolute import a relative one
  stands for, and why a script run by its path has no package to count the dots from.

The ``explain_*`` functions never raise for bad input: they answer with a message.

>>> resolve("from ..filters import equalizer", "sound.effects.surround")
'sound.filters'
>>> print(explain_relative_import("from . import echo", "sound.effects.surround"))
▶ from . import echo    (written inside module sound.effects.surround)
__package__ of sound.effects.surround is 'sound.effects'
'.' is that package itself: 'sound.effects'
= from sound.effects import echo
  (a name that sound.effects does not define itself is loaded as a submodule: sound.effects.echo)
"""

from __future__ import annotations

import ast
import importlib.util
import os
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.ui import never_raises

__all__ = ["RUN_AS", "resolve", "explain_relative_import", "explain_import"]


def _parse_imports(statement: object) -> list[ast.Import | ast.ImportFrom]:
    """Parse ``statement`` and return its import nodes, or explain what is wrong."""
    if not isinstance(statement, str) or not statement.strip():
        raise CourseError(f"Type an import statement, e.g. 'import simple_package' (got {statement!r}).")
    try:
        tree = ast.parse(statement.strip())
    except SyntaxError as exc:
        tip = ""
        if statement.strip().startswith("import ."):
            tip = " Relative imports only exist in the form 'from . import name'."
        raise CourseError(f"{statement.strip()!r} is not valid Python: {exc.msg}.{tip}") from None
    nodes = tree.body
    if not nodes or not all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in nodes):
        raise CourseError(f"{statement.strip()!r} is not an import statement: start it with 'import' or 'from'.")
    return nodes


def _relative_target(statement: object) -> tuple[int, str, list[str]]:
    """(level, module after the dots, imported names) of a ``from`` statement."""
    if isinstance(statement, str) and statement.strip().startswith(".") and " " not in statement.strip():
        level = len(statement) - len(statement.lstrip().lstrip("."))
        return (
            level,
            workspace.check_identifier(statement.strip().lstrip("."), "name after the dots", dotted=True)
            if statement.strip().strip(".")
            else "",
            [],
        )  # a bare relative name like '..formats'
    nodes = _parse_imports(statement)
    if len(nodes) != 1:
        raise CourseError("Give one import statement at a time.")
    node = nodes[0]
    if isinstance(node, ast.Import):
        raise CourseError(
            f"{ast.unparse(node)!r} has no leading dots: it is an absolute import, "
            "and it means the same in every module."
        )
    return node.level, node.module or "", [a.name for a in node.names]


def resolve(statement: str, module: str, *, is_package: bool = False) -> str:
    """The absolute module that a relative ``from`` statement imports from.

    ``module`` is the dotted name of the module the statement is written in;
    ``is_package=True`` says that module is a package's ``__init__.py``.
    Raises :class:`coursekit.CourseError` with Python's own reason when the
    import cannot work.

    >>> resolve("from .wavwrite import LOWEST", "sound.formats.wavread")
    'sound.formats.wavwrite'
    >>> resolve("from . import echo", "sound.effects", is_package=True)
    'sound.effects'
    >>> resolve("from ... import x", "sound.effects.echo")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    coursekit.CourseError: attempted relative import beyond top-level package: 3 dots from sound.effects.echo
    climb above 'sound', the top-level package.
    """
    level, target, _ = _relative_target(statement)
    module = workspace.check_identifier(module, "module name", dotted=True)
    if not isinstance(is_package, bool):
        raise CourseError(f"is_package must be True or False, not {is_package!r}.")
    if level == 0:
        return target
    package = module if is_package else module.rpartition(".")[0]
    if module == "__main__":
        raise CourseError(
            "attempted relative import with no known parent package: a file run as a script "
            "(python file.py) is the module '__main__' and its __package__ is None: it belongs to "
            "no package, so the dots have nothing to count from. Run it as 'python -m package.module' "
            "from the folder above the package instead."
        )
    if not package:
        raise CourseError(
            f"attempted relative import with no known parent package: {module!r} is a top-level "
            "module (its __package__ is ''), so the dots have nothing to count from. Put it in a "
            "package and run it with 'python -m package.module' from the folder above the package."
        )
    try:
        return importlib.util.resolve_name("." * level + target, package)
    except ImportError as exc:  # Python says "beyond top-level package"
        top = module.split(".")[0]
        raise CourseError(f"{exc}: {level} dots from {module} climb above {top!r}, the top-level package.") from None


#: How the module holding the statement runs: the choices of :func:`explain_relative_import`.
RUN_AS = {
    "import": "imported by other code",
    "-m": "run with python -m",
    "script": "run as a script: python path/to/file.py",
}


def _explain_as_script(shown: str, level: int, module: str, is_package: bool) -> str:
    """The part of :func:`explain_relative_import` for a file run by its path."""
    file = module.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    head = f"▶ {shown}    (in {file}, run as a script: python {file})"
    if level == 0:
        return (
            f"{head}\nNo leading dots: an absolute import. Run as a script, it is looked up on sys.path, "
            f"whose first entry is the script's own folder ({file.rpartition('/')[0] or '.'}), "
            "not the folder above the package."
        )
    if "." not in module and not is_package:
        fix = f"{module} is a top-level module: even python -m {module} gives __package__ '': put it in a package."
    elif is_package:
        fix = f"An __init__.py runs when its package is imported: import {module} (python -m runs __main__.py)."
    else:
        fix = f"Run it as python -m {module}, from the folder that holds {module.split('.')[0]}/."
    return "\n".join(
        [
            head,
            "__name__ is '__main__' and __package__ is None: a script belongs to no package",
            "✗ ImportError: attempted relative import with no known parent package",
            "  " + fix,
        ]
    )


@never_raises
def explain_relative_import(statement: str, module: str, is_package: bool = False, run_as: str = "import") -> str:
    """Explain, step by step, which absolute import a relative one stands for.

    ``run_as`` says how ``module`` runs (a key of :data:`RUN_AS`): imported (the default),
    with ``python -m module`` (``__name__`` is ``'__main__'`` but ``__package__`` is set as
    for an import), or as a script by its path (``__package__`` is ``None``: dots fail).
    Never raises: bad input comes back as a message starting with :data:`coursekit.ui.WARNING`.

    >>> print(explain_relative_import("from . import echo", "sound.effects.surround", run_as="script"))
    ▶ from . import echo    (in sound/effects/surround.py, run as a script: python sound/effects/surround.py)
    __name__ is '__main__' and __package__ is None: a script belongs to no package
    ✗ ImportError: attempted relative import with no known parent package
      Run it as python -m sound.effects.surround, from the folder that holds sound/.

    >>> print(explain_relative_import("from ..filters import equalizer", "sound.effects.surround"))
    ▶ from ..filters import equalizer    (written inside module sound.effects.surround)
    __package__ of sound.effects.surround is 'sound.effects'
    '.' is that package itself: 'sound.effects'
    '..' goes up one level: 'sound'
    then '.filters' goes down into: 'sound.filters'
    = from sound.filters import equalizer
    >>> print(explain_relative_import("from .. import x", "tool"))  # doctest: +NORMALIZE_WHITESPACE
    ⚠️ attempted relative import with no known parent package: 'tool' is a top-level module (its __package__
    is ''), so the dots have nothing to count from. Put it in a package and run it with 'python -m
    package.module' from the folder above the package.
    """
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
    shown = "." * level + target
    if names:
        shown = f"from {shown} import {', '.join(names)}"
    if run_as == "script" and module != "__main__":
        return _explain_as_script(shown, level, module, is_package)
    absolute = resolve(statement, module, is_package=is_package)
    if level == 0:
        return f"▶ {shown}\nNo leading dots: an absolute import, the same in every module."
    package = module if is_package else module.rpartition(".")[0]
    where = f"package {module} (its __init__.py)" if is_package else f"module {module}"
    if run_as == "-m":
        lines = [
            f"▶ {shown}    (in module {module}, run with python -m {module})",
            f"__name__ is '__main__', but -m sets __package__ as an import would: {package!r}",
        ]
    else:
        lines = [f"▶ {shown}    (written inside {where})", f"__package__ of {module} is {package!r}"]
    lines.append(f"'.' is that package itself: {package!r}")
    parts = package.split(".")
    for step in range(2, level + 1):
        lines.append(f"'{'.' * step}' goes up one level: {'.'.join(parts[: len(parts) - step + 1])!r}")
    if target:
        lines.append(f"then '.{target}' goes down into: {absolute!r}")
    lines.append(f"= from {absolute} import {', '.join(names)}" if names else f"= {absolute}")
    if not target and names and names != ["*"]:
        subs = ", ".join(f"{absolute}.{n}" for n in names)
        lines.append(f"  (a name that {absolute} does not define itself is loaded as a submodule: {subs})")
    return "\n".join(lines)


@never_raises
def explain_import(base: str | os.PathLike, statement: str) -> str:
    """Run ``statement`` in a fresh interpreter with ``base`` on ``sys.path``; report it as text.

    A thin, never-raising wrapper around :func:`coursekit.packages.import_report`
    for widgets: bad input comes back as a message starting with :data:`coursekit.ui.WARNING`.

    >>> print(explain_import(workspace.folder("doctest_demo"), "x = 1"))
    ⚠️ 'x = 1' is not an import statement: start it with 'import' or 'from'.
    """
    if isinstance(statement, str):
        statement = statement.strip()
    _parse_imports(statement)
    return str(packages.import_report(Path(base), statement))
