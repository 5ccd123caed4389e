"""Look inside any installed package with the tools of the packages track.

:func:`explore` finds a package by its *import* name, reads its distribution's
metadata (version, licence, dependencies), lists its top-level submodules from
the files on disk (``pkgutil.iter_modules`` over ``__path__``: nothing is
imported for that), and -- unless told not to -- imports it once to read
``__all__``, see what its ``__init__.py`` pulled in and time the import.
:func:`describe` turns that into the text the wrap-up notebook's widget shows,
and turns every bad name into a sentence instead of a traceback.

>>> report = explore("json", import_it=False)
>>> report.kind, report.location
('regular package', 'stdlib/json')
>>> [sub.name for sub in report.submodules]
['decoder', 'encoder', 'scanner', 'tool']
>>> print(describe("scikit-learn"))
⚠️ 'scikit-learn' is a distribution name (what you `pip install`), not an import name. Try: 'sklearn'.
"""

from __future__ import annotations

import html
import importlib
import importlib.metadata as metadata
import importlib.util
import pkgutil
import re
import sys
import sysconfig
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import clip
from coursekit.ui import WARNING, never_raises

__all__ = [
    "Submodule",
    "PackageReport",
    "explore",
    "describe",
    "canonical",
    "distributions_of",
    "import_names_of",
    "find_distribution",
    "requirements",
    "licence_name",
    "short_location",
    "as_html",
]


_INDEX_CACHE: dict = {}


def packages_index() -> Mapping[str, list[str]]:
    """``importlib.metadata.packages_distributions()``, read again only when it can have changed.

    Building it reads the metadata of every installed distribution (about 0.1 s here); the
    answer is kept while ``sys.path`` and the modification times of its folders stay the
    same, so a ``pip install`` (which adds folders to site-packages) is seen at once.

    >>> packages_index()["sklearn"]
    ['scikit-learn']
    """
    key = []
    for entry in sys.path:
        try:
            key.append((entry, Path(entry or ".").stat().st_mtime_ns))
        except OSError:
            key.append((entry, None))
    key = tuple(key)
    if _INDEX_CACHE.get("key") != key:
        _INDEX_CACHE.update(key=key, index=metadata.packages_distributions())
    return _INDEX_CACHE["index"]


#: How many names of ``__all__``, dependencies and submodules the text shows before "...".
SHOW = 12
#: How many entries of a package's top level the tree shows.
TREE_LIMIT = 45


@dataclass(frozen=True)
class Submodule:
    """One entry of a package's top level, as found on disk."""

    name: str
    is_package: bool
    loaded: bool  # already in ``sys.modules`` when the report was made


@dataclass(frozen=True)
class PackageReport:
    """Everything :func:`explore` found out about one package."""

    name: str  # import name, e.g. 'sklearn'
    kind: str  # 'regular package' or 'namespace package'
    location: str  # shortened, e.g. 'site-packages/sklearn'
    locations: tuple[str, ...]  # every folder of ``__path__`` (shortened)
    distributions: tuple[str, ...]  # e.g. ('scikit-learn',); empty for the standard library
    version: str | None = None  # from the distribution's metadata
    summary: str | None = None  # the one-line description in the metadata
    licence: str | None = None  # from the metadata
    requires: tuple[str, ...] = ()  # runtime dependencies (extras left out)
    submodules: tuple[Submodule, ...] = ()
    init_lines: int | None = None  # lines in ``__init__.py`` (None: namespace package)
    imported: bool = False  # did we import it (now or earlier)?
    import_error: str | None = None  # why importing failed
    import_seconds: float | None = None  # None: not imported now (already cached, or not asked)
    was_cached: bool = False  # it was in ``sys.modules`` before we asked
    all_names: tuple[str, ...] | None = None  # ``__all__``, None if it has none
    version_attr: str | None = None  # ``module.__version__`` if any
    lazy_getattr: bool = False  # module-level ``__getattr__`` (PEP 562)
    own_modules_loaded: int = 0  # modules ``name.*`` in ``sys.modules`` after importing
    notes: tuple[str, ...] = field(default=())

    def text(self, show_time: bool = True, private: bool = False, tree: bool = True) -> str:
        """The report as lines of text (see :func:`describe`); ``tree=False`` leaves out the tree."""
        return _format(self, show_time=show_time, private=private, tree=tree)

    __str__ = text


# --------------------------------------------------------------------------- names


def canonical(name: str) -> str:
    """The normalised form of a distribution name (PEP 503): lower case, runs of -_. become -.

    >>> canonical("Scikit_Learn")
    'scikit-learn'
    """
    if not isinstance(name, str) or not name.strip():
        raise CourseError(
            f"A distribution name must be a non-empty string, like 'scikit-learn', not {clip(repr(name), 60)}."
        )
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def distributions_of(import_name: str, index: Mapping[str, list[str]] | None = None) -> tuple[str, ...]:
    """The installed distributions that provide the top-level package ``import_name``.

    ``index`` is ``importlib.metadata.packages_distributions()`` if you already have it.

    >>> distributions_of("sklearn")
    ('scikit-learn',)
    >>> distributions_of("json")   # the standard library is not a distribution
    ()
    """
    if not isinstance(import_name, str):
        return ()
    index = packages_index() if index is None else index
    top = import_name.strip().split(".")[0]
    return tuple(sorted(set(index.get(top, ()))))


def import_names_of(distribution: str, index: Mapping[str, list[str]] | None = None) -> tuple[str, ...]:
    """The top-level import names that an installed distribution provides.

    Spelling follows the packaging rules: case, ``-``, ``_`` and ``.`` do not matter.

    >>> import_names_of("scikit-learn")
    ('sklearn',)
    >>> import_names_of("Pillow")
    ('PIL',)
    >>> import_names_of("no-such-distribution")
    ()
    """
    if not isinstance(distribution, str) or not distribution.strip():
        return ()
    index = packages_index() if index is None else index
    wanted = canonical(distribution)
    return tuple(sorted(name for name, dists in index.items() if any(canonical(d) == wanted for d in dists)))


def short_location(path: str | Path) -> str:
    """Show where a file or folder is without this machine's absolute path.

    >>> import sysconfig
    >>> short_location(Path(sysconfig.get_paths()["purelib"]) / "torch" / "__init__.py")
    'site-packages/torch/__init__.py'
    >>> short_location(Path(sysconfig.get_paths()["stdlib"]) / "json")
    'stdlib/json'
    """
    path = Path(path)
    parts = path.parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            i = len(parts) - 1 - parts[::-1].index(marker)
            return "/".join(parts[i:])
    try:
        stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
        return "/".join(("stdlib",) + path.resolve().relative_to(stdlib).parts)
    except (ValueError, OSError, KeyError):
        return workspace.rel(path)


# --------------------------------------------------------------------------- metadata


def find_distribution(name: str) -> metadata.Distribution:
    """The installed distribution called ``name`` (any spelling), or a sentence saying why not.

    >>> find_distribution("Scikit_Learn").metadata["Name"]
    'scikit-learn'
    >>> find_distribution("sklearn")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    coursekit.CourseError: No installed distribution is called 'sklearn'.
    'sklearn' is an import name; it is installed by 'scikit-learn'.
    """
    try:
        return metadata.distribution(canonical(name))
    except metadata.PackageNotFoundError:
        owners = packages_index().get(name, []) if isinstance(name, str) else []
        tip = (
            f" {clip(repr(name), 60)} is an import name; it is installed by {', '.join(sorted(owners))!r}."
            if owners
            else " Check the spelling, or install it with pip."
        )
        raise CourseError(f"No installed distribution is called {clip(repr(name), 60)}.{tip}") from None


def licence_name(meta) -> str | None:
    """The licence a distribution's metadata states, in a few words (None if it states none)."""
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60:
        return text
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    return "see the licence file (the metadata holds its full text)" if text else None


def requirements(distribution: str) -> list[tuple[str, str]]:
    """What ``distribution`` needs installed to run: ``(name, version specifier)`` pairs, sorted.

    Read from its ``Requires-Dist`` metadata; names are normalised (:func:`canonical`).
    Optional extras (``pip install x[extra]``) and requirements whose environment marker
    does not apply here are left out.

    >>> dict(requirements("scikit-learn"))["numpy"]
    '>=1.24.1'
    """
    from packaging.requirements import InvalidRequirement, Requirement

    needed = {}
    for line in find_distribution(distribution).requires or []:
        try:
            requirement = Requirement(line)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
        except (InvalidRequirement, ValueError, KeyError):  # a malformed line or marker
            continue
        needed[canonical(requirement.name)] = str(requirement.specifier)
    return sorted(needed.items())


# --------------------------------------------------------------------------- explore


def _check_name(name: object, index: Mapping[str, list[str]]) -> str:
    """``name`` stripped, if it can be the import name of a package; else say why not."""
    if not isinstance(name, str):
        raise CourseError(f"Type a package name as text, like 'moviepy' (got {type(name).__name__}: {name!r}).")
    if not name.strip():
        raise CourseError("Type the import name of an installed package, like 'moviepy' or 'sklearn'.")
    try:
        return workspace.check_identifier(name, "import name", dotted=True)
    except CourseError:
        imports = import_names_of(name, index)
        if imports:
            names = ", ".join(repr(n) for n in imports)
            raise CourseError(
                f"{name.strip()!r} is a distribution name (what you `pip install`), not an import name. Try: {names}."
            ) from None
        raise


def _find_spec(name: str, index: Mapping[str, list[str]]):
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError as exc:
        raise CourseError(f"{name!r} was not found: {exc}.") from None
    except ValueError as exc:  # e.g. torch.ops: a module object made at run time
        if name in sys.modules:
            raise CourseError(
                f"{name!r} is in sys.modules, but it was created at run time, not "
                "loaded from a file (its __spec__ is None): there is nothing on disk "
                "to explore."
            ) from None
        raise CourseError(f"Looking for {name!r} failed: ValueError: {exc}") from None
    except Exception as exc:  # a parent package that fails to import, odd finders, ...
        raise CourseError(f"Looking for {name!r} failed: {type(exc).__name__}: {exc}") from None
    if spec is None and "." in name:
        parent_name, _, last = name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent is not None and hasattr(parent, last):
            value = getattr(parent, last)
            kind = "class" if isinstance(value, type) else "function" if callable(value) else type(value).__name__
            raise CourseError(
                f"{parent_name!r} has no submodule {last!r}: {name} is an attribute "
                f"of {parent_name} (a {kind}), not a module or package. "
                f"Try {parent_name!r}."
            )
    if spec is None:
        imports = import_names_of(name, index)
        if imports:
            names = ", ".join(repr(n) for n in imports)
            raise CourseError(
                f"{name!r} is the name of an installed distribution, but you import it "
                f"under another name. Try: {names}."
            )
        lower = [n for n in index if n.lower() == name.lower() and n != name]
        hint = f" Names are case-sensitive: did you mean {lower[0]!r}?" if lower else ""
        raise CourseError(
            f"No module or package named {name!r} is installed here (Python searched every folder on sys.path).{hint}"
        )
    return spec


def explore(
    name: str,
    *,
    import_it: bool = True,
    index: Mapping[str, list[str]] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> PackageReport:
    """Find the package ``name`` and report what is inside it.

    With ``import_it=False`` nothing of the package runs: only its files and its
    metadata are read (a dotted name still imports its parent packages, as any
    import does). With ``import_it=True`` the package is imported (once: a second
    call finds it in ``sys.modules``), and the report adds ``__all__``, the
    ``__version__`` attribute, a module ``__getattr__`` and the first-import time.
    A failing import does not raise: it is recorded in ``import_error``.

    Raises :class:`coursekit.CourseError` with a plain explanation for anything
    that is not an installed package: wrong type, empty, not an identifier, not
    found, or a plain module.

    >>> explore("sys")
    Traceback (most recent call last):
    ...
    coursekit.CourseError: 'sys' is a module (built into Python), not a package: it has no submodules to explore.
    """
    index = packages_index() if index is None else index
    name = _check_name(name, index)
    spec = _find_spec(name, index)
    if spec.submodule_search_locations is None:
        where = spec.origin if spec.origin not in (None, "built-in", "frozen") else None
        frozen_from = getattr(spec.loader_state, "filename", None) if spec.origin == "frozen" else None
        if where:
            place = short_location(where)
        elif frozen_from:
            place = f"{short_location(frozen_from)}, frozen into Python for a faster start"
        else:
            place = "frozen into Python" if spec.origin == "frozen" else "built into Python"
        raise CourseError(f"{name!r} is a module ({place}), not a package: it has no submodules to explore.")

    folders = [str(p) for p in spec.submodule_search_locations]
    namespace = spec.origin is None or spec.origin == "namespace"
    kind = "namespace package" if namespace else "regular package"
    init_lines = None
    if not namespace and spec.origin and Path(spec.origin).is_file():
        with open(spec.origin, "rb") as handle:
            init_lines = sum(1 for _ in handle)
    location = (
        short_location(Path(spec.origin).parent)
        if not namespace
        else (short_location(folders[0]) if folders else "(no folder)")
    )

    dists = distributions_of(name, index)
    version = licence = summary = None
    requires: tuple[str, ...] = ()
    notes = []
    if dists:
        try:
            meta = metadata.metadata(dists[0])
            version, licence, summary = meta.get("Version"), licence_name(meta), meta.get("Summary")
            requires = tuple(name + spec for name, spec in requirements(dists[0]))
        except Exception as exc:  # a damaged or half-removed installation
            notes.append(f"the metadata of {dists[0]!r} could not be read ({type(exc).__name__}).")
        if len(dists) > 1:
            notes.append(f"{len(dists)} distributions install files into {name.split('.')[0]!r}.")
    elif location.startswith("stdlib"):
        notes.append("Part of the standard library: it comes with Python, so no distribution metadata.")

    report = dict(
        name=name,
        kind=kind,
        location=location,
        locations=tuple(short_location(f) for f in folders),
        distributions=dists,
        version=version,
        licence=licence,
        summary=summary,
        requires=requires,
        init_lines=init_lines,
        notes=tuple(notes),
    )
    if import_it:
        report.update(_import(name, clock, report["notes"]))
    # Read the folders only now, so that "loaded" shows what the import pulled in.
    report["submodules"] = tuple(
        sorted(
            (
                Submodule(info.name, info.ispkg, f"{name}.{info.name}" in sys.modules)
                for info in pkgutil.iter_modules(folders)
            ),
            key=lambda s: s.name,
        )
    )
    return PackageReport(**report)


def _import(name: str, clock: Callable[[], float], notes: tuple[str, ...]) -> dict:
    """Import ``name`` once; warnings it raises become a note, not stderr noise in the cell.

    (``sys.stdout`` and ``sys.stderr`` are left alone: a library may keep a reference to
    them from import time, e.g. for a logging handler, and must get the real streams.)
    """
    cached = name in sys.modules
    start = clock()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            module = importlib.import_module(name)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(name, None)
        return dict(import_error=f"{type(exc).__name__}: {exc}")
    seconds = None if cached else clock() - start
    notes = list(notes)
    if caught:
        first = caught[0]
        notes.append(f"import warned {len(caught)}x, first: {first.category.__name__}: {_first_line(first.message)}")
    all_names = getattr(module, "__all__", None)
    if all_names is not None:
        try:
            all_names = tuple(str(n) for n in all_names)
        except TypeError:
            all_names = None
    version_attr = getattr(module, "__version__", None)
    return dict(
        imported=True,
        was_cached=cached,
        import_seconds=seconds,
        all_names=all_names,
        notes=tuple(notes),
        version_attr=str(version_attr) if version_attr is not None else None,
        lazy_getattr=callable(vars(module).get("__getattr__")),
        own_modules_loaded=sum(1 for m in list(sys.modules) if m.startswith(name + ".")),
    )


# --------------------------------------------------------------------------- text


def _listing(items, limit: int = SHOW) -> str:
    items = list(items)
    if not items:
        return "(none)"
    shown = ", ".join(items[:limit])
    return shown + (f", ... (+{len(items) - limit} more)" if len(items) > limit else "")


def _submodule_tree(report: PackageReport, private: bool, limit: int = TREE_LIMIT) -> list[str]:
    entries = [s for s in report.submodules if private or not s.name.startswith("_")]
    hidden = len(report.submodules) - len(entries)
    more = max(0, len(entries) - limit)
    entries = entries[:limit]
    tail = []
    if more:
        tail.append(f"... {more} more (not shown)")
    if hidden:
        tail.append(f"... {_plural(hidden, 'private module')} starting with '_' (tick 'private' to list them)")
    lines = [f"{report.name}/"]
    for i, sub in enumerate(entries):
        branch = "└── " if i == len(entries) - 1 and not tail else "├── "
        mark = "●" if sub.loaded else "○"
        lines.append(f"{branch}{mark} {sub.name}{'/' if sub.is_package else '.py'}")
    for i, text in enumerate(tail):
        lines.append(("└── " if i == len(tail) - 1 else "├── ") + text)
    return lines


def _format(report: PackageReport, show_time: bool = True, private: bool = False, tree: bool = True) -> str:
    r = report
    folders = (
        ""
        if len(r.locations) < 2
        else f" (+{_plural(len(r.locations) - 1, 'more folder')}: " + ", ".join(r.locations[1:]) + ")"
    )
    lines = [
        f"📦 {r.name}  ·  {r.kind}" + (f"  ·  {r.summary}" if r.summary else ""),
        f"   location      {r.location}{folders}",
    ]
    if r.distributions:
        lines.append(
            f"   distribution  {', '.join(r.distributions)}  (pip install {r.distributions[0]}"
            f"  →  import {r.name.split('.')[0]})"
        )
        lines.append(
            f"   version       {r.version}"
            + (
                f"   (but {r.name}.__version__ says {r.version_attr}!)"
                if r.version_attr and r.version and r.version_attr != r.version
                else ""
            )
        )
        lines.append(f"   licence       {r.licence or '(not stated in the metadata)'}")
        lines.append(f"   requires      {len(r.requires)}: {_listing([_req_name(q) for q in r.requires])}")
    else:
        lines.append("   distribution  (none: not installed from a distribution)")
    if r.init_lines is not None:
        lines.append(f"   __init__.py   {_plural(r.init_lines, 'line')}")
    else:
        lines.append("   __init__.py   (none: a namespace package has no __init__.py)")
    if r.import_error:
        lines.append(f"   {WARNING}import failed: {r.import_error}")
        lines.append("      (everything above comes from files and metadata, which need no import)")
    elif r.imported:
        if r.all_names is None:
            lines.append("   __all__       (not defined: `from ... import *` takes every public name)")
        else:
            lines.append(f"   __all__       {len(r.all_names)} names: {_listing(r.all_names)}")
        lines.append(
            f"   on import     {_plural(r.own_modules_loaded, 'of its own modules', 'of its own modules')} loaded"
            + ("; a module __getattr__ loads more on first use (lazy)" if r.lazy_getattr else "")
        )
        if show_time:
            if r.was_cached:
                lines.append("   import time   0 s: already in sys.modules, so `import` reused it")
            else:
                lines.append(f"   import time   {r.import_seconds:.2f} s (first import in this kernel)")
    else:
        lines.append("   (not imported: tick 'import it' to see __all__ and what __init__.py loads)")
    for note in r.notes:
        lines.append(f"   note          {note}")
    if not tree:
        return "\n".join(lines)
    pkgs = sum(s.is_package for s in r.submodules)
    lines.append(
        f"   top level     {_plural(pkgs, 'subpackage')}, {_plural(len(r.submodules) - pkgs, 'module')}   "
        "● loaded  ○ not loaded yet"
    )
    lines += ["   " + line for line in _submodule_tree(r, private)]
    return "\n".join(lines)


def _first_line(text: object, limit: int = 100) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """``_plural(1, 'line')`` is '1 line'; ``_plural(3087, 'line')`` is '3,087 lines'."""
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def _req_name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0]


@never_raises
def describe(
    name: object,
    *,
    import_it: bool = True,
    show_time: bool = True,
    private: bool = False,
    index: Mapping[str, list[str]] | None = None,
) -> str:
    """The explorer's text for ``name``; a bad name gives a :data:`~coursekit.ui.WARNING` sentence, never a traceback.

    >>> print(describe(""))
    ⚠️ Type the import name of an installed package, like 'moviepy' or 'sklearn'.
    >>> print(describe("json.decoder"))
    ⚠️ 'json.decoder' is a module (stdlib/json/decoder.py), not a package: it has no submodules to explore.
    """
    return explore(name, import_it=import_it, index=index).text(show_time=show_time, private=private)


def as_html(text: str) -> str:
    """Wrap a report for an ``ipywidgets.HTML`` output: escaped, monospaced, line breaks kept.

    >>> as_html("📦 <pkg> & co")
    '<pre style="font-size: 0.9em; line-height: 1.35; margin: 0">📦 &lt;pkg&gt; &amp; co</pre>'
    """
    return f'<pre style="font-size: 0.9em; line-height: 1.35; margin: 0">{html.escape(str(text))}</pre>'
