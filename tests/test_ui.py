"""coursekit.ui: widget logic that never raises, and figures with words."""

import numpy as np
import pytest

from coursekit import CourseError
from coursekit.ui import figure, never_raises


@never_raises
def half(n):
    return f"half of {n} is {int(n) / 2}"


def test_never_raises_turns_errors_and_huge_text_into_one_line():
    assert half("8") == "half of 8 is 4.0"
    assert half("eight") == "⚠️ ValueError: invalid literal for int() with base 10: 'eight'"
    assert half("8" * 5000) == "⚠️ That text is 5,000 characters long; type at most 2,000 here."
    assert never_raises(on_error=lambda m: {"text": m})(lambda: 1 / 0)() == {
        "text": "⚠️ ZeroDivisionError: division by zero"
    }

    @never_raises
    def refuse():
        raise CourseError("no such notebook")

    assert refuse() == "⚠️ no such notebook"


def test_figure_has_alt_text_and_refuses_what_it_cannot_show():
    shown = figure(np.zeros((2, 3, 3), dtype=np.uint8), "a black picture, 3 by 2 pixels", "caption")
    assert repr(shown) == "Figure: a black picture, 3 by 2 pixels (caption)"
    assert (
        'alt="a black picture, 3 by 2 pixels"' in shown._repr_html_() and "<figcaption>caption" in shown._repr_html_()
    )
    with pytest.raises(CourseError, match="not str"):
        figure("plot.png", "a plot")
    with pytest.raises(CourseError, match="needs alt"):
        figure(np.zeros((2, 2, 3), dtype=np.uint8), " ")
