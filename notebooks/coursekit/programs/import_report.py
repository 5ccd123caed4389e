"""Run one import statement in this fresh interpreter and report what it did, as JSON.

Usage: ``python import_report.py STATEMENT ROOT``. ``ROOT`` is the folder whose modules
count as "loaded" (the learner's workspace folder); it is on ``sys.path`` already
(``PYTHONPATH``). Prints one line: ``{"names", "modules", "printed", "error", "submodules"}``.
"""

import sys


def load_helpers(root: str) -> tuple:
    """Import the reporter's own helpers without the workspace on the path, then forget the
    ones that were new, so that a workspace package named like them (json, types, ...)
    is still what the statement imports -- as it would be in a real program."""
    startup, path = set(sys.modules), sys.path[:]
    sys.path[:] = [p for p in sys.path if p not in ("", root)]
    import contextlib
    import io
    import json
    import types

    sys.path[:] = path
    for name in set(sys.modules) - startup:
        del sys.modules[name]
    return contextlib, io, json, types


def main(statement: str, root: str) -> None:
    contextlib, io, json, types = load_helpers(root)

    def from_root(module) -> bool:
        file = getattr(module, "__file__", None) or ""
        return file.startswith(root) or any(p.startswith(root) for p in getattr(module, "__path__", []) or [])

    before = set(sys.modules)
    namespace: dict = {}
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(statement, "<your import>", "exec"), namespace)
        error = None
    except BaseException as exc:
        error = f"{type(exc).__name__}: {exc}"
    names = sorted(k for k in namespace if k != "__builtins__")
    loaded = sorted(m for m in set(sys.modules) - before if from_root(sys.modules[m]))
    subs = {}
    for name in names:
        value = namespace[name]
        if isinstance(value, types.ModuleType) and hasattr(value, "__path__"):
            subs[name] = sorted(k for k, v in vars(value).items() if isinstance(v, types.ModuleType))
    report = {"names": names, "modules": loaded, "printed": out.getvalue(), "error": error, "submodules": subs}
    print(json.dumps(report))


if __name__ == "__main__":
    # A script's own folder comes first on sys.path; a program started in ROOT has '' there instead.
    sys.path[0] = ""
    main(sys.argv[1], sys.argv[2])
