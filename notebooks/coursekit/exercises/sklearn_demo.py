"""Exercise checks for notebook 13, the scikit-learn demo.

The exercises use the wine data that ships inside scikit-learn (178 wines, 13
measurements, 3 grape cultivars), split by :func:`wine_data` exactly as the
notebook splits it, so a check scores your model on the same held-out wines.

>>> X_train, X_test, y_train, y_test = wine_data()
>>> X_train.shape, X_test.shape
((133, 13), (45, 13))
>>> check_fitted_model(...)
⏳ A first fitted model: not answered yet. Replace the ... with your answer and run the cell again.
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from coursekit.checks import Wrong, call, exercise

__all__ = [
    "wine_data",
    "baseline_accuracy",
    "check_fitted_model",
    "check_scaled_pipeline",
    "check_dependencies",
    "direct_requirements",
    "all_requirements",
    "PIPELINE_TARGET",
]

#: Test accuracy a scaled pipeline must reach in exercise 2 (unscaled k-NN gets about 0.67).
PIPELINE_TARGET = 0.9


def wine_data():
    """The wine data split 75 % / 25 %, stratified and seeded: ``X_train, X_test, y_train, y_test``."""
    from sklearn.datasets import load_wine
    from sklearn.model_selection import train_test_split

    X, y = load_wine(return_X_y=True)
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)


def baseline_accuracy() -> float:
    """Test accuracy of always guessing the most common cultivar (a ``DummyClassifier``).

    >>> baseline_accuracy()
    0.4
    """
    from sklearn.dummy import DummyClassifier

    X_train, X_test, y_train, y_test = wine_data()
    return round(DummyClassifier().fit(X_train, y_train).score(X_test, y_test), 3)


def _canonical(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503): 'Scikit_Learn' -> 'scikit-learn'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _name_of(requirement: str) -> str:
    """The distribution name at the start of a requirement line such as 'numpy>=1.24.1; ...'."""
    return _canonical(re.split(r"[<>=!~;\[( ]", requirement.strip(), maxsplit=1)[0])


def direct_requirements(distribution: str = "scikit-learn") -> list[str]:
    """The names ``distribution`` requires (its ``Requires-Dist`` lines without an extra), sorted.

    >>> direct_requirements()
    ['joblib', 'narwhals', 'numpy', 'scipy', 'threadpoolctl']
    """
    lines = metadata.requires(distribution) or []
    return sorted({_name_of(line) for line in lines if "extra ==" not in line.replace('"', "").replace("'", "")})


def all_requirements(distribution: str = "scikit-learn") -> list[str]:
    """Everything ``pip install distribution`` pulls in, directly or not (installed ones followed).

    >>> all_requirements()
    ['cloudpickle', 'joblib', 'narwhals', 'numpy', 'scipy', 'threadpoolctl']
    """
    found, todo = set(), [distribution]
    while todo:
        try:
            needs = direct_requirements(todo.pop())
        except metadata.PackageNotFoundError:  # required but not installed: listed, not followed
            continue
        todo.extend(name for name in needs if name not in found)
        found.update(needs)
    return sorted(found)


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: 'an int', 'a list'."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _expect_estimator_instance(answer: Any, what: str = "answer") -> None:
    """Explain the usual mix-ups: a class instead of an instance, predictions, a score..."""
    if isinstance(answer, type):
        raise Wrong(
            f"`{what}` is the class {answer.__name__} itself, not a model made from it.",
            hint=f"create one with {answer.__name__}() (note the parentheses), then call .fit(...).",
        )
    if answer is None:
        raise Wrong(
            f"`{what}` is None. Did you assign the result of a function that returns nothing?",
            hint="`model.fit(...)` returns the model, so `answer = Model().fit(X, y)` works.",
        )
    if not (callable(getattr(answer, "fit", None)) and callable(getattr(answer, "predict", None))):
        name = type(answer).__name__
        extra = ""
        if hasattr(answer, "shape"):
            extra = " It looks like an array: maybe the predictions instead of the model?"
        elif isinstance(answer, float):
            extra = " It looks like a score: give the model itself."
        raise Wrong(f"`{what}` should be a scikit-learn estimator with .fit and .predict, but it is {_a(name)}.{extra}")


@exercise("A first fitted model", hint="model = KNeighborsClassifier(); model.fit(X_train, y_train); answer = model")
def check_fitted_model(answer: Any) -> str:
    """Exercise 1: ``answer`` is a classifier fitted on the wine training data.

    It must be fitted (scikit-learn's own ``check_is_fitted`` decides), on the 13
    wine measurements, and beat the always-the-most-common-cultivar baseline.
    """
    from sklearn.base import is_classifier
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    _expect_estimator_instance(answer)
    if not is_classifier(answer):
        raise Wrong(
            f"{type(answer).__name__} is not a classifier: the wine cultivar is a class "
            "(0, 1 or 2), not a number to predict.",
            hint="pick a classifier, e.g. KNeighborsClassifier or DecisionTreeClassifier.",
        )
    try:
        check_is_fitted(answer)
    except NotFittedError:
        raise Wrong(
            f"your {type(answer).__name__} is not fitted yet: it has not learned anything.",
            hint="call answer.fit(X_train, y_train) before handing it in.",
        ) from None
    n_features = getattr(answer, "n_features_in_", None)
    if n_features is not None and n_features != 13:
        raise Wrong(
            f"your model was fitted on data with {n_features} columns, but each wine has 13 measurements.",
            hint="fit it on X_train, y_train from the wine data.",
        )
    X_train, X_test, y_train, y_test = wine_data()
    score = call(answer.score, X_test, y_test, what="answer.score(X_test, y_test)")
    baseline = baseline_accuracy()
    if score <= baseline:
        raise Wrong(
            f"test accuracy {score:.3f} is no better than always guessing the most common cultivar ({baseline:.3f}).",
            hint="fit it on X_train, y_train (features first, then labels).",
        )
    return f"Test accuracy {score:.3f} (always guessing the most common cultivar: {baseline:.3f})."


@exercise("Scale, then classify", hint="make_pipeline(StandardScaler(), KNeighborsClassifier())")
def check_scaled_pipeline(answer: Any) -> str:
    """Exercise 2: ``answer`` is a ``Pipeline`` that reaches 0.9 test accuracy on the wines.

    The check fits a fresh copy (``sklearn.base.clone``), so a fitted or an unfitted
    pipeline both count; if fitting or scoring raises, the message says what it raised.
    """
    from sklearn.base import clone, is_classifier
    from sklearn.pipeline import Pipeline

    _expect_estimator_instance(answer)
    if not isinstance(answer, Pipeline):
        raise Wrong(
            f"`answer` is a {type(answer).__name__}, not a Pipeline.",
            hint=f"wrap it: make_pipeline(StandardScaler(), {type(answer).__name__}()).",
        )
    if len(answer.steps) < 2:
        raise Wrong(
            "your pipeline has a single step, so nothing happens before the model.",
            hint="put a preprocessing step first: make_pipeline(StandardScaler(), KNeighborsClassifier()).",
        )
    if not is_classifier(answer):
        last = type(answer.steps[-1][1]).__name__
        raise Wrong(
            f"the last step, {last}, is not a classifier: a pipeline ends with the model that makes the predictions.",
            hint="end it with e.g. KNeighborsClassifier().",
        )
    try:
        fresh = clone(answer)
    except Exception as exc:  # e.g. a step that is not an estimator
        raise Wrong(f"scikit-learn could not copy your pipeline: {type(exc).__name__}: {exc}") from None
    X_train, X_test, y_train, y_test = wine_data()
    call(fresh.fit, X_train, y_train, what="fitting your pipeline on the wine training data")
    score = call(fresh.score, X_test, y_test, what="scoring your pipeline on the wine test data")
    if score < PIPELINE_TARGET:
        steps = " → ".join(type(step).__name__ for _, step in answer.steps)
        raise Wrong(
            f"{steps} scores {score:.3f} on the test wines; aim for at least {PIPELINE_TARGET}.",
            hint="scale the 13 measurements first: StandardScaler() puts them on the same footing.",
        )
    return f"Test accuracy {score:.3f} with " + " → ".join(type(s).__name__ for _, s in answer.steps) + "."


@exercise(
    "Everything pip install scikit-learn brings",
    hint="loop: take a name, read metadata.requires(name), add each new requirement's name (skip the "
    "'extra ==' lines) and read its requirements in turn",
)
def check_dependencies(answer: Any) -> str:
    """Exercise 3: ``answer`` lists every distribution scikit-learn needs, directly or not.

    Compared with :func:`all_requirements` (the installed metadata), ignoring case, order
    and version specifiers such as ``>=1.24.1``.
    """
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
        raise Wrong(
            f"`answer` should be a list of names like ['numpy', ...], "
            f"but it is {_a(type(answer).__name__) if answer is not None else 'None'}."
        )
    names = set()
    for item in answer:
        if not isinstance(item, str) or not item.strip():
            raise Wrong(f"every entry should be a distribution name (a non-empty str), not {repr(item)[:60]}.")
        if "extra ==" in item.replace("'", '"'):
            continue  # a raw Requires-Dist line of an optional extra: not a requirement
        names.add(_name_of(item))
    expected = set(all_requirements("scikit-learn"))
    direct = set(direct_requirements("scikit-learn"))
    missing, extra = sorted(expected - names), sorted(names - expected)
    if "sklearn" in extra or "scikit-learn" in extra:
        raise Wrong("leave scikit-learn out: list what it needs, not its own names.")
    if missing and names == direct:
        raise Wrong(
            f"those are the {len(direct)} direct requirements; {len(missing)} more come with them.",
            hint="the requirements have requirements of their own: read metadata.requires() of each one too.",
        )
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing")
        if extra:
            parts.append(f"not needed by scikit-learn: {', '.join(extra)}")
        raise Wrong(f"you listed {len(names)} name(s), pip installs {len(expected)} ({'; '.join(parts)}).")
    indirect = sorted(expected - direct)
    return f"{len(expected)} distributions: {len(direct)} direct, and {', '.join(indirect)} through them."
