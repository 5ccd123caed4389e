"""coursekit: the small library that the course notebooks share.

Every notebook imports what it needs from here instead of pasting helpers into
cells, so the logic behind each exercise check, widget and demo is written once
and tested in ``tests/`` without a browser.

Modules (import the one you need; nothing heavy is imported here):

- ``coursekit.workspace`` -- the git-ignored scratch folder notebooks write into.
- ``coursekit.checks``    -- exercise checks that answer with a helpful message.
- ``coursekit.syllabus``  -- the course map: titles, times, objectives, links.
- ``coursekit.envcheck``  -- the start page's environment check.
- ``coursekit.packages``  -- build and inspect small packages (packages track).
- ``coursekit.exercises`` -- one module of exercise checks per notebook.
"""

__all__ = ["CourseError"]


class CourseError(ValueError):
    """A learner-facing problem explained in plain words (never a bug of yours).

    Course helpers raise it for bad input -- a name that is not an identifier, a
    path that leaves the workspace -- and its message says what to change.

    >>> str(CourseError("'2cool' is not a valid Python identifier"))
    "'2cool' is not a valid Python identifier"
    """
