"""How the hub starts a learner's server: as the learner's own Unix user, with a memory and CPU limit.

JupyterHub's ``LocalProcessSpawner`` already runs each server as its learner's Unix user, so the
learners cannot read each other's files (their homes are mode 700, ``classroom.py add`` makes them
so). It does not enforce ``mem_limit`` or ``cpu_limit``: it only tells the server about them. This
spawner does, with the kernel's control groups. Each learner's server, and every process it starts
(kernels, ``!python``, pip, scrapy), goes into its own group ``python-packages/NAME``; a learner who
fills the memory loses their own kernel (Jupyter says "the kernel died"), not the class's server.

Control groups version 2 (most current Linux servers) and version 1 are both handled. On a machine
where the hub may not create groups (a container without them), the server starts without limits
and the hub's log says so. On a server with systemd, ``jupyterhub-systemdspawner`` is the usual
alternative (README, "A whole class on JupyterHub").
"""

from __future__ import annotations

import pwd
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

CGROUPS = Path("/sys/fs/cgroup")
PARENT = "python-packages"
PERIOD = 100_000  # microseconds: the CPU limit is a quota of this period


def _write(path: Path, value: str) -> None:
    path.write_text(value, encoding="ascii")


def groups(name: str, root: Path = CGROUPS) -> list[Path]:
    """The control groups of learner ``name``: one on version 2, one per controller on version 1."""
    if (root / "cgroup.controllers").exists():
        return [root / PARENT / name]
    return [root / controller / PARENT / name for controller in ("memory", "cpu")]


def limit(name: str, pid: int, memory: int, cpus: float, root: Path = CGROUPS) -> list[Path]:
    """Put process ``pid`` (and so everything it starts) under ``memory`` bytes and ``cpus`` cores.

    Returns the groups it made; raises ``OSError`` where the groups cannot be made."""
    made = groups(name, root)
    quota = max(1000, int(cpus * PERIOD)) if cpus else None
    if len(made) == 1:  # version 2: one tree; the parent must hand the memory and cpu controllers down
        group = made[0]
        group.mkdir(parents=True, exist_ok=True)
        for parent in (root, root / PARENT):
            _write(parent / "cgroup.subtree_control", "+memory +cpu")
        if memory:
            _write(group / "memory.max", str(memory))
            _write(group / "memory.swap.max", "0")
        _write(group / "cpu.max", f"{quota} {PERIOD}" if quota else f"max {PERIOD}")
    else:  # version 1: a tree per controller
        memory_group, cpu_group = made
        memory_group.mkdir(parents=True, exist_ok=True)
        cpu_group.mkdir(parents=True, exist_ok=True)
        if memory:
            _write(memory_group / "memory.limit_in_bytes", str(memory))
        _write(cpu_group / "cpu.cfs_period_us", str(PERIOD))
        _write(cpu_group / "cpu.cfs_quota_us", str(quota or -1))
    for group in made:
        _write(group / "cgroup.procs", str(pid))
    return made


def peak_memory(name: str, root: Path = CGROUPS) -> int | None:
    """The most memory learner ``name``'s processes have used together since their server started."""
    group = groups(name, root)[0]
    for file in ("memory.peak", "memory.max_usage_in_bytes"):
        try:
            return int((group / file).read_text())
        except (OSError, ValueError):
            continue
    return None


def release(name: str, root: Path = CGROUPS) -> None:
    """Remove learner ``name``'s groups once their processes have ended (an empty group only)."""
    for group in groups(name, root):
        try:
            group.rmdir()
        except OSError:
            pass


class ClassroomSpawner(LocalProcessSpawner):
    """``LocalProcessSpawner`` with a clear message for a learner without a home, and real limits."""

    async def start(self):
        try:
            home = Path(pwd.getpwnam(self.user.name).pw_dir)
        except KeyError:
            raise RuntimeError(
                f"There is no Unix account {self.user.name!r} on this server: "
                f"ask your instructor to run `classroom.py add {self.user.name}`."
            ) from None
        if not home.is_dir():
            raise RuntimeError(
                f"Your home folder {home} is missing, so your server cannot start: "
                f"ask your instructor to run `classroom.py add {self.user.name}` again (it makes the folder)."
            )
        release(self.user.name)  # an empty group left by a server that ended with the hub
        result = await super().start()
        try:
            made = limit(self.user.name, self.pid, int(self.mem_limit or 0), float(self.cpu_limit or 0))
            self.log.info("%s: at most %s bytes, %s cores (%s)", self.user.name, self.mem_limit, self.cpu_limit, made)
        except OSError as error:
            self.log.warning("%s: no memory or CPU limit, control groups not available: %s", self.user.name, error)
        return result

    async def stop(self, now=False):
        await super().stop(now=now)
        release(self.user.name)
