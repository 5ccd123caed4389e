"""Filters that change the level of a sound."""
