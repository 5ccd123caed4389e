"""coursekit.imports: explain what import statements bind, load and resolve to."""

import importlib.util
import json
import sys
import types

import pytest
from conftest import files_under

from coursekit import CourseError, distribution, imports, packages

# --- bound_names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, names",
    [
        ("import simple_package", ("simple_package",)),
        ("import simple_package.a", ("simple_package",)),
        ("import simple_package.a as sa", ("sa",)),
        ("from simple_package import a, b", ("a", "b")),
        ("from simple_package import a as x, b", ("x", "b")),
        ("from . import echo", ("echo",)),
        ("from sound.effects import *", ("*",)),
        ("import os, sys; from math import pi", ("os", "sys", "pi")),
        ("  import math  ", ("math",)),
    ],
)
def test_bound_names_matches_what_python_binds(statement, names):
    assert imports.bound_names(statement) == names
    if "*" not in names and not statement.lstrip().startswith("from ."):
        namespace = {}
        if "simple_package" not in statement:
            exec(statement.strip(), namespace)
            assert set(namespace) - {"__builtins__"} == set(names)


@pytest.mark.parametrize(
    "statement, fragment",
    [
        (None, "Type an import statement"),
        ("", "Type an import statement"),
        (42, "Type an import"),
        ("x = 1", "not an import statement"),
        ("import", "not valid Python"),
        ("import .echo", "only exist in the form 'from . import name'"),
        ("import os\nprint(os)", "not an import statement"),
    ],
)
def test_bound_names_explains_bad_statements(statement, fragment):
    with pytest.raises(CourseError, match=fragment.replace(".", r"\.").replace("(", r"\(")):
        imports.bound_names(statement)


# --- resolve --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, module, is_package",
    [
        ("from . import echo", "sound.effects.surround", False),
        ("from .echo import echofilter", "sound.effects.surround", False),
        ("from ..filters import equalizer", "sound.effects.surround", False),
        ("from .. import formats", "sound.effects", True),
        ("from . import echo", "sound.effects", True),
        ("from ...a import b", "p.q.r.s", False),
        ("..formats", "sound.effects.echo", False),
    ],
)
def test_resolve_agrees_with_importlib(statement, module, is_package):
    package = module if is_package else module.rpartition(".")[0]
    if statement.startswith("from"):
        dots_and_name = statement.split()[1]
    else:
        dots_and_name = statement
    assert imports.resolve(statement, module, is_package=is_package) == importlib.util.resolve_name(
        dots_and_name, package
    )


def test_resolve_leaves_absolute_from_imports_alone():
    assert imports.resolve("from sound.formats import wavread", "anything.at.all") == "sound.formats"


@pytest.mark.parametrize(
    "statement, module, is_package, fragment",
    [
        ("from ... import x", "sound.effects.echo", False, "beyond top-level package"),
        ("from .. import x", "sound.effects", True, None),  # fine: 'sound'
        ("from ... import x", "sound.effects", True, "beyond top-level package"),
        ("from . import x", "tool", False, "no known parent package"),
        ("from . import x", "__main__", False, "run as a script"),
        ("import os", "sound.effects", False, "absolute import"),
        ("from . import x; from . import y", "a.b", False, "one import statement at a time"),
        ("from . import x", "a/b", False, "not a dotted module name"),
        ("from . import x", None, False, "must be a non-empty string"),
        ("from . import x", "a.b", "yes", "True or False"),
        ("..no/way", "a.b.c", False, "not a dotted module name"),
    ],
)
def test_resolve_errors_are_explained(statement, module, is_package, fragment):
    if fragment is None:
        assert imports.resolve(statement, module, is_package=is_package) == "sound"
        return
    with pytest.raises(CourseError, match=fragment):
        imports.resolve(statement, module, is_package=is_package)


def _folder(scratch, name):
    # Not workspace.reset: it walks sys.modules, which fails once torch is imported in
    # the same test worker (torch.classes has a __path__ that is not iterable).
    folder = scratch / name
    folder.mkdir()
    return folder


def test_resolve_errors_match_what_python_says(scratch):
    # Python's own wording for the two relative-import errors, from a real package
    ws = _folder(scratch, "resolve")
    packages.write_package(
        ws, "pkg", {"__init__.py": "", "deep.py": "from ... import x\n", "script.py": "from . import deep\n"}
    )
    beyond = packages.run_python(["-c", "import pkg.deep"], path=[ws])
    assert "attempted relative import beyond top-level package" in beyond.stderr
    script = packages.run_python(["pkg/script.py"], cwd=ws)
    assert "attempted relative import with no known parent package" in script.stderr
    for statement, module, said in [
        ("from ... import x", "pkg.deep", beyond.stderr),
        ("from . import deep", "__main__", script.stderr),
    ]:
        with pytest.raises(CourseError) as info:
            imports.resolve(statement, module)
        assert said.strip().splitlines()[-1].split(": ", 1)[1] in str(info.value)


# --- explain_relative_import ----------------------------------------------------------


def test_explain_relative_import_walks_up_level_by_level():
    text = imports.explain_relative_import("from ...c import d", "a.b.x.y")
    assert text.splitlines() == [
        "▶ from ...c import d    (written inside module a.b.x.y)",
        "__package__ of a.b.x.y is 'a.b.x'",
        "'.' is that package itself: 'a.b.x'",
        "'..' goes up one level: 'a.b'",
        "'...' goes up one level: 'a'",
        "then '.c' goes down into: 'a.c'",
        "= from a.c import d",
    ]


def test_explain_relative_import_in_an_init_counts_from_the_package_itself():
    text = imports.explain_relative_import("from .. import formats", "sound.effects", True)
    assert "(written inside package sound.effects (its __init__.py))" in text
    assert text.endswith(
        "= from sound import formats\n  (a name that sound does not define itself "
        "is loaded as a submodule: sound.formats)"
    )


@pytest.mark.parametrize(
    "args",
    [
        (None, "a.b"),
        ("from . import x", ""),
        ("from ... import x", "a.b"),
        ("import .x", "a.b"),
        ("from . import x", "a.b", 1),
        ("print(1)", "a.b"),
    ],
)
def test_explain_relative_import_never_raises(args):
    text = imports.explain_relative_import(*args)
    assert text.startswith("⚠️ ") and "Traceback" not in text


def test_explain_relative_import_of_an_absolute_from_import():
    assert imports.explain_relative_import("from os import path", "a.b").endswith(
        "No leading dots: an absolute import, the same in every module."
    )


# --- explain_import -------------------------------------------------------------------


@pytest.fixture
def simple(scratch):
    ws = _folder(scratch, "explain")
    packages.write_package(ws, "simple_package", packages.SIMPLE_PACKAGE)
    return ws


def test_explain_import_reports_names_and_modules(simple):
    text = imports.explain_import(simple, " from simple_package import a, b ")
    assert text.splitlines() == [
        "▶ from simple_package import a, b",
        "names bound here: a, b",
        "modules loaded:   simple_package, simple_package.a, simple_package.b",
    ]


def test_explain_import_shows_the_missing_submodule_as_a_message(simple):
    text = imports.explain_import(simple, "import simple_package.c")
    assert text.endswith("✗ ModuleNotFoundError: No module named 'simple_package.c'")


@pytest.mark.parametrize("statement", [None, "", "   ", 3, "x = 1", "import (", "print('hi')"])
def test_explain_import_bad_input_is_a_message_and_runs_nothing(simple, statement):
    before = files_under(simple)
    text = imports.explain_import(simple, statement)
    assert text.startswith("⚠️ ")
    assert files_under(simple) == before


def test_explain_import_refuses_a_base_outside_the_workspace(scratch, tmp_path):
    assert imports.explain_import(tmp_path, "import os").startswith("⚠️ ")


# --- describe_module ------------------------------------------------------------------


def test_describe_module_of_a_workspace_package_uses_relative_paths(simple, monkeypatch):
    monkeypatch.syspath_prepend(str(simple))
    for name in ("simple_package", "simple_package.a"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    import simple_package.a

    text = imports.describe_module(simple_package) + "\n" + imports.describe_module(simple_package.a)
    assert str(simple) not in text
    assert "  __path__:    list of 1\n    workspace/explain/simple_package" in text
    assert "__file__:    workspace/explain/simple_package/a.py" in text
    assert "__package__: 'simple_package'" in text
    assert "(none: a plain module, not a package, so no submodules)" in text


def test_describe_module_of_a_built_in_module():
    text = imports.describe_module(sys)
    assert text.startswith("sys: built-in module (no file at all)")
    assert "__file__:    None" in text


def test_describe_module_tells_the_three_kinds_apart(scratch, monkeypatch):
    folders = distribution.write_portions(scratch / "nb")
    distribution.write_files(scratch / "nb" / "regular", {"regpkg/__init__.py": ""})
    for folder in (*folders, scratch / "nb" / "regular"):
        monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, "simple_namespace", raising=False)
    monkeypatch.delitem(sys.modules, "regpkg", raising=False)
    import regpkg
    import simple_namespace

    try:
        ns = imports.describe_module(simple_namespace)
        assert ns.splitlines()[0] == "simple_namespace: namespace package (folders without __init__.py)"
        assert "  __file__:    None" in ns.splitlines()
        assert "  __path__:    _NamespacePath of 2" in ns.splitlines()
        assert "workspace/nb/portion_one/simple_namespace" in ns
        assert str(scratch) not in ns
        assert "regular package" in imports.describe_module(regpkg)
        assert "__file__:    workspace/nb/regular/regpkg/__init__.py" in imports.describe_module(regpkg)
        assert imports.describe_module(json.decoder).startswith("json.decoder: module (a single file)")
        assert "built-in module" in imports.describe_module(sys)
    finally:
        sys.modules.pop("simple_namespace", None)
        sys.modules.pop("regpkg", None)


@pytest.mark.parametrize("value", ["math", None, 3, types.SimpleNamespace(__name__="fake")])
def test_describe_module_refuses_non_modules_politely(value):
    text = imports.describe_module(value)
    assert text.startswith("⚠️ ") and "not a module" in text and "module object" in text
