"""Surround: a stereo pair from a mono sound, dry on the left, echoed on the right."""
from . import echo  # relative: the sibling module sound.effects.echo


def surround(samples):
    """Return the (left, right) channels for ``samples``."""
    return samples, echo.echofilter(samples, delay=1)
