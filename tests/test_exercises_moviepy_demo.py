"""Exercise checks of 14_moviepy: the solutions pass, typical mistakes get a specific message."""

import pytest
from moviepy import ColorClip, TextClip, vfx

from coursekit import video
from coursekit.exercises import moviepy_demo as ex


def _title(text="Happy typing", **kwargs):
    options = dict(font=str(video.FONT), text=text, font_size=20, color="white", margin=(4, 12), duration=2)
    options.update(kwargs)
    return TextClip(**options)


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
    feedback = check(...)
    assert not feedback and "not answered yet" in feedback.message


# ------------------------------------------------------------------ exercise 1
@pytest.mark.parametrize(
    "solution",
    [
        lambda clip: clip.subclipped(1, 2).with_speed_scaled(2),
        lambda clip: clip.subclipped(1, 2).with_effects([vfx.MultiplySpeed(2)]),
        lambda clip: clip.with_speed_scaled(2).subclipped(0.5, 1),
        lambda clip: clip.subclipped(1, 2).with_speed_scaled(final_duration=0.5),
    ],
)
def test_highlight_solutions_pass(solution):
    _ok(ex.check_highlight(solution))


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (None, ["should be a function", "None"]),
        (0.5, ["should be a function"]),
        (lambda clip: None, ["returned None", "return"]),
        (lambda clip: 0.5, ["returned float, not a video clip"]),
        (lambda clip: clip.subclipped(1, 2), ["1 s long", "did not speed it up"]),
        (lambda clip: clip.with_speed_scaled(2), ["1.5 s long", "did not cut"]),
        (lambda clip: clip.subclipped(0, 1).with_speed_scaled(2), ["frame at t = 0 s", "t = 1 s"]),
        (lambda clip: clip.subclipped(2, 1), ["duration is -1", "start < end"]),
        (lambda clip: clip.subclipped(1, 2).with_speed_scaled(-2), ["duration is -0.5"]),
        (lambda clip: clip.subclip(1, 2), ["raised AttributeError", "subclip"]),
        (lambda: None, ["raised TypeError"]),
    ],
)
def test_highlight_mistakes_get_messages(answer, fragments):
    _wrong(ex.check_highlight(answer), *fragments)


# ------------------------------------------------------------------ exercise 2
@pytest.mark.parametrize(
    "solution",
    [
        lambda clip: clip.with_effects([vfx.Rotate(90)]),
        lambda clip: clip.rotated(90, expand=True),
        lambda clip: clip.with_effects([vfx.Rotate(-270)]),
    ],
)
def test_portrait_solutions_pass(solution):
    _ok(ex.check_portrait(solution))


@pytest.mark.parametrize(
    "answer, fragments",
    [
        ("portrait", ["should be a function"]),
        (lambda clip: clip.rotated(90), ["160×90 px", "keeps the old frame size"]),
        (lambda clip: clip.with_effects([vfx.Rotate(-90)]), ["clockwise"]),
        (lambda clip: clip.with_effects([vfx.Rotate(270)]), ["clockwise"]),
        (lambda clip: clip.resized((90, 160)), ["not the scene turned"]),
        (lambda clip: clip.with_effects([vfx.Rotate(90), vfx.MirrorY()]), ["not the scene turned"]),
        (lambda clip: clip.with_effects([vfx.Rotate(90)]).with_duration(0.5), ["duration"]),
        (lambda clip: clip.with_effects([vfx.Rotate("ninety")]), ["raised"]),
        (lambda clip: clip.fx(vfx.Rotate, 90), ["raised AttributeError"]),
    ],
)
def test_portrait_mistakes_get_messages(answer, fragments):
    _wrong(ex.check_portrait(answer), *fragments)


# ------------------------------------------------------------------ exercise 3
@pytest.mark.parametrize("solution", [_title(), _title(margin=(8, 20)), video.text_clip("Happy typing", 20)])
def test_title_solutions_pass(solution):
    _ok(ex.check_title(solution))


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (None, ["None"]),
        ("Happy typing", ["should be a TextClip", "str"]),
        (ColorClip(size=(10, 10), color=(0, 0, 0), duration=2), ["should be a TextClip", "ColorClip"]),
        (_title(margin=(None, None)), ["bottom edge", "cut off", "margin"]),
        (_title(text="Hello"), ["'Hello'", "Happy typing"]),
        (_title(duration=None), ["lasts None s", "duration=2"]),
        (_title(duration=3), ["lasts 3 s"]),
    ],
)
def test_title_mistakes_get_messages(answer, fragments):
    _wrong(ex.check_title(answer), *fragments)
