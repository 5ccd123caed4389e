"""Flat shapes: their areas in the plane."""
