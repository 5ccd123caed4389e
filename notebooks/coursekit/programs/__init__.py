"""Small scripts that course helpers run as ``python <path(name)> ARGS...`` in a fresh process: they
take arguments, answer one line on stdout, and import only the standard library (no coursekit), so a
learner's ``json.py`` in the folder examined cannot break them."""

from pathlib import Path


def path(name: str) -> str:
    """The file of the program ``name``: import_report, which_module or layout_probe."""
    return str(Path(__file__).resolve().parent / f"{name}.py")
