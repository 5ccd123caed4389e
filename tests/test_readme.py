"""The README and `make help` tell the truth about the repository."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _phony() -> set[str]:
    line = next(line for line in MAKEFILE.splitlines() if line.startswith(".PHONY:"))
    return set(line.split(":", 1)[1].split())


#: Folders the README names that the notebooks make when they run (git-ignored): a fresh clone lacks them.
MADE_BY_RUNNING = {"notebooks/workspace/"}


def test_every_file_the_readme_names_exists():
    named = set(re.findall(r"`((?:tests|tools|notebooks|classroom|\.ci)/[\w./-]+)`", README))
    named |= set(re.findall(r"\]\(((?:tests|tools|notebooks|classroom|\.ci)/[\w./-]+)\)", README))
    assert named, "the README names no file?"
    assert MADE_BY_RUNNING <= named, "MADE_BY_RUNNING lists a folder the README no longer names"
    named -= MADE_BY_RUNNING
    missing = sorted(name for name in named if not (ROOT / name.rstrip("/")).exists() and "NN_" not in name)
    assert not missing, f"README.md names files that do not exist: {missing}"


def test_every_make_command_in_the_readme_is_a_target():
    used = set(re.findall(r"\bmake ([a-z][\w-]*)", README))
    assert {"lab", "test"} <= used
    unknown = sorted(used - _phony())
    assert not unknown, f"README.md uses make targets the Makefile does not have: {unknown}"


def test_make_help_lists_every_target():
    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    listed = set(re.findall(r"^make ([\w-]+)", shown.stdout, flags=re.M))
    missing = sorted(_phony() - listed - {"help"})
    assert not missing, f"`make help` does not list: {missing}"


def test_the_classroom_sizing_table_is_made_from_the_measured_figures():
    """The README's sizing section is what `make classroom-load` wrote from classroom/measured.json."""
    sys.path.insert(0, str(ROOT / "classroom"))
    import loadtest

    measured = json.loads(loadtest.MEASURED.read_text(encoding="utf-8"))
    section = README.split("<!-- classroom-sizing:start -->\n", 1)[1].split("<!-- classroom-sizing:end -->", 1)[0]
    assert section == loadtest.sizing(measured), "the sizing table is stale: run `make classroom-load` (as root)"
    assert [r["learners"] for r in measured["rounds"]] == [5, 10, 20]
    assert not [r["failures"] for r in measured["rounds"] if r["failures"]]
