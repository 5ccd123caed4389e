"""A real package index (pypiserver) on 127.0.0.1, run from the notebook's kernel.

Notebook 10 publishes packages to it with twine and installs them from it with pip.
The index is pypiserver's own WSGI application (``pypiserver.app(...)``, the code the
``pypi-server`` command runs), served by the standard library's ``wsgiref`` in a daemon
thread of the kernel. So:

- it binds 127.0.0.1 only, on a free port the system picks (or the one you give; a busy
  port gets a clear message);
- :meth:`PackageIndex.start` returns only once the index answers (or says clearly that
  it did not come up);
- :meth:`PackageIndex.stop` (or leaving a ``with`` block) frees the port; a restarted or
  stopped kernel takes the thread with it, so nothing is left listening;
- it never sends anyone to PyPI: pypiserver's "fallback" redirect for unknown projects
  is turned off, so pip only ever sees what this index holds.

Uploads need a user name and password from an htpasswd file (``authenticate=update``, as
``pypi-server run -a update -P htpasswd.txt``); listing and downloading are open. Every
request is recorded (method, path, status) instead of being printed.

>>> import tempfile
>>> from passlib.apache import HtpasswdFile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "packages").mkdir()
>>> passwords = HtpasswdFile(str(folder / "htpasswd.txt"), new=True)
>>> _ = passwords.set_password("learner", "s3cret")
>>> passwords.save()
>>> with PackageIndex(folder / "packages", folder / "htpasswd.txt") as index:
...     page = index.get("simple/")
...     unknown = index.get("simple/no-such-project/")
>>> page.status, unknown.status
(200, 404)
>>> [(r.method, r.path, r.status) for r in index.log()]
[('GET', '/simple/', 200), ('GET', '/simple/no-such-project/', 404)]
>>> index.running
False
"""

from __future__ import annotations

import logging
import os
import socketserver
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
import wsgiref.simple_server
from dataclasses import dataclass
from pathlib import Path

from coursekit import CourseError

__all__ = ["HOST", "PackageIndex", "LoggedRequest", "Page", "stop_all", "terminal_command"]

#: The only address the index listens on.
HOST = "127.0.0.1"
#: Seconds :meth:`PackageIndex.start` waits for the index to answer.
START_TIMEOUT = 10.0

_RUNNING: weakref.WeakSet[PackageIndex] = weakref.WeakSet()


@dataclass(frozen=True)
class LoggedRequest:
    """One request the index answered."""

    method: str
    path: str
    status: int


@dataclass(frozen=True)
class Page:
    """What :meth:`PackageIndex.get` fetched: the status code and the body as text."""

    url: str
    status: int
    text: str


def terminal_command(packages: str = "packages", password_file: str = "htpasswd.txt", port: int = 8080) -> str:
    """The ``pypi-server`` command that serves the same index from a second terminal.

    >>> terminal_command()
    'pypi-server run -i 127.0.0.1 -p 8080 -a update -P htpasswd.txt --disable-fallback packages'
    """
    return f"pypi-server run -i {HOST} -p {port} -a update -P {password_file} --disable-fallback {packages}"


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    """wsgiref's handler, logging into the index instead of stderr."""

    def handle(self):  # noqa: D102 - count requests in flight: a client has its answer before the record
        busy = getattr(self.server, "busy", None)
        if busy is None:
            return super().handle()
        with busy:
            busy.count += 1
        try:
            super().handle()
        finally:
            with busy:
                busy.count -= 1
                busy.notify_all()

    def log_request(self, code="-", size="-"):  # noqa: D102 - http.server API
        status = int(code) if str(code).isdigit() else int(getattr(code, "value", 0) or 0)
        path = urllib.parse.urlsplit(self.path).path
        record = getattr(self.server, "record", None)
        if record is not None:
            record(LoggedRequest(self.command, path, status))

    def log_message(self, format, *args):  # noqa: A002 - keep stderr clean
        pass


class _Server(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = False  # a busy port must be reported, not shared

    def handle_error(self, request, client_address):  # a client that hangs up is not news
        pass


def _quiet_pypiserver_logs() -> None:
    """pypiserver logs warnings (e.g. a refused re-upload); keep them out of cell outputs."""
    logger = logging.getLogger("pypiserver")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


def _check_port(port: object) -> int:
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise CourseError(f"The port must be a whole number from 0 to 65535 (0 = any free port), not {port!r}.")
    return port


class PackageIndex:
    """pypiserver serving the wheels and sdists in ``packages`` on ``http://127.0.0.1:<port>/``.

    ``password_file`` is an htpasswd file (see passlib's ``HtpasswdFile``): its users may
    upload. ``port=0`` (the default) lets the system choose a free port; ``url`` then
    says where the index is. Starting a new index stops any index this module started
    before (a notebook needs one, and a re-run must not leave the old one listening).
    """

    def __init__(
        self,
        packages: str | os.PathLike = "packages",
        password_file: str | os.PathLike = "htpasswd.txt",
        port: int = 0,
        timeout: float = START_TIMEOUT,
    ):
        for value, what in ((packages, "packages folder"), (password_file, "password file")):
            if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
                raise CourseError(f"The {what} must be a path such as 'packages', not {value!r}.")
        self._port = _check_port(port)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 120:
            raise CourseError(f"The timeout must be a number of seconds from 0 to 120, not {timeout!r}.")
        self.packages = Path(packages)
        self.password_file = Path(password_file)
        self.timeout = float(timeout)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._busy = threading.Condition()  # requests being handled (``count``)
        self._busy.count = 0

    # -- life cycle -------------------------------------------------------
    def _app(self):
        if not self.packages.is_dir():
            raise CourseError(
                f"There is no folder {self.packages.as_posix()!r} for the index to serve: make it first "
                f'(Path("{self.packages.as_posix()}").mkdir(exist_ok=True)).'
            )
        if not self.password_file.is_file():
            raise CourseError(
                f"There is no password file {self.password_file.as_posix()!r}: write it first "
                "(passlib's HtpasswdFile, then .save())."
            )
        try:
            from passlib.apache import HtpasswdFile

            users = HtpasswdFile(str(self.password_file)).users()
        except Exception as exc:  # a file that is not an htpasswd file
            raise CourseError(
                f"{self.password_file.as_posix()!r} is not an htpasswd file ({type(exc).__name__}): "
                "write it with passlib's HtpasswdFile."
            ) from None
        if not users:
            raise CourseError(
                f"{self.password_file.as_posix()!r} holds no user: "
                "add one with set_password(NAME, PASSWORD), then save()."
            )
        import pypiserver

        _quiet_pypiserver_logs()
        return pypiserver.app(
            roots=[self.packages.resolve()],
            password_file=str(self.password_file.resolve()),
            authenticate=["update"],
            disable_fallback=True,  # never redirect to PyPI
            backend_arg="simple-dir",  # no file watcher thread
            overwrite=False,  # a file name is accepted once, as on PyPI
        )

    def start(self) -> PackageIndex:
        """Start serving in a daemon thread and wait until the index answers.

        Starting a running index does nothing.
        """
        if self._server is not None:
            return self
        stop_all()
        app = self._app()
        try:
            server = _Server((HOST, self._port), _QuietHandler)
        except OSError as exc:
            if self._port:
                raise CourseError(
                    f"Port {self._port} on {HOST} is busy ({exc.strerror or exc}): another server listens there. "
                    "Stop that one, or use port=0 to let the system pick a free port."
                ) from None
            raise CourseError(f"Could not listen on {HOST}: {exc.strerror or exc}.") from None
        server.set_app(app)
        server.record = self._record
        server.busy = self._busy
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="PackageIndex (pypiserver)", daemon=True
        )
        self._thread.start()
        _RUNNING.add(self)
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                if self.get("simple/", timeout=1).status == 200:
                    self.log(clear=True)  # the log starts with the learner's first request
                    return
            except (OSError, CourseError):
                pass
            if time.monotonic() > deadline or not self.running:
                self.stop()
                raise CourseError(
                    f"The package index did not answer within {self.timeout:g} s, so it was stopped. "
                    "Run the cell again; if it keeps failing, restart the kernel."
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop serving and free the port; stopping a stopped index does nothing."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        _RUNNING.discard(self)
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> PackageIndex:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __del__(self):  # a forgotten index must not keep its port
        try:
            self.stop()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    # -- what learners look at -------------------------------------------
    @property
    def running(self) -> bool:
        """True while the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        """The port the index listens on (only while running)."""
        if self._server is None:
            raise CourseError("The package index is not running: call start() first.")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The upload URL (what twine's ``--repository-url`` takes): ``http://127.0.0.1:PORT/``."""
        return f"http://{HOST}:{self.port}/"

    @property
    def simple_url(self) -> str:
        """The index URL pip reads (``--index-url``): ``http://127.0.0.1:PORT/simple/``."""
        return self.url + "simple/"

    def command(self) -> str:
        """The terminal command that serves the same index (on port 8080 rather than this free port)."""
        return terminal_command(self.packages.as_posix(), self.password_file.as_posix())

    def get(self, path: str = "", timeout: float = 5) -> Page:
        """Fetch ``path`` (relative to the index root) from this index; a 404 is returned, not raised."""
        if not isinstance(path, str):
            raise CourseError(f"A path on the index must be a string like 'simple/', not {path!r}.")
        parts = urllib.parse.urlsplit(path)
        if parts.scheme or parts.netloc:
            raise CourseError(f"{path!r} is a full URL: give a path on the index, like 'simple/'.")
        url = urllib.parse.urljoin(self.url, path.lstrip("/"))
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - loopback only
                return Page(url, answer.status, answer.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as err:
            return Page(url, err.code, err.read().decode("utf-8", "replace"))

    def files(self) -> list[str]:
        """The file names in the packages folder, sorted: what the index holds."""
        if not self.packages.is_dir():
            return []
        return sorted(p.name for p in self.packages.iterdir() if p.is_file())

    def log(self, clear: bool = False) -> list[LoggedRequest]:
        """The requests answered so far, in order; ``clear=True`` also empties the log."""
        with self._busy:  # a request already answered is recorded a moment later: wait for it
            # (at once, usually; on a machine busy with other work its thread may need seconds)
            self._busy.wait_for(lambda: self._busy.count == 0, timeout=15)
        with self._lock:
            entries = list(self._log)
            if clear:
                self._log.clear()
        return entries

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)

    def __repr__(self) -> str:
        where = "http://127.0.0.1:PORT/" if self.running else "stopped"
        return f"<PackageIndex {self.packages.as_posix()!r}: {where}>"


def stop_all() -> None:
    """Stop every index this module started (a notebook's first cell may call it)."""
    for index in list(_RUNNING):
        index.stop()
