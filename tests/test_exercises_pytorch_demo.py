"""coursekit.exercises.pytorch_demo: each check with its solution and typical wrong answers."""

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
        (lambda images: images, "should be a Tensor, but it is a ndarray"),
        (lambda images: None, "forget a `return`"),
        (lambda images: images.tolist(), "but it is a list"),
        (
            lambda images: torch.from_numpy(images).reshape(len(images), 64) / 16,
            "torch.float64, but it should be torch.float32",
        ),
        (lambda images: torch.from_numpy(images).float() / 16, "is (3, 8, 8), but it should be (3, 64)"),
        (lambda images: torch.from_numpy(images).float().reshape(-1) / 16, "is (192,)"),
        (
            lambda images: torch.from_numpy(images[:1]).float().reshape(1, 64) / 16,
            "is (1, 64), but it should be (3, 64)",
        ),
        (lambda images: torch.from_numpy(images).float().reshape(len(images), 64), "the largest is 16"),
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


# --------------------------------------------------------------------------- exercise 2

loss_fn = nn.CrossEntropyLoss()


def train_one_epoch(model, loader, optimizer):
    model.train()
    batch_losses = []
    for batch_x, batch_y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(batch_x), batch_y)
        loss.backward()
        optimizer.step()
        batch_losses.append(loss.item())
    return sum(batch_losses) / len(batch_losses)


def weighted_mean(model, loader, optimizer):
    """Weights every loss by its batch size: the same mean here, as all batches hold 32."""
    total, seen = 0.0, 0
    for batch_x, batch_y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(batch_x), batch_y)
        loss.backward()
        optimizer.step()
        total, seen = total + loss.item() * len(batch_y), seen + len(batch_y)
    return total / seen


def variant(zero_grad=True, backward=True, step=True, result="mean", stop_after=None):
    def train(model, loader, optimizer):
        losses = []
        for i, (batch_x, batch_y) in enumerate(loader):
            if zero_grad:
                optimizer.zero_grad()
            loss = loss_fn(model(batch_x), batch_y)
            if backward:
                loss.backward()
            if step:
                optimizer.step()
            losses.append(loss)
            if stop_after is not None and i + 1 == stop_after:
                break
        values = [x.item() for x in losses]
        return {
            "mean": sum(values) / len(values),
            "sum": sum(values),
            "last": values[-1],
            "tensor": sum(losses) / len(losses),
            "none": None,
            "text": "0.5",
            "nan": float("nan"),
        }[result]

    return train


def test_train_one_epoch_solution_passes():
    fb = ex.check_train_one_epoch(train_one_epoch)
    assert fb and fb.message.startswith("✅") and "mean loss" in fb.message, fb.message


def test_a_weighted_mean_is_accepted_too():
    assert ex.check_train_one_epoch(weighted_mean)


def test_train_one_epoch_not_answered():
    assert "not answered yet" in ex.check_train_one_epoch(...).message


def test_the_check_leaves_the_global_random_state_alone():
    state = torch.random.get_rng_state()
    ex.check_train_one_epoch(train_one_epoch)
    assert torch.equal(state, torch.random.get_rng_state())


def _flattens_wrongly(model, loader, optimizer):
    for batch_x, _ in loader:
        model(batch_x.reshape(-1, 8, 8))
    return 0.0


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (42, "should be a function"),
        (variant(backward=False, step=False), "not one weight changed"),
        (variant(step=False), "nothing was learned"),
        (variant(zero_grad=False), "optimizer.zero_grad()"),
        (variant(stop_after=1), "first batch only"),
        (variant(stop_after=2), "differ from one correct epoch"),
        (variant(result="tensor"), "but it is a Tensor"),
        (variant(result="none"), "forget a `return`"),
        (variant(result="text"), "but it is a str"),
        (variant(result="nan"), "returned nan, but the mean"),
        (variant(result="sum"), "the sum of the batch losses"),
        (variant(result="last"), "the last batch's loss"),
        (lambda model, loader, optimizer: 1 / 0, "raised ZeroDivisionError"),
        (_flattens_wrongly, "shape (batch size, 64)"),
        (lambda model, loader: 0.0, "raised TypeError"),
    ],
)
def test_train_one_epoch_wrong_answers_are_explained(answer, fragment):
    fb = ex.check_train_one_epoch(answer)
    assert not fb and fragment in fb.message, fb.message


def test_an_endless_loop_is_stopped(monkeypatch):
    from coursekit import checks

    monkeypatch.setattr(checks, "TIME_LIMIT", 0.3)

    def forever(model, loader, optimizer):
        while True:
            pass

    fb = ex.check_train_one_epoch(forever)
    assert not fb and "still running" in fb.message, fb.message


# --------------------------------------------------------------------------- exercise 3


class DeeperNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10))

    def forward(self, x):
        return self.layers(x)


class NoActivation(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(64, 32), nn.Linear(32, 16), nn.Linear(16, 10))

    def forward(self, x):
        return self.layers(x)


class OneHidden(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))

    def forward(self, x):
        return self.layers(x)


class WrongOutput(DeeperNet):
    def forward(self, x):
        return self.layers(x).sum(dim=1)


class ForgotSuper(nn.Module):
    def __init__(self):
        self.layers = nn.Linear(64, 10)


class InkOnly(DeeperNet):
    """Right layers and shapes, but it only sees how much ink an image has: it cannot learn digits."""

    def forward(self, x):
        return self.layers(x.mean(dim=1, keepdim=True).expand_as(x))


def test_deeper_net_solution_passes():
    fb = ex.check_deeper_net(DeeperNet)
    assert fb and "held-out digits right" in fb.message, fb.message


def test_deeper_net_not_answered():
    assert "not answered yet" in ex.check_deeper_net(...).message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (DeeperNet(), "give the class itself"),
        (int, "inherits from nn.Module"),
        ("DeeperNet", "inherits from nn.Module"),
        (OneHidden, "weights"),
        (NoActivation, "straight line"),
        (WrongOutput, "is (5,), but it should be (5, 10)"),
        (ForgotSuper, "super().__init__()"),
        (InkOnly, "a correct one gets over 90%"),
    ],
)
def test_deeper_net_wrong_answers_are_explained(answer, fragment):
    fb = ex.check_deeper_net(answer)
    assert not fb and fragment in fb.message, fb.message


def test_a_constructor_that_raises_is_reported():
    class Broken(nn.Module):
        def __init__(self):
            super().__init__()
            raise ValueError("no layers yet")

    fb = ex.check_deeper_net(Broken)
    assert not fb and "raised ValueError: no layers yet" in fb.message
