"""Handwritten digits with PyTorch: the data, the model and the training loop of notebook 12.

The data is scikit-learn's bundled ``digits`` set (1,797 greyscale images of 8×8
pixels, a "mini-MNIST" that ships inside the installed package, so nothing is
downloaded). Everything here is a plain function or class that the notebook, its
widgets and ``tests/test_digits.py`` share. Nothing changes PyTorch's global
random state: functions that need randomness take a ``seed`` and use their own
generator, so calling them twice gives the same result.

>>> train_set, test_set = load_splits()
>>> len(train_set), len(test_set)
(1347, 450)
>>> image, label = train_set[0]
>>> tuple(image.shape), image.dtype, label.dtype
((64,), torch.float32, torch.int64)
>>> model = make_model(hidden=16, seed=0)
>>> tuple(predict_proba(model, image).shape)
(1, 10)
"""

from __future__ import annotations

import ast
import html
import inspect
import math
import numbers
import textwrap
from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from coursekit import CourseError
from coursekit.ui import WARNING, never_raises

__all__ = [
    "SIDE",
    "N_PIXELS",
    "N_CLASSES",
    "load_arrays",
    "DigitsDataset",
    "load_splits",
    "DigitNet",
    "make_model",
    "make_loader",
    "train_epoch",
    "train",
    "predict_proba",
    "accuracy",
    "autograd_nodes",
    "retrain_html",
    "prediction_html",
    "digit_html",
    "source_markdown",
]

SIDE = 8  #: images are SIDE × SIDE pixels
N_PIXELS = SIDE * SIDE  #: 64 inputs to the network
N_CLASSES = 10  #: the digits 0-9
MAX_INK = 16.0  #: scikit-learn stores pixel darkness as 0..16

#: Limits the widgets accept (a slider cannot go further, but a typed value can).
HIDDEN_RANGE = (1, 512)
EPOCH_RANGE = (1, 50)
LR_RANGE = (1e-5, 10.0)


# --------------------------------------------------------------------------- data


def load_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Return the 1,797 digits as ``(images, labels)`` NumPy arrays, ready for PyTorch.

    ``images`` is float32 with shape ``(1797, 64)`` and values in ``[0, 1]``
    (scikit-learn's 0..16 divided by 16); ``labels`` is int64 with values 0-9.

    >>> images, labels = load_arrays()
    >>> images.shape, images.dtype, float(images.max()), labels.dtype, sorted(set(labels.tolist()))[:3]
    ((1797, 64), dtype('float32'), 1.0, dtype('int64'), [0, 1, 2])
    """
    from sklearn.datasets import load_digits  # bundled with scikit-learn: works offline

    bunch = load_digits()
    images = (bunch.data / MAX_INK).astype(np.float32)
    return images, bunch.target.astype(np.int64)


class DigitsDataset(Dataset):
    """A ``torch.utils.data.Dataset`` of flattened 8×8 digit images and their labels.

    A Dataset only has to answer two questions: how many items (``len``) and
    "give me item ``i``" (``ds[i]``); a ``DataLoader`` does the batching.

    >>> ds = DigitsDataset(np.zeros((2, 8, 8)), [3, 7])
    >>> len(ds), tuple(ds[1][0].shape), int(ds[1][1])
    (2, (64,), 7)
    >>> DigitsDataset(np.zeros((2, 5)), [3, 7])
    Traceback (most recent call last):
    ...
    coursekit.CourseError: images must have shape (n, 64) or (n, 8, 8), not (2, 5).
    """

    def __init__(self, images: np.ndarray | torch.Tensor, labels: Sequence[int] | np.ndarray | torch.Tensor):
        images = torch.as_tensor(np.asarray(images, dtype=np.float32))
        labels = torch.as_tensor(np.asarray(labels, dtype=np.int64))
        if images.ndim == 3 and tuple(images.shape[1:]) == (SIDE, SIDE):
            images = images.reshape(len(images), N_PIXELS)
        if images.ndim != 2 or images.shape[1] != N_PIXELS:
            raise CourseError(
                f"images must have shape (n, {N_PIXELS}) or (n, {SIDE}, {SIDE}), not {tuple(images.shape)}."
            )
        if labels.ndim != 1 or len(labels) != len(images):
            raise CourseError(
                f"labels must be one label per image: got {tuple(labels.shape)} labels for {len(images)} images."
            )
        self.images, self.labels = images, labels

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self.images[index], self.labels[index]


def load_splits(test_fraction: float = 0.25, seed: int = 0) -> tuple[DigitsDataset, DigitsDataset]:
    """Split the digits into a training set and a held-out test set (stratified, reproducible).

    The test set is never used for training: accuracy on it says how well the
    model does on images it has not seen.

    >>> train_set, test_set = load_splits(test_fraction=0.5)
    >>> len(train_set), len(test_set)
    (898, 899)
    """
    from sklearn.model_selection import train_test_split

    if not isinstance(test_fraction, float) or not 0.05 <= test_fraction <= 0.95:
        raise CourseError(f"test_fraction must be a float between 0.05 and 0.95, not {test_fraction!r}.")
    images, labels = load_arrays()
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=test_fraction, random_state=seed, stratify=labels
    )
    return DigitsDataset(x_train, y_train), DigitsDataset(x_test, y_test)


def make_loader(dataset: Dataset, batch_size: int = 32, shuffle: bool = True, seed: int = 0) -> DataLoader:
    """A ``DataLoader`` that shuffles in the same order every time for the same ``seed``.

    >>> loader = make_loader(DigitsDataset(np.zeros((5, 64)), range(5)), batch_size=2)
    >>> [len(labels) for images, labels in loader]
    [2, 2, 1]
    """
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, generator=generator)


# --------------------------------------------------------------------------- model


class DigitNet(nn.Module):
    """A small fully connected network: 64 pixels → ``hidden`` units → 10 class scores.

    >>> DigitNet(hidden=8)
    DigitNet(
      (layers): Sequential(
        (0): Linear(in_features=64, out_features=8, bias=True)
        (1): ReLU()
        (2): Linear(in_features=8, out_features=10, bias=True)
      )
    )
    """

    def __init__(self, hidden: int = 64):
        super().__init__()
        _check_int("hidden", hidden, *HIDDEN_RANGE)  # a clear message for a bad size
        self.hidden = hidden
        self.layers = nn.Sequential(
            nn.Linear(N_PIXELS, hidden),
            nn.ReLU(),
            nn.Linear(hidden, N_CLASSES),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(len(x), N_PIXELS)  # accept (n, 8, 8) as well as (n, 64)
        return self.layers(x)  # raw scores ("logits"); softmax turns them into probabilities


def make_model(hidden: int = 64, seed: int = 0) -> DigitNet:
    """A ``DigitNet`` whose starting weights depend only on ``seed``.

    PyTorch draws initial weights from its global random generator; this
    function seeds a private copy of it (``torch.random.fork_rng``) so the
    caller's random state is left exactly as it was.

    >>> a, b = make_model(8, seed=1), make_model(8, seed=1)
    >>> torch.equal(a.layers[0].weight, b.layers[0].weight)
    True
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return DigitNet(hidden)


# --------------------------------------------------------------------------- training


def train_epoch(
    model: nn.Module, loader: DataLoader, optimizer: torch.optim.Optimizer, device: str | torch.device = "cpu"
) -> float:
    """One pass over the training data; returns the mean loss of that pass."""
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    total, seen = 0.0, 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()  # forget the last batch's gradients
        loss = loss_fn(model(images), labels)  # forward pass: builds the graph
        loss.backward()  # autograd: gradient of loss for every weight
        optimizer.step()  # move every weight a little downhill
        total += loss.item() * len(labels)
        seen += len(labels)
    return total / seen


def train(
    model: nn.Module,
    train_set: Dataset,
    *,
    epochs: int = 10,
    lr: float = 0.01,
    batch_size: int = 32,
    seed: int = 0,
    device: str | torch.device = "cpu",
    on_epoch: Callable[[int, float], object] | None = None,
) -> list[float]:
    """Train ``model`` in place with Adam; return the mean training loss of every epoch.

    The order of the batches depends only on ``seed``, so the same model, data and
    settings give the same losses (on the same number of threads). ``on_epoch(epoch,
    loss)`` is called after each epoch -- the notebook moves a progress bar with it.

    >>> train_set, _ = load_splits()
    >>> losses = train(make_model(16), train_set, epochs=2)
    >>> len(losses), losses[1] < losses[0]
    (2, True)
    """
    _check_int("epochs", epochs, *EPOCH_RANGE)
    _check_lr(lr)
    _check_int("batch_size", batch_size, 1, 4096)
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loader = make_loader(train_set, batch_size=batch_size, shuffle=True, seed=seed)
    losses = []
    for epoch in range(1, epochs + 1):
        losses.append(train_epoch(model, loader, optimizer, device))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return losses


# --------------------------------------------------------------------------- using the model


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def predict_proba(model: nn.Module, images: torch.Tensor | np.ndarray) -> torch.Tensor:
    """Class probabilities, shape ``(n, 10)``, for one image or a batch (on the CPU).

    Runs without recording a graph (``torch.no_grad``) and in evaluation mode.

    >>> probs = predict_proba(make_model(8), torch.zeros(3, 8, 8))
    >>> tuple(probs.shape), round(float(probs[0].sum()), 4)
    ((3, 10), 1.0)
    """
    images = torch.as_tensor(np.asarray(images, dtype=np.float32))
    if images.numel() % N_PIXELS or images.numel() == 0:
        raise CourseError(f"images must hold whole {SIDE}×{SIDE} images, not shape {tuple(images.shape)}.")
    images = images.reshape(-1, N_PIXELS)
    model.eval()
    with torch.no_grad():
        scores = model(images.to(_device_of(model)))
    return torch.softmax(scores, dim=1).cpu()


def accuracy(model: nn.Module, dataset: DigitsDataset) -> float:
    """The fraction of ``dataset`` that ``model`` labels correctly (0.0 to 1.0).

    >>> round(accuracy(make_model(8), DigitsDataset(np.zeros((4, 64)), [0, 0, 0, 0])), 2) in (0.0, 1.0)
    True
    """
    predicted = predict_proba(model, dataset.images).argmax(dim=1)
    return float((predicted == dataset.labels).float().mean())


def autograd_nodes(tensor: torch.Tensor) -> list[str]:
    """The operations autograd recorded to compute ``tensor``, from the output back.

    Each node is listed once, in breadth-first order; ``AccumulateGrad`` nodes are
    the leaves where gradients are stored (tensors with ``requires_grad=True``).

    >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> autograd_nodes((x * 3).sum())
    ['SumBackward0', 'MulBackward0', 'AccumulateGrad']
    >>> autograd_nodes(torch.ones(2))
    []
    """
    if not isinstance(tensor, torch.Tensor):
        raise CourseError(f"autograd_nodes needs a tensor, not {type(tensor).__name__}.")
    seen, order, queue = set(), [], [tensor.grad_fn]
    while queue:
        node = queue.pop(0)
        if node is None or node in seen:
            continue
        seen.add(node)
        order.append(type(node).__name__)
        queue.extend(child for child, _ in node.next_functions)
    return order


# --------------------------------------------------------------------------- widget views (HTML)


@never_raises
def retrain_html(
    train_set: DigitsDataset,
    test_set: DigitsDataset,
    hidden: int = 64,
    lr: float = 0.01,
    epochs: int = 10,
    seed: int = 0,
    on_epoch: Callable[[int, float], object] | None = None,
) -> str:
    """Train a fresh network with these settings and describe the result as HTML.

    The retraining widget shows this. Bad settings give a message, not a traceback.

    >>> train_set, test_set = load_splits()
    >>> "held-out accuracy" in retrain_html(train_set, test_set, hidden=16, epochs=1)
    True
    >>> retrain_html(train_set, test_set, hidden=0)
    '<p>⚠️ hidden must be a whole number from 1 to 512, not 0.</p>'
    """
    try:
        _check_dataset("train_set", train_set)
        _check_dataset("test_set", test_set)
        _check_int("hidden", hidden, *HIDDEN_RANGE)
        _check_lr(lr)
        _check_int("epochs", epochs, *EPOCH_RANGE)
    except CourseError as exc:
        return f"<p>{WARNING}{html.escape(str(exc))}</p>"
    model = make_model(hidden, seed=seed)
    losses = train(model, train_set, epochs=epochs, lr=lr, seed=seed, on_epoch=on_epoch)
    acc = accuracy(model, test_set)
    n_params = sum(p.numel() for p in model.parameters())
    verdict = (
        "above the 90% goal"
        if acc > 0.9
        else "below the 90% goal: try more epochs, more hidden units or another learning rate"
    )
    return (
        "<div style='font-family: sans-serif; line-height: 1.5'>"
        f"<b>{hidden}</b> hidden units ({n_params:,} weights) · learning rate <b>{lr:.2g}</b> · "
        f"<b>{epochs}</b> epoch{'s' if epochs != 1 else ''}<br>"
        f"final training loss <b>{_fmt(losses[-1])}</b> · held-out accuracy "
        f"<b>{acc:.1%}</b> ({verdict})<br>"
        f"{_loss_svg(losses)}</div>"
    )


@never_raises
def prediction_html(model: nn.Module, dataset: DigitsDataset, index: int) -> str:
    """Show image ``index`` of ``dataset``, its true label and the model's probabilities.

    >>> train_set, test_set = load_splits()
    >>> "true label" in prediction_html(make_model(8), test_set, 0)
    True
    >>> prediction_html(make_model(8), test_set, 450)
    '<p>⚠️ index must be a whole number from 0 to 449, not 450.</p>'
    """
    try:
        if not isinstance(model, nn.Module):
            raise CourseError(f"model must be a trained nn.Module, not {type(model).__name__}.")
        _check_dataset("dataset", dataset)
        _check_int("index", index, 0, len(dataset) - 1)
    except CourseError as exc:
        return f"<p>{WARNING}{html.escape(str(exc))}</p>"
    image, label = dataset[index]
    probs = predict_proba(model, image)[0]
    guess = int(probs.argmax())
    rows = []
    for digit in range(N_CLASSES):
        p = float(probs[digit])
        right, chosen = digit == int(label), digit == guess
        colour = "#2e7d32" if right else "#c62828" if chosen else "#90a4ae"
        note = " ← true label" if right and not chosen else ""
        rows.append(
            "<div style='display:flex; align-items:center; gap:6px; height:18px'>"
            f"<span style='width:1.2em; text-align:right'><b>{digit}</b></span>"
            f"<span style='display:inline-block; width:{max(p * 200, 1):.0f}px; height:12px; "
            f"background:{colour}'></span><span>{p:.1%}{note}</span></div>"
        )
    mark = "✅ right" if guess == int(label) else "❌ wrong"
    return (
        "<div style='display:flex; gap:24px; font-family:sans-serif; align-items:flex-start'>"
        f"<div>{digit_html(image)}<div>test image {index}<br>true label <b>{int(label)}</b></div></div>"
        f"<div><div>model says <b>{guess}</b> ({mark})</div>{''.join(rows)}</div></div>"
    )


def digit_html(image: torch.Tensor | np.ndarray, pixel: int = 16) -> str:
    """Draw one 8×8 image as a grid of grey squares (ink is dark), in HTML.

    >>> digit_html(np.zeros(64)).count("background:rgb(255,255,255)")
    64
    """
    values = np.asarray(image, dtype=np.float32).reshape(-1)
    if values.size != N_PIXELS:
        raise CourseError(f"an image has {N_PIXELS} pixels, not {values.size}.")
    cells = "".join(
        f"<div style='width:{pixel}px;height:{pixel}px;background:rgb({g},{g},{g})'></div>"
        for g in (int(round(255 * (1 - min(max(float(v), 0.0), 1.0)))) for v in values)
    )
    return (
        f"<div style='display:grid; grid-template-columns:repeat({SIDE},{pixel}px); "
        f"border:1px solid #888; width:{SIDE * pixel}px'>{cells}</div>"
    )


def source_markdown(obj: object) -> str:
    """The source code of a function or class as a Markdown code block, without docstrings.

    The notebook shows the course's own code this way, so what learners read is
    always what runs.

    >>> print(source_markdown(_fmt))
    ```python
    # coursekit/digits.py
    def _fmt(x: float) -> str:
        return f"{x:.3f}" if math.isfinite(x) else str(x)
    ```
    """
    try:
        source = textwrap.dedent(inspect.getsource(obj))
        module = inspect.getmodule(obj)
    except (TypeError, OSError) as exc:
        raise CourseError(f"cannot show the source of {obj!r}: {exc}") from None
    lines = source.splitlines()
    drop: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and ast.get_docstring(node) is not None
            and len(node.body) > 1
        ):
            end = node.body[0].end_lineno
            drop.update(range(node.body[0].lineno - 1, end))
            if end < len(lines) and not lines[end].strip():
                drop.add(end)  # and the blank line after it
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    where = (module.__name__.replace(".", "/") + ".py") if module else "?"
    return f"```python\n# {where}\n{kept}\n```"


def _loss_svg(losses: Sequence[float], width: int = 360, height: int = 130) -> str:
    """A small line chart of the loss per epoch, as inline SVG, on a fixed scale.

    The scale is the same for every run (0 to 2.5), so two runs can be compared by
    eye; the dashed line is the loss of pure guessing, ln(10) ≈ 2.3.
    """
    top, guess = 2.5, math.log(N_CLASSES)
    left, right, upper, lower = 34, 10, 16, 24
    if not any(math.isfinite(x) for x in losses):
        return "<i>(the loss is not a finite number: the learning rate is far too high)</i>"
    n = max(len(losses) - 1, 1)

    def xy(i: int, value: float) -> str:
        x = left + i * (width - left - right) / n
        y = upper + (1 - min(max(value, 0.0), top) / top) * (height - upper - lower)
        return f"{x:.1f},{y:.1f}"

    def y_of(value: float) -> float:
        return upper + (1 - value / top) * (height - upper - lower)

    points = " ".join(xy(i, x) for i, x in enumerate(losses) if math.isfinite(x))
    dots = "".join(
        f"<circle cx='{xy(i, x).split(',')[0]}' cy='{xy(i, x).split(',')[1]}' r='2.5' fill='#1f77b4'/>"
        for i, x in enumerate(losses)
        if math.isfinite(x)
    )
    last = (
        (
            f"<text x='{width - right}' y='{height - 8}' font-size='10' text-anchor='end' fill='#888'>"
            f"epoch {len(losses)}</text>"
        )
        if len(losses) > 1
        else ""
    )
    ticks = "".join(
        f"<text x='{left - 6}' y='{y_of(v) + 4:.1f}' font-size='10' text-anchor='end' fill='#888'>{v:g}</text>"
        for v in (0, 1, 2)
    )
    clipped = " (off the top of the chart at first)" if max(losses[:1] or [0]) > top else ""
    return (
        f"<svg width='{width}' height='{height}' role='img' "
        f"aria-label='training loss per epoch, from {_fmt(losses[0])} to {_fmt(losses[-1])}'>"
        f"<text x='{left}' y='11' font-size='11' fill='#888'>training loss per epoch{clipped}</text>"
        f"{ticks}"
        f"<line x1='{left}' y1='{y_of(0):.1f}' x2='{width - right}' y2='{y_of(0):.1f}' stroke='#888'/>"
        f"<line x1='{left}' y1='{y_of(guess):.1f}' x2='{width - right}' y2='{y_of(guess):.1f}' "
        "stroke='#c62828' stroke-dasharray='4 3'/>"
        f"<text x='{width - right}' y='{y_of(guess) - 3:.1f}' font-size='10' text-anchor='end' "
        "fill='#c62828'>guessing</text>"
        f"<polyline fill='none' stroke='#1f77b4' stroke-width='2' points='{points}'/>{dots}"
        f"<text x='{left}' y='{height - 8}' font-size='10' fill='#888'>epoch 1</text>{last}</svg>"
    )


def _fmt(x: float) -> str:
    return f"{x:.3f}" if math.isfinite(x) else str(x)


def _check_dataset(name: str, value: object) -> None:
    if not isinstance(value, DigitsDataset) or len(value) == 0:
        raise CourseError(f"{name} must be a non-empty DigitsDataset (from load_splits()), not {type(value).__name__}.")


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise CourseError(f"{name} must be a whole number from {low} to {high}, not {value!r}.")
    return int(value)


def _check_lr(lr: object) -> float:
    low, high = LR_RANGE
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not low <= lr <= high:
        raise CourseError(f"the learning rate must be a number from {low:g} to {high:g}, not {lr!r}.")
    return float(lr)
