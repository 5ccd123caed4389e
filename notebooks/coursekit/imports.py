"""Explain import statements: what they bind, what they load, where dots lead.

The widgets of the importing notebooks call these plain functions; the
``explain_*`` functions never raise for bad input, they answer with a message.

>>> bound_names("import simple_package.a")
('simple_package',)
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
import types
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.ui import never_raises

__all__ = [
    "bound_names",
    "resolve",
    "explain_relative_import",
    "explain_import",
    "describe_module",
]


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


def bound_names(statement: str) -> tuple[str, ...]:
    """The names an import statement binds in the namespace where it runs, in order.

    Worked out from the statement alone (nothing is imported). ``import a.b``
    binds only ``a``; an ``as`` clause binds just the alias; ``*`` is shown as ``'*'``.

    >>> bound_names("from simple_package import a, b")
    ('a', 'b')
    >>> bound_names("import simple_package.b as sb")
    ('sb',)
    >>> bound_names("from shapes2d import area as flat; import math")
    ('flat', 'math')
    """
    names: list[str] = []
    for node in _parse_imports(statement):
        for alias in node.names:
            if alias.asname:
                names.append(alias.asname)
            elif isinstance(node, ast.Import):
                names.append(alias.name.split(".")[0])
            else:
                names.append(alias.name)
    return tuple(names)


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
            "(python file.py) is named '__main__' and belongs to no package, so the dots have "
            "nothing to count from. Run it as 'python -m package.module' from the folder above "
            "the package instead."
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


@never_raises
def explain_relative_import(statement: str, module: str, is_package: bool = False) -> str:
    """Explain, step by step, which absolute import a relative one stands for.

    Never raises: bad input comes back as a message starting with :data:`coursekit.ui.WARNING`.

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
    absolute = resolve(statement, module, is_package=is_package)
    level, target, names = _relative_target(statement)
    module = module.strip()
    shown = "." * level + target
    if names:
        shown = f"from {shown} import {', '.join(names)}"
    if level == 0:
        return f"▶ {shown}\nNo leading dots: an absolute import, the same in every module."
    package = module if is_package else module.rpartition(".")[0]
    where = f"package {module} (its __init__.py)" if is_package else f"module {module}"
    lines = [
        f"▶ {shown}    (written inside {where})",
        f"__package__ of {module} is {package!r}",
        f"'.' is that package itself: {package!r}",
    ]
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


@never_raises
def describe_module(module: types.ModuleType) -> str:
    """What kind of thing an imported module is, and the attributes that tell where it came from.

    Paths are shown relative to ``notebooks/`` (or to the Python installation), so the
    text is the same on every machine. Anything but a module object gives a
    :data:`coursekit.ui.WARNING` message instead of an exception.

    >>> import coursekit.exercises
    >>> print(describe_module(coursekit.exercises))
    coursekit.exercises: regular package (a folder with __init__.py)
      __name__:    'coursekit.exercises'
      __package__: 'coursekit.exercises'
      __file__:    coursekit/exercises/__init__.py
      __path__:    list of 1
        coursekit/exercises
    >>> print(describe_module(coursekit.exercises.start).splitlines()[-1])
      __path__:    (none: a plain module, not a package, so no submodules)
    >>> print(describe_module("math"))
    ⚠️ 'math' is a str, not a module: pass the module object itself (import it first).
    """
    if not isinstance(module, types.ModuleType):
        raise CourseError(
            f"{module!r} is a {type(module).__name__}, not a module: pass the module object itself (import it first)."
        )
    file = getattr(module, "__file__", None)
    search = getattr(module, "__path__", None)
    if search is None:
        kind = "module (a single file)" if file else "built-in module (no file at all)"
    elif file is None:
        kind = "namespace package (folders without __init__.py)"
    else:
        kind = "regular package (a folder with __init__.py)"
    lines = [
        f"{module.__name__}: {kind}",
        f"  __name__:    {module.__name__!r}",
        f"  __package__: {getattr(module, '__package__', None)!r}",
        f"  __file__:    {_show_path(file) if file else None}",
    ]
    if search is None:
        lines.append("  __path__:    (none: a plain module, not a package, so no submodules)")
    else:
        lines.append(f"  __path__:    {type(search).__name__} of {len(list(search))}")
        lines += [f"    {_show_path(p)}" for p in search]
    return "\n".join(lines)


def _show_path(path: str) -> str:
    shown = workspace.rel(path)
    return shown if not shown.startswith(".../") else packages.tidy(str(path))
