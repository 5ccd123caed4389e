"""coursekit.namespaces: notebook 6's widget, which folder wins when packages share a name."""

import pytest
from conftest import files_under

from coursekit import namespaces

NS, REG, MOD, NOTHING = ("folder without __init__.py", "folder with __init__.py", "module toolbox.py", "nothing")


def report(scratch, entry_1, entry_2):
    return namespaces.layout_report(scratch / "nb" / "layout", entry_1, entry_2)


def test_two_portions_make_one_namespace_package(scratch):
    assert report(scratch, NS, NS).splitlines()[:6] == [
        "import toolbox  →  namespace package, 2 portions",
        "  __file__: None",
        "  __path__: entry_1/toolbox, entry_2/toolbox",
        "  toolbox.hammer  ✓ from entry_1/toolbox/hammer.py",
        "  toolbox.saw     ✓ from entry_2/toolbox/saw.py",
        "  why: both are folders without __init__.py, so Python merges them into one namespace package.",
    ]


@pytest.mark.parametrize(
    "entry_1, entry_2, lines",
    [
        (NS, NOTHING, ["namespace package, 1 portion", "hammer  ✓ from entry_1/toolbox/hammer.py", "saw     ✗"]),
        (NS, REG, ["regular package", "__file__: entry_2/toolbox/__init__.py", "hammer  ✗", "saw     ✓ from entry_2"]),
        (REG, NS, ["regular package", "__file__: entry_1/toolbox/__init__.py", "hammer  ✓", "saw     ✗"]),
        (NS, MOD, ["module (a single file)", "__file__: entry_2/toolbox.py", "hammer  ✗", "saw     ✗"]),
        (MOD, REG, ["module (a single file)", "__file__: entry_1/toolbox.py", "entry_2 is never looked at."]),
        (NS, REG, ["even over the namespace folder in entry_1: folders without __init__.py come last."]),
        (NOTHING, NOTHING, ["import toolbox  →  ✗ ModuleNotFoundError: No module named 'toolbox'", "anything"]),
    ],
)
def test_layout_report_says_what_python_really_did(scratch, entry_1, entry_2, lines):
    text = report(scratch, entry_1, entry_2)
    assert all(line in text for line in lines), text
    assert str(scratch) not in text and "why: " in text


def test_layout_report_is_repeatable_and_cleans_its_folder(scratch):
    report(scratch, REG, REG)
    assert report(scratch, NS, NS).startswith("import toolbox  →  namespace package, 2 portions")
    assert "toolbox/__init__.py" not in " ".join(files_under(scratch / "nb" / "layout"))


@pytest.mark.parametrize("entry_1, entry_2", [("a tent", NOTHING), (None, NOTHING), (NS, 3), (NS, "")])
def test_layout_report_refuses_unknown_choices_and_writes_nothing(scratch, entry_1, entry_2):
    assert "must be one of 'nothing', 'folder without __init__.py'" in report(scratch, entry_1, entry_2)
    assert files_under(scratch) == []


def test_layout_report_stays_inside_the_workspace(scratch, tmp_path):
    assert namespaces.layout_report(tmp_path / "elsewhere", NS, NS).startswith("⚠️")
    assert "not inside the course workspace" in namespaces.layout_report(scratch, NS, NS)  # the workspace itself
    assert not (tmp_path / "elsewhere").exists()
