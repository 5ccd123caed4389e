"""Small video clips for the MoviePy demo: make them, look at them, export them.

Everything here is a plain function around the MoviePy 2 API (``from moviepy import
...``), so the notebook stays short and the tests can call the same code without a
browser. Frames are generated with NumPy and Pillow -- nothing is downloaded -- and
text uses the DejaVu Sans font that ships inside matplotlib.

>>> clip = make_clip(duration=2)
>>> describe(clip)
'2 s · 12 fps · 160×90 px · 24 frames · no sound'
>>> make_clip(duration=-1)
Traceback (most recent call last):
...
coursekit.CourseError: duration must be more than 0 seconds, but it is -1.
"""

from __future__ import annotations

import base64
import io
import math
import numbers
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import proglog
from moviepy import AudioClip, ColorClip, CompositeVideoClip, TextClip, VideoClip, vfx
from PIL import Image, ImageDraw, ImageFont

from coursekit import CourseError, workspace
from coursekit.ui import WARNING, never_raises

__all__ = [
    "FONT",
    "SIZE",
    "FPS",
    "check_number",
    "check_duration",
    "check_angle",
    "scene_frame",
    "make_clip",
    "tone",
    "dominant_frequency",
    "text_clip",
    "title_card",
    "with_caption",
    "ink_at_edges",
    "join_words",
    "Picture",
    "grid",
    "contact_sheet",
    "mean_colour",
    "frame_difference",
    "describe",
    "ExportProgress",
    "export",
    "FramePreview",
    "frame_at",
    "title_check",
]

#: A TrueType font that ships inside matplotlib, so titles never need a download.
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
#: Frame size (width, height) of the demo clips: small, so everything runs in seconds.
SIZE = (160, 90)
#: Frames per second of the demo clips.
FPS = 12
#: Seconds the ball needs to cross the scene once.
PERIOD = 3.0

_SKY_TOP, _SKY_BOTTOM = np.array([25, 35, 90]), np.array([120, 170, 230])
_GROUND, _BALL, _FLAG = (40, 140, 60), (255, 200, 0), (220, 40, 40)


# ---------------------------------------------------------------- validation
def check_number(
    value: object, what: str, *, low: float | None = None, high: float | None = None, strict_low: bool = False
) -> float:
    """Return ``value`` as a float, or explain in words why it is not acceptable.

    Text that holds a number (``"90"``, as typed into a text box) is accepted.

    >>> check_number("90", "angle")
    90.0
    >>> check_number("ninety", "angle")
    Traceback (most recent call last):
    ...
    coursekit.CourseError: angle must be a number, but it is the text 'ninety'.
    """
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise CourseError(f"{what} must be a number, but it is the text {value!r}.") from None
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        shown = "None" if value is None else f"{type(value).__name__} {value!r}"
        raise CourseError(f"{what} must be a number, but it is {shown}.")
    else:
        number = float(value)
    if not math.isfinite(number):
        raise CourseError(f"{what} must be a finite number, but it is {value!r}.")
    if low is not None and (number <= low if strict_low else number < low):
        word = "more than" if strict_low else "at least"
        raise CourseError(f"{what} must be {word} {low:g}{_unit(what)}, but it is {value!r}.")
    if high is not None and number > high:
        raise CourseError(f"{what} must be at most {high:g}{_unit(what)}, but it is {value!r}.")
    return number


def _unit(what: str) -> str:
    return " seconds" if what in {"duration", "t", "time"} else ""


def check_duration(value: object, what: str = "duration") -> float:
    """A clip length in seconds: a number greater than 0.

    >>> check_duration(1.5)
    1.5
    >>> check_duration(0)
    Traceback (most recent call last):
    ...
    coursekit.CourseError: duration must be more than 0 seconds, but it is 0.
    """
    return check_number(value, what, low=0, strict_low=True)


def check_angle(value: object) -> float:
    """A rotation in degrees (any real number; text like ``"90"`` is fine).

    >>> check_angle(-90)
    -90.0
    >>> check_angle(None)
    Traceback (most recent call last):
    ...
    coursekit.CourseError: angle must be a number, but it is None.
    """
    return check_number(value, "angle")


def _check_size(size: object) -> tuple[int, int]:
    if (
        not isinstance(size, (tuple, list))
        or len(size) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) and 2 <= v <= 1920 for v in size)
    ):
        raise CourseError(
            f"size must be (width, height) in pixels, two whole numbers from 2 to 1920, like (160, 90); got {size!r}."
        )
    return int(size[0]), int(size[1])


def _check_clip(clip: object, what: str = "clip") -> VideoClip:
    if not isinstance(clip, VideoClip):
        raise CourseError(f"{what} must be a MoviePy VideoClip, but it is {type(clip).__name__}.")
    if clip.duration is None:
        raise CourseError(f"{what} has no duration: give it one with .with_duration(seconds).")
    return clip


# ---------------------------------------------------------------- making clips
def scene_frame(t: float, size: tuple[int, int] = SIZE) -> np.ndarray:
    """Draw the demo scene at time ``t`` (seconds) as an RGB array of shape (height, width, 3).

    A sky fades from dark to light blue, a red flag stands on green ground at the
    left, and a yellow ball flies across in an arc every ``PERIOD`` seconds, so
    both the time and the orientation of a frame can be read at a glance.

    >>> frame = scene_frame(0.5)
    >>> frame.shape, frame.dtype.name
    ((90, 160, 3), 'uint8')
    >>> bool((scene_frame(0.5) == frame).all())   # same t, same picture
    True
    """
    w, h = _check_size(size)
    t = check_number(t, "t")
    rows = np.linspace(0, 1, h)[:, None]
    sky = (_SKY_TOP + (_SKY_BOTTOM - _SKY_TOP) * rows).astype(np.uint8)
    frame = np.repeat(sky[:, None, :], w, axis=1)
    ground = int(h * 0.78)
    frame[ground:] = _GROUND
    image = Image.fromarray(frame)
    draw = ImageDraw.Draw(image)
    pole = max(2, w // 16)
    draw.rectangle([pole, ground - h // 3, pole + max(1, w // 80), ground], fill=(240, 240, 240))
    draw.polygon(
        [
            (pole + 1, ground - h // 3),
            (pole + w // 10, ground - h // 3 + h // 12),
            (pole + 1, ground - h // 3 + h // 6),
        ],
        fill=_FLAG,
    )
    phase = (max(t, 0.0) % PERIOD) / PERIOD  # effects may ask for a hair before 0: show the start
    r = max(2, h // 10)
    x = r + phase * (w - 2 * r)
    y = ground - r - math.sin(math.pi * phase) * (ground - 3 * r)
    draw.ellipse([x - r, y - r, x + r, y + r], fill=_BALL)
    return np.asarray(image)


def make_clip(duration: float = 3, fps: float = FPS, size: tuple[int, int] = SIZE) -> VideoClip:
    """The demo scene as a MoviePy clip: ``VideoClip(frame_function=...)`` with a duration and fps.

    >>> make_clip(1, fps=10).n_frames
    10
    """
    duration = check_duration(duration)
    fps = check_number(fps, "fps", low=0, strict_low=True)
    size = _check_size(size)
    clip = VideoClip(frame_function=lambda t: scene_frame(t, size), duration=duration)
    return clip.with_fps(fps)


def tone(frequency: float = 440, duration: float = 3, volume: float = 0.3, fps: int = 22050) -> AudioClip:
    """A sine tone as a MoviePy ``AudioClip``: ``volume * sin(2π · frequency · t)``.

    >>> beep = tone(440, duration=0.5)
    >>> beep.duration, beep.fps
    (0.5, 22050)
    >>> dominant_frequency(beep)
    440.0
    """
    frequency = check_number(frequency, "frequency", low=20, high=fps / 2)
    duration = check_duration(duration)
    volume = check_number(volume, "volume", low=0, high=1)

    def sound(t):
        return volume * np.sin(2 * np.pi * frequency * np.asarray(t))

    return AudioClip(frame_function=sound, duration=duration, fps=fps)


def dominant_frequency(audio: AudioClip) -> float:
    """The strongest frequency in ``audio`` in hertz (from a Fourier transform), rounded to 1 Hz."""
    if not isinstance(audio, AudioClip):
        raise CourseError(f"Expected a MoviePy AudioClip, but got {type(audio).__name__}.")
    fps = audio.fps or 22050
    samples = np.asarray(audio.to_soundarray(fps=fps), dtype=float)
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    spectrum = np.abs(np.fft.rfft(samples))
    freqs = np.fft.rfftfreq(len(samples), 1 / fps)
    return float(round(freqs[int(spectrum.argmax())]))


# ---------------------------------------------------------------- titles
def text_clip(
    text: str, font_size: int = 16, margin: int | None = None, color: str = "white", duration: float = 2
) -> TextClip:
    """A ``TextClip`` in DejaVu Sans with ``margin`` empty pixels above and below the text.

    The margin is not decoration: with Pillow 11.2 or newer, MoviePy 2.2.1 measures
    text too tightly and cuts off the tails of g, y, p and q unless there is a margin.
    The margin needed grows with the font size; by default it is ``0.4 * font_size + 4``
    pixels, which keeps every letter whole from font size 8 to 80. Four pixels are
    always added at the sides, where the last letter's soft edge is otherwise shaved.

    >>> text_clip("gypsy", font_size=20).size
    (68, 39)
    """
    if not isinstance(text, str) or not text.strip():
        raise CourseError(f"The text must be a non-empty string, but it is {text!r}.")
    font_size = int(check_number(font_size, "font_size", low=4, high=200))
    if margin is None:
        margin = round(0.4 * font_size) + 4
    margin = int(check_number(margin, "margin", low=0, high=100))
    duration = check_duration(duration)
    return TextClip(font=str(FONT), text=text, font_size=font_size, color=color, margin=(4, margin), duration=duration)


def title_card(
    text: str,
    duration: float = 2,
    size: tuple[int, int] = SIZE,
    background: tuple[int, int, int] = (20, 24, 48),
    font_size: int = 16,
) -> CompositeVideoClip:
    """A title card: ``text`` centred on a plain background, as a clip of ``duration`` seconds."""
    size = _check_size(size)
    duration = check_duration(duration)
    words = text_clip(text, font_size=font_size, duration=duration)
    if words.w > size[0] or words.h > size[1]:
        raise CourseError(
            f"{text!r} at font size {font_size} is {words.w}×{words.h} px and does not fit "
            f"on a {size[0]}×{size[1]} card: use a smaller font_size or shorter text."
        )
    back = ColorClip(size=size, color=background, duration=duration)
    return CompositeVideoClip([back, words.with_position("center")], size=size)


def with_caption(clip: VideoClip, text: str, font_size: int = 12) -> CompositeVideoClip:
    """``clip`` with ``text`` laid over its lower part for the whole clip (a caption)."""
    clip = _check_clip(clip)
    words = text_clip(text, font_size=font_size, duration=clip.duration)
    if words.w > clip.w:
        raise CourseError(
            f"The caption {text!r} is {words.w} px wide but the clip only {clip.w} px: "
            "use shorter text or a smaller font_size."
        )
    return CompositeVideoClip([clip, words.with_position(("center", "bottom"))], size=clip.size)


def ink_at_edges(clip: VideoClip, t: float = 0) -> list[str]:
    """Which edges of a text clip have ink on them: a sign that letters were cut off.

    Drawn text should be surrounded by at least one empty row and column. Returns
    the sorted names of the edges (``'bottom'``, ``'left'``, ...) whose outermost row or
    column is not transparent; an empty list means nothing touches the border.

    >>> ink_at_edges(text_clip("gypsy", margin=12))
    []
    >>> ink_at_edges(text_clip("gypsy", margin=0))
    ['bottom']
    """
    clip = _check_clip(clip)
    alpha = np.asarray(clip.mask.get_frame(t), dtype=float) if clip.mask is not None else None
    if alpha is None or alpha.min() > 0.99:  # opaque: ink is whatever differs from the corner colour
        frame = np.asarray(clip.get_frame(t), dtype=float)
        alpha = np.abs(frame - frame[0, 0]).sum(axis=2) / 765
    edges = {"top": alpha[0, :], "bottom": alpha[-1, :], "left": alpha[:, 0], "right": alpha[:, -1]}
    return sorted(name for name, line in edges.items() if line.max() > 0.1)


def join_words(words: list[str]) -> str:
    """``['top', 'left', 'bottom']`` → ``'top, left and bottom'``.

    >>> join_words(["bottom"]), join_words(["bottom", "left", "top"])
    ('bottom', 'bottom, left and top')
    """
    words = list(words)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


# ---------------------------------------------------------------- looking at clips
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


@dataclass(frozen=True)
class Picture:
    """A Pillow image that a notebook shows as one PNG, with a line of text as its plain form.

    (A bare Pillow image is stored twice in a notebook, as PNG and as JPEG.)
    ``image`` is the Pillow image itself, to save or inspect.

    >>> Picture(Image.new("RGB", (8, 4)), "a black strip")
    a black strip (8×4 px)
    """

    image: Image.Image
    description: str = "picture"

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    def __repr__(self) -> str:
        return f"{self.description} ({self.image.width}×{self.image.height} px)"


def _as_image(frame) -> Image.Image:
    if isinstance(frame, Picture):
        frame = frame.image
    if isinstance(frame, Image.Image):
        return frame.convert("RGB")
    array = np.asarray(frame)
    if array.ndim == 2:
        array = np.dstack(3 * [array])
    return Image.fromarray(array.astype(np.uint8)).convert("RGB")


def grid(frames, labels=None, columns: int = 4, scale: int = 2) -> Picture:
    """Lay frames (arrays or Pillow images, any sizes) out in a grid with a label under each.

    >>> grid([scene_frame(0), scene_frame(1)], ["start", "1 s"], scale=1)
    2 frames: start · 1 s (352×118 px)
    """
    frames = [_as_image(f) for f in frames]
    if not frames:
        raise CourseError("There are no frames to show.")
    labels = list(labels) if labels is not None else [""] * len(frames)
    if len(labels) != len(frames):
        raise CourseError(f"Got {len(frames)} frames but {len(labels)} labels.")
    columns = int(check_number(columns, "columns", low=1))
    scale = int(check_number(scale, "scale", low=1, high=8))
    frames = [f.resize((f.width * scale, f.height * scale), Image.NEAREST) for f in frames]
    cell_w = max(f.width for f in frames) + 16
    label_h = 24 if any(labels) else 4
    cell_h = max(f.height for f in frames) + label_h
    columns = min(columns, len(frames))
    rows = math.ceil(len(frames) / columns)
    sheet = Image.new("RGB", (columns * cell_w, rows * cell_h + 4), "white")
    draw = ImageDraw.Draw(sheet)
    font = _font(13)
    for i, (frame, label) in enumerate(zip(frames, labels, strict=True)):
        x0, y0 = (i % columns) * cell_w + 8, (i // columns) * cell_h + 4
        sheet.paste(frame, (x0 + (cell_w - 16 - frame.width) // 2, y0))
        if label:
            text_w = draw.textlength(label, font=font)
            draw.text((x0 + (cell_w - 16 - text_w) / 2, y0 + frame.height + 4), label, fill=(40, 40, 40), font=font)
    shown = " · ".join(label for label in labels if label)
    return Picture(sheet, f"{len(frames)} frame{'s' * (len(frames) != 1)}" + (f": {shown}" if shown else ""))


def contact_sheet(clip: VideoClip, n: int = 4, columns: int = 4, scale: int = 2) -> Picture:
    """``n`` frames from the start to the end of ``clip``, each labelled with its time.

    A contact sheet shows a whole clip in one image, so a notebook read without
    playing the video still shows what happened.
    """
    clip = _check_clip(clip)
    n = int(check_number(n, "n", low=1, high=48))
    last = max(0.0, clip.duration - 1 / (clip.fps or FPS))
    times = [round(last * i / max(1, n - 1), 2) for i in range(n)]
    return grid([clip.get_frame(t) for t in times], [f"t = {t:g} s" for t in times], columns=columns, scale=scale)


def mean_colour(frame) -> tuple[int, int, int]:
    """The average (red, green, blue) of a frame, each rounded to a whole number.

    >>> mean_colour(np.full((2, 2, 3), (10, 20, 30), dtype=np.uint8))
    (10, 20, 30)
    """
    array = np.asarray(frame, dtype=float).reshape(-1, np.asarray(frame).shape[-1])
    return tuple(int(round(v)) for v in array[:, :3].mean(axis=0))


def frame_difference(a, b) -> float:
    """Mean absolute difference of two same-sized frames, in levels of 0..255."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise CourseError(f"The frames have different shapes: {a.shape} and {b.shape}.")
    return float(np.abs(a - b).mean())


def describe(clip: VideoClip) -> str:
    """One line about a clip: duration, fps, size, number of frames and sound."""
    clip = _check_clip(clip)
    w, h = clip.size
    fps = f"{clip.fps:g} fps · " if clip.fps else ""
    frames = f"{clip.n_frames} frames · " if clip.fps else ""
    sound = "with sound" if clip.audio is not None else "no sound"
    return f"{clip.duration:g} s · {fps}{w}×{h} px · {frames}{sound}"


# ---------------------------------------------------------------- exporting
class ExportProgress(proglog.ProgressBarLogger):
    """A MoviePy logger that moves an ipywidgets progress bar instead of printing.

    MoviePy reports progress to a ``proglog`` logger: pass this one as ``logger=`` to
    ``write_videofile``. The bar shows the learner what is happening while the
    notebook's text output stays free of timings. ``finished`` records, per stage,
    how many steps it completed.
    """

    STAGES = {"chunk": "sound", "frame_index": "frames"}

    def __init__(self, description: str = "export"):
        super().__init__()
        import ipywidgets as widgets

        self.widget = widgets.IntProgress(value=0, min=0, max=1, description=description)
        self.finished: dict[str, int] = {}

    def bars_callback(self, bar, attr, value, old_value=None):
        stage = self.STAGES.get(bar, bar)
        if attr == "total":
            self.widget.max = max(1, int(value))
            self.widget.value = 0
            self.widget.description = stage
        elif attr == "index":
            self.widget.value = min(int(value), self.widget.max)
            self.finished[stage] = int(value)
            if stage == "frames" and value >= self.widget.max:
                self.widget.bar_style = "success"


def export(clip: VideoClip, folder: Path, name: str, logger: proglog.ProgressLogger | None = None) -> Path:
    """Write ``clip`` as an H.264 MP4 file ``name`` into the workspace ``folder``; return its path.

    ffmpeg comes from the imageio-ffmpeg wheel, so nothing is downloaded. One encoder
    thread (``threads=1``) makes the file independent of the number of CPU cores, and
    the temporary sound file is made inside ``folder`` too. Sound is encoded at 32 kbit/s,
    plenty for the demo's tones and it keeps the files small enough to embed in a notebook.
    Pass an :class:`ExportProgress` as ``logger`` for a progress bar; the default writes silently.
    """
    clip = _check_clip(clip)
    if not isinstance(name, str) or not name.endswith(".mp4") or len(name) <= 4:
        raise CourseError(f"name must be a file name ending in '.mp4', like 'scene.mp4'; got {name!r}.")
    target = workspace.safe_path(folder, name)
    if clip.w % 2 or clip.h % 2:
        raise CourseError(
            f"H.264 needs an even width and height, but the clip is {clip.w}×{clip.h}: "
            "resize it, or apply vfx.EvenSize()."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    clip.write_videofile(
        str(target),
        fps=clip.fps or FPS,
        codec="libx264",
        audio_codec="aac",
        audio_bitrate="32k",
        threads=1,
        temp_audiofile_path=str(target.parent),
        logger=logger,
        pixel_format="yuv420p",
    )
    return target


# ---------------------------------------------------------------- widget logic
@dataclass(frozen=True)
class FramePreview:
    """What a preview widget shows: an image (or ``None``) and one line of text."""

    text: str
    image: Image.Image | None = None
    ok: bool = True

    def _repr_html_(self) -> str:
        return self.html

    @property
    def html(self) -> str:
        """The text and the picture as HTML, e.g. for the ``value`` of a ``widgets.HTML``."""
        colour = "#1a1a1a" if self.ok else "#a40000"
        html = f'<p style="font-family:monospace;color:{colour}">{_escape(self.text)}</p>'
        if self.image is not None:
            buffer = io.BytesIO()
            self.image.save(buffer, format="PNG")
            data = base64.b64encode(buffer.getvalue()).decode("ascii")
            html += f'<img src="data:image/png;base64,{data}" alt="{_escape(self.text)}"/>'
        return html

    def __repr__(self) -> str:
        return self.text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@never_raises(on_error=lambda message: FramePreview(message, ok=False))
def frame_at(clip: VideoClip, t: object = 0.0, angle: object = 0, scale: int = 2) -> FramePreview:
    """The frame of ``clip`` at time ``t``, rotated by ``angle`` degrees, with a line about it.

    This is the logic of the notebook's time slider. Bad values give a message, not
    an exception:

    >>> clip = make_clip(duration=3)
    >>> frame_at(clip, 1.5, angle=90)
    t = 1.5 s → frame 18 (of 0–35) · rotated 90° → 90×160 px
    >>> frame_at(clip, -1)
    ⚠️ t must be between 0 and 3 seconds (the clip's duration), but it is -1.
    >>> frame_at(clip, 1, angle="ninety")
    ⚠️ angle must be a number, but it is the text 'ninety'.
    """
    try:
        clip = _check_clip(clip)
        time = check_number(t, "t")
        if not 0 <= time <= clip.duration:
            raise CourseError(
                f"t must be between 0 and {clip.duration:g} seconds (the clip's duration), but it is {t!r}."
            )
        degrees = check_angle(angle)
    except CourseError as exc:
        return FramePreview(WARNING + str(exc), None, ok=False)
    fps = clip.fps or FPS
    index = min(int(time * fps + 1e-9), clip.n_frames - 1) if clip.fps else 0
    shown = clip.with_effects([vfx.Rotate(degrees)]) if degrees % 360 else clip
    frame = shown.get_frame(min(time, index / fps))
    h, w = frame.shape[:2]
    turn = f"rotated {degrees:g}° → " if degrees % 360 else ""
    text = f"t = {time:g} s → frame {index} (of 0–{clip.n_frames - 1}) · {turn}{w}×{h} px"
    image = _as_image(frame)
    return FramePreview(text, image.resize((w * scale, h * scale), Image.NEAREST))


@never_raises(on_error=lambda message: FramePreview(message, ok=False))
def title_check(text: object = "gypsy", font_size: object = 24, margin: object = 0) -> FramePreview:
    """Render ``text`` as a ``TextClip`` and say whether letters touch (and so are cut at) an edge.

    The logic of the notebook's title tester:

    >>> title_check("gypsy", 24, margin=0).text
    '⚠️ ink touches the bottom edge: letters are probably cut off. Try a bigger margin.'
    >>> title_check("gypsy", 24, margin=12).text
    '✅ 12 px margin: nothing touches an edge, every letter is whole.'
    >>> title_check("", 24, 12).text
    "⚠️ The text must be a non-empty string, but it is ''."
    """
    try:
        words = text_clip(text, font_size=font_size, margin=margin, duration=1)
    except CourseError as exc:
        return FramePreview(WARNING + str(exc), None, ok=False)
    edges = ink_at_edges(words)
    alpha = np.asarray(words.mask.get_frame(0), dtype=float)
    rgb = np.asarray(words.get_frame(0), dtype=float)
    back = np.array([20, 24, 48], dtype=float)
    picture = (rgb * alpha[..., None] + back * (1 - alpha[..., None])).astype(np.uint8)
    scale = 2 if words.w <= 400 else 1
    image = _as_image(picture).resize((words.w * scale, words.h * scale), Image.NEAREST)
    if edges:
        where = join_words(edges) + (" edges" if len(edges) > 1 else " edge")
        message = f"{WARNING}ink touches the {where}: letters are probably cut off. Try a bigger margin."
        return FramePreview(message, image, ok=False)
    return FramePreview(f"✅ {int(float(margin))} px margin: nothing touches an edge, every letter is whole.", image)
