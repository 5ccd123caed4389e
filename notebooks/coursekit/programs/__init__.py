"""Scripts that helpers run as ``python <path(name)> ARGS`` in a fresh process; they print one line and
import only the standard library (no coursekit), so a learner's ``json.py`` in the folder cannot break them."""

from pathlib import Path


def path(name: str) -> str:
    """The file of the program ``name``: import_report or which_module."""
    return str(Path(__file__).resolve().parent / f"{name}.py")
