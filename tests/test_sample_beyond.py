"""sample_packages/ for notebooks 6 and 8: the namespace portions, simple_app, simple_package_project.

Notebook 6 writes the namespace portions and the runnable ``simple_app`` with ``%%writefile``
cells, notebook 8 the project ``simple_package_project``; the reference copies here must
stay equal to what the notebooks write, import and run, and (the project) build offline.
"""

import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from coursekit import packages

SAMPLES = Path(__file__).resolve().parent.parent / "sample_packages"
PORTIONS = SAMPLES / "namespace_portions"
APP = SAMPLES / "simple_app"
BAR = "Hello, function 'bar' from module 'a' calling\n"
FOO = "Hello, function 'foo' from module 'b' calling\n"


def files_of(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_samples_hold_the_chapters_modules_and_no_portion_has_an_init_file():
    # Notebook 6 writes these files itself (see test_notebook_06_writes_exactly_the_sample_files);
    # a.py and b.py are the chapter's, unchanged.
    chapter = packages.SIMPLE_PACKAGE
    assert files_of(PORTIONS) == {
        "portion_one/simple_namespace/a.py": chapter["a.py"],
        "portion_two/simple_namespace/b.py": chapter["b.py"],
    }
    app = files_of(APP)
    assert sorted(app) == ["__init__.py", "__main__.py", "a.py", "b.py"]
    assert (app["a.py"], app["b.py"]) == (chapter["a.py"], chapter["b.py"])


def test_namespace_package_merges_both_portions_in_a_fresh_interpreter():
    code = (
        "import simple_namespace as ns\n"
        "from simple_namespace import a, b\n"
        "print(ns.__file__, type(ns.__path__).__name__, len(ns.__path__))\n"
        "a.bar(); b.foo()"
    )
    run = packages.run_python(["-c", code], path=[PORTIONS / "portion_one", PORTIONS / "portion_two"], cwd=PORTIONS)
    assert run.ok, run.stderr
    assert run.stdout == "None _NamespacePath 2\n" + BAR + FOO


def test_namespace_package_imports_in_process_from_both_portions(monkeypatch, capsys):
    for portion in ("portion_two", "portion_one"):
        monkeypatch.syspath_prepend(str(PORTIONS / portion))
    for name in ("simple_namespace", "simple_namespace.a", "simple_namespace.b"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    try:
        import simple_namespace
        from simple_namespace import a, b

        a.bar()
        b.foo()
        assert capsys.readouterr().out == BAR + FOO
        assert simple_namespace.__file__ is None
        assert [Path(p).parent.name for p in simple_namespace.__path__] == ["portion_one", "portion_two"]
        assert Path(a.__file__).parts[-3] == "portion_one" and Path(b.__file__).parts[-3] == "portion_two"
    finally:
        for name in ("simple_namespace", "simple_namespace.a", "simple_namespace.b"):
            sys.modules.pop(name, None)


def test_one_portion_alone_gives_only_its_own_module():
    run = packages.run_python(["-c", "from simple_namespace import b"], path=[PORTIONS / "portion_one"], cwd=PORTIONS)
    assert not run.ok and "ImportError: cannot import name 'b'" in run.stderr


@pytest.mark.parametrize("args, out", [([], BAR + FOO), (["foo"], FOO), (["foo", "bar"], FOO + BAR)])
def test_simple_app_runs_with_dash_m(args, out):
    run = packages.run_python(["-m", "simple_app", *args], path=[SAMPLES])
    assert (run.returncode, run.stdout, run.stderr) == (0, out, "")


def test_simple_app_explains_an_unknown_command():
    run = packages.run_python(["-m", "simple_app", "baz"], path=[SAMPLES])
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == "simple_app: unknown command 'baz'; choose from: bar, foo\n"


def test_simple_app_import_alone_loads_the_submodules():
    run = packages.run_python(
        ["-c", "import simple_app; simple_app.a.bar(); print(simple_app.__version__)"], path=[SAMPLES]
    )
    assert run.stdout == BAR + "1.0.0\n"


# ------------------------------------------------------------------ notebook 8: simple_package_project

BUILDING_NB = SAMPLES.parent / "notebooks" / "08_building_a_package.md"
PACKAGE_PROJECT = SAMPLES / "simple_package_project"


def writefile_cells(md_path, prefix):
    """{path below ``prefix``: text} of the *last* ``%%writefile prefix/...`` cell for each file of a MyST notebook."""
    import re

    files = {}
    for block in re.findall(r"```\{code-cell\} ipython3\n(.*?)```", md_path.read_text(encoding="utf-8"), re.S):
        first, _, body = block.partition("\n")
        if first.startswith(f"%%writefile {prefix}/"):
            files[first.split(maxsplit=1)[1][len(prefix) + 1 :]] = body
    return files


def test_simple_package_project_is_what_notebook_8_writes_last():
    written = writefile_cells(BUILDING_NB, "simple_package_project")
    assert sorted(written) == [
        "pyproject.toml",
        "src/simple_package/__init__.py",
        "src/simple_package/a.py",
        "src/simple_package/b.py",
    ]
    assert files_of(PACKAGE_PROJECT) == written
    chapter = SAMPLES / "simple_package"
    for name in ("a.py", "b.py"):  # the chapter's modules, unchanged
        assert written[f"src/simple_package/{name}"] == (chapter / name).read_text(encoding="utf-8")


def test_simple_package_project_builds_an_sdist_and_a_wheel_offline(tmp_path):
    import subprocess

    copy = tmp_path / "simple_package_project"
    shutil.copytree(PACKAGE_PROJECT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", str(copy)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == (
        "Successfully built simple_package-1.0.1.tar.gz and simple_package-1.0.1-py3-none-any.whl"
    )
    wheel = copy / "dist" / "simple_package-1.0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        assert sorted(archive.namelist()) == sorted(
            [f"simple_package/{n}" for n in ("__init__.py", "a.py", "b.py")]
            + [f"simple_package-1.0.1.dist-info/{n}" for n in ("METADATA", "WHEEL", "RECORD")]
        )
        meta = archive.read("simple_package-1.0.1.dist-info/METADATA").decode()
    assert "Name: simple-package\n" in meta and "Version: 1.0.1\n" in meta and "Import-Name: simple_package\n" in meta
    assert "Summary: The chapter's simple_package, ready to be shared.\n" in meta  # the docstring, as dynamic says
    code = "import importlib.metadata as m, simple_package; simple_package.a.bar(); print(m.version('simple-package'))"
    env = {**__import__("os").environ, "PYTHONPATH": str(wheel)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
    assert (run.returncode, run.stdout) == (0, BAR + "1.0.1\n")
    assert sorted(p.name for p in PACKAGE_PROJECT.rglob("*") if p.is_file() and "__pycache__" not in p.parts) == [
        "__init__.py",
        "a.py",
        "b.py",
        "pyproject.toml",
    ]


def _writefile_cells(notebook):
    """{path: body} of every `%%writefile path` cell in a notebook's text source (the last one wins)."""
    import jupytext

    cells = {}
    for cell in jupytext.read(Path(__file__).resolve().parent.parent / "notebooks" / notebook).cells:
        first, _, body = cell.source.partition("\n")
        if cell.cell_type == "code" and first.startswith("%%writefile "):
            cells[first.split(maxsplit=1)[1]] = body + "\n"
    return cells


def test_notebook_06_writes_exactly_the_sample_files():
    written = _writefile_cells("06_namespace_packages_and_python_m.md")
    for name, text in files_of(APP).items():
        assert written[f"simple_app/{name}"] == text, name
    for name, text in files_of(PORTIONS).items():
        assert written[name] == text, name
