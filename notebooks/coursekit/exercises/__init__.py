"""Exercise checks, one module per notebook, each imported the first time it is used."""

import importlib

MODULES = (
    "start modules reloading creating importing dotted namespace import_system building installing publishing "
    "scrapy_demo pytorch_demo sklearn_demo moviepy_demo wrap_up"
).split()


def __getattr__(name: str):
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *MODULES])
