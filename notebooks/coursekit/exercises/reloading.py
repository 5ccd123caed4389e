"""Exercise checks and widget of notebook 2, *Editing a module while it runs*: files run in a fresh Python."""

import json
import sys
import types
from pathlib import Path

from coursekit import CourseError, packages, workspace
from coursekit.checks import Wrong, answer_file, compile_answer, exercise, expect_type, output_of, read_answer
from coursekit.ui import never_raises

NOTEBOOK = "02_reloading_modules"
TIMEOUT = 10.0  # seconds a learner's module may run in a fresh Python


def _printed(path: Path, code: str, what: str) -> list[str]:
    """Check the learner's file ``path``, run ``code`` beside it in a fresh Python; the values it printed after @@."""
    compile_answer(read_answer(path, path.name), path.name)
    printed = output_of(["-c", code], path.parent, what, timeout=TIMEOUT)
    return [line[2:] for line in printed.splitlines() if line.startswith("@@")]


@exercise("The new price", hint="rewrite shopping.py with PRICE = 12, then `reloaded = importlib.reload(shopping)`.")
def check_new_price(reloaded):
    """Exercise 1: ``shopping.py`` says ``PRICE = 12`` and ``reloaded`` is the kernel's module after it ran it."""
    if isinstance(reloaded, dict):
        raise Wrong("that is a dict of names (what runpy returns), not a module: pass what importlib.reload returns.")
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
    stale = getattr(reloaded, "PRICE", None)  # the file is right; now the module object this kernel holds
    if stale != 12:
        raise Wrong(f"your file is right, but your module still has PRICE = {stale!r}: run it again in this kernel.")
    if sys.modules.get("shopping") is not reloaded:
        raise Wrong("your module has the new price, but `import shopping` here gives another: use importlib.reload.")
    return "The kernel now runs the new file: no restart needed."


#: Exercise 2's test: COUNT after the first import, after two reloads, and after a new import.
VISITS_SCRIPT = """\
import importlib, sys
for step in ("import", "reload", "reload", "new import"):
    if step != "reload":
        sys.modules.pop("visits", None)
    visits = importlib.import_module("visits") if step != "reload" else importlib.reload(visits)
    print("@@" + repr(getattr(visits, "COUNT", "missing")))
"""


@exercise("A module that counts its runs", hint='a reload keeps COUNT: `COUNT = globals().get("COUNT", 0) + 1`.')
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
        raise Wrong(f"COUNT stays 1 after importlib.reload({m}): your file sets it afresh each time it runs.")
    if counts[1:3] != ["2", "3"]:
        raise Wrong(f"after one and two reloads COUNT is {counts[1]} and {counts[2]}; it should be 2 and 3.")
    if counts[3] != "1":
        raise Wrong(f"after `del sys.modules[{m!r}]` and `import {m}`, COUNT is {counts[3]}; a new module starts at 1.")
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
#: By (is sys.modules['tool'] the first module object?, its VERSION): what it is, and why old_helper is (not) left.
OUTCOMES = {
    (True, 2): ("the same module object as before, run again", "reload keeps names the new file no longer defines"),
    (True, 1): ("untouched (runpy does not use the cache)", "it is still the old module"),
    (False, 2): ("a NEW module object (the old one lives on where a name holds it)", "a new module starts empty"),
}
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


@never_raises
def reload_experiment(base: Path, method: str = "reload", binding: str = "import") -> str:
    """In a fresh Python below ``base``: bind a name to tool, rewrite tool.py, run it again; report what you have."""
    if method not in [*METHODS] or binding not in [*BINDINGS]:  # a list: an unhashable choice is just wrong
        raise CourseError(f"pick one of {', '.join(METHODS)}, and one of {', '.join(BINDINGS)}.")
    folder = workspace.fresh_folder(base, "reload_lab")
    workspace.write_text(folder, "tool.py", TOOL.format(1) + OLD_HELPER)
    yours, code = "tool.greet()", METHODS[method]
    if binding == "from":  # the name tool is not bound: reach the module through the cache
        yours, code = "greet()", code.replace("reload(tool)", 'reload(sys.modules["tool"])')
    shown = "\n".join("▶ " + line for line in code.splitlines())
    script = _EXPERIMENT.format(binding=BINDINGS[binding], v2=TOOL.format(2), shown=shown, method=code, call=yours)
    run = packages.run_python(["-c", script], cwd=folder, timeout=TIMEOUT)
    *lines, last = run.stdout.splitlines() or [""]
    if not run.ok or not last.startswith("@@"):
        raise CourseError("The experiment failed: " + (run.stderr.strip().splitlines() or ["no output"])[-1])
    facts = json.loads(last[2:])
    cache, why = OUTCOMES[facts["same"], facts["version"]]
    new = "✓ the new code" if facts["yours"].endswith("version 2") else "✗ still the old function"
    lines = ["▶ " + BINDINGS[binding], *lines, f"{yours:<30}→ {facts['yours']!r}   {new}"]
    lines.append(f"{CACHED:<30}→ {cache}: VERSION = {facts['version']}")
    if facts["ns"]:
        version, name = facts["ns"]
        lines.append(f"{'ns':<30}→ runpy's dict, not a module: VERSION = {version}, __name__ = {name!r}")
    return "\n".join([*lines, f"{'old_helper in that module?':<30}→ {'yes' if facts['leftover'] else 'no'}: {why}"])
