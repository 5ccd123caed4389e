"""Checks for the exercises of ``14_moviepy.ipynb``: each compares the learner's clip with the scene ``clip``
(duration, size, fps, and the colours of frames, which run the learner's code through ``call``)."""

from __future__ import annotations

import numpy as np
from moviepy import TextClip, VideoClip

from coursekit.checks import Wrong, call, exercise


def _clips(value, name: str, clip) -> float:
    """The duration of the learner's clip ``value``; Wrong if it or the scene ``clip`` is not a usable clip."""
    if not isinstance(clip, VideoClip) or clip.duration is None or not getattr(clip, "fps", None):
        raise Wrong("the second argument should be the scene `clip`: run the cell that makes it, then this check.")
    if not isinstance(value, VideoClip):
        function = "; it is a function: assign the clip itself" if callable(value) else ""
        raise Wrong(f"{name} should be a MoviePy clip, but it is {type(value).__name__} ({value!r:.60}){function}.")
    if value.duration is None:
        raise Wrong(f"{name} has no duration, so it would play for ever: give a TextClip or ColorClip duration=...")
    return float(value.duration)


def _frame(value: VideoClip, t: float, name: str) -> np.ndarray:
    return np.asarray(call(value.get_frame, t, what=f"{name}.get_frame({t:g})"))


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and float(np.abs(a.astype(float) - b.astype(float)).mean()) <= 2


@exercise("Cut and speed up", hint="clip.subclipped(0.5, 2.0).with_speed_scaled(2)")
def check_highlight(highlight, clip):
    """``highlight`` is seconds 0.5–2.0 of ``clip``, played twice as fast (0.75 s)."""
    duration = _clips(highlight, "highlight", clip)
    if abs(duration - 1.5) < 1e-6 and _same(_frame(highlight, 0, "highlight"), _frame(clip, 0, "clip")):
        raise Wrong("the clip lasts 1.5 s and starts with the scene's first frame: the whole clip sped up, not cut.")
    if abs(duration - 1.5) < 1e-6:
        raise Wrong("the clip lasts 1.5 s: that is the cut, not yet played twice as fast.")
    if abs(duration - 0.75) > 1e-6:
        raise Wrong(f"the clip lasts {duration:g} s; 1.5 s of video at double speed lasts 0.75 s.")
    if (highlight.size, getattr(highlight, "fps", None)) != (clip.size, clip.fps):
        got = f"{highlight.w}×{highlight.h} px at {getattr(highlight, 'fps', None)} fps"
        raise Wrong(f"the clip is {got}; cutting and speeding up keep the scene's size and fps.")
    for new, old in ((0, 0.5), (0.5, 1.5)):
        if not _same(_frame(highlight, new, "highlight"), _frame(clip, old, "clip")):
            raise Wrong(f"at t = {new:g} s the highlight should show the scene's frame at {old:g} s, but it differs.")
    return f"0.75 s at {clip.fps:g} fps; it starts with the frame at 0.5 s and shows 1.5 s at its 0.5 s."


@exercise("Make a portrait version", hint="clip.with_effects([vfx.Rotate(90)]) swaps width and height.")
def check_portrait(portrait, clip):
    """``portrait`` is ``clip`` turned a quarter turn (either way): 90×160 px, same duration."""
    duration = _clips(portrait, "portrait", clip)
    if tuple(portrait.size) == tuple(clip.size):
        raise Wrong(f"portrait is still {portrait.w}×{portrait.h} px: clip.rotated(90) keeps the frame size.")
    if tuple(portrait.size) != (clip.h, clip.w):
        raise Wrong(f"portrait is {portrait.w}×{portrait.h} px; a quarter turn gives {clip.h}×{clip.w}.")
    if abs(duration - clip.duration) > 1e-6:
        raise Wrong(f"portrait lasts {duration:g} s; turning the picture keeps the {clip.duration:g} s.")
    t = clip.duration / 3  # not the middle: a scene may look the same mirrored at its middle
    frame, original = _frame(portrait, t, "portrait"), _frame(clip, t, "clip")
    way = next((way for k, way in ((1, "anticlockwise"), (-1, "clockwise")) if _same(frame, np.rot90(original, k))), "")
    if not way:
        raise Wrong(f"the frame at {t:g} s is not the scene turned by 90°: resizing to (90, 160) squashes it instead.")
    return f"{clip.w}×{clip.h} became {portrait.w}×{portrait.h}, turned {way}, {duration:g} s long."


@exercise(
    "Put a title over the scene",
    hint="CompositeVideoClip([clip, TextClip(text=..., font_size=16, color='white', duration=clip.duration)])",
)
def check_title(titled, clip):
    """``titled`` is ``clip`` with a ``TextClip`` over it for the whole clip."""
    if isinstance(titled, TextClip):
        raise Wrong("titled is the text alone; it should be the scene with the text on top.")
    duration = _clips(titled, "titled", clip)
    if duration > clip.duration + 1e-6:
        raise Wrong("titled is longer than the scene: concatenate_videoclips plays clips one after another.")
    if abs(duration - clip.duration) > 1e-6:
        raise Wrong(f"titled lasts {duration:g} s; it should last as long as the scene, {clip.duration:g} s.")
    if tuple(titled.size) != tuple(clip.size):
        raise Wrong(f"titled is {titled.w}×{titled.h} px: put the scene first (the first clip sets the size).")
    if not any(isinstance(layer, TextClip) for layer in getattr(titled, "clips", [])):
        raise Wrong("titled has no TextClip among its layers.")
    for t in (0.0, clip.duration - 1 / clip.fps):
        frame, scene = _frame(titled, t, "titled"), _frame(clip, t, "clip")
        changed = float((np.abs(frame.astype(int) - scene.astype(int)).sum(axis=2) > 30).mean())
        if changed == 0:
            gone = "gone (give it duration=clip.duration)" if t > 0 else "hidden or missing (list the scene first)"
            raise Wrong(f"at t = {t:.2f} s titled looks exactly like the scene: the text is {gone}.")
        if changed > 0.6:
            raise Wrong(f"at t = {t:.2f} s {changed:.0%} of titled differs from the scene: the title covers too much.")
    return f"text over the scene for all {duration:g} s, {titled.w}×{titled.h} px."
