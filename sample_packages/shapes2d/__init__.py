"""Flat shapes: areas and perimeters in the plane."""
