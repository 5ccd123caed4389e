"""The browser edition's notebooks (tools/build_lite.py), without a browser: what each cell becomes."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

import build_lite


def _code(source: str, tags=()):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def test_python_commands_run_in_the_tab():
    cell = build_lite.browser_cell(_code('x = 1\n!python -c "print(6 * 7)"\n!python -m simple_app foo'))
    lines = cell.source.splitlines()
    assert lines[0].startswith(build_lite.MARK)
    assert lines[1:] == ["x = 1", '%python -c "print(6 * 7)"', "%python -m simple_app foo"]


def test_kept_output_of_a_command():
    cell = build_lite.browser_cell(_code('prefix = !python -c "import sys; print(sys.prefix)"'))
    assert cell.source.splitlines()[1] == 'prefix = %python_output -c "import sys; print(sys.prefix)"'


@pytest.mark.parametrize("command", ["!python -S x.py", "!python -X frozen_modules=off x.py", "!pip list"])
def test_commands_a_tab_cannot_run_become_text(command):
    cell = build_lite.browser_cell(_code(command))
    assert cell.source.splitlines()[1] == f"# In a terminal: {command}"
    assert "terminal" in cell.source.splitlines()[0]


def test_a_cell_that_fails_on_purpose_lets_run_all_go_on():
    cell = build_lite.browser_cell(_code("import uses_hyphen", tags=["raises-exception"]))
    assert cell.source.splitlines()[0] == "%%error_expected"
    assert cell.source.splitlines()[-1] == "import uses_hyphen"


def test_other_cells_are_left_alone():
    for source in ["%%writefile a.py\nprint(1)", "import sys\nprint(sys.path)"]:
        cell = _code(source)
        assert build_lite.browser_cell(cell) is cell


@pytest.mark.parametrize("stem", build_lite.EDITION)
def test_every_notebook_of_the_edition_converts(stem):
    nb = build_lite.browser_notebook(stem)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata["tags"] == ["browser-edition"] and "import browser_edition" in code[0].source
    assert not [c.source for c in code if c.outputs], "the edition stores no outputs"
    commands = [line for c in code for line in c.source.splitlines() if line.lstrip().startswith("!")]
    assert not commands, f"{stem}: shell commands left in the browser edition: {commands}"
    links = [c.source for c in nb.cells if c.cell_type == "markdown" and "08_building_a_package.ipynb" in c.source]
    assert not links, f"{stem}: links to a notebook the edition leaves out"


def test_the_start_page_says_what_is_left_out():
    nb = build_lite.browser_notebook("00_start_here")
    note = next(c.source for c in nb.cells if "browser-edition" in c.metadata.get("tags", []))
    assert "8-10" in note and "11-14" in note and "make lab" in note


def test_a_missing_download_fails_at_once_naming_the_command(tmp_path, monkeypatch):
    monkeypatch.setattr(build_lite, "CACHE", tmp_path)
    monkeypatch.setattr(build_lite, "WHEELS", tmp_path / "lite-wheels")
    with pytest.raises(build_lite.LiteMissing, match="make lite-setup"):
        build_lite.fetch(offline=True)


def test_sentences_untrue_in_a_tab_are_replaced_and_a_stale_one_fails_the_build(monkeypatch):
    start = "\n".join(c.source for c in build_lite.browser_notebook("00_start_here").cells)
    assert "File → New → Terminal** |" not in start and "a browser tab has none" in start
    site = "\n".join(c.source for c in build_lite.browser_notebook("06_namespace_packages_and_python_m").cells)
    assert "a1_coverage.pth" not in site and "this tab's Python has none" in site
    stale = [*build_lite.BROWSER_TEXT, ("01_modules", "a sentence the course no longer has", "-")]
    monkeypatch.setattr(build_lite, "BROWSER_TEXT", stale)
    with pytest.raises(SystemExit, match="a sentence the course no longer has"):
        build_lite.browser_notebook("01_modules")


# tools/lite/browser_edition.py patches subprocess.run when imported: it runs in a Python of its own.
BROWSER_EDITION_PROBE = """
import subprocess, sys, time
sys.path.insert(0, sys.argv[1])
import browser_edition as be
from pathlib import Path
Path("loop.py").write_text("while True:\\n    pass\\n")
started = time.monotonic()
try:
    subprocess.run([sys.executable, "loop.py"], capture_output=True, text=True, timeout=0.5)
except subprocess.TimeoutExpired:
    print("stopped in time:", time.monotonic() - started < 5)
watchdog = be.Watchdog(0.3)
def spin():
    while True:
        pass
try:
    with watchdog:
        spin()
except KeyboardInterrupt:
    print("watchdog fired", watchdog.fired)
done = subprocess.run([sys.executable, "-W", "ignore", "-c", "import warnings; warnings.warn('x'); print('quiet')"],
                      capture_output=True, text=True)
print(done.stdout.strip(), repr(done.stderr))
try:
    be.run_fresh(["-W", "ignore::DeprecationWarning", "-c", "pass"])
except be.NeedsATerminal as exc:
    print(exc)
"""


def test_the_browser_python_stops_endless_loops_and_knows_w(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", BROWSER_EDITION_PROBE, str(build_lite.TOOLS / "lite")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.splitlines() == [
        "stopped in time: True",
        "watchdog fired True",
        "quiet ''",
        "the warnings option -W 'ignore::DeprecationWarning' needs a separate Python process",
    ], done.stdout + done.stderr
