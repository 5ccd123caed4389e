"""coursekit: the small library that the course notebooks share.

Every notebook imports what it needs from here instead of pasting helpers into
cells, so the logic behind each exercise check, widget and demo is written once
and tested in ``tests/`` without a browser.

Modules (import the one you need; nothing heavy is imported here):

- ``coursekit.workspace``    -- the git-ignored scratch folder notebooks write into; the name rules.
- ``coursekit.checks``       -- exercise checks that answer with a helpful message.
- ``coursekit.ui``           -- ``never_raises`` for widget logic, the one ``WARNING`` glyph, and
                                ``figure``: a picture with a text alternative.
- ``coursekit.syllabus``     -- the course map: titles, times, objectives, links.
- ``coursekit.envcheck``     -- the start page's environment check (notebook 0).
- ``coursekit.packages``     -- widget logic of notebooks 1 and 3; the chapter's ``SIMPLE_PACKAGE``;
                                ``run_python``, a fresh interpreter (notebooks 1 and 3).
- ``coursekit.imports``      -- widget logic of notebooks 4 and 5: what an import loads, where dots lead.
- ``coursekit.namespaces``   -- widget logic of notebook 6: which folder wins when a regular package
                                and namespace portions share a name.
- ``coursekit.indexserver``  -- a real package index (pypiserver) on 127.0.0.1 (notebook 10).
- ``coursekit.demosite``     -- serve the Scrapy demo shop on 127.0.0.1 (notebook 11).
- ``coursekit.digits``       -- widget logic of notebook 12: one test digit and the network's top-3 guesses.
- ``coursekit.learning``     -- widget logic of notebook 13: the decision-boundary explorer.
- ``coursekit.video``        -- widget logic of notebook 14: a clip's frame at time t, turned (``frame_at``).
- ``coursekit.explorer``     -- widget logic of notebook 15: look inside any installed package, read its metadata.
- ``coursekit.programs``     -- the small scripts the helpers above run in a fresh Python process.
- ``coursekit.exercises``    -- one module per notebook: its exercise checks and, for notebooks 0, 2, 7,
                                8, 9, 10 and 11, its widget logic too.
"""

__all__ = ["CourseError"]


class CourseError(ValueError):
    """A learner-facing problem explained in plain words (never a bug of yours).

    Course helpers raise it for bad input -- a name that is not an identifier, a
    path that leaves the workspace -- and its message says what to change.

    >>> str(CourseError("'2cool' is not a valid Python identifier"))
    "'2cool' is not a valid Python identifier"
    """
