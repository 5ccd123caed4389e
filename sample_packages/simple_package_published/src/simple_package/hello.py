"""The simple-hello command."""

import sys

from greeting_helper import greet


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "there"
    text = greet(name)
    try:
        from shouting import shout  # only installed with the extra: simple-package[loud]
    except ImportError:
        pass
    else:
        text = shout(text)
    print(text)
