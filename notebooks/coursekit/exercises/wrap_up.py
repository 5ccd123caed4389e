"""Exercise checks for ``15_wrap_up.ipynb``: read installed packages like a pro.

>>> check_import_names(...)
⏳ From pip name to import name: not answered yet. Replace the ... with your answer and run the cell again.
>>> check_package_kind(lambda name: "regular")
❌ Package, namespace package or module?: package_kind('mpl_toolkits') returned 'regular', but it should be 'namespace'.
💡 Hint: a namespace package's spec has `submodule_search_locations` but its `origin` is None.
"""

from __future__ import annotations

import importlib.metadata as metadata
import importlib.util
import sys

from coursekit.checks import Wrong, call, exercise, expect_callable, expect_type
from coursekit.explorer import import_names_of

__all__ = ["check_import_names", "check_package_kind", "KINDS"]

#: Distributions the first check asks about: (name as you would type it, why it is interesting).
_DISTRIBUTIONS = (
    ("scikit-learn", "the pip name has a dash and a different word"),
    ("Pillow", "`pip install Pillow`, then `import PIL`; pip ignores case, so compare names case-insensitively"),
    ("torch", "one distribution, several import packages"),
    ("no-such-distribution", "it is not installed at all"),
)

#: The answers :func:`check_package_kind` accepts.
KINDS = ("regular", "namespace", "module", "missing")

# Standard-library packages that a notebook rarely imports: used to prove an answer imports nothing.
_UNTOUCHED = ("xmlrpc", "wsgiref", "dbm", "curses", "ensurepip", "tomllib", "sqlite3", "concurrent")


#: A small made-up index, so that the check also tries cases this machine may not have installed.
_FAKE_INDEX = {
    "yaml": ["PyYAML"],
    "_yaml": ["PyYAML"],
    "PIL": ["Pillow"],
    "zope": ["zope.interface", "zope.event"],
}
_FAKE_CASES = (
    ("pyyaml", "one distribution can install two top-level names"),
    ("zope-interface", "`-`, `_` and `.` count as the same character in distribution names"),
)


@exercise(
    "From pip name to import name",
    hint="`index` maps each import name to the distributions that install it; go through "
    "`index.items()` and keep the names whose list holds `distribution` (ignoring case).",
)
def check_import_names(import_names):
    """``import_names(distribution, index)`` returns the sorted list of its top-level import names."""
    expect_callable(import_names, "import_names")
    real = metadata.packages_distributions()
    cases = [(dist, why, real) for dist, why in _DISTRIBUTIONS]
    cases += [(dist, why, _FAKE_INDEX) for dist, why in _FAKE_CASES]
    for dist, why, index in cases:
        shown = "index" if index is real else "a small test index"
        what = f"import_names({dist!r}, {shown})"
        got = call(import_names, dist, dict(index), what=what)
        expect_type(got, list, what)
        expected = list(import_names_of(dist, index))
        if sorted(got) == expected and got != expected:
            raise Wrong(f"{what} returned {got!r}: the right names, but please sort them.", hint="return sorted(names)")
        if got != expected:
            raise Wrong(f"{what} returned {got!r}, but it should be {expected!r} ({why}).")
    return "pip installs distributions; `import` loads packages: now you can go from one to the other."


def _reference_kind(name: str) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None:
        return "missing"
    if spec.submodule_search_locations is None:
        return "module"
    return "namespace" if spec.origin in (None, "namespace") else "regular"


@exercise(
    "Package, namespace package or module?",
    hint="a namespace package's spec has `submodule_search_locations` but its `origin` is None.",
)
def check_package_kind(package_kind):
    """``package_kind(name)`` returns one of :data:`KINDS`, found without importing ``name``."""
    expect_callable(package_kind, "package_kind")
    cases = ["mpl_toolkits", "json", "os", "sys", "no_such_package_here"]
    cases = [c for c in cases if c != "mpl_toolkits" or _reference_kind(c) == "namespace"]
    for name in cases:
        expected = _reference_kind(name)
        got = call(package_kind, name, what=f"package_kind({name!r})")
        if got not in KINDS:
            raise Wrong(f"package_kind({name!r}) returned {got!r}; return one of {', '.join(map(repr, KINDS))}.")
        if got != expected:
            raise Wrong(
                f"package_kind({name!r}) returned {got!r}, but it should be {expected!r}.", hint=_KIND_HINTS[expected]
            )
    fresh = [n for n in _UNTOUCHED if n not in sys.modules and importlib.util.find_spec(n)]
    for name in fresh[:1]:
        got = call(package_kind, name, what=f"package_kind({name!r})")
        if name in sys.modules:
            sys.modules.pop(name, None)
            raise Wrong(
                f"package_kind({name!r}) imported {name!r}: that runs its `__init__.py`. "
                "Find the spec instead, which only looks at files.",
                hint="use importlib.util.find_spec(name), not import_module(name).",
            )
        if got != "regular":
            raise Wrong(f"package_kind({name!r}) returned {got!r}, but it should be 'regular'.")
    return "find_spec answers from the files alone: nothing was imported."


_KIND_HINTS = {
    "missing": "importlib.util.find_spec(name) returns None when nothing of that name is installed.",
    "module": "a plain module's spec has `submodule_search_locations` set to None.",
    "namespace": "a namespace package's spec has `submodule_search_locations` but its `origin` is None.",
    "regular": "a regular package's spec has an `origin` (its __init__.py) and `submodule_search_locations`.",
}
