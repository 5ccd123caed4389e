"""How the hub starts a learner's server: as the learner's own Unix user, with a memory and CPU limit.

JupyterHub's ``LocalProcessSpawner`` already runs each server as its learner's Unix user, so the
learners cannot read each other's files (their homes are mode 700, ``classroom.py add`` makes them
so). It does not enforce ``mem_limit`` or ``cpu_limit``: it only tells the server about them. This
spawner does, with the kernel's control groups (cgroups.py): each learner's server, and every
process it starts, goes into its own group ``python-packages/NAME``.

On a machine where the hub may not create groups (a container without them), the server starts
without limits and the hub's log says so. On a server run by systemd, ``jupyterhub-systemdspawner``
is the usual alternative (README, "A whole class on JupyterHub").
"""

from __future__ import annotations

import pwd
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

from cgroups import limit, release


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
