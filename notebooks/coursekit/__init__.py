"""coursekit: the small library that the course notebooks share.

Every notebook imports what it needs from here instead of pasting helpers into
cells, so the logic behind each exercise check, widget and demo is written once
and tested in ``tests/`` without a browser.

Modules (import the one you need; nothing heavy is imported here):

- ``coursekit.workspace``    -- the git-ignored scratch folder notebooks write into; the name rules.
- ``coursekit.checks``       -- exercise checks that answer with a helpful message.
- ``coursekit.ui``           -- ``never_raises`` for widget logic, and the one ``WARNING`` glyph.
- ``coursekit.syllabus``     -- the course map: titles, times, objectives, links.
- ``coursekit.envcheck``     -- the start page's environment check.
- ``coursekit.packages``     -- build small packages and import them in fresh interpreters (notebooks 1-3).
- ``coursekit.imports``      -- explain what import statements bind, load and resolve to (notebooks 3-4).
- ``coursekit.distribution`` -- namespace packages, runnable packages, projects and wheels (notebook 5).
- ``coursekit.demosite``     -- serve the Scrapy demo shop on 127.0.0.1 (notebook 6).
- ``coursekit.spiders``      -- the Scrapy demo's spiders, pipeline and re-runnable crawl (notebook 6).
- ``coursekit.digits``       -- handwritten digits with PyTorch: data, model, training (notebook 7).
- ``coursekit.learning``     -- scikit-learn tables and the decision-boundary explorer (notebook 8).
- ``coursekit.video``        -- small MoviePy clips: make, inspect and export them (notebook 9).
- ``coursekit.explorer``     -- look inside any installed package and read its metadata (notebook 10).
- ``coursekit.programs``     -- the small scripts the helpers above run in a fresh Python process.
- ``coursekit.exercises``    -- one module of exercise checks per notebook.
"""

__all__ = ["CourseError"]


class CourseError(ValueError):
    """A learner-facing problem explained in plain words (never a bug of yours).

    Course helpers raise it for bad input -- a name that is not an identifier, a
    path that leaves the workspace -- and its message says what to change.

    >>> str(CourseError("'2cool' is not a valid Python identifier"))
    "'2cool' is not a valid Python identifier"
    """
