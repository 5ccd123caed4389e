"""Change the volume, clipping every sample to the range a WAV file can hold."""
from sound.formats.wavwrite import HIGHEST, LOWEST  # absolute: the full dotted name


def equalize(samples, gain=2.0):
    """Multiply every sample by ``gain`` and clip it to [LOWEST, HIGHEST]."""
    return [max(LOWEST, min(HIGHEST, round(s * gain))) for s in samples]
