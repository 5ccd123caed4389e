"""Areas of flat shapes, in square units."""
import math


def circle(radius):
    """The area inside a circle with this radius."""
    return math.pi * radius**2


def square(side):
    """The area of a square with this side."""
    return side**2
