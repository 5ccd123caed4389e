"""coursekit.imports: the widget logic of notebooks 4 and 5 (what an import loads, where dots lead)."""

import importlib.util
import os
import subprocess
import sys

import pytest
from conftest import files_under

from coursekit import imports, packages

# --- statements that are not one import ---------------------------------------------


@pytest.mark.parametrize(
    "statement, fragment",
    [
        (None, "Type an import statement"),
        ("", "Type an import statement"),
        (42, "Type an import"),
        ("x = 1", "not an import statement"),
        ("import", "not valid Python"),
        ("import .echo", "only exist in the form 'from . import x'"),
        ("import os\nprint(os)", "not an import statement"),
    ],
)
def test_explain_import_explains_bad_statements(scratch, statement, fragment):
    text = imports.explain_import(scratch, statement)
    assert text.startswith("⚠️ ") and fragment in text


# --- where the dots lead (the "= from X import" line of explain_relative_import) ----------


def resolved(statement, module, is_package=False):
    """The absolute module that explain_relative_import says ``statement`` imports from, or its message."""
    text = imports.explain_relative_import(statement, module, is_package)
    found = [line.split()[2] for line in text.splitlines() if line.startswith("= from ")]
    return found[0] if found else text


@pytest.mark.parametrize(
    "statement, module, is_package",
    [
        ("from . import echo", "sound.effects.surround", False),
        ("from .echo import echofilter", "sound.effects.surround", False),
        ("from ..filters import equalizer", "sound.effects.surround", False),
        ("from .. import formats", "sound.effects", True),
        ("from . import echo", "sound.effects", True),
        ("from ...a import b", "p.q.r.s", False),
    ],
)
def test_the_dots_lead_where_importlib_says(statement, module, is_package):
    package = module if is_package else module.rpartition(".")[0]
    assert resolved(statement, module, is_package) == importlib.util.resolve_name(statement.split()[1], package)


@pytest.mark.parametrize(
    "statement, module, is_package, fragment",
    [
        ("from ... import x", "sound.effects.echo", False, "beyond top-level package"),
        ("from ... import x", "sound.effects", True, "beyond top-level package"),
        ("from . import x", "tool", False, "no known parent package"),
        ("from . import x", "__main__", False, "a script: its __package__ is None"),
        ("from . import x; from . import y", "a.b", False, "one import statement at a time"),
        ("from . import x", "a/b", False, "not a dotted module name"),
        ("from . import x", None, False, "must be a non-empty string"),
    ],
)
def test_relative_import_errors_are_explained(statement, module, is_package, fragment):
    text = imports.explain_relative_import(statement, module, is_package)
    assert text.startswith("⚠️ ") and fragment in text, text


def test_an_init_counts_from_its_own_package():
    assert resolved("from .. import x", "sound.effects", True) == "sound"


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
        assert said.strip().splitlines()[-1].split(": ", 1)[1] in imports.explain_relative_import(statement, module)


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
        ("print(1)", "a.b"),
    ],
)
def test_explain_relative_import_never_raises(args):
    text = imports.explain_relative_import(*args)
    assert text.startswith("⚠️ ") and "Traceback" not in text


@pytest.mark.parametrize("statement", ["from os import path", "import os"])
def test_explain_relative_import_of_an_absolute_import(statement):
    assert imports.explain_relative_import(statement, "a.b") == (
        f"▶ {statement}\nNo leading dots: an absolute import, the same in every module."
    )


# --- explain_relative_import: how the module runs (run_as) -------------------------------


def test_explain_relative_import_as_a_script_fails_with_package_none():
    text = imports.explain_relative_import("from ..filters import equalizer", "sound.effects.echo", run_as="script")
    assert text.splitlines() == [
        "▶ from ..filters import equalizer    (in sound/effects/echo.py, run as a script: "
        "python sound/effects/echo.py)",
        "__name__ is '__main__' and __package__ is None: a script belongs to no package",
        "✗ ImportError: attempted relative import with no known parent package",
        "  Run it as python -m sound.effects.echo, from the folder that holds sound/.",
    ]


def test_explain_relative_import_with_dash_m_counts_like_an_import():
    imported = imports.explain_relative_import("from ..filters import equalizer", "sound.effects.echo")
    with_m = imports.explain_relative_import("from ..filters import equalizer", "sound.effects.echo", run_as="-m")
    said = "__name__ is '__main__', but -m sets __package__ as an import would: 'sound.effects'"
    assert with_m.splitlines()[1] == said
    assert with_m.splitlines()[2:] == imported.splitlines()[2:]


@pytest.mark.parametrize(
    "statement, module, is_package, run_as, fragment",
    [
        ("from . import x", "tool", False, "script", "even python -m tool gives __package__ ''"),
        ("from . import x", "tool", False, "-m", "its __package__ is ''"),
        ("from .. import formats", "sound.effects", True, "script", "import sound.effects"),
        ("from .. import formats", "sound.effects", True, "-m", "runs the package's __main__.py"),
        ("from sound.formats import wavwrite", "sound.filters.equalizer", False, "script", "folder (sound/filters)"),
        ("from . import x", "a.b", False, "run", "run_as must be one of 'import', '-m', 'script'"),
        ("from . import x", "a/b.py", False, "script", "not a dotted module name"),
        ("from . import x", "__main__", False, "script", "its __package__ is None"),
    ],
)
def test_explain_relative_import_run_as_cases(statement, module, is_package, run_as, fragment):
    text = imports.explain_relative_import(statement, module, is_package, run_as=run_as)
    assert fragment in text, text
    assert "Traceback" not in text


def test_package_values_match_what_python_sets(scratch):
    # The widget's claims, checked against real interpreters: a script has __package__ None,
    # an imported top-level module '', and -m sets the package as an import would.
    ws = _folder(scratch, "run_as")
    show = "print(repr(__package__))\n"
    packages.write_package(ws, "pkg", {"__init__.py": "", "sub/__init__.py": "", "sub/mod.py": show})
    (ws / "top.py").write_text(show)

    def package_of(*args):
        done = subprocess.run([sys.executable, *args], cwd=ws, capture_output=True, text=True, env=_plain_env())
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert package_of("pkg/sub/mod.py") == package_of("top.py") == "None"
    assert package_of("-c", "import top") == package_of("-m", "top") == "''"
    assert package_of("-m", "pkg.sub.mod") == package_of("-c", "import pkg.sub.mod") == "'pkg.sub'"
    assert "__package__ is None" in imports.explain_relative_import("from . import x", "pkg.sub.mod", run_as="script")
    assert "'pkg.sub'" in imports.explain_relative_import("from . import x", "pkg.sub.mod", run_as="-m")


def _plain_env():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    return {**env, "PYTHONDONTWRITEBYTECODE": "1"}


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


def test_explain_import_tells_an_empty_init_from_an_eager_one(simple):
    # notebook 4's widget: the same statement, two __init__.py files (sample_packages/eager_package)
    eager = {**packages.SIMPLE_PACKAGE, "__init__.py": 'print("initialising eager_package")\nfrom . import a, b\n'}
    packages.write_package(simple, "eager_package", eager)
    assert imports.explain_import(simple, "import simple_package").splitlines()[-1] == (
        "simple_package has no submodule attributes yet (a, b not loaded)"
    )
    assert imports.explain_import(simple, "import eager_package").splitlines() == [
        "▶ import eager_package",
        "initialising eager_package",
        "names bound here: eager_package",
        "modules loaded:   eager_package, eager_package.a, eager_package.b",
        "eager_package has submodule attributes: a, b",
    ]


@pytest.mark.parametrize("statement", [None, "", "   ", 3, "x = 1", "import (", "print('hi')"])
def test_explain_import_bad_input_is_a_message_and_runs_nothing(simple, statement):
    before = files_under(simple)
    text = imports.explain_import(simple, statement)
    assert text.startswith("⚠️ ")
    assert files_under(simple) == before


def test_explain_import_refuses_a_base_outside_the_workspace(scratch, tmp_path):
    assert imports.explain_import(tmp_path, "import os").startswith("⚠️ ")


# --- examples that were doctests in coursekit/imports.py ------------------------------------


def test_explain_relative_import_of_a_submodule_from_the_package():
    assert imports.explain_relative_import("from . import echo", "sound.effects.surround").splitlines() == [
        "▶ from . import echo    (written inside module sound.effects.surround)",
        "__package__ of sound.effects.surround is 'sound.effects'",
        "'.' is that package itself: 'sound.effects'",
        "= from sound.effects import echo",
        "  (a name that sound.effects does not define itself is loaded as a submodule: sound.effects.echo)",
    ]


def test_resolve_examples():
    assert resolved("from ..filters import equalizer", "sound.effects.surround") == "sound.filters"
    assert resolved("from .wavwrite import LOWEST", "sound.formats.wavread") == "sound.formats.wavwrite"
    assert resolved("from . import echo", "sound.effects", is_package=True) == "sound.effects"
    assert "3 dots from sound.effects.echo climb above 'sound'." in resolved("from ... import x", "sound.effects.echo")


def test_a_top_level_module_has_no_package_to_count_from():
    assert imports.explain_relative_import("from .. import x", "tool") == (
        "⚠️ attempted relative import with no known parent package: 'tool' is top-level: its __package__ is '', so "
        "the dots have nothing to count from. Put it in a package, run it with python -m package.module from the "
        "folder above it."
    )
