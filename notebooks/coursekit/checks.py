"""Exercise checks that answer a learner with a helpful message, never a traceback.

A check is a plain function decorated with :func:`exercise`. Inside it, raise
:class:`Wrong` with a sentence saying what is wrong; call the learner's code
through :func:`call` so that *their* exceptions and endless loops become messages
too. The decorated check returns a :class:`Feedback`, which prints as one or two
lines and is truthy only for a correct answer.

>>> @exercise("Double it", hint="multiply by 2")
... def check_double(fn):
...     expect_callable(fn, "double")
...     got = call(fn, 21, what="double(21)")
...     if got != 42:
...         raise Wrong(f"double(21) returned {got!r}, expected 42.")
>>> check_double(...)
⏳ Double it: not answered yet. Replace the ... with your answer and run the cell again.
>>> check_double(lambda x: x + 2)
❌ Double it: double(21) returned 23, expected 42.
💡 Hint: multiply by 2
>>> check_double(lambda x: 1 / 0)
❌ Double it: double(21) raised ZeroDivisionError: division by zero
💡 Hint: multiply by 2
>>> bool(check_double(lambda x: 2 * x))
True
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit import CourseError

__all__ = [
    "Feedback",
    "Wrong",
    "NotAnswered",
    "exercise",
    "is_placeholder",
    "read_answer",
    "compile_answer",
    "run_python",
    "output_of",
    "answer_file",
    "last_line",
    "call",
    "expect_type",
    "expect_equal",
    "expect_callable",
    "clip",
    "TIME_LIMIT",
    "Watchdog",
]

#: Seconds a learner's function may run inside a check before we call it a loop.
TIME_LIMIT = 5.0


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``ok`` and the ``message`` the learner reads."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:  # what a notebook cell shows
        return self.message

    __str__ = __repr__


class Wrong(Exception):
    """Raise inside a check: the answer is wrong, and ``str(exc)`` says how.

    ``hint`` overrides the exercise's general hint for this particular mistake.
    """

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class Watchdog:
    """Stop the main thread after ``seconds``, on every operating system.

    A timer thread calls :func:`_thread.interrupt_main` (what Jupyter itself uses to
    interrupt a kernel on Windows, where there is no ``SIGALRM``), so a learner's endless
    loop ends with ``KeyboardInterrupt``; :attr:`fired` then tells it apart from a real
    Ctrl+C. Use it in the main thread, around code that runs Python (a loop in C code,
    like ``time.sleep`` on some systems, only stops when it returns to Python).

    >>> import time
    >>> with Watchdog(0.2) as dog:
    ...     try:
    ...         while True:
    ...             time.sleep(0.01)
    ...     except KeyboardInterrupt:
    ...         pass
    >>> dog.fired
    True
    """

    def __init__(self, seconds: float):
        self.seconds, self.fired = seconds, False
        self._lock, self._finished = threading.Lock(), False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        with self._lock:
            if not self._finished:
                self.fired = True
                _thread.interrupt_main()

    def __enter__(self) -> Watchdog:
        # The interrupt is delivered as SIGINT: make sure it raises KeyboardInterrupt here,
        # whatever the host (a kernel, a test worker) did with SIGINT.
        self._previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        with self._lock:
            self._finished = True
        self._timer.cancel()
        signal.signal(signal.SIGINT, self._previous)


class NotAnswered(Exception):
    """Raised by a checker when the learner's answer file still holds only its placeholder.

    :func:`exercise` turns it into the "not answered yet" feedback, naming ``file``."""

    def __init__(self, file: str):
        super().__init__(file)
        self.file = file


def is_placeholder(text: str) -> bool:
    """Only blank lines and comments: what a ``%%writefile`` answer cell holds before the learner writes.

    >>> is_placeholder("# write c.py here"), is_placeholder("def baz(): ...")
    (True, False)
    """
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def read_answer(path: Path, shown: str) -> str:
    """The text of the file the learner wrote at ``path`` (``shown`` is how to name it to them).

    A missing file raises :class:`Wrong`; a file that holds only its placeholder comment
    raises :class:`NotAnswered`."""
    if not path.is_file():
        raise Wrong(f"there is no file {shown} yet: run the %%writefile cell that writes it.")
    text = path.read_text(encoding="utf-8", errors="replace")
    if is_placeholder(text):
        raise NotAnswered(shown)
    return text


def compile_answer(text: str, shown: str) -> None:
    """Raise :class:`Wrong` naming the line when ``text`` (the file ``shown``) is not valid Python."""
    try:
        compile(text, shown, "exec")
    except SyntaxError as exc:
        raise Wrong(f"line {exc.lineno} of {shown} is not valid Python: {exc.msg}.") from None
    except ValueError as exc:  # e.g. a NUL byte
        raise Wrong(f"{shown} is not valid Python: {exc}.") from None


def run_python(args: list[str], cwd: Path, path=(), timeout: float = 10) -> subprocess.CompletedProcess:
    """``python *args`` in a fresh interpreter, as a terminal in ``cwd`` would run the learner's code.

    ``path`` becomes ``PYTHONPATH`` (nothing else of the caller's is passed on); a program that
    runs longer than ``timeout`` seconds is stopped (a subprocess timeout: any OS) and reported
    as a :class:`Wrong` answer."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP")}
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    if path:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in path)
    try:
        return subprocess.run(
            [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise Wrong(f"your program ran for more than {timeout:g} s: is there an endless loop?") from None


def output_of(args: list[str], cwd: Path, what: str, path=(), timeout: float = 10) -> str:
    """What ``python *args`` prints in ``cwd`` (see :func:`run_python`); :class:`Wrong` naming the
    last line of the error report when it fails. ``what`` says what ran, e.g. "`import shopping`"."""
    done = run_python(args, cwd, path, timeout)
    if done.returncode != 0:
        raise Wrong(f"{what} failed in a fresh Python: {last_line(done.stderr or done.stdout, cwd)}")
    return done.stdout


def answer_file(folder: Path, name: object, example: str = "answer.py") -> Path:
    """The learner's file ``name`` in ``folder``; :class:`Wrong` unless ``name`` is a plain file
    name like ``example`` (no folder, no ``..``, same suffix). The file itself may not exist yet.

    >>> answer_file(Path("ws"), "../x.py")
    Traceback (most recent call last):
    ...
    coursekit.checks.Wrong: give the name of the file you wrote, like 'answer.py', not '../x.py'.
    """
    suffix = Path(example).suffix
    if not (
        isinstance(name, str)
        and 0 < len(name) <= 64
        and name.endswith(suffix)
        and name[: len(name) - len(suffix)].isidentifier()
    ):
        raise Wrong(
            f"give the name of the file you wrote, like {example!r}, not {_short(name, 40)}.",
            hint="the file name as in your %%writefile line, in quotes.",
        )
    return folder / name


def last_line(text: str, base: Path | None = None) -> str:
    """The last line of an error report, with the check's folder ``base`` left out of paths."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else "(no message)"
    return last.replace(str(base) + os.sep, base.name + "/") if base is not None else last


def exercise(title: str, hint: str = "") -> Callable[[Callable[..., Any]], Callable[..., Feedback]]:
    """Turn ``checker(*answers)`` into a check that always returns :class:`Feedback`.

    The checker raises :class:`Wrong` (or :class:`coursekit.CourseError`) for a
    wrong answer and returns ``None`` or a short sentence of praise when right.
    An answer left as ``...`` (Ellipsis), or a checker that raises :class:`NotAnswered`
    (see :func:`read_answer`), is reported as "not answered yet".
    """

    def decorate(checker: Callable[..., Any]) -> Callable[..., Feedback]:
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
                    f"❌ {title}: checking your answer raised "
                    f"{type(exc).__name__}: {clip(str(exc))}" + (f"\n💡 Hint: {hint}" if hint else ""),
                )
            return Feedback(True, f"✅ {title}: correct!" + (f" {praise}" if praise else ""))

        check.title = title  # type: ignore[attr-defined]
        return check

    return decorate


def call(
    fn: Callable[..., Any],
    *args: Any,
    what: str = "your function",
    capture: bool = False,
    time_limit: float | None = None,
    **kwargs: Any,
) -> Any:
    """Run the learner's ``fn(*args, **kwargs)``; turn its failures into :class:`Wrong`.

    With ``capture=True`` return ``(result, printed_text)``. A call that runs
    longer than ``time_limit`` seconds (default :data:`TIME_LIMIT`) is stopped (in
    the main thread, where notebook cells run) and reported as a probable endless loop.
    """
    expect_callable(fn, what)
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    out = io.StringIO()
    # Only the main thread can be interrupted; elsewhere (a widget callback's thread) no limit.
    in_main = threading.current_thread() is threading.main_thread()
    watchdog = Watchdog(time_limit) if in_main else contextlib.nullcontext()
    try:
        with watchdog, contextlib.redirect_stdout(out):
            result = fn(*args, **kwargs)
    except KeyboardInterrupt:
        if getattr(watchdog, "fired", False):
            raise Wrong(
                f"{what} was still running after {time_limit:g} seconds; is there a loop that never ends?"
            ) from None
        raise  # the learner pressed Ctrl+C or interrupted the kernel: let it stop the cell
    except Exception as exc:
        raise Wrong(f"{what} raised {type(exc).__name__}: {exc}") from None
    return (result, out.getvalue()) if capture else result


def expect_callable(value: Any, what: str = "your answer") -> None:
    """Raise :class:`Wrong` unless ``value`` can be called."""
    if not callable(value):
        raise Wrong(
            f"{what} should be a function, but it is {_describe(value)}.",
            hint="define it with `def name(...):` and pass the name without parentheses.",
        )


def expect_type(value: Any, expected: type | tuple[type, ...], what: str = "your answer") -> None:
    """Raise :class:`Wrong` unless ``isinstance(value, expected)``.

    >>> expect_type("3", int, "the count")
    Traceback (most recent call last):
    ...
    coursekit.checks.Wrong: the count should be an int, but it is a str ('3').
    """
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise Wrong(f"{what} should be {_article(names)} {names}, but it is {_describe(value)}.")


def expect_equal(actual: Any, expected: Any, what: str = "your answer") -> None:
    """Raise :class:`Wrong` unless ``actual == expected`` (same type first)."""
    if type(actual) is not type(expected) and not (
        isinstance(actual, (int, float)) and isinstance(expected, (int, float))
    ):
        expect_type(actual, type(expected), what)
    if actual != expected:
        raise Wrong(f"{what} is {_short(actual)}, but it should be {_short(expected)}.")


def clip(text: str, limit: int = 500) -> str:
    """Keep a message readable when it quotes a huge answer: cut out its middle.

    >>> clip("a" * 10 + "b" * 10, limit=12)
    'aaaaa … bbbbb'
    """
    if len(text) <= limit:
        return text
    keep = (limit - 2) // 2
    return f"{text[:keep]} … {text[-keep:]}"


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    name = type(value).__name__
    if value is None:
        return "None (did you forget a `return`?)"
    return f"{_article(name)} {name} ({_short(value, 40)})"
