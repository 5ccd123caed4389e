"""Widget logic of notebook 14: the frame at time *t*, turned, with alt text on what the turn did (size, black)."""

from __future__ import annotations

import html

import numpy as np
from moviepy import VideoClip, vfx

from coursekit import CourseError
from coursekit.ui import figure, never_raises

ROTATIONS = {  # the rotation dropdown's choices: the MoviePy 2 code the learner picks → what it does to a clip
    "clip": lambda clip: clip,
    "clip.with_effects([vfx.Rotate(90)])": lambda clip: clip.with_effects([vfx.Rotate(90)]),
    "clip.with_effects([vfx.Rotate(-90)])": lambda clip: clip.with_effects([vfx.Rotate(-90)]),
    "clip.with_effects([vfx.Rotate(45)])": lambda clip: clip.with_effects([vfx.Rotate(45)]),
    "clip.rotated(90)": lambda clip: clip.rotated(90),
    "clip.rotated(90, expand=True)": lambda clip: clip.rotated(90, expand=True),
}


class Message(str):
    """What the preview shows instead of a frame: one line of text (as HTML for a widget)."""

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self)}</p>"


def _black(frame: np.ndarray) -> float:
    return float((frame.reshape(-1, frame.shape[-1])[:, :3] == 0).all(axis=1).mean())


@never_raises(on_error=Message)
def frame_at(clip: VideoClip, t: object = 0.0, rotation: object = "clip"):
    """The frame an export writes at ``t`` s after ``rotation`` (a key of ROTATIONS), drawn twice as large."""
    if not isinstance(clip, VideoClip) or clip.duration is None or not getattr(clip, "fps", None):
        raise CourseError("clip must be a MoviePy VideoClip with a duration and an fps.")
    try:
        t = float(t)  # a number, or its text
    except (TypeError, ValueError):
        raise CourseError(f"t must be a number of seconds, not {t!r:.40}.") from None
    if not 0 <= t <= clip.duration:  # nan too
        raise CourseError(f"t must be a time from 0 to {clip.duration:g} s (the clip's duration), not {t!r:.40}.")
    if not isinstance(rotation, str) or rotation not in ROTATIONS:
        raise CourseError(f"rotation must be one of {', '.join(ROTATIONS)}; got {rotation!r:.40}.")
    index = min(int(t * clip.fps + 1e-9), clip.n_frames - 1)  # the frame number an export writes
    when = index / clip.fps
    frame = np.asarray(ROTATIONS[rotation](clip).get_frame(when), dtype=np.uint8)
    (h, w), black = frame.shape[:2], max(0.0, _black(frame) - _black(np.asarray(clip.get_frame(when))))
    turned = "" if rotation == "clip" else f"after {rotation}, "
    alt = f"Frame {index} (of 0–{clip.n_frames - 1}), at t = {when:.2f} s, {turned}{w}×{h} px "
    alt += f"(the clip is {clip.w}×{clip.h}), {black:.0%} of it black filling"
    caption = f"{rotation}.get_frame({when:.3g}): frame {index}, {w}×{h} px, {black:.0%} black"
    return figure(frame.repeat(2, axis=0).repeat(2, axis=1), alt=alt, caption=caption)
