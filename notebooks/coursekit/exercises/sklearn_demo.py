"""Exercise checks for notebook 13, the scikit-learn demo, on the wine data split as the notebook splits it."""

from __future__ import annotations

import re

from coursekit.checks import Wrong, call, exercise, expect_type
from coursekit.explorer import canonical, requirements

PIPELINE_TARGET = 0.9  #: test accuracy the scaled pipeline must reach (unscaled k-NN gets about 0.67)


def wine_data():
    """The wine data split 75 % / 25 %, stratified and seeded: ``X_train, X_test, y_train, y_test``."""
    from sklearn.datasets import load_wine
    from sklearn.model_selection import train_test_split

    X, y = load_wine(return_X_y=True)
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)


def _all_requirements(distribution: str) -> set[str]:  # everything `pip install distribution` brings
    found, todo = set(), [distribution]
    while todo:
        new = set(requirements(todo.pop())) - found
        found |= new
        todo += new
    return found


def _estimator(answer) -> None:
    """Explain the usual mix-ups: a class instead of a model, predictions or a score instead of the model."""
    if isinstance(answer, type):
        raise Wrong(f"`answer` is the class {answer.__name__} itself: make a model with {answer.__name__}().")
    if not (callable(getattr(answer, "fit", None)) and callable(getattr(answer, "predict", None))):
        looks = " (that looks like predictions or a score)" if hasattr(answer, "shape") or type(answer) is float else ""
        raise Wrong(f"`answer` should be a scikit-learn model with .fit and .predict, not {answer!r:.40}{looks}.")


@exercise("A first fitted model", hint="model = KNeighborsClassifier(); model.fit(X_train, y_train); answer = model")
def check_fitted_model(answer) -> str:
    """``answer`` is a classifier fitted on the 13 wine measurements that beats always guessing."""
    from sklearn.base import is_classifier
    from sklearn.dummy import DummyClassifier
    from sklearn.utils.validation import check_is_fitted

    _estimator(answer)
    name, (X_train, X_test, y_train, y_test) = type(answer).__name__, wine_data()
    if not is_classifier(answer):
        raise Wrong(f"{name} is not a classifier: the wine cultivar is a class (0, 1 or 2), not a number to predict.")
    call(check_is_fitted, answer, what="checking that your model is fitted")
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
    steps = " → ".join(type(step).__name__ for _, step in getattr(answer, "steps", [("", answer)]))
    if not isinstance(answer, Pipeline) or not is_classifier(answer):
        raise Wrong(f"`answer` is {steps}: make it a Pipeline of a scaler, then a classifier.")
    X_train, X_test, y_train, y_test = wine_data()
    fresh = call(clone, answer, what="copying your pipeline (sklearn.base.clone)")
    call(fresh.fit, X_train, y_train, what="fitting your pipeline on the wine training data")
    score = call(fresh.score, X_test, y_test, what="scoring your pipeline on the wine test data")
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
    expect_type(answer, (list, tuple, set, frozenset), "`answer`")
    if bad := [item for item in answer if not isinstance(item, str) or not item.strip()]:
        raise Wrong(f"every entry should be a distribution name (a non-empty str), not {bad[0]!r:.60}.")
    lines = [item for item in answer if "extra ==" not in item.replace("'", '"')]  # raw lines of extras: skipped
    names = {canonical(re.split(r"[<>=!~;\[( ]", line.strip(), maxsplit=1)[0]) for line in lines}
    expected, direct = _all_requirements("scikit-learn"), set(requirements("scikit-learn"))
    missing, extra = expected - names, ", ".join(sorted(names - expected))
    if {"sklearn", "scikit-learn"} & names:
        raise Wrong("leave scikit-learn out: list what it needs, not its own names.")
    if missing and names == direct:
        raise Wrong(f"those are the {len(direct)} direct requirements; they bring {len(missing)} more of their own.")
    if missing or extra:
        unneeded = f"; not needed by scikit-learn: {extra}" if extra else ""
        raise Wrong(f"you listed {len(names)} name(s), pip installs {len(expected)}: {len(missing)} missing{unneeded}.")
    indirect = ", ".join(sorted(expected - direct))
    return f"{len(expected)} distributions: {len(direct)} direct, and {indirect} through them."
