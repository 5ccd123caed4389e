"""Sound effects. `from sound.effects import *` imports the modules named in __all__."""

__all__ = ["echo", "surround"]
