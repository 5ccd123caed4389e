"""What the browser edition (JupyterLite, Pyodide) adds so that the course's lessons run in a tab.

A browser tab has one Python, already running, and no terminal: it cannot start a second
Python process. ``tools/build_lite.py`` copies this file next to the notebooks of the site,
and the first cell of every browser notebook imports it. It then:

- gives a ``%python`` line magic (and ``%python_output`` for ``lines = !python ...``), which the
  browser notebooks use where the JupyterLab ones have ``!python ...``: the program runs
  *in this tab's Python*, as a fresh interpreter would see it: its own ``__main__``, ``sys.argv``
  and ``sys.path`` (script folder or working folder first, then ``PYTHONPATH``), and a module
  cache holding only what a new interpreter starts with. Everything is put back afterwards,
  as if the process had ended;
- lets ``subprocess.run([sys.executable, ...])`` do the same (the lessons' own cells and the
  exercise checks use it), returning a real ``subprocess.CompletedProcess``;
- clears the import system's folder caches after every cell (``importlib.invalidate_caches()``):
  the browser's notebook folder reports no modification times, so a module written by a cell
  would otherwise stay invisible to ``import``;
- gives ``%%error_expected``, which starts the cells that fail on purpose (tagged
  ``raises-exception``): JupyterLite's Run All would stop at them;
- gives Pyodide's ``sysconfig`` paths one leading slash (``//lib/...`` becomes ``/lib/...``);
- keeps the checks' time limits for endless loops without the second thread they use in
  JupyterLab (a browser tab's Python has none): a trace function looks at the clock on every line
  of Python the learner's code runs, and stops it when the time is up (:func:`stopwatch`).

What it cannot do: start Python with other switches (``-S``, ``-X frozen_modules=off``): the
browser notebooks show those commands as text to try in a terminal.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import runpy
import shlex
import subprocess
import sys
import time
import traceback
import types
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent
WORKSPACE = "/tmp/workspace"

#: What ``python -c "import sys; print(sorted(sys.modules))"`` lists in a new CPython 3.14: the
#: modules the interpreter imports before it runs a program. A browser "fresh interpreter" keeps
#: these (and the built-in ones); every other module is imported anew, as in a new process.
STARTUP_MODULES = frozenset(
    """__main__ _abc _codecs _collections_abc _frozen_importlib _frozen_importlib_external _imp _io
    _signal _sitebuiltins _stat _thread _warnings _weakref abc builtins codecs encodings
    encodings.aliases encodings.utf_8 genericpath io marshal os os.path posix posixpath site stat
    sys time zipimport""".split()
)
#: The switches a browser "fresh interpreter" understands (besides -c and -m); any other one
#: (-S, -X ...) needs a real process.
SWITCHES = ("-P", "-B", "-E", "-I", "-s", "-u", "-q")

_original_run = subprocess.run


class NeedsATerminal(Exception):
    """The command starts Python in a way a browser tab cannot (another switch, another program)."""


def _base_path() -> list[str]:
    """The standard library and site-packages entries of ``sys.path`` (what every Python has),
    then the folder holding ``coursekit`` (installed in the full course, a folder here)."""
    entries = [p for p in sys.path if p and (p.endswith(".zip") or "python3" in p or "site-packages" in p)]
    return [*dict.fromkeys(entries), str(NOTEBOOKS)]


def _parse(argv: list[str]) -> tuple[str, str | None, list[str], set[str]]:
    """``python`` arguments -> (kind "c" | "m" | "file", target, rest of argv, switches).

    The switches understood: ``-P`` (no script folder on ``sys.path``), ``-B`` (no bytecode),
    ``-E`` (no ``PYTHON*`` variables), ``-I`` (both), ``-W ACTION`` (a warnings filter, kept in
    ``switches`` as ``-W:ACTION``), and ``-s``, ``-u``, ``-q`` (nothing to do here)."""
    switches: set[str] = set()
    args = list(argv)
    while args and args[0].startswith("-") and args[0] != "-":
        flag = args.pop(0)
        if flag.startswith("-W"):
            action = flag[2:] or (args.pop(0) if args else "")
            switches.add(f"-W:{_warning_action(action)}")
            continue
        if flag in ("-c", "-m"):
            if not args:
                raise NeedsATerminal(f"`python {flag}` needs an argument")
            return flag[1], args[0], args[1:], switches
        if len(flag) > 2 and flag[1] != "-" and all(f"-{c}" in SWITCHES for c in flag[1:]):
            switches |= {f"-{c}" for c in flag[1:]}  # -BP is -B -P
        elif flag in SWITCHES:
            switches.add(flag)
        else:
            raise NeedsATerminal(f"the switch {flag} needs a separate Python process")
    if not args:
        raise NeedsATerminal("an interactive Python needs a terminal")
    return "file", args[0], args[1:], switches


def _warning_action(option: str) -> str:
    """The action of a ``-W`` or ``PYTHONWARNINGS`` option that names only an action (``ignore``)."""
    if option not in ("default", "error", "ignore", "always", "all", "module", "once"):
        raise NeedsATerminal(f"the warnings option -W {option!r} needs a separate Python process")
    return option


def _name_the_shadow(exc: BaseException, first: str | None) -> None:
    """Give a missing module attribute the hint CPython 3.13+ adds when a file in the program's
    own folder (``sys.path[0]``) hides a standard module. (Pyodide, an embedded Python, has no
    such folder and never adds it; a fresh ``python`` does.)"""
    module = getattr(exc, "obj", None)
    if not isinstance(exc, AttributeError) or not isinstance(module, types.ModuleType) or first is None:
        return
    origin = getattr(getattr(module, "__spec__", None), "origin", None)
    name = module.__name__
    if not origin or name not in sys.stdlib_module_names or not exc.args:
        return
    folder = os.path.dirname(origin.removesuffix(os.sep + "__init__.py"))
    if os.path.abspath(first or os.getcwd()) == folder and "consider renaming" not in str(exc):
        exc.args = (
            f"{exc.args[0]} (consider renaming {origin!r} since it has the same name as the standard "
            f"library module named {name!r} and the import system gives it precedence)",
        )


def _trimmed_traceback(exc: BaseException) -> str:
    """The traceback a real ``python`` prints: without this file's and runpy's frames."""
    tb = exc.__traceback__
    while tb is not None and (tb.tb_frame.f_code.co_filename in (__file__, runpy.__file__)):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def run_fresh(
    argv: list[str], cwd: str | os.PathLike | None = None, env: dict | None = None, capture: bool = False
) -> tuple[int, str, str]:
    """Run ``python *argv`` as a fresh interpreter would, inside this Python; return
    ``(returncode, stdout, stderr)`` (the outputs are empty unless ``capture``)."""
    kind, target, rest, switches = _parse(argv)
    env = dict(os.environ if env is None else env)
    isolated = bool(switches & {"-E", "-I"})
    options = {} if isolated else env  # where the PYTHON* variables are read from
    safe_path = bool(switches & {"-P", "-I"}) or bool(options.get("PYTHONSAFEPATH"))
    saved_modules = dict(sys.modules)
    saved = (list(sys.path), list(sys.argv), os.getcwd(), dict(os.environ), sys.dont_write_bytecode)
    out, err = (io.StringIO(), io.StringIO()) if capture else (sys.stdout, sys.stderr)
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.dont_write_bytecode = True  # as the kernel itself: bytecode caches would only slow the tab down
        first = {"c": "", "m": os.getcwd(), "file": os.path.dirname(os.path.abspath(target))}[kind]
        pythonpath = [p for p in options.get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[:] = [*([] if safe_path else [first]), *map(os.path.abspath, pythonpath), *_base_path()]
        importlib.invalidate_caches()  # before the modules go: it imports importlib.metadata
        for name in list(sys.modules):
            if name not in STARTUP_MODULES and name not in sys.builtin_module_names:
                del sys.modules[name]
        main = types.ModuleType("__main__")
        sys.modules["__main__"] = main
        actions = [_warning_action(o) for o in options.get("PYTHONWARNINGS", "").split(",") if o]
        actions += sorted(switch[3:] for switch in switches if switch.startswith("-W:"))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            import warnings

            with warnings.catch_warnings():
                for action in actions:  # as `python -W ACTION` sets them up, later ones first
                    warnings.simplefilter(action)
                try:
                    if kind == "c":
                        sys.argv[:] = ["-c", *rest]
                        exec(compile(target, "<string>", "exec"), main.__dict__)
                    elif kind == "m":
                        sys.argv[:] = ["-m", *rest]
                        runpy.run_module(target, run_name="__main__", alter_sys=True)
                    else:
                        sys.argv[:] = [target, *rest]
                        runpy.run_path(target, run_name="__main__")
                except SystemExit as exc:
                    if exc.code is None:
                        code = 0
                    elif isinstance(exc.code, int):
                        code = exc.code
                    else:
                        print(exc.code, file=sys.stderr)
                        code = 1
                except Exception as exc:
                    _name_the_shadow(exc, None if safe_path else first)
                    print(_trimmed_traceback(exc), end="", file=sys.stderr)
                    code = 1
    finally:
        sys.modules.clear()
        sys.modules.update(saved_modules)
        sys.path[:], sys.argv[:] = saved[0], saved[1]
        os.chdir(saved[2])
        os.environ.clear()
        os.environ.update(saved[3])
        sys.dont_write_bytecode = saved[4]
        importlib.invalidate_caches()
    if capture:
        return code, out.getvalue(), err.getvalue()
    return code, "", ""


def _is_python(program: object) -> bool:
    name = os.path.basename(str(program))
    return program == sys.executable or name in ("python", "python3", "") or name.startswith("python3.")


def run(args, *, cwd=None, env=None, capture_output=False, text=None, check=False, timeout=None, **kwargs):
    """``subprocess.run`` for ``[sys.executable, ...]``: the program runs as in :func:`run_fresh`;
    past ``timeout`` seconds it is stopped (:func:`stopwatch`) and ``TimeoutExpired`` raised."""
    if isinstance(args, (str, bytes)) or not args or not _is_python(args[0]):
        raise FileNotFoundError(
            f"the browser edition runs no other programs: {args!r} (it can only run Python programs)"
        )
    wanted = capture_output or kwargs.get("stdout") is subprocess.PIPE
    text = text or kwargs.get("universal_newlines") or bool(kwargs.get("encoding"))
    try:
        with stopwatch(timeout):
            code, out, err = run_fresh([str(a) for a in args[1:]], cwd=cwd, env=env, capture=wanted)
    except OutOfTime:
        raise subprocess.TimeoutExpired(list(args), timeout) from None
    if wanted and kwargs.get("stderr") is subprocess.STDOUT:
        out, err = out + err, ""
    if wanted and not text:
        out, err = out.encode(), err.encode()
    done = subprocess.CompletedProcess(list(args), code, out if wanted else None, err if wanted else None)
    if check:
        done.check_returncode()
    return done


def _command(line: str) -> list[str]:
    return shlex.split(line)


def python_magic(line: str) -> None:
    """``%python ARGS``: what ``!python ARGS`` does in a terminal, in this tab's Python."""
    try:
        run_fresh(_command(line))
    except NeedsATerminal as exc:
        print(f"This command needs a terminal ({exc}): python {line}")


def python_output_magic(line: str) -> list[str]:
    """``lines = %python_output ARGS``: what ``lines = !python ARGS`` keeps: the printed lines."""
    _, out, err = run_fresh(_command(line), capture=True)
    return (out + err).splitlines()


def error_expected_magic(line: str, cell: str) -> None:
    """``%%error_expected``: run the cell, show its error as usual, and let Run All go on.

    JupyterLite stops Run All at the first cell whose reply is an error, even in a cell tagged
    ``raises-exception`` (which JupyterLab runs past): the lessons' cells that fail on purpose
    start with this magic in the browser edition."""
    ip = get_ipython()  # noqa: F821 (defined in a notebook's kernel)
    ip.run_cell(cell)
    failed = getattr(ip, "_last_traceback", None)
    if failed is not None:  # show the traceback as the cell's error text; the reply then says "ok"
        ip._last_traceback = None
        print("\n".join(failed["traceback"]), file=sys.stderr)


def _single_slash_paths() -> None:
    """Pyodide's ``sysconfig`` builds its paths from the prefix ``/`` as ``//lib/python3.14/...``;
    a leading ``//`` is a root of its own to ``pathlib`` (``relative_to(sys.prefix)`` fails).
    Give them the one slash that ``sys.path`` and every module's ``__file__`` have."""
    import sysconfig

    if getattr(sysconfig.get_paths, "_browser_edition", False):
        return
    get_paths, get_path = sysconfig.get_paths, sysconfig.get_path

    def tidy(path):
        return "/" + path.lstrip("/") if isinstance(path, str) and path.startswith("//") else path

    def paths(*args, **kwargs):
        return {key: tidy(value) for key, value in get_paths(*args, **kwargs).items()}

    def path(*args, **kwargs):
        return tidy(get_path(*args, **kwargs))

    paths._browser_edition = True
    sysconfig.get_paths, sysconfig.get_path = paths, path


class OutOfTime(BaseException):
    """Raised inside the learner's code when its time is up (a BaseException, as KeyboardInterrupt
    is, so that no ``except Exception`` in the learner's code can swallow it)."""


@contextlib.contextmanager
def stopwatch(seconds: float | None):
    """Stop the Python code run inside after ``seconds`` (``None``: no limit), with no second
    thread: a trace function reads the clock at every call and on every line of code outside the
    standard library, and raises :class:`OutOfTime` once the time is up. A loop inside C code
    (``sum(itertools.count())``) is not stopped; every loop a lesson or an exercise meets is Python."""
    if seconds is None:
        yield
        return
    deadline = time.monotonic() + seconds
    stdlib = os.path.dirname(contextlib.__file__)  # os may be frozen; contextlib is a file

    def trace(frame, event, arg):
        if time.monotonic() > deadline:
            raise OutOfTime
        return None if frame.f_code.co_filename.startswith(stdlib) else trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        yield
    finally:
        sys.settrace(previous)


class Watchdog:
    """What the checks' ``Watchdog`` does in JupyterLab (stop a call after ``seconds``, raising
    KeyboardInterrupt, with ``fired`` set), done with :func:`stopwatch` instead of a thread."""

    def __init__(self, seconds: float):
        self.seconds, self.fired = seconds, False

    def __enter__(self) -> Watchdog:
        self._watch = stopwatch(self.seconds)
        self._watch.__enter__()
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self._watch.__exit__(None, None, None)
        if kind is OutOfTime:
            self.fired = True
            raise KeyboardInterrupt from None


def _browser_watchdog() -> None:
    try:
        from coursekit import checks
    except ImportError:
        return
    checks.Watchdog = Watchdog


def install() -> None:
    """Set up the browser edition in this kernel (safe to call again)."""
    # Files in the notebook folder go through the browser's storage, one request each; the
    # scratch workspace lives in the tab's memory instead (fast, and gone with the tab: every
    # notebook empties its own folder when it starts anyway). No bytecode caches either.
    os.environ.setdefault("COURSE_WORKSPACE", WORKSPACE)
    sys.dont_write_bytecode = True
    if str(NOTEBOOKS) not in sys.path:
        sys.path.append(str(NOTEBOOKS))
    if "" not in sys.path:
        sys.path.insert(0, "")
    subprocess.run = run
    _single_slash_paths()
    _browser_watchdog()
    try:
        ip = get_ipython()  # noqa: F821 (defined in a notebook's kernel)
    except NameError:
        return
    ip.register_magic_function(python_magic, "line", "python")
    ip.register_magic_function(python_output_magic, "line", "python_output")
    ip.register_magic_function(error_expected_magic, "cell", "error_expected")
    if not getattr(ip, "_browser_edition_hook", False):
        ip.events.register("post_run_cell", lambda *_: importlib.invalidate_caches())
        ip.events.register("pre_run_cell", lambda *_: importlib.invalidate_caches())
        ip._browser_edition_hook = True


install()
