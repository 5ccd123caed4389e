"""Exercise checks for notebook 12, "Demo: PyTorch learns digits": the learner's code runs through
:func:`coursekit.checks.call`; each check names what is wrong (type, dtype, shape, weights, loss)."""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from coursekit.checks import Wrong, call, exercise, expect_callable

DEEPER_WEIGHTS = 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10  # 2,778


def sample_images(n: int = 3, seed: int = 7) -> np.ndarray:
    """``n`` digit-like images as scikit-learn stores them: float64, shape (n, 8, 8), values 0..16."""
    return np.random.default_rng(seed).integers(0, 17, size=(n, 8, 8)).astype(np.float64)


@functools.lru_cache(maxsize=1)
def _digits() -> tuple[torch.Tensor, torch.Tensor]:
    from sklearn.datasets import load_digits  # ships inside scikit-learn: offline

    bunch = load_digits()
    return torch.tensor(bunch.data, dtype=torch.float32) / 16, torch.tensor(bunch.target)


def _what(value: object) -> str:
    return "None (did you forget `return`?)" if value is None else type(value).__name__


def _mistake(wrong: Wrong, sign: str, hint: str) -> Wrong:
    """``wrong`` with ``hint`` when its message holds ``sign`` (a PyTorch error worth explaining)."""
    return Wrong(str(wrong), hint=hint) if sign in str(wrong) else wrong


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
                "to_batch changed the array it was given (an in-place operation such as `images /= 16`, or a "
                "tensor that shares memory with it): the caller's data must stay as it was.",
                hint="torch.from_numpy shares memory with the array; divide with `/`, which makes a new tensor.",
            )
        if isinstance(got, np.ndarray):
            raise Wrong(
                "to_batch returned a NumPy array, but DigitNet needs a torch.Tensor.",
                hint="turn the array into a tensor with torch.from_numpy(...) or torch.tensor(...).",
            )
        if not isinstance(got, torch.Tensor):
            raise Wrong(f"to_batch should return a torch.Tensor, but it returned {_what(got)}.")
        if got.dtype != torch.float32:
            raise Wrong(
                f"the tensor has dtype {got.dtype}, but the network needs torch.float32.",
                hint="NumPy's default float64 becomes torch.float64; the weights of nn.Linear are float32. "
                "Add .float() (or dtype=torch.float32).",
            )
        if tuple(got.shape) != (n, 64):
            raise Wrong(
                f"for {n} image{'s' if n > 1 else ''} the tensor has shape {tuple(got.shape)}, but it should be "
                f"({n}, 64): one row of 64 pixels per image.",
                hint=".reshape(len(images), 64) flattens every 8×8 image into one row and keeps every image.",
            )
        if float(got.max()) > 1.0 + 1e-6:
            raise Wrong(
                f"the largest value is {float(got.max()):g}, but the values should be between 0 and 1.",
                hint="scikit-learn's pixels go from 0 to 16: divide by 16.",
            )
        if not torch.allclose(got, torch.from_numpy(original).float().reshape(n, 64) / 16, atol=1e-6):
            raise Wrong("the shape and dtype are right, but the values are not the pixels divided by 16 (in order).")
    return "That is the conversion the lesson did for all 1,797 images at once."


def _epoch(train=None, batches: int | None = None, zero_grad: bool = True):
    """One epoch over 96 digits (3 batches of 32, never shuffled) from the same start every time: by ``train``,
    or by the reference loop (its first ``batches``, or never zeroing the gradients). (result, start, weights)."""
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
    hint="for images, labels in loader: optimizer.zero_grad(); loss = loss_fn(model(images), labels); "
    "loss.backward(); optimizer.step() -- and collect loss.item() to return the mean.",
)
def check_train_one_epoch(train_one_epoch):
    """``train_one_epoch(model, loader, optimizer)``: one epoch of training; returns the mean batch loss."""
    expect_callable(train_one_epoch, "train_one_epoch")
    shown = "train_one_epoch(model, loader, optimizer)"
    try:
        got, start, after = _epoch(train_one_epoch)
    except Wrong as exc:
        raise _mistake(
            exc, "shapes cannot be multiplied", "the model takes a batch of shape (batch size, 64)."
        ) from None
    losses, _, weights = _epoch()
    if _same(start, after):
        raise Wrong(
            f"{shown} did not change a single weight, so the network learned nothing.",
            hint="loss.backward() computes the gradients and optimizer.step() applies them: call both for every batch.",
        )
    if not _same(after, weights):
        if _same(after, _epoch(zero_grad=False)[2]):
            raise Wrong(
                "the weights moved, but as if the gradients of earlier batches were added to each new one.",
                hint="call optimizer.zero_grad() before loss.backward() in every batch: gradients add up otherwise.",
            )
        if _same(after, _epoch(batches=1)[2]):
            raise Wrong(
                f"{shown} trained on the first batch only: is the `return` inside the `for` loop?",
                hint="collect the losses in the loop and return their mean after it.",
            )
        raise Wrong(
            f"after {shown} the weights differ from one correct epoch over the 3 batches "
            "(one zero_grad, forward, loss, backward and step per batch, with nn.CrossEntropyLoss)."
        )
    if isinstance(got, torch.Tensor):
        raise Wrong(f"{shown} returned a tensor; return a plain number.", hint="loss.item() gives its Python float.")
    if isinstance(got, bool) or not isinstance(got, numbers.Real) or not math.isfinite(got):
        raise Wrong(f"{shown} should return the mean loss, a float, but it returned {_what(got)}.")
    mean = sum(losses) / len(losses)
    for value, why in (
        (mean, None),
        (sum(losses), "the sum of the batch losses"),
        (losses[-1], "the last batch's loss"),
    ):
        if math.isclose(got, value, rel_tol=1e-4):
            if why is None:
                return f"One epoch on 3 batches: mean loss {mean:.3f}, the same as the reference loop."
            raise Wrong(f"{shown} returned {got:.4f}, {why}; the mean is {mean:.4f}.")
    raise Wrong(f"{shown} returned {got:.4f}, but the mean of this epoch's batch losses is {mean:.4f}.")


def _train_and_score(model: nn.Module, epochs: int = 5) -> float:
    """The lesson's loop (Adam, batches of 32, seeded), then the accuracy on the last 450 digits."""
    images, labels = _digits()
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))
    train, test = order[:-450], order[-450:]
    data = TensorDataset(images[train], labels[train])
    loader = DataLoader(data, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            nn.CrossEntropyLoss()(model(x), y).backward()
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
            hint = "the first line of __init__ must be super().__init__(): nn.Module sets itself up there."
            raise _mistake(exc, "before Module.__init__() call", hint) from None
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
            raise Wrong(f"for 5 images the network returned {shape}, but it should be a tensor of shape (5, 10).")
        a, b = batch[:2], batch[2:4]
        with torch.no_grad():
            if torch.allclose(model(a + b), model(a) + model(b) - model(torch.zeros_like(a)), atol=1e-4):
                raise Wrong(
                    "the network is a straight line (affine): stacking Linear layers without an activation "
                    "in between is no more powerful than one Linear layer.",
                    hint="put nn.ReLU() between the Linear layers.",
                )
        acc = call(_train_and_score, model, what="training DeeperNet for 5 epochs", time_limit=60)
    if acc <= 0.9:
        raise Wrong(
            f"after 5 epochs DeeperNet gets {acc:.1%} of the held-out images; a correct network gets above 90%."
        )
    return f"Trained for 5 epochs with the lesson's loop, it gets {acc:.1%} of the held-out digits right."
