"""Shared fixtures for the unit tests."""

from __future__ import annotations

import pytest

from coursekit import workspace


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Point the course workspace at a temporary folder for one test."""
    root = tmp_path / "workspace"
    root.mkdir()
    monkeypatch.setattr(workspace, "ROOT", root.resolve())
    return root.resolve()


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
        for nodeid, outcome in _BROWSER_RESULTS:
            terminalreporter.write_line(f"{nodeid} {outcome}")


# How the suite spreads over pytest-xdist workers (`--dist loadscope`, see pyproject.toml;
# this hook sees every collected test, the notebooks' cells too):
# a scope (a test module, a test class, a notebook's cells) runs on one worker. The longest
# scopes go first, so that the many short ones fill the gaps at the end: the browser test
# (one JupyterLab for all notebooks) and the learner-edition runs (one class per notebook
# in tests/test_notebooks_execute.py, so that they spread over the workers).
FIRST = ("test_browser.py", "test_notebooks_execute.py")


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        return FIRST.index(item.path.name) if item.path.name in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: the order within each file is kept
