"""coursekit.learning: the decision-boundary explorer of notebook 13."""

import base64

import pytest
from matplotlib.figure import Figure

from coursekit import CourseError, learning
from coursekit.ui import WARNING


def test_one_neighbour_overfits_and_all_neighbours_underfit():
    one = learning.decision_boundary("k-NN", 1, draw=False)
    assert one.train == 1.0 and one.train - one.test > learning.GAP
    assert one.verdict.startswith("over-fitting") and "larger n_neighbors" in one.verdict
    everyone = learning.decision_boundary("k-NN", 250, draw=False)
    assert everyone.train == everyone.test == 0.5  # a majority vote of all 250 points: a coin
    assert everyone.verdict.startswith("under-fitting") and "smaller n_neighbors" in everyone.verdict


def test_tree_depth_goes_from_under_to_over_fitting():
    assert learning.decision_boundary("decision tree", 1, draw=False).verdict.startswith("under-fitting")
    assert learning.decision_boundary("decision tree", 3, draw=False).verdict.startswith("a good balance")
    deep = learning.decision_boundary("decision tree", 15, draw=False)
    assert deep.train == 1.0 and deep.verdict.startswith("over-fitting") and "smaller max_depth" in deep.verdict


def test_scores_are_rounded_and_repeatable():
    a = learning.decision_boundary("k-NN", 15, draw=False)
    assert a == learning.decision_boundary("k-NN", 15, draw=False)
    assert a.train == round(a.train, 3) and 0 <= a.test <= 1
    assert str(a).startswith("k-NN with n_neighbors=15: train 0.888 · test 0.888 → a good balance")


def test_without_noise_even_one_neighbour_does_well():
    clean = learning.decision_boundary("k-NN", 1, noise=0.0, draw=False)
    noisy = learning.decision_boundary("k-NN", 1, noise=0.5, draw=False)
    assert clean.test == 1.0 > noisy.test


def test_the_figure_has_one_panel_and_is_not_kept_by_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    view = learning.decision_boundary("decision tree", 3)
    assert isinstance(view.figure, Figure) and len(view.figure.axes) == 1
    assert (
        view.figure.axes[0].get_title() == f"decision tree, max_depth=3: train {view.train:.3f} · test {view.test:.3f}"
    )
    assert plt.get_fignums() == before


def test_largest_setting_is_the_slider_maximum():
    assert learning.largest_setting("k-NN") == 250 and learning.largest_setting("decision tree") == 30
    with pytest.raises(CourseError, match="Unknown model"):
        learning.largest_setting("forest")


@pytest.mark.parametrize(
    "args, kwargs, fragment",
    [
        (("k-NN", 0), {}, "n_neighbors=0 is out of range"),
        (("k-NN", 251), {}, "from 1 to 250"),
        (("k-NN", 2.5), {}, "whole number"),
        (("k-NN", None), {}, "whole number"),
        (("k-NN", True), {}, "whole number"),
        (("decision tree", 31), {}, "max_depth=31"),
        (("svm", 3), {}, "Unknown model 'svm'"),
        ((None, 3), {}, "Unknown model"),
        (("k-NN", 3), {"noise": -0.1}, "noise"),
        (("k-NN", 3), {"noise": "high"}, "noise"),
        (("k-NN", 3), {"noise": float("nan")}, "noise"),
    ],
)
def test_bad_values_are_explained(args, kwargs, fragment):
    with pytest.raises(CourseError, match=fragment):
        learning.decision_boundary(*args, draw=False, **kwargs)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("k-NN", 0, 0.3), "n_neighbors=0 is out of range"),
        (("forest", 3, 0.3), "Unknown model 'forest'"),
        (("k-NN", [3], 0.3), "n_neighbors must be a whole number"),  # unhashable: checked before the cache
        (("k-NN", 3, None), "noise must be a number"),
        (("k-NN", "x" * 100_000, 0.3), "characters long"),
    ],
)
def test_widget_html_gives_a_message_instead_of_raising(args, fragment):
    text = learning.boundary_html(*args)
    assert text.startswith(WARNING) and fragment in text and "<img" not in text and len(text) < 300


def test_widget_html_shows_scores_and_a_picture_with_computed_alt_text():
    text = learning.boundary_html("decision tree", 2, 0.2)
    view = learning.decision_boundary("decision tree", 2, noise=0.2, draw=False)
    assert text.startswith(f"<p><b>decision tree with max_depth=2: train {view.train:.3f} · test {view.test:.3f}")
    assert view.verdict.split(":")[0] in text
    png = text.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(png).startswith(b"\x89PNG")
    assert f"train accuracy {view.train:.3f}, test accuracy {view.test:.3f}" in text  # the alt text
    assert "<figcaption>" in text
    assert learning.boundary_html("decision tree", 2, 0.2) == text  # cached, same answer
