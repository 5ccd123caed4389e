"""Exercise checks and widget logic of notebook 2, *Editing a module while it runs*: the checks run the
learner's files (in ``workspace/02_reloading_modules/``) in a fresh Python; exercise 1 also looks at the
module object the learner's kernel holds."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.checks import Wrong, answer_file, call, compile_answer, exercise, expect_type, output_of, read_answer
from coursekit.ui import never_raises

__all__ = ["check_new_price", "check_visit_counter", "reload_experiment", "METHODS", "BINDINGS", "NOTEBOOK"]

NOTEBOOK = "02_reloading_modules"
TIMEOUT = 10.0  # seconds a learner's module may run in a fresh Python


def _printed(path: Path, code: str, what: str) -> list[str]:
    """Check the learner's file ``path``, run ``code`` beside it in a fresh Python; the values it printed after @@."""
    compile_answer(read_answer(path, path.name), path.name)
    printed = output_of(["-c", code], path.parent, what, timeout=TIMEOUT)
    return [line[2:] for line in printed.splitlines() if line.startswith("@@")]


@exercise(
    "The new price",
    hint="Rewrite the whole file with `%%writefile shopping.py` (PRICE = 12), then "
    "`reloaded = importlib.reload(shopping)`.",
)
def check_new_price(reloaded):
    """Exercise 1: ``shopping.py`` says ``PRICE = 12`` and ``reloaded`` is the kernel's module after it ran it."""
    if isinstance(reloaded, dict):
        raise Wrong(
            "that is a dict of names (what runpy returns), not a module: `import shopping` in this "
            "kernel still gives the old module.",
            hint="`reloaded = importlib.reload(shopping)` runs the file again inside the module object.",
        )
    expect_type(reloaded, types.ModuleType, "reloaded (the module, run again)")
    if reloaded.__name__ != "shopping":
        raise Wrong(f"reloaded is the module {reloaded.__name__!r}; pass the module shopping.")
    code = "import shopping\nprint('@@' + repr(shopping.PRICE))\nprint('@@' + repr(shopping.total(2)))"
    path = workspace.folder(NOTEBOOK) / "shopping.py"
    price, total = (_printed(path, code, "`import shopping` then `shopping.total(2)`") + ["?", "?"])[:2]
    if price != "12":
        raise Wrong(f"in a fresh Python, shopping.PRICE is {price}; the new price should be 12.")
    if total != "24":
        raise Wrong(f"in a fresh Python, shopping.total(2) returns {total}; with PRICE = 12 it should be 24.")
    if getattr(reloaded, "PRICE", None) != 12:  # the file is right; now the module object this kernel holds
        raise Wrong(
            f"your file is right, but the module you passed still has PRICE = {getattr(reloaded, 'PRICE', None)!r}: "
            "this kernel has not run the new file (a module runs once per process).",
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


VISITS_SCRIPT = """\
import importlib, sys
import visits
show = lambda: print("@@" + repr(getattr(visits, "COUNT", "missing")))
show()
importlib.reload(visits)
show()
importlib.reload(visits)
show()
del sys.modules["visits"]
import visits
show()
"""


@exercise(
    "A module that counts its runs",
    hint="A reload runs the file again in the same namespace, so the old COUNT is still there: "
    'read it before you set it, e.g. `COUNT = globals().get("COUNT", 0) + 1`.',
)
def check_visit_counter(file_name):
    """Exercise 2: the module ``file_name`` keeps ``COUNT`` (its runs in this module object) across reloads."""
    path = answer_file(workspace.folder(NOTEBOOK), file_name, "visits.py")
    m = path.stem
    counts = _printed(path, VISITS_SCRIPT.replace("visits", m), f"importing and reloading {m}")
    if len(counts) != 4:
        raise Wrong(f"the test script did not get to the end: does {path.name} call sys.exit()?")
    if counts[0] == "'missing'":
        raise Wrong(f"{path.name} defines no COUNT: after `import {m}`, {m}.COUNT does not exist.")
    if counts[0] != "1":
        raise Wrong(f"right after the first `import {m}`, COUNT is {counts[0]}; it should be 1.")
    if counts[1:3] == ["1", "1"]:
        raise Wrong(
            f"COUNT stays 1 after importlib.reload({m}): your file sets it afresh each time it runs. "
            "But a reload runs it in the same namespace, where the old COUNT still is."
        )
    if counts[1:3] != ["2", "3"]:
        raise Wrong(f"after one and two reloads COUNT is {counts[1]} and {counts[2]}; it should be 2 and 3.")
    if counts[3] != "1":
        raise Wrong(
            f"after `del sys.modules[{m!r}]` and a new `import {m}`, COUNT is {counts[3]}; a new module object "
            "starts with an empty namespace, so it should be 1 again. Keep the count in the module's namespace only."
        )
    return "reload re-runs the file in the same namespace; a new import starts from nothing."


#: The widget's ways to run the module again, and to bind the learner's name before the edit: {choice: code}.
METHODS = {
    "reload": "importlib.reload(tool)",
    "del sys.modules": 'del sys.modules["tool"]\nimport tool',
    "runpy.run_path": 'ns = runpy.run_path("tool.py")',
    "runpy.run_module": 'ns = runpy.run_module("tool")',
}
BINDINGS = {"import": "import tool", "from": "from tool import greet"}
CACHED = "sys.modules['tool']"

TOOL = 'print("tool.py runs: version {0}")\nVERSION = {0}\n\n\ndef greet():\n    return "hello from version {0}"\n'
OLD_HELPER = '\n\ndef old_helper():\n    return "I exist only in version 1"\n'

_EXPERIMENT = """\
import importlib, json, runpy, sys
from pathlib import Path
{binding}
first, ns = sys.modules["tool"], None
print("▶ (tool.py is rewritten: version 2, without old_helper)")
Path("tool.py").write_text({v2!r}, encoding="utf-8")
print({shown!r})
{method}
now = sys.modules.get("tool")
print("@@" + json.dumps({{"yours": {call}, "same": now is first, "version": getattr(now, "VERSION", None),
    "leftover": hasattr(now, "old_helper"), "ns": ns and [ns.get("VERSION"), ns.get("__name__")]}}))
"""


def _choice(value: object, options: dict, what: str) -> str:
    if isinstance(value, str) and value.strip() in options:
        return value.strip()
    raise CourseError(f"{value!r} is not a {what}: pick one of {', '.join(options)}.")


@never_raises
def reload_experiment(base: Path, method: str = "reload", binding: str = "import") -> str:
    """Bind a name to module ``tool`` (a key of :data:`BINDINGS`), rewrite ``tool.py``, run it again (a key of
    :data:`METHODS`), in a fresh Python below ``base``; report which objects you then have."""
    method = _choice(method, METHODS, "way to run the module again")
    binding = _choice(binding, BINDINGS, "way to bind the name")
    folder = workspace.fresh_folder(base, "reload_lab")
    workspace.write_text(folder, "tool.py", TOOL.format(1) + OLD_HELPER)
    yours = "tool.greet()" if binding == "import" else "greet()"
    code = METHODS[method]
    if binding == "from":  # the name tool is not bound: reach the module through the cache
        code = code.replace("reload(tool)", 'reload(sys.modules["tool"])')
    shown = "\n".join("▶ " + line for line in code.splitlines())
    script = _EXPERIMENT.format(binding=BINDINGS[binding], v2=TOOL.format(2), shown=shown, method=code, call=yours)
    run = packages.run_python(["-c", script], cwd=folder, timeout=TIMEOUT)
    lines = run.stdout.splitlines()
    if not run.ok or not lines[-1:] or not lines[-1].startswith("@@"):
        raise CourseError("The experiment failed: " + (run.stderr.strip().splitlines() or ["no output"])[-1])
    facts = json.loads(lines.pop()[2:])
    new = "✓ the new code" if facts["yours"].endswith("version 2") else "✗ still the old function"
    lines = ["▶ " + BINDINGS[binding], *lines, f"{yours:<30}→ {facts['yours']!r}   {new}"]
    if not facts["same"]:
        kind = "a NEW module object: VERSION = {} (the old one, VERSION = 1, lives on wherever a name still holds it)"
    else:
        kind = (
            "the same module object as before, run again: VERSION = {}"
            if method == "reload"
            else "untouched: VERSION = {}"
        )
    lines.append(f"{CACHED:<30}→ " + kind.format(facts["version"]))
    if facts["ns"]:
        lines.append(
            f"{'ns (what runpy returned)':<30}→ a dict of the new names: VERSION = {facts['ns'][0]}, "
            f"__name__ = {facts['ns'][1]!r}, no module object, nothing cached"
        )
    why = (
        "reload does not remove names the new file no longer defines"
        if method == "reload"
        else "it is still the old module"
    )
    leftover = f"yes: {why}" if facts["leftover"] else "no: a new module starts with an empty namespace"
    return "\n".join([*lines, f"{'old_helper in that module?':<30}→ {leftover}"])
