"""Serve a folder of the course (the Scrapy demo shop) on 127.0.0.1, on a free port, in a daemon thread.

Every request is recorded (method, path, status) instead of printed, so crawls leave no log noise."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import namedtuple
from pathlib import Path

from coursekit import CourseError

SITE = Path(__file__).resolve().parent.parent / "data" / "bookshop"  #: made by tools/make_demo_site.py
HOST = "127.0.0.1"  #: the only address the demo server listens on
LoggedRequest = namedtuple("LoggedRequest", "method path status")
Page = namedtuple("Page", "url status text")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files like ``python -m http.server``, but logs into the server's list, not stderr."""

    def log_request(self, code="-", size="-"):
        path = urllib.parse.urlsplit(getattr(self, "path", "") or "").path  # none in a malformed request
        self.server.log.append(LoggedRequest(self.command or "", path, int(code) if isinstance(code, int) else 0))

    def log_message(self, format, *args):  # noqa: A002 - http.server's name
        pass

    def list_directory(self, path):  # no folder listings: a missing index is a 404
        self.send_error(404, "File not found")


class DemoSite:
    """The static site ``folder`` on ``http://127.0.0.1:<port>/`` (``port=0``: one the system picks)."""

    def __init__(self, folder: str | os.PathLike = SITE, port: int = 0):
        if not isinstance(folder, (str, os.PathLike)):
            raise CourseError(f"The site folder must be a path, not {type(folder).__name__}.")
        if not Path(folder).is_dir():
            raise CourseError(f"There is no folder {Path(folder).name!r} to serve: check the path.")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise CourseError(f"The port must be a whole number from 0 to 65535 (0 = any free port), not {port!r}.")
        self.folder, self._port, self._server, self._thread, self._log = Path(folder).resolve(), port, None, None, []

    def start(self) -> DemoSite:
        """Start serving; starting a running site does nothing."""
        if self._server is None:
            handler = functools.partial(_Handler, directory=str(self.folder))
            try:
                self._server = http.server.ThreadingHTTPServer((HOST, self._port), handler)
            except OSError as exc:
                raise CourseError(
                    f"Could not listen on {HOST}:{self._port}: {exc.strerror or exc}. Use port=0 for any free port."
                ) from None
            self._server.log = self._log
            self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port; stopping a stopped site does nothing."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            self._thread.join(timeout=5)

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """True while the server thread is serving."""
        return self._server is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        """The port the server listens on (only while running)."""
        if self._server is None:
            raise CourseError("The demo site is not running: call start() first.")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The site's root URL, ending with '/'."""
        return f"http://{HOST}:{self.port}/"

    def url_for(self, path: str = "") -> str:
        """The absolute URL of ``path`` (relative to the site's root) on this server."""
        if not isinstance(path, str):
            raise CourseError(f"A page path must be a string like 'index.html', not {path!r:.60}.")
        if urllib.parse.urlsplit(path).scheme or urllib.parse.urlsplit(path).netloc:
            raise CourseError(f"{path!r:.80} is a full URL: give a path on the demo site, like 'index.html'.")
        return urllib.parse.urljoin(self.url, path.lstrip("/"))

    def get(self, path: str = "", timeout: float = 5) -> Page:
        """Fetch ``path`` from this server (a 404 is returned as a page, not raised)."""
        url = self.url_for(path)
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - loopback only
                return Page(url, answer.status, answer.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as err:
            return Page(url, err.code, err.read().decode("utf-8", "replace"))

    def log(self, clear: bool = False) -> list[LoggedRequest]:
        """The requests answered so far, in order; ``clear=True`` also empties the log."""
        entries = self._log[: len(self._log)]
        if clear:
            del self._log[: len(entries)]  # requests that arrive meanwhile stay
        return entries

    def __repr__(self) -> str:
        return f"<DemoSite {self.folder.name!r}: {'http://127.0.0.1:PORT/' if self.running else 'stopped'}>"
