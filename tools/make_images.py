"""Draw the course's diagrams into images/ (run: `make images`).

    python tools/make_images.py [OUTPUT_FOLDER]     # default: images/ of this repo

Every picture is drawn with matplotlib's Agg backend at a fixed size and dpi, with the
fonts matplotlib ships (DejaVu) and no metadata, so the same matplotlib version gives
the same bytes on every machine; tests/test_images.py checks exactly that.

- simple_package_tree.png  the chapter's package on disk, each file annotated
- import_search.png        how `import x` finds a module: cache, built-ins, sys.path in order
- dotted_names.png         two packages holding a same-named submodule: P1.A and P2.A
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"

#: Pixel size of every image is SIZE * DPI.
SIZE, DPI = (10.0, 6.0), 100

INK, MUTED, PAPER = "#1f2937", "#6b7280", "white"
FOLDER, MODULE, INIT, CACHE, WARN = "#dbeafe", "#dcfce7", "#fef3c7", "#ede9fe", "#fee2e2"
MONO = "DejaVu Sans Mono"


def _canvas(title: str):
    plt.rcParams.update({"font.family": "DejaVu Sans", "svg.hashsalt": "course", "path.simplify": True})
    fig = plt.figure(figsize=SIZE, dpi=DPI, facecolor=PAPER)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 60)
    ax.axis("off")
    ax.text(50, 57, title, ha="center", va="center", fontsize=17, fontweight="bold", color=INK)
    return fig, ax


def _box(ax, x, y, w, h, text, color, *, mono=False, size=12, align="center", bold=False):
    ax.add_patch(
        FancyBboxPatch(
            (x, y), w, h, boxstyle="round,pad=0.3,rounding_size=0.8", linewidth=1.4, edgecolor=INK, facecolor=color
        )
    )
    tx = x + w / 2 if align == "center" else x + 1.2
    ax.text(
        tx,
        y + h / 2,
        text,
        ha=align,
        va="center",
        fontsize=size,
        color=INK,
        family=MONO if mono else "DejaVu Sans",
        fontweight="bold" if bold else "normal",
        linespacing=1.35,
    )


def _arrow(ax, start, end, label="", *, color=INK, label_at=0.5, offset=(1.0, 0.0)):
    ax.add_patch(
        FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=16, linewidth=1.6, color=color, shrinkA=2, shrinkB=2
        )
    )
    if label:
        lx = start[0] + (end[0] - start[0]) * label_at + offset[0]
        ly = start[1] + (end[1] - start[1]) * label_at + offset[1]
        ax.text(lx, ly, label, fontsize=11, color=color, ha="left", va="center", fontweight="bold")


def _save(fig, path: Path) -> Path:
    fig.savefig(path, dpi=DPI, facecolor=PAPER, metadata={"Software": None})
    plt.close(fig)
    return path


def simple_package_tree(path: Path) -> Path:
    """The chapter's package as it lies on disk, every file annotated."""
    fig, ax = _canvas("simple_package on disk: a folder of modules")
    _box(ax, 3, 44.5, 38, 6, "workspace/03_creating_a_package/\n(a folder on sys.path)", PAPER, mono=True, size=11)
    _box(ax, 8, 34, 26, 5, "simple_package/", FOLDER, mono=True, size=14, bold=True)
    rows = [(24, "__init__.py", INIT), (14, "a.py", MODULE), (4, "b.py", MODULE)]
    ax.plot([5.5, 5.5], [44.2, 36.5], color=INK, linewidth=1.4)
    ax.plot([5.5, 7.7], [36.5, 36.5], color=INK, linewidth=1.4)
    for y, name, color in rows:
        ax.plot([14, 14], [33.7, y + 2.5], color=INK, linewidth=1.4)
        ax.plot([14, 18], [y + 2.5, y + 2.5], color=INK, linewidth=1.4)
        _box(ax, 18.5, y, 17, 5, name, color, mono=True, size=13)
    notes = [
        (39, "the package's name: import simple_package\nfolder name = package name, so it must be an identifier"),
        (26.5, "makes the folder a regular package;\nruns once, on the first import (here: empty)"),
        (16.5, "module simple_package.a\ndef bar(): prints \"Hello, function 'bar' from module 'a' calling\""),
        (6.5, "module simple_package.b\ndef foo(): prints \"Hello, function 'foo' from module 'b' calling\""),
    ]
    for y, text in notes:
        ax.text(44, y, text, fontsize=11, color=INK, va="center", linespacing=1.4)
        ax.plot([37.5, 43], [y, y], color=MUTED, linewidth=1, linestyle=(0, (3, 3)))
    return _save(fig, path)


def import_search(path: Path) -> Path:
    """How `import x` finds a module: cache first, then built-ins, then sys.path in order."""
    fig, ax = _canvas("How  import x  finds x")
    _box(ax, 2, 46, 15, 5, "import x", PAPER, mono=True, size=14, bold=True)
    _box(ax, 24, 46, 28, 5, "1. sys.modules has 'x'?\n(already imported: the cache)", CACHE, size=11)
    _box(ax, 24, 36, 28, 5, "2. built-in or frozen x?\n(sys, builtins, ...)", CACHE, size=11)
    _box(ax, 24, 12, 28, 20, "", FOLDER)
    ax.text(38, 29.5, "3. each sys.path entry, in order", ha="center", fontsize=11, color=INK, fontweight="bold")
    entries = ["[0] script's folder / ''", "[1] PYTHONPATH folders", "[2] standard library", "[3] site-packages"]
    for i, entry in enumerate(entries):
        ax.text(26, 26 - i * 3.6, entry, fontsize=11, family=MONO, color=INK, va="center")
    _arrow(ax, (17.6, 48.5), (23.4, 48.5))
    _arrow(ax, (38, 45.4), (38, 41.6), "no", offset=(0.8, 0))
    _arrow(ax, (38, 35.4), (38, 32.6), "no", offset=(0.8, 0))
    _box(ax, 60, 46, 37, 5, "use the cached module:\nno file is read again", MODULE, size=11)
    _arrow(ax, (52.6, 48.5), (59.4, 48.5), "yes", label_at=0.2, offset=(0, 1.4))
    _box(ax, 60, 36, 37, 5, "use it: a file can never hide it", MODULE, size=11)
    _arrow(ax, (52.6, 38.5), (59.4, 38.5), "yes", label_at=0.2, offset=(0, 1.4))
    ax.text(60, 32, "in each folder, look for:", fontsize=11, color=INK, fontweight="bold")
    finds = [
        ("x/__init__.py", "regular package: stop, first match wins", MODULE),
        ("x.py  (or x.*.so)", "module: stop, first match wins", MODULE),
        ("x/  without __init__.py", "namespace portion: note it, go on", INIT),
    ]
    for i, (what, meaning, color) in enumerate(finds):
        y = 26 - i * 6.5
        _box(ax, 60, y, 37, 4.6, "", color)
        ax.text(61.2, y + 3.2, what, fontsize=11, family=MONO, color=INK, va="center")
        ax.text(61.2, y + 1.2, meaning, fontsize=10, color=INK, va="center")
    _arrow(ax, (52.6, 22), (59.4, 22))
    _box(
        ax,
        2,
        2,
        50,
        6.5,
        "found: store it in sys.modules['x'], run its code once,\nbind the name x in your namespace",
        MODULE,
        size=11,
    )
    _box(ax, 56, 2, 41, 6.5, "nothing found: ModuleNotFoundError\n(only portions: a namespace package)", WARN, size=11)
    _arrow(ax, (38, 11.4), (38, 9.1))
    return _save(fig, path)


def dotted_names(path: Path) -> Path:
    """Two packages each holding a submodule A: the dotted names keep them apart."""
    fig, ax = _canvas("Dotted module names: P1.A is not P2.A")
    for x, pkg, body in (
        (6, "P1", 'def hello():\n    return "A of P1"'),
        (54, "P2", 'def hello():\n    return "A of P2"'),
    ):
        _box(ax, x, 22, 40, 28, "", FOLDER)
        ax.text(x + 2, 47, f"{pkg}/", fontsize=15, family=MONO, fontweight="bold", color=INK, va="center")
        _box(ax, x + 3, 39.5, 16, 4, "__init__.py", INIT, mono=True, size=11)
        _box(ax, x + 3, 25, 34, 11.5, "", MODULE)
        ax.text(x + 4.5, 34.3, "A.py", fontsize=12, family=MONO, fontweight="bold", color=INK, va="center")
        ax.text(x + 4.5, 29.2, body, fontsize=11, family=MONO, color=INK, va="center", linespacing=1.4)
        ax.text(x + 20, 18.5, f"sys.modules['{pkg}.A']", fontsize=12, family=MONO, ha="center", color=INK)
    _box(
        ax,
        6,
        2.5,
        88,
        11,
        "import P1.A, P2.A          # two different modules, two different names\n"
        "P1.A.hello()  →  'A of P1'     P2.A.hello()  →  'A of P2'\n"
        "from P1 import A as A1;  from P2 import A as A2   # aliases when you want short names",
        PAPER,
        mono=True,
        size=11,
        align="left",
    )
    return _save(fig, path)


DRAWINGS = {
    "simple_package_tree.png": simple_package_tree,
    "import_search.png": import_search,
    "dotted_names.png": dotted_names,
}


def make_all(folder: Path = IMAGES) -> list[Path]:
    """Draw every diagram into ``folder``; return the files written, in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [draw(folder / name) for name, draw in DRAWINGS.items()]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for written in make_all(Path(args[0]) if args else IMAGES):
        print(f"drew {written.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
