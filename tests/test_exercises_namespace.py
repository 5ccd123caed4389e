"""Exercise checks of notebook 6: the solution, the placeholder, and each typical wrong answer."""

import pytest

from coursekit import workspace
from coursekit.exercises import namespace

C_SOLUTION = "def baz():\n    print(\"Hello, function 'baz' from module 'c' calling\")\n"
MAIN_SOLUTION = "from simple_package import a, b\n\na.bar()\nb.foo()\n"
PLACEHOLDER = "# ... write it here (and delete this comment)\n"


def write(relative, text):
    return workspace.write_text(workspace.folder(namespace.NOTEBOOK), relative, text)


def verdict(feedback):
    return bool(feedback), str(feedback)


# ------------------------------------------------------------------ exercise 1


def test_third_portion_solution(scratch):
    write("ex1/simple_namespace/c.py", C_SOLUTION)
    ok, text = verdict(namespace.check_third_portion())
    assert ok and text.startswith("✅"), text


def test_third_portion_placeholder_is_not_answered_yet(scratch):
    write("ex1/simple_namespace/c.py", PLACEHOLDER)
    assert "not answered yet" in str(namespace.check_third_portion())


def test_third_portion_missing_file(scratch):
    ok, text = verdict(namespace.check_third_portion())
    assert not ok and "there is no file ex1/simple_namespace/c.py" in text


@pytest.mark.parametrize(
    "source, says",
    [
        ("def baz(:\n", "line 1 of ex1/simple_namespace/c.py is not valid Python"),
        ("def baz():\n    print('hi')\n", "c.baz() printed 'hi'"),
        ("def bas():\n    pass\n", "AttributeError"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("print('loaded')\n" + C_SOLUTION, "printed something of its own"),
        ("while True:\n    pass\n", "endless loop"),
    ],
)
def test_third_portion_wrong_answers(scratch, monkeypatch, source, says):
    monkeypatch.setattr(namespace, "TIMEOUT", 2)
    write("ex1/simple_namespace/c.py", source)
    ok, text = verdict(namespace.check_third_portion())
    assert not ok and says in text and "Traceback" not in text, text


def test_third_portion_with_init_explains_that_the_regular_package_wins(scratch):
    write("ex1/simple_namespace/c.py", C_SOLUTION)
    write("ex1/simple_namespace/__init__.py", "")
    ok, text = verdict(namespace.check_third_portion())
    assert not ok and "regular package, which beats all portions: delete it" in text


# ------------------------------------------------------------------ exercise 2


def test_main_py_solution(scratch):
    write("ex2/simple_package/__main__.py", MAIN_SOLUTION)
    ok, text = verdict(namespace.check_main_py())
    assert ok, text


def test_main_py_placeholder_is_not_answered_yet(scratch):
    write("ex2/simple_package/__main__.py", PLACEHOLDER)
    assert "not answered yet" in str(namespace.check_main_py())


def test_main_py_missing_file(scratch):
    ok, text = verdict(namespace.check_main_py())
    assert not ok and "there is no file ex2/simple_package/__main__.py" in text


@pytest.mark.parametrize(
    "source, says",
    [
        ("from simple_package import a, b\nb.foo()\na.bar()\n", "wrong order"),
        ("import simple_package\n", "printed nothing; it should call a.bar(), then b.foo()"),
        ("print('hi')\n", "printed 'hi'"),
        ("def main(:\n", "line 1 of ex2/simple_package/__main__.py is not valid Python"),
        ("import simple_package\nsimple_package.a.bar()\n", "has no attribute 'a'"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("while True:\n    pass\n", "endless loop"),
    ],
)
def test_main_py_wrong_answers(scratch, monkeypatch, source, says):
    monkeypatch.setattr(namespace, "TIMEOUT", 2)
    write("ex2/simple_package/__main__.py", source)
    ok, text = verdict(namespace.check_main_py())
    assert not ok and says in text and "Traceback" not in text, text


def test_main_py_attribute_error_gets_the_notebook_4_hint(scratch):
    write("ex2/simple_package/__main__.py", "import simple_package\nsimple_package.a.bar()\n")
    assert "import them explicitly" in str(namespace.check_main_py())


def test_main_py_ignores_a_changed_init(scratch):
    """The check runs the learner's __main__.py with the chapter's own, empty __init__.py."""
    write("ex2/simple_package/__init__.py", "from . import a, b\n")
    write("ex2/simple_package/__main__.py", "import simple_package\nsimple_package.a.bar()\nsimple_package.b.foo()\n")
    assert not namespace.check_main_py()


def test_checks_write_only_inside_the_notebook_folder(scratch):
    write("ex2/simple_package/__main__.py", MAIN_SOLUTION)
    write("ex1/simple_namespace/c.py", C_SOLUTION)
    namespace.check_main_py(), namespace.check_third_portion()
    assert [p.name for p in scratch.iterdir()] == [namespace.NOTEBOOK]
