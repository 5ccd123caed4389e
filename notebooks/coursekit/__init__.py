"""coursekit: the small library that the course notebooks share.

Every notebook imports what it needs from here instead of pasting helpers into
cells, so the logic behind each exercise check, widget and demo is written once
and tested in ``tests/`` without a browser.

Modules (import the one you need; nothing heavy is imported here):

- ``coursekit.workspace``    -- the git-ignored scratch folder notebooks write into; the name rules.
- ``coursekit.checks``       -- exercise checks that answer with a helpful message.
- ``coursekit.ui``           -- ``never_raises`` for widget logic, and the one ``WARNING`` glyph.
- ``coursekit.syllabus``     -- the course map: titles, times, objectives, links.
- ``coursekit.envcheck``     -- the start page's environment check (notebook 00).
- ``coursekit.packages``     -- widget logic of notebooks 01 and 03; the chapter's ``SIMPLE_PACKAGE``;
                                ``run_python``, a fresh interpreter (notebooks 01, 03, 11).
- ``coursekit.imports``      -- widget logic of notebooks 04 and 05: what an import loads, where dots lead.
- ``coursekit.namespaces``   -- widget logic of notebook 06: which folder wins when a regular package
                                and namespace portions share a name.
- ``coursekit.demosite``     -- serve the Scrapy demo shop on 127.0.0.1 (notebook 09).
- ``coursekit.spiders``      -- the Scrapy demo's spiders, pipeline and re-runnable crawl (notebook 09).
- ``coursekit.digits``       -- handwritten digits with PyTorch: data, model, training (notebook 10).
- ``coursekit.learning``     -- scikit-learn tables and the decision-boundary explorer (notebook 11).
- ``coursekit.video``        -- small MoviePy clips: make, inspect and export them (notebook 12).
- ``coursekit.explorer``     -- look inside any installed package and read its metadata (notebooks 11, 13).
- ``coursekit.programs``     -- the small scripts the helpers above run in a fresh Python process.
- ``coursekit.exercises``    -- one module per notebook: its exercise checks and, for notebooks 00, 02, 07
                                and 08, its widget logic too.
"""

__all__ = ["CourseError"]


class CourseError(ValueError):
    """A learner-facing problem explained in plain words (never a bug of yours).

    Course helpers raise it for bad input -- a name that is not an identifier, a
    path that leaves the workspace -- and its message says what to change.

    >>> str(CourseError("'2cool' is not a valid Python identifier"))
    "'2cool' is not a valid Python identifier"
    """
