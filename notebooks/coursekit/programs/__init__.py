"""Small programs that course helpers run in a fresh Python process.

Each module here is a complete script, run as ``python <path of the file> ARGS...``
(see :func:`path`): its inputs arrive as command-line arguments and it answers on
stdout (one line: JSON, or a Python literal). Nothing is ever pasted into their source.

They import no ``coursekit`` code and, apart from what Python loads while starting, only
the standard library, so a learner's file called ``json.py`` or ``random.py`` in the
folder being examined cannot break the program that examines it. Each one starts by
replacing its own folder, which Python puts first on ``sys.path`` for a script, with
``''`` (the current folder), the entry that ``python -c`` would have.

- ``import_report``  -- run one import statement; report names, modules, output, error
  (used by :func:`coursekit.packages.import_report`).
- ``which_module``   -- import one name and say where it came from (:func:`coursekit.packages.which_module`).
- ``layout_probe``   -- import a package and two submodules; report ``__file__`` and ``__path__``
  (:func:`coursekit.namespaces.import_layout`).

>>> path("which_module").endswith("coursekit/programs/which_module.py")
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FOLDER", "NAMES", "path"]

#: The folder that holds the programs.
FOLDER = Path(__file__).resolve().parent
#: The programs, by name.
NAMES = ("import_report", "which_module", "layout_probe")


def path(name: str) -> str:
    """The file of the program ``name`` (one of :data:`NAMES`), as ``python`` wants it."""
    if name not in NAMES:
        raise ValueError(f"There is no course program called {name!r}: choose one of {', '.join(NAMES)}.")
    return str(FOLDER / f"{name}.py")
