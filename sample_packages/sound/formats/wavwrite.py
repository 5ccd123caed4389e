"""Turn samples into the bytes of a WAV file (16-bit mono)."""
import io
import struct
import wave

LOWEST, HIGHEST = -32768, 32767


def to_bytes(samples, rate=8000):
    """Return a complete WAV file holding ``samples`` as bytes."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()
