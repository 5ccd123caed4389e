"""Helpers for the scikit-learn demo (notebook 13): tables, a decision-boundary explorer
and a look at an installed distribution's metadata.

Three groups of plain functions, each usable without a browser:

- :func:`comparison_table` and :func:`method_table` turn what a notebook loop
  collected about several estimators into one tidy, rounded table.
- :func:`decision_boundary` fits one model on two-moons data and returns its
  picture plus train and test scores; :func:`boundary_html` turns that into
  what the notebook's widget shows (bad values give a message).
- :func:`dependency_tree`, :func:`dependency_closure` and :func:`licence` read
  ``importlib.metadata`` (through :mod:`coursekit.explorer`, which also has
  ``distributions_of``, ``import_names_of`` and ``requirements``): what ``pip install``
  put on disk, not what a web page says.

>>> rows = [{"model": "b", "test accuracy": 0.91234}, {"model": "a", "test accuracy": 0.98765}]
>>> print(comparison_table(rows, sort_by="test accuracy").to_string())  # doctest: +NORMALIZE_WHITESPACE
       test accuracy
model
a              0.988
b              0.912
>>> dependency_closure("scikit-learn")[:2]
['cloudpickle', 'joblib']
"""

from __future__ import annotations

import base64
import functools
import html
import io
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from threadpoolctl import threadpool_limits

from coursekit import CourseError
from coursekit.explorer import find_distribution, licence_name, requirements
from coursekit.ui import WARNING

__all__ = [
    "comparison_table",
    "method_table",
    "API_METHODS",
    "BOUNDARY_MODELS",
    "largest_setting",
    "GAP",
    "SHORTFALL",
    "BoundaryView",
    "decision_boundary",
    "boundary_html",
    "dependency_closure",
    "dependency_tree",
    "Licence",
    "licence",
]


def _show(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters so a message stays readable."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- tables


def comparison_table(
    rows: Sequence[Mapping[str, Any]], *, sort_by: str | None = None, decimals: int = 3, index: str = "model"
):
    """Turn a list of result dicts (one per estimator) into a rounded pandas table.

    Every row needs the same keys, one of them ``index`` (the model's name).
    Floats are rounded to ``decimals`` places so the table prints the same on
    every machine; with ``sort_by`` the best (largest) value comes first, and
    ties keep the order of ``rows``.

    >>> table = comparison_table([{"model": "tree", "train": 1.0, "test": 0.8555},
    ...                           {"model": "k-NN", "train": 0.99, "test": 0.98}], sort_by="test")
    >>> print(table.to_string())  # doctest: +NORMALIZE_WHITESPACE
           train   test
    model
    k-NN    0.99  0.980
    tree    1.00  0.856
    >>> comparison_table([])
    Traceback (most recent call last):
    ...
    coursekit.CourseError: There are no results to show: the list of rows is empty. Did the loop run?
    """
    import pandas as pd

    if isinstance(rows, Mapping) or isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
        raise CourseError(f"rows must be a list of dicts, one per model, not {type(rows).__name__}.")
    if len(rows) == 0:
        raise CourseError("There are no results to show: the list of rows is empty. Did the loop run?")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 10:
        raise CourseError(f"decimals must be a whole number from 0 to 10, not {_show(decimals)}.")
    keys = _common_keys(rows, index)
    table = pd.DataFrame([dict(row) for row in rows], columns=keys).set_index(index)
    if sort_by is not None:
        if sort_by not in table.columns:
            raise CourseError(f"Cannot sort by {_show(sort_by)}: the columns are {list(table.columns)}.")
        table = table.sort_values(sort_by, ascending=False, kind="stable")
    for column in table.columns:
        if pd.api.types.is_float_dtype(table[column]):
            table[column] = table[column].round(decimals)
    return table


def _common_keys(rows: Sequence[Mapping[str, Any]], index: str) -> list[str]:
    """The keys every row shares (in row 1's order), or a sentence naming the first bad row."""
    keys = None
    for number, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise CourseError(
                f"Row {number} is {type(row).__name__}, not a dict like {{'{index}': 'k-NN', 'test accuracy': 0.98}}."
            )
        if index not in row:
            raise CourseError(
                f"Row {number} has no {_show(index)} key: name each model, e.g. {{'{index}': 'k-NN', ...}}."
            )
        if keys is None:
            keys = list(row)
        elif set(row) != set(keys):
            raise CourseError(
                f"Row {number} has the keys {sorted(row)}, but row 1 has {sorted(keys)}: give every row the same keys."
            )
    return keys


#: The methods that make up scikit-learn's shared interface, in the order shown.
API_METHODS = ("fit", "predict", "transform", "fit_transform", "score", "predict_proba")


def method_table(estimators: Mapping[str, Any], methods: Iterable[str] = API_METHODS):
    """Tick (✓) which of ``methods`` each estimator has: the shared API at a glance.

    >>> from sklearn.cluster import KMeans
    >>> from sklearn.linear_model import LinearRegression
    >>> print(method_table({"LinearRegression": LinearRegression(), "KMeans": KMeans()},
    ...                    ["fit", "predict", "transform"]).to_string())  # doctest: +NORMALIZE_WHITESPACE
                     fit predict transform
    estimator
    LinearRegression   ✓       ✓         –
    KMeans             ✓       ✓         ✓
    """
    import pandas as pd

    if not isinstance(estimators, Mapping) or not estimators:
        raise CourseError("Give a non-empty dict of {name: estimator}, e.g. {'k-NN': KNeighborsClassifier()}.")
    methods = list(methods)
    rows = []
    for name, estimator in estimators.items():
        if isinstance(estimator, type):
            raise CourseError(
                f"{_show(name)} is the class {estimator.__name__} itself: create an estimator "
                f"with {estimator.__name__}() (note the parentheses)."
            )
        rows.append({"estimator": name, **{m: "✓" if callable(getattr(estimator, m, None)) else "–" for m in methods}})
    return pd.DataFrame(rows).set_index("estimator")


# --------------------------------------------------------------- decision boundary


@dataclass(frozen=True)
class _Knob:
    """One model family for the explorer and the hyperparameter that tunes it."""

    parameter: str
    build: Callable[[int], Any]
    largest: Callable[[int], int]  # largest allowed setting, given the training set size
    simpler_when_larger: bool  # True for k of k-NN: more neighbours, smoother boundary
    curve: Callable[[int], list[int]]  # settings drawn in the score curve


def _knn(k: int):
    from sklearn.neighbors import KNeighborsClassifier

    return KNeighborsClassifier(n_neighbors=k)


def _decision_tree(depth: int):
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(max_depth=depth, random_state=0)


def _log_steps(largest: int) -> list[int]:
    import numpy as np

    return sorted({int(round(v)) for v in np.geomspace(1, largest, 18)})


#: Verdict thresholds: a train-test gap above GAP is over-fitting; a test score more than
#: SHORTFALL below the best one on the sweep (without such a gap) is under-fitting.
GAP, SHORTFALL = 0.05, 0.03

#: The models the explorer knows, with the hyperparameter its slider sets.
BOUNDARY_MODELS: Mapping[str, _Knob] = {
    "k-NN": _Knob("n_neighbors", _knn, lambda n_train: n_train, True, _log_steps),
    "decision tree": _Knob("max_depth", _decision_tree, lambda n_train: 30, False, lambda n: list(range(1, 16))),
}


def largest_setting(model: str, n_samples: int = 500) -> int:
    """The largest setting :func:`decision_boundary` accepts for ``model`` (a slider's max).

    k-NN can ask at most every training point (half of ``n_samples``); a tree goes to depth 30.

    >>> largest_setting("k-NN"), largest_setting("decision tree")
    (250, 30)
    """
    if not isinstance(model, str) or model not in BOUNDARY_MODELS:
        raise CourseError(f"Unknown model {_show(model)}: choose one of {sorted(BOUNDARY_MODELS)}.")
    return BOUNDARY_MODELS[model].largest(n_samples - n_samples // 2)


@dataclass(frozen=True)
class BoundaryView:
    """What :func:`decision_boundary` found: scores, a verdict and (optionally) a figure."""

    model: str
    parameter: str
    setting: int
    train: float
    test: float
    best_setting: int
    best_test: float
    verdict: str
    figure: Any = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        return (
            f"{self.model} with {self.parameter}={self.setting}: "
            f"train {self.train:.3f} · test {self.test:.3f} → {self.verdict}"
        )


def _whole_number(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise CourseError(f"{name} must be a whole number from {low} to {high}, not {_show(value)}.")
    if not low <= int(value) <= high:
        raise CourseError(f"{name}={value} is out of range: use a whole number from {low} to {high}.")
    return int(value)


def _moons(n_samples: int, noise: float, seed: int):
    from sklearn.datasets import make_moons
    from sklearn.model_selection import train_test_split

    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return train_test_split(X, y, test_size=0.5, random_state=seed, stratify=y)


def decision_boundary(
    model: str = "k-NN",
    setting: int = 15,
    *,
    noise: float = 0.3,
    n_samples: int = 500,
    seed: int = 0,
    draw: bool = True,
) -> BoundaryView:
    """Fit ``model`` with its hyperparameter at ``setting`` on two noisy half-moons.

    Half the points train the model, the other half test it. The result holds the
    train and test accuracy, the setting with the best test accuracy on a sweep of
    settings, a verdict (over-fitting, under-fitting or a good balance) and, with
    ``draw=True``, a matplotlib ``Figure``: the decision boundary on the left, train
    and test accuracy against the setting on the right (more complex to the right).

    ``model`` is a key of :data:`BOUNDARY_MODELS`: ``"k-NN"`` (``setting`` is the
    number of neighbours k) or ``"decision tree"`` (``setting`` is the maximum depth).

    >>> print(decision_boundary("k-NN", 1, draw=False))  # doctest: +NORMALIZE_WHITESPACE
    k-NN with n_neighbors=1: train 1.000 · test 0.848 → over-fitting: 0.152 better on the points it
    learned from than on new ones; try a larger n_neighbors.
    >>> decision_boundary("k-NN", 0)
    Traceback (most recent call last):
    ...
    coursekit.CourseError: n_neighbors=0 is out of range: use a whole number from 1 to 250.
    """
    if not isinstance(model, str) or model not in BOUNDARY_MODELS:
        raise CourseError(f"Unknown model {_show(model)}: choose one of {sorted(BOUNDARY_MODELS)}.")
    if isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Integral) or not 20 <= n_samples <= 2000:
        raise CourseError(f"n_samples must be a whole number from 20 to 2000, not {_show(n_samples)}.")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
        raise CourseError(f"noise must be a number from 0 to 1 (0.3 is a good start), not {_show(noise)}.")
    seed = _whole_number(seed, "seed", 0, 2**32 - 1)
    knob = BOUNDARY_MODELS[model]
    X_train, X_test, y_train, y_test = _moons(int(n_samples), float(noise), seed)
    setting = _whole_number(setting, knob.parameter, 1, knob.largest(len(X_train)))

    def scores(value: int) -> tuple[float, float, Any]:
        fitted = knob.build(value).fit(X_train, y_train)
        return fitted.score(X_train, y_train), fitted.score(X_test, y_test), fitted

    with threadpool_limits(limits=1):  # tiny data: extra threads cost more than they save
        train, test, fitted = scores(setting)
        sweep = sorted(set(knob.curve(len(X_train))) | {setting})
        curve = {value: scores(value)[:2] for value in sweep}
        best_test = max(test_ for _, test_ in curve.values())
        # the simplest setting among those with the best test score
        complexity = (lambda v: -v) if knob.simpler_when_larger else (lambda v: v)
        best_setting = min((v for v, (_, t) in curve.items() if t == best_test), key=complexity)

        train, test, best_test = round(train, 3), round(test, 3), round(best_test, 3)
        gap = round(train - test, 3)
        more_complex = "a smaller" if knob.simpler_when_larger else "a larger"
        simpler = "a larger" if knob.simpler_when_larger else "a smaller"
        if gap > GAP:
            verdict = (
                f"over-fitting: {gap:.3f} better on the points it learned from than on new ones; "
                f"try {simpler} {knob.parameter}."
            )
        elif test < best_test - SHORTFALL:
            verdict = (
                f"under-fitting: weak on both, {best_test - test:.3f} below the best test score; "
                f"try {more_complex} {knob.parameter}."
            )
        else:
            verdict = (
                f"a good balance: close to the best test score on the sweep "
                f"({best_test:.3f} at {knob.parameter}={best_setting})."
            )
        figure = (
            _draw(model, knob, setting, fitted, curve, X_train, X_test, y_train, y_test, train, test) if draw else None
        )
    return BoundaryView(model, knob.parameter, setting, train, test, best_setting, best_test, verdict, figure)


def _draw(model, knob, setting, fitted, curve, X_train, X_test, y_train, y_test, train, test):
    import numpy as np
    from matplotlib.figure import Figure  # not pyplot: no figure is kept open behind your back

    fig = Figure(figsize=(10, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    X = np.vstack([X_train, X_test])
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    xx, yy = np.meshgrid(np.linspace(x0, x1, 100), np.linspace(y0, y1, 100))
    proba = fitted.predict_proba(np.c_[xx.ravel(), yy.ravel()])[:, 1].reshape(xx.shape)
    left.contourf(xx, yy, proba, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.45)
    left.contour(xx, yy, proba, levels=[0.5], colors="black", linewidths=1.5)
    colours = np.array(["#b2182b", "#2166ac"])
    left.scatter(
        *X_train.T, c=colours[y_train], s=22, edgecolors="white", linewidths=0.5, label=f"train ({len(X_train)})"
    )
    left.scatter(
        *X_test.T, facecolors="none", edgecolors=colours[y_test], s=30, linewidths=1.2, label=f"test ({len(X_test)})"
    )
    left.set(
        xlim=(x0, x1),
        ylim=(y0, y1),
        xticks=[],
        yticks=[],
        title=f"{model}, {knob.parameter}={setting}: train {train:.3f} · test {test:.3f}",
    )
    left.legend(loc="lower left", fontsize=9)

    values = list(curve)
    right.plot(values, [curve[v][0] for v in values], "o-", color="0.45", ms=4, label="train accuracy")
    right.plot(values, [curve[v][1] for v in values], "o-", color="tab:orange", ms=4, label="test accuracy")
    right.axvline(setting, color="black", linestyle="--", linewidth=1)
    right.plot([setting], [test], "o", color="black", ms=8, zorder=3)
    if knob.simpler_when_larger:
        right.set_xscale("log")
        right.invert_xaxis()
        ticks = [t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500) if t <= max(values)]
        right.set_xticks(ticks, [str(t) for t in ticks])
        right.minorticks_off()
        xlabel = f"{knob.parameter} (log scale, reversed)"
    else:
        xlabel = knob.parameter
    right.set(
        xlabel=f"{xlabel}   — more complex →",
        ylabel="accuracy",
        ylim=(0.45, 1.02),
        title="Simple ← model complexity → flexible",
    )
    right.grid(alpha=0.3)
    right.legend(loc="lower center", fontsize=9)
    return fig


def boundary_html(model: str = "k-NN", setting: int = 15, noise: float = 0.3) -> str:
    """What the explorer widget shows: the verdict and the picture, as one piece of HTML.

    The picture is :func:`decision_boundary`'s figure as an inline PNG (with alt text).
    A bad value gives a message starting with :data:`~coursekit.ui.WARNING` instead of raising. Results are
    cached, so going back to a setting you tried is instant.

    >>> boundary_html("k-NN", -3)
    '<p>⚠️ n_neighbors=-3 is out of range: use a whole number from 1 to 250.</p>'
    >>> boundary_html("decision tree", 3).startswith("<p><b>decision tree with max_depth=3:")
    True
    """
    try:
        return _cached_boundary_html(model, setting, noise)
    except TypeError:  # an unhashable value, e.g. a list: not cached, still explained
        return _boundary_html(model, setting, noise)


def _boundary_html(model: Any, setting: Any, noise: Any) -> str:
    try:
        view = decision_boundary(model, setting, noise=noise)
    except CourseError as exc:
        return f"<p>{WARNING}{html.escape(str(exc))}</p>"
    buffer = io.BytesIO()
    view.figure.savefig(buffer, format="png", dpi=80)
    picture = base64.b64encode(buffer.getvalue()).decode("ascii")
    head, _, verdict = str(view).partition(" → ")
    alt = (
        f"Left: the decision boundary of {view.model} with {view.parameter}={view.setting} on two "
        f"half-moons. Right: train and test accuracy for a range of {view.parameter} values."
    )
    return (
        f"<p><b>{html.escape(head)}</b> → {html.escape(verdict)}</p>"
        f'<img src="data:image/png;base64,{picture}" alt="{html.escape(alt)}" style="max-width: 100%">'
    )


_cached_boundary_html = functools.lru_cache(maxsize=64)(_boundary_html)


# ------------------------------------------------------------------------ metadata


def dependency_closure(distribution: str) -> list[str]:
    """Every distribution that ``pip install distribution`` pulls in, directly or not (sorted).

    >>> dependency_closure("scikit-learn")[:3]
    ['cloudpickle', 'joblib', 'narwhals']
    """
    seen: set[str] = set()
    todo = [name for name, _ in requirements(distribution)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            todo.extend(n for n, _ in requirements(name))
        except CourseError:  # required but not installed: still listed, nothing below it
            pass
    return sorted(seen)


def dependency_tree(distribution: str) -> str:
    """Draw what ``distribution`` requires, and what those require, as a text tree.

    Direct requirements show their version specifier; a name met before is marked
    ``(see above)`` instead of being drawn again.

    >>> print(dependency_tree("threadpoolctl"))
    threadpoolctl
    └── (no requirements)
    """
    dist = find_distribution(distribution)
    lines = [dist.metadata["Name"]]
    seen: set[str] = set()

    def walk(name: str, prefix: str, depth: int) -> None:
        try:
            children = requirements(name)
        except CourseError:
            children = []
        if depth == 0 and not children:
            lines.append(prefix + "└── (no requirements)")
        for i, (child, spec) in enumerate(children):
            last = i == len(children) - 1
            label = child + (spec if depth == 0 else "")
            if child in seen:
                lines.append(prefix + ("└── " if last else "├── ") + label + "  (see above)")
                continue
            seen.add(child)
            lines.append(prefix + ("└── " if last else "├── ") + label)
            walk(child, prefix + ("    " if last else "│   "), depth + 1)

    walk(dist.metadata["Name"], "", 0)
    return "\n".join(lines)


@dataclass(frozen=True)
class Licence:
    """A distribution's licence as its metadata and licence file state it."""

    distribution: str
    expression: str  # SPDX License-Expression (PEP 639), or the older License field
    file: str  # the licence file's path inside the .dist-info folder
    heading: str  # the licence file's first line
    conditions: tuple[str, ...] = ()  # the numbered or bulleted conditions, one line each

    def __str__(self) -> str:
        lines = [
            f"{self.distribution}: License-Expression {self.expression}",
            f"licence file {self.file}, first line: {self.heading}",
            f"{len(self.conditions)} conditions:",
        ]
        lines += [f"  {i}. {c}" for i, c in enumerate(self.conditions, 1)]
        return "\n".join(lines)


def licence(distribution: str, *, width: int = 90) -> Licence:
    """Read a distribution's licence from its metadata and its bundled licence file.

    ``conditions`` are the bulleted (``*``/``-``) or numbered clauses before the
    warranty disclaimer, each shortened to ``width`` characters: a BSD licence with
    three of them is the 3-clause ("new" or "modified") BSD licence.

    >>> lic = licence("scikit-learn")
    >>> lic.expression, lic.heading, len(lic.conditions)
    ('BSD-3-Clause', 'BSD 3-Clause License', 3)
    """
    dist = find_distribution(distribution)
    meta = dist.metadata
    expression = licence_name(meta) or "(not stated)"
    files = meta.get_all("License-File") or []
    file, text = "(none)", ""
    for name in files:
        for candidate in (f"licenses/{name}", name):
            found = dist.read_text(candidate)
            if found is not None:
                file, text = candidate, found
                break
        if text:
            break
    heading = next((line.strip() for line in text.splitlines() if line.strip()), "(empty)")
    body = text.split("THIS SOFTWARE IS PROVIDED", 1)[0] if "THIS SOFTWARE IS PROVIDED" in text else ""
    conditions = []
    for chunk in re.split(r"\n\s*(?:[*-]|\d+\.)\s+", "\n" + body)[1:]:
        sentence = " ".join(chunk.split())
        conditions.append(sentence if len(sentence) <= width else sentence[: width - 1] + "…")
    return Licence(meta["Name"], expression, file, heading, tuple(conditions))
