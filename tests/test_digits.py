"""coursekit.digits: the data, model, training and widget views of notebook 12."""

import numpy as np
import pytest
import torch
from conftest import files_under

from coursekit import CourseError, digits, workspace

# One thread, as in the notebook: tiny networks train faster without thread hand-offs
# (much faster on a busy machine), and the numbers match the notebook's.
torch.set_num_threads(1)


@pytest.fixture(scope="module")
def splits():
    return digits.load_splits()


@pytest.fixture(scope="module")
def trained(splits):
    """The notebook's default network, trained once for the tests below."""
    model = digits.make_model(64, seed=0)
    losses = digits.train(model, splits[0], epochs=10, lr=0.01, seed=0)
    return model, losses


def test_arrays_are_ready_for_pytorch():
    images, labels = digits.load_arrays()
    assert images.shape == (1797, 64) and images.dtype == np.float32
    assert 0.0 == images.min() and images.max() == 1.0
    assert labels.dtype == np.int64 and sorted(set(labels.tolist())) == list(range(10))


def test_split_is_reproducible_stratified_and_disjoint(splits):
    train_set, test_set = splits
    again_train, again_test = digits.load_splits()
    assert torch.equal(train_set.images, again_train.images)
    assert torch.equal(test_set.labels, again_test.labels)
    assert len(train_set) + len(test_set) == 1797
    counts = torch.bincount(test_set.labels, minlength=10)
    assert counts.min() >= 43 and counts.max() <= 47  # every digit is in the test set
    train_rows = {tuple(r) for r in train_set.images.tolist()}
    overlap = sum(tuple(r) in train_rows for r in test_set.images.tolist())
    assert overlap < 5  # (a few digits are drawn identically; the split itself is disjoint)


def test_dataset_items_and_loader_batches(splits):
    train_set, _ = splits
    image, label = train_set[5]
    assert image.shape == (64,) and image.dtype == torch.float32 and label.dtype == torch.int64
    images, labels = next(iter(digits.make_loader(train_set, batch_size=32)))
    assert images.shape == (32, 64) and labels.shape == (32,)


def test_loader_order_depends_only_on_the_seed(splits):
    first = [labels.tolist() for _, labels in digits.make_loader(splits[0], seed=3)]
    second = [labels.tolist() for _, labels in digits.make_loader(splits[0], seed=3)]
    other = [labels.tolist() for _, labels in digits.make_loader(splits[0], seed=4)]
    assert first == second and first != other


@pytest.mark.parametrize(
    "images, labels, fragment",
    [
        (np.zeros((2, 5)), [1, 2], "shape (n, 64)"),
        (np.zeros((2, 64)), [1], "one label per image"),
        (np.zeros(64), [1], "shape (n, 64)"),
    ],
)
def test_dataset_refuses_bad_shapes_with_a_message(images, labels, fragment):
    with pytest.raises(CourseError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        digits.DigitsDataset(images, labels)


@pytest.mark.parametrize("hidden", [0, -3, 2.5, None, "64", True, 10_000])
def test_bad_hidden_sizes_are_explained(hidden):
    with pytest.raises(CourseError, match="hidden must be a whole number"):
        digits.DigitNet(hidden)


def test_make_model_is_seeded_and_leaves_global_random_state_alone():
    state = torch.random.get_rng_state()
    a, b, c = digits.make_model(8, seed=1), digits.make_model(8, seed=1), digits.make_model(8, seed=2)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert torch.equal(a.layers[0].weight, b.layers[0].weight)
    assert not torch.equal(a.layers[0].weight, c.layers[0].weight)


def test_model_accepts_flat_and_square_images():
    model = digits.make_model(8)
    assert model(torch.zeros(3, 64)).shape == (3, 10)
    assert model(torch.zeros(3, 8, 8)).shape == (3, 10)


def test_training_is_deterministic_and_beats_90_percent(splits, trained):
    model, losses = trained
    again = digits.make_model(64, seed=0)
    assert digits.train(again, splits[0], epochs=10, lr=0.01, seed=0) == losses
    assert losses[-1] < losses[0] / 5
    assert digits.accuracy(model, splits[1]) > 0.9


def test_train_reports_every_epoch(splits):
    seen = []
    digits.train(digits.make_model(8), splits[0], epochs=3, on_epoch=lambda e, loss: seen.append(e))
    assert seen == [1, 2, 3]


@pytest.mark.parametrize(
    "settings, fragment",
    [
        ({"epochs": 0}, "epochs must be"),
        ({"epochs": 2.0}, "epochs must be"),
        ({"lr": 0}, "learning rate"),
        ({"lr": -0.1}, "learning rate"),
        ({"lr": None}, "learning rate"),
        ({"lr": float("nan")}, "learning rate"),
        ({"batch_size": 0}, "batch_size"),
    ],
)
def test_train_refuses_bad_settings(splits, settings, fragment):
    with pytest.raises(CourseError, match=fragment):
        digits.train(digits.make_model(8), splits[0], **settings)


def test_predict_proba_gives_probabilities_for_one_image_or_many(trained, splits):
    model, _ = trained
    one = digits.predict_proba(model, splits[1][0][0])
    many = digits.predict_proba(model, splits[1].images[:5])
    assert one.shape == (1, 10) and many.shape == (5, 10)
    assert torch.allclose(many.sum(dim=1), torch.ones(5))
    assert torch.allclose(one[0], many[0])
    with pytest.raises(CourseError, match="whole 8×8 images"):
        digits.predict_proba(model, torch.zeros(10))


def test_predict_proba_records_no_graph(trained, splits):
    assert digits.predict_proba(trained[0], splits[1].images[:2]).grad_fn is None


def test_saved_and_reloaded_model_predicts_the_same(trained, splits, scratch):
    model, _ = trained
    ws = workspace.reset("12_pytorch")
    path = workspace.safe_path(ws, "digits_mlp.pt")
    torch.save(model.state_dict(), path)
    copy = digits.DigitNet(64)
    copy.load_state_dict(torch.load(path, weights_only=True))
    images = splits[1].images
    assert torch.equal(digits.predict_proba(copy, images), digits.predict_proba(model, images))
    assert files_under(scratch) == ["12_pytorch/digits_mlp.pt"]


def test_autograd_nodes_follow_the_branch_that_ran():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(3):
        y = y * 2
    assert digits.autograd_nodes(y.sum()) == ["SumBackward0"] + ["MulBackward0"] * 3 + ["AccumulateGrad"]
    assert digits.autograd_nodes((x**2).sum()) == ["SumBackward0", "PowBackward0", "AccumulateGrad"]
    with pytest.raises(CourseError, match="needs a tensor"):
        digits.autograd_nodes([1.0])


def test_retrain_html_describes_a_run(splits):
    epochs = []
    page = digits.retrain_html(
        *splits, hidden=32, lr=0.01, epochs=3, on_epoch=lambda epoch, _loss: epochs.append(epoch)
    )
    assert epochs == [1, 2, 3]
    assert "held-out accuracy" in page and "<svg" in page and "polyline" in page
    assert "<b>32</b> hidden units" in page and "above the 90% goal" in page


def test_retrain_html_says_when_a_setting_is_too_weak(splits):
    page = digits.retrain_html(*splits, hidden=1, lr=0.01, epochs=1)
    assert "below the 90% goal" in page


@pytest.mark.parametrize(
    "settings, fragment",
    [
        ({"hidden": 0}, "hidden must be"),
        ({"hidden": None}, "hidden must be"),
        ({"lr": 0.0}, "learning rate"),
        ({"lr": "fast"}, "learning rate"),
        ({"epochs": -1}, "epochs must be"),
        ({"epochs": 1000}, "epochs must be"),
    ],
)
def test_retrain_html_turns_bad_settings_into_a_message(splits, settings, fragment):
    page = digits.retrain_html(*splits, **settings)
    assert page.startswith("<p>⚠️") and fragment in page and "Traceback" not in page


def test_retrain_html_survives_a_huge_learning_rate(splits):
    page = digits.retrain_html(*splits, hidden=8, lr=10.0, epochs=2)
    assert "held-out accuracy" in page


def test_loss_chart_handles_non_finite_losses():
    assert "not a finite number" in digits._loss_svg([float("nan")])
    assert "polyline" in digits._loss_svg([2.0, float("inf"), 1.0])


@pytest.mark.parametrize("wrong", ["train", "test"])
def test_retrain_html_explains_a_missing_data_set(splits, wrong):
    train_set, test_set = (None, splits[1]) if wrong == "train" else (splits[0], [])
    page = digits.retrain_html(train_set, test_set)
    assert page.startswith("<p>⚠️") and "must be a non-empty DigitsDataset" in page


def test_prediction_html_explains_a_wrong_model_or_data_set(trained, splits):
    assert "model must be a trained nn.Module" in digits.prediction_html("model", splits[1], 0)
    assert "dataset must be a non-empty DigitsDataset" in digits.prediction_html(trained[0], None, 0)


def test_prediction_html_shows_image_label_and_ten_probabilities(trained, splits):
    page = digits.prediction_html(trained[0], splits[1], 7)
    assert "true label" in page and "model says" in page and "test image 7" in page
    assert page.count("%</span>") + page.count("% ← true label</span>") == 10
    assert page.count("grid-template-columns") == 1 and page.count("background:rgb(") == 64


@pytest.mark.parametrize("index", [-1, 450, None, 2.0, "3", True])
def test_prediction_html_turns_bad_indexes_into_a_message(trained, splits, index):
    page = digits.prediction_html(trained[0], splits[1], index)
    assert page.startswith("<p>⚠️ index must be a whole number from 0 to 449")


def test_digit_html_draws_ink_dark_and_refuses_wrong_sizes():
    page = digits.digit_html(np.ones(64))
    assert page.count("background:rgb(0,0,0)") == 64
    with pytest.raises(CourseError, match="64 pixels"):
        digits.digit_html(np.ones(10))


def test_source_markdown_shows_code_without_docstrings():
    text = digits.source_markdown(digits.DigitNet)
    assert text.startswith("```python\n# coursekit/digits.py\nclass DigitNet(nn.Module):")
    assert "def forward" in text and "nn.ReLU()" in text
    assert "A small fully connected network" not in text and ">>>" not in text
    assert text.endswith("\n```")
    compile(text.split("\n", 1)[1].rsplit("\n", 1)[0], "shown", "exec")  # still valid Python


def test_source_markdown_of_something_without_source_is_explained():
    with pytest.raises(CourseError, match="cannot show the source"):
        digits.source_markdown(len)


def test_loss_chart_uses_one_scale_with_a_guessing_line():
    short = digits._loss_svg([1.0])
    assert short.count("<circle") == 1 and "epoch 1" in short and "guessing" in short
    long = digits._loss_svg([30.0, 2.0, 1.0])
    assert long.count("<circle") == 3 and "epoch 3" in long and "off the top" in long
    assert "from 30.000 to 1.000" in long  # the alt text names the real values


def test_prediction_html_points_at_the_true_label_when_the_model_is_wrong(trained, splits):
    model, _ = trained
    predicted = digits.predict_proba(model, splits[1].images).argmax(dim=1)
    wrong = int((predicted != splits[1].labels).nonzero()[0])
    right = int((predicted == splits[1].labels).nonzero()[0])
    assert "← true label" in digits.prediction_html(model, splits[1], wrong)
    assert "❌ wrong" in digits.prediction_html(model, splits[1], wrong)
    assert "← true label" not in digits.prediction_html(model, splits[1], right)
