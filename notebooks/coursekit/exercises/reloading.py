"""Exercise checks and the widget logic of notebook 2, *Editing a module while it runs*.

The checks read the files the learner wrote with ``%%writefile`` in the notebook's own
workspace folder (``workspace/02_reloading_modules/``) and run them in a fresh Python
process, the way ``!python -c "..."`` would; the first exercise also looks at the module
object the learner's kernel holds. A file that still holds only the placeholder comment
counts as "not answered yet".

>>> print(check_new_price(...))
⏳ The new price: not answered yet. Replace the ... with your answer and run the cell again.
>>> print(reload_experiment(workspace.reset("doctest_reloading"), "reload", "from"))
▶ from tool import greet
tool.py runs: version 1
▶ (tool.py is rewritten: version 2, without old_helper)
▶ importlib.reload(sys.modules["tool"])
tool.py runs: version 2
greet()                       → 'hello from version 1'   ✗ still the old function
sys.modules['tool']           → the same module object as before, run again: VERSION = 2
old_helper in that module?    → yes: reload does not remove names the new file no longer defines
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import types
from pathlib import Path

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, call, exercise, expect_type
from coursekit.ui import never_raises

__all__ = ["check_new_price", "check_visit_counter", "reload_experiment", "METHODS", "BINDINGS", "NOTEBOOK"]

#: The notebook whose workspace folder holds the learner's files.
NOTEBOOK = "02_reloading_modules"

#: Seconds a learner's module may run in a fresh interpreter before we call it a loop.
RUN_LIMIT = 10.0


# --------------------------------------------------------------------------------------
# Reading and running the learner's files


def _folder() -> Path:
    return workspace.folder(NOTEBOOK)


def _is_placeholder(text: str) -> bool:
    """A file that holds only comments and blank lines: the exercise's starting cell."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and all(line.startswith("#") for line in lines)


def _answer(name: object, suffix: str = ".py"):
    """The learner's file ``name`` in the notebook's folder: ``...`` while it still holds only the
    placeholder comment, else its path (which may not exist). A name that is not a plain
    ``something.py`` file name raises :class:`Wrong`."""
    if (
        not isinstance(name, str)
        or len(name) > workspace.MAX_NAME
        or not name.endswith(suffix)
        or not name[: -len(suffix)].isidentifier()
    ):
        raise Wrong(
            f"give the name of the file you wrote, like 'visits.py', not {_short(name)}.",
            hint="the file name as in your %%writefile line, in quotes.",
        )
    path = _folder() / name
    if path.is_file() and _is_placeholder(path.read_text(encoding="utf-8", errors="replace")):
        return ...
    return path


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _read_source(path: Path) -> str:
    if not path.is_file():
        raise Wrong(
            f"there is no file {path.name} in {workspace.rel(path.parent)}: run your `%%writefile {path.name}` cell.",
            hint="the %%writefile line must be the first line of its cell.",
        )
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        ast.parse(source, filename=path.name)
    except SyntaxError as exc:
        raise Wrong(f"{path.name} is not valid Python: {exc.msg} (line {exc.lineno}).") from None
    return source


def _run_fresh(code: str, what: str) -> list[str]:
    """Run ``python -B -c code`` in the notebook's folder; return stdout's lines, or raise Wrong."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    try:
        done = subprocess.run(
            [sys.executable, "-B", "-c", code],
            cwd=_folder(),
            capture_output=True,
            text=True,
            timeout=RUN_LIMIT,
            env={**env, "PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired:
        raise Wrong(f"{what} ran for more than {RUN_LIMIT:g} s: is there an endless loop?") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no error message"])[-1]
        raise Wrong(f"{what} failed in a fresh Python: {last}")
    return done.stdout.splitlines()


def _marked(lines: list[str], marker: str) -> list[str]:
    return [line[len(marker) :] for line in lines if line.startswith(marker)]


# --------------------------------------------------------------------------------------
# Exercise 1: the new price


@exercise(
    "The new price",
    hint="Rewrite the whole file with `%%writefile shopping.py` (PRICE = 12), then "
    "`reloaded = importlib.reload(shopping)`.",
)
def _check_new_price(path: Path, reloaded) -> str:
    if path.is_file() and _is_placeholder(path.read_text(encoding="utf-8", errors="replace")):
        raise Wrong("shopping.py still holds only the placeholder comment: write the new file in its cell.")
    _read_source(path)
    marker = "@@"
    lines = _run_fresh(
        f"import shopping\nprint({marker!r}, repr(shopping.PRICE), sep='')\n"
        f"print({marker!r}, repr(shopping.total(2)), sep='')",
        "`import shopping` then `shopping.total(2)`",
    )
    price, total = (_marked(lines, marker) + ["?", "?"])[:2]
    if price != "12":
        raise Wrong(f"in a fresh Python, shopping.PRICE is {price}; the new price should be 12.")
    if total != "24":
        raise Wrong(f"in a fresh Python, shopping.total(2) returns {total}; with PRICE = 12 it should be 24.")
    # The file is right; now the module object this kernel holds.
    if isinstance(reloaded, dict):
        raise Wrong(
            "that is a dict of names (what runpy returns), not a module: `import shopping` in this "
            "kernel still gives the old module.",
            hint="`reloaded = importlib.reload(shopping)` runs the file again inside the module object.",
        )
    expect_type(reloaded, types.ModuleType, "reloaded (the module, run again)")
    if reloaded.__name__ != "shopping":
        raise Wrong(f"reloaded is the module {reloaded.__name__!r}; pass the module shopping.")
    current = getattr(reloaded, "PRICE", None)
    if current != 12:
        raise Wrong(
            f"your file is right, but the module you passed still has PRICE = {current!r}: this kernel "
            "has not run the new file (a module runs once per process).",
            hint="`reloaded = importlib.reload(shopping)`, or `del sys.modules['shopping']`, then "
            "`import shopping` and `reloaded = shopping`.",
        )
    if sys.modules.get("shopping") is not reloaded:
        raise Wrong(
            "the module you passed has the new price, but `import shopping` in this kernel gives "
            "another module object: put yours in sys.modules (importlib.reload does)."
        )
    got = call(reloaded.total, 2, what="reloaded.total(2)")
    if got != 24:
        raise Wrong(f"reloaded.total(2) returns {got!r}, it should be 24.")
    return "The kernel now runs the new file: no restart needed."


def check_new_price(reloaded) -> object:
    """Exercise 1: ``shopping.py`` says ``PRICE = 12``, and ``reloaded`` is the kernel's module
    ``shopping`` after it ran the new file (``importlib.reload`` or a new import)."""
    return _check_new_price(_folder() / "shopping.py", reloaded)


# --------------------------------------------------------------------------------------
# Exercise 2: a module that counts its runs

VISITS_SCRIPT = """\
import importlib, sys
import visits
print("@@", repr(getattr(visits, "COUNT", "missing")), sep="")
importlib.reload(visits)
print("@@", repr(getattr(visits, "COUNT", "missing")), sep="")
importlib.reload(visits)
print("@@", repr(getattr(visits, "COUNT", "missing")), sep="")
del sys.modules["visits"]
import visits
print("@@", repr(getattr(visits, "COUNT", "missing")), sep="")
"""


@exercise(
    "A module that counts its runs",
    hint="A reload runs the file again in the same namespace, so the old COUNT is still there: "
    'read it before you set it, e.g. `COUNT = globals().get("COUNT", 0) + 1`.',
)
def _check_visits(path: Path) -> str:
    _read_source(path)
    script = VISITS_SCRIPT.replace("visits", path.stem)
    counts = _marked(_run_fresh(script, f"importing and reloading {path.stem}"), "@@")
    if len(counts) != 4:
        raise Wrong(f"the test script did not get to the end: does {path.name} call sys.exit()?")
    if counts[0] == "'missing'":
        raise Wrong(f"{path.name} defines no COUNT: after `import {path.stem}`, {path.stem}.COUNT does not exist.")
    if counts[0] != "1":
        raise Wrong(f"right after the first `import {path.stem}`, COUNT is {counts[0]}; it should be 1.")
    if counts[1:3] == ["1", "1"]:
        raise Wrong(
            f"COUNT stays 1 after importlib.reload({path.stem}): your file sets it afresh each time it runs. "
            "But a reload runs it in the same namespace, where the old COUNT still is."
        )
    if counts[1:3] != ["2", "3"]:
        raise Wrong(f"after one and two reloads COUNT is {counts[1]} and {counts[2]}; it should be 2 and 3.")
    if counts[3] != "1":
        raise Wrong(
            f"after `del sys.modules[{path.stem!r}]` and a new `import {path.stem}`, COUNT is {counts[3]}; a new "
            "module object starts with an empty namespace, so it should be 1 again. Keep the count "
            "in the module's own namespace only."
        )
    return "reload re-runs the file in the same namespace; a new import starts from nothing."


@exercise("A module that counts its runs")
def _bad_file_name(name) -> None:
    _answer(name)


def check_visit_counter(file_name) -> object:
    """Exercise 2: the module ``file_name`` (``"visits.py"``) keeps ``COUNT`` (how often the file
    ran in this module object) across reloads; a new module object starts at 1."""
    try:
        answer = _answer(file_name)
    except Wrong:
        return _bad_file_name(file_name)
    return _check_visits(answer)


# --------------------------------------------------------------------------------------
# The widget: which object do you get when you run a module again?

#: The ways to run the module again, as the widget offers them: {choice: code}.
METHODS = {
    "reload": "importlib.reload(tool)",
    "del sys.modules": 'del sys.modules["tool"]\nimport tool',
    "runpy.run_path": 'ns = runpy.run_path("tool.py")',
    "runpy.run_module": 'ns = runpy.run_module("tool")',
}
#: How the learner's name was bound before the edit: {choice: code}.
BINDINGS = {"import": "import tool", "from": "from tool import greet"}

TOOL_V1 = """print("tool.py runs: version 1")
VERSION = 1


def greet():
    return "hello from version 1"


def old_helper():
    return "I exist only in version 1"
"""
TOOL_V2 = """print("tool.py runs: version 2")
VERSION = 2


def greet():
    return "hello from version 2"
"""

_EXPERIMENT = """\
import importlib, json, runpy, sys
from pathlib import Path
{binding}
first = sys.modules["tool"]
print("@@step ▶ (tool.py is rewritten: version 2, without old_helper)")
Path("tool.py").write_text({v2!r}, encoding="utf-8")
for line in {method_lines!r}:
    print("@@step ▶ " + line)
ns = None
{method}
now = sys.modules.get("tool")
print("@@facts" + json.dumps({{
    "yours": {call},
    "same": now is first,
    "module_version": getattr(now, "VERSION", None),
    "first_version": first.VERSION,
    "leftover": hasattr(now, "old_helper"),
    "ns": None if ns is None else {{
        "VERSION": ns.get("VERSION"), "__name__": ns.get("__name__"), "old_helper": "old_helper" in ns,
    }},
}}))
"""


def _choice(value: object, options: dict, what: str) -> str:
    if isinstance(value, str) and value.strip() in options:
        return value.strip()
    raise CourseError(f"{value!r} is not a {what}: pick one of {', '.join(options)}.")


@never_raises
def reload_experiment(base: Path, method: str = "reload", binding: str = "import", *, timeout: float = 10) -> str:
    """Bind a name to module ``tool`` (``binding``), rewrite ``tool.py``, run it again (``method``),
    all in a fresh Python below ``base``; report which objects you then have.

    ``method`` is a key of :data:`METHODS`, ``binding`` a key of :data:`BINDINGS`.
    A choice that is not offered gives a :data:`coursekit.ui.WARNING` message.
    """
    method = _choice(method, METHODS, "way to run the module again")
    binding = _choice(binding, BINDINGS, "way to bind the name")
    folder = workspace.fresh_folder(base, "reload_lab")
    workspace.write_text(folder, "tool.py", TOOL_V1)
    yours = "tool.greet()" if binding == "import" else "greet()"
    code = METHODS[method]
    if binding == "from":  # the name tool is not bound: reach the module through the cache
        code = code.replace("reload(tool)", 'reload(sys.modules["tool"])')
    script = _EXPERIMENT.format(
        binding=BINDINGS[binding],
        v2=TOOL_V2,
        method=code,
        method_lines=code.splitlines(),
        call=yours,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    try:
        done = subprocess.run(
            [sys.executable, "-B", "-c", script],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**env, "PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired:
        raise CourseError(f"The experiment ran for more than {timeout:g} s; try again.") from None
    if done.returncode != 0 or "@@facts" not in done.stdout:
        raise CourseError("The experiment failed: " + (done.stderr.strip().splitlines() or ["no output"])[-1])
    lines = ["▶ " + BINDINGS[binding]]
    facts = {}
    for line in done.stdout.splitlines():
        if line.startswith("@@facts"):
            facts = json.loads(line[len("@@facts") :])
        elif line.startswith("@@step "):
            lines.append(line[len("@@step ") :])
        else:
            lines.append(line)
    new = facts["yours"].endswith("version 2")
    verdict = "✓ the new code" if new else "✗ still the old function"
    width, cached = 30, "sys.modules['tool']"
    lines.append(f"{yours:<{width}}→ {facts['yours']!r}   {verdict}")
    if facts["same"]:
        kind = "the same module object as before, run again" if method == "reload" else "untouched"
        lines.append(f"{cached:<{width}}→ {kind}: VERSION = {facts['module_version']}")
    else:
        lines.append(
            f"{cached:<{width}}→ a NEW module object: VERSION = {facts['module_version']} "
            f"(the old one, VERSION = {facts['first_version']}, lives on wherever a name still holds it)"
        )
    if facts["ns"] is not None:
        ns = facts["ns"]
        lines.append(
            f"{'ns (what runpy returned)':<{width}}→ a dict of the new names: VERSION = {ns['VERSION']}, "
            f"__name__ = {ns['__name__']!r}, no module object, nothing cached"
        )
    if facts["leftover"]:
        why = (
            "reload does not remove names the new file no longer defines"
            if method == "reload"
            else "it is still the old module"
        )
        lines.append(f"{'old_helper in that module?':<{width}}→ yes: {why}")
    else:
        lines.append(f"{'old_helper in that module?':<{width}}→ no: a new module starts with an empty namespace")
    return "\n".join(lines)
