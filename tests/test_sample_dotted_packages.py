"""sample_packages for notebooks 03 and 04: shapes2d/shapes3d (same-named submodules),
sound (subpackages, relative imports, __all__) and eager_package (an __init__.py that
imports its submodules). They work, and the notebooks build exactly these files."""

import subprocess
import sys
from pathlib import Path

import pytest

import course_tools
from coursekit import packages
from coursekit.exercises import importing

SAMPLES = Path(__file__).resolve().parent.parent / "sample_packages"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
OURS = ("shapes2d", "shapes3d", "sound", "eager_package")


def files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def run(*args, cwd=SAMPLES):
    """A fresh interpreter in sample_packages/ that writes no __pycache__."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "", "PYTHONPATH": str(SAMPLES)},
    )


def py(code):
    done = run("-c", code)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def on_path(monkeypatch):
    monkeypatch.syspath_prepend(str(SAMPLES))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for name in list(sys.modules):
        if name.split(".")[0] in OURS:
            monkeypatch.delitem(sys.modules, name)


# --- the layouts -------------------------------------------------------------------------


def test_layouts():
    assert sorted(files(SAMPLES / "shapes2d")) == ["__init__.py", "area.py", "perimeter.py"]
    assert sorted(files(SAMPLES / "shapes3d")) == ["__init__.py", "area.py", "volume.py"]
    assert sorted(files(SAMPLES / "sound")) == [
        "__init__.py",
        "effects/__init__.py",
        "effects/echo.py",
        "effects/surround.py",
        "filters/__init__.py",
        "filters/equalizer.py",
        "formats/__init__.py",
        "formats/wavread.py",
        "formats/wavwrite.py",
    ]
    assert files(SAMPLES / "eager_package") == {
        "__init__.py": 'print("initialising eager_package")\nfrom . import a, b\n',
        "a.py": packages.SIMPLE_PACKAGE["a.py"],
        "b.py": packages.SIMPLE_PACKAGE["b.py"],
    }


def test_exercise_3_builds_the_same_eager_package(scratch):
    assert importing.check_init_runs(2)
    built = scratch / "03_importing_a_package" / "check_init_runs" / "eager_package"
    assert files(built) == files(SAMPLES / "eager_package")


# --- shapes2d / shapes3d: two submodules called area ---------------------------------------


def test_same_named_submodules_are_different_modules(on_path):
    import shapes2d.area
    import shapes3d.area

    assert shapes2d.area is not shapes3d.area
    assert (shapes2d.area.__name__, shapes3d.area.__name__) == ("shapes2d.area", "shapes3d.area")
    assert shapes2d.area.square(3) == 9 and shapes3d.area.cube(3) == 54
    assert not hasattr(shapes3d.area, "square") and not hasattr(shapes2d.area, "cube")


def test_shape_formulas(on_path):
    from shapes2d import area as flat
    from shapes2d import perimeter
    from shapes3d import area as solid
    from shapes3d import volume

    assert flat.circle(1) == pytest.approx(3.14159, abs=1e-5)
    assert perimeter.circle(1) == pytest.approx(6.28319, abs=1e-5)
    assert perimeter.square(2) == 8
    assert solid.sphere(1) == pytest.approx(4 * flat.circle(1))
    assert volume.sphere(3) == pytest.approx(36 * flat.circle(1))
    assert volume.cube(2) == 8


# --- sound: subpackages, absolute and relative imports, __all__ ----------------------------


def test_wav_round_trip(on_path):
    from sound.formats import wavread, wavwrite

    samples = [0, 8000, -8000, wavwrite.HIGHEST, wavwrite.LOWEST]
    data = wavwrite.to_bytes(samples, rate=8000)
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) == 44 + 2 * len(samples)
    assert wavread.from_bytes(data) == samples


def test_effects_and_filters(on_path):
    from sound.effects import echo, surround
    from sound.filters import equalizer

    assert echo.echofilter([100, 0, 0, 0], delay=2, atten=0.5) == [100, 0, 50, 0]
    assert equalizer.equalize([30000, -30000, 5], gain=2) == [32767, -32768, 10]
    assert surround.surround([1000, 0, 0, 0]) == ([1000, 0, 0, 0], [1500, 750, 0, 0])


def test_surround_uses_relative_and_equalizer_absolute_imports():
    surround = (SAMPLES / "sound/effects/surround.py").read_text()
    equalizer = (SAMPLES / "sound/filters/equalizer.py").read_text()
    assert "from . import echo" in surround and "from ..filters import equalizer" in surround
    assert "from sound.formats.wavwrite import LOWEST, HIGHEST" in equalizer


def test_relative_imports_fail_as_a_script_and_work_with_dash_m():
    as_script = run("sound/effects/surround.py")
    assert as_script.returncode == 1
    assert as_script.stderr.strip().endswith("ImportError: attempted relative import with no known parent package")
    as_module = run("-m", "sound.effects.surround")
    assert as_module.returncode == 0, as_module.stderr
    assert as_module.stdout == (
        "running as '__main__' in package 'sound.effects'\n([1000, 0, 0, 0], [1500, 750, 0, 0])\n"
    )


def test_import_star_follows_all():
    assert (
        py("from sound.effects import *\nprint(sorted(k for k in dir() if not k.startswith('_')))")
        == "['echo', 'surround']\n"
    )
    assert py("from sound.filters import *\nprint(sorted(k for k in dir() if not k.startswith('_')))") == "[]\n"
    assert py("import sound.effects\nprint(sound.effects.__all__)") == "['echo', 'surround']\n"


def test_importing_a_subpackage_runs_parent_init_first_and_loads_nothing_else():
    out = py("import sys\nimport sound.formats\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'sound'))")
    assert out == "['sound', 'sound.formats']\n"


def test_eager_package_loads_its_submodules_once():
    out = py("import eager_package\nimport eager_package\neager_package.a.bar()\neager_package.b.foo()")
    assert out == (
        "initialising eager_package\n"
        "Hello, function 'bar' from module 'a' calling\n"
        "Hello, function 'foo' from module 'b' calling\n"
    )


def test_samples_stay_free_of_bytecode():
    for name in OURS:
        assert not list((SAMPLES / name).rglob("__pycache__")), name


# --- the notebooks build exactly these files -------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Run notebooks 03 and 04 top to bottom with a private workspace; return that workspace."""
    root = tmp_path_factory.mktemp("built") / "workspace"
    for name in ("03_importing_a_package", "04_dotted_module_names"):
        course_tools.execute(NOTEBOOKS / f"{name}.ipynb", workspace=root)
    return root


@pytest.mark.parametrize(
    "notebook, package",
    [
        ("03_importing_a_package", "simple_package"),
        ("03_importing_a_package", "eager_package"),
        ("04_dotted_module_names", "shapes2d"),
        ("04_dotted_module_names", "shapes3d"),
        ("04_dotted_module_names", "sound"),
    ],
)
def test_notebook_builds_the_sample_package(built, notebook, package):
    made = built / notebook / package
    assert made.is_dir(), f"{notebook} did not build {package}"
    assert files(made) == files(SAMPLES / package)
