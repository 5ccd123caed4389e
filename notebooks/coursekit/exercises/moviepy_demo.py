"""Checks for the exercises of ``14_moviepy.ipynb``.

Each check builds the demo clip itself, runs the learner's function on it and
compares what comes back frame by frame, so any correct MoviePy 2 spelling passes.

>>> from moviepy import vfx
>>> check_highlight(lambda clip: clip.subclipped(1, 2).with_speed_scaled(2))
✅ Cut and speed up: correct! 0.5 s long, and its first frame is the original's frame at t = 1 s.
>>> check_portrait(lambda clip: clip.rotated(90))  # doctest: +NORMALIZE_WHITESPACE
❌ Turn it into a portrait clip: the result is 160×90 px, but a portrait clip of a 160×90 scene
should be 90×160 px.
💡 Hint: clip.rotated(90) keeps the old frame size by default and crops the corners:
use clip.with_effects([vfx.Rotate(90)]), which swaps width and height.
"""

from __future__ import annotations

import numpy as np
from moviepy import TextClip, VideoClip

from coursekit import video
from coursekit.checks import Wrong, call, exercise

__all__ = ["check_highlight", "check_portrait", "check_title"]


def _returned_clip(fn, clip, what):
    result = call(fn, clip, what=what)
    if result is None:
        raise Wrong(
            f"{what} returned None: did you forget `return`?",
            hint="MoviePy 2 methods return a new clip; return that new clip.",
        )
    if not isinstance(result, VideoClip):
        raise Wrong(
            f"{what} returned {type(result).__name__}, not a video clip.",
            hint="methods like clip.subclipped(...) return a new VideoClip: return it.",
        )
    if result.duration is None or result.duration <= 0:
        raise Wrong(
            f"{what} returned a clip whose duration is {result.duration!r}; it should be a positive number of seconds.",
            hint="subclipped(start, end) needs start < end, both inside the clip.",
        )
    return result


def _same_frame(got, expected, tolerance: float = 2.0) -> bool:
    got, expected = np.asarray(got), np.asarray(expected)
    return got.shape == expected.shape and video.frame_difference(got, expected) <= tolerance


@exercise(
    "Cut and speed up", hint="clip.subclipped(1, 2) keeps seconds 1 to 2; .with_speed_scaled(2) plays it twice as fast."
)
def check_highlight(highlight):
    """``highlight(clip)`` returns seconds 1–2 of ``clip`` played at double speed."""
    clip = video.make_clip(duration=3)
    result = _returned_clip(highlight, clip, "highlight(clip)")
    if abs(result.duration - 0.5) > 1e-6:
        if abs(result.duration - 1) < 1e-6:
            raise Wrong(
                "the result is 1 s long: you cut the right part but did not speed it up.",
                hint="add .with_speed_scaled(2) (or .with_effects([vfx.MultiplySpeed(2)])).",
            )
        if abs(result.duration - 1.5) < 1e-6:
            raise Wrong(
                "the result is 1.5 s long: you sped the whole clip up but did not cut it.",
                hint="cut first with .subclipped(1, 2), then speed up.",
            )
        raise Wrong(f"the result is {result.duration:g} s long; 1 s of video at double speed lasts 0.5 s.")
    for t_new, t_old in ((0, 1.0), (0.25, 1.5)):
        if not _same_frame(result.get_frame(t_new), clip.get_frame(t_old)):
            raise Wrong(
                f"the frame at t = {t_new:g} s of your clip should be the original's frame at "
                f"t = {t_old:g} s, but it is not.",
                hint="cut seconds 1 to 2 (subclipped(1, 2)), then double the speed.",
            )
    return "0.5 s long, and its first frame is the original's frame at t = 1 s."


@exercise(
    "Turn it into a portrait clip",
    hint="clip.with_effects([vfx.Rotate(90)]) turns the picture a quarter turn anticlockwise.",
)
def check_portrait(portrait):
    """``portrait(clip)`` returns ``clip`` turned 90° anticlockwise, 90×160 px."""
    clip = video.make_clip(duration=1)
    result = _returned_clip(portrait, clip, "portrait(clip)")
    if tuple(result.size) != (clip.h, clip.w):
        hint = None
        if tuple(result.size) == tuple(clip.size):
            hint = (
                "clip.rotated(90) keeps the old frame size by default and crops the corners: use "
                "clip.with_effects([vfx.Rotate(90)]), which swaps width and height."
            )
        raise Wrong(
            f"the result is {result.w}×{result.h} px, but a portrait clip of a "
            f"{clip.w}×{clip.h} scene should be {clip.h}×{clip.w} px.",
            hint=hint,
        )
    if abs(result.duration - clip.duration) > 1e-6:
        raise Wrong(
            f"rotating should not change the duration ({clip.duration:g} s), but yours lasts {result.duration:g} s."
        )
    original = clip.get_frame(0.5)
    frame = result.get_frame(0.5)
    if _same_frame(frame, np.rot90(original, k=-1)):
        raise Wrong(
            "your clip is turned clockwise (the sky is on the right).",
            hint="positive angles turn anticlockwise: Rotate(90), not Rotate(-90) or Rotate(270).",
        )
    if not _same_frame(frame, np.rot90(original, k=1)):
        raise Wrong(
            "the size is right, but the picture is not the scene turned a quarter turn "
            "anticlockwise (the sky should be on the left)."
        )
    return f"{clip.w}×{clip.h} became {result.w}×{result.h}, sky on the left."


@exercise(
    "A title whose letters are all there",
    hint="TextClip(font=str(video.FONT), text=..., font_size=..., color='white', margin=(4, 12), duration=2)",
)
def check_title(title):
    """``title`` is a 2-second clip reading 'Happy typing' whose letters touch no edge."""
    if title is None:
        raise Wrong("title is None: assign the clip itself, e.g. title = TextClip(...).")
    if not isinstance(title, TextClip):
        raise Wrong(f"title should be a TextClip, but it is {type(title).__name__}.")
    text = getattr(title, "text", "")
    if text.strip() != "Happy typing":
        raise Wrong(f"the text is {text!r}; it should be 'Happy typing' (its g, y and p have tails).")
    if title.duration is None or abs(title.duration - 2) > 1e-6:
        raise Wrong(
            f"the title lasts {title.duration!r} s; it should last 2 seconds.",
            hint="pass duration=2 to TextClip, or call .with_duration(2).",
        )
    edges = video.ink_at_edges(title)
    if edges:
        raise Wrong(
            f"ink touches the {video.join_words(edges)} edge of the clip, so letters are cut off.",
            hint="give the text room: TextClip(..., margin=(4, 12)).",
        )
    return f"{title.w}×{title.h} px with empty space all round: every tail of g, y and p is whole."
