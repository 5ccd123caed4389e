"""The start page's environment check: is everything this course needs installed?

Versions are read from installed metadata (``importlib.metadata``), not from
``module.__version__`` (which some packages get wrong), and compared with the
exact pins in ``requirements.txt``.

>>> rows = check(["nbval"])
>>> rows[0].name, rows[0].ok
('nbval', True)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["REQUIREMENTS", "FEATURED", "TOOLS", "Row", "pins", "check", "check_python", "report"]

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"
#: The four libraries the demos feature (distribution names, as pip knows them).
FEATURED = ("Scrapy", "torch", "scikit-learn", "moviepy")
#: The Jupyter tools the course runs on.
TOOLS = ("jupyterlab", "ipywidgets", "nbconvert", "nbval")
MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Row:
    """One line of the check: what was wanted, what was found, and whether it is fine."""

    name: str
    wanted: str
    found: str | None
    ok: bool
    advice: str = ""

    def __str__(self) -> str:
        mark = "✅" if self.ok else "❌"
        found = self.found or "not installed"
        text = f"{mark} {self.name:<13} {found:<10} (course pins {self.wanted})"
        return text + (f"\n   → {self.advice}" if self.advice else "")


def pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """The ``name==version`` pins of a requirements file, keyed by normalised name."""
    found = {}
    for line in Path(requirements).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#;]+)", line)
        if match:
            found[_normal(match.group(1))] = match.group(2)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check(names=FEATURED + TOOLS, requirements: Path = REQUIREMENTS) -> list[Row]:
    """Compare the installed version of each distribution in ``names`` with its pin."""
    wanted = pins(requirements)
    rows = []
    for name in names:
        pin = wanted.get(_normal(name), "?")
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            rows.append(
                Row(
                    name,
                    pin,
                    None,
                    False,
                    "not installed: run `make lab` (or `pip install -r requirements.txt`) "
                    "and choose the course's kernel",
                )
            )
            continue
        public = found.split("+", 1)[0]  # torch's "2.13.0+cpu" is the pinned 2.13.0
        ok = pin in ("?", public)
        advice = (
            ""
            if ok
            else (
                f"the course was tested with {pin}; run `pip install -r requirements.txt` "
                "if something behaves differently"
            )
        )
        rows.append(Row(name, pin, public, ok, advice))
    return rows


def check_python(version=None) -> Row:
    """Is this Python new enough for the course?"""
    major, minor = (version or sys.version_info)[:2]
    ok = (major, minor) >= MIN_PYTHON
    need = ".".join(map(str, MIN_PYTHON))
    return Row(
        "Python",
        f"{need}+",
        f"{major}.{minor}",
        ok,
        "" if ok else f"this course needs Python {need} or newer: install it, then run `make lab`",
    )


def report(rows: list[Row] | None = None) -> str:
    """The whole check as text, ending with one verdict line."""
    rows = [check_python(), *check()] if rows is None else rows
    bad = [row.name for row in rows if not row.ok]
    verdict = (
        "All set: everything the course needs is installed."
        if not bad
        else f"Fix these before you go on: {', '.join(bad)}. See README → Troubleshooting."
    )
    return "\n".join([*map(str, rows), "", verdict])
