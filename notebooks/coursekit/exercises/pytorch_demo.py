"""Exercise checks for notebook 12, "Demo: PyTorch learns digits".

Every check calls the learner's code through :func:`coursekit.checks.call`, so an
exception in their code becomes a message, and it says what is wrong with a
result (type, dtype, shape, value, gradient) rather than only "wrong".

>>> check_to_batch(...)
⏳ From NumPy images to a batch: not answered yet. Replace the ... with your answer and run the cell again.
>>> print(check_to_batch(lambda images: images))
❌ From NumPy images to a batch: to_batch returned a NumPy array, but DigitNet needs a torch.Tensor.
💡 Hint: turn the array into a tensor with torch.from_numpy(...) or torch.tensor(...).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from coursekit import digits
from coursekit.checks import Wrong, call, exercise, expect_callable

__all__ = ["check_to_batch", "check_branchy", "check_deeper_net", "sample_images"]


def sample_images(n: int = 3, seed: int = 7) -> np.ndarray:
    """``n`` digit-like images the way scikit-learn stores them: float64, shape (n, 8, 8), 0..16.

    >>> imgs = sample_images(2)
    >>> imgs.shape, imgs.dtype, float(imgs.min()) >= 0, float(imgs.max()) <= 16
    ((2, 8, 8), dtype('float64'), True, True)
    """
    rng = np.random.default_rng(seed)
    return rng.integers(0, 17, size=(n, 8, 8)).astype(np.float64)


def _show(t: torch.Tensor) -> str:
    return str([round(v, 3) for v in t.detach().reshape(-1).tolist()])


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
            raise Wrong(
                f"to_batch should return a torch.Tensor, but it returned "
                f"{'None (did you forget `return`?)' if got is None else type(got).__name__}."
            )
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
    return "This is the conversion DigitsDataset does for the whole data set."


# --------------------------------------------------------------------------- exercise 2

_BRANCH_CASES = (
    # (x, expected value, expected gradient, which branch)
    ([1.0, 2.0], 9.0, [3.0, 3.0], "the sum is positive, so (3 * x).sum() runs"),
    ([-1.0, -2.0], 5.0, [-2.0, -4.0], "the sum is not positive, so (x ** 2).sum() runs"),
    ([0.5, -0.5], 0.5, [1.0, -1.0], "the sum is exactly 0, which is not positive"),
)


@exercise(
    "Autograd through an `if`", hint="an ordinary `if x.sum() > 0:` with a `return` in each branch is all it takes."
)
def check_branchy(branchy):
    """``branchy(x)``: ``(3*x).sum()`` when ``x.sum() > 0``, else ``(x**2).sum()``; gradients checked."""
    expect_callable(branchy, "branchy")
    for values, value, gradient, why in _BRANCH_CASES:
        x = torch.tensor(values, requires_grad=True)
        shown = f"branchy(torch.tensor({values}))"
        got = call(branchy, x, what=shown)
        if isinstance(got, (float, int)):
            raise Wrong(
                f"{shown} returned the Python number {got!r}, which autograd cannot follow.",
                hint="return the tensor itself; .item() and float() cut it off from the graph.",
            )
        if not isinstance(got, torch.Tensor):
            raise Wrong(
                f"{shown} should return a tensor, but it returned "
                f"{'None (did you forget `return`?)' if got is None else type(got).__name__}."
            )
        if got.ndim != 0:
            raise Wrong(
                f"{shown} returned a tensor of shape {tuple(got.shape)}, but backward() needs "
                "a single number (shape ()).",
                hint="add .sum() to add up the elements.",
            )
        if got.grad_fn is None:
            raise Wrong(
                f"{shown} is not connected to x: autograd recorded nothing.",
                hint="compute the result from x with torch operations (no NumPy, no .item(), no torch.no_grad()).",
            )
        if abs(float(got.detach()) - value) > 1e-5:
            raise Wrong(f"{shown} returned {float(got.detach()):g}, but it should be {value:g} ({why}).")
        call(got.backward, what=f"backward() on the result of {shown}")
        if x.grad is None or not torch.allclose(x.grad, torch.tensor(gradient)):
            got_grad = "no gradient" if x.grad is None else _show(x.grad)
            raise Wrong(f"after backward(), x.grad is {got_grad}, but it should be {gradient} ({why}).")
    return "The graph autograd walked back was different for each input: it is built as the code runs."


# --------------------------------------------------------------------------- exercise 3

DEEPER_WEIGHTS = 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10  # 2,778


@exercise("A deeper network", hint="copy DigitNet from coursekit/digits.py and give it one more Linear layer and ReLU.")
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
        shape = tuple(scores.shape) if isinstance(scores, torch.Tensor) else type(scores).__name__
        raise Wrong(
            f"for a batch of 5 images the network returned {shape}, but it should be a "
            "tensor of shape (5, 10): ten scores per image."
        )
    a, b = batch[:2], batch[2:4]
    with torch.no_grad():
        f = lambda t: model(t)  # noqa: E731
        affine = torch.allclose(f(a + b), f(a) + f(b) - f(torch.zeros_like(a)), atol=1e-4)
    if affine:
        raise Wrong(
            "the network is a straight line (affine): stacking Linear layers without an "
            "activation in between is no more powerful than one Linear layer.",
            hint="put nn.ReLU() between the Linear layers.",
        )
    train_set, test_set = digits.load_splits()
    call(digits.train, model, train_set, epochs=10, lr=0.01, what="training DeeperNet", time_limit=60)
    acc = digits.accuracy(model, test_set)
    if acc <= 0.9:
        raise Wrong(
            f"after 10 epochs DeeperNet reaches {acc:.1%} on the held-out images; a correct network gets above 90%."
        )
    return f"Trained for 10 epochs, it gets {acc:.1%} of the held-out digits right."
