"""sample_packages for notebooks 4 and 5: shapes2d/shapes3d (same-named submodules),
sound (subpackages, relative imports, __all__) and eager_package (an __init__.py that
imports its submodules). They work, and the notebooks build exactly these files."""

import subprocess
import sys
import wave
from pathlib import Path

import nbformat
import pytest

import course_tools

SAMPLES = Path(__file__).resolve().parent.parent / "sample_packages"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
OURS = ("shapes2d", "shapes3d", "sound", "eager_package")
#: Which notebook builds which sample package (in its workspace folder, during a run).
BUILT_BY = {
    "04_importing_a_package": ("eager_package",),
    "05_dotted_module_names": ("shapes2d", "shapes3d", "sound"),
}


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
    assert sorted(files(SAMPLES / "shapes2d")) == ["__init__.py", "area.py"]
    assert sorted(files(SAMPLES / "shapes3d")) == ["__init__.py", "area.py"]
    assert sorted(files(SAMPLES / "sound")) == [
        "__init__.py",
        "effects/__init__.py",
        "effects/echo.py",
        "effects/surround.py",
        "filters/__init__.py",
        "filters/equalizer.py",
        "formats/__init__.py",
        "formats/wavwrite.py",
    ]
    eager = files(SAMPLES / "eager_package")
    assert sorted(eager) == ["__init__.py", "a.py", "b.py"]
    simple = files(SAMPLES / "simple_package")
    assert (eager["a.py"], eager["b.py"]) == (simple["a.py"], simple["b.py"])


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
    from shapes3d import area as solid

    assert flat.circle(1) == pytest.approx(3.14159, abs=1e-5)
    assert solid.sphere(1) == pytest.approx(4 * flat.circle(1))
    assert solid.cube(2) == 24 and flat.square(2) == 4


def test_aliases_bind_only_the_alias():
    names = "print(sorted(n for n in dir() if not n.startswith('_')))"
    assert py(f"import shapes2d.area\n{names}") == "['shapes2d']\n"
    assert py(f"import shapes2d.area as flat\n{names}") == "['flat']\n"
    assert py(f"from shapes3d import area as solid\n{names}") == "['solid']\n"


# --- sound: subpackages, absolute and relative imports, __all__ ----------------------------


def test_wav_file(on_path, tmp_path):
    from sound.formats import wavwrite

    samples = [0, 8000, -8000, wavwrite.HIGHEST, wavwrite.LOWEST]
    wavwrite.save(str(tmp_path / "x.wav"), samples, rate=8000)
    data = (tmp_path / "x.wav").read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) == 44 + 2 * len(samples)
    with wave.open(str(tmp_path / "x.wav")) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), wav.getnframes()) == (1, 2, 8000, 5)


def test_effects_and_filters(on_path):
    from sound.effects import echo, surround
    from sound.filters import equalizer

    assert echo.echofilter([100, 0, 0, 0], delay=2, atten=0.5) == [100, 0, 50, 0]
    assert echo.echofilter([20000, 0, 30000, 0]) == [20000, 0, 32767, 0]  # clipped
    assert equalizer.equalize([30000, -30000, 5], gain=2) == [32767, -32768, 10]
    assert surround.surround([1000, 0, 0, 0]) == ([1000, 0, 0, 0], [1000, 500, 0, 0])


def test_relative_and_absolute_imports_are_where_the_notebook_says():
    echo = (SAMPLES / "sound/effects/echo.py").read_text()
    surround = (SAMPLES / "sound/effects/surround.py").read_text()
    equalizer = (SAMPLES / "sound/filters/equalizer.py").read_text()
    assert "from ..filters import equalizer" in echo and "from . import echo" in surround
    assert "from sound.formats.wavwrite import HIGHEST, LOWEST" in equalizer


def test_relative_imports_fail_as_a_script_and_work_with_dash_m():
    as_script = run("sound/effects/echo.py")
    assert as_script.returncode == 1
    assert as_script.stderr.strip().endswith("ImportError: attempted relative import with no known parent package")
    as_module = run("-m", "sound.effects.echo")
    assert as_module.returncode == 0, as_module.stderr
    assert as_module.stdout == "__name__ = '__main__', __package__ = 'sound.effects'\n[20000, 0, 32767, 0]\n"


def test_absolute_import_fails_in_a_script_run_by_path():
    # sys.path[0] is the script's folder (sound/filters), not the folder above sound/
    done = subprocess.run(
        [sys.executable, "sound/filters/equalizer.py"],
        cwd=SAMPLES,
        capture_output=True,
        text=True,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": ""},
    )
    assert done.stderr.strip().endswith("ModuleNotFoundError: No module named 'sound'")


def test_import_star_follows_all():
    names = "print(sorted(k for k in dir() if not k.startswith('_')))"
    assert py(f"from sound.effects import *\n{names}") == "['echo', 'surround']\n"
    assert py(f"from sound.filters import *\n{names}") == "[]\n"
    assert py(f"import sound.filters.equalizer\nfrom sound.filters import *\n{names}") == "['equalizer', 'sound']\n"
    assert py(f"from sound.formats.wavwrite import *\n{names}") == "['HIGHEST', 'LOWEST', 'save', 'struct', 'wave']\n"


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


def writefile_cells(notebook):
    """{path: text} that the lesson's ``%%writefile`` cells leave behind (later cells win).

    Cells in the Exercises section are left out: there the learner writes into ``exN/``.
    IPython writes the cell's body followed by a newline.
    """
    nb = nbformat.read(NOTEBOOKS / f"{notebook}.ipynb", as_version=4)
    written = {}
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Exercises"):
            break
        if cell.cell_type != "code" or not cell.source.startswith("%%writefile"):
            continue
        first, _, body = cell.source.partition("\n")
        words = first.split()[1:]
        path = words[-1].strip("'\"")
        text = body if body.endswith("\n") else body + "\n"
        written[path] = written.get(path, "") + text if "-a" in words or "--append" in words else text
    return written


@pytest.mark.parametrize("package", BUILT_BY["05_dotted_module_names"])
def test_notebook_05_writes_the_sample_packages_with_writefile(package):
    written = writefile_cells("05_dotted_module_names")
    made = {p.removeprefix(package + "/"): text for p, text in written.items() if p.startswith(package + "/")}
    assert made == files(SAMPLES / package)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Run a notebook top to bottom with a private workspace (once per notebook); return that workspace."""
    done = {}

    def build(notebook):
        if notebook not in done:
            root = tmp_path_factory.mktemp(notebook) / "workspace"
            course_tools.execute(NOTEBOOKS / f"{notebook}.ipynb", workspace=root)
            done[notebook] = root / notebook
        return done[notebook]

    return build


@pytest.mark.parametrize(
    "notebook, package", [(notebook, package) for notebook, names in BUILT_BY.items() for package in names]
)
def test_notebook_builds_the_sample_package(built, notebook, package):
    made = built(notebook) / package
    assert made.is_dir(), (
        f"{notebook} no longer builds {package}: if that is on purpose, remove sample_packages/{package} "
        "and its entry in BUILT_BY"
    )
    assert files(made) == files(SAMPLES / package), f"{notebook}'s {package} differs from sample_packages/{package}"
