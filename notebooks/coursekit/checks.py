"""Exercise checks that answer a learner with a helpful message, never a traceback.

A check is a function decorated with :func:`exercise` that raises :class:`Wrong` with a sentence;
the learner's code runs through :func:`call` or :func:`run_python`, so errors and loops become messages.
"""

from __future__ import annotations

import _thread
import contextlib
import functools
import io
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit import CourseError

#: Seconds a learner's function may run inside a check before we call it a loop.
TIME_LIMIT = 5.0


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: truthy only when right; prints as its ``message``."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


class Wrong(Exception):
    """Raised in a check: the answer is wrong, ``str(exc)`` says how; ``hint`` overrides the general one."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class NotAnswered(Exception):
    """The learner's file ``file`` still holds only its placeholder."""

    def __init__(self, file: str):
        super().__init__(file)
        self.file = file


class Watchdog:
    """Interrupt the main thread after ``seconds`` on every OS (no SIGALRM); ``fired`` tells it from Ctrl+C."""

    def __init__(self, seconds: float):
        self.seconds, self.fired, self._finished = seconds, False, False
        self._lock, self._timer = threading.Lock(), threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        with self._lock:
            if not self._finished:
                self.fired = True
                _thread.interrupt_main()  # what Jupyter uses on Windows too

    def __enter__(self) -> Watchdog:
        # The interrupt arrives as SIGINT: make it raise KeyboardInterrupt whatever the host set.
        self._previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        with self._lock:
            self._finished = True
        self._timer.cancel()
        signal.signal(signal.SIGINT, self._previous)


def is_placeholder(text: str) -> bool:
    """Only blank lines and comments: a ``%%writefile`` answer cell before the learner writes."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def read_answer(path: Path, shown: str) -> str:
    """The learner's file (``shown`` names it); Wrong when missing, NotAnswered when a placeholder."""
    if not path.is_file():
        raise Wrong(f"there is no file {shown} yet: run the %%writefile cell that writes it.")
    text = path.read_text(encoding="utf-8", errors="replace")
    if is_placeholder(text):
        raise NotAnswered(shown)
    return text


def compile_answer(text: str, shown: str) -> None:
    """Wrong, naming the line, unless ``text`` (the file ``shown``) is valid Python."""
    try:
        compile(text, shown, "exec")
    except SyntaxError as exc:
        raise Wrong(f"line {exc.lineno} of {shown} is not valid Python: {exc.msg}.") from None
    except ValueError as exc:  # e.g. a NUL byte
        raise Wrong(f"{shown} is not valid Python: {exc}.") from None


def run_python(args: list[str], cwd: Path, path=(), timeout: float = 10, python=None) -> subprocess.CompletedProcess:
    """``python *args`` in a fresh interpreter (``python``: another one, e.g. a venv's) in ``cwd``; ``path``
    becomes PYTHONPATH; a run longer than ``timeout`` seconds is stopped (any OS) and reported as Wrong."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP")}
    # A kernel sets FORCE_COLOR; PYTHON_COLORS=0 keeps 3.13's coloured tracebacks out of messages.
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8", PYTHON_COLORS="0")
    if path:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in path)
    command = [str(python or sys.executable), *args]
    try:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Wrong(f"your program ran for more than {timeout:g} s: is there an endless loop?") from None


def output_of(args: list[str], cwd: Path, what: str, path=(), timeout: float = 10, clues=None, python=None) -> str:
    """What ``python *args`` prints (see :func:`run_python`); Wrong naming the error when it fails, with the
    hint of the first of ``clues`` ({text in the error: hint}) found in it."""
    done = run_python(args, cwd, path, timeout, python)
    if done.returncode != 0:
        error = last_line(done.stderr or done.stdout, cwd)
        hint = next((tip for clue, tip in (clues or {}).items() if clue in done.stderr + done.stdout), None)
        raise Wrong(f"{what} failed in a fresh Python: {error}", hint)
    return done.stdout


def first_mistake(*rows: tuple[object, str], error=Wrong) -> None:
    """Raise ``error`` with the message of the first ``(mistake, message)`` row whose mistake is true."""
    for mistake, message in rows:
        if mistake:
            raise error(message)


def answer_file(folder: Path, name: object, example: str = "answer.py") -> Path:
    """``folder / name``; Wrong unless ``name`` is a plain file name like ``example`` (the file may not exist)."""
    suffix = Path(example).suffix
    stem = name[: len(name) - len(suffix)] if isinstance(name, str) and name.endswith(suffix) else ""
    if not (stem.isidentifier() and len(name) <= 64):
        raise Wrong(
            f"give the name of the file you wrote, like {example!r}, not {_short(name, 40)}.",
            hint="the file name as in your %%writefile line, in quotes.",
        )
    return folder / name


def last_line(text: str, base: Path | None = None) -> str:
    """The last line of an error report, with the folder ``base`` shortened to its name."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else "(no message)"
    return last.replace(str(base) + os.sep, base.name + "/") if base is not None else last


def exercise(title: str, hint: str = ""):
    """Turn ``checker(*answers)`` (raises Wrong, returns None or praise) into a check returning Feedback."""

    def decorate(checker):
        @functools.wraps(checker)
        def check(*answers: Any, **named: Any) -> Feedback:
            if any(a is Ellipsis for a in (*answers, *named.values())):
                return Feedback(
                    False, f"⏳ {title}: not answered yet. Replace the ... with your answer and run the cell again."
                )
            try:
                praise = checker(*answers, **named)
            except NotAnswered as waiting:
                return Feedback(
                    False,
                    f"⏳ {title}: not answered yet. Replace the placeholder comment in {waiting.file} "
                    "with your answer, run that cell, then run this check again.",
                )
            except (Wrong, CourseError) as exc:
                tip = getattr(exc, "hint", None) or hint
                return Feedback(False, f"❌ {title}: {clip(str(exc))}" + (f"\n💡 Hint: {tip}" if tip else ""))
            except Exception as exc:  # a surprise inside the checker: still no traceback
                return Feedback(
                    False,
                    f"❌ {title}: checking your answer raised {type(exc).__name__}: {clip(str(exc))}"
                    + (f"\n💡 Hint: {hint}" if hint else ""),
                )
            return Feedback(True, f"✅ {title}: correct!" + (f" {praise}" if praise else ""))

        check.title = title
        return check

    return decorate


def call(fn, *args: Any, what: str = "your function", capture: bool = False, time_limit: float | None = None, **kw):
    """``fn(*args, **kw)`` with its errors and endless loops as Wrong; ``capture`` adds what it printed."""
    expect_callable(fn, what)
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    out = io.StringIO()
    # Only the main thread can be interrupted; elsewhere (a widget callback's thread) no limit.
    in_main = threading.current_thread() is threading.main_thread()
    watchdog = Watchdog(time_limit) if in_main else contextlib.nullcontext()
    try:
        with watchdog, contextlib.redirect_stdout(out):
            result = fn(*args, **kw)
    except KeyboardInterrupt:
        if getattr(watchdog, "fired", False):
            raise Wrong(
                f"{what} was still running after {time_limit:g} seconds; is there a loop that never ends?"
            ) from None
        raise  # the learner interrupted the kernel: let it stop the cell
    except Exception as exc:
        raise Wrong(f"{what} raised {type(exc).__name__}: {exc}") from None
    return (result, out.getvalue()) if capture else result


def expect_callable(value: Any, what: str = "your answer") -> None:
    """Wrong unless ``value`` can be called."""
    if not callable(value):
        raise Wrong(
            f"{what} should be a function, but it is {_describe(value)}.",
            hint="define it with `def name(...):` and pass the name without parentheses.",
        )


def expect_type(value: Any, expected: type | tuple[type, ...], what: str = "your answer") -> None:
    """Wrong unless ``isinstance(value, expected)``."""
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise Wrong(f"{what} should be {_article(names)} {names}, but it is {_describe(value)}.")


def expect_equal(actual: Any, expected: Any, what: str = "your answer") -> None:
    """Wrong unless ``actual == expected`` (numbers of any kind; otherwise the same type first)."""
    if type(actual) is not type(expected) and not all(isinstance(v, (int, float)) for v in (actual, expected)):
        expect_type(actual, type(expected), what)
    if actual != expected:
        raise Wrong(f"{what} is {_short(actual)}, but it should be {_short(expected)}.")


def clip(text: str, limit: int = 500) -> str:
    """``text``, its middle cut out when longer than ``limit``."""
    keep = (limit - 2) // 2
    return text if len(text) <= limit else f"{text[:keep]} … {text[-keep:]}"


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    if value is None:
        return "None (did you forget a `return`?)"
    return f"{_article(type(value).__name__)} {type(value).__name__} ({_short(value, 40)})"
