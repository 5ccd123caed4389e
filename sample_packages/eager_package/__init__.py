print("initialising eager_package")
from . import a, b
