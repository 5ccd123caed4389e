"""A real package index for notebook 10: pypiserver's own WSGI app, served on 127.0.0.1 only from a
daemon thread of the kernel. It never falls back to PyPI; start() returns once it answers; stop(),
a new index or a kernel restart frees the port. Uploads need a user of the htpasswd file."""

from __future__ import annotations

import logging
import os
import socketserver
import threading
import urllib.error
import urllib.parse
import urllib.request
import weakref
import wsgiref.simple_server
from collections import namedtuple
from pathlib import Path

from coursekit import CourseError

#: The only address the index listens on.
HOST = "127.0.0.1"
LoggedRequest = namedtuple("LoggedRequest", "method path status")
Page = namedtuple("Page", "url status text")
#: Uploads need a password, never send pip to PyPI, no file-watcher thread, a file name is accepted once (as PyPI).
_SETTINGS = {"authenticate": ["update"], "disable_fallback": True, "backend_arg": "simple-dir", "overwrite": False}
_RUNNING: weakref.WeakSet[PackageIndex] = weakref.WeakSet()


class _Handler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the index records requests itself; stderr stays clean
        pass


class _Server(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads, allow_reuse_address = True, False  # a busy port must be reported, not shared

    def handle_error(self, request, client_address):  # a client that hangs up is not news
        pass


class PackageIndex:
    """pypiserver serving ``packages`` on ``http://127.0.0.1:<port>/`` (``port=0``: a free one)."""

    def __init__(self, packages="packages", password_file="htpasswd.txt", port: int = 0, timeout: float = 10.0):
        for value, what in ((packages, "packages folder"), (password_file, "password file")):
            if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
                raise CourseError(f"The {what} must be a path such as 'packages', not {value!r}.")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise CourseError(f"The port must be a whole number from 0 to 65535 (0 = any free port), not {port!r}.")
        self.packages, self.password_file, self._port, self.timeout = Path(packages), Path(password_file), port, timeout
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._log: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def _app(self):
        """pypiserver's app for this folder and password file, recording each request before it answers."""
        folder, passwords = self.packages.as_posix(), self.password_file.as_posix()
        if not self.packages.is_dir():
            raise CourseError(f"There is no folder {folder!r} for the index to serve: make it first (mkdir).")
        try:
            from passlib.apache import HtpasswdFile

            users = HtpasswdFile(str(self.password_file)).users()
        except Exception:  # no file, or not an htpasswd file
            users = []
        if not users:
            raise CourseError(
                f"There is no password file {passwords!r} with a user: write it with passlib's "
                "HtpasswdFile, set_password(NAME, PASSWORD), then save()."
            )
        import pypiserver

        logger = logging.getLogger("pypiserver")  # its warnings (a refused re-upload) stay out of cell outputs
        logger.handlers[:], logger.propagate = [logging.NullHandler()], False
        here = {"roots": [self.packages.resolve()], "password_file": str(self.password_file.resolve())}
        served = pypiserver.app(**here, **_SETTINGS)

        def app(environ, start_response):
            request = environ["REQUEST_METHOD"], environ.get("PATH_INFO") or "/"

            def start(status, headers, exc_info=None):  # WSGI sends nothing before this: the record comes first
                with self._lock:
                    self._log.append(LoggedRequest(*request, int(status[:3])))
                return start_response(status, headers, exc_info)

            return served(environ, start)

        return app

    def start(self) -> PackageIndex:
        """Serve in a daemon thread and return once the index answers (stopping any other index first)."""
        if self._server is not None:
            return self
        stop_all()
        app = self._app()
        try:
            self._server = _Server((HOST, self._port), _Handler)
        except OSError as exc:  # a busy port
            why = f"{exc.strerror or exc}: another server listens there; use port=0 to let the system pick a free one"
            raise CourseError(f"Could not listen on {HOST}:{self._port} ({why}).") from None
        self._server.set_app(app)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), name="PackageIndex (pypiserver)", daemon=True
        )
        self._thread.start()
        _RUNNING.add(self)
        try:  # the socket listens already: the request waits until the thread serves it
            if self.get("simple/", timeout=self.timeout).status == 200:
                self.log(clear=True)  # the log starts with the learner's first request
                return self
        except Exception:  # no answer, or not HTTP: stopped below
            pass
        self.stop()
        raise CourseError(
            f"The package index did not answer within {self.timeout:g} s, so it was stopped. "
            "Run the cell again; if it keeps failing, restart the kernel."
        )

    def stop(self) -> None:
        """Stop serving and free the port; stopping a stopped index does nothing."""
        server, thread, self._server, self._thread = self._server, self._thread, None, None
        _RUNNING.discard(self)
        if server is not None:
            server.shutdown()
            server.server_close()
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
        """Fetch ``path`` (relative to the index root) from this index; a 404 is returned, not raised."""
        if not isinstance(path, str) or any(urllib.parse.urlsplit(path)[:2]):
            raise CourseError(f"Give a path on the index as a string, like 'simple/', not a full URL or {path!r}.")
        url = urllib.parse.urljoin(self.url, path.lstrip("/"))
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - loopback only
                return Page(url, answer.status, answer.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as err:
            return Page(url, err.code, err.read().decode("utf-8", "replace"))

    def log(self, clear: bool = False) -> list[LoggedRequest]:
        """The requests answered so far, in order; ``clear=True`` also empties the log."""
        with self._lock:
            entries, self._log = self._log, ([] if clear else list(self._log))
        return entries

    def __repr__(self) -> str:
        return f"<PackageIndex {self.packages.as_posix()!r}: {'http://127.0.0.1:PORT/' if self.running else 'stopped'}>"


def stop_all() -> None:
    """Stop every index this module started (a notebook's first cell may call it)."""
    for index in list(_RUNNING):
        index.stop()
