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


# Kernels started by nbval and nbclient inherit this: warnings then name cells
# `<IPY-INPUT>` instead of a temporary file that changes every run.
import os  # noqa: E402

os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")


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
