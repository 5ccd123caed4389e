"""Filters that change the level or the tone of a sound."""
