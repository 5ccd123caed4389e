"""Exercise checks of 14_moviepy: the solutions pass; wrong types, wrong values and code that raises get a message."""

import numpy as np
import pytest
from moviepy import ColorClip, CompositeVideoClip, TextClip, VideoClip, concatenate_videoclips, vfx

from coursekit.exercises import moviepy_demo as ex

W, H = 160, 90


def _scene(t):
    """The notebook's scene: sky, grass and a red ball rolling from x = 10 to x = 150 in 3 s."""
    frame = np.empty((H, W, 3), dtype=np.uint8)
    frame[:60], frame[60:] = (135, 190, 235), (60, 150, 60)
    rows, cols = np.ogrid[:H, :W]
    frame[(cols - (10 + 140 * t / 3)) ** 2 + (rows - 52) ** 2 <= 64] = (220, 40, 40)
    return frame


CLIP = VideoClip(frame_function=_scene, duration=3).with_fps(12)


def _text(**options):
    return TextClip(text="Watch the ball", font_size=14, color="white", margin=(0, 10), **options)


def _fails_after_the_start(clip):
    """Learner code that raises, but only when a later frame is computed (as MoviePy code does)."""
    return clip.transform(lambda get_frame, t: get_frame(t) if t < 0.1 else 1 / 0)


def _ok(feedback):
    assert feedback, feedback.message
    assert feedback.message.startswith("✅")


def _wrong(feedback, *fragments):
    assert not feedback
    assert feedback.message.startswith("❌") and "Traceback" not in feedback.message
    for fragment in fragments:
        assert fragment in feedback.message, feedback.message


@pytest.mark.parametrize("check", [ex.check_highlight, ex.check_portrait, ex.check_title])
def test_unanswered(check):
    feedback = check(..., CLIP)
    assert not feedback and "not answered yet" in feedback.message


@pytest.mark.parametrize("check", [ex.check_highlight, ex.check_portrait, ex.check_title])
@pytest.mark.parametrize(
    "answer, fragments",
    [
        (None, ["should be a MoviePy clip", "NoneType"]),
        ("clip", ["should be a MoviePy clip", "str"]),
        (0.75, ["should be a MoviePy clip", "float"]),
        (lambda clip: clip, ["it is a function", "assign the clip itself"]),
    ],
)
def test_wrong_types_get_a_message(check, answer, fragments):
    _wrong(check(answer, CLIP), *fragments)


@pytest.mark.parametrize("check", [ex.check_highlight, ex.check_portrait, ex.check_title])
def test_without_the_scene_the_check_says_what_to_run(check):
    _wrong(check(CLIP, None), "second argument", "run the cell that makes it")


# ------------------------------------------------------------------ exercise 1
@pytest.mark.parametrize(
    "solution",
    [
        CLIP.subclipped(0.5, 2.0).with_speed_scaled(2),
        CLIP.subclipped(0.5, 2.0).with_effects([vfx.MultiplySpeed(2)]),
        CLIP.with_speed_scaled(2).subclipped(0.25, 1.0),
        CLIP.subclipped(0.5, 2.0).with_speed_scaled(final_duration=0.75),
    ],
)
def test_highlight_solutions_pass(solution):
    _ok(ex.check_highlight(solution, CLIP))


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (CLIP.subclipped(0.5, 2.0), ["lasts 1.5 s", "not yet played twice as fast"]),
        (CLIP.with_speed_scaled(2), ["whole clip sped up, not cut"]),
        (CLIP.subclipped(0, 1.5).with_speed_scaled(2), ["at t = 0 s", "frame at 0.5 s"]),
        (CLIP.subclipped(0.5, 2.0).with_speed_scaled(3), ["lasts 0.5 s", "0.75 s"]),
        (CLIP.subclipped(0.5, 2.0).with_speed_scaled(2).resized(0.5), ["80×45 px"]),
        (CLIP.subclipped(0.5, 2.0).with_speed_scaled(2).with_fps(24), ["24 fps"]),
        (ColorClip(size=(W, H), color=(0, 0, 0)), ["no duration"]),
    ],
)
def test_highlight_mistakes_get_messages(answer, fragments):
    _wrong(ex.check_highlight(answer, CLIP), *fragments)


def test_highlight_code_that_raises_gets_a_message():
    _wrong(
        ex.check_highlight(_fails_after_the_start(CLIP.subclipped(0.5, 2.0).with_speed_scaled(2)), CLIP),
        "raised ZeroDivisionError",
    )


# ------------------------------------------------------------------ exercise 2
@pytest.mark.parametrize(
    "solution, way",
    [
        (CLIP.with_effects([vfx.Rotate(90)]), "anticlockwise"),
        (CLIP.rotated(90, expand=True), "anticlockwise"),
        (CLIP.with_effects([vfx.Rotate(-90)]), "clockwise"),
        (CLIP.with_effects([vfx.Rotate(270)]), "clockwise"),
    ],
)
def test_portrait_solutions_pass(solution, way):
    feedback = ex.check_portrait(solution, CLIP)
    _ok(feedback)
    assert f"turned {way}" in feedback.message


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (CLIP.rotated(90), ["still 160×90", "clip.rotated(90) keeps the frame size"]),
        (CLIP.with_effects([vfx.Rotate(45)]), ["178×178 px", "90×160"]),
        (CLIP.resized((90, 160)), ["not the scene turned", "squashes"]),
        (CLIP.with_effects([vfx.Rotate(90), vfx.MirrorY()]), ["not the scene turned"]),
        (CLIP.with_effects([vfx.Rotate(90)]).with_duration(1), ["lasts 1 s", "3 s"]),
    ],
)
def test_portrait_mistakes_get_messages(answer, fragments):
    _wrong(ex.check_portrait(answer, CLIP), *fragments)


def test_portrait_code_that_raises_gets_a_message():
    _wrong(ex.check_portrait(_fails_after_the_start(CLIP.with_effects([vfx.Rotate(90)])), CLIP), "raised")


# ------------------------------------------------------------------ exercise 3
@pytest.mark.parametrize(
    "solution",
    [
        CompositeVideoClip([CLIP, _text(duration=3).with_position(("center", "top"))]),
        CompositeVideoClip([CLIP, _text().with_duration(CLIP.duration).with_position("center")]),
        CompositeVideoClip([CLIP, TextClip(text="Hi", font_size=30, color="white", duration=3)]),
    ],
)
def test_title_solutions_pass(solution):
    _ok(ex.check_title(solution, CLIP))


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (_text(duration=3), ["the text alone", "CompositeVideoClip"]),
        (CompositeVideoClip([CLIP, _text().with_position("center")]), ["no duration", "duration="]),
        (CompositeVideoClip([_text(duration=3), CLIP]), ["px", "put the scene first"]),
        (concatenate_videoclips([_text(duration=3), CLIP]), ["longer than the scene", "one after another"]),
        (
            CompositeVideoClip([CLIP, _text(duration=1)]),
            ["at t = 2.92 s", "the text is gone", "duration=clip.duration"],
        ),
        (CompositeVideoClip([CLIP, _text(duration=3).with_position((500, 500))]), ["hidden or missing"]),
        (CompositeVideoClip([CLIP, ColorClip(size=(40, 20), color=(255, 255, 255), duration=3)]), ["no TextClip"]),
        (CLIP, ["no TextClip"]),
        (
            CompositeVideoClip([CLIP, ColorClip(size=(W, H), color=(255, 255, 255), duration=3), _text(duration=3)]),
            ["100%"],
        ),
        (CLIP.subclipped(0, 2), ["lasts 2 s", "3 s"]),
    ],
)
def test_title_mistakes_get_messages(answer, fragments):
    _wrong(ex.check_title(answer, CLIP), *fragments)


def test_title_code_that_raises_gets_a_message():
    _wrong(
        ex.check_title(_fails_after_the_start(CompositeVideoClip([CLIP, _text(duration=3)])), CLIP),
        "raised ZeroDivisionError",
    )
