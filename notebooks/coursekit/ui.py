"""One guard for the logic behind every widget: bad values come back as a message.

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

import functools
from collections.abc import Callable
from typing import Any

from coursekit import CourseError
from coursekit.checks import clip

__all__ = ["never_raises", "MAX_TEXT", "WARNING"]

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
