"""Widget logic that never raises, and figures with a text alternative."""

from __future__ import annotations

import base64
import functools
import html
import io
from typing import Any

from coursekit import CourseError
from coursekit.checks import clip

#: How every course message about a bad value starts (one glyph everywhere: U+26A0 U+FE0F, a space).
WARNING = "⚠️ "
#: The longest text a widget's logic accepts (a pasted megabyte would freeze the widget).
MAX_TEXT = 2000


def never_raises(fn=None, *, max_text: int = MAX_TEXT, on_error=str):
    """Decorate a widget's logic: too long a text, a CourseError or any exception becomes a one-line
    message (starting with WARNING, passed through ``on_error``) instead of a traceback in the widget."""

    def decorate(function):
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
            except Exception as exc:
                return on_error(f"{WARNING}{type(exc).__name__}: {clip(str(exc))}")

        return guarded

    return decorate(fn) if fn is not None else decorate


class Figure:
    """A picture with its text alternative: Jupyter shows an HTML ``<figure>``, ``repr()`` gives the words."""

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
    """``picture`` (a matplotlib figure, then closed; a Pillow image; an RGB array) with ``alt``, the words a
    screen reader reads instead (JupyterLab gives a plain ``plt.show()`` none), and a visible ``caption``."""
    if not isinstance(alt, str) or not alt.strip():
        raise CourseError("figure() needs alt: a sentence saying what the picture shows.")
    buffer = io.BytesIO()
    if hasattr(picture, "savefig"):
        picture.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
        import matplotlib.pyplot as plt

        plt.close(picture)
    elif hasattr(picture, "save") and hasattr(picture, "mode"):
        picture.save(buffer, format="PNG")
    elif hasattr(picture, "shape") and hasattr(picture, "dtype"):
        from PIL import Image

        Image.fromarray(picture).save(buffer, format="PNG")
    else:
        raise CourseError(
            f"figure() shows a matplotlib figure, a Pillow image or an RGB array, not {type(picture).__name__}."
        )
    return Figure(buffer.getvalue(), alt.strip(), caption)
