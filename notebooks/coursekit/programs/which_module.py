"""``python which_module.py NAME`` in the folder holding the learner's ``NAME.py``: import it and print
``{cached, builtin, origin, elsewhere, error}`` as a literal (``elsewhere``: what ``import NAME``
would find without the current folder). It imports only ``sys``, so no learner file can break it."""

import sys


def elsewhere(name: str) -> str | None:
    """Where ``name`` lives if the current folder (``sys.path[0]``) is left out."""
    here = sys.path.pop(0)
    try:
        for finder in sys.meta_path:  # built-in, frozen, then the path finder (and any others)
            try:
                spec = finder.find_spec(name, None) if hasattr(finder, "find_spec") else None
            except Exception:
                spec = None
            if spec is not None:
                return spec.origin or "a namespace package"
        return None
    finally:
        sys.path.insert(0, here)


def main(name: str) -> None:
    cached, builtin, other = name in sys.modules, name in sys.builtin_module_names, elsewhere(name)
    module, error = None, None
    try:
        module = __import__(name)
    except BaseException as exc:
        error = f"{type(exc).__name__}: {exc}"
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or getattr(module, "__file__", None)
    print(repr({"cached": cached, "builtin": builtin, "origin": origin, "elsewhere": other, "error": error}))


if __name__ == "__main__":
    sys.path[0] = ""  # as for `python -c`: the learner's file in the current folder is found first
    main(sys.argv[1])
