"""Widget logic of notebook 13: fit one model on two noisy half-moons, score it on train and test,
say whether it over- or under-fits, and draw its decision boundary (with computed alt text)."""

from __future__ import annotations

import functools
import html
import numbers
from dataclasses import dataclass, field
from typing import Any

from threadpoolctl import threadpool_limits

from coursekit import CourseError
from coursekit.ui import figure, never_raises

#: model name → (the hyperparameter the slider sets, True if a larger value means a simpler model)
BOUNDARY_MODELS = {"k-NN": ("n_neighbors", True), "decision tree": ("max_depth", False)}
#: Over-fitting: train more than GAP above test. Under-fitting: test more than SHORTFALL below the best of SWEEP.
GAP, SHORTFALL = 0.05, 0.03
SWEEP = {"k-NN": (1, 3, 5, 10, 15, 25, 50, 100, 250), "decision tree": tuple(range(1, 13))}


def _build(model: str, setting: int):
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.tree import DecisionTreeClassifier

    return (
        KNeighborsClassifier(setting) if model == "k-NN" else DecisionTreeClassifier(max_depth=setting, random_state=0)
    )


def largest_setting(model: str) -> int:
    """The slider's maximum for ``model``: every training point (250) for k-NN, depth 30 for a tree."""
    if not isinstance(model, str) or model not in BOUNDARY_MODELS:
        raise CourseError(f"Unknown model {model!r:.40}: choose one of {sorted(BOUNDARY_MODELS)}.")
    return 250 if model == "k-NN" else 30


@dataclass(frozen=True)
class BoundaryView:
    """What :func:`decision_boundary` found; ``str()`` says it in one line."""

    model: str
    parameter: str
    setting: int
    train: float
    test: float
    verdict: str
    figure: Any = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        scores = f"train {self.train:.3f} · test {self.test:.3f}"
        return f"{self.model} with {self.parameter}={self.setting}: {scores} → {self.verdict}"


def _check(model, setting, noise) -> tuple[str, int, float]:
    high, parameter = largest_setting(model), BOUNDARY_MODELS[model][0]
    if isinstance(setting, bool) or not isinstance(setting, numbers.Integral):
        raise CourseError(f"{parameter} must be a whole number from 1 to {high}, not {setting!r:.40}.")
    if not 1 <= setting <= high:
        raise CourseError(f"{parameter}={setting} is out of range: use a whole number from 1 to {high}.")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
        raise CourseError(f"noise must be a number from 0 to 1 (0.3 is a good start), not {noise!r:.40}.")
    return model, int(setting), float(noise)


def decision_boundary(model="k-NN", setting=15, *, noise=0.3, draw=True) -> BoundaryView:
    """Fit ``model`` at ``setting`` on half of 500 noisy half-moons (seeded) and test it on the other half."""
    from sklearn.datasets import make_moons
    from sklearn.model_selection import train_test_split

    model, setting, noise = _check(model, setting, noise)
    parameter, larger_is_simpler = BOUNDARY_MODELS[model]
    X, y = make_moons(n_samples=500, noise=noise, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)
    with threadpool_limits(limits=1):  # tiny data: extra threads cost more than they save
        fitted = _build(model, setting).fit(X_train, y_train)
        train, test = round(fitted.score(X_train, y_train), 3), round(fitted.score(X_test, y_test), 3)
        sweep = {v: round(_build(model, v).fit(X_train, y_train).score(X_test, y_test), 3) for v in SWEEP[model]}
    best = max(sweep, key=lambda v: (sweep[v], v if larger_is_simpler else -v))  # the simplest of the best
    simpler, more = ("a larger", "a smaller") if larger_is_simpler else ("a smaller", "a larger")
    if train - test > GAP:
        verdict = f"over-fitting: train is {train - test:.3f} better than test; try {simpler} {parameter}."
    elif test < sweep[best] - SHORTFALL:
        gap = f"{sweep[best] - test:.3f} below the best test score ({parameter}={best})"
        verdict = f"under-fitting: {gap}; try {more} {parameter}."
    else:
        verdict = f"a good balance: near the best test score, {sweep[best]:.3f} at {parameter}={best}."
    picture = _draw(fitted, X_train, X_test, y_train, y_test) if draw else None
    if picture is not None:
        picture.axes[0].set_title(f"{model}, {parameter}={setting}: train {train:.3f} · test {test:.3f}")
    return BoundaryView(model, parameter, setting, train, test, verdict, picture)


def _draw(fitted, X_train, X_test, y_train, y_test):
    import numpy as np
    from matplotlib.figure import Figure  # not pyplot: no figure is kept open behind your back

    ax = (fig := Figure(figsize=(6, 4.2), layout="constrained")).subplots()
    (x0, y0), (x1, y1) = np.vstack([X_train, X_test]).min(axis=0) - 0.5, np.vstack([X_train, X_test]).max(axis=0) + 0.5
    xx, yy = np.meshgrid(np.linspace(x0, x1, 100), np.linspace(y0, y1, 100))
    proba = fitted.predict_proba(np.c_[xx.ravel(), yy.ravel()])[:, 1].reshape(xx.shape)
    ax.contourf(xx, yy, proba, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.45)
    ax.contour(xx, yy, proba, levels=[0.5], colors="black", linewidths=1.5)
    colours = np.array(["#b2182b", "#2166ac"])
    ax.scatter(*X_train.T, c=colours[y_train], s=22, edgecolors="white", linewidths=0.5, label="train (filled)")
    ax.scatter(*X_test.T, facecolors="none", edgecolors=colours[y_test], s=30, linewidths=1.2, label="test (rings)")
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xticks=[], yticks=[])
    ax.legend(loc="lower left", fontsize=9)
    return fig


@functools.lru_cache(maxsize=64)
def _html(model: str, setting: int, noise: float) -> str:
    view = decision_boundary(model, setting, noise=noise)
    head, _, verdict = str(view).partition(" → ")
    alt = (
        f"The decision boundary of {model} with {view.parameter}={setting} on two half-moons with noise {noise:g}: "
        f"250 training points, 250 test points; train accuracy {view.train:.3f}, test accuracy {view.test:.3f}."
    )
    shown = figure(view.figure, alt=alt, caption="Shaded: the class the model predicts; black line: its boundary.")
    return f"<p><b>{html.escape(head)}</b> → {html.escape(verdict)}</p>{shown._repr_html_()}"


@never_raises
def boundary_html(model: str = "k-NN", setting: int = 15, noise: float = 0.3) -> str:
    """What the explorer widget shows: the scores, a verdict and the figure (cached per setting)."""
    return _html(*_check(model, setting, noise))
