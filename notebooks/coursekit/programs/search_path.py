"""Print where this fresh interpreter looks for modules: one labelled line per ``sys.path`` entry.

Usage: ``python search_path.py [FOLDER...]``: the folders given are the ones that were put
on ``PYTHONPATH`` (they are labelled so).
"""

import sys


def kind(entry: str, added: list[str], standard: tuple[str, ...]) -> str:
    """What a ``sys.path`` entry is, in words."""
    if entry == "":
        return "the current folder (or the script's folder)"
    if entry in added:
        return "PYTHONPATH (folders you add)"
    if entry.endswith(".zip"):
        return "standard library, zipped (often absent)"
    if entry.endswith("lib-dynload"):
        return "standard library, compiled extensions"
    if entry in standard:
        return "standard library"
    if entry.endswith(("site-packages", "dist-packages")):
        return "installed packages (pip installs here)"
    return "other"


def main(added: list[str]) -> None:
    import sysconfig

    paths = sysconfig.get_paths()
    standard = (paths["stdlib"], paths["platstdlib"])
    for i, entry in enumerate(sys.path):
        print(f"{i}  {kind(entry, added, standard):<45} {entry or repr(entry)}")


if __name__ == "__main__":
    # A script's own folder comes first on sys.path; a program started in a folder has '' there instead.
    sys.path[0] = ""
    main(sys.argv[1:])
