"""Exercise checks for notebook 5, *Beyond the chapter*.

Each check builds what the learner wrote inside the notebook's workspace folder
(``workspace/05_beyond_the_chapter/exercises/``) and runs it in a fresh
interpreter, so the verdict comes from Python itself, not from a pattern match.

>>> check_main_source(...)
⏳ Make simple_package runnable: not answered yet. Replace the ... with your answer and run the cell again.
>>> check_main_source(42)
❌ Make simple_package runnable: the source of __main__.py should be a str, but it is an int (42).
💡 Hint: write the file's text in a triple-quoted string: main_source = '''from simple_package import a, b ...'''
"""

from __future__ import annotations

import tomllib
import zipfile

from coursekit import CourseError, distribution, packages, workspace
from coursekit.checks import Wrong, exercise, expect_type

__all__ = [
    "check_layout_prediction",
    "check_main_source",
    "check_pyproject",
    "NOTEBOOK",
    "CHAPTER_PACKAGE",
    "EXPECTED_OUTPUT",
]

#: The notebook whose workspace folder the checks write into.
NOTEBOOK = "05_beyond_the_chapter"

#: The chapter's simple_package, exactly: an empty ``__init__.py``, ``a.py`` and ``b.py``.
CHAPTER_PACKAGE = dict(packages.SIMPLE_PACKAGE)

#: What ``python -m simple_package`` must print in exercise 2.
EXPECTED_OUTPUT = "Hello, function 'bar' from module 'a' calling\nHello, function 'foo' from module 'b' calling\n"


def _scratch(name: str):
    """A fresh folder for one exercise inside the notebook's workspace."""
    return workspace.fresh_folder(workspace.folder(NOTEBOOK) / "exercises", name)


# ----------------------------------------------------------------- exercise 1

_LAYOUT = ("folder without __init__.py", "folder with __init__.py")


@exercise(
    "Predict the winner",
    hint="a folder without __init__.py is only used when no sys.path entry holds a regular "
    "package or module of that name; try the layout in the widget above.",
)
def check_layout_prediction(answer):
    """``answer``: what ``toolbox.__file__`` is when entry_1 holds a toolbox folder *without*
    ``__init__.py`` and entry_2 one *with* it (a path like ``'entry_1/toolbox/hammer.py'``, or None)."""
    if answer is not None:
        expect_type(answer, str, "your answer")
    truth = distribution.import_layout(_scratch("layout"), *_LAYOUT).file
    if answer == truth:
        return "The regular package in entry_2 wins, although entry_1 comes first."
    if answer is None:
        raise Wrong("None would mean a namespace package, but one entry holds a regular package.")
    cleaned = answer.strip().strip("/").replace("\\", "/")
    if cleaned == truth:
        return "The regular package in entry_2 wins, although entry_1 comes first."
    if cleaned.startswith("entry_1"):
        raise Wrong(f"{answer!r} is in entry_1, but entry_1's folder has no __init__.py: it is not chosen.")
    if cleaned.startswith("entry_2") and not cleaned.endswith("__init__.py"):
        raise Wrong(
            f"{answer!r} is in the right folder, but a regular package's __file__ is its __init__.py, not a submodule."
        )
    raise Wrong(f"{answer!r} is not a file of that layout; paths look like 'entry_2/toolbox/saw.py'.")


# ----------------------------------------------------------------- exercise 2


@exercise(
    "Make simple_package runnable",
    hint="write the file's text in a triple-quoted string: main_source = '''from simple_package import a, b ...'''",
)
def check_main_source(main_source):
    """``main_source``: the text of a ``__main__.py`` that makes ``python -m simple_package``
    print bar's greeting, then foo's (the chapter's package, with its empty ``__init__.py``)."""
    expect_type(main_source, str, "the source of __main__.py")
    if not main_source.strip():
        raise Wrong("__main__.py would be empty, so `python -m simple_package` would print nothing.")
    try:
        compile(main_source, "__main__.py", "exec")
    except SyntaxError as exc:
        raise Wrong(f"line {exc.lineno} of your __main__.py is not valid Python: {exc.msg}.") from None
    base = _scratch("runnable")
    packages.write_package(base, "simple_package", {**CHAPTER_PACKAGE, "__main__.py": main_source})
    run = packages.run_python(["-m", "simple_package"], path=[base], timeout=10)
    if not run.ok:
        last = (run.stderr.strip().splitlines() or ["(no message)"])[-1]
        if "has no attribute" in last:
            raise Wrong(
                f"`python -m simple_package` failed with {last}",
                hint="with an empty __init__.py, `import simple_package` does not load a and b: "
                "import them explicitly (from simple_package import a, b).",
            )
        raise Wrong(f"`python -m simple_package` failed with {last}")
    if run.stdout == EXPECTED_OUTPUT:
        return "`python -m simple_package` ran your __main__.py."
    if sorted(run.stdout.splitlines()) == sorted(EXPECTED_OUTPUT.splitlines()):
        raise Wrong("both greetings are printed, but in the wrong order: bar's first, then foo's.")
    if not run.stdout:
        raise Wrong("`python -m simple_package` printed nothing: does __main__.py call a.bar() and b.foo()?")
    raise Wrong(f"`python -m simple_package` printed {run.stdout!r}; expected bar's greeting, then foo's.")


# ----------------------------------------------------------------- exercise 3


@exercise(
    "Describe simple_package in pyproject.toml",
    hint="two tables: [build-system] (requires, build-backend) and [project] "
    "(name, version, description); copy the shape from the simple-app project above.",
)
def check_pyproject(pyproject_text):
    """``pyproject_text``: a ``pyproject.toml`` for a flat project holding the chapter's
    ``simple_package``: distribution name ``simple-package``, version ``0.1.0``, built
    with ``flit_core``. The check builds the wheel into the workspace and looks inside."""
    expect_type(pyproject_text, str, "the text of pyproject.toml")
    try:
        data = tomllib.loads(pyproject_text)
    except tomllib.TOMLDecodeError as exc:
        raise Wrong(
            f"this is not valid TOML: {exc}.",
            hint='strings need double quotes (name = "simple-package") and tables a header like [project].',
        ) from None
    build = data.get("build-system")
    if not isinstance(build, dict):
        raise Wrong("there is no [build-system] table, so pip would not know which backend builds the project.")
    if build.get("build-backend") != "flit_core.buildapi":
        raise Wrong(
            f"build-backend is {build.get('build-backend')!r}; this exercise uses 'flit_core.buildapi' "
            "(the backend installed for the course)."
        )
    requires = build.get("requires")
    if not isinstance(requires, list) or not any(str(r).replace("-", "_").startswith("flit_core") for r in requires):
        raise Wrong(
            f'requires is {requires!r}; it must be a list naming the backend\'s package, like ["flit_core >=3.12,<5"].'
        )
    project = data.get("project")
    if not isinstance(project, dict):
        raise Wrong("there is no [project] table with the name and version.")
    name = str(project.get("name", "")).lower().replace("_", "-").replace(".", "-")
    if name != "simple-package":
        raise Wrong(f"the project's name is {project.get('name')!r}; the task asks for 'simple-package'.")
    if project.get("version") != "0.1.0":
        raise Wrong(f'the version is {project.get("version")!r}; the task asks for "0.1.0" (a string).')
    base = _scratch("installable")
    workspace.write_text(base, "simple_package_project/pyproject.toml", pyproject_text)
    packages.write_package(base / "simple_package_project", "simple_package", CHAPTER_PACKAGE)
    try:
        wheel = distribution.build_wheel(base / "simple_package_project", base / "dist")
    except CourseError as exc:
        raise Wrong(f"the build backend refused it: {exc}".replace("Building the wheel failed: ", "")) from None
    parts = distribution.parse_wheel_name(wheel)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = [
        f for f in ("simple_package/__init__.py", "simple_package/a.py", "simple_package/b.py") if f not in names
    ]
    if missing:
        raise Wrong(f"the wheel was built but lacks {', '.join(missing)}.")
    if parts["distribution"] != "simple_package" or parts["version"] != "0.1.0":
        raise Wrong(f"the wheel is called {wheel.name!r}; expected simple_package-0.1.0-….whl.")
    return f"Built {wheel.name} with simple_package/a.py and b.py inside."
