"""JupyterHub for a class on one Linux server: the hub's configuration.

Start it as root with ``python3 classroom/classroom.py start`` (which runs ``jupyterhub -f`` on
this file). Everything it uses was made by ``classroom.py install`` under the classroom's folder,
``CLASSROOM_HOME`` (default ``/srv/python-packages``):

    venv/       the course's environment plus the hub (classroom/requirements.txt), world-readable
    proxy/      configurable-http-proxy from npm (classroom/package-lock.json)
    course.git  the learner edition of the course, which nbgitpuller hands out
    lab/        the course's JupyterLab configuration, which every learner's server starts with
    gitconfig   lets the learners' git read course.git, which root owns
    state/      the hub's database, cookie secret and proxy token (mode 700)

Learners log in with their Unix account and password (PAM); only members of the group
``python-packages`` may (``classroom.py add`` creates accounts in it). Each learner's server runs
as that Unix user, in their own home (mode 700), with a memory and CPU limit (spawner.py), and
opens on their own copy of the course, pulled by nbgitpuller on every login.

Settings come from the environment, so that this file need not be edited:

    CLASSROOM_HOME        the classroom's folder (default /srv/python-packages)
    CLASSROOM_IP          the address the class connects to (default 127.0.0.1: put a reverse
                          proxy with TLS in front, or set the server's public address and the
                          two below, so that the hub serves HTTPS itself)
    CLASSROOM_PORT        its port (default 8000)
    CLASSROOM_SSL_CERT    a TLS certificate and key: the hub then serves HTTPS itself
    CLASSROOM_SSL_KEY
    CLASSROOM_ADMINS      instructors' account names, comma-separated (they may manage the class)
    CLASSROOM_MEM_LIMIT   memory per learner (default 2G; the PyTorch demo needs most, README)
    CLASSROOM_CPU_LIMIT   cores per learner (default 1)
    CLASSROOM_IDLE_TIMEOUT  seconds before an idle server is stopped (default 3600); work is saved
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # spawner.py and classroom.py, beside this file

import classroom  # noqa: E402

c = get_config()  # noqa: F821 (JupyterHub defines it when it reads this file)
home = classroom.Layout(Path(os.environ.get("CLASSROOM_HOME", classroom.HOME)))
venv = home.venv.resolve()  # the real folder: a kernel's sys.prefix is, so `python` on PATH must be too
port = int(os.environ.get("CLASSROOM_PORT", "8000"))

# --- Where the class connects: 127.0.0.1 by default ------------------------------------------
c.JupyterHub.ip = os.environ.get("CLASSROOM_IP", "127.0.0.1")
c.JupyterHub.port = port
# The hub's own API and the proxy's API stay on loopback, on ports next to the public one.
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = port + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.command = [str(home.proxy)]
if os.environ.get("CLASSROOM_SSL_CERT"):
    c.JupyterHub.ssl_cert = os.environ["CLASSROOM_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["CLASSROOM_SSL_KEY"]

# --- The hub's state: outside the course, readable by root only -------------------------------
c.JupyterHub.db_url = f"sqlite:///{home.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(home.state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(home.state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(home.state / "proxy.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the learners' servers (work is saved)

# --- Who may log in: Unix accounts in the class's group ---------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {classroom.GROUP}
c.PAMAuthenticator.open_sessions = False  # no login sessions: most servers and containers lack them
c.Authenticator.username_pattern = classroom.UNIX_NAME.pattern
c.Authenticator.admin_users = {name for name in os.environ.get("CLASSROOM_ADMINS", "").split(",") if name}

# --- Each learner's server: their Unix user, their home, their limits, their copy -------------
c.JupyterHub.spawner_class = "spawner.ClassroomSpawner"
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    # `python`, `pip` and `scrapy` in a cell are the course environment's, as after `make lab`
    "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    # git refuses a repository another user owns ("dubious ownership"); this file allows course.git
    "GIT_CONFIG_SYSTEM": str(home.gitconfig),
    # one OpenMP thread per kernel: a class shares the cores (the PyTorch demo would take them all)
    "OMP_NUM_THREADS": "1",
}
# Kernels talk to their server over Unix sockets in the learner's own runtime folder, not over TCP
# ports on 127.0.0.1: with TCP, two servers starting kernels at the same moment can pick the same
# free port (the load test saw a kernel die of "Address already in use" with 20 learners at once).
# And the course's own JupyterLab configuration (no news pop-up, no update check, the diagrams in
# the live slides), which `classroom.py publish` copies into lab/.
c.Spawner.args = ["--KernelManager.transport=ipc", f"--config={home.lab / 'jupyter_lab_config.py'}"]
c.Spawner.mem_limit = os.environ.get("CLASSROOM_MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(os.environ.get("CLASSROOM_CPU_LIMIT", "1"))
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
# Every login pulls the course: the first time it clones it into ~/python-packages, later it
# merges what changed and keeps every change the learner made (nbgitpuller).
c.Spawner.default_url = "/git-pull?" + urlencode(classroom.pull_query(home))

# --- Idle servers are stopped after a while (their notebooks are saved) ------------------------
idle = os.environ.get("CLASSROOM_IDLE_TIMEOUT", "3600")
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [str(venv / "bin" / "python"), "-m", "jupyterhub_idle_culler", f"--timeout={idle}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
# Scripts that manage the class (the hub test, the load test) use a service token of their own.
if os.environ.get("CLASSROOM_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "classroom-admin", "api_token": os.environ["CLASSROOM_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "admin", "services": ["classroom-admin"]})
