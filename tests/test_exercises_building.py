"""Notebook 8's exercise checks and its wheel-name explainer.

Each test writes the files a learner would write (with ``%%writefile``) into a temporary
workspace, then calls the check: the worked solution passes, and each typical mistake
gets its own clear message, never a traceback.
"""

import subprocess
import sys

import pytest
from packaging.utils import parse_wheel_filename

from coursekit import workspace
from coursekit.exercises import building

NB = building.NOTEBOOK
BUILD_SYSTEM = '[build-system]\nrequires = ["flit_core >=3.12,<5"]\nbuild-backend = "flit_core.buildapi"\n\n'
EX1 = BUILD_SYSTEM + (
    '[project]\nname = "areas"\nversion = "0.1.0"\ndescription = "Areas of flat shapes."\nrequires-python = ">=3.9"\n'
)
AREAS = (
    '"""Areas of flat shapes."""\n\nimport math\n\n\n'
    "def circle(radius):\n    return math.pi * radius**2\n\n\n"
    "def square(side):\n    return side**2\n"
)
A = "def bar():\n    print(\"Hello, function 'bar' from module 'a' calling\")\n"
B = "def foo():\n    print(\"Hello, function 'foo' from module 'b' calling\")\n"
INIT = '"""The chapter\'s simple_package, ready to be shared."""\n\nfrom . import a, b\n\n__version__ = "{}"\n'
EX2_BROKEN = BUILD_SYSTEM + '[project]\nname = "simple-package"\nversion = 2.0.0\nrequires-python = ">=3.9"\n'
EX2 = BUILD_SYSTEM + (
    '[project]\nname = "simple-package"\nversion = "2.0.0"\n'
    'description = "The chapter\'s simple_package, ready to be shared."\nrequires-python = ">=3.9"\n'
)
DYNAMIC = (
    BUILD_SYSTEM
    + '[project]\nname = "simple-package"\ndynamic = ["version", "description"]\nrequires-python = ">=3.9"\n'
)
PLACEHOLDER = "# Replace this comment with your answer, then run this cell.\n"


def write(ws, files):
    for name, text in files.items():
        workspace.write_text(ws, name, text)


def verdict(feedback):
    assert "Traceback" not in feedback.message
    return feedback.ok, feedback.message


@pytest.fixture
def ws(scratch):
    return workspace.reset(NB)


def package(folder):
    return {
        f"{folder}/src/simple_package/{n}": t
        for n, t in (("__init__.py", INIT.format("1.0.1")), ("a.py", A), ("b.py", B))
    }


# ------------------------------------------------------------------ the wheel-name explainer


def test_the_explainer_names_each_part_and_says_why_a_dash_breaks_a_name():
    assert building.explain_wheel_name("simple_package-1.0.0-py3-none-any.whl").splitlines() == [
        "simple_package-1.0.0-py3-none-any.whl: a valid wheel name, 5 parts",
        "  distribution  simple_package  the project simple-package (in a file name '-' and '.' become '_')",
        "  version       1.0.0",
        "  python tag    py3             any Python 3",
        "  abi tag       none            no compiled code, so no binary interface is needed",
        "  platform tag  any             any operating system and processor",
    ]
    assert building.explain_wheel_name("simple-package-1.0.0-py3-none-any.whl") == (
        "⚠️ 'simple-package-1.0.0-py3-none-any.whl' is not a valid wheel name: its version part is 'package', "
        "which is not a version. Is there a '-' in the project name? Write it as '_' in a file name."
    )
    assert "  build tag     1" in building.explain_wheel_name("simple_package-1.0.0-1-py3-none-any.whl")
    assert building.explain_wheel_name("simple_package-1.0.0.tar.gz").endswith(
        "ends in '.whl' (a '.tar.gz' is an sdist)."
    )


def _parts(name):
    """The explainer's table as {part: value}."""
    return {line[2:15].strip(): line[16:].split()[0] for line in building.explain_wheel_name(name).splitlines()[1:]}


@pytest.mark.parametrize(
    "name",
    [
        "simple_package-1.0.0-py3-none-any.whl",
        "simple_package-1.0.0-1-py3-none-any.whl",
        "six-1.16.0-py2.py3-none-any.whl",
        "numpy-2.1.0-cp313-cp313t-win_amd64.whl",
        "cryptography-44.0.0-cp39-abi3-macosx_10_9_universal2.whl",
        "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl",
    ],
)
def test_the_explainers_parts_agree_with_packaging(name):
    parts = _parts(name)
    project, version, build, tags = parse_wheel_filename(name)
    assert len(parts) == len(name[:-4].split("-")) == (6 if build else 5)
    assert str(version) == parts["version"].lower() or parts["version"] == "2.13.0+cpu"
    assert {str(t) for t in tags} == {
        f"{py}-{parts['abi tag']}-{parts['platform tag']}" for py in parts["python tag"].split(".")
    }
    assert ("build tag" in parts) == bool(build)


def test_the_explainer_names_every_part():
    text = building.explain_wheel_name("simple_package-1.0.0-2-py3-none-any.whl")
    assert (
        text.splitlines()[0]
        == "simple_package-1.0.0-2-py3-none-any.whl: a valid wheel name, 6 parts (with a build tag)"
    )
    assert "build tag     2" in text and "the bigger number wins" in text
    compiled = building.explain_wheel_name("numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl")
    assert "CPython 3.13" in compiled and "free-threaded" in compiled and "glibc 2.17 or newer, on x86_64" in compiled
    assert "any Python 2, or any Python 3" in building.explain_wheel_name("six-1.16.0-py2.py3-none-any.whl")
    assert "stable ABI" in building.explain_wheel_name("c-44.0-cp39-abi3-win_amd64.whl")
    assert "64-bit Windows" in building.explain_wheel_name("c-44.0-cp39-abi3-win_amd64.whl")
    assert "macOS 10.9 or newer" in building.explain_wheel_name("c-44.0-cp39-abi3-macosx_10_9_universal2.whl")


@pytest.mark.parametrize(
    "name, message",
    [
        ("simple-package-1.0.0-py3-none-any.whl", "Is there a '-' in the project name? Write it as '_'"),
        ("simple_package-1.0.0-py3-any.whl", "it has 4 parts separated by '-', not 5"),
        ("simple_package-1.0.0-a-b-c-d-e.whl", "it has 7 parts"),
        ("simple_package-1.0.0.tar.gz", "(a '.tar.gz' is an sdist)"),
        ("simple_package-one-py3-none-any.whl", "its version part is 'one', which is not a version."),
        ("simple_package-1.0.0-x1-py3-none-any.whl", "is not a valid wheel name: Invalid build number"),
        ("dist/simple_package-1.0.0-py3-none-any.whl", "is a path: type only the file name"),
        ("", "Type a wheel file name"),
        (None, "Type a wheel file name"),
        ("x" * 2400 + ".whl", "characters long"),
    ],
)
def test_the_explainer_says_why_a_name_is_invalid(name, message):
    text = building.explain_wheel_name(name)
    assert text.startswith("⚠️ ") and message in text, text
    assert "Traceback" not in text


# ------------------------------------------------------------------ exercise 1


@pytest.fixture
def ex1(ws):
    write(ws, {"ex1/areas/__init__.py": AREAS, "ex1/pyproject.toml": PLACEHOLDER})
    return ws / "ex1"


def test_ex1_solution_passes_and_builds_only_in_the_workspace(ex1):
    (ex1 / "pyproject.toml").write_text(EX1)
    ok, text = verdict(building.check_first_project("ex1"))
    assert ok, text
    assert "areas-0.1.0-py3-none-any.whl" in text
    assert sorted(p.name for p in (ex1.parent / "ex1_check").iterdir()) == ["areas-0.1.0-py3-none-any.whl"]
    assert sorted(p.name for p in ex1.iterdir()) == ["areas", "pyproject.toml"]  # nothing written into the project


def test_ex1_placeholder_is_not_answered_yet(ex1):
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and text.startswith("⏳") and "not answered yet" in text and "ex1/pyproject.toml" in text


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace('"0.1.0"', "0.1.0"), "is not valid TOML: Expected newline"),
        (lambda t: t.replace('"0.1.0"', "0.1.0"), "Line 7 reads: version = 0.1.0"),
        (lambda t: t.replace('name = "areas"', "name = areas"), "Invalid value (at line 6"),
        (lambda t: "[project]" + t.split("[project]")[1], "has no [build-system] table"),
        (
            lambda t: t.replace("flit_core.buildapi", "setuptools.build_meta"),
            "build-backend is 'setuptools.build_meta'",
        ),
        (lambda t: t.replace('["flit_core >=3.12,<5"]', '"flit_core"'), "`requires` must be an array of strings"),
        (lambda t: t.split("[project]")[0], "has no [project] table"),
        (lambda t: t.replace('description = "Areas of flat shapes."\n', ""), "The backend says: description must be"),
        (lambda t: t.replace('version = "0.1.0"\n', ""), "The backend says: version must be specified"),
        (lambda t: t.replace('"0.1.0"', '"zero"'), "does not match PEP 440 rules"),
        (lambda t: t.replace('name = "areas"', 'name = "shapes"'), "No file/folder found for module shapes"),
        (lambda t: t.replace('"0.1.0"', '"0.2.0"'), "the version is '0.2.0'; the task asks for 0.1.0"),
        (lambda t: t.replace('requires-python = ">=3.9"\n', ""), "add requires-python"),
    ],
)
def test_ex1_mistakes_get_their_own_message(ex1, change, message):
    (ex1 / "pyproject.toml").write_text(change(EX1))
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and text.startswith("❌") and message in text, text


def test_ex1_wrong_project_name_with_its_own_module(ex1):
    (ex1 / "shapes").mkdir()
    (ex1 / "shapes" / "__init__.py").write_text('"""Shapes."""\n')
    (ex1 / "pyproject.toml").write_text(EX1.replace('name = "areas"', 'name = "shapes"'))
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and "the project is 'shapes'; the task asks for 'areas'" in text


def test_ex1_package_that_fails_on_import(ex1):
    (ex1 / "areas" / "__init__.py").write_text(AREAS.replace("import math", "import math\n1 / 0"))
    (ex1 / "pyproject.toml").write_text(EX1)
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and "ZeroDivisionError" in text


def test_ex1_missing_files_and_folders(ws):
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and "there is no folder ex1/ in the working folder" in text
    (ws / "ex1").mkdir()
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and "there is no file ex1/pyproject.toml yet" in text
    (ws / "ex1" / "pyproject.toml").write_text(EX1)
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and "The backend says: No file/folder found for module areas" in text


@pytest.mark.parametrize("folder", [None, 3, "", "../../outside", "/etc", "my folder"])
def test_ex1_bad_folder_arguments(ws, folder):
    ok, text = verdict(building.check_first_project(folder))
    assert not ok and text.startswith("❌")


def test_a_build_that_hangs_is_stopped(ex1, monkeypatch):
    monkeypatch.setattr(building, "BUILD_TIME_LIMIT", 0.01)
    (ex1 / "pyproject.toml").write_text(EX1)
    ok, text = verdict(building.check_first_project("ex1"))
    assert not ok and "ran for more than 0.01 s: is there an endless loop?" in text


# ------------------------------------------------------------------ exercise 2


@pytest.fixture
def ex2(ws):
    write(ws, package("ex2"))
    (ws / "ex2" / "pyproject.toml").write_text(PLACEHOLDER)
    return ws / "ex2"


def test_ex2_solution_passes(ex2):
    (ex2 / "pyproject.toml").write_text(EX2)
    ok, text = verdict(building.check_fixed_project("ex2"))
    assert ok and "It builds: simple_package-2.0.0-py3-none-any.whl." in text, text


def test_ex2_placeholder_is_not_answered_yet(ex2):
    ok, text = verdict(building.check_fixed_project("ex2"))
    assert not ok and "not answered yet" in text


def test_ex2_reports_the_two_mistakes_one_after_the_other(ex2):
    (ex2 / "pyproject.toml").write_text(EX2_BROKEN)
    ok, text = verdict(building.check_fixed_project("ex2"))
    assert not ok and "Line 7 reads: version = 2.0.0" in text and "double quotes" in text
    (ex2 / "pyproject.toml").write_text(EX2_BROKEN.replace("2.0.0", '"2.0.0"'))
    ok, text = verdict(building.check_fixed_project("ex2"))
    assert not ok and "The backend says: description must be specified under [project]" in text


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace('"simple-package"', '"simple_pkg"'), "No file/folder found for module simple_pkg"),
        (lambda t: t.replace('"2.0.0"', '"2.0.1"'), "keep 2.0.0"),
        (lambda t: t.replace("[project]", "[projects]"), "has no [project] table"),
    ],
)
def test_ex2_other_mistakes(ex2, change, message):
    (ex2 / "pyproject.toml").write_text(change(EX2))
    ok, text = verdict(building.check_fixed_project("ex2"))
    assert not ok and message in text, text


def test_ex2_the_name_may_be_spelled_with_an_underscore(ex2):
    (ex2 / "pyproject.toml").write_text(EX2.replace('"simple-package"', '"simple_package"'))
    assert building.check_fixed_project("ex2")


# ------------------------------------------------------------------ exercise 3


@pytest.fixture
def ex3(ws):
    write(ws, package("ex3"))
    (ws / "ex3" / "pyproject.toml").write_text(DYNAMIC)
    (ws / "ex3" / "src" / "simple_package" / "__init__.py").write_text(PLACEHOLDER)
    return ws / "ex3"


def build(project):
    run = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", str(project)], capture_output=True, text=True, timeout=120
    )
    return run


def init(ex3):
    return ex3 / "src" / "simple_package" / "__init__.py"


def test_ex3_solution_passes(ex3):
    init(ex3).write_text(INIT.format("1.1.0"))
    assert build(ex3).returncode == 0
    ok, text = verdict(building.check_new_release("ex3"))
    assert ok and "simple_package-1.1.0-py3-none-any.whl and simple_package-1.1.0.tar.gz are new" in text, text


def test_ex3_placeholder_is_not_answered_yet(ex3):
    ok, text = verdict(building.check_new_release("ex3"))
    assert not ok and "not answered yet" in text and "ex3/src/simple_package/__init__.py" in text


@pytest.mark.parametrize(
    "source, message",
    [
        (INIT.format("1.0.1"), "__version__ is still 1.0.1: PyPI has files of that name"),
        (INIT.format("1.0.2"), "__version__ is '1.0.2'; the task asks for '1.1.0'"),
        ('"""Doc."""\nfrom . import a, b\n', 'has no __version__ = "..."'),
        ('from . import a, b\n\n__version__ = "1.1.0"\n', "lost its docstring"),
        ('"""Doc."""\n__version__ = "1.1.0\n', "line 2 of ex3/src/simple_package/__init__.py is not valid Python"),
        (INIT.format("1.1.0"), "ex3/dist/ has no 1.1.0 sdist and wheel yet: build it."),
    ],
)
def test_ex3_mistakes_before_building(ex3, source, message):
    init(ex3).write_text(source)
    ok, text = verdict(building.check_new_release("ex3"))
    assert not ok and message in text, text


def test_ex3_a_package_that_no_longer_imports_its_submodules(ex3):
    init(ex3).write_text(INIT.format("1.1.0").replace("from . import a, b\n", ""))
    assert build(ex3).returncode == 0
    ok, text = verdict(building.check_new_release("ex3"))
    assert not ok and "AttributeError: module 'simple_package' has no attribute 'a'" in text


def test_ex3_an_endless_loop_on_import_is_stopped(ex3, monkeypatch):
    monkeypatch.setattr(building, "RUN_TIME_LIMIT", 1.0)
    init(ex3).write_text(INIT.format("1.1.0") + "while True:\n    pass\n")
    assert build(ex3).returncode == 0  # flit reads the version without importing the package
    ok, text = verdict(building.check_new_release("ex3"))
    assert not ok and "ran for more than 1 s: is there an endless loop?" in text
