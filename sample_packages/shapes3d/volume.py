"""Volumes of solid shapes, in cubic units."""
import math


def sphere(radius):
    """The volume inside a sphere."""
    return 4 / 3 * math.pi * radius ** 3


def cube(side):
    """The volume inside a cube."""
    return side ** 3
