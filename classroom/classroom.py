"""Run the course for a class on one Linux server, with JupyterHub. Run every command as root.

    python3 classroom/classroom.py install         # the environment, the proxy, the course to hand out
    python3 classroom/classroom.py add alice bob   # learners' accounts; prints their passwords
    python3 classroom/classroom.py start           # the hub, in the foreground (Ctrl+C stops it)
    python3 classroom/classroom.py publish         # hand out the course as it is now in this clone
    python3 classroom/classroom.py backup          # every learner's work, into backups/
    python3 classroom/classroom.py remove --all    # end of the class: back up, then delete accounts

Everything goes under one folder, ``--home`` (default ``/srv/python-packages``; also
``CLASSROOM_HOME``), which ``jupyterhub_config.py`` reads. The README's section "A whole class on
JupyterHub" walks through a class from a fresh server to its end.

What the learners get is the *learner edition* of the course (exercises blank, solutions folded,
as in ``make lab``'s ``my_notebooks/``), committed into ``course.git``. nbgitpuller clones it into
each learner's ``~/python-packages`` on their first login, and merges each new ``publish`` on
later ones; a notebook the learner changed keeps the learner's version (their changes win).
"""

from __future__ import annotations

import argparse
import datetime
import grp
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOME = Path("/srv/python-packages")
GROUP = "python-packages"
#: A learner's name: a portable Unix account name (lower case, so that it is also the hub's name).
UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
#: The folder in each learner's home that nbgitpuller keeps in step with course.git.
COPY = "python-packages"
#: What the learners' copy holds, besides the learner edition of the notebooks.
PUBLISHED = (
    "notebooks/coursekit",
    "notebooks/data",
    "images",
    "sample_packages",
    "requirements.in",
    "requirements.txt",
    "LICENSE",
)
#: The course's JupyterLab configuration (no news pop-up, no update check, diagrams in the live
#: slides), copied with the layout it expects; every learner's server starts with it.
LAB_CONFIG = ("jupyter_lab_config.py", "jupyter_settings", "tools/rise_images.py", "images")
#: Not backed up: a notebook's scratch folder (each notebook rebuilds it) and caches.
SCRATCH = {f"{COPY}/notebooks/workspace", ".cache", ".local/share/jupyter/runtime"}
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # no l/1, o/0: read aloud or from a projector


class ClassroomError(Exception):
    """A problem the instructor can fix; main() prints it without a traceback."""


class Layout:
    """The classroom's folder and what ``install`` puts in it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.venv = self.root / "venv"
        self.proxy = self.root / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
        self.course = self.root / "course.git"
        self.gitconfig = self.root / "gitconfig"
        self.state = self.root / "state"
        self.backups = self.root / "backups"
        self.lab = self.root / "lab"  # the course's JupyterLab configuration, for every learner's server


def pull_query(home: Layout, notebook: str = "00_start_here.ipynb") -> dict[str, str]:
    """nbgitpuller's parameters: clone course.git into ~/python-packages, then open ``notebook``."""
    return {
        "repo": str(home.course),
        "branch": "main",
        "targetpath": COPY,
        "urlpath": f"lab/tree/{COPY}/notebooks/{notebook}",
    }


def _run(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], check=True, **kwargs)


def _git(*args, cwd: Path) -> str:
    identity = ["-c", "user.name=classroom.py", "-c", "user.email=classroom@localhost"]
    return _run("git", *identity, *args, cwd=cwd, capture_output=True, text=True).stdout.strip()


def _require_root() -> None:
    if os.geteuid() != 0:
        raise ClassroomError("Run this as root (sudo): it manages Unix accounts and the learners' servers.")


def _check_readable(path: Path) -> None:
    """Every folder above ``path`` must let other users through, or the learners cannot run the venv."""
    for folder in [path, *path.parents]:
        if folder.exists() and not folder.stat().st_mode & 0o001:
            raise ClassroomError(
                f"{folder} is closed to other users (mode {folder.stat().st_mode & 0o777:o}), so the learners "
                f"could not use {path}: choose a --home under /srv or /opt, or `chmod o+x {folder}`."
            )


# --- install and publish ----------------------------------------------------------------------


def install(home: Layout, python: str) -> None:
    """The hub's and learners' environment, the proxy, and the first published course."""
    _check_readable(home.root)
    version = _run(python, "-c", "import sys; print(*sys.version_info[:2])", capture_output=True, text=True)
    if tuple(map(int, version.stdout.split())) < (3, 11):
        raise ClassroomError(f"{python} is Python {version.stdout.strip()}; the course needs 3.11 or newer.")
    _check_readable(Path(shutil.which(python) or python).resolve())
    if not shutil.which("npm") or not shutil.which("git"):
        raise ClassroomError("install needs git and Node.js' npm (Debian: apt-get install git npm).")
    home.root.mkdir(parents=True, exist_ok=True)
    home.root.chmod(0o755)
    home.state.mkdir(mode=0o700, exist_ok=True)
    home.backups.mkdir(mode=0o700, exist_ok=True)
    pip = [home.venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    stamp = home.venv / ".classroom-requirements"
    wanted = (ROOT / "requirements.txt").read_text(encoding="utf-8") + (HERE / "requirements.txt").read_text()
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != wanted:
        print(f"== The course's environment and the hub, into {home.venv} (a few minutes the first time)")
        if not (home.venv / "bin" / "python").exists():
            _run(python, "-m", "venv", home.venv)
        _run(*pip, "-r", ROOT / "requirements.txt", "-r", HERE / "requirements.txt")
        _run(home.venv / "bin" / "python", "-m", "pip", "check", "--disable-pip-version-check")
        stamp.write_text(wanted, encoding="utf-8")
    proxy = home.proxy.parents[2]
    lock = HERE / "package-lock.json"
    if not home.proxy.exists() or (proxy / lock.name).read_bytes() != lock.read_bytes():
        print(f"== configurable-http-proxy, into {proxy}")
        proxy.mkdir(exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, proxy / name)
        _run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=proxy)
    _run(home.venv / "bin" / "python", __file__, "--home", home.root, "publish")  # needs nbformat
    print(f"Done. Next: add learners (`classroom.py add NAME ...`), then `classroom.py start --home {home.root}`.")


def learner_tree(dest: Path) -> int:
    """Write the learners' copy of the course into ``dest``: what PUBLISHED names, and the
    learner edition of every notebook. Returns the number of files."""
    sys.path.insert(0, str(ROOT / "tools"))
    import nbformat  # from the course's environment

    import build_editions  # the course's own tools
    import course_tools

    tracked = _git("ls-files", "-z", "--", *PUBLISHED, cwd=ROOT).split("\0")
    files = [name for name in tracked if name]
    for name in files:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    for path in course_tools.notebook_paths():
        nb = build_editions.learner_notebook(nbformat.read(path, as_version=4))
        (dest / "notebooks" / path.name).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    (dest / "jupytext.toml").write_text('# Your copy: plain notebooks, no paired text file.\nformats = "ipynb"\n')
    (dest / ".gitignore").write_text("notebooks/workspace/\n.ipynb_checkpoints/\n__pycache__/\n")
    return len(files) + len(course_tools.notebook_paths()) + 2


def readable_by_all(*paths: Path) -> None:
    """Let every user read ``paths`` and everything under them; only root writes."""
    for top in paths:
        for path in [top, *top.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def publish(home: Layout) -> str:
    """Commit the learner edition of this clone's course into course.git, and copy the course's
    JupyterLab configuration beside it; return what happened."""
    if not (home.course / "HEAD").exists():
        _run("git", "init", "--quiet", "--bare", "--initial-branch=main", home.course)
    source = _git("rev-parse", "--short", "HEAD", cwd=ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "course"
        _run("git", "clone", "--quiet", home.course, work, capture_output=True)
        for entry in work.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        count = learner_tree(work)
        _git("add", "--all", cwd=work)
        if not _git("status", "--porcelain", cwd=work):
            message = f"course.git already holds the course at {source}: nothing new to hand out."
        else:
            _git("commit", "--quiet", "-m", f"The course at {source}", cwd=work)
            _git("push", "--quiet", "origin", "HEAD:main", cwd=work)
            message = f"Published the course at {source} ({count} files) into {home.course}."
    shutil.rmtree(home.lab, ignore_errors=True)
    for name in LAB_CONFIG:
        (home.lab / name).parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, home.lab / name)
    # git refuses a repository another user owns ("dubious ownership"): this file, which every
    # learner's server names in GIT_CONFIG_SYSTEM, allows course.git
    home.gitconfig.write_text(f"[safe]\n\tdirectory = {home.course}\n", encoding="utf-8")
    readable_by_all(home.course, home.lab, home.gitconfig)
    print(message)
    return message


# --- learners' accounts -----------------------------------------------------------------------


def learners() -> list[str]:
    """The accounts in the class's group."""
    try:
        return sorted(grp.getgrnam(GROUP).gr_mem)
    except KeyError:
        return []


def check_names(names: list[str]) -> None:
    """Refuse, before anything is done, a name that cannot be a learner's account."""
    bad = [name for name in names if not UNIX_NAME.match(name)]
    if bad:
        raise ClassroomError(
            f"Not a valid account name: {', '.join(map(repr, bad))}. Use lower-case letters, digits, '_' "
            "and '-', starting with a letter or '_', at most 32 characters (e.g. 'ada_l'). Nothing was changed."
        )
    taken = [name for name in names if _exists(name) and name not in learners()]
    if taken:
        raise ClassroomError(
            f"{', '.join(taken)}: already an account on this server that is not a learner of the class "
            "(a system account or a person's). Choose other names. Nothing was changed."
        )


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def add(names: list[str]) -> list[tuple[str, str]]:
    """Create (or reset the password of) each learner; return (name, password) pairs."""
    _require_root()
    check_names(names)
    if not learners() and subprocess.run(["getent", "group", GROUP], capture_output=True).returncode:
        _run("groupadd", GROUP)
    made = []
    for name in names:
        if not _exists(name):
            _run("useradd", "--create-home", "--shell", "/bin/bash", "--groups", GROUP, "-K", "HOME_MODE=0700", name)
        home = Path(pwd.getpwnam(name).pw_dir)
        if not home.is_dir():  # an account whose home was lost: make it again, empty
            home.mkdir(parents=True)
            shutil.chown(home, name, pwd.getpwnam(name).pw_gid)
        home.chmod(0o700)  # useradd's default on Debian is 755: others could read the learner's work
        password = "".join(secrets.choice(PASSWORD_LETTERS) for _ in range(12))
        _run("chpasswd", input=f"{name}:{password}\n", text=True)
        made.append((name, password))
    return made


def remove(names: list[str], home: Layout) -> None:
    """Back up, then delete, each learner's account and home."""
    _require_root()
    strangers = [name for name in names if name not in learners()]
    if strangers:
        raise ClassroomError(f"Not learners of this class: {', '.join(strangers)}. Nothing was changed.")
    archive = backup(home, names)
    for name in names:
        subprocess.run(["pkill", "-KILL", "-u", name], check=False)
        _run("userdel", "--remove", name, stderr=subprocess.DEVNULL)
    print(f"Removed {len(names)} learners; their work is in {archive}.")


def backup(home: Layout, names: list[str] | None = None) -> Path:
    """Each learner's home, without scratch and caches, into backups/DATE/NAME.tar.gz."""
    _require_root()
    names = learners() if names is None else names
    folder = home.backups / datetime.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    folder.mkdir(parents=True, mode=0o700)
    for name in names:
        learner_home = Path(pwd.getpwnam(name).pw_dir)

        def skip(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
            inside = info.name.partition("/")[2]
            return None if any(inside == s or inside.startswith(s + "/") for s in SCRATCH) else info

        with tarfile.open(folder / f"{name}.tar.gz", "w:gz") as tar:
            if learner_home.is_dir():
                tar.add(learner_home, arcname=name, filter=skip)
    print(f"Backed up {len(names)} learners into {folder}.")
    return folder


# --- the hub ----------------------------------------------------------------------------------


def start(home: Layout) -> int:
    """The hub, in the foreground, with jupyterhub_config.py."""
    _require_root()
    hub = home.venv / "bin" / "jupyterhub"
    if not hub.exists():
        raise ClassroomError(f"No hub in {home.venv}: run `classroom.py install --home {home.root}` first.")
    env = {**os.environ, "CLASSROOM_HOME": str(home.root)}
    return subprocess.run([hub, "-f", HERE / "jupyterhub_config.py"], cwd=home.state, env=env).returncode


def _names(args: argparse.Namespace) -> list[str]:
    names = list(args.names)
    if getattr(args, "file", None):
        names += [line.strip() for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if getattr(args, "all", False):
        names = learners()
    if not names:
        raise ClassroomError(f"Name at least one learner (or --{'all' if args.command == 'remove' else 'file'}).")
    return names


def _publish(home: Layout) -> int:
    venv_python = home.venv / "bin" / "python"
    if Path(sys.prefix).resolve() != home.venv.resolve() and venv_python.exists():  # it needs nbformat
        return subprocess.run([venv_python, __file__, "--home", home.root, "publish"]).returncode
    publish(home)
    return 0


COMMANDS = {
    "install": lambda args, home: install(home, args.python),
    "publish": lambda args, home: _publish(home),
    "add": lambda args, home: print("\n".join(f"{name}\t{password}" for name, password in add(_names(args)))),
    "remove": lambda args, home: remove(_names(args), home),
    "backup": lambda args, home: backup(home),
    "list": lambda args, home: print("\n".join(learners()) or f"No learners yet (the group {GROUP!r} is empty)."),
    "start": lambda args, home: start(home),
}


def main(argv: list[str] | None = None) -> int:
    where = argparse.ArgumentParser(add_help=False)  # --home before or after the command
    where.add_argument("--home", type=Path, default=argparse.SUPPRESS, help=f"the classroom's folder ({HOME})")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], parents=[where])
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, **kwargs) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[where], **kwargs)

    setup = command("install", help="the environment, the proxy, the course to hand out")
    setup.add_argument("--python", default="/usr/bin/python3", help="a Python every user may run (3.11+)")
    command("publish", help="hand out the course as it is in this clone (learners' changes win)")
    adding = command("add", help="create learners' accounts, print their passwords")
    adding.add_argument("names", nargs="*")
    adding.add_argument("--file", type=Path, help="a file with one name per line")
    removing = command("remove", help="back up, then delete, learners' accounts")
    removing.add_argument("names", nargs="*")
    removing.add_argument("--all", action="store_true", help="every learner of the class")
    command("backup", help="every learner's work into backups/")
    command("list", help="the learners of the class")
    command("start", help="run the hub in the foreground")
    args = parser.parse_args(argv)
    home = Layout(getattr(args, "home", None) or Path(os.environ.get("CLASSROOM_HOME", HOME)))
    try:
        return COMMANDS[args.command](args, home) or 0
    except ClassroomError as error:
        print(f"classroom.py: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        failed = " ".join(map(str, error.cmd))
        print(f"classroom.py: `{failed}` failed (exit status {error.returncode}).", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
