"""Widget logic of the MoviePy demo (notebook 14): the frame of a clip at time *t*, turned.

The clips themselves are the lesson, so the notebook makes them in its own cells; this
module only answers the time slider and the rotation dropdown. :func:`frame_at` takes any
MoviePy clip, a time and one of the :data:`ROTATIONS`, and returns a
:func:`coursekit.ui.figure` whose alt text says what the turn did to the frame: its new
size and how much of it is black filling. Bad values give a message, never a traceback.

>>> import numpy as np
>>> from moviepy import VideoClip
>>> grey = VideoClip(frame_function=lambda t: np.full((90, 160, 3), 128, np.uint8), duration=3).with_fps(12)
>>> print(frame_at(grey, 1.5, "clip.with_effects([vfx.Rotate(90)])").alt)  # doctest: +NORMALIZE_WHITESPACE
Frame 18 (of 0–35), at t = 1.50 s, after clip.with_effects([vfx.Rotate(90)]),
90×160 px (the clip is 160×90), 0% of it black filling
>>> frame_at(grey, 1.5, "clip.rotated(90)").caption
'clip.rotated(90).get_frame(1.5): frame 18, 160×90 px, 44% black'
>>> frame_at(grey, 7)
⚠️ t must be a time from 0 to 3 s (the clip's duration), not 7.
"""

from __future__ import annotations

import html
import math
import numbers

import numpy as np
from moviepy import VideoClip, vfx

from coursekit import CourseError
from coursekit.ui import figure, never_raises

__all__ = ["ROTATIONS", "frame_at", "Message"]

#: The rotation dropdown's choices: the MoviePy 2 code the learner picks → what it does to a clip.
ROTATIONS = {
    "clip": lambda clip: clip,
    "clip.with_effects([vfx.Rotate(90)])": lambda clip: clip.with_effects([vfx.Rotate(90)]),
    "clip.with_effects([vfx.Rotate(-90)])": lambda clip: clip.with_effects([vfx.Rotate(-90)]),
    "clip.with_effects([vfx.Rotate(45)])": lambda clip: clip.with_effects([vfx.Rotate(45)]),
    "clip.rotated(90)": lambda clip: clip.rotated(90),
    "clip.rotated(90, expand=True)": lambda clip: clip.rotated(90, expand=True),
}


class Message:
    """What the preview shows instead of a frame: one line of text (as HTML for a widget).

    >>> Message("⚠️ no frame")
    ⚠️ no frame
    >>> Message("a < b")._repr_html_()
    '<p>a &lt; b</p>'
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.text)}</p>"

    def __repr__(self) -> str:
        return self.text


def _time(t: object, duration: float) -> float:
    if isinstance(t, str):
        try:
            t = float(t.strip())
        except ValueError:
            raise CourseError(f"t must be a number of seconds, not the text {t!r}.") from None
    if isinstance(t, bool) or not isinstance(t, numbers.Real):
        raise CourseError(f"t must be a number of seconds, not {type(t).__name__}.")
    if not math.isfinite(t) or not 0 <= t <= duration:
        raise CourseError(f"t must be a time from 0 to {duration:g} s (the clip's duration), not {t!r}.")
    return float(t)


def _black_share(frame: np.ndarray) -> float:
    return float((frame.reshape(-1, frame.shape[-1])[:, :3] == 0).all(axis=1).mean())


@never_raises(on_error=Message)
def frame_at(clip: VideoClip, t: object = 0.0, rotation: object = "clip", scale: int = 2):
    """The frame of ``clip`` at time ``t`` (seconds) after ``rotation``, as a figure with alt text.

    ``rotation`` is a key of :data:`ROTATIONS`. The frame is shown ``scale`` times as large.
    Returns a :func:`coursekit.ui.figure` (its ``_repr_html_()`` is what a ``widgets.HTML``
    shows), or a :class:`Message` saying what is wrong with the values.
    """
    if not isinstance(clip, VideoClip) or clip.duration is None or not getattr(clip, "fps", None):
        raise CourseError("clip must be a MoviePy VideoClip with a duration and an fps.")
    time = _time(t, clip.duration)
    if not isinstance(rotation, str) or rotation not in ROTATIONS:
        raise CourseError(f"rotation must be one of {', '.join(ROTATIONS)}; got {rotation!r}.")
    # The frame shown is the one an export would write: frame number int(t * fps).
    index = min(int(time * clip.fps + 1e-9), clip.n_frames - 1)
    frame = np.asarray(ROTATIONS[rotation](clip).get_frame(index / clip.fps), dtype=np.uint8)
    h, w = frame.shape[:2]
    black = _black_share(frame) - _black_share(np.asarray(clip.get_frame(index / clip.fps)))
    when = index / clip.fps
    turned = "" if rotation == "clip" else f"after {rotation}, "
    alt = (
        f"Frame {index} (of 0–{clip.n_frames - 1}), at t = {when:.2f} s, {turned}{w}×{h} px "
        f"(the clip is {clip.w}×{clip.h}), {max(0.0, black):.0%} of it black filling"
    )
    big = frame.repeat(scale, axis=0).repeat(scale, axis=1) if scale in (1, 2, 3) else frame
    caption = f"{rotation}.get_frame({when:.3g}): frame {index}, {w}×{h} px, {max(0.0, black):.0%} black"
    return figure(big, alt=alt, caption=caption)
