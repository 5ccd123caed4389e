"""Solid shapes: their surface areas in space."""
