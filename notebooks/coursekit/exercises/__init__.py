"""Exercise checks, one module per notebook (``from coursekit.exercises import modules``).

Each check is built with :func:`coursekit.checks.exercise` and returns a
:class:`coursekit.checks.Feedback`; ``tests/test_exercises_*.py`` feed each one the
worked solution and typical wrong answers.
"""
