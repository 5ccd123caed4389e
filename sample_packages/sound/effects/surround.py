"""Make a stereo pair from a mono sound: dry on the left, echoed and levelled on the right."""
from . import echo                  # relative: a sibling module in sound.effects
from ..filters import equalizer     # relative: one level up, then into sound.filters


def surround(samples):
    """Return (left, right) channels for ``samples``."""
    return samples, equalizer.equalize(echo.echofilter(samples, delay=1), gain=1.5)


if __name__ == "__main__":
    print(f"running as {__name__!r} in package {__package__!r}")
    print(surround([1000, 0, 0, 0]))
