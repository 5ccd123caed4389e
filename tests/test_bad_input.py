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
import re
from pathlib import Path

import pytest

from coursekit import checks, workspace
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
    ("None", None),
    ("empty string", ""),
    ("spaces", "   "),
    ("zero", 0),
    ("negative", -1),
    ("huge int", 10**100),
    ("nan", float("nan")),
    ("infinity", float("inf")),
    ("huge string", "x" * 1_000_000),
    ("empty list", []),
    ("empty dict", {}),
    ("bytes", b"bytes"),
    ("object", object()),
    ("wrong type: set", {1, 2}),
    ("function that raises", _raises),
    ("function that loops", _loops),
    ("class that fails", _BrokenClass),
    ("keyword", "class"),
    ("not an identifier", "my-package"),
    ("leading digit", "2cool"),
    ("shadows the standard library", "random"),
    ("dotted nonsense", "a..b"),
    ("path with ..", "../../outside.txt"),
    ("absolute path", "/etc/passwd"),
    ("malformed HTML", "<html><body><div><p>unclosed <a href='x"),
    ("negative duration", -5.0),
    ("rotation that is not a number", "ninety"),
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
    """Raised when the test's own watchdog fires; a BaseException, so no check can swallow it."""


def _call_with_watchdog(fn, *args, seconds=20):
    """``fn(*args)``, stopped after ``seconds`` on any OS (the course's own Watchdog, no SIGALRM)."""
    with checks.Watchdog(seconds) as dog:
        try:
            return fn(*args)
        except KeyboardInterrupt:
            if dog.fired:
                raise _Hung() from None
            raise


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


def _positional(check, required_only=False):
    return [
        p
        for p in inspect.signature(check).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and (p.default is p.empty or not required_only)
    ]


#: Checks that take the learner's answer (or the place of their files) as an argument.
ANSWER_CHECKS = [p for p in CHECKS if _positional(p.values[0])]
#: Checks that read the files the learner wrote, from their fixed places in the workspace.
FILE_CHECKS = [p for p in CHECKS if not _positional(p.values[0])]


def test_every_notebook_has_checks_in_the_catalogue():
    modules = {p.id.split(".")[0] for p in CHECKS}
    assert len(CHECKS) >= 2 * len(modules) and len(modules) >= 11, sorted(modules)


def _assert_a_message(check, label, feedback):
    assert isinstance(feedback, Feedback), f"{check.__name__}({label}) returned {type(feedback).__name__}"
    assert not feedback.ok, f"{check.__name__} accepted {label} as correct"
    message = feedback.message
    assert message.startswith("❌") and "Traceback" not in message, message
    assert len(message) < 2000, f"{check.__name__}({label}): a {len(message)}-character message"


@pytest.mark.parametrize("label, value", BAD_INPUTS, ids=[label for label, _ in BAD_INPUTS])
@pytest.mark.parametrize("check", ANSWER_CHECKS)
def test_exercise_check_answers_bad_input_with_a_message(check, label, value, untouched_repo, quick_limit):
    try:
        feedback = _call_with_watchdog(check, *([value] * max(1, len(_positional(check, required_only=True)))))
    except _Hung:
        pytest.fail(f"{check.__name__} hung on {label}")
    _assert_a_message(check, label, feedback)


@pytest.mark.parametrize("check", FILE_CHECKS)
def test_a_file_check_run_before_the_files_exist_says_what_is_missing(check, scratch, untouched_repo, quick_limit):
    """The learner runs the check cell first, or after a restart that emptied the workspace."""
    try:
        feedback = _call_with_watchdog(check)
    except _Hung:
        pytest.fail(f"{check.__name__} hung with no files")
    _assert_a_message(check, "no files yet", feedback)


def _clip():
    """A 1-second, 4 fps grey clip for notebook 14's widget (the notebook makes its own scene)."""
    import numpy as np
    from moviepy import VideoClip

    return VideoClip(frame_function=lambda t: np.full((90, 160, 3), 128, np.uint8), duration=1).with_fps(4)


#: The logic behind every widget, as functions of one learner-typed value. A widget's
#: logic must never raise: it returns what the widget shows, a message included.
WIDGETS = {
    "00 start.recommend": lambda ws, v: __import__("coursekit.exercises.start", fromlist=["x"]).recommend(
        v if isinstance(v, (list, tuple, set)) else [v]
    ),
    "01 packages.explain_module_name": lambda ws, v: _mod("packages").explain_module_name(ws, v),
    "02 reloading.reload_experiment (method)": lambda ws, v: _mod("exercises.reloading").reload_experiment(ws, v),
    "02 reloading.reload_experiment (binding)": lambda ws, v: _mod("exercises.reloading").reload_experiment(
        ws, "reload", v
    ),
    "03 packages.package_playground (name)": lambda ws, v: _mod("packages").package_playground(ws, v),
    "03 packages.package_playground (modules)": lambda ws, v: _mod("packages").package_playground(ws, "pkg", v),
    "03 packages.package_playground (init code)": lambda ws, v: _mod("packages").package_playground(
        ws, "pkg", "a", v if isinstance(v, str) else repr(v)
    ),
    "04 imports.explain_import": lambda ws, v: _mod("imports").explain_import(ws, v),
    "05 imports.explain_relative_import (statement)": lambda ws, v: _mod("imports").explain_relative_import(
        v, "sound.effects.echo"
    ),
    "05 imports.explain_relative_import (module)": lambda ws, v: _mod("imports").explain_relative_import(
        "from .. import filters", v
    ),
    "05 imports.explain_relative_import (runs as)": lambda ws, v: _mod("imports").explain_relative_import(
        "from . import echo", "sound.effects.surround", run_as=v
    ),
    "06 namespaces.layout_report": lambda ws, v: _mod("namespaces").layout_report(ws / "layout", v, v),
    "07 import_system.which_finder": lambda ws, v: _mod("exercises.import_system").which_finder(v),
    "08 building.explain_wheel_name": lambda ws, v: _mod("exercises.building").explain_wheel_name(v),
    "09 installing.explain_script_entry": lambda ws, v: _mod("exercises.installing").explain_script_entry(v),
    "10 publishing.explore_specifier (specifier)": lambda ws, v: _mod("exercises.publishing").explore_specifier(v),
    "10 publishing.explore_specifier (versions)": lambda ws, v: _mod("exercises.publishing").explore_specifier(
        ">=1", v
    ),
    "10 publishing.explore_specifier (pre-releases)": lambda ws, v: _mod("exercises.publishing").explore_specifier(
        ">=1", "1.0, 2.0", v
    ),
    "11 scrapy_demo.try_selector (selector)": lambda ws, v: _mod("exercises.scrapy_demo").try_selector(v),
    "11 scrapy_demo.try_selector (kind)": lambda ws, v: _mod("exercises.scrapy_demo").try_selector("h3", v),
    "11 scrapy_demo.try_selector (page)": lambda ws, v: _mod("exercises.scrapy_demo").try_selector("h3", "css", v),
    "12 digits.explain_prediction (index)": lambda ws, v: _digits(index=v),
    "12 digits.explain_prediction (probabilities)": lambda ws, v: _digits(probabilities=v),
    "12 digits.explain_prediction (images)": lambda ws, v: _digits(images=v),
    "13 learning.boundary_html (model)": lambda ws, v: _mod("learning").boundary_html(v),
    "13 learning.boundary_html (setting)": lambda ws, v: _mod("learning").boundary_html("k-NN", v),
    "13 learning.boundary_html (noise)": lambda ws, v: _mod("learning").boundary_html("k-NN", 15, v),
    "14 video.frame_at (t)": lambda ws, v: _mod("video").frame_at(_clip(), v, "clip"),
    "14 video.frame_at (rotation)": lambda ws, v: _mod("video").frame_at(_clip(), 0.5, v),
    "14 video.frame_at (clip)": lambda ws, v: _mod("video").frame_at(v, 0.5, "clip.rotated(90)"),
    "15 explorer.describe (no import)": lambda ws, v: _mod("explorer").describe(v, import_it=False),
    "15 explorer.describe": lambda ws, v: _mod("explorer").describe(v),
}


def _digits(**value):
    """Notebook 12's widget logic with the test images, labels and probabilities it is wired to
    (a small stand-in: 4 blank images), one of them replaced by the learner-typed ``value``."""
    import numpy as np

    arguments = {"images": np.zeros((4, 64)), "labels": [0, 1, 2, 3], "probabilities": np.full((4, 10), 0.1)}
    arguments.setdefault("index", 0)
    arguments.update(value)
    return _mod("digits").explain_prediction(**arguments)


def _mod(name):
    return importlib.import_module(f"coursekit.{name}")


@pytest.mark.parametrize("label, value", BAD_INPUTS, ids=[label for label, _ in BAD_INPUTS])
@pytest.mark.parametrize("widget", sorted(WIDGETS))
def test_widget_logic_answers_bad_input_with_a_message(widget, label, value, scratch, untouched_repo):
    ws = workspace.reset("bad_input")
    try:
        shown = _call_with_watchdog(WIDGETS[widget], ws, value)
    except _Hung:
        pytest.fail(f"{widget} hung on {label}")
    except Exception as exc:  # a widget would show this as a traceback
        pytest.fail(f"{widget} raised {type(exc).__name__} on {label}: {exc}")
    text = str(getattr(shown, "text", None) or shown)
    text = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "data:image", text)  # pictures are fine
    text = re.sub(r"<[^>]+>", "", text)  # measure what the learner reads, not the markup
    assert text.strip() and "Traceback" not in text, f"{widget}({label}) showed {text[:200]!r}"
    assert len(text) < 5000, f"{widget}({label}): a {len(text)}-character message"
    outside = [p for p in workspace.ROOT.parent.iterdir() if p != workspace.ROOT]
    assert outside == [], f"{widget} wrote beside the workspace: {outside}"
