"""coursekit.video: the widget logic of notebook 14 (the frame at time t, turned), which never raises."""

import numpy as np
import pytest
from moviepy import VideoClip

from coursekit import ui, video


def _scene(t):
    """A frame that says where it is: the left half red, the right half blue, brighter with time."""
    frame = np.zeros((90, 160, 3), dtype=np.uint8)
    frame[:, :80, 0] = 100 + int(40 * t)
    frame[:, 80:, 2] = 100 + int(40 * t)
    return frame


@pytest.fixture(scope="module")
def clip():
    return VideoClip(frame_function=_scene, duration=3).with_fps(12)


def _pixels(figure):
    from io import BytesIO

    from PIL import Image

    return np.asarray(Image.open(BytesIO(figure.png)).convert("RGB"))


@pytest.mark.parametrize(
    "rotation, size, black",
    [
        ("clip", "160×90", "0%"),
        ("clip.with_effects([vfx.Rotate(90)])", "90×160", "0%"),
        ("clip.with_effects([vfx.Rotate(-90)])", "90×160", "0%"),
        ("clip.rotated(90)", "160×90", "44%"),
        ("clip.rotated(90, expand=True)", "90×160", "0%"),
    ],
)
def test_every_rotation_says_its_size_and_black_filling(clip, rotation, size, black):
    shown = video.frame_at(clip, 1.5, rotation)
    assert isinstance(shown, ui.Figure)
    assert f"{size} px" in shown.alt and f"{black} of it black" in shown.alt, shown.alt
    assert shown.caption == f"{rotation}.get_frame(1.5): frame 18, {size} px, {black} black"
    assert 'alt="Frame 18' in shown._repr_html_()


def test_the_picture_is_the_frame_turned_and_twice_as_large(clip):
    frame = clip.get_frame(1.5)
    assert np.array_equal(_pixels(video.frame_at(clip, 1.5)), frame.repeat(2, 0).repeat(2, 1))
    turned = _pixels(video.frame_at(clip, 1.5, "clip.with_effects([vfx.Rotate(90)])"))
    assert np.array_equal(
        turned, np.rot90(frame).repeat(2, 0).repeat(2, 1)
    )  # anticlockwise: the red half ends up at the bottom


def test_a_45_degree_turn_grows_the_frame_with_black_corners(clip):
    alt = video.frame_at(clip, 1, "clip.with_effects([vfx.Rotate(45)])").alt
    assert "178×178 px" in alt and "55% of it black" in alt, alt


@pytest.mark.parametrize(
    "t, frame, when", [(0, 0, "0.00"), (1.5, 18, "1.50"), ("2", 24, "2.00"), (3, 35, "2.92"), (1.99, 23, "1.92")]
)
def test_the_frame_is_the_one_an_export_writes(clip, t, frame, when):
    alt = video.frame_at(clip, t).alt
    assert alt.startswith(f"Frame {frame} (of 0–35), at t = {when} s"), alt


@pytest.mark.parametrize(
    "t, rotation, fragment",
    [
        (-1, "clip", "from 0 to 3 s"),
        (3.5, "clip", "from 0 to 3 s"),
        (float("nan"), "clip", "from 0 to 3 s"),
        ("soon", "clip", "not 'soon'"),
        (None, "clip", "not None"),
        ([1], "clip", "not [1]"),
        (1, "sideways", "rotation must be one of clip, "),
        (1, 90, "got 90"),
    ],
)
def test_bad_values_get_a_message(clip, t, rotation, fragment):
    shown = video.frame_at(clip, t, rotation)
    assert isinstance(shown, video.Message) and shown.startswith(ui.WARNING)
    assert fragment in shown, shown
    assert shown._repr_html_().startswith("<p>")


@pytest.mark.parametrize("not_a_clip", [None, "clip", np.zeros((90, 160, 3)), VideoClip(duration=1)])
def test_something_that_is_not_a_clip_with_fps_gets_a_message(not_a_clip):
    assert "must be a MoviePy VideoClip" in repr(video.frame_at(not_a_clip, 0))


def test_a_frame_function_that_fails_gives_a_message_not_a_traceback():
    broken = VideoClip(frame_function=lambda t: _scene(t) if t < 1 else 1 / 0, duration=3).with_fps(12)
    shown = video.frame_at(broken, 2)
    assert isinstance(shown, video.Message) and "ZeroDivisionError" in shown


def test_the_message_is_escaped_for_html():
    assert video.Message("<b>")._repr_html_() == "<p>&lt;b&gt;</p>"
