"""coursekit.envcheck: readable verdicts about the environment."""

from coursekit import envcheck


def test_every_featured_library_and_tool_is_pinned():
    pinned = envcheck.pins()
    for name in envcheck.FEATURED + envcheck.TOOLS:
        assert envcheck._normal(name) in pinned, f"{name} is not pinned in requirements.txt"


def test_installed_environment_passes():
    rows = envcheck.check()
    assert all(row.startswith("✅") for row in rows), envcheck.report(rows)
    assert envcheck.report().endswith("All set: everything the course needs is installed.")


def test_missing_and_mismatched_packages_get_advice(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("nbval==0.0.1\nno-such-dist-xyz==1.0  # comment\n")
    rows = envcheck.check(["nbval", "no-such-dist-xyz"], requirements=req)
    assert [row[0] for row in rows] == ["❌", "❌"]
    assert rows[0].startswith("❌ nbval") and "→ the course was tested with 0.0.1" in rows[0]
    assert "not installed" in rows[1] and "make lab" in rows[1]
    assert "Fix these before you go on: nbval, no-such-dist-xyz" in envcheck.report(rows)


def test_old_python_is_refused_with_advice():
    row = envcheck.check_python((3, 9))
    assert row.startswith("❌ Python") and "→ this course needs Python 3.11 or newer" in row
    assert envcheck.check_python((3, 13)).startswith("✅ Python")


def test_one_pinned_tool_is_found():
    [row] = envcheck.check(["nbval"])
    assert row.startswith("✅ nbval ") and "(course pins " in row
