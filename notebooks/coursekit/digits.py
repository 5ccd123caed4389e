"""Widget logic of notebook 12: one test digit, drawn with alt text, and the network's three best guesses."""

from __future__ import annotations

import html
import numbers

import numpy as np

from coursekit import CourseError
from coursekit.ui import figure, never_raises

SIDE, ZOOM = 8, 12  #: the digits are SIDE × SIDE pixels, each drawn as a ZOOM × ZOOM square


def top3_text(row, label) -> str:
    """One line: the true label and the three most likely digits in ``row`` (10 probabilities)."""
    row = np.asarray(row, dtype=np.float64).reshape(-1)
    best = np.argsort(-row, kind="stable")[:3]  # stable: ties keep the smaller digit first
    first, *others = (f"{int(d)} ({row[d]:.1%})" for d in best)
    verdict = "✅ right" if int(best[0]) == int(label) else "❌ wrong"
    return f"true label {int(label)} · the network says {first}, then {', '.join(others)} {verdict}"


def _array(name: str, value, shape: str) -> np.ndarray:
    try:
        return np.asarray(value.detach().cpu() if hasattr(value, "detach") else value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CourseError(f"{name} must be {shape}, not {type(value).__name__}.") from None


@never_raises(on_error=lambda message: f"<p>{html.escape(message, quote=False)}</p>")
def explain_prediction(images, labels, probabilities, index) -> str:
    """HTML for test image ``index``: the picture, its label and the network's top-3 (softmax) guesses."""
    images = _array("images", images, "an array of shape (n, 64)")
    if images.shape[1:] not in ((SIDE * SIDE,), (SIDE, SIDE)) or len(images) == 0:
        raise CourseError(f"images must have shape (n, 64) with n ≥ 1, not {images.shape}.")
    labels = _array("labels", labels, "one label per image")
    probabilities, n = _array("probabilities", probabilities, "an array of shape (n, 10)"), len(images)
    if labels.shape != (n,):
        raise CourseError(f"labels must be one label per image: shape ({n},), not {labels.shape}.")
    if probabilities.shape != (n, 10):
        raise CourseError(f"probabilities must have shape ({n}, 10), one row per image, not {probabilities.shape}.")
    if not np.isfinite(probabilities).all():
        raise CourseError("probabilities hold nan or infinity: did the training diverge?")
    if isinstance(index, bool) or not isinstance(index, numbers.Integral) or not 0 <= index < n:
        raise CourseError(f"index must be a whole number from 0 to {n - 1}, not {index!r:.40}.")
    ink = np.clip(images[index].reshape(SIDE, SIDE), 0.0, 1.0)
    grey = np.kron(np.round(255 * (1 - ink)).astype(np.uint8), np.ones((ZOOM, ZOOM), dtype=np.uint8))
    label = int(labels[index])
    alt = f"test image {index}: a handwritten digit, 8 by 8 pixels; its true label is {label}"
    picture = figure(np.stack([grey] * 3, axis=-1), alt=alt)._repr_html_()
    line = html.escape(top3_text(probabilities[index], label), quote=False)
    return (
        "<div style='display:flex; gap:16px; align-items:center; font-family:sans-serif'>"
        f"<div style='width:{SIDE * ZOOM}px; border:1px solid #888'>{picture}</div>"
        f"<div>test image <b>{index}</b><br>{line}</div></div>"
    )
