"""coursekit.namespaces: notebook 6's widget, which folder wins when packages share a name."""

import pytest
from conftest import files_under

from coursekit import CourseError, namespaces

CHOICES = namespaces.LAYOUT_CHOICES
NS, REG, MOD, NOTHING = ("folder without __init__.py", "folder with __init__.py", "module toolbox.py", "nothing")


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
    result = namespaces.import_layout(scratch / "nb" / "layout", entry_1, entry_2)
    assert (result.kind, result.file, dict(result.submodules)) == (kind, file, subs)
    assert result.error is None and result.why
    assert str(scratch) not in str(result)


def test_import_layout_explains_that_a_later_regular_package_beats_an_earlier_namespace(scratch):
    result = namespaces.import_layout(scratch / "nb" / "layout", NS, REG)
    assert "even over the namespace folder in entry_1" in result.why
    assert "why: " in str(result)


def test_import_layout_with_nothing_reports_the_import_error(scratch):
    result = namespaces.import_layout(scratch / "nb" / "layout", NOTHING, NOTHING)
    assert result.error == "ModuleNotFoundError: No module named 'toolbox'"
    assert str(result).startswith("import toolbox  →  ✗ ModuleNotFoundError")


def test_import_layout_is_repeatable_and_cleans_its_folder(scratch):
    base = scratch / "nb" / "layout"
    namespaces.import_layout(base, REG, REG)
    again = namespaces.import_layout(base, NS, NS)
    assert again.kind == "namespace package, 2 portions"
    assert "toolbox/__init__.py" not in " ".join(files_under(base))


@pytest.mark.parametrize("entry_1, entry_2", [("a tent", NOTHING), (None, NOTHING), (NS, 3), (NS, "")])
def test_import_layout_refuses_unknown_choices_and_writes_nothing(scratch, entry_1, entry_2):
    with pytest.raises(CourseError, match="must be one of"):
        namespaces.import_layout(scratch / "nb" / "layout", entry_1, entry_2)
    assert files_under(scratch) == []


def test_import_layout_stays_inside_the_workspace(scratch, tmp_path):
    with pytest.raises(CourseError):
        namespaces.import_layout(tmp_path / "elsewhere", NS, NS)
    with pytest.raises(CourseError, match="subfolder"):
        namespaces.import_layout(scratch, NS, NS)
    assert not (tmp_path / "elsewhere").exists()


def test_layout_report_turns_bad_input_into_a_message(scratch):
    assert namespaces.layout_report(scratch / "nb", None, NS).startswith("⚠️ entry_1 must be one of")
    assert namespaces.layout_report(scratch / "nb", NS, NS).startswith("import toolbox  →  namespace")
