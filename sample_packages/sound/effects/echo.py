"""Add an echo: every sample plus a quieter copy of the sample `delay` steps earlier."""


def echofilter(samples, delay=2, atten=0.5):
    """Return a new list: ``samples`` with an echo mixed in."""
    return [s + int(atten * samples[i - delay]) if i >= delay else s
            for i, s in enumerate(samples)]
