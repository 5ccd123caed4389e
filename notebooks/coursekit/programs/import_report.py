"""``python import_report.py STATEMENT ROOT``: run one import statement, print JSON ``{names, modules,
printed, error, submodules}`` (``modules``: those it loaded from ROOT; ``submodules``: of each package bound)."""

import io  # loaded while Python starts, so never a file of ROOT
import sys


def load_json(root: str):
    """The standard json, imported without ROOT on sys.path, then forgotten: a workspace json is still found."""
    startup, path = set(sys.modules), sys.path[:]
    sys.path[:] = [p for p in sys.path if p not in ("", root)]
    import json

    sys.path[:] = path
    for name in set(sys.modules) - startup:
        del sys.modules[name]
    return json


def from_root(module, root: str) -> bool:
    places = [getattr(module, "__file__", None) or "", *(getattr(module, "__path__", None) or [])]
    return any(place.startswith(root) for place in places)


def main(statement: str, root: str) -> None:
    json, before, namespace, error = load_json(root), set(sys.modules), {}, None
    sys.stdout = out = io.StringIO()
    try:
        exec(compile(statement, "<your import>", "exec"), namespace)
    except BaseException as exc:
        error = f"{type(exc).__name__}: {exc}"
    sys.stdout = sys.__stdout__
    loaded = sorted(m for m in set(sys.modules) - before if from_root(sys.modules[m], root))
    packages = {k: v for k, v in namespace.items() if isinstance(v, type(sys)) and hasattr(v, "__path__")}
    subs = {k: sorted(n for n, v in vars(p).items() if isinstance(v, type(sys))) for k, p in packages.items()}
    names = sorted(k for k in namespace if k != "__builtins__")
    report = {"names": names, "modules": loaded, "printed": out.getvalue(), "error": error, "submodules": subs}
    print(json.dumps(report))


if __name__ == "__main__":
    sys.path[0] = ""  # as for `python -c`: the current folder (ROOT), not this script's folder
    main(sys.argv[1], sys.argv[2])
