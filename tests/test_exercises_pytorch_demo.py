"""coursekit.exercises.pytorch_demo: each check with its solution and typical wrong answers."""

import numpy as np
import pytest
import torch
from torch import nn

from coursekit.exercises import pytorch_demo as ex

# One thread, as in the notebook: tiny networks train faster without thread hand-offs
# (much faster on a busy machine), and the numbers match the notebook's.
torch.set_num_threads(1)


# --------------------------------------------------------------------------- exercise 1


def to_batch(images):
    return torch.from_numpy(images).float().reshape(len(images), 64) / 16


def to_batch_in_place(images):
    batch = torch.from_numpy(images)
    batch /= 16
    return batch.float().reshape(len(images), 64)


def test_to_batch_solution_passes():
    fb = ex.check_to_batch(to_batch)
    assert fb and fb.message.startswith("✅")


def test_to_batch_not_answered():
    assert "not answered yet" in ex.check_to_batch(...).message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (None, "should be a function"),
        (lambda images: images, "returned a NumPy array"),
        (lambda images: None, "forget `return`"),
        (lambda images: images.tolist(), "it returned list"),
        (lambda images: torch.from_numpy(images).reshape(len(images), 64) / 16, "dtype torch.float64"),
        (lambda images: torch.from_numpy(images).float() / 16, "shape (3, 8, 8)"),
        (lambda images: torch.from_numpy(images).float().reshape(-1) / 16, "shape (192,)"),
        (lambda images: torch.from_numpy(images[:1]).float().reshape(1, 64) / 16, "shape (1, 64)"),
        (lambda images: torch.from_numpy(images).float().reshape(len(images), 64), "largest value is 16"),
        (lambda images: torch.from_numpy(images).float().reshape(len(images), 64) / 17, "not the pixels divided by 16"),
        (
            lambda images: torch.from_numpy(images).float().transpose(1, 2).reshape(len(images), 64) / 16,
            "not the pixels divided by 16",
        ),
        (to_batch_in_place, "changed the array it was given"),
        (lambda images: 1 / 0, "raised ZeroDivisionError"),
    ],
)
def test_to_batch_wrong_answers_are_explained(answer, fragment):
    fb = ex.check_to_batch(answer)
    assert not fb and fragment in fb.message, fb.message
    assert "Hint:" in fb.message and "Traceback" not in fb.message


def test_int_tensor_gets_a_dtype_hint():
    fb = ex.check_to_batch(lambda images: torch.from_numpy(images).long().reshape(len(images), 64) // 16)
    assert "dtype torch.int64" in fb.message and ".float()" in fb.message


# --------------------------------------------------------------------------- exercise 2


def branchy(x):
    if x.sum() > 0:
        return (3 * x).sum()
    return (x**2).sum()


def test_branchy_solution_passes():
    assert ex.check_branchy(branchy)


def in_place(x):
    x *= 3
    return x.sum()


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ("branchy", "should be a function"),
        (lambda x: (3 * x).sum(), "should be 5"),
        (lambda x: (x**2).sum(), "should be 9"),
        (lambda x: (3 * x).sum() if x.sum() >= 0 else (x**2).sum(), "sum is exactly 0"),
        (lambda x: (3 * x).sum().item(), "Python number 9.0"),
        (lambda x: 3 * x, "shape (2,)"),
        (lambda x: torch.tensor(float(x.detach().sum()) * 3), "not connected to x"),
        (lambda x: None, "forget `return`"),
        (lambda x: x.detach().numpy().sum(), "should return a tensor"),
        (in_place, "raised RuntimeError"),
    ],
)
def test_branchy_wrong_answers_are_explained(answer, fragment):
    fb = ex.check_branchy(answer)
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_branchy_with_wrong_gradient_is_explained():
    class Sneaky(torch.autograd.Function):
        """Right values, wrong gradient."""

        @staticmethod
        def forward(ctx, x):
            return branchy(x.detach())

        @staticmethod
        def backward(ctx, grad):
            return torch.zeros(2)

    fb = ex.check_branchy(Sneaky.apply)
    assert not fb and "x.grad is [0.0, 0.0]" in fb.message


# --------------------------------------------------------------------------- exercise 3


class DeeperNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10))

    def forward(self, x):
        return self.layers(x)


class NoActivation(DeeperNet):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(64, 32), nn.Linear(32, 16), nn.Linear(16, 10))


class NoSuper(nn.Module):
    def __init__(self):
        self.layers = nn.Linear(64, 10)


class TooSmall(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(64, 10))

    def forward(self, x):
        return self.layers(x)


class WrongOutput(DeeperNet):
    def forward(self, x):
        return self.layers(x)[:, :5]


class ForgetsToReturn(DeeperNet):
    def forward(self, x):
        self.layers(x)


class NeverLearns(DeeperNet):
    def forward(self, x):
        return self.layers(x) * 0 + torch.relu(x[:, :10] - 0.5)  # ignores its weights


def test_deeper_net_solution_passes():
    fb = ex.check_deeper_net(DeeperNet)
    assert fb and "held-out digits right" in fb.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (DeeperNet(), "give the class itself"),
        (nn.Linear, "missing 2 required positional arguments"),
        (int, "inherits from nn.Module"),
        (None, "inherits from nn.Module"),
        (NoSuper, "super().__init__()"),
        (TooSmall, "has 650 weights"),
        (WrongOutput, "shape (5, 10)"),
        (ForgetsToReturn, "it should be a tensor"),
        (NoActivation, "straight line"),
        (NeverLearns, "a correct network gets above 90%"),
    ],
)
def test_deeper_net_wrong_answers_are_explained(answer, fragment):
    fb = ex.check_deeper_net(answer)
    assert not fb and fragment in fb.message, fb.message
    assert "Traceback" not in fb.message


def test_sample_images_look_like_scikit_learns():
    images = ex.sample_images(4)
    assert images.shape == (4, 8, 8) and images.dtype == np.float64
    assert np.array_equal(images, ex.sample_images(4))
