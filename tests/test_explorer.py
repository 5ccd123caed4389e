"""coursekit.explorer: any name gets a report or a plain sentence, never a traceback."""

import dataclasses
import math
import sys
import sysconfig
from pathlib import Path

import pytest

from coursekit import CourseError, explorer


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


class Clock:
    """A fake clock: every reading is one second after the last."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


# ----------------------------------------------------------------- packages that work


def test_regular_package_report(site):
    make(site, LAZY_PKG)
    report = explorer.explore("xplr_lazy", clock=Clock())
    assert report.kind == "regular package"
    assert report.location == ".../site/xplr_lazy"
    assert report.distributions == () and report.version is None
    assert report.all_names == ("eager", "later", "hello")
    assert report.version_attr == "0.1"
    assert report.lazy_getattr is True
    assert report.init_lines == 10
    assert report.import_seconds == 1.0 and report.was_cached is False
    assert report.own_modules_loaded == 1  # only xplr_lazy.eager
    names = {s.name: s for s in report.submodules}
    assert sorted(names) == ["_private", "eager", "later", "sub"]  # one level, sorted
    assert names["eager"].loaded and not names["later"].loaded
    assert names["sub"].is_package and not names["eager"].is_package
    assert "xplr_lazy.sub" not in sys.modules  # listing did not import it


def test_second_explore_finds_the_cached_module(site):
    make(site, LAZY_PKG)
    explorer.explore("xplr_lazy")
    again = explorer.explore("xplr_lazy", clock=Clock())
    assert again.was_cached and again.import_seconds is None
    assert "already in sys.modules" in again.text()


def test_lazy_submodule_shows_as_loaded_after_first_use(site):
    make(site, LAZY_PKG)
    module = __import__("xplr_lazy")
    assert not {s.name: s for s in explorer.explore("xplr_lazy").submodules}["later"].loaded
    module.later  # noqa: B018  -- the module __getattr__ imports it now
    assert {s.name: s for s in explorer.explore("xplr_lazy").submodules}["later"].loaded


def test_without_import_nothing_runs(site):
    make(site, {"xplr_noisy/__init__.py": "raise RuntimeError('should not run')\n", "xplr_noisy/a.py": ""})
    report = explorer.explore("xplr_noisy", import_it=False)
    assert not report.imported and report.import_error is None
    assert "xplr_noisy" not in sys.modules
    assert [s.name for s in report.submodules] == ["a"]
    assert "not imported" in report.text()


def test_text_marks_loaded_modules_and_hides_timing_on_request(site):
    make(site, LAZY_PKG)
    text = explorer.describe("xplr_lazy", show_time=False)
    assert "● eager.py" in text and "○ later.py" in text and "○ sub/" in text
    assert "_private" not in text and "1 private module starting" in text
    assert "import time" not in text
    assert "○ _private.py" in explorer.describe("xplr_lazy", private=True)
    assert "import time" in explorer.describe("xplr_lazy")
    short = explorer.explore("xplr_lazy").text(tree=False)
    assert "xplr_lazy/" not in short and "top level" not in short and "__all__" in short


def test_namespace_package_spread_over_two_folders(site, tmp_path, monkeypatch):
    other = tmp_path / "other"
    make(site, {"xplr_ns/left.py": ""})
    make(other, {"xplr_ns/right.py": ""})
    monkeypatch.syspath_prepend(str(other))
    report = explorer.explore("xplr_ns")
    assert report.kind == "namespace package" and report.init_lines is None
    assert sorted(report.locations) == [".../other/xplr_ns", ".../site/xplr_ns"]
    assert [s.name for s in report.submodules] == ["left", "right"]
    assert report.all_names is None
    text = report.text()
    assert "no __init__.py" in text and "+1 more folder:" in text


def test_standard_library_package_has_no_distribution():
    report = explorer.explore("json", import_it=False)
    assert report.location == "stdlib/json" and report.distributions == ()
    assert "standard library" in report.text()


def test_installed_distribution_metadata():
    report = explorer.explore("sklearn", import_it=False)
    assert report.distributions == ("scikit-learn",)
    assert report.version and report.licence == "BSD-3-Clause"
    assert "numpy" in [r.split(">")[0].split("=")[0] for r in report.requires]
    assert not any("extra" in r for r in report.requires)
    text = report.text()
    assert "pip install scikit-learn  →  import sklearn" in text


def test_version_attribute_that_disagrees_with_metadata_is_pointed_out():
    report = dataclasses.replace(
        explorer.explore("json", import_it=False), distributions=("demo",), version="2.2.1", version_attr="2.1.2"
    )
    assert "(but json.__version__ says 2.1.2!)" in report.text()


def test_tree_is_cut_after_the_limit(site):
    make(site, {"xplr_big/__init__.py": "", **{f"xplr_big/m{i:03d}.py": "" for i in range(60)}})
    text = explorer.explore("xplr_big", import_it=False).text()
    assert "m044.py" in text and "m045.py" not in text
    assert f"{60 - explorer.TREE_LIMIT} more (not shown)" in text


def test_no_absolute_path_in_any_text(site):
    make(site, LAZY_PKG)
    for name in ("xplr_lazy", "json", "sklearn", "os", "nosuch_xplr"):
        text = explorer.describe(name, import_it=False)
        assert str(site) not in text and sysconfig.get_paths()["stdlib"] not in text
        assert str(Path.home()) not in text


# ----------------------------------------------------------------- names that do not work


@pytest.mark.parametrize(
    "name, fragment",
    [
        (None, "as text"),
        (42, "as text"),
        (["torch"], "as text"),
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
        ("nosuch_xplr.sub", "was not found"),
        ("sys", "built into Python"),
        ("os", "is a module"),
        ("json.decoder", "is a module (stdlib/json/decoder.py)"),
        ("import", "is a Python keyword"),
        ("json.class", "'class' is a Python keyword"),
        ("json.JSONDecoder", "json.JSONDecoder is an attribute of json (a class), not a module"),
    ],
)
def test_bad_names_get_a_sentence(name, fragment):
    with pytest.raises(CourseError, match=None) as info:
        explorer.explore(name, import_it=False)
    assert fragment in str(info.value)
    text = explorer.describe(name)
    assert text.startswith("⚠️ ") and fragment in text and "Traceback" not in text


def test_module_made_at_run_time_has_nothing_to_explore(monkeypatch):
    import types

    monkeypatch.setitem(sys.modules, "xplr_runtime", types.ModuleType("xplr_runtime"))
    text = explorer.describe("xplr_runtime")
    assert text.startswith("⚠️ 'xplr_runtime' is in sys.modules, but it was created at run time")


def test_plain_module_is_not_imported(site):
    make(site, {"xplr_single.py": "raise RuntimeError('should not run')\n"})
    assert "is a module" in explorer.describe("xplr_single")
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
    report = explorer.explore("xplr_broken")
    assert report.import_error and not report.imported
    assert "xplr_broken" not in sys.modules
    assert [s.name for s in report.submodules] == ["a"]
    text = explorer.describe("xplr_broken")
    assert "⚠️ import failed:" in text and "Traceback" not in text


def test_warnings_of_an_import_become_a_note(site, capsys):
    make(site, {"xplr_chatty/__init__.py": ("import warnings\nwarnings.warn('old stuff', DeprecationWarning)\n")})
    report = explorer.explore("xplr_chatty")
    assert report.imported
    assert report.notes == ("import warned 1x, first: DeprecationWarning: old stuff",)
    assert "note          import warned 1x" in report.text()
    assert capsys.readouterr().err == ""


def test_dotted_name_below_a_broken_parent(site):
    make(site, {"xplr_badparent/__init__.py": "raise RuntimeError('nope')\n", "xplr_badparent/child/__init__.py": ""})
    text = explorer.describe("xplr_badparent.child")
    assert text.startswith("⚠️ Looking for 'xplr_badparent.child' failed: RuntimeError: nope")


# ----------------------------------------------------------------- helpers


def test_names_in_both_directions_with_a_given_index():
    index = {"sklearn": ["scikit-learn"], "PIL": ["Pillow"], "yaml": ["PyYAML"], "_yaml": ["PyYAML"]}
    assert explorer.distributions_of("sklearn.linear_model", index) == ("scikit-learn",)
    assert explorer.import_names_of("pyyaml", index) == ("_yaml", "yaml")
    assert explorer.import_names_of("scikit_learn", index) == ("sklearn",)
    assert explorer.import_names_of("Scikit.Learn", index) == ("sklearn",)
    assert explorer.import_names_of(None, index) == ()


def test_short_location_never_shows_the_machine():
    purelib = Path(sysconfig.get_paths()["purelib"])
    assert explorer.short_location(purelib / "a" / "b.py") == "site-packages/a/b.py"
    assert explorer.short_location("/opt/x/dist-packages/pkg") == "dist-packages/pkg"
    assert explorer.short_location("/somewhere/else/pkg") == ".../else/pkg"


def test_distribution_name_and_import_name_differ():
    assert explorer.import_names_of("scikit-learn") == ("sklearn",)
    assert explorer.import_names_of("Scikit_Learn") == ("sklearn",)
    assert explorer.distributions_of("sklearn") == ("scikit-learn",)


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("sklearn", "import name; it is installed by 'scikit-learn'"),
        ("no-such-distribution-xyz", "Check the spelling"),
        ("", "non-empty string"),
        (None, "non-empty string"),
    ],
)
def test_unknown_distributions_are_explained(name, fragment):
    with pytest.raises(CourseError, match=fragment):
        explorer.requirements(name)


@pytest.mark.parametrize("name", ["no_such_module_xyz", "", None, "sk-learn"])
def test_distributions_of_a_bad_import_name_is_none(name):
    assert explorer.distributions_of(name) == ()


def test_requirements_match_the_installed_metadata_without_extras():
    from importlib import metadata

    names = [name for name, _ in explorer.requirements("scikit-learn")]
    assert names == sorted(names)
    assert {"numpy", "scipy", "joblib", "threadpoolctl"} <= set(names)
    raw = metadata.requires("scikit-learn")
    plain = {
        explorer.canonical(r.split(";")[0].split(">")[0].split("=")[0].split("<")[0])
        for r in raw
        if "extra ==" not in r
    }
    assert set(names) == plain
    # scipy's metadata lists many optional extras ("test", "doc", ...): none of them count
    assert [name for name, _ in explorer.requirements("scipy")] == ["numpy"]


def test_canonical_names():
    assert explorer.canonical("Scrapy") == "scrapy"
    assert explorer.canonical("zope.interface") == "zope-interface"
    assert not math.isnan(len(explorer.canonical(" a__b ")))
    assert explorer.canonical(" a__b ") == "a-b"
