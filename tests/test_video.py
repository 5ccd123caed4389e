"""coursekit.video: small clips, titles that keep their letters, previews that never raise."""

import math

import numpy as np
import pytest
from conftest import files_under
from moviepy import AudioClip, TextClip, VideoClip, VideoFileClip, vfx
from PIL import Image

from coursekit import CourseError, video, workspace


@pytest.fixture(scope="module")
def clip():
    return video.make_clip(duration=3)


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    "value, expected",
    [(1, 1.0), (2.5, 2.5), ("90", 90.0), (" -45 ", -45.0), (np.float32(1.5), 1.5), (np.int64(3), 3.0)],
)
def test_check_number_accepts_numbers_and_numeric_text(value, expected):
    assert video.check_number(value, "x") == expected


@pytest.mark.parametrize(
    "value, fragment",
    [
        (None, "must be a number, but it is None"),
        ("ninety", "the text 'ninety'"),
        (True, "bool"),
        ([90], "list"),
        (float("nan"), "finite"),
        (math.inf, "finite"),
        ("", "the text ''"),
    ],
)
def test_check_number_explains_what_is_wrong(value, fragment):
    with pytest.raises(CourseError, match=fragment):
        video.check_number(value, "angle")


@pytest.mark.parametrize("bad", [0, -1, -0.5, "-2", None, "long", float("inf")])
def test_durations_must_be_positive_numbers(bad):
    with pytest.raises(CourseError, match="duration"):
        video.check_duration(bad)
    with pytest.raises(CourseError, match="duration"):
        video.make_clip(duration=bad)


@pytest.mark.parametrize("size", [(0, 90), (160,), "160x90", (160.0, 90), None, (True, 2), (5000, 90)])
def test_bad_sizes_get_a_message(size):
    with pytest.raises(CourseError, match=r"\(width, height\)"):
        video.scene_frame(0, size)


# ------------------------------------------------------------------ frames and clips
def test_scene_frames_are_deterministic_rgb_arrays():
    frame = video.scene_frame(1.0)
    assert frame.shape == (90, 160, 3) and frame.dtype == np.uint8
    assert np.array_equal(frame, video.scene_frame(1.0))
    assert not np.array_equal(frame, video.scene_frame(2.0)), "the ball must move"
    assert video.mean_colour(frame) == (63, 101, 122)


def test_scene_is_not_symmetric_so_rotation_and_mirroring_show():
    frame = video.scene_frame(1.5)
    assert not np.array_equal(frame, frame[:, ::-1])
    assert not np.array_equal(frame, frame[::-1])


def test_times_before_zero_show_the_first_frame():
    assert np.array_equal(video.scene_frame(-0.01), video.scene_frame(0))


def test_make_clip_has_duration_fps_and_size(clip):
    assert (clip.duration, clip.fps, tuple(clip.size), clip.n_frames) == (3, 12, (160, 90), 36)
    assert isinstance(clip, VideoClip) and clip.audio is None
    small = video.make_clip(1, fps=10, size=(40, 30))
    assert (small.n_frames, tuple(small.size)) == (10, (40, 30))


def test_describe(clip):
    assert video.describe(clip) == "3 s · 12 fps · 160×90 px · 36 frames · no sound"
    assert video.describe(clip.with_audio(video.tone(duration=3))).endswith("with sound")
    with pytest.raises(CourseError, match="VideoClip"):
        video.describe("clip.mp4")


def test_tone_has_the_requested_pitch():
    beep = video.tone(880, duration=0.5)
    assert isinstance(beep, AudioClip) and beep.duration == 0.5
    assert video.dominant_frequency(beep) == 880.0
    assert abs(float(np.max(np.abs(beep.to_soundarray(fps=22050)))) - 0.3) < 0.01


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"duration": -1}, "duration"),
        ({"frequency": "high"}, "frequency"),
        ({"frequency": 5}, "frequency"),
        ({"volume": 2}, "volume"),
    ],
)
def test_bad_tones_get_a_message(kwargs, fragment):
    with pytest.raises(CourseError, match=fragment):
        video.tone(**kwargs)


def test_dominant_frequency_wants_audio(clip):
    with pytest.raises(CourseError, match="AudioClip"):
        video.dominant_frequency(clip)


# ------------------------------------------------------------------ titles
def test_text_clip_uses_the_bundled_font():
    assert video.FONT.is_file() and video.FONT.name == "DejaVuSans.ttf"
    words = video.text_clip("Hello")
    assert isinstance(words, TextClip) and words.duration == 2


def test_without_margin_descenders_are_cut_and_a_margin_fixes_it():
    """The MoviePy 2.2.1 + Pillow >= 11.2 bug this course works around (see TECH_NOTES)."""
    tight = TextClip(font=str(video.FONT), text="gypsy", font_size=24, color="white", duration=1)
    assert "bottom" in video.ink_at_edges(tight)
    assert video.ink_at_edges(video.text_clip("gypsy", font_size=24, margin=12)) == []


@pytest.mark.parametrize("text", ["Happy typing", "jumpy quip", "Moving pictures", "gg"])
@pytest.mark.parametrize("font_size", [12, 16, 32])
def test_titles_keep_every_letter(text, font_size):
    assert video.ink_at_edges(video.text_clip(text, font_size=font_size)) == []


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"text": ""}, "non-empty"),
        ({"text": None}, "non-empty"),
        ({"text": "a", "font_size": "big"}, "font_size"),
        ({"text": "a", "margin": -3}, "margin"),
        ({"text": "a", "duration": -1}, "duration"),
    ],
)
def test_bad_text_clip_arguments_get_a_message(kwargs, fragment):
    with pytest.raises(CourseError, match=fragment):
        video.text_clip(**kwargs)


def test_title_card_centres_whole_text_on_the_frame():
    card = video.title_card("Moving pictures", duration=1.5)
    assert tuple(card.size) == video.SIZE and card.duration == 1.5
    frame = card.get_frame(0).astype(int)
    background = np.array([20, 24, 48])
    ink_rows = np.where(np.abs(frame - background).sum(axis=2).max(axis=1) > 60)[0]
    ink_cols = np.where(np.abs(frame - background).sum(axis=2).max(axis=0) > 60)[0]
    assert 20 < ink_rows.min() and ink_rows.max() < 70  # centred vertically, nothing at the edges
    assert abs((ink_cols.min() + ink_cols.max()) / 2 - 80) < 4
    assert video.ink_at_edges(card) == []


def test_title_card_refuses_text_that_does_not_fit():
    with pytest.raises(CourseError, match="does not fit"):
        video.title_card("A title far too long for a small card", font_size=24)


def test_caption_keeps_size_duration_and_letters(clip):
    captioned = video.with_caption(clip, "a ball flies by, gently")
    assert tuple(captioned.size) == (160, 90) and captioned.duration == 3
    assert not np.array_equal(captioned.get_frame(1)[-20:], clip.get_frame(1)[-20:])
    assert np.array_equal(captioned.get_frame(1)[:40], clip.get_frame(1)[:40])
    with pytest.raises(CourseError, match="wide"):
        video.with_caption(clip, "a caption that is far too long to fit on this clip")


def test_join_words():
    assert video.join_words([]) == "" and video.join_words(["a", "b"]) == "a and b"


# ------------------------------------------------------------------ pictures
def test_grid_and_contact_sheet_sizes(clip):
    sheet = video.contact_sheet(clip, n=8, columns=4, scale=2)
    assert isinstance(sheet.image, Image.Image) and sheet.size == (4 * 336, 2 * 204 + 4)
    assert repr(sheet).startswith("8 frames: t = 0 s · t = 0.42 s") and repr(sheet).endswith("(1344×412 px)")
    one = video.grid([np.zeros((10, 20), np.uint8)], scale=1)
    assert one.size == (36, 18) and repr(one) == "1 frame (36×18 px)"
    assert one._repr_png_().startswith(b"\x89PNG")


def test_contact_sheet_frames_are_the_clip_frames(clip):
    sheet = np.asarray(video.contact_sheet(clip, n=2, scale=1).image)
    first = sheet[4:94, 8:168]
    assert np.array_equal(first, clip.get_frame(0))


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda c: video.grid([]), "no frames"),
        (lambda c: video.grid([video.scene_frame(0)], ["a", "b"]), "labels"),
        (lambda c: video.contact_sheet(c, n=0), "n must be"),
        (lambda c: video.contact_sheet(c, n="four"), "n must be a number"),
        (lambda c: video.contact_sheet(None), "VideoClip"),
    ],
)
def test_bad_picture_requests_get_a_message(clip, call, fragment):
    with pytest.raises(CourseError, match=fragment):
        call(clip)


def test_frame_statistics():
    a = np.zeros((4, 4, 3), np.uint8)
    b = np.full((4, 4, 3), 3, np.uint8)
    assert video.frame_difference(a, b) == 3.0
    assert video.mean_colour(b) == (3, 3, 3)
    with pytest.raises(CourseError, match="different shapes"):
        video.frame_difference(a, b[:2])


# ------------------------------------------------------------------ export
def test_export_round_trip_stays_in_the_workspace(scratch, clip):
    ws = workspace.reset("14_moviepy")
    progress = video.ExportProgress()
    path = video.export(clip.with_audio(video.tone(duration=3)), ws, "scene.mp4", logger=progress)
    assert files_under(scratch) == ["14_moviepy/scene.mp4"], "no temporary sound file may be left"
    assert progress.finished["frames"] == 36 and progress.finished["sound"] > 0
    assert progress.widget.value == progress.widget.max == 36 and progress.widget.bar_style == "success"
    with VideoFileClip(str(path)) as back:
        assert (back.duration, back.fps, tuple(back.size), back.n_frames) == (3.0, 12.0, (160, 90), 36)
        assert video.frame_difference(back.get_frame(1.0), clip.get_frame(1.0)) < 5
        assert video.dominant_frequency(back.audio) == 440.0


def test_export_is_reproducible(scratch):
    ws = workspace.reset("14_moviepy")
    small = video.make_clip(duration=0.5)
    first = video.export(small, ws, "a.mp4").read_bytes()
    second = video.export(small, ws, "b.mp4").read_bytes()
    assert first == second


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("scene.avi", "ending in '.mp4'"),
        (".mp4", "ending in '.mp4'"),
        (None, "ending in '.mp4'"),
        ("../escape.mp4", "leave the workspace"),
        ("/tmp/abs.mp4", "absolute path"),
    ],
)
def test_export_refuses_bad_names_and_writes_nothing(scratch, name, fragment):
    ws = workspace.reset("14_moviepy")
    with pytest.raises(CourseError, match=fragment):
        video.export(video.make_clip(duration=0.5), ws, name)
    assert files_under(scratch.parent) == []


def test_export_explains_odd_sizes(scratch, clip):
    ws = workspace.reset("14_moviepy")
    with pytest.raises(CourseError, match="even width and height"):
        video.export(clip.resized(0.5), ws, "half.mp4")  # 80×45


def test_progress_logger_follows_moviepy_bars():
    progress = video.ExportProgress()
    progress(chunk__total=10)
    progress(chunk__index=10)
    progress(frame_index__total=4)
    assert (progress.widget.description, progress.widget.max, progress.widget.value) == ("frames", 4, 0)
    for i in range(5):
        progress(frame_index__index=i)
    assert progress.finished == {"sound": 10, "frames": 4}
    assert progress.widget.value == 4 and progress.widget.bar_style == "success"


# ------------------------------------------------------------------ widget logic
def test_frame_at_shows_the_frame_and_says_which(clip):
    preview = video.frame_at(clip, 1.5)
    assert preview.ok and preview.text == "t = 1.5 s → frame 18 (of 0–35) · 160×90 px"
    assert np.array_equal(np.asarray(video.frame_at(clip, 1.5, scale=1).image), clip.get_frame(1.5))
    assert preview.image.size == (320, 180)
    assert "<img" in preview.html and "frame 18" in preview.html and preview._repr_html_() == preview.html


@pytest.mark.parametrize(
    "angle, size",
    [(90, (90, 160)), ("90", (90, 160)), (-90, (90, 160)), (180, (160, 90)), (360, (160, 90)), (45, (178, 178))],
)
def test_frame_at_rotates(clip, angle, size):
    preview = video.frame_at(clip, 1, angle, scale=1)
    assert preview.ok and preview.image.size == size


def test_frame_at_quarter_turn_is_exact(clip):
    image = video.frame_at(clip, 2, 90, scale=1).image
    assert np.array_equal(np.asarray(image), np.rot90(clip.get_frame(2)))


def test_frame_at_the_very_end_shows_the_last_frame(clip):
    assert video.frame_at(clip, 3).text.startswith("t = 3 s → frame 35 (of 0–35)")


@pytest.mark.parametrize(
    "t, angle, fragment",
    [
        (-1, 0, "between 0 and 3 seconds"),
        (3.5, 0, "between 0 and 3 seconds"),
        (None, 0, "t must be a number"),
        ("soon", 0, "t must be a number"),
        (1, "ninety", "angle must be a number"),
        (1, None, "angle must be"),
        (1, float("nan"), "finite"),
        (1, [90], "angle must be a number"),
    ],
)
def test_frame_at_bad_values_give_a_message_not_an_exception(clip, t, angle, fragment):
    preview = video.frame_at(clip, t, angle)
    assert not preview.ok and preview.image is None
    assert preview.text.startswith("⚠️") and fragment in preview.text
    assert "<img" not in preview._repr_html_()


def test_frame_at_needs_a_clip():
    preview = video.frame_at("movie.mp4", 1)
    assert not preview.ok and "VideoClip" in preview.text


@pytest.mark.parametrize("margin, ok", [(0, False), (2, False), (6, True), (12, True)])
def test_title_check_says_when_letters_are_cut(margin, ok):
    preview = video.title_check("gypsy jumping", 24, margin)
    assert preview.ok is ok and preview.image is not None
    assert ("every letter is whole" in preview.text) is ok


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("", 24, 0), "non-empty"),
        ((None, 24, 0), "non-empty"),
        (("g", "big", 0), "font_size"),
        (("g", 24, -5), "margin"),
        (("g", 24, "wide"), "margin"),
    ],
)
def test_title_check_bad_values_give_a_message(args, fragment):
    preview = video.title_check(*args)
    assert not preview.ok and preview.image is None and fragment in preview.text


def test_html_is_escaped():
    assert "&lt;b&gt;" in video.FramePreview("<b>", None)._repr_html_()


def test_rotate_effect_matches_the_notebook_claims(clip):
    assert tuple(clip.with_effects([vfx.Rotate(90)]).size) == (90, 160)
    assert tuple(clip.rotated(90).size) == (160, 90)
