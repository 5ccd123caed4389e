"""Notebook 10's exercise checks and its version-specifier explorer.

Each test writes the files a learner would write into a temporary workspace, then calls the
check: the worked solution passes, and each typical mistake gets its own clear message,
never a traceback. The release check asks a real index (pypiserver on 127.0.0.1).
"""

import re
import zipfile

import pytest
from passlib.apache import HtpasswdFile

from coursekit import workspace
from coursekit.exercises import publishing
from coursekit.indexserver import PackageIndex

NB = publishing.NOTEBOOK
BUILD_SYSTEM = '[build-system]\nrequires = ["flit_core >=3.12,<5"]\nbuild-backend = "flit_core.buildapi"\n\n'
PROJECT = '[project]\nname = "greeter-app"\nversion = "0.1.0"\ndescription = "Greets everyone."\n'
PLACEHOLDER = "# Replace this comment with your answer, then run this cell.\n"


def ex1(dependencies):
    return BUILD_SYSTEM + PROJECT + (f"dependencies = {dependencies}\n" if dependencies is not None else "")


def verdict(feedback):
    assert "Traceback" not in feedback.message
    return feedback.ok, feedback.message


@pytest.fixture
def ws(scratch):
    return workspace.reset(NB)


# ----------------------------------------------------------------- the explorer


def test_explorer_says_what_a_compatible_release_admits():
    assert publishing.explore_specifier("~=1.2", "1.1.0, 1.2.0, 1.9.3, 1.10.0rc1, 2.0.0").splitlines() == [
        "~=1.2 admits: >=1.2 and ==1.* (compatible release: same first part, at least 1.2)",
        "  1.1.0      no",
        "  1.2.0      yes",
        "  1.9.3      yes",
        "  1.10.0rc1  no (a pre-release: admitted only with pre-releases allowed or named in the specifier)",
        "  2.0.0      no",
        "pip would pick 1.9.3, the newest version admitted.",
    ]


@pytest.mark.parametrize(
    "spec, versions, pre, expected",
    [
        ("~=1.2.0", ["1.2.0", "1.2.9", "1.3.0"], False, (["1.2.0", "1.2.9"], "1.2.9")),
        (">=1", ["1.0", "2.1b1"], False, (["1.0"], "1.0")),
        (">=1", ["1.0", "2.1b1"], True, (["1.0", "2.1b1"], "2.1b1")),
        (">=2", ["1.0", "2.1b1"], False, (["2.1b1"], "2.1b1")),
    ],
)
def test_pre_releases_are_left_out_unless_asked_named_or_alone(spec, versions, pre, expected):
    assert _admitted(publishing.explore_specifier(spec, ", ".join(versions), pre)) == expected


def _admitted(text):
    """The versions the explorer says yes to, and its pick."""
    admitted = [line.split()[0] for line in text.splitlines()[1:] if line.startswith("  ") and " yes" in line]
    picked = re.search(r"pip would pick (\S+),", text)
    return admitted, picked and picked[1]


def test_explorer_shows_each_version_and_pips_pick():
    text = publishing.explore_specifier("~=1.2.0", "1.1.0, 1.2.0, 1.2.9, 1.3.0")
    assert text.splitlines() == [
        "~=1.2.0 admits: >=1.2.0 and ==1.2.* (compatible release: same first 2 parts, at least 1.2.0)",
        "  1.1.0  no",
        "  1.2.0  yes",
        "  1.2.9  yes",
        "  1.3.0  no",
        "pip would pick 1.2.9, the newest version admitted.",
    ]


def test_explorer_pre_releases_are_left_out_unless_asked_named_or_alone():
    assert "2.1.0b1  no (a pre-release" in publishing.explore_specifier(">=1", "1.0.0, 2.1.0b1")
    assert "pip would pick 2.1.0b1" in publishing.explore_specifier(">=1", "1.0.0, 2.1.0b1", True)
    assert "the specifier names one" in publishing.explore_specifier(">=2.1.0b1", "2.1.0b1, 2.1.0")
    assert "no final release is admitted" in publishing.explore_specifier(">=2.0.1", "1.0.0, 2.1.0b1")


def test_explorer_uses_the_same_rules_as_pip():
    from pip._vendor.packaging.specifiers import SpecifierSet as PipSpecifierSet

    versions = list(publishing.HELPER_VERSIONS)
    for spec in (">=1.1", "~=1.2", "~=1.2.0", "==1.*", "!=1.2.0", ">=2", ">=2.1", ""):
        admitted, pick = _admitted(publishing.explore_specifier(spec, ", ".join(versions)))
        assert admitted == [str(v) for v in PipSpecifierSet(spec).filter(versions)], spec
        assert pick == (admitted[-1] if admitted else None)


@pytest.mark.parametrize(
    "spec, message",
    [
        ("1.2", "Did you mean ==1.2, >=1.2 or ~=1.2?"),
        ("~=1", "~= needs at least two parts"),
        ("=1.2", "two characters for equality"),
        ("=>1.2", "two characters for equality"),
        ("banana", "not a PEP 440 specifier"),
        (None, "Type a version specifier"),
        ("x" * 300, "not a PEP 440 specifier"),
    ],
)
def test_explorer_explains_a_bad_specifier(spec, message):
    text = publishing.explore_specifier(spec)
    assert text.startswith("⚠️") and message in text


def test_explorer_reports_bad_versions_and_an_empty_list():
    assert "not a PEP 440 version: pip ignores it" in publishing.explore_specifier(">=1", "1.0, banana")
    assert "at least one version" in publishing.explore_specifier(">=1", " , ")
    assert "No version is admitted" in publishing.explore_specifier(">=3", "1.0, 2.0")
    assert "yes/no" in publishing.explore_specifier(">=1", "1.0", "yes")


BAD_VALUES = [None, "", "   ", 0, -1, 10**100, float("nan"), "x" * 1_000_000, [], {}, b"bytes", object(), {1, 2}]


@pytest.mark.parametrize("value", BAD_VALUES, ids=range(len(BAD_VALUES)))
@pytest.mark.parametrize("position", [0, 1, 2])
def test_explorer_answers_any_value_with_text(value, position):
    args = [">=1", "1.0, 2.0", False]
    args[position] = value
    text = publishing.explore_specifier(*args)
    assert isinstance(text, str) and text.strip() and "Traceback" not in text and len(text) < 5000


# ----------------------------------------------------------------- exercise 1


def test_dependency_solutions_pass(ws):
    for spec in (
        '["greeting-helper >=1.1, !=1.2.0, <2"]',
        '["greeting-helper ~=1.1, !=1.2.0"]',
        '["Greeting_Helper>=1.1,<2,!=1.2.0"]',
    ):
        workspace.write_text(ws, "ex1/pyproject.toml", ex1(spec))
        ok, message = verdict(publishing.check_dependency("ex1"))
        assert ok, message
    assert "pip would pick 1.2.1" in message


@pytest.mark.parametrize(
    "dependencies, expected",
    [
        ('["greeting-helper >=1.1"]', "it admits 1.2.0, 2.0.0, which the app cannot use"),
        ('["greeting-helper ~=1.1"]', "it admits 1.2.0, which the app cannot use"),
        ('["greeting-helper ~=1.1.0"]', "it refuses 1.2.1, which the app can use"),
        ('["greeting-helper ==1.2.1"]', "it refuses 1.1.0"),
        ('["greeting-helper"]', "(no specifier: anything) admits"),
        ('["greeting-helper >=3"]', "admits none of them"),
        ('["greeting_helper ~=1.1", "greeting-helper !=1.2.0"]', "listed twice"),
        ('["requests >=2"]', "no greeting-helper"),
        ('["greeting-helper >=1.1 <2"]', "is not a valid requirement"),
        ('"greeting-helper >=1.1"', "a list of strings, not 'greeting-helper >=1.1'"),
        ("[]", "lists nothing, but no greeting-helper"),
        (None, 'needs dependencies = ["greeting-helper ..."], a list of strings, not None'),
    ],
)
def test_dependency_mistakes_get_their_message(ws, dependencies, expected):
    workspace.write_text(ws, "ex1/pyproject.toml", ex1(dependencies))
    ok, message = verdict(publishing.check_dependency("ex1"))
    assert not ok and expected in message, message


def test_dependency_file_problems(ws):
    assert "there is no folder ex1/" in verdict(publishing.check_dependency("ex1"))[1]
    (ws / "ex1").mkdir()
    assert "there is no file ex1/pyproject.toml" in verdict(publishing.check_dependency("ex1"))[1]
    workspace.write_text(ws, "ex1/pyproject.toml", PLACEHOLDER)
    assert "not answered yet" in verdict(publishing.check_dependency("ex1"))[1]
    workspace.write_text(ws, "ex1/pyproject.toml", BUILD_SYSTEM + "[project]\nname = greeter-app\n")
    ok, message = verdict(publishing.check_dependency("ex1"))
    assert not ok and "not valid TOML" in message and "Line 6 reads: name = greeter-app" in message
    workspace.write_text(ws, "ex1/pyproject.toml", BUILD_SYSTEM)
    assert "has no [project] table" in verdict(publishing.check_dependency("ex1"))[1]
    assert "is not a folder name" in verdict(publishing.check_dependency("../x"))[1]
    assert "as text" in verdict(publishing.check_dependency(3))[1]


# ----------------------------------------------------------------- exercise 2

HELPER_TOML = BUILD_SYSTEM + (
    '[project]\nname = "greeting-helper"\nversion = "{}"\ndescription = "Friendly greetings, as a library."\n'
)
HELPER_INIT = (
    '"""Friendly greetings."""\n\n\ndef hello(name):\n    return f"Hello, {name}!"\n\n\n'
    "def greet_all(names):\n    return [hello(name) for name in names]\n"
)


@pytest.fixture
def index(ws):
    (ws / "packages").mkdir()
    passwords = HtpasswdFile(str(ws / "htpasswd.txt"), new=True)
    passwords.set_password("learner", "correct-horse")
    passwords.save()
    running = PackageIndex(ws / "packages", ws / "htpasswd.txt").start()
    yield running
    running.stop()


def project(ws, version="2.1.0", init=HELPER_INIT):
    workspace.write_text(ws, "greeting_helper_project/pyproject.toml", HELPER_TOML.format(version))
    workspace.write_text(ws, "greeting_helper_project/src/greeting_helper/__init__.py", init)


def publish(index, version="2.1.0", init=HELPER_INIT):
    """What twine's upload leaves in pypiserver's folder: the wheel, under its file name."""
    wheel = index.packages / f"greeting_helper-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("greeting_helper/__init__.py", init)
        archive.writestr(
            f"greeting_helper-{version}.dist-info/METADATA", f"Name: greeting-helper\nVersion: {version}\n"
        )
    return wheel


def test_release_solution_passes(ws, index):
    project(ws)
    publish(index, "2.0.0", "def hello(name): ...\n")
    publish(index)
    ok, message = verdict(publishing.check_new_release(index))
    assert ok, message
    assert "greeting_helper-2.1.0-py3-none-any.whl" in message
    assert "give the running index" in verdict(publishing.check_new_release(index.url))[1]  # not its URL


def test_release_not_uploaded_yet(ws, index):
    project(ws)
    ok, message = verdict(publishing.check_new_release(index))
    assert not ok and "the index serves no file for greeting-helper, but not greeting_helper-2.1.0" in message
    publish(index, "2.0.0", "def hello(name): ...\n")
    ok, message = verdict(publishing.check_new_release(index))
    assert not ok and "serves greeting_helper-2.0.0-py3-none-any.whl for greeting-helper, but not" in message


def test_release_uploaded_without_the_new_code(ws, index):
    project(ws)
    publish(index, init="def hello(name): ...\n")
    ok, message = verdict(publishing.check_new_release(index))
    assert not ok and "on the index has no greet_all()" in message


@pytest.mark.parametrize(
    "version, init, expected",
    [
        ("2.0.0", HELPER_INIT, "still 2.0.0"),
        ("2.1", HELPER_INIT, "the task asks for '2.1.0'"),
        ("2.1.0", "def hello(name):\n    return name\n", "has no greet_all()"),
    ],
)
def test_release_file_mistakes(ws, index, version, init, expected):
    project(ws, version, init)
    ok, message = verdict(publishing.check_new_release(index))
    assert not ok and expected in message, message


def test_release_placeholder_and_missing_files(ws):
    assert "there is no folder greeting_helper_project/" in verdict(publishing.check_new_release())[1]
    workspace.write_text(ws, "greeting_helper_project/pyproject.toml", PLACEHOLDER)
    assert "not answered yet" in verdict(publishing.check_new_release())[1]
    workspace.write_text(ws, "greeting_helper_project/pyproject.toml", HELPER_TOML.format("2.1.0"))
    assert "there is no file greeting_helper_project/src" in verdict(publishing.check_new_release())[1]
    workspace.write_text(ws, "greeting_helper_project/pyproject.toml", "[project\n")
    assert "not valid TOML" in verdict(publishing.check_new_release())[1]


def test_release_without_a_running_index_says_so(ws, index):
    project(ws)
    ok, message = verdict(publishing.check_new_release(None))
    assert not ok and "give the running index" in message
    url = index.url
    index.stop()
    ok, message = verdict(publishing.check_new_release(index))
    assert not ok and "the package index is not running" in message
    ok, message = verdict(publishing.check_new_release(url))
    assert not ok and "give the running index (the variable index), not 'http://127.0.0.1:" in message
