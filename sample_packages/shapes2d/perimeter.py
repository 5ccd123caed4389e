"""Perimeters of flat shapes, in units of length."""
import math


def circle(radius):
    """The length of a circle's edge."""
    return 2 * math.pi * radius


def square(side):
    """The length around a square."""
    return 4 * side
