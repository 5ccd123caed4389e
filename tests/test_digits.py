"""coursekit.digits: the widget logic of notebook 12 (one test image and the network's top 3)."""

import re

import numpy as np
import pytest
import torch

from coursekit import digits


@pytest.fixture
def data():
    """Three images (blank, a full row of ink, all ink), their labels and made-up probabilities."""
    images = np.zeros((3, 64))
    images[1, :8] = 1.0
    images[2] = 1.0
    labels = np.array([0, 7, 3])
    probabilities = np.full((3, 10), 0.01)
    probabilities[0, 0], probabilities[0, 6] = 0.81, 0.1  # right, 6 second
    probabilities[1, 1], probabilities[1, 7] = 0.61, 0.3  # wrong: says 1, true 7 second
    probabilities[2, 3] = 0.91
    return images, labels, probabilities


def test_the_top3_are_ordered_and_called_right_or_wrong(data):
    assert "true label 0 · the network says 0 (81.0%), then 6 (10.0%), 1 (1.0%) ✅ right" in digits.explain_prediction(
        *data, 0
    )
    assert "says 1 (61.0%), then 7 (30.0%), 0 (1.0%) ❌ wrong" in digits.explain_prediction(*data, 1)


def test_ties_are_broken_by_the_smaller_digit():
    page = digits.explain_prediction(np.zeros((1, 64)), [5], np.full((1, 10), 0.1), 0)
    assert "says 0 (10.0%), then 1 (10.0%), 2 (10.0%)" in page


def test_explain_prediction_shows_the_picture_with_alt_text_and_the_guesses(data):
    page = digits.explain_prediction(*data, 1)
    assert 'alt="test image 1: a handwritten digit, 8 by 8 pixels; its true label is 7"' in page
    assert "data:image/png;base64," in page
    assert "true label 7 · the network says 1 (61.0%)" in page and "❌ wrong" in page


def test_the_picture_is_the_image_zoomed_with_ink_dark(data):
    page = digits.explain_prediction(*data, 1)
    png = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page).group(1)
    import base64
    import io

    from PIL import Image

    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(png))))
    side = digits.SIDE * digits.ZOOM
    assert picture.shape == (side, side, 3)
    assert picture[0, 0].tolist() == [0, 0, 0]  # the first row is ink: black
    assert picture[-1, -1].tolist() == [255, 255, 255]  # the rest is paper: white


def test_tensors_and_8x8_images_are_accepted(data):
    images, labels, probabilities = data
    page = digits.explain_prediction(
        torch.tensor(images).reshape(3, 8, 8), torch.tensor(labels), torch.tensor(probabilities), 2
    )
    assert "true label 3" in page and "✅ right" in page


@pytest.mark.parametrize(
    "index, fragment",
    [
        (3, "index must be a whole number from 0 to 2, not 3."),
        (-1, "not -1"),
        (True, "not True"),
        ("1", "not '1'"),
        (1.0, "not 1.0"),
    ],
)
def test_a_bad_index_gives_a_message(data, index, fragment):
    page = digits.explain_prediction(*data, index)
    assert page.startswith("<p>⚠️ ") and fragment in page, page


def test_bad_arrays_give_a_message(data):
    images, labels, probabilities = data
    shapes = "images, labels and probabilities must have shapes (n, 64), (n,) and (n, 10), not"
    assert f"{shapes} (3, 10), (3,) and (3, 10)." in digits.explain_prediction(images[:, :10], labels, probabilities, 0)
    assert f"{shapes} (3, 64), (2,) and (3, 10)." in digits.explain_prediction(images, labels[:2], probabilities, 0)
    assert f"{shapes} (3, 64), (3,) and (3, 9)." in digits.explain_prediction(images, labels, probabilities[:, :9], 0)
    diverged = probabilities.copy()
    diverged[0, 0] = np.nan
    assert "did the training diverge" in digits.explain_prediction(images, labels, diverged, 0)
    assert "images must be an array of numbers, not object" in digits.explain_prediction(
        object(), labels, probabilities, 0
    )
