"""coursekit.distribution: namespace layouts, runnable packages, wheels."""

import zipfile

import pytest
from conftest import files_under

from coursekit import CourseError, distribution, packages, workspace

CHOICES = distribution.LAYOUT_CHOICES
NS, REG, MOD, NOTHING = ("folder without __init__.py", "folder with __init__.py", "module toolbox.py", "nothing")


# ------------------------------------------------------------------ sources


def test_chapter_sources_are_the_chapters_functions_exactly():
    assert distribution.A_SOURCE == ("def bar():\n    print(\"Hello, function 'bar' from module 'a' calling\")\n")
    assert distribution.B_SOURCE == ("def foo():\n    print(\"Hello, function 'foo' from module 'b' calling\")\n")


def test_project_holds_the_runnable_package_in_a_src_layout():
    assert {k: v for k, v in distribution.PROJECT.items() if k.startswith("src/simple_app/")} == {
        f"src/simple_app/{name}": text for name, text in distribution.SIMPLE_APP.items()
    }
    assert "[build-system]" in distribution.PYPROJECT and "[project]" in distribution.PYPROJECT


def test_no_namespace_portion_has_an_init_file():
    for files in distribution.NAMESPACE_PORTIONS.values():
        assert not any(name.endswith("__init__.py") for name in files)


# ------------------------------------------------------------------ writing files


def test_write_files_writes_every_file_sorted(scratch):
    written = distribution.write_files(scratch / "nb", {"pkg/b.py": "B = 2\n", "pkg/a.py": "A = 1\n"})
    assert [workspace.rel(p) for p in written] == ["workspace/nb/pkg/a.py", "workspace/nb/pkg/b.py"]
    assert (scratch / "nb" / "pkg" / "b.py").read_text() == "B = 2\n"


@pytest.mark.parametrize(
    "files",
    [
        {"ok.py": "", "../../escape.py": ""},
        {"ok.py": "", "/etc/evil.py": ""},
        {"ok.py": "", "pkg/x.py": None},
        {"ok.py": "", "pkg/x.py": b"bytes"},
    ],
)
def test_write_files_writes_nothing_when_one_file_is_bad(scratch, files):
    with pytest.raises(CourseError):
        distribution.write_files(scratch / "nb", files)
    assert files_under(scratch.parent) == []


@pytest.mark.parametrize("files", [None, ["a.py"], "a.py"])
def test_write_files_wants_a_dict(scratch, files):
    with pytest.raises(CourseError, match="dict"):
        distribution.write_files(scratch / "nb", files)


def test_write_portions_makes_two_folders_without_init(scratch):
    folders = distribution.write_portions(scratch / "nb")
    assert [f.name for f in folders] == ["portion_one", "portion_two"]
    assert files_under(scratch / "nb") == ["portion_one/simple_namespace/a.py", "portion_two/simple_namespace/b.py"]


def test_show_files_prints_every_file_with_a_header(scratch):
    distribution.write_files(
        scratch / "nb", {"pkg/__init__.py": "", "pkg/a.py": "A = 1\n", "pkg/__pycache__/a.cpython-311.pyc": "skip me"}
    )
    assert distribution.show_files(scratch / "nb" / "pkg") == ("── pkg/__init__.py  (empty)\n── pkg/a.py\nA = 1")


def test_show_files_refuses_a_missing_folder(scratch):
    with pytest.raises(CourseError, match="not a folder"):
        distribution.show_files(scratch / "nowhere")


# ------------------------------------------------------------------ import_layout


@pytest.mark.parametrize(
    "entry_1, entry_2, kind, file, subs",
    [
        (
            NS,
            NS,
            "namespace package, 2 portions",
            None,
            {"hammer": "entry_1/toolbox/hammer.py", "saw": "entry_2/toolbox/saw.py"},
        ),
        (NS, NOTHING, "namespace package, 1 portion", None, {"hammer": "entry_1/toolbox/hammer.py", "saw": None}),
        (NS, REG, "regular package", "entry_2/toolbox/__init__.py", {"hammer": None, "saw": "entry_2/toolbox/saw.py"}),
        (
            REG,
            NS,
            "regular package",
            "entry_1/toolbox/__init__.py",
            {"hammer": "entry_1/toolbox/hammer.py", "saw": None},
        ),
        (NS, MOD, "module (a single file)", "entry_2/toolbox.py", {"hammer": None, "saw": None}),
        (MOD, REG, "module (a single file)", "entry_1/toolbox.py", {"hammer": None, "saw": None}),
    ],
)
def test_import_layout_reports_what_python_really_did(scratch, entry_1, entry_2, kind, file, subs):
    result = distribution.import_layout(scratch / "nb" / "layout", entry_1, entry_2)
    assert (result.kind, result.file, dict(result.submodules)) == (kind, file, subs)
    assert result.error is None and result.why
    assert str(scratch) not in str(result)


def test_import_layout_explains_that_a_later_regular_package_beats_an_earlier_namespace(scratch):
    result = distribution.import_layout(scratch / "nb" / "layout", NS, REG)
    assert "even over the namespace folder in entry_1" in result.why
    assert "why: " in str(result)


def test_import_layout_with_nothing_reports_the_import_error(scratch):
    result = distribution.import_layout(scratch / "nb" / "layout", NOTHING, NOTHING)
    assert result.error == "ModuleNotFoundError: No module named 'toolbox'"
    assert str(result).startswith("import toolbox  →  ✗ ModuleNotFoundError")


def test_import_layout_is_repeatable_and_cleans_its_folder(scratch):
    base = scratch / "nb" / "layout"
    distribution.import_layout(base, REG, REG)
    again = distribution.import_layout(base, NS, NS)
    assert again.kind == "namespace package, 2 portions"
    assert "toolbox/__init__.py" not in " ".join(files_under(base))


@pytest.mark.parametrize("entry_1, entry_2", [("a tent", NOTHING), (None, NOTHING), (NS, 3), (NS, "")])
def test_import_layout_refuses_unknown_choices_and_writes_nothing(scratch, entry_1, entry_2):
    with pytest.raises(CourseError, match="must be one of"):
        distribution.import_layout(scratch / "nb" / "layout", entry_1, entry_2)
    assert files_under(scratch) == []


def test_import_layout_stays_inside_the_workspace(scratch, tmp_path):
    with pytest.raises(CourseError):
        distribution.import_layout(tmp_path / "elsewhere", NS, NS)
    with pytest.raises(CourseError, match="subfolder"):
        distribution.import_layout(scratch, NS, NS)
    assert not (tmp_path / "elsewhere").exists()


def test_layout_report_turns_bad_input_into_a_message(scratch):
    assert distribution.layout_report(scratch / "nb", None, NS).startswith("⚠️ entry_1 must be one of")
    assert distribution.layout_report(scratch / "nb", NS, NS).startswith("import toolbox  →  namespace")


# ------------------------------------------------------------------ wheels


@pytest.fixture
def project(scratch):
    distribution.write_files(scratch / "nb" / "simple_app_project", distribution.PROJECT)
    return scratch / "nb" / "simple_app_project"


def test_build_wheel_builds_into_the_workspace_and_touches_nothing_else(scratch, project):
    before = files_under(project)
    wheel = distribution.build_wheel(project, scratch / "nb" / "dist")
    assert workspace.rel(wheel) == "workspace/nb/dist/simple_app-1.0.0-py3-none-any.whl"
    assert files_under(scratch / "nb" / "dist") == [wheel.name]  # no leftover temporary folder
    assert files_under(project) == before  # flit writes nothing into the project
    again = distribution.build_wheel(project, scratch / "nb" / "dist")
    assert again == wheel and files_under(scratch / "nb" / "dist") == [wheel.name]


def test_a_built_wheel_lists_metadata_and_files(scratch, project):
    wheel = distribution.build_wheel(project, scratch / "nb" / "dist")
    listing = distribution.wheel_files(wheel)
    assert listing.splitlines()[-1] == "8 files"
    assert "simple_app/__main__.py" in listing and "simple_app-1.0.0.dist-info/RECORD" in listing
    meta = distribution.wheel_metadata(wheel)
    assert (meta["Name"], meta["Version"], meta["Requires-Python"]) == ("simple-app", "1.0.0", ">=3.9")
    entry_points = distribution.wheel_text(wheel, "simple_app-1.0.0.dist-info/entry_points.txt")
    assert entry_points.split() == ["[console_scripts]", "simple-app=simple_app.__main__:main"]
    assert distribution.wheel_text(wheel, "simple_app/a.py") == distribution.A_SOURCE


def test_build_wheel_reports_the_backends_complaint(scratch, project):
    text = distribution.PYPROJECT.replace(
        'description = "The chapter\'s simple_package, made runnable and installable."\n', ""
    )
    (project / "pyproject.toml").write_text(text)
    with pytest.raises(CourseError, match="description must be specified"):
        distribution.build_wheel(project, scratch / "nb" / "dist")
    assert files_under(scratch / "nb" / "dist") == []


def test_build_wheel_refuses_broken_or_missing_pyproject(scratch, project):
    (project / "pyproject.toml").write_text("[project\nname = 'x'")
    with pytest.raises(CourseError, match="not valid TOML"):
        distribution.build_wheel(project, scratch / "nb" / "dist")
    (project / "pyproject.toml").unlink()
    with pytest.raises(CourseError, match="no pyproject.toml"):
        distribution.build_wheel(project, scratch / "nb" / "dist")


def test_build_wheel_never_writes_outside_the_workspace(scratch, project, tmp_path):
    with pytest.raises(CourseError):
        distribution.build_wheel(project, tmp_path / "dist")
    with pytest.raises(CourseError):
        distribution.build_wheel(project, "../../dist")
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    "name, version, platform",
    [
        ("simple_app-1.0.0-py3-none-any.whl", "1.0.0", "any"),
        ("pkg-2.0-1-cp311-cp311-manylinux_2_28_x86_64.whl", "2.0", "manylinux_2_28_x86_64"),
    ],
)
def test_parse_wheel_name(name, version, platform):
    parts = distribution.parse_wheel_name(name)
    assert (parts["version"], parts["platform tag"]) == (version, platform)


@pytest.mark.parametrize("name", ["simple_app.zip", "a-b.whl", None, 3, ""])
def test_parse_wheel_name_refuses_other_names(name):
    with pytest.raises(CourseError):
        distribution.parse_wheel_name(name)


def test_wheel_readers_explain_bad_input(scratch):
    with pytest.raises(CourseError, match="not a file"):
        distribution.wheel_files(scratch / "missing.whl")
    with pytest.raises(CourseError, match="not a file"):
        distribution.wheel_metadata(None)
    fake = scratch / "fake.whl"
    fake.write_text("not a zip")
    with pytest.raises(CourseError, match="not a zip"):
        distribution.wheel_text(fake, "x")
    empty = scratch / "empty.whl"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("pkg/__init__.py", "")
    with pytest.raises(CourseError, match="no \\*.dist-info/METADATA"):
        distribution.wheel_metadata(empty)
    with pytest.raises(CourseError, match="not in the wheel; it holds: pkg/__init__.py"):
        distribution.wheel_text(empty, "pkg/a.py")
    assert distribution.wheel_member_report(empty, "pkg/a.py") == (
        "⚠️ 'pkg/a.py' is not in the wheel; it holds: pkg/__init__.py."
    )
    assert distribution.wheel_member_report(empty, None) == "⚠️ Pick a file name from the wheel, not None."
    assert distribution.wheel_member_report(empty, "pkg/__init__.py") == "── pkg/__init__.py  (0 bytes)\n(empty)"
    assert distribution.wheel_member_report(scratch / "nope.whl", "x").startswith("⚠️ ")


def test_a_pure_python_wheel_is_importable_straight_from_sys_path(scratch, project):
    wheel = distribution.build_wheel(project, scratch / "nb" / "dist")
    run = packages.run_python(["-m", "simple_app", "foo"], path=[wheel], cwd=scratch)
    assert run.ok and run.stdout == "Hello, function 'foo' from module 'b' calling\n"
