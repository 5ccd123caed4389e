"""Import a package and some of its submodules; report its ``__file__`` and ``__path__`` as JSON.

Usage: ``python layout_probe.py PACKAGE SUBMODULE...``. Prints one line: either
``{"error"}`` (the package cannot be imported) or ``{"file", "path", "subs"}``, where
``subs`` maps each submodule to the file it came from (``null`` if it was not found).
"""

import sys


def main(package_name: str, submodules: list[str]) -> None:
    import importlib
    import json

    report = {}
    try:
        package = importlib.import_module(package_name)
    except ImportError as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
    else:
        report["file"] = getattr(package, "__file__", None)
        path = getattr(package, "__path__", None)
        report["path"] = None if path is None else list(path)
        report["subs"] = {}
        for sub in submodules:
            try:
                report["subs"][sub] = importlib.import_module(f"{package_name}.{sub}").__file__
            except ImportError:
                report["subs"][sub] = None
    print(json.dumps(report))


if __name__ == "__main__":
    # A script's own folder comes first on sys.path; a program started in a folder has '' there instead.
    sys.path[0] = ""
    main(sys.argv[1], sys.argv[2:])
