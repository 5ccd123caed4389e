"""coursekit.packages: build packages in the workspace, import them in fresh interpreters."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import files_under

from coursekit import CourseError, packages, workspace

CHAPTER_OUTPUT = "Hello, function 'bar' from module 'a' calling\nHello, function 'foo' from module 'b' calling\n"


# --- write_package ---------------------------------------------------------------------


def test_write_package_writes_exactly_the_files_given(scratch):
    ws = workspace.reset("pk")
    pkg = packages.write_package(ws, "simple_package", packages.SIMPLE_PACKAGE)
    assert pkg == ws / "simple_package"
    assert files_under(pkg) == ["__init__.py", "a.py", "b.py"]
    for name, source in packages.SIMPLE_PACKAGE.items():
        assert (pkg / name).read_text(encoding="utf-8") == source


def test_write_package_accepts_subpackages_and_dunder_main(scratch):
    ws = workspace.reset("pk")
    pkg = packages.write_package(
        ws, "sound", {"__init__.py": "", "__main__.py": "print(1)\n", "effects/__init__.py": "", "effects/echo.py": ""}
    )
    assert files_under(pkg) == ["__init__.py", "__main__.py", "effects/__init__.py", "effects/echo.py"]


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("my-package", "not a valid Python identifier"),
        ("2cool", "'_2cool'"),
        ("class", "Python keyword"),
        ("import", "Python keyword"),
        ("", "non-empty"),
        (None, "non-empty"),
        ("../escape", "not a valid Python identifier"),
    ],
)
def test_write_package_refuses_bad_package_names_writing_nothing(scratch, name, fragment):
    ws = workspace.reset("pk")
    with pytest.raises(CourseError, match=fragment):
        packages.write_package(ws, name, {"__init__.py": ""})
    assert files_under(scratch) == []


def test_write_package_refuses_a_base_outside_the_workspace(scratch, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(CourseError, match="not inside the course workspace"):
        packages.write_package(outside, "pkg", {"__init__.py": ""})
    assert files_under(outside) == []


# --- run_python --------------------------------------------------------------------------


def test_run_python_runs_the_chapter_package(scratch):
    ws = workspace.reset("pk")
    packages.write_package(ws, "simple_package", packages.SIMPLE_PACKAGE)
    run = packages.run_python(["-c", "from simple_package import a, b; a.bar(); b.foo()"], path=[ws])
    assert run.ok and run.stdout == CHAPTER_OUTPUT and run.stderr == ""


def test_run_python_tidies_absolute_paths(scratch):
    ws = workspace.reset("pk")
    run = packages.run_python(["-c", "import os; print(os.getcwd())"], path=[ws])
    assert run.stdout.strip() == "workspace/pk"
    assert str(scratch) not in run.stdout + run.stderr


def test_run_python_reports_failures_with_stderr(scratch):
    run = packages.run_python(["-c", "import no_such_module_here"], path=[workspace.reset("pk")])
    assert not run.ok and "ModuleNotFoundError" in run.stderr
    assert run.stderr.strip().endswith("No module named 'no_such_module_here'")


def test_run_python_stops_endless_code(scratch):
    run = packages.run_python(["-c", "while True: pass"], path=[workspace.reset("pk")], timeout=0.5)
    assert run.returncode == -1 and not run.ok and "Stopped after 0.5 seconds" in run.stderr


def test_run_python_ignores_the_callers_pythonpath(scratch, monkeypatch, tmp_path):
    (tmp_path / "sneaky.py").write_text("print('should not be found')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    run = packages.run_python(["-c", "import sneaky"], path=[workspace.reset("pk")])
    assert not run.ok and "No module named 'sneaky'" in run.stderr


def test_tidy_replaces_workspace_notebooks_and_python_prefixes(scratch):
    text = f"{scratch}/pk/a.py {workspace.NOTEBOOKS}/coursekit {sys.prefix}/lib"
    assert packages.tidy(text) == "workspace/pk/a.py notebooks/coursekit <python>/lib"


# --- import_report -----------------------------------------------------------------------


@pytest.fixture
def chapter(scratch):
    ws = workspace.reset("pk")
    packages.write_package(ws, "simple_package", packages.SIMPLE_PACKAGE)
    return ws


def test_import_report_plain_import_does_not_load_submodules(chapter):
    assert packages.import_report(chapter, "import simple_package").splitlines() == [
        "▶ import simple_package",
        "names bound here: simple_package",
        "modules loaded:   simple_package",
        "simple_package has no submodule attributes yet (a, b not loaded)",
    ]


def test_import_report_from_import_loads_submodules(chapter):
    report = packages.import_report(chapter, "from simple_package import a, b")
    assert "names bound here: a, b\nmodules loaded:   simple_package, simple_package.a, simple_package.b" in report


def test_import_report_names_submodule_attributes(scratch):
    ws = workspace.reset("pk")
    packages.write_package(ws, "eager", {"__init__.py": "from . import a\n", "a.py": "", "b.py": ""})
    assert packages.import_report(ws, "import eager").endswith("eager has submodule attributes: a")


def test_the_chapters_second_form_fails_with_an_empty_init(chapter):
    run = packages.run_python(["-c", "import simple_package\nsimple_package.a.bar()"], path=[chapter])
    assert not run.ok
    assert run.stderr.strip().endswith("AttributeError: module 'simple_package' has no attribute 'a'")


def test_import_report_keeps_errors_as_text(chapter):
    report = packages.import_report(chapter, "from simple_package import c")
    assert report.splitlines()[-1].startswith("✗ ImportError: cannot import name 'c'")


def test_import_report_captures_what_init_prints(scratch):
    ws = workspace.reset("pk")
    packages.write_package(ws, "loud", {"__init__.py": "print('initialising loud')\n"})
    assert packages.import_report(ws, "import loud").splitlines()[1] == "initialising loud"


def test_import_report_namespace_package_versus_regular(scratch):
    ws = workspace.reset("pk")
    workspace.write_text(ws, "nspkg/mod.py", "X = 1\n")  # no __init__.py
    packages.write_package(ws, "regular", {"__init__.py": "", "mod.py": "X = 1\n"})
    namespace = packages.run_python(
        ["-c", "import nspkg; print(nspkg.__file__, sorted(set(nspkg.__path__)))"], path=[ws]
    )
    regular = packages.run_python(["-c", "import regular; print(regular.__file__)"], path=[ws])
    assert namespace.stdout.startswith("None ['workspace/pk/nspkg']")
    assert regular.stdout.strip() == "workspace/pk/regular/__init__.py"
    assert "modules loaded:   nspkg, nspkg.mod" in packages.import_report(ws, "from nspkg import mod")


@pytest.mark.parametrize(
    "statement, fragment",
    [
        ("", "Type an import statement"),
        (None, "Type an import statement"),
        ("print('hi')", "not an import statement"),
        ("import", "not valid Python"),
        ("import simple-package", "not valid Python"),
    ],
)
def test_import_report_refuses_what_is_not_an_import(chapter, statement, fragment):
    with pytest.raises(CourseError, match=fragment):
        packages.import_report(chapter, statement)


def test_import_report_times_out_on_endless_init(scratch):
    ws = workspace.reset("pk")
    packages.write_package(ws, "stuck", {"__init__.py": "while True:\n    pass\n"})
    report = packages.import_report(ws, "import stuck", timeout=0.5)
    assert report.splitlines()[-1].startswith("✗ Stopped after 0.5 seconds")


def test_import_report_is_not_fooled_by_a_package_named_like_its_helpers(scratch):
    ws = workspace.reset("pk")
    packages.write_package(ws, "json", {"__init__.py": "WHO = 'mine'\n"})
    assert "modules loaded:   json\n" in packages.import_report(ws, "import json")


def test_import_report_refuses_a_base_outside_the_workspace(tmp_path, scratch):
    with pytest.raises(CourseError, match="not inside the course workspace"):
        packages.import_report(tmp_path, "import os")


# --- which_module ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, says",
    [
        ("random", "your file random.py\n⚠️ It HIDES the real 'random'"),  # standard library, not loaded at start-up
        ("json", "your file json.py\n⚠️ It HIDES the real 'json'"),  # the reporter must not be broken by json.py
        ("sys", "a module built into the interpreter itself"),  # built into every CPython
        ("os", "a 'frozen' module"),  # frozen since 3.11 (and imported while Python starts)
        ("io", "a 'frozen' module"),
        ("encodings", "the module already in sys.modules"),  # imported while Python starts, read from a file
        ("course_unique_name_xyz", "your file course_unique_name_xyz.py\nNo other module has this name"),
    ],
)
def test_which_module_kinds(scratch, name, says):
    assert packages.which_module(workspace.reset("pk"), name).startswith(f"import {name} → {says}")


def test_which_module_explains_each_kind(scratch):
    ws = workspace.reset("pk")
    assert "every program started here now gets your file" in packages.which_module(ws, "random")
    assert "cannot hide them" in packages.which_module(ws, "sys")
    frozen = packages.which_module(ws, "os")
    assert "Since Python 3.11" in frozen and "python -S" in frozen
    assert "cache is checked first" in packages.which_module(ws, "encodings")
    assert "nothing is hidden" in packages.which_module(ws, "course_unique_name_xyz")


def test_frozen_wins_over_cache_in_the_classification():
    found = {"builtin": False, "cached": True, "origin": "frozen", "error": None}
    assert packages._classify(found, Path("os.py")) == "frozen"
    assert packages._classify({**found, "origin": "/somewhere/encodings/__init__.py"}, Path("x.py")) == "cache"


def test_which_module_reports_a_failed_run_as_text(scratch, monkeypatch):
    crashed = packages.Run(1, "", "Fatal Python error: init_fs_encoding: failed to get the Python codec\n", False)
    monkeypatch.setattr(packages, "run_python", lambda *a, **kw: crashed)
    text = packages.which_module(workspace.reset("pk"), "encodings")
    assert (
        text == "import encodings → an error: Fatal Python error: init_fs_encoding: failed to get the Python codec "
        "(not your file encodings.py)"
    )


def test_which_module_asks_the_fresh_interpreter(scratch):
    # math is built in on some builds (Debian), loaded at start-up on others, or a lib-dynload
    # file nobody imported yet: whichever it is, the report must agree with a fresh python.
    code = "import sys; print('math' in sys.builtin_module_names, 'math' in sys.modules)"
    built_in, loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split()
    text = packages.which_module(workspace.reset("pk"), "math")
    says = "built into" if built_in == "True" else "already in sys.modules" if loaded == "True" else "HIDES the real"
    assert says in text


def test_a_file_in_the_kernels_folder_is_not_the_real_module(scratch, monkeypatch):
    # The kernel works inside the notebook's folder, where hello.py was written: that file must
    # not count as "a module of that name elsewhere".
    ws = workspace.reset("pk")
    workspace.write_text(ws, "hello_course_xyz.py", "")
    monkeypatch.chdir(ws)
    monkeypatch.syspath_prepend("")
    assert "nothing is hidden" in packages.which_module(ws, "hello_course_xyz")


def test_which_module_leaves_one_file_at_a_time(scratch):
    ws = workspace.reset("pk")
    packages.which_module(ws, "random")
    packages.which_module(ws, "string")
    assert files_under(ws) == ["which_module/string.py"]


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("my-module", "not a valid Python identifier"),
        ("for", "keyword"),
        ("os.path", "not a valid Python identifier"),
        ("", "non-empty"),
        (None, "non-empty"),
    ],
)
def test_which_module_refuses_bad_names_writing_nothing(scratch, name, fragment):
    ws = workspace.reset("pk")
    with pytest.raises(CourseError, match=fragment):
        packages.which_module(ws, name)
    assert files_under(ws) == []


# --- package_playground ---------------------------------------------------------------------


def test_playground_builds_and_imports_the_chapter_layout(scratch):
    text = packages.package_playground(workspace.reset("pk"), "simple_package", "a, b")
    assert text.startswith("playground/\n└── simple_package/\n    ├── __init__.py\n    ├── a.py\n    └── b.py")
    assert "simple_package has no submodule attributes yet (a, b not loaded)" in text
    assert "modules loaded:   simple_package, simple_package.a, simple_package.b" in text


def test_playground_runs_init_code_once_per_import(scratch):
    text = packages.package_playground(workspace.reset("pk"), "pkg", "a", "print('init of pkg runs')\n")
    assert text.count("init of pkg runs") == 2  # two statements, two fresh interpreters


def test_playground_init_can_import_submodules(scratch):
    text = packages.package_playground(workspace.reset("pk"), "pkg", "a b", "from . import a, b\n")
    assert "pkg has submodule attributes: a, b" in text


def test_playground_with_no_modules_only_imports_the_package(scratch):
    text = packages.package_playground(workspace.reset("pk"), "pkg", "")
    assert "▶ import pkg" in text and "▶ from" not in text


@pytest.mark.parametrize(
    "package, modules, init, fragment",
    [
        ("my.pkg", "a", "", "holds a dot"),
        ("my pkg", "a", "", "use letters, digits and '_'"),
        ("../up", "a", "", "holds a dot"),
        ("", "a", "", "Type a package name"),
        (None, "a", "", "Type a package name"),
        ("pkg", "a, my-mod", "", "'my-mod' is not a valid Python identifier"),
        ("pkg", "a, lambda", "", "keyword"),
        ("pkg", "a.py", "", "without '.py' or '__'), not 'a.py'"),
        ("pkg", "__init__", "", "without '.py' or '__'), not '__init__'"),
        ("pkg", None, "", "must be text"),
        ("pkg", " ".join(f"m{i}" for i in range(20)), "", "plenty"),
        ("pkg", "a", None, "must be text"),
    ],
)
def test_playground_bad_input_is_a_message_and_writes_nothing(scratch, package, modules, init, fragment):
    ws = workspace.reset("pk")
    text = packages.package_playground(ws, package, modules, init)
    assert text.startswith("⚠️ ") and fragment in text and "Traceback" not in text
    assert files_under(ws) == []


@pytest.mark.parametrize(
    "package, error, why, suggestion",
    [
        ("my-pkg", "invalid syntax", "is not a Python identifier", "'my_pkg'"),
        ("2pkg", "invalid decimal literal", "is not a Python identifier", "'_2pkg'"),
        ("class", "invalid syntax", "is a Python keyword", "'class_'"),
    ],
)
def test_playground_names_no_import_statement_can_reach(scratch, package, error, why, suggestion):
    # Such a folder is a package all the same: import_module reaches it, an import statement cannot.
    ws = workspace.reset("pk")
    text = packages.package_playground(ws, package, "a", "print('init runs')\n")
    assert f"▶ import {package}\n✗ SyntaxError: {error}\n" in text
    assert f"{package!r} {why}: no import statement can name this folder" in text
    assert f"▶ importlib.import_module('{package}.a')" in text and "init runs" in text
    assert f"✓ works: the import system takes any folder name; modules loaded: {package}, {package}.a" in text
    assert f"call it {suggestion} instead" in text
    assert "cannot be a package name" not in text
    assert files_under(ws) == [f"playground/{package}/__init__.py", f"playground/{package}/a.py"]


def test_playground_reports_broken_and_endless_init_code(scratch):
    ws = workspace.reset("pk")
    broken = packages.package_playground(ws, "pkg", "a", "x = (\n")
    assert "✗ SyntaxError" in broken
    endless = packages.package_playground(ws, "pkg", "a", "while True:\n    pass\n", timeout=0.5)
    assert "✗ Stopped after 0.5 seconds" in endless


def test_playground_warns_about_standard_library_names(scratch):
    text = packages.package_playground(workspace.reset("pk"), "json", "a")
    assert "also the name of a standard-library module" in text
    assert "modules loaded:   json, json.a" in text


def test_playground_replaces_the_previous_package(scratch):
    ws = workspace.reset("pk")
    packages.package_playground(ws, "first", "a")
    packages.package_playground(ws, "second", "b")
    assert files_under(ws) == ["playground/second/__init__.py", "playground/second/b.py"]


# --- explain_module_name (the widget of notebook 1) ----------------------------------------


@pytest.mark.parametrize(
    "typed, start",
    [
        ("random", "import random → your file random.py"),
        ("  random  ", "import random → your file random.py"),
        ("sys", "import sys → a module built into the interpreter"),
        ("os", "import os → a 'frozen' module"),
        ("encodings", "import encodings → the module already in sys.modules"),
        ("random.py", "⚠️ Type the module name without '.py'"),
        ("my-module", "⚠️ 'my-module' is not a valid Python identifier"),
        ("import", "⚠️ 'import' is a Python keyword"),
        ("", "⚠️ A module name must be a non-empty string"),
        (None, "⚠️ A module name must be a non-empty string"),
        (42, "⚠️ A module name must be a non-empty string"),
    ],
)
def test_explain_module_name_never_raises(scratch, typed, start):
    text = packages.explain_module_name(workspace.reset("pk"), typed)
    assert text.startswith(start), text


@pytest.mark.parametrize(
    "call",
    [
        lambda ws: packages.explain_module_name(ws, "x" * 1_000_000),
        lambda ws: packages.package_playground(ws, "x" * 1_000_000, "a"),
        lambda ws: packages.package_playground(ws, "pkg", "x" * 300),
    ],
)
def test_very_long_names_are_a_message_not_an_os_error(scratch, call):
    ws = workspace.reset("pk")
    text = call(ws)
    assert text.startswith("⚠️") and "characters long" in text and len(text) < 300
    assert files_under(ws) == []


def test_playground_whole_report_for_a_name_import_cannot_spell(scratch):  # the module's former doctest
    text = packages.package_playground(workspace.reset("pk"), "my-shapes", "circle")
    assert text == (
        "playground/\n└── my-shapes/\n    ├── __init__.py\n    └── circle.py\n\n"
        "▶ import my-shapes\n✗ SyntaxError: invalid syntax\n"
        "⚠️ 'my-shapes' is not a Python identifier: no import statement can name this folder "
        "(nor `from my-shapes import ...`).\n\n"
        "▶ importlib.import_module('my-shapes')\n▶ importlib.import_module('my-shapes.circle')\n"
        "✓ works: the import system takes any folder name; modules loaded: my-shapes, my-shapes.circle\n\n"
        "So it is importable, but only by a string, never in an import statement: call it 'my_shapes' instead."
    )


def test_playground_dedupes_module_names(scratch):
    text = packages.package_playground(workspace.reset("pk"), "pkg", "a, a")
    assert "modules loaded:   pkg, pkg.a" in text and text.count("a.py") == 1
