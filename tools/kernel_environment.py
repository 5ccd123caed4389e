"""A pytest plugin (``-p kernel_environment`` in pyproject.toml): the environment kernels inherit.

Loaded for every pytest run, whatever paths it is given (``pytest notebooks/01_modules.ipynb``
too), before any kernel starts:

- ``IPYKERNEL_CELL_NAME``: warnings name a cell ``<IPY-INPUT>`` instead of a temporary file
  that changes every run (the stored outputs are made the same way, see course_tools.STABLE_ENV);
- ``PATH`` starts with this environment's ``bin``: notebooks run commands as a learner types
  them (``!python -m build``), so ``python`` must be this environment's, as in an activated venv
  (``make`` puts ``.venv/bin`` first too).
"""

import os
import sys

os.environ.setdefault("IPYKERNEL_CELL_NAME", "<IPY-INPUT>")

_bin = os.path.dirname(sys.executable)
if os.environ.get("PATH", "").split(os.pathsep)[0] != _bin:
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")
