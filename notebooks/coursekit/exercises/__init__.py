"""Exercise checks, one module per notebook.

Each check is built with :func:`coursekit.checks.exercise` and returns a
:class:`coursekit.checks.Feedback`; ``tests/test_exercises_*.py`` feed each one the
worked solution and typical wrong answers. A notebook's set-up cell only needs
``from coursekit import exercises``: each module is imported the first time it is used.

>>> from coursekit import exercises
>>> exercises.start.__name__
'coursekit.exercises.start'
"""

import importlib

MODULES = (
    "start",
    "modules",
    "reloading",
    "creating",
    "importing",
    "dotted",
    "namespace",
    "import_system",
    "building",
    "installing",
    "publishing",
    "scrapy_demo",
    "pytorch_demo",
    "sklearn_demo",
    "moviepy_demo",
    "wrap_up",
)


def __getattr__(name: str):
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *MODULES])
