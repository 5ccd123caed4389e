"""tools/make_images.py: the diagrams in images/ are exactly what the script draws."""

import json
import re
from pathlib import Path

import pytest

import make_images

ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def redrawn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    return {path.name: path for path in make_images.make_all(folder)}


@pytest.mark.parametrize("name", sorted(make_images.DRAWINGS))
def test_committed_image_is_what_the_script_draws(redrawn, name):
    committed = ROOT / "images" / name
    assert committed.exists(), f"images/{name} is missing: run `make images`"
    assert committed.read_bytes() == redrawn[name].read_bytes(), (
        f"images/{name} differs from what tools/make_images.py draws: run `make images`"
    )


@pytest.mark.parametrize("name", sorted(make_images.DRAWINGS))
def test_image_is_a_plain_png_of_the_fixed_size(redrawn, name):
    data = redrawn[name].read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 600)
    assert b"tEXt" not in data and b"iTXt" not in data, "no metadata (it would change per version)"


def test_drawing_twice_gives_the_same_bytes(redrawn, tmp_path):
    again = make_images.make_all(tmp_path)
    assert {p.name: p.read_bytes() for p in again} == {n: p.read_bytes() for n, p in redrawn.items()}


def _markdown_of_every_notebook():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                yield "".join(cell["source"])


def test_every_image_is_shown_somewhere_with_alt_text():
    markdown = "\n".join(_markdown_of_every_notebook())
    for name in make_images.DRAWINGS:
        # alt text may itself hold balanced brackets, e.g. sys.modules['P1.A']
        uses = re.findall(r"!\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\.\./images/" + re.escape(name) + r"\)", markdown)
        assert uses, f"no notebook shows images/{name}"
        assert all(len(alt.split()) >= 5 for alt in uses), f"images/{name} needs real alt text"


def test_main_draws_into_a_given_folder(tmp_path, capsys):
    assert make_images.main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(make_images.DRAWINGS)
    assert "drew import_search.png" in capsys.readouterr().out
