"""Exercise checks for notebook 0, *Start here*."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from coursekit import syllabus, workspace
from coursekit.checks import Wrong, clip, exercise, expect_type
from coursekit.ui import never_raises

__all__ = ["check_version", "check_lesson_number", "check_workspace_file", "recommend", "TOPICS"]


@exercise(
    "Read a version from metadata",
    hint="call importlib.metadata.version with the distribution name 'scikit-learn' (as pip knows it).",
)
def check_version(answer):
    expect_type(answer, str, "your answer")
    real = metadata.version("scikit-learn")
    if answer.strip() == real:
        return "That is the version pip installed."
    if answer.strip() in ("sklearn", "scikit-learn"):
        raise Wrong("that is the package's name; the question asks for its version number.")
    raise Wrong(f"{answer!r} is not the installed scikit-learn version.")


@exercise(
    "Find a lesson on the course map",
    hint="look for 'Dotted module names' in the course map table above; answer with its number.",
)
def check_lesson_number(answer):
    expect_type(answer, int, "your answer")
    wanted = next(item.number for item in syllabus.LESSONS if "Dotted module names" in item.title)
    if answer != wanted:
        titles = {item.number: item.title for item in syllabus.LESSONS}
        if answer in titles:
            raise Wrong(f"notebook {answer} is '{titles[answer]}', not the one about dotted module names.")
        raise Wrong(f"there is no notebook {answer}; they are numbered 0 to {len(titles) - 1}.")


@exercise(
    "Write into your workspace",
    hint="workspace.write_text(ws, 'hello.txt', 'Hello, packages!') returns the path it wrote.",
)
def check_workspace_file(path):
    expect_type(path, (str, Path), "the value you passed")
    path = Path(path)
    if not path.is_absolute():
        path = workspace.folder("00_start_here") / path
    if not path.exists():
        raise Wrong(f"there is no file {workspace.rel(path)!r} yet.")
    if path.parent.resolve() != workspace.folder("00_start_here").resolve():
        raise Wrong(f"{workspace.rel(path)!r} is not directly in this notebook's workspace folder.")
    if path.name != "hello.txt":
        raise Wrong(f"the file is called {path.name!r}; the task asks for 'hello.txt'.")
    text = path.read_text(encoding="utf-8")
    if text.strip() != "Hello, packages!":
        raise Wrong(f"the file holds {text!r}, not 'Hello, packages!'.")


#: What a learner may already know, in course order: (statement, notebook number).
TOPICS = (
    ("I can write a module and import it", 1),
    ("I know what __init__.py is for", 2),
    ("I know why `import pkg` alone may not load pkg.sub", 3),
    ("I use relative imports and __all__", 4),
    ("I have built a wheel from a pyproject.toml", 5),
)


@never_raises
def recommend(known) -> str:
    """Where to start, given the statements from ``TOPICS`` a learner ticked.

    >>> print(recommend([]))
    Start with notebook 1: Modules: one file, one namespace.
    >>> print(recommend([TOPICS[0][0], TOPICS[2][0]]))
    Start with notebook 2: Creating simple_package. Later, skim notebook 3: you know its topic.
    >>> print(recommend([t for t, _ in TOPICS]))
    You know the packages track already: skim it, then jump to notebook 6: Demo: Scrapy crawls a site.
    """
    known = {k if isinstance(k, str) else repr(k) for k in (known or ())}
    stray = known - {statement for statement, _ in TOPICS}
    if stray:
        return f"Unknown choice(s): {clip(', '.join(sorted(map(str, stray))), 200)}."
    todo = [number for statement, number in TOPICS if statement not in known]
    if not todo:
        return f"You know the packages track already: skim it, then jump to notebook 6: {syllabus.LESSONS[6].title}."
    first = todo[0]
    text = f"Start with notebook {first}: {syllabus.LESSONS[first].title}."
    skim = [number for statement, number in TOPICS if statement in known and number > first]
    if skim:
        listed = ", ".join(map(str, skim))
        several = len(skim) > 1
        topic = "their topics" if several else "its topic"
        text += f" Later, skim notebook{'s' if several else ''} {listed}: you know {topic}."
    return text
