"""Widget logic of notebook 12: show one test digit and what the network thinks it is.

The lesson itself (data, ``DigitNet``, the training and evaluation loops) is written in the
notebook's cells. This module only turns numbers the notebook computed into something to
show: :func:`explain_prediction` draws test image ``index`` (through
:func:`coursekit.ui.figure`, so it has a text alternative) and lists the model's three most
likely digits. It takes plain arrays (or tensors), so tests call it without a model.

>>> images = np.zeros((2, 64)); labels = [3, 7]
>>> probabilities = np.full((2, 10), 0.02); probabilities[1, 7] = 0.82
>>> print(top3_text(probabilities[1], labels[1]))
true label 7 · the network says 7 (82.0%), then 0 (2.0%), 1 (2.0%) ✅ right
>>> "true label 3" in explain_prediction(images, labels, probabilities, 0)
True
>>> explain_prediction(images, labels, probabilities, 2)
'<p>⚠️ index must be a whole number from 0 to 1, not 2.</p>'
"""

from __future__ import annotations

import html
import numbers

import numpy as np

from coursekit import CourseError
from coursekit.ui import figure, never_raises

__all__ = ["explain_prediction", "top3_text", "SIDE", "ZOOM"]

SIDE = 8  #: scikit-learn's digits are SIDE × SIDE pixels
ZOOM = 12  #: each pixel is drawn as a ZOOM × ZOOM square


def _as_array(name: str, value: object, shape_text: str) -> np.ndarray:
    try:
        array = np.asarray(value.detach().cpu() if hasattr(value, "detach") else value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CourseError(f"{name} must be {shape_text}, not {type(value).__name__}.") from None
    return array


def _check_inputs(images: object, labels: object, probabilities: object, index: object):
    images = _as_array("images", images, "an array of shape (n, 64)")
    labels = _as_array("labels", labels, "one label per image")
    probabilities = _as_array("probabilities", probabilities, "an array of shape (n, 10)")
    if images.ndim == 3 and images.shape[1:] == (SIDE, SIDE):
        images = images.reshape(len(images), SIDE * SIDE)
    if images.ndim != 2 or images.shape[1] != SIDE * SIDE or len(images) == 0:
        raise CourseError(f"images must have shape (n, 64) with n ≥ 1, not {images.shape}.")
    n = len(images)
    if labels.shape != (n,):
        raise CourseError(f"labels must be one label per image: shape ({n},), not {labels.shape}.")
    if probabilities.shape != (n, 10):
        raise CourseError(f"probabilities must have shape ({n}, 10), one row per image, not {probabilities.shape}.")
    if not np.isfinite(probabilities).all():
        raise CourseError("probabilities hold nan or infinity: did the training diverge?")
    if isinstance(index, bool) or not isinstance(index, numbers.Integral) or not 0 <= index < n:
        raise CourseError(f"index must be a whole number from 0 to {n - 1}, not {index!r}.")
    return images, labels, probabilities, int(index)


def top3_text(row: object, label: object) -> str:
    """One line: the true label and the three most likely digits in ``row`` (10 probabilities).

    >>> print(top3_text([0.1, 0.6, 0.3] + [0.0] * 7, 2))
    true label 2 · the network says 1 (60.0%), then 2 (30.0%), 0 (10.0%) ❌ wrong
    """
    row = np.asarray(row, dtype=np.float64).reshape(-1)
    if row.shape != (10,):
        raise CourseError(f"a row of probabilities has 10 numbers, not {row.size}.")
    # stable sort on the negated values: ties keep the smaller digit first, on every machine
    best = np.argsort(-row, kind="stable")[:3]
    first, *others = (f"{int(d)} ({row[d]:.1%})" for d in best)
    verdict = "✅ right" if int(best[0]) == int(label) else "❌ wrong"
    return f"true label {int(label)} · the network says {first}, then {', '.join(others)} {verdict}"


@never_raises(on_error=lambda message: f"<p>{html.escape(message, quote=False)}</p>")
def explain_prediction(images: object, labels: object, probabilities: object, index: object) -> str:
    """HTML for one test image: the picture (with alt text), its label and the top-3 guesses.

    ``images`` are the test images (values 0 to 1, shape ``(n, 64)``), ``labels`` their true
    digits and ``probabilities`` the network's softmax output, shape ``(n, 10)``. A bad value
    (an index out of range, the wrong shapes) gives a one-line message, never a traceback.

    >>> explain_prediction(np.zeros((1, 64)), [0], np.zeros((1, 9)), 0)
    '<p>⚠️ probabilities must have shape (1, 10), one row per image, not (1, 9).</p>'
    """
    images, labels, probabilities, index = _check_inputs(images, labels, probabilities, index)
    ink = np.clip(images[index].reshape(SIDE, SIDE), 0.0, 1.0)
    grey = np.round(255 * (1 - ink)).astype(np.uint8)  # dark = ink, as on paper
    big = np.kron(grey, np.ones((ZOOM, ZOOM), dtype=np.uint8))
    picture = figure(
        np.stack([big] * 3, axis=-1),
        alt=f"test image {index}: a handwritten digit, 8 by 8 pixels; its true label is {int(labels[index])}",
    )
    line = top3_text(probabilities[index], labels[index])
    return (
        "<div style='display:flex; gap:16px; align-items:center; font-family:sans-serif'>"
        f"<div style='width:{SIDE * ZOOM}px; border:1px solid #888'>{picture._repr_html_()}</div>"
        f"<div>test image <b>{index}</b><br>{html.escape(line, quote=False)}</div></div>"
    )
