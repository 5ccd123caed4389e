"""coursekit.exercises.sklearn_demo: solutions pass, wrong answers get a message."""

import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from coursekit.exercises import sklearn_demo as ex

X_train, X_test, y_train, y_test = ex.wine_data()


def assert_wrong(feedback, *fragments):
    assert not feedback, feedback.message
    assert feedback.message.startswith("❌")
    assert "Traceback" not in feedback.message
    for fragment in fragments:
        assert fragment in feedback.message, feedback.message


def test_wine_split_is_stratified_and_repeatable():
    again = ex.wine_data()
    assert (again[0] == X_train).all() and (again[3] == y_test).all()
    assert sorted(set(y_test)) == [0, 1, 2] and len(y_test) == 45


# ---------------------------------------------------------------- exercise 1


def test_fitted_model_solution_passes():
    fb = ex.check_fitted_model(KNeighborsClassifier().fit(X_train, y_train))
    assert fb, fb.message
    assert "Test accuracy 0.667" in fb.message and "0.400" in fb.message


def test_fitted_model_not_answered():
    assert "not answered yet" in ex.check_fitted_model(...).message


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (KNeighborsClassifier(), ("not fitted yet", "model.fit(X_train, y_train)")),
        (KNeighborsClassifier, ("the class KNeighborsClassifier itself", "KNeighborsClassifier()")),
        (None, ("not None",)),
        (0.93, ("should be a scikit-learn model", "not 0.93 (that looks like predictions or a score)")),
        ("KNeighborsClassifier", ("should be a scikit-learn model", "not 'KNeighborsClassifier'")),
        (y_test, ("not array(", "looks like predictions")),
        (LinearRegression().fit(X_train, y_train), ("LinearRegression is not a classifier",)),
        (KNeighborsClassifier().fit(X_train[:, :4], y_train), ("X has 13 features", "expecting 4")),
        (DummyClassifier().fit(X_train, y_train), ("no better than always guessing",)),
    ],
)
def test_fitted_model_wrong_answers(answer, fragments):
    assert_wrong(ex.check_fitted_model(answer), *fragments)


def test_fitted_model_whose_score_raises():
    class Broken(KNeighborsClassifier):
        def score(self, X, y, sample_weight=None):
            raise RuntimeError("boom")

    assert_wrong(
        ex.check_fitted_model(Broken().fit(X_train, y_train)), "answer.score(X_test, y_test) raised RuntimeError: boom"
    )


# ---------------------------------------------------------------- exercise 2


def test_scaled_pipeline_solution_passes_fitted_or_not():
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
    fb = ex.check_scaled_pipeline(pipe)
    assert fb, fb.message
    assert "StandardScaler → KNeighborsClassifier" in fb.message
    assert ex.check_scaled_pipeline(pipe.fit(X_train, y_train))


def test_scaled_pipeline_does_not_change_the_answer():
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
    ex.check_scaled_pipeline(pipe)
    assert not hasattr(pipe, "n_features_in_")  # the check fitted a clone


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (KNeighborsClassifier(), ("is KNeighborsClassifier: make it a Pipeline", "make_pipeline(StandardScaler(), ")),
        (Pipeline, ("the class Pipeline itself",)),
        ([StandardScaler(), KNeighborsClassifier()], ("should be a scikit-learn model", "not [StandardScaler()")),
        (None, ("not None",)),
        (make_pipeline(KNeighborsClassifier()), ("KNeighborsClassifier scores 0.667",)),
        (make_pipeline(StandardScaler(), LinearRegression()), ("StandardScaler → LinearRegression: make it",)),
        (make_pipeline(FunctionTransformer(), KNeighborsClassifier()), ("scores 0.667", "at least 0.9")),
    ],
)
def test_scaled_pipeline_wrong_answers(answer, fragments):
    assert_wrong(ex.check_scaled_pipeline(answer), *fragments)


def test_scaled_pipeline_that_raises_when_fitted():
    def explode(X):
        raise ValueError("no wine today")

    pipe = make_pipeline(FunctionTransformer(explode), LogisticRegression())
    assert_wrong(ex.check_scaled_pipeline(pipe), "fitting your pipeline", "ValueError: no wine today")


def test_scaled_pipeline_with_a_bad_parameter_is_explained():
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=-1))
    assert_wrong(ex.check_scaled_pipeline(pipe), "fitting your pipeline", "n_neighbors")


# ---------------------------------------------------------------- exercise 3

DIRECT = ["joblib", "narwhals", "numpy", "scipy", "threadpoolctl"]  # scikit-learn 1.9.1's Requires-Dist
EVERYTHING = ["cloudpickle", *DIRECT]  # joblib requires cloudpickle


def test_requirements_are_read_from_the_metadata_without_extras():
    assert ex.requirements("scikit-learn") == DIRECT
    assert ex.requirements("joblib") == ["cloudpickle"]  # its 'extra == "test"' lines left out
    assert sorted(ex._all_requirements("scikit-learn")) == EVERYTHING


def test_dependencies_solution_passes_in_any_form():
    fb = ex.check_dependencies(EVERYTHING)
    assert fb and "6 distributions: 5 direct, and cloudpickle through them" in fb.message
    assert ex.check_dependencies(tuple(reversed(EVERYTHING)))
    assert ex.check_dependencies({n.upper() for n in EVERYTHING})
    from importlib import metadata

    raw = metadata.requires("scikit-learn") + metadata.requires("joblib")  # 'numpy>=1.24.1', 'lz4; extra == "test"'
    assert ex.check_dependencies(raw)


def test_the_notebooks_solution_passes():
    import re
    from importlib import metadata

    answer, todo = [], ["scikit-learn"]
    while todo:
        for line in metadata.requires(todo.pop()) or []:
            name = re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0]
            if "extra ==" not in line.replace("'", '"') and name not in answer:
                answer.append(name)
                todo.append(name)
    assert ex.check_dependencies(answer)


@pytest.mark.parametrize(
    "answer, fragments",
    [
        ("numpy scipy", ("should be a list or tuple", "a str")),
        (None, ("None",)),
        (42, ("an int",)),
        ([], ("you listed 0 name(s)", "missing")),
        (["numpy", "scipy"], ("4 missing",)),
        (DIRECT, ("the 5 direct requirements; they bring 1 more of their own",)),
        (EVERYTHING + ["pandas"], ("not needed by scikit-learn: pandas",)),
        (EVERYTHING + ["sklearn"], ("leave scikit-learn out",)),
        (["numpy", 3], ("not 3",)),
        (["numpy", ""], ("non-empty str",)),
    ],
)
def test_dependencies_wrong_answers(answer, fragments):
    assert_wrong(ex.check_dependencies(answer), *fragments)


def test_dependencies_with_a_generator_that_raises():
    def names():
        yield "numpy"
        raise RuntimeError("boom")

    assert_wrong(ex.check_dependencies(names()), "should be a list", "generator")


def test_fitted_model_accepts_a_fitted_pipeline_and_rejects_an_unfitted_one():
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
    assert_wrong(ex.check_fitted_model(pipe), "not fitted yet")
    fb = ex.check_fitted_model(pipe.fit(X_train, y_train))
    assert fb and "0.933" in fb.message
