"""Control groups: how a learner's processes are held to a memory and CPU limit, and measured.

``spawner.py`` puts each learner's server (and so every process it starts: kernels, ``!python``,
pip) into a group ``python-packages/NAME`` with :func:`limit`; ``loadtest.py`` reads what the
group used. Version 2 of control groups (most current Linux servers) and version 1 are both
handled; the kernel enforces the limits, so a learner who fills the memory loses their own
kernel, not the class's server.
"""

from __future__ import annotations

from pathlib import Path

CGROUPS = Path("/sys/fs/cgroup")
PARENT = "python-packages"
PERIOD = 100_000  # microseconds: the CPU limit is a quota of this period


def _write(path: Path, value: str) -> None:
    path.write_text(value, encoding="ascii")


def groups(name: str, root: Path = CGROUPS) -> list[Path]:
    """The control groups of learner ``name``: one on version 2; on version 1 one per controller
    (memory, cpu, and cpuacct, which counts the CPU time)."""
    if (root / "cgroup.controllers").exists():
        return [root / PARENT / name]
    return [root / controller / PARENT / name for controller in ("memory", "cpu", "cpuacct")]


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
        memory_group, cpu_group, _ = made
        for group in made:
            group.mkdir(parents=True, exist_ok=True)
        if memory:
            _write(memory_group / "memory.limit_in_bytes", str(memory))
        _write(cpu_group / "cpu.cfs_period_us", str(PERIOD))
        _write(cpu_group / "cpu.cfs_quota_us", str(quota or -1))
    for group in made:
        _write(group / "cgroup.procs", str(pid))
    return made


def usage(name: str, root: Path = CGROUPS) -> tuple[int, float]:
    """What learner ``name``'s processes have used together since their server started: the most
    memory at once (file cache included), in bytes, and the CPU time, in seconds."""
    made = groups(name, root)
    if len(made) == 1:
        stat = dict(line.split() for line in (made[0] / "cpu.stat").read_text().splitlines())
        return int((made[0] / "memory.peak").read_text()), int(stat["usage_usec"]) / 1e6
    return int((made[0] / "memory.max_usage_in_bytes").read_text()), int((made[2] / "cpuacct.usage").read_text()) / 1e9


def working_memory(name: str, root: Path = CGROUPS) -> int:
    """The memory learner ``name``'s processes hold now that is theirs alone (anonymous memory:
    what they computed and allocated), without the file cache of libraries that all learners share."""
    group = groups(name, root)[0]
    stat = dict(line.split() for line in (group / "memory.stat").read_text().splitlines())
    return int(stat["anon"]) if "anon" in stat else int(stat["total_rss"])


def release(name: str, root: Path = CGROUPS) -> None:
    """Remove learner ``name``'s groups once their processes have ended (an empty group only)."""
    for group in groups(name, root):
        try:
            group.rmdir()
        except OSError:
            pass
