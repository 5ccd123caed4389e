"""Solid shapes: surface areas and volumes in space."""
