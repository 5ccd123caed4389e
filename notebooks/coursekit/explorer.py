"""Widget logic of notebook 15: :func:`describe` reports on an installed package; a bad name gets a sentence."""

from __future__ import annotations

import html
import importlib
import importlib.metadata as metadata
import importlib.util
import pkgutil
import re
import sys
import sysconfig
import warnings
from pathlib import Path

from packaging.requirements import Requirement

from coursekit import CourseError, workspace
from coursekit.ui import WARNING, never_raises

SHOW = 12  #: names of __all__ and of the requirements shown before "..."
TREE_LIMIT = 45  #: entries of a package's top level the tree shows
NO_ALL = "(not defined: `from ... import *` takes every public name)"
NOT_IMPORTED = "(not imported: tick 'import it' to see __all__ and what __init__.py loads)"


def canonical(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503): 'Scikit_Learn' -> 'scikit-learn'."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def import_names_of(distribution: str, index: dict) -> tuple[str, ...]:
    """The top-level import names ``distribution`` (any spelling) provides, by ``packages_distributions()``."""
    return tuple(sorted(n for n, ds in index.items() if any(canonical(d) == canonical(distribution) for d in ds)))


def requirements(distribution: str) -> list[str]:
    """The names ``distribution`` needs to run (``Requires-Dist`` whose marker applies, no extras), sorted."""
    needs = [Requirement(line) for line in metadata.requires(distribution) or []]
    return sorted({canonical(r.name) for r in needs if r.marker is None or r.marker.evaluate({"extra": ""})})


def _where(path) -> str:
    """A file or folder without this machine's absolute path: site-packages/..., stdlib/..., .../a/b."""
    parts, stdlib = Path(path).resolve().parts, Path(sysconfig.get_paths()["stdlib"]).resolve().parts
    sites = [i for i, part in enumerate(parts) if part in ("site-packages", "dist-packages")]
    if sites or parts[: len(stdlib)] == stdlib:
        return "/".join(parts[sites[-1] :] if sites else ("stdlib", *parts[len(stdlib) :]))
    return workspace.rel(path)


def _find(name: object, index):
    """The spec of the package ``name``, or a CourseError saying why there is none."""
    if not isinstance(name, str) or not name.strip():
        raise CourseError("Type the import name of an installed package as text, like 'moviepy' or 'sklearn'.")
    name = name.strip()
    if (imports := ", ".join(map(repr, import_names_of(name, index)))) and name not in index:
        raise CourseError(f"{name!r} is a distribution name (for pip), not an import name. Try: {imports}.")
    workspace.check_identifier(name, "import name", dotted=True)  # a keyword, or not a name: it says why
    try:
        spec = importlib.util.find_spec(name)
    except Exception as exc:  # a missing or broken parent package, a module made at run time
        raise CourseError(f"Looking for {name!r} failed: {type(exc).__name__}: {exc}") from None
    if spec is None:
        hint = next((f" Names are case-sensitive: did you mean {n!r}?" for n in index if n.lower() == name.lower()), "")
        raise CourseError(f"No module or package named {name!r} is installed here.{hint}")
    if spec.submodule_search_locations is None:
        where = spec.origin if spec.has_location else getattr(spec.loader_state, "filename", None)  # frozen
        raise CourseError(f"{name!r} is a module ({_where(where) if where else 'built into Python'}), not a package.")
    return spec


def _listing(items) -> str:
    more = f", ... (+{len(items) - SHOW} more)" if len(items) > SHOW else ""
    return ", ".join(items[:SHOW]) + more if items else "(none)"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _imported(name: str) -> tuple[list[tuple[str, str]], object]:
    """Import ``name`` once, warnings silenced: (report rows, its ``__version__``); a failure is a row too."""
    try:
        with warnings.catch_warnings(action="ignore"):
            module = importlib.import_module(name)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(name, None)
        return [("import", f"{WARNING}failed: {type(exc).__name__}: {exc} (the rest needs no import)")], None
    names = getattr(module, "__all__", None)
    lazy = "; a module __getattr__ loads more on first use (lazy)" if callable(vars(module).get("__getattr__")) else ""
    own = sum(m.startswith(name + ".") for m in list(sys.modules))
    return [
        ("__all__", f"{len(names)} names: {_listing([str(n) for n in names])}" if names is not None else NO_ALL),
        ("on import", f"{own:,} of its own modules loaded{lazy}"),
    ], getattr(module, "__version__", None)


def _about(name: str, index: dict, version_attr, stdlib: bool) -> tuple[str | None, list[tuple[str, str]]]:
    dists = sorted(set(index.get(name.split(".")[0], ())))
    if not dists:
        return None, [("distribution", "(none: the standard library)" if stdlib else "(none: not installed by pip)")]
    meta, needs = metadata.metadata(dists[0]), requirements(dists[0])
    licences = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    version = meta["Version"]
    differs = f"   (but {name}.__version__ says {version_attr}!)" if str(version_attr) not in ("None", version) else ""
    return meta.get("Summary"), [
        ("distribution", f"{', '.join(dists)}  (pip install {dists[0]}  →  import {name.split('.')[0]})"),
        ("version", f"{version}{differs}"),
        ("licence", meta.get("License-Expression") or ", ".join(licences) or "(not stated in the metadata)"),
        ("requires", f"{len(needs)}: {_listing(needs)}"),
    ]


def _tree(name: str, folders: list[str], private: bool) -> list[str]:
    subs = sorted(pkgutil.iter_modules(folders), key=lambda s: s.name)
    shown = [s for s in subs if private or not s.name.startswith("_")]
    rows = [f"{'●' if f'{name}.{s.name}' in sys.modules else '○'} {s.name}{'/' if s.ispkg else '.py'}" for s in shown]
    rows = rows[:TREE_LIMIT] + ([f"... {len(rows) - TREE_LIMIT} more (not shown)"] if len(rows) > TREE_LIMIT else [])
    packages = sum(s.ispkg for s in subs)
    top = f"{_plural(packages, 'subpackage')}, {_plural(len(subs) - packages, 'module')}   ● loaded  ○ not loaded yet"
    tree = [f"   {'└── ' if i == len(rows) - 1 else '├── '}{row}" for i, row in enumerate(rows)]
    return [f"   top level     {top}", f"   {name}/", *tree]


@never_raises
def describe(name: object, *, import_it: bool = True, private: bool = False, index=None):
    """The explorer's report on the package ``name`` (``index``: ``packages_distributions()``), as text."""
    index = metadata.packages_distributions() if index is None else index
    spec = _find(name, index)
    name, folders = name.strip(), [str(p) for p in spec.submodule_search_locations]
    namespace = spec.origin in (None, "namespace")
    location = _where(folders[0] if namespace else Path(spec.origin).parent)
    imported, version = _imported(name) if import_it else ([("__all__", NOT_IMPORTED)], None)
    summary, about = _about(name, index, version, location.startswith("stdlib"))
    lines = len(Path(spec.origin).read_bytes().splitlines()) if not namespace else 0
    init = _plural(lines, "line") if not namespace else "(none: a namespace package has no __init__.py)"
    rows = [("location", location), *about, ("__init__.py", init), *imported]
    head = f"📦 {name}  ·  {'namespace' if namespace else 'regular'} package" + (f"  ·  {summary}" if summary else "")
    return "\n".join([head, *(f"   {label:<13} {text}" for label, text in rows), *_tree(name, folders, private)])


def as_html(text: str) -> str:
    """A report for an ``ipywidgets.HTML``: escaped, monospaced, line breaks kept."""
    return f'<pre style="font-size: 0.9em; line-height: 1.35; margin: 0">{html.escape(str(text))}</pre>'
