"""coursekit: what the notebooks share that is not the lesson: workspace reset, exercise checks,
widget logic and the demo servers (a map of its modules is in CONTRIBUTING.md)."""


class CourseError(ValueError):
    """A learner-facing problem in plain words (a bad name, a path leaving the workspace): what to change."""
