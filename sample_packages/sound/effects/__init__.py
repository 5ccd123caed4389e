"""Sound effects."""

__all__ = ["echo", "surround"]  # what `from sound.effects import *` imports
