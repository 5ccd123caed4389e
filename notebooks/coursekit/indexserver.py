"""A real package index for notebook 10: pypiserver's own WSGI app, served on 127.0.0.1 only from a
daemon thread of the kernel. It never falls back to PyPI; start() returns once it answers; stop(),
a new index or a kernel restart frees the port. Uploads need a user of the htpasswd file."""

import logging
import os
import socketserver
import threading
import urllib.error
import urllib.request
import wsgiref.simple_server
from collections import namedtuple
from pathlib import Path

from coursekit import CourseError

HOST = "127.0.0.1"  #: the only address the index listens on
Page = namedtuple("Page", "url status text")
#: Uploads need a password, never send pip to PyPI, no file-watcher thread, a file name is accepted once (as PyPI).
_SETTINGS = {"authenticate": ["update"], "disable_fallback": True, "backend_arg": "simple-dir", "overwrite": False}
_RUNNING = set()  #: the indexes serving now: a new one stops them, so a forgotten one does not keep its port


class _Handler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - no request lines on the kernel's stderr
        pass


class _Server(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads, allow_reuse_address = True, False  # a busy port must be reported, not shared

    def handle_error(self, request, client_address):  # a client that hangs up is not news
        pass


class PackageIndex:
    """pypiserver serving ``packages`` on ``http://127.0.0.1:<port>/`` (``port=0``: a free one)."""

    def __init__(self, packages="packages", password_file="htpasswd.txt", port: int = 0, timeout: float = 10.0):
        if not all(isinstance(value, (str, os.PathLike)) and str(value).strip() for value in (packages, password_file)):
            raise CourseError("The packages folder and the password file must be paths, like 'packages'.")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise CourseError(f"The port must be a whole number from 0 to 65535 (0 = any free port), not {port!r}.")
        self.packages, self.password_file, self._port, self.timeout = Path(packages), Path(password_file), port, timeout
        self._server = self._thread = None

    def _app(self):
        """pypiserver's app for this folder and password file; CourseError if either is missing."""
        if not self.packages.is_dir():
            raise CourseError(f"There is no folder {self.packages.as_posix()!r} for the index to serve: make it first.")
        from passlib.apache import HtpasswdFile

        passwords = self.password_file.as_posix()
        try:
            users = HtpasswdFile(passwords).users()
        except Exception:  # no file, or not an htpasswd file
            users = []
        if not users:
            raise CourseError(f"There is no password file {passwords!r} with a user: write it as the lesson does.")
        import pypiserver

        logger = logging.getLogger("pypiserver")  # its warnings (a refused re-upload) stay out of cell outputs
        logger.handlers[:], logger.propagate = [logging.NullHandler()], False
        here = {"roots": [self.packages.resolve()], "password_file": str(self.password_file.resolve())}
        return pypiserver.app(**here, **_SETTINGS)

    def start(self) -> "PackageIndex":
        """Serve in a daemon thread and return once the index answers (stopping any other index first)."""
        if self._server is not None:
            return self
        stop_all()
        app = self._app()
        try:
            self._server = wsgiref.simple_server.make_server(HOST, self._port, app, _Server, _Handler)
        except OSError as exc:  # a busy port
            why = f"{exc.strerror or exc}: another server listens there; use port=0 to let the system pick a free one"
            raise CourseError(f"Could not listen on {HOST}:{self._port} ({why}).") from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), name="PackageIndex (pypiserver)", daemon=True
        )
        self._thread.start()
        _RUNNING.add(self)
        try:  # the socket listens already: the request waits until the thread serves it
            if self.get("simple/", timeout=self.timeout).status == 200:
                return self
        except Exception:  # no answer, or not HTTP: stopped below
            pass
        self.stop()
        raise CourseError(f"The package index did not answer within {self.timeout:g} s, so it was stopped: try again.")

    def stop(self) -> None:
        """Stop serving and free the port; stopping a stopped index does nothing."""
        server, thread, self._server, self._thread = self._server, self._thread, None, None
        _RUNNING.discard(self)
        if server is not None:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    @property
    def running(self) -> bool:
        """True while the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def url(self) -> str:
        """The upload URL (twine's ``--repository-url``): ``http://127.0.0.1:PORT/``; CourseError if not running."""
        if self._server is None:
            raise CourseError("The package index is not running: call start() first.")
        return f"http://{HOST}:{self._server.server_address[1]}/"

    @property
    def simple_url(self) -> str:
        """The index URL pip reads (``--index-url``): ``http://127.0.0.1:PORT/simple/``."""
        return self.url + "simple/"

    def command(self) -> str:
        """The ``pypi-server`` command that serves the same index from a terminal (on port 8080, not this free one)."""
        options = f"-a update -P {self.password_file.as_posix()} --disable-fallback"
        return f"pypi-server run -i {HOST} -p 8080 {options} {self.packages.as_posix()}"

    def get(self, path: str = "", timeout: float = 5) -> Page:
        """Fetch ``path`` (like 'simple/', relative to the index root); a 404 is returned, not raised."""
        url = self.url + path.lstrip("/")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - loopback only
                return Page(url, answer.status, answer.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as err:
            return Page(url, err.code, err.read().decode("utf-8", "replace"))

    def __repr__(self) -> str:
        return f"<PackageIndex {self.packages.as_posix()!r}: {'http://127.0.0.1:PORT/' if self.running else 'stopped'}>"


def stop_all() -> None:
    """Stop every index this module started (a notebook's first cell may call it)."""
    for index in list(_RUNNING):
        index.stop()
