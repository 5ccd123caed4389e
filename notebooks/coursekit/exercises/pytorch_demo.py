"""Exercise checks of notebook 12, "Demo: PyTorch learns digits": each says what is wrong (type, shape, weights)."""

from __future__ import annotations

import functools
import math

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from coursekit.checks import Wrong, call, exercise, expect_callable, expect_equal, expect_type, first_mistake

DEEPER_WEIGHTS = 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10  # 2,778


def sample_images(n: int = 3, seed: int = 7) -> np.ndarray:
    """``n`` digit-like images as scikit-learn stores them: float64, shape (n, 8, 8), values 0..16."""
    return np.random.default_rng(seed).integers(0, 17, size=(n, 8, 8)).astype(np.float64)


@functools.lru_cache(maxsize=1)
def _digits() -> tuple[torch.Tensor, torch.Tensor]:
    from sklearn.datasets import load_digits  # ships inside scikit-learn: offline

    bunch = load_digits()
    return torch.tensor(bunch.data, dtype=torch.float32) / 16, torch.tensor(bunch.target)


@exercise(
    "From NumPy images to a batch",
    hint="three steps: make a tensor (torch.from_numpy), make it float32 (.float()), "
    "give it one row per image (.reshape) -- and scale 0..16 down to 0..1.",
)
def check_to_batch(to_batch):
    """``to_batch(images)``: (n, 8, 8) float64 array, 0..16 → float32 tensor (n, 64), 0..1."""
    expect_callable(to_batch, "to_batch")
    for n in (3, 1):
        images = sample_images(n)
        original = images.copy()
        got = call(to_batch, images, what=f"to_batch(an array of shape {images.shape})")
        if not np.array_equal(images, original):
            raise Wrong("to_batch changed the array it was given (`images /= 16`?): divide with `/`, a new tensor.")
        expect_type(got, torch.Tensor, "what to_batch returns")
        expect_equal(got.dtype, torch.float32, "the dtype of the tensor (nn.Linear's weights are float32)")
        expect_equal(tuple(got.shape), (n, 64), f"the shape of the tensor for {n} image(s)")
        if not torch.allclose(got, torch.from_numpy(original).float().reshape(n, 64) / 16, atol=1e-6):
            raise Wrong(f"the values are not the pixels divided by 16, in order: the largest is {float(got.max()):g}.")
    return "That is the conversion the lesson did for all 1,797 images at once."


def _epoch(train=None, batches: int | None = None, zero_grad: bool = True):
    """(result, start, weights) of one epoch on 3 fixed batches by ``train``, or by the reference loop (variants)."""
    with torch.random.fork_rng(devices=[]):  # the caller's random state is left alone
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))
    start = [p.detach().clone() for p in model.parameters()]
    images, labels = _digits()
    loader = DataLoader(TensorDataset(images[:96], labels[:96]), batch_size=32, generator=torch.Generator())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    if train is not None:
        result = call(train, model, loader, optimizer, what="train_one_epoch(model, loader, optimizer)")
    else:
        result = []
        for x, y in list(loader)[:batches]:
            if zero_grad:
                optimizer.zero_grad()
            loss = nn.CrossEntropyLoss()(model(x), y)
            loss.backward()
            optimizer.step()
            result.append(loss.item())
    return result, start, [p.detach().clone() for p in model.parameters()]


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.allclose(x, y, atol=1e-5) for x, y in zip(a, b, strict=True))


@exercise(
    "Write train_one_epoch",
    hint="for images, labels in loader (each batch has shape (batch size, 64)): optimizer.zero_grad(); "
    "loss = loss_fn(model(images), labels); loss.backward(); optimizer.step(); collect loss.item(); return the mean.",
)
def check_train_one_epoch(train_one_epoch):
    """``train_one_epoch(model, loader, optimizer)``: one epoch of training; returns the mean batch loss."""
    expect_callable(train_one_epoch, "train_one_epoch")
    got, start, after = _epoch(train_one_epoch)
    losses, _, weights = _epoch()
    if _same(start, after):
        raise Wrong("not one weight changed, so nothing was learned: call loss.backward() and optimizer.step().")
    if _same(after, _epoch(zero_grad=False)[2]):
        raise Wrong("the gradients of the batches added up: call optimizer.zero_grad() before loss.backward().")
    if _same(after, _epoch(batches=1)[2]):
        raise Wrong("your function trained on the first batch only: is the `return` inside the `for` loop?")
    if not _same(after, weights):
        raise Wrong("the weights differ from one correct epoch over the 3 batches (zero_grad, backward, step each).")
    expect_type(got, (float, int), "what train_one_epoch returns (loss.item() gives a loss as a float)")
    mean, said = sum(losses) / len(losses), f"train_one_epoch returned {got:.4f}"
    first_mistake(
        (math.isclose(got, sum(losses), rel_tol=1e-4), f"{said}, the sum of the batch losses; the mean is {mean:.4f}."),
        (math.isclose(got, losses[-1], rel_tol=1e-4), f"{said}, the last batch's loss; the mean is {mean:.4f}."),
        (not math.isclose(got, mean, rel_tol=1e-4), f"{said}, but the mean of the epoch's batch losses is {mean:.4f}."),
    )
    return f"One epoch on 3 batches: mean loss {mean:.3f}, the same as the reference loop."


def _train_and_score(model: nn.Module, epochs: int = 5) -> float:
    """The lesson's loop (Adam, batches of 32, seeded), then the accuracy on the last 450 digits."""
    images, labels = _digits()
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))
    train, test = order[:-450], order[-450:]
    data = TensorDataset(images[train], labels[train])
    loader = DataLoader(data, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            nn.CrossEntropyLoss()(model(x), y).backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        return float((model(images[test]).argmax(dim=1) == labels[test]).float().mean())


@exercise(
    "A deeper network",
    hint="copy DigitNet (its __init__ starts with super().__init__()) and give it one more nn.Linear and nn.ReLU().",
)
def check_deeper_net(DeeperNet):
    """``DeeperNet``: an ``nn.Module`` class 64 → 32 → 16 → 10 with ReLUs, trainable above 90%."""
    if not (isinstance(DeeperNet, type) and issubclass(DeeperNet, nn.Module)):
        raise Wrong("DeeperNet should be a class that inherits from nn.Module: give the class itself, not DeeperNet().")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = call(DeeperNet, what="DeeperNet()")
        n_weights = sum(p.numel() for p in model.parameters())
        if n_weights != DEEPER_WEIGHTS:
            raise Wrong(f"DeeperNet() has {n_weights:,} weights, but layers 64 → 32 → 16 → 10 have {DEEPER_WEIGHTS:,}.")
        batch = torch.from_numpy(sample_images(5)).float().reshape(5, 64) / 16
        scores = call(model, batch, what="DeeperNet()(a batch of 5 images)")
        expect_type(scores, torch.Tensor, "what DeeperNet()(5 images) returns")
        expect_equal(tuple(scores.shape), (5, 10), "the shape of what DeeperNet()(5 images) returns")
        a, b = batch[:2], batch[2:4]
        if torch.allclose(model(a + b), model(a) + model(b) - model(torch.zeros_like(a)), atol=1e-4):
            raise Wrong("the network is a straight line: without nn.ReLU() in between, Linear layers act as one.")
        acc = call(_train_and_score, model, what="training DeeperNet for 5 epochs", time_limit=60)
    if acc <= 0.9:
        raise Wrong(f"after 5 epochs DeeperNet gets {acc:.1%} of the held-out digits; a correct one gets over 90%.")
    return f"Trained for 5 epochs with the lesson's loop, it gets {acc:.1%} of the held-out digits right."
