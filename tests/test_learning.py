"""coursekit.learning: tables, the decision-boundary explorer, metadata readers."""

import pytest
from matplotlib.figure import Figure

from coursekit import CourseError, explorer, learning

# ----------------------------------------------------------------- comparison_table


def test_comparison_table_rounds_sorts_and_keeps_ties_in_order():
    rows = [
        {"model": "a", "test": 0.5, "note": "x"},
        {"model": "b", "test": 0.98765, "note": "y"},
        {"model": "c", "test": 0.5, "note": "z"},
    ]
    table = learning.comparison_table(rows, sort_by="test", decimals=2)
    assert list(table.index) == ["b", "a", "c"]
    assert table.loc["b", "test"] == 0.99
    assert list(table.columns) == ["test", "note"]


def test_comparison_table_keeps_row_order_without_sort_by():
    rows = [{"model": "z", "score": 0.1}, {"model": "a", "score": 0.9}]
    assert list(learning.comparison_table(rows).index) == ["z", "a"]


@pytest.mark.parametrize(
    "rows, fragment",
    [
        ([], "empty"),
        (None, "list of dicts"),
        ("model", "list of dicts"),
        ({"model": "a"}, "list of dicts"),
        ([("a", 1.0)], "not a dict"),
        ([{"name": "a", "score": 1.0}], "no 'model' key"),
        ([{"model": "a", "score": 1.0}, {"model": "b"}], "same keys"),
    ],
)
def test_comparison_table_explains_bad_rows(rows, fragment):
    with pytest.raises(CourseError, match=fragment):
        learning.comparison_table(rows)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"sort_by": "accuracy"}, "Cannot sort by 'accuracy'"),
        ({"decimals": -1}, "decimals"),
        ({"decimals": 2.5}, "decimals"),
    ],
)
def test_comparison_table_explains_bad_options(kwargs, fragment):
    with pytest.raises(CourseError, match=fragment):
        learning.comparison_table([{"model": "a", "score": 1.0}], **kwargs)


# --------------------------------------------------------------------- method_table


def test_method_table_shows_the_shared_interface():
    from sklearn.decomposition import PCA
    from sklearn.neighbors import KNeighborsClassifier

    table = learning.method_table({"k-NN": KNeighborsClassifier(), "PCA": PCA()})
    assert list(table.columns) == list(learning.API_METHODS)
    assert table.loc["k-NN", "fit"] == table.loc["PCA", "fit"] == "✓"
    assert table.loc["k-NN", "transform"] == "–" and table.loc["PCA", "predict"] == "–"
    assert table.loc["k-NN", "predict_proba"] == "✓"


@pytest.mark.parametrize(
    "estimators, fragment", [({}, "non-empty dict"), (None, "non-empty dict"), ([1], "non-empty dict")]
)
def test_method_table_needs_a_dict(estimators, fragment):
    with pytest.raises(CourseError, match=fragment):
        learning.method_table(estimators)


def test_method_table_explains_a_class_instead_of_an_instance():
    from sklearn.svm import SVC

    with pytest.raises(CourseError, match=r"class SVC itself.*SVC\(\)"):
        learning.method_table({"svm": SVC})


# ---------------------------------------------------------------- decision_boundary


def test_one_neighbour_overfits_and_all_neighbours_underfit():
    one = learning.decision_boundary("k-NN", 1, draw=False)
    assert one.train == 1.0 and one.train - one.test > learning.GAP
    assert one.verdict.startswith("over-fitting") and "larger n_neighbors" in one.verdict
    everyone = learning.decision_boundary("k-NN", 250, draw=False)
    assert everyone.train == everyone.test == 0.5  # a majority vote of all 250 points: a coin
    assert everyone.verdict.startswith("under-fitting") and "smaller n_neighbors" in everyone.verdict


def test_tree_depth_goes_from_under_to_over_fitting():
    stump = learning.decision_boundary("decision tree", 1, draw=False)
    deep = learning.decision_boundary("decision tree", 12, draw=False)
    assert stump.verdict.startswith("under-fitting") and "larger max_depth" in stump.verdict
    assert deep.verdict.startswith("over-fitting") and deep.train == 1.0
    middle = learning.decision_boundary("decision tree", deep.best_setting, draw=False)
    assert middle.verdict.startswith("a good balance")
    assert middle.test == middle.best_test


def test_scores_are_rounded_and_repeatable():
    a = learning.decision_boundary("k-NN", 15, draw=False)
    b = learning.decision_boundary("k-NN", 15, draw=False)
    assert a == b
    assert a.train == round(a.train, 3) and 0 <= a.test <= 1
    assert str(a).startswith("k-NN with n_neighbors=15: train ")


def test_noise_and_seed_change_the_data():
    clean = learning.decision_boundary("k-NN", 15, noise=0.05, draw=False)
    noisy = learning.decision_boundary("k-NN", 15, noise=0.5, draw=False)
    assert clean.test > noisy.test
    assert clean.test >= 0.99


def test_drawing_returns_a_figure_with_two_panels_not_kept_by_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    view = learning.decision_boundary("decision tree", 3)
    assert isinstance(view.figure, Figure) and len(view.figure.axes) == 2
    assert "max_depth=3" in view.figure.axes[0].get_title()
    assert plt.get_fignums() == before


@pytest.mark.parametrize(
    "args, kwargs, fragment",
    [
        (("k-NN", 0), {}, "n_neighbors=0 is out of range"),
        (("k-NN", 251), {}, "from 1 to 250"),
        (("k-NN", -5), {}, "out of range"),
        (("k-NN", 2.5), {}, "whole number"),
        (("k-NN", None), {}, "whole number"),
        (("k-NN", True), {}, "whole number"),
        (("decision tree", 31), {}, "max_depth=31"),
        (("svm", 3), {}, "Unknown model 'svm'"),
        ((None, 3), {}, "Unknown model"),
        (("k-NN", 3), {"noise": -0.1}, "noise"),
        (("k-NN", 3), {"noise": "high"}, "noise"),
        (("k-NN", 3), {"n_samples": 5}, "n_samples"),
        (("k-NN", 3), {"seed": -1}, "seed"),
    ],
)
def test_bad_values_are_explained(args, kwargs, fragment):
    with pytest.raises(CourseError, match=fragment):
        learning.decision_boundary(*args, draw=False, **kwargs)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("k-NN", 0, 0.3), "⚠️ n_neighbors=0 is out of range"),
        (("forest", 3, 0.3), "⚠️ Unknown model &#x27;forest&#x27;"),
        (("k-NN", [3], 0.3), "⚠️ n_neighbors must be a whole number"),  # unhashable: not cached
        (("k-NN", 3, None), "⚠️ noise must be a number"),
    ],
)
def test_widget_html_gives_a_message_instead_of_raising(args, fragment):
    text = learning.boundary_html(*args)
    assert text.startswith("<p>" + fragment) and "<img" not in text


def test_widget_html_shows_verdict_and_picture_with_alt_text():
    import base64

    text = learning.boundary_html("decision tree", 2, 0.2)
    view = learning.decision_boundary("decision tree", 2, noise=0.2, draw=False)
    assert text.startswith(f"<p><b>decision tree with max_depth=2: train {view.train:.3f}")
    assert view.verdict.split(":")[0] in text
    png = text.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(png).startswith(b"\x89PNG")
    assert 'alt="Left: the decision boundary of decision tree' in text
    assert learning.boundary_html("decision tree", 2, 0.2) == text  # cached, same answer


# ------------------------------------------------------------------------- metadata


def test_closure_and_tree_agree():
    closure = learning.dependency_closure("scikit-learn")
    tree = learning.dependency_tree("scikit-learn")
    assert tree.splitlines()[0] == "scikit-learn"
    for name in closure:
        assert name in tree
    assert "numpy  (see above)" in tree  # scipy needs numpy too: drawn once
    assert "scikit-learn" not in closure


def test_licence_is_the_three_clause_bsd():
    lic = learning.licence("scikit-learn")
    assert lic.expression == "BSD-3-Clause"
    assert lic.heading == "BSD 3-Clause License"
    assert len(lic.conditions) == 3
    assert lic.conditions[2].startswith("Neither the name")  # the clause 2-clause BSD lacks
    assert "3 conditions" in str(lic)


def test_licence_conditions_are_shortened():
    lic = learning.licence("scikit-learn", width=20)
    assert all(len(c) <= 20 for c in lic.conditions)


@pytest.mark.parametrize(
    "call",
    [
        lambda v: learning.decision_boundary(v, 3, draw=False),
        lambda v: learning.decision_boundary("k-NN", v, draw=False),
        lambda v: explorer.requirements(v),
        lambda v: learning.comparison_table([{"model": "a"}], sort_by=v),
    ],
)
def test_messages_about_huge_values_stay_short(call):
    with pytest.raises(CourseError) as info:
        call("x" * 100_000)
    assert len(str(info.value)) < 300
