"""Shared fixtures for the unit tests."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

from coursekit import workspace


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Point the course workspace at a temporary folder for one test."""
    root = tmp_path / "workspace"
    root.mkdir()
    monkeypatch.setattr(workspace, "ROOT", root.resolve())
    return root.resolve()


def chromium() -> str | None:
    """The Chromium the browser tests drive: ``COURSE_CHROMIUM``, else Chromium's headless shell if
    it is there (Debian's chromium-headless-shell: the same engine without a window system, which
    took a fifth less CPU per notebook here), else a Chromium on PATH."""
    return (
        os.environ.get("COURSE_CHROMIUM")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


#: How every browser test starts Chromium: no sandbox (containers, root), no GPU, and none of
#: Chromium's own requests to the internet (updates, sync, first-run pages).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def browser_missing() -> str | None:
    """Why the JupyterLab browser test (tests/test_browser.py) cannot run here; None if it can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -r tests/requirements.txt)"
    if not chromium():
        return "no Chromium found (apt-get install chromium, or set COURSE_CHROMIUM)"
    return None


def files_under(path):
    """Every file below ``path`` (sorted, relative, POSIX) -- to prove nothing else was written."""
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())


# The JupyterLab browser test is reported by name at the end of every run (pytest -v style),
# so a CI log shows each notebook's result even though the suite prints dots.
_BROWSER_RESULTS: list[tuple[str, str]] = []


def pytest_runtest_logreport(report):
    if "test_browser.py" in report.nodeid and (report.when == "call" or report.outcome != "passed"):
        outcome = "SKIPPED" if report.skipped else report.outcome.upper()
        _BROWSER_RESULTS.append((report.nodeid, outcome))


def pytest_terminal_summary(terminalreporter):
    if _BROWSER_RESULTS:
        terminalreporter.section("JupyterLab browser test (tests/test_browser.py)")
        # in course order (the two halves of the test run at once, on two workers)
        for nodeid, outcome in sorted(_BROWSER_RESULTS, key=lambda r: (r[0].partition("[")[2], r[0])):
            terminalreporter.write_line(f"{nodeid} {outcome}")


# How the suite spreads over pytest-xdist workers (`--dist loadscope`, see pyproject.toml;
# this hook sees every collected test, the notebooks' cells too):
# a scope (a test module, a test class, a notebook's cells) runs on one worker. The longest
# scopes go first, so that the many short ones fill the gaps at the end: the browser test
# (two classes, each one JupyterLab for half of the notebooks, so one per worker) and,
# where no browser can run, the learner-edition runs (one class per notebook in
# tests/test_notebooks_execute.py, so that they spread over the workers).
FIRST = ("test_browser.py", "test_notebooks_execute.py")


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        return FIRST.index(item.path.name) if item.path.name in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: the order within each file is kept
