"""sample_packages/simple_package: the chapter's package, exactly, and it works."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import CourseError, packages

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_packages"
PACKAGE = SAMPLES / "simple_package"


def test_it_holds_exactly_the_chapters_three_files():
    assert sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__") == ["__init__.py", "a.py", "b.py"]


def test_checks_and_widgets_read_their_copy_from_here():
    # Exercise checks and widgets build packages.SIMPLE_PACKAGE: read from this folder, not a copy.
    assert packages.SAMPLES / "simple_package" == PACKAGE
    assert set(packages.SIMPLE_PACKAGE) == {"__init__.py", "a.py", "b.py"}
    with pytest.raises(CourseError, match="no sample package 'nothing'"):
        packages.sample_files("nothing")


def _notebook_code_cells():
    nb = json.loads((ROOT / "notebooks" / "03_creating_a_package.ipynb").read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in nb["cells"] if cell["cell_type"] == "code"]


def test_files_match_what_notebook_03_types():
    # Notebook 3 has the learner type a.py and b.py in `%%writefile simple_package/...` cells
    # (IPython writes the body plus a final newline) and make the empty __init__.py with
    # Path.touch(), as %%writefile refuses an empty body. They must be the chapter's files.
    typed = {}
    for source in _notebook_code_cells():
        first, _, body = source.partition("\n")
        if first.startswith("%%writefile simple_package/"):
            typed.setdefault(first.split("/", 1)[1].strip(), body + "\n")
    typed.pop("c.py", None)  # exercise 1's answer cell, not the chapter's package
    assert typed == {"a.py": packages.SIMPLE_PACKAGE["a.py"], "b.py": packages.SIMPLE_PACKAGE["b.py"]}
    assert any('Path("simple_package/__init__.py").touch()' in source for source in _notebook_code_cells())


def test_init_is_empty():
    assert (PACKAGE / "__init__.py").read_bytes() == b""


def _run(code):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=SAMPLES,
        capture_output=True,
        text=True,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": ""},
    )


def test_first_form_works():
    done = _run("from simple_package import a, b\na.bar()\nb.foo()")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == (
        "Hello, function 'bar' from module 'a' calling\nHello, function 'foo' from module 'b' calling\n"
    )


def test_second_form_as_the_chapter_writes_it_fails_with_an_empty_init():
    done = _run("import simple_package\nsimple_package.a.bar()")
    assert done.returncode == 1
    assert done.stderr.strip().endswith("AttributeError: module 'simple_package' has no attribute 'a'")


def test_second_form_works_once_the_submodules_are_imported():
    done = _run(
        "import simple_package\nimport simple_package.a, simple_package.b\n"
        "simple_package.a.bar()\nsimple_package.b.foo()"
    )
    assert done.returncode == 0 and done.stdout.count("Hello") == 2


@pytest.fixture
def on_path(monkeypatch):
    monkeypatch.syspath_prepend(str(SAMPLES))
    for name in ("simple_package", "simple_package.a", "simple_package.b"):
        monkeypatch.delitem(sys.modules, name, raising=False)


def test_importable_in_process(on_path, capsys):
    from simple_package import a, b

    a.bar()
    b.foo()
    assert capsys.readouterr().out.splitlines() == [
        "Hello, function 'bar' from module 'a' calling",
        "Hello, function 'foo' from module 'b' calling",
    ]
