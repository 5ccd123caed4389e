"""Widget logic of notebook 15: look inside any installed package by its import name.

:func:`describe` reads its files and metadata (and, if asked, imports it once) and returns the report
the widget shows; a bad name gives a sentence, never a traceback."""

from __future__ import annotations

import functools
import html
import importlib
import importlib.metadata as metadata
import importlib.util
import os
import pkgutil
import re
import sys
import sysconfig
import time
import warnings
from email.message import Message
from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import clip
from coursekit.ui import WARNING, never_raises

SHOW = 12  #: names of __all__ and of the requirements shown before "..."
TREE_LIMIT = 45  #: entries of a package's top level the tree shows


@functools.lru_cache(maxsize=4)
def _index_for(folders: tuple) -> dict:
    return metadata.packages_distributions()


def packages_index() -> dict:
    """``packages_distributions()``, read again only when a folder on sys.path changed (e.g. a pip install)."""
    return _index_for(tuple((p, os.stat(p or ".").st_mtime_ns) for p in sys.path if os.path.isdir(p or ".")))


def canonical(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503): 'Scikit_Learn' -> 'scikit-learn'."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def import_names_of(distribution: object, index=None) -> tuple[str, ...]:
    """The top-level import names an installed distribution provides (any spelling of its name)."""
    if not isinstance(distribution, str) or not distribution.strip():
        return ()
    index = packages_index() if index is None else index
    return tuple(sorted(n for n, ds in index.items() if any(canonical(d) == canonical(distribution) for d in ds)))


def requirements(distribution: str) -> list[str]:
    """The names ``distribution`` needs to run (``Requires-Dist`` whose marker applies, no extras), sorted."""
    from packaging.requirements import Requirement

    needs = [Requirement(line) for line in metadata.requires(distribution) or []]
    return sorted({canonical(r.name) for r in needs if r.marker is None or r.marker.evaluate({"extra": ""})})


def _where(path) -> str:
    """A file or folder without this machine's absolute path: site-packages/..., stdlib/..., .../a/b."""
    parts, stdlib = Path(path).parts, Path(sysconfig.get_paths()["stdlib"]).resolve()
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index(marker) :])
    if Path(path).resolve().is_relative_to(stdlib):
        return "/".join(("stdlib", *Path(path).resolve().relative_to(stdlib).parts))
    return workspace.rel(path)


def _find(name: object, index) -> tuple[str, object]:
    """``(name, spec)`` of the package ``name``, or a CourseError saying why it is none."""
    if not isinstance(name, str):
        raise CourseError(f"Type a package name as text, like 'moviepy' (got {type(name).__name__}: {name!r:.60}).")
    if not name.strip():
        raise CourseError("Type the import name of an installed package, like 'moviepy' or 'sklearn'.")
    spec, problem, name = None, None, name.strip()
    try:
        spec = importlib.util.find_spec(workspace.check_identifier(name, "import name", dotted=True))
    except CourseError as exc:
        problem = str(exc)
    except Exception as exc:  # a missing or broken parent package, a module made at run time
        raise CourseError(f"Looking for {name!r} failed: {type(exc).__name__}: {exc}") from None
    if spec is None:
        if imports := import_names_of(name, index):
            raise CourseError(
                f"{name!r} is a distribution name (what you `pip install`), not an import name. "
                f"Try: {', '.join(map(repr, imports))}."
            )
        parent, _, last = name.rpartition(".")
        if problem is None and parent in sys.modules and hasattr(sys.modules[parent], last):
            value = getattr(sys.modules[parent], last)
            kind = "a class" if isinstance(value, type) else "a function" if callable(value) else "a value"
            problem = f"{name} is an attribute of {parent} ({kind}), not a module or package. Try {parent!r}."
        lower = [n for n in index if n.lower() == name.lower() and n != name]
        hint = f" Names are case-sensitive: did you mean {lower[0]!r}?" if lower else ""
        missing = f"No module or package named {name!r} is installed here (Python searched every folder on sys.path)."
        raise CourseError(problem or missing + hint)
    if spec.submodule_search_locations is None:
        where = spec.origin if spec.has_location else getattr(spec.loader_state, "filename", None)
        place = _where(where) if where else "built into Python"
        raise CourseError(f"{name!r} is a module ({place}), not a package: it has no submodules to explore.")
    return name, spec


def _listing(items) -> str:
    more = f", ... (+{len(items) - SHOW} more)" if len(items) > SHOW else ""
    return ", ".join(items[:SHOW]) + more if items else "(none)"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _licence(meta) -> str:
    text = (meta.get("License-Expression") or meta.get("License") or "").strip()
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if text and "\n" not in text and len(text) <= 60:
        return text
    return ", ".join(classifiers) or ("see the licence file (the metadata holds its full text)" if text else "")


def _imported(name: str, show_time: bool, notes: list[str]):
    """Import ``name`` once (its warnings become a note): ``(lines, __version__)``, or an error text."""
    cached, start = name in sys.modules, time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            module = importlib.import_module(name)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(name, None)
        return f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    if caught:
        first = (str(caught[0].message).strip().splitlines() or [""])[0]
        notes.append(f"import warned {len(caught)}x, first: {caught[0].category.__name__}: {clip(first, 100)}")
    try:
        names = [str(n) for n in module.__all__]
        lines = [f"   __all__       {len(names)} names: {_listing(names)}"]
    except (AttributeError, TypeError):
        lines = ["   __all__       (not defined: `from ... import *` takes every public name)"]
    lazy = "; a module __getattr__ loads more on first use (lazy)" if callable(vars(module).get("__getattr__")) else ""
    own = sum(m.startswith(name + ".") for m in list(sys.modules))
    lines.append(f"   on import     {own:,} of its own modules loaded{lazy}")
    if show_time and cached:
        lines.append("   import time   0 s: already in sys.modules, so `import` reused it")
    elif show_time:
        lines.append(f"   import time   {seconds:.2f} s (first import in this kernel)")
    return lines, getattr(module, "__version__", None)


def _about(name: str, dists: tuple, version_attr, notes: list[str]) -> tuple[str | None, list[str]]:
    """The summary and the lines that come from the distribution's metadata."""
    if not dists:
        return None, ["   distribution  (none: not installed from a distribution)"]
    try:
        meta, needs = metadata.metadata(dists[0]), requirements(dists[0])
    except Exception as exc:  # a damaged or half-removed installation
        notes.append(f"the metadata of {dists[0]!r} could not be read ({type(exc).__name__}).")
        meta, needs = Message(), []
    version = meta.get("Version")
    differs = version_attr and version and str(version_attr) != version
    return meta.get("Summary"), [
        f"   distribution  {', '.join(dists)}  (pip install {dists[0]}  →  import {name.split('.')[0]})",
        f"   version       {version}" + (f"   (but {name}.__version__ says {version_attr}!)" if differs else ""),
        f"   licence       {_licence(meta) or '(not stated in the metadata)'}",
        f"   requires      {len(needs)}: {_listing(needs)}",
    ]


def _tree(name: str, folders: list[str], private: bool) -> list[str]:
    subs = sorted(pkgutil.iter_modules(folders), key=lambda s: s.name)
    shown = [s for s in subs if private or not s.name.startswith("_")]
    rows = [f"{'●' if f'{name}.{s.name}' in sys.modules else '○'} {s.name}{'/' if s.ispkg else '.py'}" for s in shown]
    rows = rows[:TREE_LIMIT] + ([f"... {len(rows) - TREE_LIMIT} more (not shown)"] if len(rows) > TREE_LIMIT else [])
    if len(subs) > len(shown):
        hidden = _plural(len(subs) - len(shown), "private module")
        rows.append(f"... {hidden} starting with '_' (tick 'private' to list them)")
    packages = sum(s.ispkg for s in subs)
    top = f"{_plural(packages, 'subpackage')}, {_plural(len(subs) - packages, 'module')}   ● loaded  ○ not loaded yet"
    return [f"   top level     {top}", f"   {name}/"] + [
        f"   {'└── ' if i == len(rows) - 1 else '├── '}{row}" for i, row in enumerate(rows)
    ]


@never_raises
def describe(name: object, *, import_it: bool = True, show_time: bool = True, private: bool = False, index=None):
    """The explorer's report on the package ``name`` (``index``: ``packages_distributions()``), as text."""
    index = packages_index() if index is None else index
    name, spec = _find(name, index)
    folders = [str(p) for p in spec.submodule_search_locations]
    namespace, notes = spec.origin in (None, "namespace"), []
    location = _where(Path(spec.origin).parent) if not namespace else _where(folders[0]) if folders else "(no folder)"
    if len(folders) > 1:
        location += f" (+{_plural(len(folders) - 1, 'more folder')}: {', '.join(map(_where, folders[1:]))})"
    done = _imported(name, show_time, notes) if import_it else None
    dists = tuple(sorted(set(index.get(name.split(".")[0], ()))))
    summary, about = _about(name, dists, done[1] if isinstance(done, tuple) else None, notes)
    if not dists and location.startswith("stdlib"):
        notes.insert(0, "Part of the standard library: it comes with Python, so no distribution metadata.")
    kind = "namespace package" if namespace else "regular package"
    lines = [f"📦 {name}  ·  {kind}" + (f"  ·  {summary}" if summary else ""), f"   location      {location}", *about]
    if namespace or not Path(spec.origin).is_file():
        lines.append("   __init__.py   (none: a namespace package has no __init__.py)")
    else:
        lines.append(f"   __init__.py   {_plural(len(Path(spec.origin).read_bytes().splitlines()), 'line')}")
    if isinstance(done, str):
        lines.append(f"   {WARNING}import failed: {done}")
        lines.append("      (everything above comes from files and metadata, which need no import)")
    else:
        lines += done[0] if done else ["   (not imported: tick 'import it' to see __all__ and what __init__.py loads)"]
    return "\n".join(lines + [f"   note          {note}" for note in notes] + _tree(name, folders, private))


def as_html(text: str) -> str:
    """A report for an ``ipywidgets.HTML``: escaped, monospaced, line breaks kept."""
    return f'<pre style="font-size: 0.9em; line-height: 1.35; margin: 0">{html.escape(str(text))}</pre>'
