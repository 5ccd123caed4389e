"""coursekit.learning: the decision-boundary explorer of notebook 13."""

import base64

import pytest

from coursekit import CourseError, learning
from coursekit.ui import WARNING


def test_one_neighbour_overfits_and_all_neighbours_underfit():
    one = learning.decision_boundary("k-NN", 1)
    assert one.startswith("k-NN with n_neighbors=1: train 1.000 · test ")
    assert "→ over-fitting: train is " in one and "larger n_neighbors" in one
    everyone = learning.decision_boundary("k-NN", 250)
    assert "train 0.500 · test 0.500 → under-fitting" in everyone  # a majority vote of all 250 points: a coin
    assert "smaller n_neighbors" in everyone


def test_tree_depth_goes_from_under_to_over_fitting():
    assert "→ under-fitting" in learning.decision_boundary("decision tree", 1)
    assert "→ a good balance" in learning.decision_boundary("decision tree", 3)
    deep = learning.decision_boundary("decision tree", 15)
    assert "train 1.000" in deep and "→ over-fitting" in deep and "smaller max_depth" in deep


def test_scores_are_rounded_and_repeatable():
    a = learning.decision_boundary("k-NN", 15)
    assert a == learning.decision_boundary("k-NN", 15)
    assert a.startswith("k-NN with n_neighbors=15: train 0.888 · test 0.888 → a good balance")


def test_without_noise_even_one_neighbour_does_well():
    assert "test 1.000" in learning.decision_boundary("k-NN", 1, noise=0.0)
    assert "test 1.000" not in learning.decision_boundary("k-NN", 1, noise=0.5)


def test_the_figure_has_one_panel_and_is_not_kept_by_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fitted, data, scores, _ = learning._fit("decision tree", 3, 0.3)
    figure = learning._draw(fitted, *data, scores)
    assert len(figure.axes) == 1 and figure.axes[0].get_title() == scores
    assert plt.get_fignums() == before


def test_largest_setting_is_the_slider_maximum():
    assert learning.largest_setting("k-NN") == 250 and learning.largest_setting("decision tree") == 30
    with pytest.raises(CourseError, match="Unknown model"):
        learning.largest_setting("forest")


@pytest.mark.parametrize(
    "args, kwargs, fragment",
    [
        (("k-NN", 0), {}, "n_neighbors must be a whole number from 1 to 250, not 0"),
        (("k-NN", 251), {}, "from 1 to 250"),
        (("k-NN", 2.5), {}, "whole number"),
        (("k-NN", None), {}, "whole number"),
        (("k-NN", True), {}, "whole number"),
        (("decision tree", 31), {}, "max_depth must be a whole number from 1 to 30, not 31"),
        (("svm", 3), {}, "Unknown model 'svm'"),
        ((None, 3), {}, "Unknown model"),
        (("k-NN", 3), {"noise": -0.1}, "noise"),
        (("k-NN", 3), {"noise": "high"}, "noise"),
        (("k-NN", 3), {"noise": float("nan")}, "noise"),
    ],
)
def test_bad_values_are_explained(args, kwargs, fragment):
    with pytest.raises(CourseError, match=fragment):
        learning.decision_boundary(*args, **kwargs)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("k-NN", 0, 0.3), "n_neighbors must be a whole number"),
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
    scores, verdict = learning.decision_boundary("decision tree", 2, noise=0.2).split(" → ")
    assert text.startswith(f"<p><b>{scores}</b> → {verdict.split(':')[0]}")
    png = text.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(png).startswith(b"\x89PNG")
    assert f'alt="The decision boundary of {scores}; noise 0.2' in text
    assert "<figcaption>" in text
    assert learning.boundary_html("decision tree", 2, 0.2) == text  # cached, same answer
