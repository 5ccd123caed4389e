"""The start page's environment check: installed versions (read from metadata) against requirements.txt's pins."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"
FEATURED = ("Scrapy", "torch", "scikit-learn", "moviepy")  # the demos' libraries, as pip names them
TOOLS = ("jupyterlab", "ipywidgets", "nbconvert", "nbval")
MIN_PYTHON = (3, 11)
INSTALL = "not installed: run `make lab` (or `pip install -r requirements.txt`) and choose the course's kernel"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _row(name: str, wanted: str, found: str | None, advice: str = "") -> str:
    """One line of the check, ✅ unless it carries advice (then ❌ and the advice below)."""
    line = f"{'❌' if advice else '✅'} {name:<13} {found or 'not installed':<10} (course pins {wanted})"
    return line + (f"\n   → {advice}" if advice else "")


def pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """The ``name==version`` pins of a requirements file, keyed by normalised name."""
    text = Path(requirements).read_text(encoding="utf-8")
    return {_normal(name): v for name, v in re.findall(r"(?m)^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#;]+)", text)}


def check(names=FEATURED + TOOLS, requirements: Path = REQUIREMENTS) -> list[str]:
    """One line per distribution in ``names``: its installed version against its pin."""
    wanted, rows = pins(requirements), []
    for name in names:
        pin = wanted.get(_normal(name), "?")
        try:
            found = metadata.version(name).split("+", 1)[0]  # torch's "2.13.0+cpu" is the pinned 2.13.0
        except metadata.PackageNotFoundError:
            rows.append(_row(name, pin, None, INSTALL))
            continue
        advice = (
            f"the course was tested with {pin}; run `pip install -r requirements.txt` if something behaves differently"
        )
        rows.append(_row(name, pin, found, "" if pin in ("?", found) else advice))
    return rows


def check_python(version=None) -> str:
    """Is this Python new enough for the course?"""
    found, need = (version or sys.version_info)[:2], ".".join(map(str, MIN_PYTHON))
    advice = "" if found >= MIN_PYTHON else f"this course needs Python {need} or newer: install it, then run `make lab`"
    return _row("Python", f"{need}+", ".".join(map(str, found)), advice)


def report(rows: list[str] | None = None) -> str:
    """The whole check as text, ending with one verdict line."""
    rows = [check_python(), *check()] if rows is None else rows
    bad = ", ".join(row.split()[1] for row in rows if row.startswith("❌"))
    if bad:
        return "\n".join([*rows, "", f"Fix these before you go on: {bad}. See README → Troubleshooting."])
    return "\n".join([*rows, "", "All set: everything the course needs is installed."])
