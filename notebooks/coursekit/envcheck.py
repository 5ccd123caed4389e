"""The start page's environment check: installed versions (read from metadata) against requirements.txt's pins."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["REQUIREMENTS", "FEATURED", "TOOLS", "Row", "pins", "check", "check_python", "report"]

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"
FEATURED = ("Scrapy", "torch", "scikit-learn", "moviepy")  # the demos' libraries, as pip names them
TOOLS = ("jupyterlab", "ipywidgets", "nbconvert", "nbval")
MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Row:
    """One line of the check: what was wanted, what was found, whether it is fine, and advice."""

    name: str
    wanted: str
    found: str | None
    ok: bool
    advice: str = ""

    def __str__(self) -> str:
        mark, found, advice = "✅" if self.ok else "❌", self.found or "not installed", f"\n   → {self.advice}"
        return f"{mark} {self.name:<13} {found:<10} (course pins {self.wanted})" + (advice if self.advice else "")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """The ``name==version`` pins of a requirements file, keyed by normalised name."""
    text = Path(requirements).read_text(encoding="utf-8")
    return {_normal(name): v for name, v in re.findall(r"(?m)^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#;]+)", text)}


def check(names=FEATURED + TOOLS, requirements: Path = REQUIREMENTS) -> list[Row]:
    """Compare the installed version of each distribution in ``names`` with its pin."""
    wanted, rows = pins(requirements), []
    for name in names:
        pin = wanted.get(_normal(name), "?")
        try:
            found = metadata.version(name).split("+", 1)[0]  # torch's "2.13.0+cpu" is the pinned 2.13.0
        except metadata.PackageNotFoundError:
            advice = (
                "not installed: run `make lab` (or `pip install -r requirements.txt`) and choose the course's kernel"
            )
            rows.append(Row(name, pin, None, False, advice))
            continue
        ok = pin in ("?", found)
        advice = (
            f"the course was tested with {pin}; run `pip install -r requirements.txt` if something behaves differently"
        )
        rows.append(Row(name, pin, found, ok, "" if ok else advice))
    return rows


def check_python(version=None) -> Row:
    """Is this Python new enough for the course?"""
    found, need = (version or sys.version_info)[:2], ".".join(map(str, MIN_PYTHON))
    ok = found >= MIN_PYTHON
    advice = "" if ok else f"this course needs Python {need} or newer: install it, then run `make lab`"
    return Row("Python", f"{need}+", ".".join(map(str, found)), ok, advice)


def report(rows: list[Row] | None = None) -> str:
    """The whole check as text, ending with one verdict line."""
    rows = [check_python(), *check()] if rows is None else rows
    bad = ", ".join(row.name for row in rows if not row.ok)
    verdict = (
        f"Fix these before you go on: {bad}. See README → Troubleshooting."
        if bad
        else ("All set: everything the course needs is installed.")
    )
    return "\n".join([*map(str, rows), "", verdict])
