"""The command line of simple_package."""

import simple_package


def main():
    print(f"simple-package {simple_package.__version__}")
    simple_package.a.bar()
    simple_package.b.foo()
