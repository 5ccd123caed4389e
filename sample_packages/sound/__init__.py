"""A tiny sound toolkit in the shape of the Python tutorial's example package.

A sound is a list of integer samples from -32768 to 32767 (16-bit, mono).
"""
