"""Widget logic of notebook 13: a model's decision boundary on noisy half-moons, its scores and a verdict."""

from __future__ import annotations

import functools
import html
import numbers

import numpy as np
from matplotlib.figure import Figure  # not pyplot: no figure is kept open behind your back
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from coursekit import CourseError
from coursekit.ui import figure, never_raises

#: model name → (its class, the hyperparameter the slider sets, its maximum, True if larger is simpler, the sweep)
BOUNDARY_MODELS = {
    "k-NN": (KNeighborsClassifier, "n_neighbors", 250, True, (1, 3, 5, 10, 15, 25, 50, 100, 250)),
    "decision tree": (functools.partial(DecisionTreeClassifier, random_state=0), "max_depth", 30, False, range(1, 13)),
}
GAP, SHORTFALL = 0.05, 0.03  #: over-fitting: train > test + GAP; under-fitting: test < the sweep's best - SHORTFALL


def largest_setting(model: str) -> int:
    """The slider's maximum for ``model``: every training point (250) for k-NN, depth 30 for a tree."""
    if not isinstance(model, str) or model not in BOUNDARY_MODELS:
        raise CourseError(f"Unknown model {model!r:.40}: choose one of {sorted(BOUNDARY_MODELS)}.")
    return BOUNDARY_MODELS[model][2]


def _check(model, setting, noise) -> tuple[str, int, float]:
    high, parameter = largest_setting(model), BOUNDARY_MODELS[model][1]
    if isinstance(setting, bool) or not isinstance(setting, numbers.Integral) or not 1 <= setting <= high:
        raise CourseError(f"{parameter} must be a whole number from 1 to {high}, not {setting!r:.40}.")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
        raise CourseError(f"noise must be a number from 0 to 1 (0.3 is a good start), not {noise!r:.40}.")
    return model, int(setting), float(noise)


def _fit(model: str, setting: int, noise: float):
    """``model`` at ``setting`` fitted on half of 500 noisy half-moons (seeded): (model, data, scores, verdict)."""
    make, parameter, _, larger_is_simpler, values = BOUNDARY_MODELS[model]
    X, y = make_moons(n_samples=500, noise=noise, random_state=0)
    data = X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)
    with threadpool_limits(limits=1):  # tiny data: extra threads cost more than they save
        fitted = make(**{parameter: setting}).fit(X_train, y_train)
        train, test = round(fitted.score(X_train, y_train), 3), round(fitted.score(X_test, y_test), 3)
        sweep = {v: round(make(**{parameter: v}).fit(X_train, y_train).score(X_test, y_test), 3) for v in values}
    best = max(sweep, key=lambda v: (sweep[v], v if larger_is_simpler else -v))  # the simplest of the best
    simpler, more = ("a larger", "a smaller") if larger_is_simpler else ("a smaller", "a larger")
    if train - test > GAP:
        verdict = f"over-fitting: train is {train - test:.3f} better than test; try {simpler} {parameter}."
    elif test < sweep[best] - SHORTFALL:
        verdict = f"under-fitting: {sweep[best] - test:.3f} below the best, {parameter}={best}; try {more} {parameter}."
    else:
        verdict = f"a good balance: near the best test score, {sweep[best]:.3f} at {parameter}={best}."
    return fitted, data, f"{model} with {parameter}={setting}: train {train:.3f} · test {test:.3f}", verdict


def decision_boundary(model="k-NN", setting=15, *, noise=0.3) -> str:
    """One line: the train and test accuracy of ``model`` at ``setting``, and whether it over- or under-fits."""
    return " → ".join(_fit(*_check(model, setting, noise))[2:])


def _draw(fitted, X_train, X_test, y_train, y_test, title: str) -> Figure:
    ax = (fig := Figure(figsize=(6, 4.2), layout="constrained")).subplots()
    (x0, y0), (x1, y1) = np.vstack([X_train, X_test]).min(axis=0) - 0.5, np.vstack([X_train, X_test]).max(axis=0) + 0.5
    xx, yy = np.meshgrid(np.linspace(x0, x1, 100), np.linspace(y0, y1, 100))
    proba = fitted.predict_proba(np.c_[xx.ravel(), yy.ravel()])[:, 1].reshape(xx.shape)
    ax.contourf(xx, yy, proba, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.45)
    ax.contour(xx, yy, proba, levels=[0.5], colors="black", linewidths=1.5)
    colours = np.array(["#b2182b", "#2166ac"])
    ax.scatter(*X_train.T, c=colours[y_train], s=22, edgecolors="white", linewidths=0.5, label="train (filled)")
    ax.scatter(*X_test.T, facecolors="none", edgecolors=colours[y_test], s=30, linewidths=1.2, label="test (rings)")
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xticks=[], yticks=[], title=title)
    ax.legend(loc="lower left", fontsize=9)
    return fig


@functools.lru_cache(maxsize=64)
def _html(model: str, setting: int, noise: float) -> str:
    fitted, data, scores, verdict = _fit(model, setting, noise)
    alt = f"The decision boundary of {scores}; noise {noise:g}, 250 training and 250 test points."
    shown = figure(_draw(fitted, *data, scores), alt=alt, caption="Shaded: the predicted class; black: the boundary.")
    return f"<p><b>{html.escape(scores)}</b> → {html.escape(verdict)}</p>{shown._repr_html_()}"


@never_raises
def boundary_html(model: str = "k-NN", setting: int = 15, noise: float = 0.3) -> str:
    """What the explorer widget shows: the scores, a verdict and the figure (cached per setting)."""
    return _html(*_check(model, setting, noise))
