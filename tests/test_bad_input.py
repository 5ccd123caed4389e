"""The bad-input catalogue: what learners really type, fed to every check and widget.

Every exercise check (found automatically: each public ``check_*`` in
``coursekit.exercises``) and every widget's logic (listed in ``WIDGETS``) gets each
input from ``BAD_INPUTS``. Each must answer with a clear message -- a ``Feedback``
that is not ok, or a ``CourseError``, or a returned message -- never a traceback,
never hang, and never write outside the scratch workspace.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import signal
from pathlib import Path

import pytest

from coursekit import CourseError, checks, workspace
from coursekit.checks import Feedback

ROOT = Path(__file__).resolve().parents[1]


def _raises(*args, **kwargs):
    raise RuntimeError("boom from the learner's code")


def _loops(*args, **kwargs):
    while True:
        pass


class _BrokenClass:
    def __init__(self, *args, **kwargs):
        raise ValueError("broken constructor")


#: (label, value): inputs learners really produce.
BAD_INPUTS = [
    ("None", None), ("empty string", ""), ("spaces", "   "), ("zero", 0), ("negative", -1),
    ("huge int", 10 ** 100), ("nan", float("nan")), ("infinity", float("inf")),
    ("huge string", "x" * 1_000_000), ("empty list", []), ("empty dict", {}), ("bytes", b"bytes"),
    ("object", object()), ("wrong type: set", {1, 2}), ("function that raises", _raises),
    ("function that loops", _loops), ("class that fails", _BrokenClass),
    ("keyword", "class"), ("not an identifier", "my-package"), ("leading digit", "2cool"),
    ("shadows the standard library", "random"), ("dotted nonsense", "a..b"),
    ("path with ..", "../../outside.txt"), ("absolute path", "/etc/passwd"),
    ("malformed HTML", "<html><body><div><p>unclosed <a href='x"),
    ("negative duration", -5.0), ("rotation that is not a number", "ninety"),
]


def _exercise_checks():
    import coursekit.exercises as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"coursekit.exercises.{info.name}")
        for name, fn in sorted(vars(module).items()):
            if name.startswith("check_") and callable(fn) and getattr(fn, "__module__", "") == module.__name__:
                found.append(pytest.param(fn, id=f"{info.name}.{name}"))
    return found


class _Hung(BaseException):
    """Raised by the test's own alarm; a BaseException, so no check can swallow it."""


def _call_with_alarm(fn, *args, seconds=20):
    def on_alarm(signum, frame):
        raise _Hung()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _snapshot():
    """(path, size, mtime) of every file in the repo outside the workspace, build and venv."""
    skip = {".git", ".venv", "build", "workspace", "__pycache__", ".ipynb_checkpoints"}
    state = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            path = Path(folder, name)
            stat = path.stat()
            state.add((path.relative_to(ROOT).as_posix(), stat.st_size, stat.st_mtime_ns))
    return state


@pytest.fixture(scope="module")
def untouched_repo():
    before = _snapshot()
    yield
    changed = sorted({p for p, *_ in before ^ _snapshot()})
    assert not changed, f"bad input wrote or changed files outside the workspace: {changed[:10]}"


@pytest.fixture
def quick_limit(monkeypatch):
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.5)


CHECKS = _exercise_checks()


def test_every_notebook_has_checks_in_the_catalogue():
    modules = {p.id.split(".")[0] for p in CHECKS}
    assert len(CHECKS) >= 2 * len(modules) and len(modules) >= 11, sorted(modules)


@pytest.mark.parametrize("label, value", BAD_INPUTS, ids=[label for label, _ in BAD_INPUTS])
@pytest.mark.parametrize("check", CHECKS)
def test_exercise_check_answers_bad_input_with_a_message(check, label, value, untouched_repo, quick_limit):
    parameters = [p for p in inspect.signature(check).parameters.values()
                  if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    try:
        feedback = _call_with_alarm(check, *([value] * max(1, len(parameters))))
    except _Hung:
        pytest.fail(f"{check.__name__} hung on {label}")
    assert isinstance(feedback, Feedback), f"{check.__name__}({label}) returned {type(feedback).__name__}"
    assert not feedback.ok, f"{check.__name__} accepted {label} as correct"
    message = feedback.message
    assert message.startswith("❌") and "Traceback" not in message
    assert len(message) < 2000, f"{check.__name__}({label}): a {len(message)}-character message"
