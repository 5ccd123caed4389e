"""coursekit.exercises.wrap_up: each check accepts the worked solution and explains wrong answers."""

import importlib
import importlib.metadata
import importlib.util
import sys

import pytest

from coursekit.exercises import wrap_up


# The worked solutions, exactly as the notebook's solution cells define them.
def import_names(distribution, index):
    def normal(name):
        return name.lower().replace("_", "-").replace(".", "-")

    return sorted(name for name, dists in index.items() if any(normal(d) == normal(distribution) for d in dists))


def package_kind(name):
    spec = importlib.util.find_spec(name)
    if spec is None:
        return "missing"
    if spec.submodule_search_locations is None:
        return "module"
    if spec.origin is None:
        return "namespace"
    return "regular"


def _message(feedback):
    assert "Traceback" not in feedback.message
    return feedback.message


# ------------------------------------------------------------------ exercise 1


def test_import_names_solution_passes():
    fb = wrap_up.check_import_names(import_names)
    assert fb, fb.message
    assert _message(fb).startswith("✅")


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        ("sklearn", "should be a function"),
        (None, "should be a function"),
        (lambda dist, index: 1 / 0, "raised ZeroDivisionError"),
        (lambda dist: [], "raised TypeError"),
        (lambda dist, index: "sklearn", "returned 'sklearn', not ['sklearn']"),
        (lambda dist, index: [dist], "not ['sklearn']"),
        (lambda dist, index: tuple(import_names(dist, index)), "returned ('sklearn',), not ['sklearn']"),
        (lambda dist, index: sorted(import_names(dist, index), reverse=True), "please sort it"),
        (
            lambda dist, index: sorted(n for n, ds in index.items() if dist in ds),
            "import_names('Pillow', index) returned [], not ['PIL'] (`pip install Pillow`",
        ),
        (
            lambda dist, index: sorted(n for n, ds in index.items() if dist.lower() in [d.lower() for d in ds]),
            "import_names('zope-interface', a small test index) returned [], not ['zope']",
        ),
    ],
)
def test_import_names_wrong_answers(answer, fragment):
    fb = wrap_up.check_import_names(answer)
    assert not fb
    assert fragment in _message(fb)


def test_import_names_answer_may_not_change_the_index():
    def greedy(dist, index):
        index.clear()
        return []

    fb = wrap_up.check_import_names(greedy)
    assert not fb and "not ['sklearn']" in fb.message
    assert wrap_up._FAKE_INDEX["yaml"] == ["PyYAML"]


# ------------------------------------------------------------------ exercise 2


def test_package_kind_solution_passes():
    fb = wrap_up.check_package_kind(package_kind)
    assert fb, fb.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (..., "not answered yet"),
        (42, "should be a function"),
        (lambda name: 1 / 0, "raised ZeroDivisionError"),
        (lambda name: "package", "return one of 'regular', 'namespace', 'module', 'missing'"),
        (lambda name: "regular", "package_kind('mpl_toolkits') returned 'regular', but it should be 'namespace'"),
        (lambda name: "missing" if importlib.util.find_spec(name) is None else "regular", "should be 'namespace'"),
        (
            lambda name: {"mpl_toolkits": "namespace", "json": "regular"}.get(name, "module"),
            "package_kind('no_such_package_here') returned 'module', but it should be 'missing'",
        ),
    ],
)
def test_package_kind_wrong_answers(answer, fragment):
    fb = wrap_up.check_package_kind(answer)
    assert not fb
    assert fragment in _message(fb)


def test_package_kind_that_imports_is_caught():
    fresh = [n for n in wrap_up._UNTOUCHED if n not in sys.modules]
    if not fresh:
        pytest.skip("every probe package is already imported in this process")

    def importing(name):
        kind = package_kind(name)
        if kind == "regular":
            importlib.import_module(name)
        return kind

    fb = wrap_up.check_package_kind(importing)
    assert not fb and "imported it" in fb.message and "find_spec" in fb.message
    assert fresh[0] not in sys.modules  # the check undid the import it caught


def test_solutions_are_the_ones_in_the_notebook():
    """The notebook's solution cells and these tests must not drift apart."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parent.parent / "notebooks" / "15_wrap_up.ipynb").read_text("utf-8"))
    solutions = ["".join(c["source"]) for c in nb["cells"] if "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) == 2
    assert "def import_names(distribution, index):" in solutions[0] and "check_import_names" in solutions[0]
    assert "def package_kind(name):" in solutions[1] and "check_package_kind" in solutions[1]
