"""Checks for the exercises of ``14_moviepy.ipynb``: each compares the learner's clip with the scene ``clip``
(duration, size, fps, and the colours of frames, which run the learner's code through ``call``)."""

from __future__ import annotations

import numpy as np
from moviepy import CompositeVideoClip, TextClip, VideoClip

from coursekit.checks import Wrong, call, exercise


def _clips(value, name: str, clip) -> float:
    """The duration of the learner's clip ``value``; Wrong if it or the scene ``clip`` is not a usable clip."""
    if not isinstance(clip, VideoClip) or clip.duration is None or not getattr(clip, "fps", None):
        raise Wrong(
            "the second argument should be the notebook's scene `clip` (3 s at 12 fps); "
            "run the cell that makes it, then this check again."
        )
    if callable(value) and not isinstance(value, VideoClip):
        raise Wrong(f"{name} is a function; assign the clip itself.", hint=f"{name} = clip.<method>(...)")
    if not isinstance(value, VideoClip):
        raise Wrong(f"{name} should be a MoviePy clip, but it is {type(value).__name__} ({value!r:.60}).")
    if value.duration is None:
        raise Wrong(
            f"{name} has no duration (None), so it would play for ever and cannot be exported.",
            hint="a TextClip or ColorClip needs duration=... (or .with_duration(...)).",
        )
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
        raise Wrong(
            "the clip lasts 1.5 s and starts with the scene's first frame: the whole clip sped up, not cut.",
            hint="cut with .subclipped(0.5, 2.0) before .with_speed_scaled(2).",
        )
    if abs(duration - 1.5) < 1e-6:
        raise Wrong(
            "the clip lasts 1.5 s: that is the cut, not yet played twice as fast.", hint="add .with_speed_scaled(2)."
        )
    if abs(duration - 0.75) > 1e-6:
        raise Wrong(f"the clip lasts {duration:g} s; 1.5 s of video at double speed lasts 0.75 s.")
    if tuple(highlight.size) != tuple(clip.size):
        raise Wrong(f"the clip is {highlight.w}×{highlight.h} px; cutting and speeding up keep {clip.w}×{clip.h}.")
    if getattr(highlight, "fps", None) != clip.fps:
        raise Wrong(
            f"the clip has {getattr(highlight, 'fps', None)!r} fps; speeding up keeps the scene's {clip.fps:g}."
        )
    for new, old in ((0, 0.5), (0.5, 1.5)):
        if not _same(_frame(highlight, new, "highlight"), _frame(clip, old, "clip")):
            raise Wrong(f"at t = {new:g} s the highlight should show the scene's frame at {old:g} s, but it differs.")
    return f"0.75 s at {clip.fps:g} fps; it starts with the frame at 0.5 s and shows 1.5 s at its 0.5 s."


@exercise("Make a portrait version", hint="clip.with_effects([vfx.Rotate(90)]) swaps width and height.")
def check_portrait(portrait, clip):
    """``portrait`` is ``clip`` turned a quarter turn (either way): 90×160 px, same duration."""
    duration = _clips(portrait, "portrait", clip)
    if tuple(portrait.size) == tuple(clip.size):
        raise Wrong(
            f"portrait is still {portrait.w}×{portrait.h} px, a landscape frame.",
            hint="clip.rotated(90) keeps the old frame size (and crops); vfx.Rotate(90) swaps width and height.",
        )
    if tuple(portrait.size) != (clip.h, clip.w):
        raise Wrong(
            f"portrait is {portrait.w}×{portrait.h} px; a quarter turn of {clip.w}×{clip.h} is {clip.h}×{clip.w}."
        )
    if abs(duration - clip.duration) > 1e-6:
        raise Wrong(f"portrait lasts {duration:g} s; turning the picture keeps the {clip.duration:g} s.")
    t = clip.duration / 3  # not the middle: a scene may look the same mirrored at its middle
    frame, original = _frame(portrait, t, "portrait"), _frame(clip, t, "clip")
    way = "anticlockwise" if _same(frame, np.rot90(original, 1)) else "clockwise"
    if not _same(frame, np.rot90(original, 1 if way == "anticlockwise" else -1)):
        raise Wrong(
            f"the frame at {t:g} s is {clip.h}×{clip.w} px but it is not the scene turned by 90°: "
            "resizing to (90, 160) squashes the picture instead of turning it."
        )
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
        raise Wrong(
            f"titled lasts {duration:g} s, longer than the scene's {clip.duration:g} s: concatenate_videoclips "
            "plays clips one after another; the title should be over the scene."
        )
    if abs(duration - clip.duration) > 1e-6:
        raise Wrong(f"titled lasts {duration:g} s; it should last as long as the scene, {clip.duration:g} s.")
    layers = titled.clips if isinstance(titled, CompositeVideoClip) else []
    if tuple(titled.size) != tuple(clip.size):
        first = "; CompositeVideoClip takes its size from the first clip: put the scene first"
        raise Wrong(f"titled is {titled.w}×{titled.h} px, not the scene's {clip.w}×{clip.h}{first if layers else ''}.")
    if not any(isinstance(layer, TextClip) for layer in layers):
        raise Wrong("titled has no TextClip among its layers.")
    for t in (0.0, clip.duration - 1 / clip.fps):
        frame, scene = _frame(titled, t, "titled"), _frame(clip, t, "clip")
        changed = float((np.abs(frame.astype(int) - scene.astype(int)).sum(axis=2) > 30).mean())
        if changed == 0 and t > 0:
            raise Wrong(
                f"the text is there at the start but gone at t = {t:.2f} s: it should stay for the whole clip.",
                hint="give the text duration=clip.duration (or .with_duration(clip.duration)).",
            )
        if changed == 0:
            raise Wrong(
                f"at t = {t:.2f} s titled looks exactly like the scene: the text is hidden or missing.",
                hint="list the scene first (later clips cover earlier ones) and give the text duration=clip.duration.",
            )
        if changed > 0.6:
            raise Wrong(f"at t = {t:.2f} s {changed:.0%} of titled differs from the scene: the title covers too much.")
    return f"text over the scene for all {duration:g} s, {titled.w}×{titled.h} px."
