"""Exercise checks for notebook 13, the scikit-learn demo, on the wine data split as the notebook splits it."""

from __future__ import annotations

import re
from importlib import metadata

from coursekit.checks import Wrong, call, exercise
from coursekit.explorer import canonical
from coursekit.explorer import requirements as direct_requirements

PIPELINE_TARGET = 0.9  #: test accuracy the scaled pipeline must reach (unscaled k-NN gets about 0.67)


def wine_data():
    """The wine data split 75 % / 25 %, stratified and seeded: ``X_train, X_test, y_train, y_test``."""
    from sklearn.datasets import load_wine
    from sklearn.model_selection import train_test_split

    X, y = load_wine(return_X_y=True)
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)


def all_requirements(distribution: str = "scikit-learn") -> list[str]:
    """Everything ``pip install distribution`` brings, directly or not (requirements not installed: not followed)."""
    found, todo = set(), [distribution]
    while todo:
        try:
            needs = direct_requirements(todo.pop())
        except metadata.PackageNotFoundError:
            continue
        todo += [name for name in needs if name not in found]
        found.update(needs)
    return sorted(found)


def _a(value) -> str:
    return ("an " if type(value).__name__[0] in "aeiou" else "a ") + type(value).__name__


def _estimator(answer, what: str = "answer") -> None:
    """Explain the usual mix-ups: a class instead of a model, None, predictions, a score..."""
    if isinstance(answer, type):
        raise Wrong(
            f"`{what}` is the class {answer.__name__} itself, not a model made from it.",
            hint=f"create one with {answer.__name__}() (note the parentheses), then call .fit(...).",
        )
    if answer is None:
        raise Wrong(f"`{what}` is None: `model.fit(...)` returns the model, so `answer = Model().fit(X, y)` works.")
    if not (callable(getattr(answer, "fit", None)) and callable(getattr(answer, "predict", None))):
        extra = (
            " It looks like an array: maybe the predictions instead of the model?" if hasattr(answer, "shape") else ""
        )
        extra = " It looks like a score: give the model itself." if isinstance(answer, float) else extra
        raise Wrong(
            f"`{what}` should be a scikit-learn estimator with .fit and .predict, but it is {_a(answer)}.{extra}"
        )


@exercise("A first fitted model", hint="model = KNeighborsClassifier(); model.fit(X_train, y_train); answer = model")
def check_fitted_model(answer) -> str:
    """``answer`` is a classifier fitted on the 13 wine measurements that beats always guessing."""
    from sklearn.base import is_classifier
    from sklearn.dummy import DummyClassifier
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    _estimator(answer)
    name, (X_train, X_test, y_train, y_test) = type(answer).__name__, wine_data()
    if not is_classifier(answer):
        raise Wrong(f"{name} is not a classifier: the wine cultivar is a class (0, 1 or 2), not a number to predict.")
    try:
        check_is_fitted(answer)
    except NotFittedError:
        raise Wrong(f"your {name} is not fitted yet.", hint="call answer.fit(X_train, y_train) first.") from None
    if getattr(answer, "n_features_in_", 13) != 13:
        raise Wrong(f"your model was fitted on data with {answer.n_features_in_} columns; each wine has 13.")
    score = call(answer.score, X_test, y_test, what="answer.score(X_test, y_test)")
    baseline = round(DummyClassifier().fit(X_train, y_train).score(X_test, y_test), 3)
    if score <= baseline:
        raise Wrong(f"test accuracy {score:.3f} is no better than always guessing the commonest cultivar ({baseline}).")
    return f"Test accuracy {score:.3f} (always guessing the most common cultivar: {baseline:.3f})."


@exercise("Scale, then classify", hint="make_pipeline(StandardScaler(), KNeighborsClassifier())")
def check_scaled_pipeline(answer) -> str:
    """``answer`` is a ``Pipeline`` (fitted or not: the check fits a clone) that reaches 0.9 on the test wines."""
    from sklearn.base import clone, is_classifier
    from sklearn.pipeline import Pipeline

    _estimator(answer)
    if not isinstance(answer, Pipeline):
        name = type(answer).__name__
        raise Wrong(f"`answer` is a {name}, not a Pipeline.", hint=f"make_pipeline(StandardScaler(), {name}())")
    if len(answer.steps) < 2:
        raise Wrong("your pipeline has a single step, so nothing happens before the model.")
    if not is_classifier(answer):
        raise Wrong(
            f"the last step, {type(answer.steps[-1][1]).__name__}, is not a classifier: a pipeline ends with one."
        )
    try:
        fresh = clone(answer)
    except Exception as exc:  # e.g. a step that is not an estimator
        raise Wrong(f"scikit-learn could not copy your pipeline: {type(exc).__name__}: {exc}") from None
    X_train, X_test, y_train, y_test = wine_data()
    call(fresh.fit, X_train, y_train, what="fitting your pipeline on the wine training data")
    score = call(fresh.score, X_test, y_test, what="scoring your pipeline on the wine test data")
    steps = " → ".join(type(step).__name__ for _, step in answer.steps)
    if score < PIPELINE_TARGET:
        raise Wrong(f"{steps} scores {score:.3f} on the test wines; aim for at least {PIPELINE_TARGET}.")
    return f"Test accuracy {score:.3f} with {steps}."


@exercise(
    "Everything pip install scikit-learn brings",
    hint="loop: take a name, read metadata.requires(name), add each new requirement's name (skip the "
    "'extra ==' lines) and read its requirements in turn",
)
def check_dependencies(answer) -> str:
    """``answer`` lists every distribution scikit-learn needs, directly or not (any case, order, specifiers)."""
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
        raise Wrong(f"`answer` should be a list of names like ['numpy', ...], but it is {_a(answer)}.")
    if bad := [item for item in answer if not isinstance(item, str) or not item.strip()]:
        raise Wrong(f"every entry should be a distribution name (a non-empty str), not {bad[0]!r:.60}.")
    lines = [item for item in answer if "extra ==" not in item.replace("'", '"')]  # raw lines of extras: skipped
    names = {canonical(re.split(r"[<>=!~;\[( ]", line.strip(), maxsplit=1)[0]) for line in lines}
    expected, direct = set(all_requirements()), set(direct_requirements("scikit-learn"))
    missing, extra = sorted(expected - names), sorted(names - expected)
    if {"sklearn", "scikit-learn"} & set(extra):
        raise Wrong("leave scikit-learn out: list what it needs, not its own names.")
    if missing and names == direct:
        raise Wrong(
            f"those are the {len(direct)} direct requirements; {len(missing)} more come with them.",
            hint="the requirements have requirements of their own: read metadata.requires() of each one too.",
        )
    if missing or extra:
        parts = [f"{len(missing)} missing"] * bool(missing) + [
            f"not needed by scikit-learn: {', '.join(extra)}"
        ] * bool(extra)
        raise Wrong(f"you listed {len(names)} name(s), pip installs {len(expected)} ({'; '.join(parts)}).")
    indirect = ", ".join(sorted(expected - direct))
    return f"{len(expected)} distributions: {len(direct)} direct, and {indirect} through them."
