"""Widget logic for notebook 13 (scikit-learn): the decision-boundary explorer.

:func:`decision_boundary` fits one model on two noisy half-moons and returns its train and
test accuracy, a verdict and (optionally) a matplotlib figure; :func:`boundary_html` is what
the notebook's widget shows: the scores and that figure through :func:`coursekit.ui.figure`,
with alt text computed from the numbers. A bad value gives a message, never a traceback.

>>> print(decision_boundary("k-NN", 1, draw=False))  # doctest: +NORMALIZE_WHITESPACE
k-NN with n_neighbors=1: train 1.000 · test 0.848 → over-fitting: train is 0.152 better than
test; try a larger n_neighbors.
>>> boundary_html("k-NN", 0)
'⚠️ n_neighbors=0 is out of range: use a whole number from 1 to 250.'
"""

from __future__ import annotations

import functools
import html
import numbers
from dataclasses import dataclass, field
from typing import Any

from threadpoolctl import threadpool_limits

from coursekit import CourseError
from coursekit.ui import figure, never_raises

__all__ = [
    "BOUNDARY_MODELS",
    "GAP",
    "SHORTFALL",
    "SWEEP",
    "BoundaryView",
    "largest_setting",
    "decision_boundary",
    "boundary_html",
]

#: model name → (hyperparameter the slider sets, True if a larger value means a simpler model)
BOUNDARY_MODELS = {"k-NN": ("n_neighbors", True), "decision tree": ("max_depth", False)}
#: Over-fitting: train more than GAP above test. Under-fitting: test more than SHORTFALL below
#: the best test score of the settings in SWEEP (and no such gap).
GAP, SHORTFALL = 0.05, 0.03
SWEEP = {"k-NN": (1, 3, 5, 10, 15, 25, 50, 100, 250), "decision tree": tuple(range(1, 13))}
N_SAMPLES = 500  # half train, half test


def _build(model: str, setting: int):
    if model == "k-NN":
        from sklearn.neighbors import KNeighborsClassifier

        return KNeighborsClassifier(n_neighbors=setting)
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(max_depth=setting, random_state=0)


def largest_setting(model: str) -> int:
    """The slider's maximum for ``model``: every training point for k-NN, depth 30 for a tree.

    >>> largest_setting("k-NN"), largest_setting("decision tree")
    (250, 30)
    """
    if not isinstance(model, str) or model not in BOUNDARY_MODELS:
        raise CourseError(f"Unknown model {model!r:.40}: choose one of {sorted(BOUNDARY_MODELS)}.")
    return N_SAMPLES // 2 if model == "k-NN" else 30


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


def _check(model: Any, setting: Any, noise: Any) -> tuple[str, int, float]:
    high = largest_setting(model)
    parameter = BOUNDARY_MODELS[model][0]
    if isinstance(setting, bool) or not isinstance(setting, numbers.Integral):
        raise CourseError(f"{parameter} must be a whole number from 1 to {high}, not {setting!r:.40}.")
    if not 1 <= setting <= high:
        raise CourseError(f"{parameter}={setting} is out of range: use a whole number from 1 to {high}.")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
        raise CourseError(f"noise must be a number from 0 to 1 (0.3 is a good start), not {noise!r:.40}.")
    return model, int(setting), float(noise)


def decision_boundary(model: str = "k-NN", setting: int = 15, *, noise: float = 0.3, draw: bool = True) -> BoundaryView:
    """Fit ``model`` (a key of :data:`BOUNDARY_MODELS`) at ``setting`` on 500 noisy half-moons.

    Half the points (seeded) train the model, the other half test it. With ``draw=True`` the
    result holds a figure: the decision boundary, training points filled, test points as rings.

    >>> view = decision_boundary("decision tree", 3, draw=False)
    >>> view.parameter, view.train, view.test
    ('max_depth', 0.896, 0.892)
    """
    from sklearn.datasets import make_moons
    from sklearn.model_selection import train_test_split

    model, setting, noise = _check(model, setting, noise)
    parameter, larger_is_simpler = BOUNDARY_MODELS[model]
    X, y = make_moons(n_samples=N_SAMPLES, noise=noise, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)
    with threadpool_limits(limits=1):  # tiny data: extra threads cost more than they save
        fitted = _build(model, setting).fit(X_train, y_train)
        train, test = round(fitted.score(X_train, y_train), 3), round(fitted.score(X_test, y_test), 3)
        sweep = {v: _build(model, v).fit(X_train, y_train).score(X_test, y_test) for v in SWEEP[model]}
    best = max(sweep, key=lambda v: (round(sweep[v], 3), v if larger_is_simpler else -v))  # simplest of the best
    best_test = round(sweep[best], 3)
    simpler, more = ("a larger", "a smaller") if larger_is_simpler else ("a smaller", "a larger")
    if train - test > GAP:
        verdict = f"over-fitting: train is {train - test:.3f} better than test; try {simpler} {parameter}."
    elif test < best_test - SHORTFALL:
        verdict = (
            f"under-fitting: {best_test - test:.3f} below the best test score ({parameter}={best}); "
            f"try {more} {parameter}."
        )
    else:
        verdict = f"a good balance: near the best test score, {best_test:.3f} at {parameter}={best}."
    picture = _draw(fitted, X_train, X_test, y_train, y_test) if draw else None
    if picture is not None:
        picture.axes[0].set_title(f"{model}, {parameter}={setting}: train {train:.3f} · test {test:.3f}")
    return BoundaryView(model, parameter, setting, train, test, verdict, picture)


def _draw(fitted, X_train, X_test, y_train, y_test):
    import numpy as np
    from matplotlib.figure import Figure  # not pyplot: no figure is kept open behind your back

    fig = Figure(figsize=(6, 4.2), layout="constrained")
    ax = fig.subplots()
    X = np.vstack([X_train, X_test])
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
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
        f"The decision boundary of {model} with {view.parameter}={setting} on two half-moons with noise "
        f"{noise:g}: 250 training points, 250 test points; train accuracy {view.train:.3f}, "
        f"test accuracy {view.test:.3f}."
    )
    shown = figure(view.figure, alt=alt, caption="Shaded: the class the model predicts; black line: its boundary.")
    return f"<p><b>{html.escape(head)}</b> → {html.escape(verdict)}</p>{shown._repr_html_()}"


@never_raises
def boundary_html(model: str = "k-NN", setting: int = 15, noise: float = 0.3) -> str:
    """What the explorer widget shows: the scores, a verdict and the figure (cached per setting).

    >>> boundary_html("decision tree", 3).startswith("<p><b>decision tree with max_depth=3:")
    True
    """
    return _html(*_check(model, setting, noise))
