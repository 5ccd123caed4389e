"""The course's lock: every package it installs, at the versions the suite was run with.

    python tools/lock.py lock      # requirements.in -> requirements.txt (and the tests' pair)  (make lock)
    python tools/lock.py canary    # the newest releases in build/canary, and the suite there  (make canary)

People edit ``requirements.in`` (and ``tests/requirements.in``): the packages the course uses
directly, with the versions they were tested at. ``make lock`` has pip-tools' ``pip-compile``
resolve them into ``requirements.txt``, which pins every package, dependencies of dependencies
included (pip and setuptools too: ``--allow-unsafe``), and names in a comment why each one is
there. ``make lab``, ``make test``, CI, Binder and repo2docker install that file, so a set-up
next month gives the stack that was tested.

pip-compile keeps a pin that is already in ``requirements.txt`` as long as ``requirements.in``
allows it, so a lock changes only where someone changed the ``.in`` file (or
``--upgrade-package NAME`` asks for it).

One line is rewritten after pip-compile: ``torch==2.13.0+cpu`` (the CPU build, which this
machine's pip finds in a local wheel folder) becomes ``torch==2.13.0``, the version PyPI has.
On PyPI that is a CUDA build on Linux (pip then also installs its ``nvidia-*`` libraries, which
this lock does not pin) and a CPU build on macOS and Windows; README's Troubleshooting says how
to get the CPU build on Linux.

``canary`` finds drift before learners do: it installs the newest releases that
``requirements.in``'s names allow (its pins dropped, torch kept at its pin: an unpinned torch is
a multi-GB CUDA build) into a scratch venv, ``build/canary/``, and runs the test suite with it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_TOOLS = "pip-tools==7.6.2"
TOOLS_VENV = ROOT / "build" / "lock-venv"
CANARY = ROOT / "build" / "canary"
PAIRS = [
    (ROOT / "requirements.in", ROOT / "requirements.txt"),
    (ROOT / "tests" / "requirements.in", ROOT / "tests" / "requirements.txt"),
    (ROOT / "tools" / "lite" / "requirements.in", ROOT / "tools" / "lite" / "requirements.txt"),
    (ROOT / "classroom" / "requirements.in", ROOT / "classroom" / "requirements.txt"),
]
#: Pins whose local version label PyPI does not have: (what pip-compile writes, what the lock says).
LOCAL_BUILDS = [("torch==2.13.0+cpu", "torch==2.13.0")]
KEEP_PINNED = {"torch"}


def _bin(folder: Path, name: str) -> Path:
    return folder / ("Scripts" if os.name == "nt" else "bin") / name


def _tools() -> Path:
    """A venv of its own for pip-tools, so that the course's .venv gets nothing it does not need."""
    python = _bin(TOOLS_VENV, "python")
    if not python.exists():
        venv.create(TOOLS_VENV, with_pip=True)
    if not _bin(TOOLS_VENV, "pip-compile").exists():
        subprocess.run([python, "-m", "pip", "install", "--quiet", PIP_TOOLS], check=True)
    return _bin(TOOLS_VENV, "pip-compile")


def fix_local_builds(text: str) -> str:
    """The lock as pip-compile wrote it, with every pin PyPI cannot serve replaced.

    >>> fix_local_builds("torch==2.13.0+cpu\\n    # via -r requirements.in\\n")
    'torch==2.13.0\\n    # via -r requirements.in\\n'
    """
    for local, public in LOCAL_BUILDS:
        text = re.sub(rf"^{re.escape(local)}$", public, text, flags=re.M)
    return text


def lock(extra: list[str]) -> None:
    compile_ = _tools()
    for source, target in PAIRS:
        relative = target.relative_to(ROOT).as_posix()
        command = [
            compile_,
            "--quiet",
            "--strip-extras",
            "--allow-unsafe",
            "--no-emit-index-url",
            "--no-emit-find-links",
        ]
        command += ["--output-file", target.name, source.name, *extra]
        if source.parent != ROOT:  # the tests' extras, the browser edition's tools, the hub: at the course's pins
            command += ["--constraint", os.path.relpath(ROOT / "requirements.txt", source.parent)]
        env = {**os.environ, "CUSTOM_COMPILE_COMMAND": "make lock"}
        subprocess.run(command, cwd=source.parent, check=True, env=env)
        text = fix_local_builds(target.read_text(encoding="utf-8"))
        note = f"# Do not edit: this lock is made from {source.name} by `make lock` (tools/lock.py).\n"
        target.write_text(note + text.removeprefix(note), encoding="utf-8")
        count = sum(1 for line in target.read_text(encoding="utf-8").splitlines() if re.match(r"[A-Za-z0-9]", line))
        print(f"{relative}: {count} packages pinned")


def unpinned(text: str) -> list[str]:
    """The requirement names of a ``.in`` file, pins dropped except for :data:`KEEP_PINNED`.

    >>> unpinned("# a comment\\njupyterlab==4.6.6\\ntorch==2.13.0\\n\\nScrapy==2.19.0  # why\\n")
    ['jupyterlab', 'torch==2.13.0', 'Scrapy']
    """
    names = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name = re.split(r"[=<>!~;\[ ]", line, maxsplit=1)[0]
        names.append(line if name.lower() in KEEP_PINNED else name)
    return names


def canary() -> int:
    python = _bin(CANARY, "python")
    if not python.exists():
        venv.create(CANARY, with_pip=True)
    wanted = [*unpinned(PAIRS[0][0].read_text(encoding="utf-8")), *unpinned(PAIRS[1][0].read_text(encoding="utf-8"))]
    subprocess.run([python, "-m", "pip", "install", "--upgrade", *wanted], check=True)
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    subprocess.run([python, "-m", "pip", "check"], check=False)
    newer = subprocess.run([python, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True).stdout
    locked = {line.split("==")[0].lower(): line for line in (ROOT / "requirements.txt").read_text().splitlines()}
    drift = [
        line for line in newer.splitlines() if line.split("==")[0].lower() in locked and line not in locked.values()
    ]
    print("Newer than the lock:", ", ".join(drift) or "nothing")
    env = {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}", "OMP_NUM_THREADS": "1"}
    return subprocess.run([python, "-m", "pytest"], cwd=ROOT, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("lock", "canary"))
    args, extra = parser.parse_known_args(argv)
    if args.command == "lock":
        lock(extra)
        return 0
    return canary()


if __name__ == "__main__":
    sys.exit(main())
