"""Widget logic of notebook 12: one test digit, drawn with alt text, and the network's three best guesses."""

from __future__ import annotations

import html
import numbers

import numpy as np

from coursekit import CourseError
from coursekit.ui import figure, never_raises

SIDE, ZOOM = 8, 12  #: the digits are SIDE × SIDE pixels, each drawn as a ZOOM × ZOOM square


def _array(name: str, value) -> np.ndarray:
    try:
        return np.asarray(value.detach().cpu() if hasattr(value, "detach") else value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CourseError(f"{name} must be an array of numbers, not {type(value).__name__}.") from None


@never_raises(on_error=lambda message: f"<p>{html.escape(message, quote=False)}</p>")
def explain_prediction(images, labels, probabilities, index) -> str:
    """HTML for test image ``index``: the picture, its label and the network's top-3 (softmax) guesses."""
    images, labels, probabilities = map(_array, ("images", "labels", "probabilities"), (images, labels, probabilities))
    n = len(images) if images.shape[1:] in ((SIDE * SIDE,), (SIDE, SIDE)) else 0
    if not n or labels.shape != (n,) or probabilities.shape != (n, 10):
        shapes = f"{images.shape}, {labels.shape} and {probabilities.shape}"
        raise CourseError(f"images, labels and probabilities must have shapes (n, 64), (n,) and (n, 10), not {shapes}.")
    if not np.isfinite(probabilities).all():
        raise CourseError("probabilities hold nan or infinity: did the training diverge?")
    if isinstance(index, bool) or not isinstance(index, numbers.Integral) or not 0 <= index < n:
        raise CourseError(f"index must be a whole number from 0 to {n - 1}, not {index!r:.40}.")
    ink = np.clip(images[index].reshape(SIDE, SIDE), 0.0, 1.0)
    grey = np.kron(np.round(255 * (1 - ink)).astype(np.uint8), np.ones((ZOOM, ZOOM), dtype=np.uint8))
    label, row = int(labels[index]), probabilities[index]
    alt = f"test image {index}: a handwritten digit, 8 by 8 pixels; its true label is {label}"
    picture = figure(np.stack([grey] * 3, axis=-1), alt=alt)._repr_html_()
    best = np.argsort(-row, kind="stable")[:3]  # stable: ties keep the smaller digit first
    first, *others = (f"{int(d)} ({row[d]:.1%})" for d in best)
    verdict = "✅ right" if int(best[0]) == label else "❌ wrong"
    return (
        "<div style='display:flex; gap:16px; align-items:center; font-family:sans-serif'>"
        f"<div style='width:{SIDE * ZOOM}px; border:1px solid #888'>{picture}</div><div>test image <b>{index}</b><br>"
        f"true label {label} · the network says {first}, then {', '.join(others)} {verdict}</div></div>"
    )
