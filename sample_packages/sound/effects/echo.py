"""Echo: mix into every sample a quieter copy of the sample `delay` steps earlier."""
from ..filters import equalizer  # relative: up to sound, then down into sound.filters


def echofilter(samples, delay=2, atten=0.5):
    """Return ``samples`` with an echo mixed in, clipped to the 16-bit range."""
    mixed = [s + int(atten * samples[i - delay]) if i >= delay else s for i, s in enumerate(samples)]
    return equalizer.equalize(mixed, gain=1)


if __name__ == "__main__":
    print(f"__name__ = {__name__!r}, __package__ = {__package__!r}")
    print(echofilter([20000, 0, 30000, 0]))
