"""Import one module by name and report where it came from, as a Python literal.

Usage: ``python which_module.py NAME``. Prints one line:
``{"cached", "builtin", "origin", "error"}``. It imports nothing but ``sys`` (always built
in), so a file the learner names ``json.py`` or ``os.py`` cannot break the report itself;
the parent process classifies the answer.
"""

import sys


def main(name: str) -> None:
    cached = name in sys.modules
    builtin = name in sys.builtin_module_names
    try:
        module = __import__(name)
        error = None
    except BaseException as exc:
        module, error = None, f"{type(exc).__name__}: {exc}"
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(module, "__file__", None)
    print(repr({"cached": cached, "builtin": builtin, "origin": origin, "error": error}))


if __name__ == "__main__":
    # A script's own folder comes first on sys.path; a program started in a folder has '' there instead.
    sys.path[0] = ""
    main(sys.argv[1])
