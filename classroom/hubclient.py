"""A learner at the hub, driven from Python: log in, start the server, pull the course, run a notebook.

The hub test (tests/test_classroom.py) and the load test (loadtest.py) use it. It does over HTTP
what a learner's browser does: the login form (with its ``_xsrf`` field), the OAuth redirect that
gives the learner's server its cookie, nbgitpuller's pull (the event stream its page reads), and
a notebook's code cells sent one by one to a kernel over the Jupyter server's websocket API.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import requests
import websocket

import classroom

CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"


class HubError(Exception):
    """Something a learner would see go wrong: a refused login, a failed spawn or pull."""


def wait_for_hub(url: str, timeout: float = 60, verify: str | bool = True) -> float:
    """Wait until the hub answers ``/hub/api`` (the proxy says 404 for a moment first)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if requests.get(f"{url}/hub/api", timeout=2, verify=verify).status_code == 200:
                return time.monotonic() - start
        except requests.ConnectionError:
            pass
        time.sleep(0.25)
    raise HubError(f"the hub at {url} did not answer within {timeout:.0f} s")


class TrialClass:
    """A class of its own on 127.0.0.1, for a test: see :func:`trial_class`."""

    def __init__(self, url: str, home: classroom.Layout, token: str, passwords: dict[str, str]) -> None:
        self.url, self.home, self.passwords = url, home, passwords
        self.admin = Admin(url, token)
        self.log = ""
        self.session = 0  # the hub's process id, and the session of the hub, proxy and culler

    def learner(self, name: str) -> Learner:
        """Learner ``name``, logged in, with a running server and their copy of the course."""
        learner = Learner(self.url, name)
        learner.login(self.passwords[name])
        learner.spawn()
        learner.pull(classroom.pull_query(self.home))
        return learner


@contextlib.contextmanager
def trial_class(installed: classroom.Layout, names: list[str], **settings: str) -> Iterator[TrialClass]:
    """A hub with the repository's configuration on a free loopback port, for a test.

    Its classroom folder is new and temporary (course.git with this clone's course, the database);
    the venv and proxy are ``installed``'s. ``names`` become learners, ``settings`` the hub's
    CLASSROOM_* variables (``MEM_LIMIT="1G"``). Afterwards the hub is stopped, the accounts and the
    folder deleted; a learner's process still running then raises RuntimeError."""
    if not (installed.venv / "bin" / "jupyterhub").exists() or not installed.proxy.exists():
        raise HubError(f"the hub's environment is not in {installed.root}: run `make classroom-setup` (once, online)")
    folder = Path(tempfile.mkdtemp(prefix="classroom-test-"))
    folder.chmod(0o755)  # the learners' git must read course.git inside it
    home = classroom.Layout(folder)
    home.venv.symlink_to(installed.venv)
    (folder / "proxy").symlink_to(installed.root / "proxy")
    for private in (home.state, home.backups):
        private.mkdir(mode=0o700)
    made_group = not classroom.learners()
    port, token, process, log = _free_port(), secrets.token_hex(24), None, folder / "hub.log"
    env = {**os.environ, "CLASSROOM_HOME": str(folder), "CLASSROOM_PORT": str(port), "CLASSROOM_ADMIN_TOKEN": token}
    env.update({f"CLASSROOM_{key}": value for key, value in settings.items()})
    scheme = "https" if settings.get("SSL_CERT") else "http"
    trial = TrialClass(f"{scheme}://127.0.0.1:{port}", home, token, {})
    try:
        subprocess.run([home.venv / "bin" / "python", classroom.__file__, "--home", folder, "publish"], check=True)
        trial.passwords = dict(classroom.add(names))
        with log.open("w") as output:
            process = subprocess.Popen(
                [home.venv / "bin" / "jupyterhub", "-f", CONFIG],
                cwd=home.state,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a stop waits 30 s for a hub that ignores SIGINT otherwise
            )
        trial.session = process.pid
        wait_for_hub(trial.url, verify=settings.get("SSL_CERT", True))
        yield trial
    finally:
        if process:
            process.terminate()
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
        deadline = time.monotonic() + 10  # servers end their kernels as they stop: give them a moment
        while (
            left := [f"{name}: {line}" for name in names for line in _processes(name)]
        ) and time.monotonic() < deadline:
            time.sleep(0.5)
        for name in names:
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)
            subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)
        if made_group:
            subprocess.run(["groupdel", classroom.GROUP], check=False)
        trial.log = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                left.append(f"something still listens on port {port}")
    if left:
        raise RuntimeError(f"left running after the hub stopped: {left}")


def _free_port() -> int:
    """A port p with p, p+1 and p+2 free (the hub, its API, the proxy's API)."""
    for _ in range(50):
        port = 20000 + secrets.randbelow(20000)
        try:
            for offset in range(3):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port + offset))
            return port
        except OSError:
            continue
    raise HubError("no three free ports in a row on 127.0.0.1")


def _processes(user: str) -> list[str]:
    """The processes of ``user`` still alive (an ended one whose parent has not yet reaped it is not)."""
    listing = subprocess.run(["ps", "-u", user, "-o", "stat=,pid=,args="], capture_output=True, text=True).stdout
    return [line.strip() for line in listing.splitlines() if line.strip() and not line.strip().startswith("Z")]


class Admin:
    """The class's service token (CLASSROOM_ADMIN_TOKEN), for what an instructor does."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.session = url, requests.Session()
        self.session.headers["Authorization"] = f"token {token}"

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, f"{self.url}/hub/api{path}", timeout=30, **kwargs)

    def server(self, name: str) -> dict:
        return self.api("GET", f"/users/{name}").json().get("servers", {}).get("", {})

    def stop(self, name: str, timeout: float = 60) -> None:
        self.api("DELETE", f"/users/{name}/server")
        deadline = time.monotonic() + timeout
        while self.server(name) and time.monotonic() < deadline:
            time.sleep(0.5)


class Learner:
    """One learner's browser: a session with the hub's cookies."""

    def __init__(self, url: str, name: str) -> None:
        self.url, self.name = url, name
        self.session = requests.Session()
        self.token: str | None = None

    def login(self, password: str) -> None:
        """The hub's login form; raises HubError with the page's message if it refuses."""
        self.session.get(f"{self.url}/hub/login", timeout=30)  # sets the _xsrf cookie that the form sends back
        reply = self.session.post(
            f"{self.url}/hub/login?next=",
            data={"username": self.name, "password": password, "_xsrf": self.session.cookies.get("_xsrf", "")},
            allow_redirects=False,
            timeout=60,
        )
        if reply.status_code != 302:
            shown = re.search(r'class="login_error">\s*(.*?)\s*<', reply.text)  # what the page says in red
            raise HubError(f"{self.name}: login refused ({reply.status_code}: {shown[1] if shown else reply.reason})")
        token = self.session.post(
            f"{self.url}/hub/api/users/{self.name}/tokens", json={"note": "hubclient"}, headers=self._xsrf(), timeout=30
        )
        token.raise_for_status()
        self.token = token.json()["token"]  # for the learner's own server's API, as a script would use

    def spawn(self, timeout: float = 120) -> float:
        """Start the learner's server as the browser does after login; the seconds until it is ready.

        Reads the progress stream that the hub's "Server starting" page shows, so a failed spawn
        raises HubError with the message that page gives the learner."""
        start = time.monotonic()
        base = f"{self.url}/hub/api/users/{self.name}/server"
        reply = self.session.post(base, headers=self._xsrf(), timeout=timeout)
        if reply.status_code in (401, 403):
            raise HubError(f"{self.name}: may not start a server ({reply.status_code}: {_message(reply)})")
        events = []
        if reply.status_code in (202, 500):  # still starting, or failed already: the progress says which
            with self.session.get(f"{base}/progress", stream=True, timeout=timeout) as progress:
                for line in progress.iter_lines(decode_unicode=True):
                    if line.startswith("data: "):
                        events.append(json.loads(line[6:]))
                        if events[-1].get("ready") or events[-1].get("failed"):
                            break
        if events and events[-1].get("failed"):
            raise HubError(f"{self.name}: {events[-1].get('message')}")
        # the OAuth round trip that gives the browser its cookie for /user/NAME/ (an API call cannot)
        lab = self.session.get(f"{self.url}/user/{self.name}/lab", timeout=60)
        if lab.status_code != 200:
            raise HubError(f"{self.name}: the server started but its page does not open ({lab.status_code})")
        return time.monotonic() - start

    def _xsrf(self) -> dict[str, str]:
        return {"X-XSRFToken": self.session.cookies.get("_xsrf", path="/hub/") or ""}

    # --- the learner's own server ---------------------------------------------------------------

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        """Call ``/user/NAME/api{path}`` with the learner's token (or ``token``, someone else's)."""
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, f"{self.url}/user/{self.name}/api{path}", headers=headers, timeout=60, **kwargs)

    def pull(self, query: dict[str, str], timeout: float = 120) -> list[str]:
        """nbgitpuller's pull, as its page runs it; returns git's output, raises HubError on failure."""
        address = f"{self.url}/user/{self.name}/git-pull/api?{urlencode(query)}"
        headers = {"Authorization": f"token {self.token}"}
        lines, phase = [], None
        with requests.get(address, headers=headers, stream=True, timeout=timeout) as reply:
            if reply.status_code != 200:
                raise HubError(f"{self.name}: the pull was refused ({reply.status_code})")
            for line in reply.iter_lines(decode_unicode=True):
                if not line.startswith("data: "):
                    continue
                event = json.loads(line[6:])
                phase = event.get("phase")
                if event.get("output"):
                    lines.append(event["output"].rstrip())
                if phase == "error":
                    raise HubError(f"{self.name}: the pull failed: {event.get('message')}")
        if phase != "finished":
            raise HubError(f"{self.name}: the pull ended without finishing")
        return lines

    def notebook(self, path: str) -> dict:
        reply = self.api("GET", f"/contents/{path}", params={"content": "1"})
        if reply.status_code != 200:
            raise HubError(f"{self.name}: cannot open {path} ({reply.status_code}: {_message(reply)})")
        return reply.json()["content"]

    def run(self, path: str, timeout: float = 300) -> Run:
        """Run every code cell of the notebook at ``path`` in a new kernel, as Run All does."""
        started = time.monotonic()
        run = Run(path)
        with self.kernel(path, timeout) as kernel:
            for cell in self.notebook(path)["cells"]:
                if cell["cell_type"] == "code" and "".join(cell["source"]).strip():
                    result = kernel.execute("".join(cell["source"]))
                    # a cell that shows an error on purpose (Run All goes on past it in JupyterLab too)
                    result["expected"] = "raises-exception" in cell.get("metadata", {}).get("tags", [])
                    run.cells.append(result)
            run.reconnects = kernel.reconnects
        run.seconds = time.monotonic() - started
        return run

    @contextlib.contextmanager
    def kernel(self, path: str, timeout: float = 300) -> Iterator[Kernel]:
        """A kernel of the learner's, started for the notebook at ``path`` (in its folder)."""
        session = self.api("POST", "/sessions", json={"path": path, "type": "notebook", "kernel": {"name": "python3"}})
        if session.status_code != 201:
            raise HubError(f"{self.name}: no kernel for {path} ({session.status_code}: {_message(session)})")
        kernel = session.json()["kernel"]["id"]
        address = f"{self.url.replace('http', 'ws', 1)}/user/{self.name}/api/kernels/{kernel}/channels"
        connection = Kernel(address, self.token, deadline=time.monotonic() + timeout)
        try:
            yield connection
        finally:
            connection.socket.close()
            self.api("DELETE", f"/sessions/{session.json()['id']}")


class Kernel:
    """A kernel's websocket: :meth:`execute` sends code as a notebook cell does.

    Like JupyterLab, it connects with a session id of its own and, if the connection drops (a
    busy server may miss a ping), connects again with the same id: the server keeps the kernel's
    messages meanwhile and replays them. :attr:`reconnects` counts how often that happened."""

    RECONNECTS = 3

    def __init__(self, address: str, token: str, deadline: float) -> None:
        self.session = uuid.uuid4().hex
        self.address, self.token, self.deadline, self.reconnects = (
            f"{address}?session_id={self.session}",
            token,
            deadline,
            0,
        )
        self.socket = self._connect()

    def _connect(self) -> websocket.WebSocket:
        timeout = max(1.0, self.deadline - time.monotonic())
        return websocket.create_connection(self.address, header=[f"Authorization: token {self.token}"], timeout=timeout)

    def _receive(self) -> dict:
        while True:
            try:
                return json.loads(self.socket.recv())
            except websocket.WebSocketConnectionClosedException:
                if self.reconnects >= self.RECONNECTS:
                    raise
                self.reconnects += 1
                self.socket = self._connect()

    def execute(self, code: str) -> dict:
        """Run ``code``; return {"code", "text" (what it printed and showed), "error" (or None)}."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "", "session": self.session}
        header["version"] = "5.3"
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
        self.socket.send(json.dumps(message))
        text, error = [], None
        while time.monotonic() < self.deadline:
            message = self._receive()
            kind, body = message["msg_type"], message["content"]
            if kind == "status" and body.get("execution_state") in ("restarting", "dead"):  # from the server
                return {"code": code, "text": "".join(text), "error": "KernelDied: the kernel died and restarts"}
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if kind == "stream":
                text.append(body["text"])
            elif kind in ("execute_result", "display_data"):
                text.append(body.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                error = f"{body['ename']}: {body['evalue']}"
            elif kind == "status" and body["execution_state"] == "idle":
                return {"code": code, "text": "".join(text), "error": error}
        raise HubError(f"a cell did not finish in time: {code.splitlines()[0] if code else ''!r}")


class Run:
    """What running a notebook gave: per code cell, its text output and its error (if any).
    :attr:`errors` leaves out the cells tagged ``raises-exception``, which show an error on purpose."""

    def __init__(self, path: str) -> None:
        self.path, self.cells, self.seconds, self.reconnects = path, [], 0.0, 0

    @property
    def errors(self) -> list[str]:
        return [cell["error"] for cell in self.cells if cell["error"] and not cell.get("expected")]

    @property
    def text(self) -> str:
        return "\n".join(cell["text"] for cell in self.cells)


def _message(reply: requests.Response) -> str:
    try:
        return reply.json().get("message", reply.reason)
    except ValueError:
        return reply.reason
