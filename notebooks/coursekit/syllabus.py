"""The course map: one entry per notebook, in order.

The header and footer cell of every notebook, the README's syllabus table and
the start page's course map are all generated from ``LESSONS`` by
``tools/course_tools.py sync``: edit a title, time or objective here, then run
``make sync``.

>>> lesson("02_creating_a_package.ipynb").title
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
            "write a module and import it from a notebook",
            "tell a module run as a script from one that is imported, with `__name__`",
            "read `sys.path` and explain how a file named like a library can hide it",
            "use the module cache `sys.modules`, `importlib.reload` and `%autoreload`",
        ),
        "notebook 0",
    ),
    Lesson(
        "02_creating_a_package.ipynb",
        "Creating simple_package",
        20,
        "Packages",
        "A package is how you bundle several modules under one name: build the chapter's first one yourself.",
        (
            "create a package folder with `__init__.py`, `a.py` and `b.py`",
            "recognise a package by its layout and draw its tree",
            "explain what `__init__.py` is for, even when it is empty",
        ),
        "notebook 1",
    ),
    Lesson(
        "03_importing_a_package.ipynb",
        "Importing simple_package",
        25,
        "Packages",
        "The same package can be imported in several ways, and they do not all give you the same names.",
        (
            "import submodules with `from simple_package import a, b`",
            "see why `import simple_package` alone does not load `a` and `b`, and how to fix it",
            "use `__init__.py` as initialisation code that runs exactly once",
            "inspect a package with `__path__`, `__file__` and `sys.modules`",
        ),
        "notebook 2",
    ),
    Lesson(
        "04_dotted_module_names.ipynb",
        "Dotted module names and subpackages",
        30,
        "Packages",
        "Dotted names let two packages hold modules with the same name without a clash.",
        (
            "read `A.B` as submodule `B` of package `A`",
            "keep two same-named submodules apart, with aliases where needed",
            "build subpackages and import between them with absolute and relative imports",
            "run a module that uses relative imports with `python -m`",
            "control `from package import *` with `__all__`",
        ),
        "notebook 3",
    ),
    Lesson(
        "05_beyond_the_chapter.ipynb",
        "Beyond the chapter: namespace packages, -m and wheels",
        30,
        "Packages",
        "Modern Python goes further than the chapter: packages without `__init__.py`, runnable packages, "
        "installable ones.",
        (
            "check the chapter's `__init__.py` rule against Python 3 namespace packages",
            "make a package runnable with `python -m` and `__main__.py`",
            "describe a package in `pyproject.toml` and build a wheel",
            "look inside a wheel without installing it",
        ),
        "notebook 4",
    ),
    Lesson(
        "06_scrapy.ipynb",
        "Demo: Scrapy crawls a site",
        25,
        "Demo",
        "Scrapy is a framework for crawling websites and extracting structured data; "
        "watch a spider work on a site served from this notebook.",
        (
            "write a spider that follows links and yields items",
            "read data from a JSON API with the same tools",
            "reuse cleaning code across spiders with an item pipeline",
            "test selectors interactively, as in the Scrapy shell",
        ),
        "notebooks 1–4; a little HTML helps",
    ),
    Lesson(
        "07_pytorch.ipynb",
        "Demo: PyTorch learns digits",
        25,
        "Demo",
        "PyTorch is NumPy-like tensors plus automatic gradients and a GPU option; train a small network in seconds.",
        (
            "convert between NumPy arrays and tensors, and use broadcasting",
            "choose a device once so the same code runs on GPU or CPU",
            "see a dynamic graph built by ordinary Python control flow",
            "train, evaluate, save and reload a small network",
        ),
        "notebooks 1–4; NumPy basics help",
    ),
    Lesson(
        "08_scikit_learn.ipynb",
        "Demo: scikit-learn's one API",
        25,
        "Demo",
        "scikit-learn gives dozens of learning algorithms one consistent interface: fit, predict, score.",
        (
            "fit, predict and score several estimators with the same three calls",
            "evaluate a classifier with a test set, cross-validation and a confusion matrix",
            "cluster and project data without labels",
            "chain preprocessing and a model in a Pipeline and tune it",
            "check the chapter's claims about dependencies and licence in the installed metadata",
        ),
        "notebooks 1–4",
    ),
    Lesson(
        "09_moviepy.ipynb",
        "Demo: MoviePy edits video",
        25,
        "Demo",
        "MoviePy is to video what Pillow is to images: make, cut, title, rotate and export clips from Python.",
        (
            "make a clip from generated frames, export it as MP4 and import it back",
            "cut, resize, speed up, join and layer clips, and add a sound",
            "add titles with `TextClip` and rotate a clip by 90 degrees",
            "use the MoviePy 2 API (and spot MoviePy 1 code that no longer runs)",
        ),
        "notebooks 1–4",
    ),
    Lesson(
        "10_wrap_up.ipynb",
        "Wrap-up: every library is a package",
        20,
        "Wrap-up",
        "The four libraries are packages like yours; open them with the tools you learned.",
        (
            "explore any installed package: location, version, subpackages, `__all__`",
            "tell a distribution name from an import name",
            "see eager and lazy imports in real `__init__.py` files",
            "know where to go next",
        ),
        "notebooks 1–9",
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


GENERATED = "<!-- generated from coursekit/syllabus.py by `make sync` (tools/course_tools.py): edit there, not here -->"


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
