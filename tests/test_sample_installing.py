"""sample_packages/simple_package_cli_project: the project notebook 9 installs, exactly as its cells type it.

Notebook 9 copies ``sample_packages/simple_package_project`` (notebook 8's result) and then writes
``cli.py``, ``README.rst`` and a ``pyproject.toml`` with ``[project.scripts]`` in ``%%writefile`` cells.
The finished copy must hold what those cells write; its ``a.py`` stays notebook 8's (the lesson's
edit of ``a.py`` only shows off the editable install). The finished project must also build, pass
``twine check`` and install into a fresh venv, its command working, without touching the course's
environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_packages"
PROJECT = SAMPLES / "simple_package_cli_project"
NOTEBOOK = ROOT / "notebooks" / "09_installing_a_package.ipynb"
NO_PIP_CONFIG = {
    **{k: v for k, v in os.environ.items() if not k.startswith("PIP_")},
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}


def _lesson_cells():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## Exercises"):
            return
        if cell["cell_type"] == "code":
            yield source


def _files(folder):
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )


def test_the_sample_holds_what_the_lesson_writes():
    typed = {}
    for source in _lesson_cells():
        first, _, body = source.partition("\n")
        if first.startswith("%%writefile simple_package_project/"):
            typed[first.split("/", 1)[1].strip()] = body + "\n"  # the last version of each file counts
    assert set(typed) == {"README.rst", "pyproject.toml", "src/simple_package/cli.py", "src/simple_package/a.py"}
    typed.pop("src/simple_package/a.py")  # the editable-install demo's edit
    for name, text in typed.items():
        assert (PROJECT / name).read_text(encoding="utf-8") == text, name


def test_the_rest_is_notebook_8s_project():
    before = SAMPLES / "simple_package_project"
    assert any('shutil.copytree(samples / "simple_package_project"' in source for source in _lesson_cells())
    assert _files(PROJECT) == sorted([*(f for f in _files(before)), "README.rst", "src/simple_package/cli.py"])
    for name in ("src/simple_package/__init__.py", "src/simple_package/a.py", "src/simple_package/b.py"):
        assert (PROJECT / name).read_bytes() == (before / name).read_bytes(), name


def _run(*command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=NO_PIP_CONFIG, timeout=120)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The sample built, checked and installed into a fresh venv made --without-pip."""
    tmp = tmp_path_factory.mktemp("installing")
    built = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp / "dist"), str(PROJECT), cwd=tmp)
    assert built.returncode == 0, built.stdout + built.stderr
    made = _run(sys.executable, "-m", "venv", "--without-pip", "env", cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = tmp / ("env/Scripts/python.exe" if os.name == "nt" else "env/bin/python")
    wheel = tmp / "dist" / "simple_package-1.0.1-py3-none-any.whl"
    done = _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", str(wheel), cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp, python


def test_twine_check_passes_without_warnings(installed):
    tmp, _ = installed
    checked = _run(
        sys.executable, "-m", "twine", "--no-color", "check", "--strict", *map(str, (tmp / "dist").iterdir()), cwd=tmp
    )
    assert checked.returncode == 0 and "PASSED" in checked.stdout and "WARNING" not in checked.stdout, checked.stdout


def test_the_command_runs_from_the_venv(installed):
    tmp, python = installed
    launcher = python.parent / ("simple-hello.exe" if os.name == "nt" else "simple-hello")
    run = _run(str(launcher), cwd=tmp)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "simple-package 1.0.1",
        "Hello, function 'bar' from module 'a' calling",
        "Hello, function 'foo' from module 'b' calling",
    ]


def test_the_venv_sees_its_own_packages_only(installed):
    tmp, python = installed
    code = "import importlib.util as u; print(u.find_spec('ipywidgets') is None, u.find_spec('simple_package') is None)"
    run = _run(str(python), "-c", code, cwd=tmp)
    assert run.stdout.split() == ["True", "False"], run.stderr


def test_nothing_reaches_the_course_environment(installed):
    from importlib import metadata

    names = {d.metadata["Name"].lower() for d in metadata.distributions()}
    assert "simple-package" not in names
