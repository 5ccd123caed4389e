"""Your own copy of the course: `make lab` opens it, so the committed notebooks stay as they are.

    python tools/learner_copy.py update            # make or update my_notebooks/ (make lab runs this)
    python tools/learner_copy.py reset 01_modules  # a fresh copy of one notebook (or several; none: all)
    python tools/learner_copy.py status            # which notebooks you changed

``my_notebooks/`` (git-ignored) holds one notebook per lesson, made from the *learner edition*:
exercises blank, no stored "correct!" under them, every worked solution folded into a Markdown
cell that Run All never runs. Lab's autosave writes there; `make test` never reads it.

Nothing you wrote is ever deleted or overwritten. After a `git pull`, `update`:

- adds the notebooks that are new in the course;
- replaces a notebook you never changed with the course's new version;
- keeps every notebook you changed; if the course changed it too, it says so, and
  `reset NAME` gives you the new version after moving yours to ``my_notebooks/backups/``;
- puts back a notebook you deleted (a fresh copy);
- keeps notebooks the course no longer has, and anything else you saved there.

(This is the rule nbgitpuller follows on a JupyterHub: your changes win, the rest follows the
course.) The record of what was handed out is ``my_notebooks/.course_copy.json``; if it is missing
or unreadable (an older copy), every notebook already there counts as yours.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from pathlib import Path

import nbformat

import build_editions
import course_tools

ROOT = course_tools.ROOT
COPY = ROOT / "my_notebooks"
STATE = ".course_copy.json"
BACKUPS = "backups"
# Inside the copy, notebooks are saved alone: no .md twin (jupytext reads the nearest jupytext.toml).
JUPYTEXT_TOML = '# Your copies are plain notebooks: no paired text file.\nformats = "ipynb"\n'


def learner_bytes(path: Path) -> bytes:
    """The learner edition of the course notebook ``path``, as the bytes the copy holds."""
    nb = build_editions.learner_notebook(nbformat.read(path, as_version=4))
    for cell in nb.cells:  # links into the course's own folders, seen from my_notebooks/
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace("](coursekit/", "](../notebooks/coursekit/")
            cell.source = cell.source.replace("](data/", "](../notebooks/data/")
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_state(folder: Path) -> dict[str, str]:
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
        files = state["handed_out"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_state(folder: Path, handed_out: dict[str, str]) -> None:
    text = json.dumps({"about": "what tools/learner_copy.py handed out (sha256)", "handed_out": handed_out}, indent=1)
    (folder / STATE).write_text(text + "\n", encoding="utf-8")


def _course(notebooks: list[Path] | None) -> dict[str, Path]:
    return {p.name: p for p in (notebooks if notebooks is not None else course_tools.notebook_paths())}


def update(folder: Path = COPY, notebooks: list[Path] | None = None) -> list[str]:
    """Make or update the learner copy in ``folder``; return one line per thing done."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "jupytext.toml").exists():
        (folder / "jupytext.toml").write_text(JUPYTEXT_TOML, encoding="utf-8")
    handed_out = _read_state(folder)
    report = []
    for name, path in _course(notebooks).items():
        fresh = learner_bytes(path)
        target = folder / name
        if not target.exists():
            target.write_bytes(fresh)
            report.append(f"restored {name} (it was missing: a fresh copy)" if name in handed_out else f"added {name}")
            handed_out[name] = _digest(fresh)
            continue
        mine = _digest(target.read_bytes())
        if mine == _digest(fresh):
            handed_out[name] = mine
        elif mine == handed_out.get(name):  # untouched since it was handed out: follow the course
            target.write_bytes(fresh)
            handed_out[name] = _digest(fresh)
            report.append(f"updated {name} (you had not changed it)")
        elif _digest(fresh) != handed_out.get(name):  # yours, and the course has changed it since
            report.append(
                f"kept {name}: it holds your work, and the course has a newer version of it; "
                f"`make reset NB={target.stem}` gives you that (yours goes to {folder.name}/{BACKUPS}/)"
            )
        # else: yours, and the course has not changed it since: nothing to say
    for extra in sorted(p.name for p in folder.glob("*.ipynb") if p.name not in _course(notebooks)):
        report.append(f"kept {extra} (not a notebook of the course now)")
    _write_state(folder, handed_out)
    return report


def resolve(names: list[str], notebooks: list[Path] | None = None) -> list[str]:
    """Course notebook file names for what a learner typed: '01', '01_modules' or '01_modules.ipynb'."""
    course = list(_course(notebooks))
    found = []
    for typed in names:
        stem = Path(typed.strip()).name.removesuffix(".ipynb").removesuffix(".md")
        matches = [n for n in course if n.removesuffix(".ipynb") == stem or n.split("_")[0] == stem]
        if len(matches) != 1:
            raise SystemExit(f"There is no course notebook {typed!r}. Choose one of: {', '.join(course)}")
        found.append(matches[0])
    return found


def reset(names: list[str], folder: Path = COPY, notebooks: list[Path] | None = None, now=None) -> list[str]:
    """A fresh copy of each notebook in ``names`` (all when empty); yours is moved to backups/ first."""
    course = _course(notebooks)
    chosen = resolve(names, notebooks) if names else list(course)
    folder.mkdir(parents=True, exist_ok=True)
    handed_out = _read_state(folder)
    stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    report = []
    for name in chosen:
        fresh, target = learner_bytes(course[name]), folder / name
        if target.exists() and target.read_bytes() != fresh:
            backup = folder / BACKUPS / f"{target.stem}-{stamp}.ipynb"
            backup.parent.mkdir(exist_ok=True)
            target.replace(backup)
            report.append(f"reset {name}: yours is now {folder.name}/{BACKUPS}/{backup.name}")
        else:
            report.append(f"reset {name}: it was already the course's version")
        target.write_bytes(fresh)
        handed_out[name] = _digest(fresh)
    _write_state(folder, handed_out)
    return report


def status(folder: Path = COPY, notebooks: list[Path] | None = None) -> list[str]:
    """One line per notebook of the copy: yours (changed), the course's, or missing."""
    handed_out, lines = _read_state(folder), []
    for name in _course(notebooks):
        target = folder / name
        if not target.exists():
            lines.append(f"  missing   {name} (`make lab` puts it back)")
        elif _digest(target.read_bytes()) == handed_out.get(name):
            lines.append(f"  as given  {name}")
        else:
            lines.append(f"  yours     {name}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "reset", "status"))
    parser.add_argument("names", nargs="*", help="for reset: notebooks such as 01_modules (none: all)")
    args = parser.parse_args(argv)
    if args.command == "update":
        lines = update(COPY)
        print(f"Your copy of the course is in {COPY.name}/ ({len(course_tools.notebook_paths())} notebooks).")
    elif args.command == "reset":
        lines = reset(args.names, COPY)
    else:
        lines = status(COPY)
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
