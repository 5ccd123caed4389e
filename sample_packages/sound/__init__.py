"""A tiny sound toolkit in the shape of the Python tutorial's example package."""
