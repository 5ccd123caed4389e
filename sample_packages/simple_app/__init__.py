"""simple_app: the chapter's simple_package, ready to run and to install."""

from simple_app import a, b  # load the submodules, so `import simple_app` is enough

__version__ = "1.0.0"
