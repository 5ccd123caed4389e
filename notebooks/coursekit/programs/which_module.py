"""``python which_module.py NAME`` in the folder holding the learner's ``NAME.py``: import it and print
``{cached, builtin, elsewhere, error, origin}`` as a literal (``elsewhere``: what ``import NAME`` would
find without the current folder). It imports only ``sys``, so no learner file can break it."""

import sys


def elsewhere(name: str) -> str | None:
    """Where ``name`` lives if the current folder (``sys.path[0]``) is left out."""
    here = sys.path.pop(0)
    specs = [finder.find_spec(name, None) for finder in sys.meta_path if hasattr(finder, "find_spec")]
    sys.path.insert(0, here)
    spec = next((spec for spec in specs if spec is not None), None)
    return spec and (spec.origin or "a namespace package")


if __name__ == "__main__":
    sys.path[0] = ""  # as for `python -c`: the learner's file in the current folder is found first
    name, module, error = sys.argv[1], None, None
    found = {"cached": name in sys.modules, "builtin": name in sys.builtin_module_names, "elsewhere": elsewhere(name)}
    try:
        module = __import__(name)
    except BaseException as exc:
        error = f"{type(exc).__name__}: {exc}"
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or getattr(module, "__file__", None)
    print(repr({**found, "error": error, "origin": origin}))
