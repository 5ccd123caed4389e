"""Exercise checks for notebook 0, *Start here*, and the recommender behind its widget.

Positions in the course come from the syllabus (each lesson's file and track), never from
an index into ``syllabus.LESSONS``, so renumbering the notebooks cannot break them.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from coursekit import syllabus
from coursekit.checks import Wrong, call, clip, exercise, expect_callable, expect_type
from coursekit.exercises import modules
from coursekit.ui import never_raises

__all__ = ["check_version", "check_countdown", "check_module_name", "recommend", "TOPICS", "first_demo"]


@exercise(
    "Read a version from metadata",
    hint="call importlib.metadata.version with the distribution name 'ipykernel' (as pip knows it).",
)
def check_version(answer):
    expect_type(answer, str, "your answer")
    real = metadata.version("ipykernel")
    if answer.strip() == real:
        return "That is the version pip installed: the kernel running this notebook."
    if answer.strip() in ("ipykernel", "IPython", "ipython"):
        raise Wrong("that is a package's name; the question asks for its version number.")
    raise Wrong(f"{answer!r} is not the installed ipykernel version.")


def _countdown_lines(start: int) -> list[str]:
    return [str(n) for n in range(start, 0, -1)] + ["Lift-off!"]


@exercise(
    "Write a script and run it",
    hint="read the number with int(sys.argv[1]) (after `import sys`), then loop: "
    "`for n in range(start, 0, -1): print(n)`, and print 'Lift-off!' after the loop.",
)
def _countdown(path):
    path = modules.as_path(path)
    modules.read_source(path, folder_hint="make it first")
    folder = path.parent
    for start in (3, 5):
        command = f"python {path.name} {start}"
        done = modules.run([path.name, str(start)], folder, command)
        if done.returncode != 0:
            if "IndexError" in done.stderr and "argv" in done.stderr:
                raise Wrong(
                    f"`{command}` failed: {modules.failure(done, path.name)}. "
                    "The number comes after the file name: sys.argv[1]."
                )
            raise Wrong(f"`{command}` failed: {modules.failure(done, path.name)}")
        got = [line.strip() for line in done.stdout.strip().splitlines()]
        want = _countdown_lines(start)
        if got != want:
            shown = repr(clip(" / ".join(got), 200)) if got else "nothing"
            raise Wrong(f"`{command}` printed {shown}, but it should print {' / '.join(want)!r}.")
    return "You wrote a file and ran it with `python`, as you would in a terminal."


def check_countdown(path: str | Path = "countdown.py"):
    """Exercise 2: ``countdown.py N`` prints N, N-1, ..., 1 on their own lines, then ``Lift-off!``."""
    path = modules.answer(path)
    return modules.not_answered(_countdown) if path is ... else _countdown(path)


#: (file name, the module name ``import`` uses, or None when it cannot be imported as a module)
MODULE_NAME_CASES = (
    ("hello.py", "hello"),
    ("dice/roll.py", "roll"),
    ("my_tool.py", "my_tool"),
    ("notes.txt", None),
    ("hello.py.bak", None),
)


def _stub(filename): ...


def _is_stub(fn) -> bool:
    """A function whose body is still only ``...`` (or ``pass``): not answered yet."""
    code, stub = getattr(fn, "__code__", None), _stub.__code__
    return code is not None and (code.co_code, code.co_consts) == (stub.co_code, stub.co_consts)


@exercise(
    "From a file name to a module name",
    hint="Path(filename) has .suffix ('.py') and .stem (the name without the suffix, and without the folders).",
)
def _module_name(fn):
    expect_callable(fn, "module_name")
    for filename, want in MODULE_NAME_CASES:
        got = call(fn, filename, what=f"module_name({filename!r})")
        if got != want:
            raise Wrong(f"module_name({filename!r}) returned {got!r}; it should return {want!r}.")
    return "import uses the file's name, without the folder and without '.py'."


def check_module_name(fn):
    """Exercise 3: ``module_name("dice/roll.py") == "roll"``; ``None`` for a file that is not ``.py``."""
    return _module_name(... if _is_stub(fn) else fn)


def first_demo() -> syllabus.Lesson:
    """The first notebook of the demo track (read from the syllabus, not from a position).

    >>> first_demo().track
    'Demo'
    """
    return next(item for item in syllabus.LESSONS if item.track == "Demo")


#: What a learner may already know, in course order: (statement, the notebook that teaches it).
TOPICS = (
    ("I can write a module and import it", "01_modules.ipynb"),
    ("I can make Python run an edited module again", "02_reloading_modules.ipynb"),
    ("I know what __init__.py is for", "03_creating_a_package.ipynb"),
    ("I know why `import pkg` alone may not load pkg.sub", "04_importing_a_package.ipynb"),
    ("I use relative imports and __all__", "05_dotted_module_names.ipynb"),
    ("I can run a package with python -m", "06_namespace_packages_and_python_m.ipynb"),
    ("I know how sys.meta_path finds a module", "07_the_import_system.ipynb"),
    ("I have built a wheel from a pyproject.toml", "08_building_a_package.ipynb"),
)


@never_raises
def recommend(known) -> str:
    """Where to start, given the statements from ``TOPICS`` a learner ticked.

    >>> print(recommend([]))
    Start with notebook 1: Modules: one file, one namespace.
    >>> print(recommend([TOPICS[0][0], TOPICS[1][0], TOPICS[3][0]]))
    Start with notebook 3: Creating simple_package. Later, skim notebook 4: you know its topic.
    >>> print(recommend([t for t, _ in TOPICS]))
    You know the packages track already: skim it, then jump to notebook 11: Demo: Scrapy crawls a site.
    """
    known = {k if isinstance(k, str) else repr(k) for k in (known or ())}
    stray = known - {statement for statement, _ in TOPICS}
    if stray:
        return f"Unknown choice(s): {clip(', '.join(sorted(map(str, stray))), 200)}."
    numbered = [(statement, syllabus.lesson(file)) for statement, file in TOPICS]
    todo = [item for statement, item in numbered if statement not in known]
    if not todo:
        demo = first_demo()
        return f"You know the packages track already: skim it, then jump to notebook {demo.number}: {demo.title}."
    first = todo[0]
    text = f"Start with notebook {first.number}: {first.title}."
    skim = [item.number for statement, item in numbered if statement in known and item.number > first.number]
    if skim:
        listed = ", ".join(map(str, skim))
        several = len(skim) > 1
        topic = "their topics" if several else "its topic"
        text += f" Later, skim notebook{'s' if several else ''} {listed}: you know {topic}."
    return text
