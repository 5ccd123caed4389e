"""sample_packages/ for notebook 5: the namespace portions, simple_app and its project.

The notebook builds these from the sources in ``coursekit.distribution``; the
reference copies here must stay equal to them, import and run, and build a wheel.
"""

import base64
import hashlib
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from coursekit import distribution, packages

SAMPLES = Path(__file__).resolve().parent.parent / "sample_packages"
PORTIONS = SAMPLES / "namespace_portions"
APP = SAMPLES / "simple_app"
PROJECT = SAMPLES / "simple_app_project"
BAR = "Hello, function 'bar' from module 'a' calling\n"
FOO = "Hello, function 'foo' from module 'b' calling\n"


def files_of(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_samples_equal_what_the_notebook_builds():
    expected_portions = {
        f"{portion}/{name}": text
        for portion, files in distribution.NAMESPACE_PORTIONS.items()
        for name, text in files.items()
    }
    assert files_of(PORTIONS) == expected_portions
    assert files_of(APP) == dict(distribution.SIMPLE_APP)
    assert files_of(PROJECT) == dict(distribution.PROJECT)


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


def test_sample_project_builds_a_wheel_with_metadata_and_record(scratch):
    copy = scratch / "project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    wheel = distribution.build_wheel(copy, scratch / "dist")
    assert wheel.name == "simple_app-1.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(
            [f"simple_app/{n}" for n in ("__init__.py", "__main__.py", "a.py", "b.py")]
            + [f"simple_app-1.0.0.dist-info/{n}" for n in ("METADATA", "WHEEL", "RECORD", "entry_points.txt")]
        )
        for name in ("__init__.py", "__main__.py", "a.py", "b.py"):
            assert archive.read(f"simple_app/{name}").decode() == distribution.SIMPLE_APP[name]
        record = archive.read("simple_app-1.0.0.dist-info/RECORD").decode().splitlines()
        for line in record:
            name, digest, size = line.rsplit(",", 2)
            if name.endswith("RECORD"):
                assert digest == size == ""
                continue
            data = archive.read(name)
            assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert int(size) == len(data)
        assert {line.split(",")[0] for line in record} == set(names)
        wheel_info = archive.read("simple_app-1.0.0.dist-info/WHEEL").decode()
    assert "Root-Is-Purelib: true" in wheel_info and "Tag: py3-none-any" in wheel_info
    meta = distribution.wheel_metadata(wheel)
    assert (meta["Name"], meta["Version"], meta["License-Expression"]) == ("simple-app", "1.0.0", "MIT")
    assert list(SAMPLES.glob("**/build")) == [] and list(SAMPLES.glob("**/*.egg-info")) == []
