"""The course map: one entry per notebook, in order.

The header and footer cell of every notebook, the README's syllabus table and
the start page's course map are all generated from ``LESSONS`` by
``tools/course_tools.py sync``: edit a title, time or objective here, then run
``make sync``.

>>> lesson("03_creating_a_package.ipynb").title
'Creating simple_package'
>>> neighbours("00_start_here.ipynb")[0] is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Lesson",
    "LESSONS",
    "lesson",
    "neighbours",
    "header_markdown",
    "footer_markdown",
    "course_map_markdown",
    "START",
]


@dataclass(frozen=True)
class Lesson:
    """One notebook of the course."""

    file: str  # file name inside notebooks/
    title: str  # short title, without the number
    minutes: int  # time a learner needs
    track: str  # "Start", "Packages", "Demo" or "Wrap-up"
    why: str  # one sentence: why this matters
    objectives: tuple[str, ...]
    prerequisites: str

    @property
    def number(self) -> int:
        return int(self.file.split("_", 1)[0])

    @property
    def label(self) -> str:
        return f"{self.number} · {self.title}"


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "00_start_here.ipynb",
        "Start here",
        15,
        "Start",
        "Check that everything works before you start, and see where the course goes.",
        (
            "use JupyterLab the way this course does: run cells, restart, find solutions",
            "check your Python, the four featured libraries and interactive widgets",
            "check that `!python` runs the kernel's own Python",
            "write a file with `%%writefile` and run it with `!python`",
            "find your way around the course map and the scratch workspace",
        ),
        "basic Python (variables, functions, `import math`)",
    ),
    Lesson(
        "01_modules.ipynb",
        "Modules: one file, one namespace",
        25,
        "Packages",
        "Packages are built from modules, so first see exactly what a module is and how Python finds it.",
        (
            "write a module with `%%writefile`, import it, and run it with `python`",
            "tell a module run as a script from one that is imported, with `__name__`",
            "read `sys.path` and explain how a file named like a library can hide it",
            "protect a program from shadowing with frozen modules, `-P` and `PYTHONSAFEPATH`",
            "use the module cache `sys.modules`",
        ),
        "notebook 0",
    ),
    Lesson(
        "02_reloading_modules.ipynb",
        "Editing a module while it runs",
        15,
        "Packages",
        "A module runs once per process: know how to run an edited module again, and what each way costs.",
        (
            "see why an edited module does not change until it is loaded again",
            "run it again with `importlib.reload`, by removing it from `sys.modules`, or with `runpy`",
            "explain which old objects survive a reload",
            "let `%autoreload` reload edited modules before every cell",
        ),
        "notebook 1",
    ),
    Lesson(
        "03_creating_a_package.ipynb",
        "Creating simple_package",
        20,
        "Packages",
        "A package is how you bundle several modules under one name: build the chapter's first one yourself.",
        (
            "create a package folder with an empty `__init__.py` and the chapter's `a.py` and `b.py`",
            "recognise a package by its layout and draw its tree",
            "explain what `__init__.py` is for, even when it is empty",
            "tell which folder names an `import` statement can reach, and load the others with `importlib`",
        ),
        "notebook 1",
    ),
    Lesson(
        "04_importing_a_package.ipynb",
        "Importing simple_package",
        30,
        "Packages",
        "The same package can be imported in several ways, and they do not all give you the same names.",
        (
            "import submodules with `from simple_package import a, b`",
            "see why `import simple_package` alone does not load `a` and `b`, and fix it with `from . import a, b`",
            "use `__init__.py` as initialisation code that runs once per process, and run it again on purpose",
            "inspect a package with `__name__`, `__package__`, `__file__`, `__path__` and `__spec__`",
        ),
        "notebook 3",
    ),
    Lesson(
        "05_dotted_module_names.ipynb",
        "Dotted module names and subpackages",
        30,
        "Packages",
        "Dotted names let two packages hold modules with the same name without a clash.",
        (
            "read `A.B` as submodule `B` of package `A`",
            "keep two same-named submodules apart, with aliases where needed",
            "build subpackages and import between them with absolute and relative imports",
            "say why a module with relative imports fails as a script (its `__package__` is `None`) "
            "and run it with `python -m`",
            "control `from package import *` with `__all__`",
        ),
        "notebook 4",
    ),
    Lesson(
        "06_namespace_packages_and_python_m.ipynb",
        "Namespace packages and python -m",
        25,
        "Packages",
        "Python 3 goes beyond the chapter: packages without `__init__.py`, and packages you run like programs.",
        (
            "check the chapter's `__init__.py` rule against Python 3 namespace packages",
            "split one namespace package over several folders",
            "make a package runnable with `python -m` and `__main__.py`",
            "find where installed packages live: site-packages and `.pth` files",
        ),
        "notebook 5",
    ),
    Lesson(
        "07_the_import_system.ipynb",
        "Inside the import system",
        25,
        "Packages",
        "When an import goes wrong, knowing the machinery behind `import` tells you why.",
        (
            "follow an import through `sys.meta_path`: built-in, frozen and path finders",
            "import a module whose name you only know at run time, with `importlib.import_module`",
            "recognise a circular import and fix it",
            "ship data files inside a package and read them with `importlib.resources`",
        ),
        "notebook 6",
    ),
    Lesson(
        "08_building_a_package.ipynb",
        "Building a package: pyproject.toml and wheels",
        20,
        "Packages",
        "To share a package you describe it in `pyproject.toml` and build it into a wheel, the file pip installs.",
        (
            "describe a package in `pyproject.toml`",
            "build a wheel and an sdist offline, with the commands a terminal uses",
            "read a wheel's file name and look inside it without installing it",
            "release a new version, and say why PyPI never takes the same file name twice",
        ),
        "notebook 6",
    ),
    Lesson(
        "09_installing_a_package.ipynb",
        "Installing a package: venvs, pip and console scripts",
        25,
        "Packages",
        "A package is only useful once it is installed: do it the way every Python project does, into a virtual "
        "environment.",
        (
            "make a virtual environment with `python -m venv` and see which Python and `sys.path` it has",
            "check what an index will show of your package with `twine check`",
            "install the wheel you built with `pip install`, inspect it with `pip show` and `pip list`, remove it",
            "give your package a command with `[project.scripts]` and run it by its name",
            "install your project in editable mode (`pip install -e`) and see an edit without reinstalling",
        ),
        "notebook 8",
    ),
    Lesson(
        "10_publishing_a_package.ipynb",
        "Dependencies, locks and publishing to an index",
        30,
        "Packages",
        "Real packages depend on others and are installed from an index: publish yours to one that runs on your "
        "machine, and install it back with its dependency.",
        (
            "declare dependencies and extras with PEP 440 version specifiers, and read a resolver's conflict",
            "tell pins from a lock file, and write one",
            "run a package index (pypiserver) on 127.0.0.1 and upload to it with twine",
            "install a package and its dependency from that index into a fresh virtual environment",
            "see what an index refuses: a wrong password, a file uploaded twice",
        ),
        "notebook 9",
    ),
    Lesson(
        "11_scrapy.ipynb",
        "Demo: Scrapy crawls a site",
        25,
        "Demo",
        "Scrapy is a framework for crawling websites and extracting structured data; "
        "write spiders and run them with its command line against a shop served from this notebook.",
        (
            "try selectors in the real Scrapy shell, then write a spider and run it with `scrapy runspider`",
            "make a project with `scrapy startproject` and run its spiders with `scrapy crawl`",
            "reuse one item pipeline across spiders, one of them reading a JSON API",
            "crawl a whole site with a `CrawlSpider` and its rules",
            "say when Scrapy obeys robots.txt, and show it",
        ),
        "notebooks 1–5; a little HTML helps",
    ),
    Lesson(
        "12_pytorch.ipynb",
        "Demo: PyTorch learns digits",
        25,
        "Demo",
        "PyTorch is NumPy-like tensors plus automatic gradients and a GPU option; train a small network in seconds.",
        (
            "convert between NumPy arrays and tensors, and choose a device in code",
            "time NumPy against PyTorch fairly, with the same number of threads",
            "follow a data-dependent `if` with autograd, and see `torch.jit.trace` and `torch.export` handle it",
            "write a model class and its training and evaluation loops over a `DataLoader`",
            "save the weights and load them with `weights_only=True`",
        ),
        "notebooks 1–5; NumPy basics help",
    ),
    Lesson(
        "13_scikit_learn.ipynb",
        "Demo: scikit-learn's one API",
        20,
        "Demo",
        "scikit-learn gives dozens of learning algorithms one consistent interface: fit, predict, score.",
        (
            "tell the distribution name `scikit-learn` from the import name `sklearn` with `importlib.metadata`",
            "fit, predict, score and transform several estimators, then chain them in a Pipeline and tune it",
            "time fits as the data grows, and see what `n_jobs` and `partial_fit` can and cannot do",
            "check the chapter's claims about dependencies and licence in the installed metadata",
        ),
        "notebooks 1–5",
    ),
    Lesson(
        "14_moviepy.ipynb",
        "Demo: MoviePy edits video",
        20,
        "Demo",
        "MoviePy is to video what Pillow is to images: make, cut, title, rotate and export clips from Python.",
        (
            "write a frame function with NumPy and turn it into a clip with `VideoClip`",
            "cut, resize, speed up, rotate, join and layer clips, and add a title and a tone",
            "export an MP4 with `write_videofile`, read it back, and do the same from a script",
            "give `TextClip` a font that every machine has",
            "find MoviePy's parts as a package: `__all__`, `vfx`, its version, its ffmpeg",
        ),
        "notebooks 1–5",
    ),
    Lesson(
        "15_wrap_up.ipynb",
        "Wrap-up: every library is a package",
        20,
        "Wrap-up",
        "The four libraries are packages like yours; open them with the tools you learned.",
        (
            "explore any installed package without running it: location, subpackages, metadata",
            "tell a distribution name from an import name, and find a library's commands and extras",
            "see eager and lazy imports in real `__init__.py` files",
            "test a package of your own with pytest, and know where to go next",
        ),
        "notebooks 1–14",
    ),
)

START = LESSONS[0]


def lesson(file: str) -> Lesson:
    """Return the lesson stored in ``file`` (a name like ``'01_modules.ipynb'``)."""
    for item in LESSONS:
        if item.file == file:
            return item
    raise KeyError(f"{file!r} is not in the course map; known: {[x.file for x in LESSONS]}")


def neighbours(file: str) -> tuple[Lesson | None, Lesson | None]:
    """The lessons before and after ``file`` (``None`` at either end)."""
    index = LESSONS.index(lesson(file))
    before = LESSONS[index - 1] if index > 0 else None
    after = LESSONS[index + 1] if index + 1 < len(LESSONS) else None
    return before, after


def _link(item: Lesson, text: str | None = None) -> str:
    return f"[{text or item.label}]({item.file})"


def _nav_line(file: str) -> str:
    before, after = neighbours(file)
    parts = []
    if before:
        parts.append(_link(before, f"← {before.label}"))
    if lesson(file) is not START:
        parts.append(_link(START, "Course map"))
    if after:
        parts.append(_link(after, f"{after.label} →"))
    return " · ".join(parts)


GENERATED = "<!-- generated from tools/syllabus.py by `make sync` (tools/course_tools.py): edit there, not here -->"


def header_markdown(file: str) -> str:
    """The markdown of the first cell of ``file``: navigation, title, objectives, time."""
    item = lesson(file)
    learn = "\n".join(f"- {o}" for o in item.objectives)
    return (
        f"{GENERATED}\n{_nav_line(file)}\n\n"
        f"# {item.label}\n\n"
        f"*{item.why}*\n\n"
        f"**You will learn to**\n{learn}\n\n"
        f"**Time:** about {item.minutes} minutes · **Prerequisites:** {item.prerequisites} · "
        f"**Track:** {item.track}"
    )


def footer_markdown(file: str) -> str:
    """The markdown of the last cell of ``file``: where to go next."""
    _, after = neighbours(file)
    if after:
        nxt = f"**Next:** {_link(after, after.label)} (about {after.minutes} minutes)."
    else:
        nxt = "**You have finished the course.** " + _link(START, "Back to the course map") + "."
    return f"{GENERATED}\n---\n{nxt}\n\n{_nav_line(file)}"


def course_map_markdown(link_prefix: str = "") -> str:
    """A markdown table of every lesson with its time; links are prefixed with ``link_prefix``."""
    rows = ["| # | Notebook | Track | Time |", "|---|---|---|---|"]
    for item in LESSONS:
        rows.append(f"| {item.number} | [{item.title}]({link_prefix}{item.file}) | {item.track} | {item.minutes} min |")
    total = sum(item.minutes for item in LESSONS)
    rows.append(f"| | **Whole course** | | **about {total // 60} h {total % 60:02d} min** |")
    return "\n".join(rows)
