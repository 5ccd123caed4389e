"""Import one module by name and report where it came from, as a Python literal.

Usage: ``python which_module.py NAME``, started in the folder that holds the learner's
``NAME.py``. Prints one line: ``{"cached", "builtin", "origin", "elsewhere", "error"}``, where
``elsewhere`` is the origin of the module ``import NAME`` would find *without* the current
folder (``None`` when there is none), computed by this very interpreter, so a ``.pth`` file
that preloads a module, or a module compiled into this Python, is taken into account.
It imports nothing but ``sys`` (always built in), so a file the learner names ``json.py``
or ``os.py`` cannot break the report itself; the parent process classifies the answer.
"""

import sys


def elsewhere(name: str) -> str | None:
    """Where ``name`` lives if the current folder (``sys.path[0]``) is left out."""
    here = sys.path.pop(0)
    try:
        for finder in sys.meta_path:  # built-in, frozen, then the path finder (and any others)
            find = getattr(finder, "find_spec", None)
            try:
                spec = find(name, None) if find else None
            except Exception:
                spec = None
            if spec is not None:
                return spec.origin or "a namespace package"
        return None
    finally:
        sys.path.insert(0, here)


def main(name: str) -> None:
    cached = name in sys.modules
    builtin = name in sys.builtin_module_names
    other = elsewhere(name)
    try:
        module = __import__(name)
        error = None
    except BaseException as exc:
        module, error = None, f"{type(exc).__name__}: {exc}"
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(module, "__file__", None)
    print(repr({"cached": cached, "builtin": builtin, "origin": origin, "elsewhere": other, "error": error}))


if __name__ == "__main__":
    # A script's own folder comes first on sys.path; a program started in a folder has '' there
    # instead (as `python -c` does), so the learner's file in the current folder is found first.
    sys.path[0] = ""
    main(sys.argv[1])
