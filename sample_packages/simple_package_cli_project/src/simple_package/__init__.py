"""The chapter's simple_package, ready to be shared."""

from . import a, b

__version__ = "1.0.1"
