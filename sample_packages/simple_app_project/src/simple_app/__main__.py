"""Run with `python -m simple_app [bar] [foo]`: call the chapter's functions."""

import sys

from simple_app import a, b

COMMANDS = {"bar": a.bar, "foo": b.foo}


def main(argv=None):
    names = sys.argv[1:] if argv is None else argv
    for name in names or ["bar", "foo"]:
        if name not in COMMANDS:
            print(f"simple_app: unknown command {name!r}; choose from: bar, foo", file=sys.stderr)
            return 2
        COMMANDS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
