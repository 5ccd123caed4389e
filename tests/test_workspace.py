"""coursekit.workspace: a scratch folder that refuses to write anywhere else."""

import sys

import pytest
from conftest import files_under

from coursekit import CourseError, workspace


def test_reset_creates_an_empty_folder_and_is_repeatable(scratch):
    ws = workspace.reset("02_creating")
    workspace.write_text(ws, "pkg/a.py", "x = 1\n")
    again = workspace.reset("02_creating")
    assert again == ws and again.is_dir() and list(again.iterdir()) == []


def test_reset_leaves_other_notebooks_folders_alone(scratch):
    mine, other = workspace.reset("mine"), workspace.reset("other")
    workspace.write_text(other, "keep.txt", "keep")
    workspace.reset("mine")
    assert (other / "keep.txt").read_text() == "keep"
    assert mine.exists()


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".", "..", "/abs", None, 3, "x" * 65, "sp ace"])
def test_bad_folder_names_are_refused_with_a_message(scratch, name):
    with pytest.raises(CourseError, match="workspace folder name"):
        workspace.reset(name)
    assert files_under(scratch.parent) == []


@pytest.mark.parametrize("path", ["../outside.txt", "pkg/../../outside.txt", "/etc/passwd", "", "   "])
def test_paths_that_leave_the_workspace_write_nothing(scratch, path):
    ws = workspace.reset("mine")
    with pytest.raises(CourseError) as info:
        workspace.write_text(ws, path, "oops")
    assert "workspace" in str(info.value) or "path" in str(info.value)
    assert files_under(scratch.parent) == []


def test_symlink_out_of_the_workspace_is_refused(scratch, tmp_path):
    ws = workspace.reset("mine")
    (ws / "link").symlink_to(tmp_path)
    with pytest.raises(CourseError, match="leave the workspace"):
        workspace.write_text(ws, "link/evil.txt", "oops")
    assert not (tmp_path / "evil.txt").exists()


def test_write_text_refuses_bytes(scratch):
    with pytest.raises(CourseError, match="must be text"):
        workspace.write_text(workspace.reset("mine"), "a.py", b"bytes")


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("class", "keyword"),
        ("my-package", "not a valid Python identifier"),
        ("2cool", "'_2cool'"),
        ("", "non-empty"),
        (None, "non-empty"),
    ],
)
def test_check_identifier_explains(name, fragment):
    with pytest.raises(CourseError, match=fragment):
        workspace.check_identifier(name)


@pytest.mark.parametrize("name", ["", None, 3, "a..b", "sound/effects", "echo-1", "2d.area", "sound.class", ".echo"])
def test_check_identifier_refuses_non_dotted_names(name):
    with pytest.raises(CourseError):
        workspace.check_identifier(name, "module name", dotted=True)


def test_check_identifier_of_a_dotted_name_strips_spaces():
    assert workspace.check_identifier("  sound.effects ", dotted=True) == "sound.effects"


def test_reset_forgets_modules_imported_from_the_folder(scratch):
    ws = workspace.reset("imports")
    workspace.write_text(ws, "tmpmod_for_test.py", "VALUE = 1\n")
    sys.path.insert(0, str(ws))
    import tmpmod_for_test

    assert tmpmod_for_test.VALUE == 1
    workspace.reset("imports")
    assert "tmpmod_for_test" not in sys.modules
    assert str(ws) not in sys.path


def test_tree_is_sorted_folders_first(scratch):
    ws = workspace.reset("tree")
    for name in ["z.py", "a.py", "sub/__init__.py", "__pycache__/x.pyc"]:
        workspace.write_text(ws, name, "")
    assert workspace.tree(ws) == "tree/\n├── sub/\n│   └── __init__.py\n├── a.py\n└── z.py"


def test_rel_hides_the_machine_specific_prefix(scratch):
    ws = workspace.reset("rel")
    assert workspace.rel(ws / "pkg" / "a.py") == "workspace/rel/pkg/a.py"
    assert workspace.rel(workspace.NOTEBOOKS / "coursekit") == "coursekit"


def test_forget_modules_survives_modules_with_odd_paths(scratch, monkeypatch):
    import types

    class NotIterable:  # like torch.classes.__path__ or torch.ops.__path__
        pass

    odd = types.ModuleType("odd_module_for_test")
    odd.__path__ = NotIterable()
    odd.__file__ = None
    monkeypatch.setitem(sys.modules, "odd_module_for_test", odd)
    assert workspace.reset("odd").is_dir()


# --- fresh_folder: the one way to make an empty folder ----------------------------------


def test_fresh_folder_empties_only_its_folder(scratch):
    ws = workspace.reset("pk")
    workspace.write_text(ws, "keep.txt", "keep")
    lab = workspace.fresh_folder(ws, "lab")
    workspace.write_text(lab, "x/y.py", "")
    assert workspace.fresh_folder(ws, "lab") == lab and files_under(lab) == []
    assert (ws / "keep.txt").read_text() == "keep"


@pytest.mark.parametrize("name", ["..", "../x", "a/b", "", None])
def test_fresh_folder_refuses_bad_names(scratch, name):
    ws = workspace.reset("pk")
    with pytest.raises(CourseError, match="workspace folder name"):
        workspace.fresh_folder(ws, name)


def test_fresh_folder_does_not_follow_a_symlink_out(scratch, tmp_path):
    ws = workspace.reset("pk")
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "data.txt").write_text("keep")
    (ws / "lab").symlink_to(outside)
    with pytest.raises(CourseError, match="leave the workspace"):
        workspace.fresh_folder(ws, "lab")
    assert (outside / "data.txt").read_text() == "keep"


def test_fresh_folder_refuses_a_base_outside_the_workspace(scratch, tmp_path):
    with pytest.raises(CourseError, match="not inside the course workspace"):
        workspace.fresh_folder(tmp_path, "lab")


def test_the_messages_a_learner_reads(scratch):
    ws = workspace.reset("messages")
    assert workspace.rel(workspace.write_text(ws, "pkg/__init__.py", "")) == "workspace/messages/pkg/__init__.py"
    assert workspace.tree(ws) == "messages/\n└── pkg/\n    └── __init__.py"
    assert workspace.folder("02_creating").name == "02_creating"
    with pytest.raises(CourseError) as bad_folder:
        workspace.check_folder_name("../etc")
    assert str(bad_folder.value) == (
        "'../etc' is not a workspace folder name: use letters, digits, '_' and '-' only (no '/', no '..')."
    )
    with pytest.raises(CourseError) as leaving:
        workspace.safe_path(ws, "../../README.md")
    assert str(leaving.value) == (
        "'../../README.md' would leave the workspace folder 'workspace/messages': "
        "give a path inside it, like 'pkg/a.py'."
    )
    with pytest.raises(CourseError) as hyphen:
        workspace.check_identifier("my-package")
    assert str(hyphen.value) == (
        "'my-package' is not a valid Python identifier, so it cannot be a name: use letters, "
        "digits and '_' (no '-'), and do not start with a digit, e.g. 'my_package'."
    )
    with pytest.raises(CourseError, match="is not a dotted module name, so it cannot be a module name"):
        workspace.check_identifier("sound/effects/echo.py", "module name", dotted=True)
