"""Notebook 9's exercise checks, its console-script explainer and its offline backend wheel.

A module-wide fixture does what the lesson does, in a temporary workspace: a venv made
``--without-pip``, flit_core installed into it from the wheel the course packs, and the project
installed editable. Each test then writes what a learner would write and calls the check: the
worked solution passes, each typical mistake gets its own message, never a traceback.
"""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coursekit import CourseError, workspace
from coursekit.exercises import installing

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "sample_packages" / "simple_package_cli_project"
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("PIP_")},
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}
PYTHON = "env/Scripts/python.exe" if os.name == "nt" else "env/bin/python"
PLACEHOLDER = "# Replace this comment with your answer, then run this cell.\n"
PYPROJECT = (PROJECT / "pyproject.toml").read_text()
SOLUTION_1 = PYPROJECT + 'simple-foo = "simple_package.b:foo"\n'
SOLUTION_2 = "def baz():\n    print(\"Hello, function 'baz' from module 'c' calling\")\n"


def pip(ws, *args):
    run = subprocess.run(
        [sys.executable, "-m", "pip", "--python", PYTHON, *args],
        cwd=ws,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run


def editable(ws):
    run = pip(ws, "install", "-q", "--no-index", "--no-build-isolation", "-e", "simple_package_project")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    """The notebook's working folder as the lesson leaves it (venv, flit_core, editable install)."""
    root = tmp_path_factory.mktemp("workspace").resolve()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workspace, "ROOT", root)
        ws = workspace.reset(installing.NOTEBOOK)
        shutil.copytree(PROJECT, ws / "simple_package_project")
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", "env"], cwd=ws, check=True)
        here = Path.cwd()
        os.chdir(ws)
        try:
            wheel = installing.wheel_of_installed("flit_core", "wheels")
        finally:
            os.chdir(here)
        assert pip(ws, "install", "-q", "--no-index", str(wheel)).returncode == 0
        editable(ws)
        yield ws


@pytest.fixture
def ws(lesson):
    """The lesson's folder, with the exercises' files put back as the notebook leaves them."""
    (lesson / "simple_package_project/pyproject.toml").write_text(PYPROJECT)
    shutil.copy(PROJECT / "src/simple_package/b.py", lesson / "simple_package_project/src/simple_package")
    (lesson / "simple_package_project/src/simple_package/c.py").unlink(missing_ok=True)
    yield lesson


def verdict(feedback):
    assert "Traceback" not in feedback.message
    return feedback.ok, feedback.message


def write(ws, name, text):
    (ws / "simple_package_project" / name).write_text(text)


# ------------------------------------------------------------------ the backend wheel


def test_the_packed_backend_is_a_wheel_pip_installs_and_it_is_reproducible(lesson, monkeypatch):
    monkeypatch.chdir(lesson)
    first = installing.wheel_of_installed("flit_core", "wheels").read_bytes()
    wheel = installing.wheel_of_installed("flit_core", "wheels")
    assert wheel.name == "flit_core-4.2.0-py3-none-any.whl" and wheel.read_bytes() == first
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        record = archive.read("flit_core-4.2.0.dist-info/RECORD").decode()
    assert "flit_core/buildapi.py" in names and not any("__pycache__" in n or "INSTALLER" in n for n in names)
    assert sorted(line.split(",")[0] for line in record.splitlines()) == sorted(names)
    listed = pip(lesson, "list")
    assert re.search(r"^flit_core\s+4\.2\.0$", listed.stdout, re.M), listed.stdout


@pytest.mark.parametrize(
    "name, folder, message",
    [
        ("", "wheels", "No distribution called ''"),
        ("no-such-thing", "wheels", "No distribution called 'no-such-thing'"),
        ("flit_core", "../../outside", "would leave the workspace folder"),
    ],
)
def test_the_packer_refuses_with_a_message(lesson, monkeypatch, name, folder, message):
    monkeypatch.chdir(lesson)
    with pytest.raises(CourseError, match=re.escape(message)):
        installing.wheel_of_installed(name, folder)


# ------------------------------------------------------------------ the [project.scripts] explainer


def test_the_explainer_shows_the_launcher_and_what_typing_the_command_does():
    assert installing.explain_script_entry('simple-hello = "simple_package.cli:main"') == (
        "✔ pip writes the launcher env/bin/simple-hello (on Windows env\\Scripts\\simple-hello.exe):\n"
        "#!<the venv's python>\nimport sys\nfrom simple_package.cli import main\nif __name__ == '__main__':\n"
        "    sys.argv[0] = sys.argv[0].removesuffix('.exe')\n    sys.exit(main())\n\n"
        "Typing simple-hello runs simple_package.cli.main() with the venv's Python; what main() returns becomes "
        "the exit status (None means 0, success)."
    )


@pytest.mark.skipif(os.name == "nt", reason="on Windows pip writes a binary .exe launcher")
def test_the_explainer_shows_the_launcher_pip_really_writes(lesson):
    text = installing.explain_script_entry('simple-hello = "simple_package.cli:main"')
    shown = text.split("\n", 1)[1].split("\n\n")[0]
    real = (lesson / "env/bin/simple-hello").read_text()
    assert shown.split("\n", 1)[1] == real.split("\n", 1)[1].rstrip("\n")
    assert real.startswith("#!") and shown.startswith("#!<the venv's python>")


def test_a_dotted_attribute_imports_its_first_part():
    text = installing.explain_script_entry('tool = "pkg.mod:App.run"')
    assert "from pkg.mod import App\n" in text and "sys.exit(App.run())" in text


@pytest.mark.parametrize(
    "line, message",
    [
        ('simple-hello = "simple_package.cli"', "names a module but no function"),
        ("simple-hello = simple_package.cli:main", "the value needs double quotes"),
        ('simple-hello = "simple-package.cli:main"', "'-' belongs in the command and project names"),
        ('simple-hello = "simple_package.cli:"', "The function part '' is not a dotted Python name"),
        ('simple-hello = "simple_package.cli:main [extra]"', "The function part 'main [extra]' is not a dotted"),
        ('simple-hello = "a:b:c"', "The function part 'b:c' is not a dotted Python name"),
        ('"../evil" = "simple_package.cli:main"', "its launcher would be outside env/bin/"),
        ('"my hello" = "simple_package.cli:main"', "is not one plain word"),
        ("[project.scripts]", "Type one line of [project.scripts]"),
        ("simple-hello = 1", "Type one line of [project.scripts]"),
        ('a = "x:y"\nb = "x:y"', "Type one line of [project.scripts]"),
        ("", "Type one line of [project.scripts]"),
        (None, "Type one line of [project.scripts]"),
        ("x" * 3000, "characters long"),
    ],
)
def test_the_explainer_says_why_an_entry_fails(line, message):
    text = installing.explain_script_entry(line)
    assert text.startswith("⚠️ ") and message in text, text


@pytest.mark.parametrize(
    "name, value, refusal",
    [
        ("simple-hello", "simple_package.cli:main", None),
        ("simple-hello", "simple_package.cli", "A callable suffix is required"),
        ("simple-hello", "simple-package.cli:main", "A callable suffix is required"),
        ('"../evil"', "simple_package.cli:main", "the script would be installed outside the scripts directory"),
    ],
)
def test_the_explainer_agrees_with_pip(tmp_path, name, value, refusal):
    """Build a wheel with the entry and let pip install it into a fresh venv: accepted or refused as explained."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    line = f'{name} = "{value}"'
    (project / "pyproject.toml").write_text(PYPROJECT.replace('simple-hello = "simple_package.cli:main"', line))
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", "dist", "project"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert built.returncode == 0, built.stdout + built.stderr  # the backend accepts every one of them
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "env"], cwd=tmp_path, check=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    run = pip(tmp_path, "install", "--no-index", str(wheel))
    explained = installing.explain_script_entry(line)
    assert (run.returncode == 0) == (refusal is None) == explained.startswith("✔"), run.stdout + run.stderr + explained
    if refusal:
        assert refusal in run.stderr


# ------------------------------------------------------------------ exercise 1


def test_ex1_placeholder_is_not_answered_yet(ws):
    write(ws, "pyproject.toml", PLACEHOLDER)
    ok, text = verdict(installing.check_second_script())
    assert not ok and text.startswith("⏳") and "simple_package_project/pyproject.toml" in text


def test_ex1_solution_needs_the_install_command_again(ws):
    write(ws, "pyproject.toml", SOLUTION_1)
    ok, text = verdict(installing.check_second_script())
    assert not ok and "pip reads pyproject.toml only when it installs" in text
    editable(ws)
    ok, text = verdict(installing.check_second_script())
    assert ok, text
    assert "`simple-foo` runs from env/" in text


@pytest.mark.parametrize(
    "text, message",
    [
        (SOLUTION_1.replace('"simple_package.b:foo"', "simple_package.b:foo"), "is not valid TOML"),
        (PYPROJECT.split("[project.scripts]")[0], "has no simple-foo line in its [project.scripts] table"),
        (PYPROJECT, "has no simple-foo line"),
        (PYPROJECT + 'simple_foo = "simple_package.b:foo"\n', "has no simple-foo line"),
        (PYPROJECT + 'simple-foo = "simple_package.b"\n', 'the task asks for "simple_package.b:foo"'),
        (PYPROJECT + 'simple-foo = "simple-package.b:foo"\n', 'the task asks for "simple_package.b:foo"'),
    ],
)
def test_ex1_mistakes_get_their_own_message(ws, text, message):
    write(ws, "pyproject.toml", text)
    ok, said = verdict(installing.check_second_script())
    assert not ok and said.startswith("❌") and message in said, said


def test_ex1_a_command_that_loops_is_stopped(ws, monkeypatch):
    monkeypatch.setattr(installing, "RUN_TIME_LIMIT", 1.0)
    write(ws, "pyproject.toml", SOLUTION_1)
    editable(ws)
    write(ws, "src/simple_package/b.py", "def foo():\n    while True:\n        pass\n")
    ok, text = verdict(installing.check_second_script())
    assert not ok and "ran for more than 1 s: is there an endless loop?" in text


def test_ex1_a_command_that_raises_is_reported(ws):
    write(ws, "pyproject.toml", SOLUTION_1)
    editable(ws)
    write(ws, "src/simple_package/b.py", "def foo():\n    return 1 / 0\n")
    ok, text = verdict(installing.check_second_script())
    assert not ok and "ZeroDivisionError" in text


# ------------------------------------------------------------------ exercise 2


def test_ex2_missing_file_and_placeholder(ws):
    ok, text = verdict(installing.check_new_module())
    assert not ok and "there is no file simple_package_project/src/simple_package/c.py yet" in text
    write(ws, "src/simple_package/c.py", PLACEHOLDER)
    ok, text = verdict(installing.check_new_module())
    assert not ok and text.startswith("⏳")


def test_ex2_solution_passes_without_a_reinstall(ws):
    write(ws, "src/simple_package/c.py", SOLUTION_2)
    ok, text = verdict(installing.check_new_module())
    assert ok, text


@pytest.mark.parametrize(
    "source, message",
    [
        ("def baz(:\n    pass\n", "line 1 of simple_package_project/src/simple_package/c.py is not valid Python"),
        ("def bas():\n    print('x')\n", "has no attribute 'baz'"),
        ("def baz():\n    print('Hello')\n", "baz() printed 'Hello'"),
        ("raise ValueError('no')\n", "ValueError: no"),
    ],
)
def test_ex2_mistakes_get_their_own_message(ws, source, message):
    write(ws, "src/simple_package/c.py", source)
    ok, text = verdict(installing.check_new_module())
    assert not ok and message in text, text


def test_ex2_a_module_that_loops_is_stopped(ws, monkeypatch):
    monkeypatch.setattr(installing, "RUN_TIME_LIMIT", 1.0)
    write(ws, "src/simple_package/c.py", "while True:\n    pass\n")
    ok, text = verdict(installing.check_new_module())
    assert not ok and "ran for more than 1 s" in text


def test_ex2_a_wheel_install_is_not_editable(ws, tmp_path):
    write(ws, "src/simple_package/c.py", SOLUTION_2)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--wheel",
            "--outdir",
            str(tmp_path),
            "simple_package_project",
        ],
        cwd=ws,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert (
        pip(ws, "install", "-q", "--no-index", "--force-reinstall", str(next(tmp_path.glob("*.whl")))).returncode == 0
    )
    try:
        ok, text = verdict(installing.check_new_module())
        assert not ok and "is not an editable install any more" in text
    finally:
        editable(ws)


def test_checks_without_the_venv_or_the_folder(scratch):
    ok, text = verdict(installing.check_second_script())
    assert not ok and "there is no folder simple_package_project/" in text
    ws = workspace.reset(installing.NOTEBOOK)
    shutil.copytree(PROJECT, ws / "simple_package_project")
    (ws / "simple_package_project/pyproject.toml").write_text(SOLUTION_1)
    ok, text = verdict(installing.check_second_script())
    assert not ok and f"there is no {PYTHON}" in text
    (ws / "simple_package_project/src/simple_package/c.py").write_text(SOLUTION_2)
    ok, text = verdict(installing.check_new_module())
    assert not ok and f"there is no {PYTHON}" in text


# ------------------------------------------------------------------ exercise 3

AREAS = '"""Areas of flat shapes."""\n\n\ndef square(side):\n    return side**2\n'
AREAS_TOML = (
    '[build-system]\nrequires = ["flit_core >=3.12,<5"]\nbuild-backend = "flit_core.buildapi"\n\n'
    '[project]\nname = "areas"\nversion = "0.1.0"\ndescription = "Areas of flat shapes."\nrequires-python = ">=3.9"\n'
)


@pytest.fixture
def ex3(ws):
    (ws / "ex3" / "areas").mkdir(parents=True, exist_ok=True)
    (ws / "ex3" / "areas" / "__init__.py").write_text(AREAS)
    (ws / "ex3" / "pyproject.toml").write_text(AREAS_TOML)
    shutil.rmtree(ws / "ex3" / "dist", ignore_errors=True)
    yield ws
    pip(ws, "uninstall", "-y", "areas")


def build_ex3(ws):
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "ex3"], cwd=ws, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr


def test_ex3_step_by_step(ex3):
    ok, text = verdict(installing.check_areas_installed())
    assert not ok and "env/ has no areas yet, and ex3/dist/ holds no wheel: build, then install it." in text
    build_ex3(ex3)
    ok, text = verdict(installing.check_areas_installed())
    assert not ok and "env/ has no areas yet, and ex3/dist/ holds areas-0.1.0-py3-none-any.whl" in text
    assert pip(ex3, "install", "-q", "--no-index", "ex3/dist/areas-0.1.0-py3-none-any.whl").returncode == 0
    ok, text = verdict(installing.check_areas_installed())
    assert ok and "areas 0.1.0 is installed in env/" in text, text


def test_ex3_an_editable_install_is_not_the_task(ex3):
    assert pip(ex3, "install", "-q", "--no-index", "--no-build-isolation", "-e", "ex3").returncode == 0
    ok, text = verdict(installing.check_areas_installed())
    assert not ok and "is an editable install (-e)" in text


def test_ex3_a_package_that_breaks_on_import(ex3):
    (ex3 / "ex3" / "areas" / "__init__.py").write_text(AREAS + "\n1 / 0\n")
    build_ex3(ex3)
    assert pip(ex3, "install", "-q", "--no-index", "ex3/dist/areas-0.1.0-py3-none-any.whl").returncode == 0
    ok, text = verdict(installing.check_areas_installed())
    assert not ok and "areas is in env/, but importing it failed in a fresh Python: ZeroDivisionError" in text


def test_ex3_a_wrong_square(ex3):
    (ex3 / "ex3" / "areas" / "__init__.py").write_text(AREAS.replace("side**2", "side * 2"))
    build_ex3(ex3)
    assert pip(ex3, "install", "-q", "--no-index", "ex3/dist/areas-0.1.0-py3-none-any.whl").returncode == 0
    ok, text = verdict(installing.check_areas_installed())
    assert not ok and "areas.square(3) returned 6 in the venv; expected 9" in text


def test_ex3_installed_into_the_course_environment_is_named(ex3, monkeypatch):
    build_ex3(ex3)
    real = installing.metadata.distributions
    monkeypatch.setattr(
        installing.metadata, "distributions", lambda **kw: real(name="pip") if kw.get("name") == "areas" else real(**kw)
    )
    ok, text = verdict(installing.check_areas_installed())
    assert not ok and "pip put areas into the course's environment (no --python)" in text


def test_ex3_without_the_project(ws):
    shutil.rmtree(ws / "ex3", ignore_errors=True)
    ok, text = verdict(installing.check_areas_installed())
    assert not ok and "there is no folder ex3/" in text
