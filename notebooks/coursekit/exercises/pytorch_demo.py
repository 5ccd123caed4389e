"""Exercise checks for notebook 12, "Demo: PyTorch learns digits".

Every check runs the learner's code through :func:`coursekit.checks.call` (an exception
becomes a message; an endless loop is stopped after its time limit) and says what is wrong
with the result: its type, dtype or shape, weights that did not move, a loss that does not
match one correct epoch.

>>> check_to_batch(...)
⏳ From NumPy images to a batch: not answered yet. Replace the ... with your answer and run the cell again.
>>> print(check_to_batch(lambda images: images))
❌ From NumPy images to a batch: to_batch returned a NumPy array, but DigitNet needs a torch.Tensor.
💡 Hint: turn the array into a tensor with torch.from_numpy(...) or torch.tensor(...).
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from coursekit.checks import Wrong, call, exercise, expect_callable

__all__ = ["check_to_batch", "check_train_one_epoch", "check_deeper_net", "sample_images"]


def sample_images(n: int = 3, seed: int = 7) -> np.ndarray:
    """``n`` digit-like images the way scikit-learn stores them: float64, shape (n, 8, 8), 0..16.

    >>> imgs = sample_images(2)
    >>> imgs.shape, imgs.dtype, float(imgs.min()) >= 0, float(imgs.max()) <= 16
    ((2, 8, 8), dtype('float64'), True, True)
    """
    rng = np.random.default_rng(seed)
    return rng.integers(0, 17, size=(n, 8, 8)).astype(np.float64)


@functools.lru_cache(maxsize=1)
def _digits() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's digits as (float32 images in 0..1, int64 labels), loaded once."""
    from sklearn.datasets import load_digits  # ships inside scikit-learn: offline

    bunch = load_digits()
    return torch.tensor(bunch.data, dtype=torch.float32) / 16, torch.tensor(bunch.target)


def _what(value: object) -> str:
    return "None (did you forget `return`?)" if value is None else type(value).__name__


# --------------------------------------------------------------------------- exercise 1


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
            raise Wrong(
                "to_batch changed the array it was given (an in-place operation such as "
                "`images /= 16`, or a tensor that shares memory with it): the caller's "
                "data must stay as it was.",
                hint="torch.from_numpy shares memory with the array; divide with `/`, "
                "which makes a new tensor, instead of `/=`.",
            )
        if isinstance(got, np.ndarray):
            raise Wrong(
                "to_batch returned a NumPy array, but DigitNet needs a torch.Tensor.",
                hint="turn the array into a tensor with torch.from_numpy(...) or torch.tensor(...).",
            )
        if not isinstance(got, torch.Tensor):
            raise Wrong(f"to_batch should return a torch.Tensor, but it returned {_what(got)}.")
        if got.dtype != torch.float32:
            hint = (
                "NumPy's default float is float64, which becomes torch.float64; the weights of "
                "nn.Linear are float32. Add .float() (or dtype=torch.float32)."
                if got.dtype == torch.float64
                else "convert with .float() so the values can be fractions between 0 and 1."
            )
            raise Wrong(f"the tensor has dtype {got.dtype}, but the network needs torch.float32.", hint=hint)
        if tuple(got.shape) != (n, 64):
            hint = (
                "flatten every 8×8 image into one row of 64: .reshape(len(images), 64)."
                if got.numel() == n * 64
                else "keep every image: the result has n rows of 64 pixels."
            )
            raise Wrong(
                f"for {n} image{'s' if n > 1 else ''} the tensor has shape {tuple(got.shape)}, "
                f"but it should be ({n}, 64): one row of 64 pixels per image.",
                hint=hint,
            )
        expected = torch.from_numpy(original).float().reshape(n, 64) / 16
        if float(got.max()) > 1.0 + 1e-6:
            raise Wrong(
                f"the largest value is {float(got.max()):g}, but the values should be between 0 and 1.",
                hint="scikit-learn's pixels go from 0 to 16: divide by 16.",
            )
        if not torch.allclose(got, expected, atol=1e-6):
            raise Wrong(
                "the shape and dtype are right, but the values are not the pixels divided by 16 "
                "(in their original order)."
            )
    return "That is the conversion the lesson did for all 1,797 images at once."


# --------------------------------------------------------------------------- exercise 2

#: The check's small training set: 96 digits in 3 batches of 32, never shuffled.
_N, _BATCH = 96, 32


def _tiny_model() -> nn.Module:
    with torch.random.fork_rng(devices=[]):  # the same start every time; the caller's RNG untouched
        torch.manual_seed(0)
        return nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))


def _tiny_loader() -> DataLoader:
    images, labels = _digits()
    return DataLoader(
        TensorDataset(images[:_N], labels[:_N]),
        batch_size=_BATCH,
        shuffle=False,
        generator=torch.Generator().manual_seed(0),  # iterating a loader draws a seed: not from the global RNG
    )


def _reference(batches: int | None = None, zero_grad: bool = True) -> tuple[list[float], list[torch.Tensor]]:
    """One correct epoch (or its first ``batches``, or one that never zeroes the gradients)."""
    model = _tiny_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for i, (images, labels) in enumerate(_tiny_loader()):
        if batches is not None and i == batches:
            break
        if zero_grad:
            optimizer.zero_grad()
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, [p.detach().clone() for p in model.parameters()]


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.allclose(x, y, atol=1e-5) for x, y in zip(a, b, strict=True))


@exercise(
    "Write train_one_epoch",
    hint="for images, labels in loader: optimizer.zero_grad(); loss = loss_fn(model(images), labels); "
    "loss.backward(); optimizer.step() -- and collect loss.item() to return the mean.",
)
def check_train_one_epoch(train_one_epoch):
    """``train_one_epoch(model, loader, optimizer)``: one epoch of training; returns the mean batch loss."""
    expect_callable(train_one_epoch, "train_one_epoch")
    model = _tiny_model()
    start = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    shown = "train_one_epoch(model, loader, optimizer)"
    try:
        got = call(train_one_epoch, model, _tiny_loader(), optimizer, what=shown)
    except Wrong as exc:
        if "shapes cannot be multiplied" in str(exc):
            raise Wrong(
                str(exc), hint="the model takes a batch of shape (batch size, 64): pass it the images."
            ) from None
        raise
    after = [p.detach().clone() for p in model.parameters()]
    if _same(start, after):
        raise Wrong(
            f"{shown} did not change a single weight, so the network learned nothing.",
            hint="loss.backward() computes the gradients and optimizer.step() applies them: call both for every batch.",
        )
    losses, weights = _reference()
    if not _same(after, weights):
        if _same(after, _reference(zero_grad=False)[1]):
            raise Wrong(
                "the weights moved, but as if the gradients of earlier batches were added to each new one.",
                hint="call optimizer.zero_grad() before loss.backward() in every batch: gradients add up otherwise.",
            )
        if _same(after, _reference(batches=1)[1]):
            raise Wrong(
                f"{shown} trained on the first batch only: is the `return` inside the `for` loop?",
                hint="collect the losses in the loop and return their mean after it.",
            )
        raise Wrong(
            f"after {shown} the weights differ from one correct epoch over the 3 batches "
            "(one zero_grad, forward, loss, backward and step per batch, with nn.CrossEntropyLoss)."
        )
    if isinstance(got, torch.Tensor):
        raise Wrong(
            f"{shown} returned a tensor; return a plain number.",
            hint="loss.item() gives the Python float of a one-element tensor (and lets its graph go).",
        )
    if isinstance(got, bool) or not isinstance(got, numbers.Real) or not math.isfinite(got):
        raise Wrong(f"{shown} should return the mean loss, a float, but it returned {_what(got)}.")
    mean = sum(losses) / len(losses)
    if not math.isclose(got, mean, rel_tol=1e-4):
        for wrong, why in ((sum(losses), "the sum of the batch losses"), (losses[-1], "the last batch's loss")):
            if math.isclose(got, wrong, rel_tol=1e-4):
                raise Wrong(f"{shown} returned {got:.4f}, {why}; the mean is {mean:.4f}.")
        raise Wrong(f"{shown} returned {got:.4f}, but the mean of this epoch's batch losses is {mean:.4f}.")
    return f"One epoch on 3 batches: mean loss {mean:.3f}, the same as the reference loop."


# --------------------------------------------------------------------------- exercise 3

DEEPER_WEIGHTS = 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10  # 2,778


def _train_and_score(model: nn.Module, epochs: int = 5) -> float:
    """The lesson's loop (Adam, batches of 32, seeded), then the accuracy on the last 450 digits."""
    images, labels = _digits()
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))
    train, test = order[:-450], order[-450:]
    loader = DataLoader(
        TensorDataset(images[train], labels[train]),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        return float((model(images[test]).argmax(dim=1) == labels[test]).float().mean())


@exercise("A deeper network", hint="copy DigitNet and give it one more nn.Linear layer and nn.ReLU().")
def check_deeper_net(DeeperNet):
    """``DeeperNet``: an ``nn.Module`` class 64 → 32 → 16 → 10 with ReLUs, trainable above 90%."""
    if isinstance(DeeperNet, nn.Module):
        raise Wrong("that is a network object; give the class itself (DeeperNet, not DeeperNet()).")
    if not (isinstance(DeeperNet, type) and issubclass(DeeperNet, nn.Module)):
        raise Wrong("DeeperNet should be a class that inherits from nn.Module (class DeeperNet(nn.Module): ...).")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        try:
            model = call(DeeperNet, what="DeeperNet()")
        except Wrong as exc:
            if "before Module.__init__() call" in str(exc):
                raise Wrong(
                    str(exc),
                    hint="the first line of __init__ must be super().__init__(): "
                    "nn.Module sets itself up there before you add layers.",
                ) from None
            raise
        n_weights = sum(p.numel() for p in model.parameters())
        if n_weights != DEEPER_WEIGHTS:
            raise Wrong(
                f"DeeperNet() has {n_weights:,} weights, but layers 64 → 32 → 16 → 10 have {DEEPER_WEIGHTS:,}.",
                hint="use nn.Linear(64, 32), nn.Linear(32, 16), nn.Linear(16, 10).",
            )
        batch = torch.from_numpy(sample_images(5)).float().reshape(5, 64) / 16
        scores = call(model, batch, what="DeeperNet()(a batch of 5 images)")
        if not isinstance(scores, torch.Tensor) or tuple(scores.shape) != (5, 10):
            shape = tuple(scores.shape) if isinstance(scores, torch.Tensor) else _what(scores)
            raise Wrong(
                f"for a batch of 5 images the network returned {shape}, but it should be a "
                "tensor of shape (5, 10): ten scores per image."
            )
        a, b = batch[:2], batch[2:4]
        with torch.no_grad():
            affine = torch.allclose(model(a + b), model(a) + model(b) - model(torch.zeros_like(a)), atol=1e-4)
        if affine:
            raise Wrong(
                "the network is a straight line (affine): stacking Linear layers without an "
                "activation in between is no more powerful than one Linear layer.",
                hint="put nn.ReLU() between the Linear layers.",
            )
        acc = call(_train_and_score, model, what="training DeeperNet for 5 epochs", time_limit=60)
    if acc <= 0.9:
        raise Wrong(
            f"after 5 epochs DeeperNet reaches {acc:.1%} on the held-out images; a correct network gets above 90%."
        )
    return f"Trained for 5 epochs with the lesson's loop, it gets {acc:.1%} of the held-out digits right."
