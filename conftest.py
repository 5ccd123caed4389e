"""Test-suite settings that apply to every test, unit tests and notebooks alike."""

# How the suite spreads over pytest-xdist workers (`--dist loadscope`, see pyproject.toml):
# a scope (a test module, a test class, a notebook's cells) runs on one worker. The longest
# scopes go first, so that the many short ones fill the gaps at the end: the browser test
# (one JupyterLab for all notebooks) and the learner-edition runs (one class per notebook
# in tests/test_notebooks_execute.py, so that they spread over the workers).
FIRST = ("test_browser.py", "test_notebooks_execute.py")


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        return FIRST.index(item.path.name) if item.path.name in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: the order within each file is kept
