"""Read the samples back from the bytes of a WAV file (16-bit mono)."""
import io
import struct
import wave


def from_bytes(data):
    """Return the list of samples stored in the WAV file ``data``."""
    with wave.open(io.BytesIO(data), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    return list(struct.unpack(f"<{len(frames) // 2}h", frames))
