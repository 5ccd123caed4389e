"""Exercise checks of notebook 5: solution, wrong type, wrong value, code that raises."""

import pytest

from coursekit.exercises import beyond

MAIN_SOLUTION = "from simple_package import a, b\n\na.bar()\nb.foo()\n"
PYPROJECT_SOLUTION = """[build-system]
requires = ["flit_core >=3.12,<5"]
build-backend = "flit_core.buildapi"

[project]
name = "simple-package"
version = "0.1.0"
description = "The chapter's simple_package"
"""


def verdict(feedback):
    return bool(feedback), str(feedback)


# ------------------------------------------------------------------ exercise 1


def test_layout_prediction_solution(scratch):
    ok, text = verdict(beyond.check_layout_prediction("entry_2/toolbox/__init__.py"))
    assert ok and text.startswith("✅")


@pytest.mark.parametrize(
    "answer, says",
    [
        (None, "would mean a namespace package"),
        ("entry_1/toolbox/hammer.py", "has no __init__.py"),
        ("entry_2/toolbox/saw.py", "not a submodule"),
        ("toolbox.py", "not a file of that layout"),
        (42, "should be a str"),
        (["entry_2"], "should be a str"),
    ],
)
def test_layout_prediction_wrong_answers(scratch, answer, says):
    ok, text = verdict(beyond.check_layout_prediction(answer))
    assert not ok and says in text and "Hint" in text


def test_layout_prediction_not_answered(scratch):
    assert "not answered yet" in str(beyond.check_layout_prediction(...))


# ------------------------------------------------------------------ exercise 2


def test_main_source_solution(scratch):
    ok, text = verdict(beyond.check_main_source(MAIN_SOLUTION))
    assert ok, text


@pytest.mark.parametrize(
    "answer, says",
    [
        (42, "should be a str"),
        (None, "should be a str"),
        ("   ", "would be empty"),
        ("from simple_package import a, b\nb.foo()\na.bar()\n", "wrong order"),
        ("import simple_package\n", "printed nothing"),
        ("print('hi')\n", "printed 'hi\\n'"),
        ("def main(:\n", "not valid Python"),
        ("import simple_package\nsimple_package.a.bar()\n", "has no attribute 'a'"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
    ],
)
def test_main_source_wrong_answers(scratch, answer, says):
    ok, text = verdict(beyond.check_main_source(answer))
    assert not ok and says in text, text


def test_main_source_attribute_error_gets_the_notebook_3_hint(scratch):
    text = str(beyond.check_main_source("import simple_package\nsimple_package.a.bar()\n"))
    assert "import them explicitly" in text


def test_main_source_writes_only_into_the_notebooks_workspace(scratch):
    beyond.check_main_source(MAIN_SOLUTION)
    assert [p.name for p in scratch.iterdir()] == ["05_beyond_the_chapter"]


# ------------------------------------------------------------------ exercise 3


def test_pyproject_solution(scratch):
    ok, text = verdict(beyond.check_pyproject(PYPROJECT_SOLUTION))
    assert ok, text
    assert "simple_package-0.1.0-py3-none-any.whl" in text or "simple_package-0.1.0-py2.py3-none-any.whl" in text


@pytest.mark.parametrize(
    "answer, says",
    [
        (b"[project]", "should be a str"),
        (None, "should be a str"),
        ("[project\nname = 1", "not valid TOML"),
        ("[project]\nname = 'simple-package'\n", "no [build-system] table"),
        (PYPROJECT_SOLUTION.replace("flit_core.buildapi", "setuptools.build_meta"), "build-backend is"),
        (PYPROJECT_SOLUTION.replace('requires = ["flit_core >=3.12,<5"]', 'requires = "flit_core"'), "requires is"),
        (PYPROJECT_SOLUTION.split("[project]")[0], "no [project] table"),
        (PYPROJECT_SOLUTION.replace('"simple-package"', '"simple_app"'), "the task asks for 'simple-package'"),
        (PYPROJECT_SOLUTION.replace('"0.1.0"', '"1.0"'), "the version is '1.0'"),
        (PYPROJECT_SOLUTION.replace('"0.1.0"', "0.1"), "the version is 0.1"),
        (
            PYPROJECT_SOLUTION.replace('description = "The chapter\'s simple_package"\n', ""),
            "description must be specified",
        ),
    ],
)
def test_pyproject_wrong_answers(scratch, answer, says):
    ok, text = verdict(beyond.check_pyproject(answer))
    assert not ok and says in text, text


def test_pyproject_accepts_an_underscore_name(scratch):
    assert beyond.check_pyproject(PYPROJECT_SOLUTION.replace("simple-package", "simple_package"))
