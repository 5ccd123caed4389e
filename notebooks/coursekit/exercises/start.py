"""Exercise checks for notebook 0, *Start here*, and the recommender behind its widget."""

from importlib import metadata

from coursekit.checks import Wrong, call, clip, exercise, expect_callable, expect_type
from coursekit.exercises import modules
from coursekit.ui import never_raises


@exercise("Read a version from metadata", hint="call metadata.version with the distribution name 'ipykernel'.")
def check_version(answer):
    """Exercise 1: ``answer`` is the installed version of ipykernel."""
    expect_type(answer, str, "your answer")
    if answer.strip() == metadata.version("ipykernel"):
        return "That is the version pip installed: the kernel running this notebook."
    if answer.strip() in ("ipykernel", "IPython", "ipython"):
        raise Wrong("that is a package's name; the question asks for its version number.")
    raise Wrong(f"{answer!r} is not the installed ipykernel version.")


@exercise(
    "Write a script and run it",
    hint="read the number with int(sys.argv[1]) (after `import sys`), then loop: "
    "`for n in range(start, 0, -1): print(n)`, and print 'Lift-off!' after the loop.",
)
def check_countdown(path="countdown.py"):
    """Exercise 2: ``python countdown.py N`` prints N, N-1, ..., 1 on their own lines, then ``Lift-off!``."""
    path = modules.source(path, make="make it first")
    for start in (3, 5):
        command = f"python {path.name} {start}"
        try:
            printed = modules.run([path.name, str(start)], path.parent, command, path.name)
        except Wrong as exc:
            tip = "the number comes after the file name: sys.argv[1]." if "IndexError" in str(exc) else None
            raise Wrong(str(exc), tip) from None
        got = [line.strip() for line in printed.strip().splitlines()]
        want = [str(n) for n in range(start, 0, -1)] + ["Lift-off!"]
        if got != want:
            shown = repr(clip(" / ".join(got), 200)) if got else "nothing"
            raise Wrong(f"`{command}` printed {shown}, but it should print {' / '.join(want)!r}.")
    return "You wrote a file and ran it with `python`, as you would in a terminal."


#: {file name: the module name ``import`` uses, or None when it cannot be imported as a module}
MODULE_NAMES = {"hello.py": "hello", "dice/roll.py": "roll", "notes.txt": None, "hello.py.bak": None}


def _stub(filename): ...


@exercise("From a file name to a module name", hint="Path(filename) has .suffix ('.py') and .stem.")
def _module_name(fn):
    expect_callable(fn, "module_name")
    for filename, want in MODULE_NAMES.items():
        got = call(fn, filename, what=f"module_name({filename!r})")
        if got != want:
            raise Wrong(f"module_name({filename!r}) returned {got!r}; it should return {want!r}.")
    return "import uses the file's name, without the folder and without '.py'."


def check_module_name(fn):
    """Exercise 3: ``module_name("dice/roll.py") == "roll"``; ``None`` for a file that is not ``.py``."""
    code, stub = getattr(fn, "__code__", None), _stub.__code__
    blank = code is not None and (code.co_code, code.co_consts) == (stub.co_code, stub.co_consts)
    return _module_name(... if blank else fn)  # a body of only `...` is not answered yet


#: What a learner may already know, in course order: (statement, notebook, its title as in tools/syllabus.py).
TOPICS = (
    ("I can write a module and import it", "01_modules.ipynb", "Modules: one file, one namespace"),
    ("I can make Python run an edited module again", "02_reloading_modules.ipynb", "Editing a module while it runs"),
    ("I know what __init__.py is for", "03_creating_a_package.ipynb", "Creating simple_package"),
    ("I know why `import pkg` alone may not load pkg.sub", "04_importing_a_package.ipynb", "Importing simple_package"),
    ("I use relative imports and __all__", "05_dotted_module_names.ipynb", "Dotted module names and subpackages"),
    (
        "I can run a package with python -m",
        "06_namespace_packages_and_python_m.ipynb",
        "Namespace packages and python -m",
    ),
    ("I know how sys.meta_path finds a module", "07_the_import_system.ipynb", "Inside the import system"),
    (
        "I have built a wheel from a pyproject.toml",
        "08_building_a_package.ipynb",
        "Building a package: pyproject.toml and wheels",
    ),
    (
        "I have installed my package into a venv, also editable",
        "09_installing_a_package.ipynb",
        "Installing a package: venvs, pip and console scripts",
    ),
    (
        "I have uploaded a package to an index and installed it from there",
        "10_publishing_a_package.ipynb",
        "Dependencies, locks and publishing to an index",
    ),
)
FIRST_DEMO = ("11_scrapy.ipynb", "Demo: Scrapy crawls a site")  # where the demos start: (notebook, title)


def _number(file: str) -> int:
    return int(file.split("_", 1)[0])


@never_raises
def recommend(known) -> str:
    """Where to start, given the statements from ``TOPICS`` a learner ticked."""
    known = {k if isinstance(k, str) else repr(k) for k in (known or ())}
    stray = known - {statement for statement, _, _ in TOPICS}
    if stray:
        return f"Unknown choice(s): {clip(', '.join(sorted(stray)), 200)}."
    todo = [(_number(file), title) for statement, file, title in TOPICS if statement not in known]
    if not todo:
        demo = f"notebook {_number(FIRST_DEMO[0])}: {FIRST_DEMO[1]}"
        return f"You know the packages track already: skim it, then jump to {demo}."
    first, title = todo[0]
    skim = [_number(f) for s, f, _ in TOPICS if s in known and _number(f) > first]
    text = f"Start with notebook {first}: {title}."
    if len(skim) == 1:
        return text + f" Later, skim notebook {skim[0]}: you know its topic."
    return text + (f" Later, skim notebooks {', '.join(map(str, skim))}: you know their topics." if skim else "")
