"""Sound file formats."""
