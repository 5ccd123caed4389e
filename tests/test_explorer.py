"""coursekit.explorer: any name gets a report or a plain sentence, never a traceback."""

import importlib.metadata
import sys
import sysconfig
from pathlib import Path

import pytest

from coursekit import explorer

INDEX = importlib.metadata.packages_distributions()  # read once: it takes most of a second


def describe(name, **options):
    return explorer.describe(name, index=INDEX, **options)


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A private folder on sys.path for made-up packages; they are forgotten afterwards."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        if name.startswith("xplr_"):
            del sys.modules[name]


def make(folder: Path, files: dict) -> None:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


LAZY_PKG = {
    "xplr_lazy/__init__.py": (
        "import importlib\n"
        "from xplr_lazy import eager\n"
        "__all__ = ['eager', 'later', 'hello']\n"
        "__version__ = '0.1'\n"
        "def hello():\n    return 'hi'\n"
        "def __getattr__(name):\n"
        "    if name == 'later':\n"
        "        return importlib.import_module('xplr_lazy.later')\n"
        "    raise AttributeError(name)\n"
    ),
    "xplr_lazy/eager.py": "X = 1\n",
    "xplr_lazy/later.py": "Y = 2\n",
    "xplr_lazy/_private.py": "",
    "xplr_lazy/sub/__init__.py": "",
    "xplr_lazy/sub/deep.py": "",
}


def test_regular_package_report(site):
    make(site, LAZY_PKG)
    text = describe("xplr_lazy")
    assert text.startswith("📦 xplr_lazy  ·  regular package\n   location      .../site/xplr_lazy\n")
    assert "distribution  (none: not installed by pip)" in text
    assert "__all__       3 names: eager, later, hello" in text
    assert "__init__.py   10 lines" in text
    assert "on import     1 of its own modules loaded; a module __getattr__ loads more" in text  # only eager
    assert "top level     1 subpackage, 3 modules" in text
    assert "● eager.py" in text and "○ later.py" in text and "○ sub/" in text  # one level, sorted
    assert "xplr_lazy.sub" not in sys.modules  # listing did not import it


def test_lazy_submodule_shows_as_loaded_after_first_use(site):
    make(site, LAZY_PKG)
    module = __import__("xplr_lazy")
    assert "○ later.py" in describe("xplr_lazy")
    module.later  # noqa: B018  -- the module __getattr__ imports it now
    assert "● later.py" in describe("xplr_lazy")


def test_without_import_nothing_runs(site):
    make(site, {"xplr_noisy/__init__.py": "raise RuntimeError('should not run')\n", "xplr_noisy/a.py": ""})
    text = describe("xplr_noisy", import_it=False)
    assert "xplr_noisy" not in sys.modules
    assert "not imported" in text and text.endswith("└── ○ a.py")


def test_private_modules_on_request(site):
    make(site, LAZY_PKG)
    assert "_private" not in describe("xplr_lazy")
    assert "○ _private.py" in describe("xplr_lazy", private=True)


def test_namespace_package_spread_over_two_folders(site, tmp_path, monkeypatch):
    other = tmp_path / "other"
    make(site, {"xplr_ns/left.py": ""})
    make(other, {"xplr_ns/right.py": ""})
    monkeypatch.syspath_prepend(str(other))
    text = describe("xplr_ns")
    assert "namespace package" in text and "no __init__.py" in text
    assert "location      .../other/xplr_ns\n" in text
    assert "○ left.py" in text and "○ right.py" in text
    assert "__all__       (not defined" in text


def test_standard_library_package_has_no_distribution():
    text = describe("json", import_it=False)
    assert "location      stdlib/json" in text and "distribution  (none: the standard library)" in text
    assert "○ tool.py" in text or "● tool.py" in text


def test_installed_distribution_metadata():
    text = describe("sklearn", import_it=False)
    assert "distribution  scikit-learn  (pip install scikit-learn  →  import sklearn)" in text
    assert "licence       BSD-3-Clause" in text
    assert "requires      5: joblib, narwhals, numpy, scipy, threadpoolctl" in text  # no extras


def test_version_attribute_that_disagrees_with_metadata_is_pointed_out():
    text = describe("moviepy")
    assert "version       2.2.1   (but moviepy.__version__ says 2.1.2!)" in text


def test_tree_is_cut_after_the_limit(site):
    make(site, {"xplr_big/__init__.py": "", **{f"xplr_big/m{i:03d}.py": "" for i in range(60)}})
    text = describe("xplr_big", import_it=False)
    assert "m044.py" in text and "m045.py" not in text
    assert f"{60 - explorer.TREE_LIMIT} more (not shown)" in text


def test_no_absolute_path_in_any_text(site):
    make(site, LAZY_PKG)
    for name in ("xplr_lazy", "json", "sklearn", "os", "nosuch_xplr"):
        text = describe(name, import_it=False)
        assert str(site) not in text and sysconfig.get_paths()["stdlib"] not in text
        assert str(Path.home()) not in text


def test_as_html_escapes_and_keeps_lines():
    assert explorer.as_html("📦 <pkg> & co") == (
        '<pre style="font-size: 0.9em; line-height: 1.35; margin: 0">📦 &lt;pkg&gt; &amp; co</pre>'
    )


# ----------------------------------------------------------------- names that do not work


@pytest.mark.parametrize(
    "name, fragment",
    [
        (None, "as text"),
        (42, "as text"),
        (["torch"], "Type the import name"),
        ("", "Type the import name"),
        ("   ", "Type the import name"),
        ("2cool", "cannot be an import name"),
        ("my package", "cannot be an import name"),
        ("torch..nn", "cannot be an import name"),
        ("scikit-learn", "is a distribution name"),
        ("Scrapy", "Try: 'scrapy'"),
        ("pillow", "Try: 'PIL'"),
        ("Sklearn", "did you mean 'sklearn'"),
        ("nosuch_xplr", "No module or package named 'nosuch_xplr'"),
        ("nosuch_xplr.sub", "Looking for 'nosuch_xplr.sub' failed: ModuleNotFoundError: No module named"),
        ("sys", "'sys' is a module (built into Python), not a package."),
        ("os", "'os' is a module (stdlib/os.py)"),
        ("json.decoder", "is a module (stdlib/json/decoder.py)"),
        ("import", "is a Python keyword"),
        ("json.class", "'class' is a Python keyword"),
        ("json.JSONDecoder", "No module or package named 'json.JSONDecoder'"),
    ],
)
def test_bad_names_get_a_sentence(name, fragment):
    assert fragment in describe(name, import_it=False)
    text = describe(name)
    assert text.startswith("⚠️ ") and fragment in text and "Traceback" not in text


def test_without_an_index_it_reads_the_installed_one():
    assert "Try: 'sklearn'" in explorer.describe("scikit-learn")


def test_module_made_at_run_time_has_nothing_to_explore(monkeypatch):
    import types

    monkeypatch.setitem(sys.modules, "xplr_runtime", types.ModuleType("xplr_runtime"))
    text = describe("xplr_runtime")
    assert text.startswith("⚠️ Looking for 'xplr_runtime' failed: ValueError: xplr_runtime.__spec__ is None")


def test_plain_module_is_not_imported(site):
    make(site, {"xplr_single.py": "raise RuntimeError('should not run')\n"})
    assert "is a module" in describe("xplr_single")
    assert "xplr_single" not in sys.modules


@pytest.mark.parametrize(
    "body",
    [
        "import xplr_missing_dependency\n",
        "raise RuntimeError('broken on purpose')\n",
        "raise SystemExit(3)\n",
        "1 / 0\n",
        "def broken(:\n",
    ],
)
def test_import_that_fails_is_reported_not_raised(site, body):
    make(site, {"xplr_broken/__init__.py": body, "xplr_broken/a.py": ""})
    text = describe("xplr_broken")
    assert "xplr_broken" not in sys.modules
    assert "import        ⚠️ failed:" in text and "Traceback" not in text and text.endswith("└── ○ a.py")


def test_warnings_of_an_import_are_silenced(site, capsys):
    make(site, {"xplr_chatty/__init__.py": ("import warnings\nwarnings.warn('old stuff', DeprecationWarning)\n")})
    assert "on import" in describe("xplr_chatty")
    assert capsys.readouterr().err == ""


def test_dotted_name_below_a_broken_parent(site):
    make(site, {"xplr_badparent/__init__.py": "raise RuntimeError('nope')\n", "xplr_badparent/child/__init__.py": ""})
    text = describe("xplr_badparent.child")
    assert text.startswith("⚠️ Looking for 'xplr_badparent.child' failed: RuntimeError: nope")


# ----------------------------------------------------------------- helpers


def test_import_names_of_any_spelling_with_a_given_index():
    index = {"sklearn": ["scikit-learn"], "PIL": ["Pillow"], "yaml": ["PyYAML"], "_yaml": ["PyYAML"]}
    assert explorer.import_names_of("pyyaml", index) == ("_yaml", "yaml")
    assert explorer.import_names_of("scikit_learn", index) == ("sklearn",)
    assert explorer.import_names_of("Scikit.Learn", index) == ("sklearn",)
    assert explorer.import_names_of("scikit-learn", INDEX) == ("sklearn",)
    assert explorer.import_names_of("Pillow", INDEX) == ("PIL",)
    assert explorer.import_names_of("no-such-distribution", INDEX) == ()


def test_requirements_match_the_installed_metadata_without_extras():
    from importlib import metadata

    names = explorer.requirements("scikit-learn")
    raw = metadata.requires("scikit-learn")
    plain = {
        explorer.canonical(r.split(";")[0].split(">")[0].split("=")[0].split("<")[0])
        for r in raw
        if "extra ==" not in r
    }
    assert names == sorted(plain)
    # scipy's metadata lists many optional extras ("test", "doc", ...): none of them count
    assert explorer.requirements("scipy") == ["numpy"]


def test_canonical_names():
    assert explorer.canonical("Scrapy") == "scrapy"
    assert explorer.canonical("Scikit_Learn") == "scikit-learn"
    assert explorer.canonical("zope.interface") == "zope-interface"
    assert explorer.canonical(" a__b ") == "a-b"
