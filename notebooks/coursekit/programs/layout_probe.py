"""``python layout_probe.py PACKAGE SUB...``: import PACKAGE and each PACKAGE.SUB; print JSON ``{"error"}`` or
``{"file", "path", "subs"}`` with paths from the current folder (``subs``: each submodule's file, or null)."""

import importlib
import json
import os
import sys


def load(name: str):
    """The module ``name``, or the ImportError it raises, as text."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        return f"{type(exc).__name__}: {exc}"


def shown(path: str | None) -> str | None:
    return path and os.path.relpath(path).replace(os.sep, "/")


if __name__ == "__main__":
    sys.path[0] = ""  # as for `python -c`: the current folder, not this script's folder
    box = load(sys.argv[1])
    subs = {sub: shown(getattr(load(f"{sys.argv[1]}.{sub}"), "__file__", None)) for sub in sys.argv[2:]}
    path = [shown(p) for p in box.__path__] if hasattr(box, "__path__") else None
    found = {"file": shown(getattr(box, "__file__", None)), "path": path, "subs": subs}
    print(json.dumps({"error": box} if isinstance(box, str) else found))
