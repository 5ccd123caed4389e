"""Checks for the exercises of ``14_moviepy.ipynb``: each looks at the clip the learner made.

Every check takes the learner's clip and the notebook's scene ``clip`` it was made from,
and compares what it can measure: duration, size, fps, and the colours of frames, which
the learner's code computes only when asked (so code that fails inside a frame function
is reported here too, as a message).

>>> import numpy as np
>>> from moviepy import VideoClip
>>> def scene(t):  # a grey frame that brightens with time: every moment has its own colour
...     return np.full((90, 160, 3), int(40 + 60 * t), dtype=np.uint8)
>>> clip = VideoClip(frame_function=scene, duration=3).with_fps(12)
>>> check_highlight(clip.subclipped(0.5, 2.0).with_speed_scaled(2), clip)
✅ Cut and speed up: correct! 0.75 s at 12 fps; it starts with the frame at 0.5 s and shows 1.5 s at its 0.5 s.
>>> check_highlight(clip.subclipped(0.5, 2.0), clip)
❌ Cut and speed up: the clip lasts 1.5 s: that is the cut, not yet played twice as fast.
💡 Hint: add .with_speed_scaled(2) to the cut.
"""

from __future__ import annotations

import numpy as np
from moviepy import CompositeVideoClip, TextClip, VideoClip

from coursekit.checks import Wrong, call, exercise

__all__ = ["check_highlight", "check_portrait", "check_title"]


def _expect_clip(value, name: str) -> VideoClip:
    if callable(value) and not isinstance(value, VideoClip):
        raise Wrong(
            f"{name} is a function; assign the clip itself.",
            hint=f"{name} = clip.<method>(...): a clip method returns the new clip.",
        )
    if not isinstance(value, VideoClip):
        raise Wrong(f"{name} should be a MoviePy clip, but it is {type(value).__name__} ({value!r:.60}).")
    return value


def _scene(clip) -> VideoClip:
    if not isinstance(clip, VideoClip) or clip.duration is None or not getattr(clip, "fps", None):
        raise Wrong(
            "the second argument should be the notebook's scene `clip` (3 s at 12 fps); "
            "run the cell that makes it, then this check again."
        )
    return clip


def _duration(value: VideoClip, name: str) -> float:
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
    clip = _scene(clip)
    highlight = _expect_clip(highlight, "highlight")
    duration = _duration(highlight, "highlight")
    if abs(duration - 1.5) < 1e-6:  # the cut alone, or the whole clip sped up: both last 1.5 s
        if _same(_frame(highlight, 0, "highlight"), _frame(clip, 0, "clip")):
            raise Wrong(
                "the clip lasts 1.5 s and starts with the scene's first frame: the whole clip sped up, not cut.",
                hint="cut with .subclipped(0.5, 2.0) before .with_speed_scaled(2).",
            )
        raise Wrong(
            "the clip lasts 1.5 s: that is the cut, not yet played twice as fast.",
            hint="add .with_speed_scaled(2) to the cut.",
        )
    if abs(duration - 0.75) > 1e-6:
        raise Wrong(f"the clip lasts {duration:g} s; 1.5 s of video at double speed lasts 0.75 s.")
    if tuple(highlight.size) != tuple(clip.size):
        raise Wrong(f"the clip is {highlight.w}×{highlight.h} px; cutting and speeding up keep {clip.w}×{clip.h}.")
    fps = getattr(highlight, "fps", None)
    if fps != clip.fps:
        raise Wrong(f"the clip has {fps!r} fps; speeding up keeps the scene's {clip.fps:g} fps.")
    for new, old in ((0, 0.5), (0.5, 1.5)):
        if not _same(_frame(highlight, new, "highlight"), _frame(clip, old, "clip")):
            raise Wrong(
                f"at t = {new:g} s the highlight should show the scene's frame at {old:g} s, but its colours differ.",
                hint="keep seconds 0.5 to 2.0: clip.subclipped(0.5, 2.0), then double the speed.",
            )
    return f"0.75 s at {clip.fps:g} fps; it starts with the frame at 0.5 s and shows 1.5 s at its 0.5 s."


@exercise("Make a portrait version", hint="clip.with_effects([vfx.Rotate(90)]) swaps width and height.")
def check_portrait(portrait, clip):
    """``portrait`` is ``clip`` turned a quarter turn (either way): 90×160 px, same duration."""
    clip = _scene(clip)
    portrait = _expect_clip(portrait, "portrait")
    duration = _duration(portrait, "portrait")
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
    if not (_same(frame, np.rot90(original, 1)) or _same(frame, np.rot90(original, -1))):
        raise Wrong(
            f"the frame at {t:g} s is {clip.h}×{clip.w} px but it is not the scene turned by 90°: "
            "resizing to (90, 160) squashes the picture instead of turning it.",
        )
    way = "anticlockwise" if _same(frame, np.rot90(original, 1)) else "clockwise"
    return f"{clip.w}×{clip.h} became {portrait.w}×{portrait.h}, turned {way}, {duration:g} s long."


@exercise(
    "Put a title over the scene",
    hint="CompositeVideoClip([clip, TextClip(text=..., font_size=16, color='white', duration=clip.duration)])",
)
def check_title(titled, clip):
    """``titled`` is ``clip`` with a ``TextClip`` over it for the whole clip."""
    clip = _scene(clip)
    titled = _expect_clip(titled, "titled")
    if isinstance(titled, TextClip):
        raise Wrong(
            "titled is the text alone; it should be the scene with the text on top.",
            hint="CompositeVideoClip([clip, text]) plays the clips on top of each other.",
        )
    duration = _duration(titled, "titled")
    if duration > clip.duration + 1e-6:
        raise Wrong(
            f"titled lasts {duration:g} s, longer than the scene's {clip.duration:g} s: "
            "concatenate_videoclips plays clips one after another; the title should be over the scene.",
            hint="CompositeVideoClip([clip, text]) layers them.",
        )
    if abs(duration - clip.duration) > 1e-6:
        raise Wrong(f"titled lasts {duration:g} s; it should last as long as the scene, {clip.duration:g} s.")
    layers = titled.clips if isinstance(titled, CompositeVideoClip) else []
    if tuple(titled.size) != tuple(clip.size):
        raise Wrong(
            f"titled is {titled.w}×{titled.h} px; it should keep the scene's {clip.w}×{clip.h}.",
            hint="CompositeVideoClip takes its size from the first clip in the list: put the scene first."
            if layers and isinstance(layers[0], TextClip)
            else None,
        )
    if not any(isinstance(layer, TextClip) for layer in layers):
        raise Wrong("titled has no TextClip among its layers.", hint="make one with TextClip(text=..., ...).")
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
                hint="list the scene first: later clips in CompositeVideoClip([...]) cover earlier ones; "
                "and give the text duration=clip.duration.",
            )
        if changed > 0.6:
            raise Wrong(
                f"at t = {t:.2f} s {changed:.0%} of titled differs from the scene: the title should cover "
                "only part of it, with the scene visible around the text.",
            )
    return f"text over the scene for all {duration:g} s, {titled.w}×{titled.h} px."
