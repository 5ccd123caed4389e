"""The samples of notebook 10: the projects it publishes, exactly as its lesson types them.

``sample_packages/greeting_helper_project`` (as the lesson leaves it: 2.0.0),
``sample_packages/shouting_project`` and ``sample_packages/simple_package_published``
(simple-package 1.1.1 with its dependency, extra and console script) must equal the last
``%%writefile`` of each file in the lesson, and they must work together: built, installed
offline into a fresh environment, the console script greets.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_packages"
NOTEBOOK = ROOT / "notebooks" / "10_publishing_a_package.ipynb"
#: Folder in the notebook's working folder -> sample folder.
PROJECTS = {
    "greeting_helper_project": "greeting_helper_project",
    "shouting_project": "shouting_project",
    "simple_package_project": "simple_package_published",
}


def _typed_in_the_lesson():
    """The last ``%%writefile`` body of each file, in the lesson (before ## Exercises)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    typed = {}
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## Exercises"):
            break
        first, _, body = source.partition("\n")
        if cell["cell_type"] == "code" and first.startswith("%%writefile "):
            typed[first.split(None, 1)[1].strip()] = body + "\n"  # IPython adds the final newline
    return typed


def _sample_files():
    files = {}
    for folder, sample in PROJECTS.items():
        for path in sorted((SAMPLES / sample).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"{folder}/{path.relative_to(SAMPLES / sample).as_posix()}"] = path.read_text(encoding="utf-8")
    return files


def test_samples_equal_what_the_lesson_types():
    typed = _typed_in_the_lesson()
    samples = _sample_files()
    copied = {name for name in samples if name.endswith(("/a.py", "/b.py"))}  # copied from notebook 8's sample
    assert sorted(set(samples) - copied) == sorted(typed)
    for name, text in typed.items():
        assert samples[name] == text, name


def test_a_and_b_are_notebook_8s():
    for name in ("a.py", "b.py"):
        published = SAMPLES / "simple_package_published" / "src" / "simple_package" / name
        original = SAMPLES / "simple_package_project" / "src" / "simple_package" / name
        assert published.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")


def test_they_build_install_offline_and_greet(tmp_path):
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "NO_COLOR": "1"}
    dist = tmp_path / "dist"
    for sample in ("greeting_helper_project", "shouting_project", "simple_package_published"):
        subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--wheel", "-o", str(dist), str(SAMPLES / sample)],
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
    assert sorted(p.name for p in dist.iterdir()) == [
        "greeting_helper-2.0.0-py3-none-any.whl",
        "shouting-0.1.0-py3-none-any.whl",
        "simple_package-1.1.1-py3-none-any.whl",
    ]
    # greeting-helper 2.0.0 is outside simple-package's ~=1.0: the resolver must refuse.
    pip = [sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check", "--no-cache-dir"]
    clash = subprocess.run(
        [*pip, "install", "--dry-run", "--no-index", "--find-links", str(dist), "simple-package"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert clash.returncode != 0
    assert "greeting-helper~=1.0" in clash.stdout + clash.stderr
    # With a 1.x greeting-helper beside it (built from the lesson's first __init__.py), all installs.
    old = tmp_path / "old_helper"
    (old / "src" / "greeting_helper").mkdir(parents=True)
    toml = (SAMPLES / "greeting_helper_project" / "pyproject.toml").read_text(encoding="utf-8")
    (old / "pyproject.toml").write_text(toml.replace('version = "2.0.0"', 'version = "1.0.0"'), encoding="utf-8")
    (old / "src" / "greeting_helper" / "__init__.py").write_text(
        '"""Friendly greetings."""\n\n\ndef greet(name):\n    return f"Hello, {name}!"\n', encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "-o", str(dist), str(old)],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    venv = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [*pip, "--python", str(python), "install", "--no-index", "--find-links", str(dist), "simple-package[loud]"],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    script = venv / ("Scripts/simple-hello.exe" if os.name == "nt" else "bin/simple-hello")
    run = subprocess.run([str(script)], capture_output=True, text=True, timeout=60)
    assert run.stdout == "HELLO, THERE!!!\n"
