"""Save samples as a WAV file (16-bit mono) with the standard library's wave module."""
import struct
import wave

LOWEST, HIGHEST = -32768, 32767  # the range of a 16-bit sample


def save(filename, samples, rate=8000):
    """Write ``samples`` (whole numbers from LOWEST to HIGHEST) to the file ``filename``."""
    with wave.open(filename, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
