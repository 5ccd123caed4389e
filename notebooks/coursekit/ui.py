"""Widget logic that never raises, and figures with a text alternative.

:func:`figure` shows a picture (a matplotlib figure, a Pillow image or an RGB array) as an HTML
``<figure>``: an ``<img>`` with ``alt`` text for screen readers and a visible caption. (JupyterLab's
own image renderer gives a plain ``plt.show()`` picture no text alternative.)

A widget calls its logic with whatever the learner typed. If that logic raised, the
learner would see a traceback inside the widget; if it echoed a megabyte of pasted
text, the widget would freeze. :func:`never_raises` wraps such a function once:

- text arguments longer than ``max_text`` characters are refused before any work;
- a :class:`coursekit.CourseError` becomes its message, prefixed with :data:`WARNING`;
- any other exception becomes a one-line message naming it (clipped, no traceback).

``on_error`` turns the message into whatever the widget expects to show (a string by
default; e.g. a preview object with a ``text`` field).

>>> @never_raises
... def half(n):
...     return f"half of {n} is {int(n) / 2}"
>>> half("8")
'half of 8 is 4.0'
>>> half("eight")
"⚠️ ValueError: invalid literal for int() with base 10: 'eight'"
>>> half("8" * 5000)
'⚠️ That text is 5,000 characters long; type at most 2,000 here.'
"""

from __future__ import annotations

import base64
import functools
import html
import io
from collections.abc import Callable
from typing import Any

from coursekit import CourseError
from coursekit.checks import clip

__all__ = ["never_raises", "figure", "MAX_TEXT", "WARNING"]

#: How every course message about a bad value starts (one glyph everywhere: U+26A0 U+FE0F, a space).
WARNING = "⚠️ "
#: The longest text a widget's logic accepts.
MAX_TEXT = 2000


def never_raises(
    fn: Callable[..., Any] | None = None, *, max_text: int = MAX_TEXT, on_error: Callable[[str], Any] = str
) -> Any:
    """Decorate a widget's logic so that it always returns something to show."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            for value in (*args, *kwargs.values()):
                if isinstance(value, (str, bytes)) and len(value) > max_text:
                    return on_error(
                        f"{WARNING}That text is {len(value):,} characters long; type at most {max_text:,} here."
                    )
            try:
                return function(*args, **kwargs)
            except CourseError as exc:
                return on_error(WARNING + clip(str(exc)))
            except Exception as exc:  # the widget shows a sentence, never a traceback
                return on_error(f"{WARNING}{type(exc).__name__}: {clip(str(exc))}")

        return guarded

    return decorate(fn) if fn is not None else decorate


class Figure:
    """A picture with its text alternative; Jupyter shows it as HTML, ``str()`` gives the words."""

    def __init__(self, png: bytes, alt: str, caption: str = "") -> None:
        self.png, self.alt, self.caption = png, alt, caption

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (
            f'<figure style="margin: 0"><img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
            f'style="max-width: 100%">{caption}</figure>'
        )

    def __repr__(self) -> str:
        return f"Figure: {self.alt}" + (f" ({self.caption})" if self.caption else "")


def figure(picture: Any, alt: str, caption: str = "") -> Figure:
    """Show ``picture`` with ``alt``, the text a screen reader reads instead of it (say what it shows).

    ``picture`` is a matplotlib figure (closed after saving, so it is not shown twice), a Pillow
    image, or an RGB(A) array of ``uint8``. ``caption`` is shown under the picture.

    >>> import numpy as np
    >>> shown = figure(np.zeros((2, 3, 3), dtype=np.uint8), "a black picture, 3 by 2 pixels")
    >>> shown
    Figure: a black picture, 3 by 2 pixels
    >>> 'alt="a black picture, 3 by 2 pixels"' in shown._repr_html_()
    True
    >>> figure("plot.png", "a plot")
    Traceback (most recent call last):
    ...
    coursekit.CourseError: figure() shows a matplotlib figure, a Pillow image or an RGB array, not str.
    """
    if not isinstance(alt, str) or not alt.strip():
        raise CourseError("figure() needs alt: a sentence saying what the picture shows.")
    buffer = io.BytesIO()
    if hasattr(picture, "savefig"):  # a matplotlib Figure
        picture.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
        import matplotlib.pyplot as plt

        plt.close(picture)
    elif hasattr(picture, "save") and hasattr(picture, "mode"):  # a Pillow image
        picture.save(buffer, format="PNG")
    elif hasattr(picture, "shape") and hasattr(picture, "dtype"):  # an array of pixels
        from PIL import Image

        Image.fromarray(picture).save(buffer, format="PNG")
    else:
        raise CourseError(
            f"figure() shows a matplotlib figure, a Pillow image or an RGB array, not {type(picture).__name__}."
        )
    return Figure(buffer.getvalue(), alt.strip(), caption)
