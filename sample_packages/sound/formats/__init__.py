"""Reading and writing sound files."""
