"""Run the packages track on every Python a learner may have: 3.12 and 3.13 beside the course's 3.11.

The stored outputs come from Python 3.11 and strict nbval compares them there (``make test``).
This tool proves the other half of the promise: on 3.12 and 3.13 every notebook of the start
page and the packages track executes top to bottom without an error (cells tagged
``raises-exception`` may fail, as they do on 3.11), in a kernel of that Python whose ``python``
on PATH is the same Python, as in an activated venv.

    python tools/other_pythons.py setup          # make build/pythons/3.12 and 3.13 (needs a package registry)
    python tools/other_pythons.py run            # execute the track on each, offline; report
    python tools/other_pythons.py run --diff     # ... and show where outputs differ from 3.11's

Each venv holds only what the track needs, at the pins of ``requirements.txt`` (no torch, no
Scrapy: the demos stay on 3.11), and coursekit installed editable. An interpreter is found as
``python3.12`` on PATH or under pyenv (``~/.pyenv/versions/3.12.*``).
"""

from __future__ import annotations

import argparse
import difflib
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import syllabus

import course_tools

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / "build" / "pythons"
VERSIONS = ("3.12", "3.13")
#: What the start page and the packages track import or run, taken at requirements.txt's pins.
TRACK_PACKAGES = (
    "pip",
    "ipykernel",
    "ipywidgets",
    "nbclient",
    "nbformat",
    "build",
    "pyproject_hooks",
    "flit_core",
    "setuptools",
    "packaging",
    "psutil",
    "twine",
    "pypiserver",
    "passlib",
)
TRACKS = ("Start", "Packages")


def track_notebooks() -> list[Path]:
    """The start page and the packages track, in course order."""
    return [course_tools.NOTEBOOKS / item.file for item in syllabus.LESSONS if item.track in TRACKS]


def pins() -> list[str]:
    """``name==version`` from requirements.txt for every package the track needs."""
    found = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            found[match.group(1).lower().replace("-", "_")] = line.strip()
    missing = [name for name in TRACK_PACKAGES if name.lower() not in found]
    if missing:
        raise SystemExit(f"requirements.txt pins none of {missing}: add them there")
    return [found[name.lower()] for name in TRACK_PACKAGES]


def interpreter(version: str) -> str | None:
    """A working ``python<version>``: under pyenv (the newest patch release), else on PATH.

    A pyenv *shim* on PATH exists for every name but fails for a version not selected,
    so each candidate is tried before it is used."""
    pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = sorted(
        glob.glob(f"{pyenv}/versions/{version}.*/bin/python{version}"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", Path(p).parents[1].name)],
    )[::-1]
    candidates += [shutil.which(f"python{version}") or ""]
    for candidate in filter(None, candidates):
        works = subprocess.run([candidate, "-c", "pass"], capture_output=True).returncode == 0
        if works:
            return candidate
    return None


def venv_python(version: str) -> Path:
    return VENVS / version / "bin" / "python"


def kernel_name(version: str) -> str:
    return f"course-python{version}"


def setup(version: str) -> None:
    """Make (or bring up to date) the venv for ``version`` and its kernelspec."""
    base = interpreter(version)
    if base is None:
        raise SystemExit(f"Python {version} not found (neither python{version} on PATH nor under pyenv)")
    venv, wanted = VENVS / version, "\n".join(pins()) + "\n"
    stamp = venv / ".requirements-track.txt"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted and venv_python(version).exists():
        print(f"Python {version}: {venv.relative_to(ROOT)} is up to date")
        return
    print(f"Python {version}: making {venv.relative_to(ROOT)} from {base}")
    subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)
    pip = [str(venv_python(version)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *pins()], check=True)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    # The kernelspec a learner's venv of that Python has (the one inside the ipykernel wheel),
    # with the interpreter spelled out. Not `ipykernel install`: it adds -Xfrozen_modules=off,
    # and notebook 1 shows frozen modules at work.
    spec = venv / "share" / "jupyter" / "kernels" / kernel_name(version)
    spec.mkdir(parents=True, exist_ok=True)
    argv = [str(venv_python(version)), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": f"Python {version} (course track)", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel, indent=1) + "\n", encoding="utf-8")
    stamp.write_text(wanted, encoding="utf-8")


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
        else:
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts).replace("\r\n", "\n")


def run(version: str, show_diff: bool = False) -> list[str]:
    """Execute every track notebook in a kernel of ``version``; return the failures."""
    if not venv_python(version).exists():
        return [f"Python {version}: no venv; run `make pythons` (tools/other_pythons.py setup) first"]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(VENVS / version / "share" / "jupyter"), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    )
    env = {"PATH": str(venv_python(version).parent) + os.pathsep + os.environ.get("PATH", "")}
    failures = []
    scratch = VENVS / version / "workspace"
    for path in track_notebooks():
        shutil.rmtree(scratch, ignore_errors=True)
        started = time.perf_counter()
        if not path.exists():
            failures.append(f"Python {version}: {path.name} does not exist")
            continue
        stored = nbformat.read(path, as_version=4)
        try:
            nb = course_tools.execute(
                path, kernel_name=kernel_name(version), workspace=scratch, env=env, timeout=120, notebook=stored
            )
        except Exception as error:  # a cell failed: report it, go on with the next notebook
            failures.append(f"Python {version}: {path.name}: {str(error).strip().splitlines()[-1][:300]}")
            print(f"  FAIL  {path.name}  ({time.perf_counter() - started:4.1f} s)")
            continue
        reference = nbformat.read(path, as_version=4)
        differ = [
            (i, a, b)
            for i, (a, b) in enumerate(zip(reference.cells, nb.cells, strict=True))
            if a.cell_type == "code" and _text(a) != _text(b)
        ]
        print(f"  ok    {path.name}  ({time.perf_counter() - started:4.1f} s; {len(differ)} cells differ from 3.11)")
        if show_diff:
            for index, a, b in differ:
                lines = difflib.unified_diff(_text(a).splitlines(), _text(b).splitlines(), "3.11", version, lineterm="")
                print(f"    cell {index}:\n      " + "\n      ".join(list(lines)[2:40]))
    shutil.rmtree(scratch, ignore_errors=True)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["setup", "run"])
    parser.add_argument("versions", nargs="*", default=list(VERSIONS))
    parser.add_argument("--diff", action="store_true", help="show outputs that differ from the stored 3.11 ones")
    args = parser.parse_args(argv)
    if args.command == "setup":
        for version in args.versions:
            setup(version)
        return 0
    failures = []
    for version in args.versions:
        print(f"== Python {version}: the start page and the packages track")
        failures += run(version, args.diff)
    for failure in failures:
        print("FAILED:", failure)
    print("All track notebooks ran on " + ", ".join(args.versions) if not failures else f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
