"""Exercise checks for ``15_wrap_up.ipynb``: read installed packages like a pro."""

from __future__ import annotations

import importlib.metadata as metadata
import importlib.util
import sys

from coursekit.checks import Wrong, call, exercise, expect_callable
from coursekit.explorer import import_names_of

KINDS = ("regular", "namespace", "module", "missing")  #: the answers check_package_kind accepts
#: Standard-library packages a notebook rarely imports: to prove an answer imports nothing.
_UNTOUCHED = ("xmlrpc", "wsgiref", "dbm", "curses", "ensurepip", "tomllib", "sqlite3", "concurrent")
_FAKE_INDEX = {"yaml": ["PyYAML"], "_yaml": ["PyYAML"], "PIL": ["Pillow"], "zope": ["zope.interface", "zope.event"]}
_CASES = (  # (distribution, why it is interesting, True: this machine's index, False: the made-up one above)
    ("scikit-learn", "the pip name has a dash and a different word", True),
    ("Pillow", "`pip install Pillow`, then `import PIL`; pip ignores case, so compare case-insensitively", True),
    ("no-such-distribution", "it is not installed at all", True),
    ("pyyaml", "one distribution can install two top-level names", False),
    ("zope-interface", "`-`, `_` and `.` count as the same character in distribution names", False),
)


@exercise("From pip name to import name", hint="keep each name of `index` whose distributions include `distribution`")
def check_import_names(import_names):
    """``import_names(distribution, index)`` returns the sorted list of its top-level import names."""
    expect_callable(import_names, "import_names")
    real = metadata.packages_distributions()
    for dist, why, is_real in _CASES:
        index = real if is_real else _FAKE_INDEX
        what = f"import_names({dist!r}, {'index' if is_real else 'a small test index'})"
        got = call(import_names, dist, {name: list(dists) for name, dists in index.items()}, what=what)
        expected = list(import_names_of(dist, index))
        if got != expected:
            sort = isinstance(got, list) and sorted(map(str, got)) == expected
            fix = "please sort it." if sort else f"not {expected!r} ({why})."
            raise Wrong(f"{what} returned {got!r:.60}, {fix}")
    return "pip installs distributions; `import` loads packages: now you can go from one to the other."


def _kind(name: str) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None:
        return "missing" if spec is None else "module"
    return "namespace" if spec.origin in (None, "namespace") else "regular"


@exercise(
    "Package, namespace package or module?",
    hint="a module's spec has submodule_search_locations None; a namespace package's spec has origin None.",
)
def check_package_kind(package_kind):
    """``package_kind(name)`` returns one of :data:`KINDS`, found without importing ``name``."""
    expect_callable(package_kind, "package_kind")
    fresh = [n for n in _UNTOUCHED if n not in sys.modules and importlib.util.find_spec(n)][:1]
    for name in ("mpl_toolkits", "json", "os", "sys", "no_such_package_here", *fresh):
        expected, got = _kind(name), call(package_kind, name, what=f"package_kind({name!r})")
        if name in fresh and name in sys.modules:
            sys.modules.pop(name, None)
            raise Wrong(f"package_kind({name!r}) imported it: importlib.util.find_spec only reads files.")
        if got != expected:
            choices = "" if got in KINDS else f"; return one of {', '.join(map(repr, KINDS))}"
            raise Wrong(f"package_kind({name!r}) returned {got!r}, but it should be {expected!r}{choices}.")
    return "find_spec answers from the files alone: nothing was imported."
