"""Surface areas of solid shapes, in square units."""
import math


def sphere(radius):
    """The area of a sphere's surface."""
    return 4 * math.pi * radius**2


def cube(side):
    """The total area of a cube's six faces."""
    return 6 * side**2
