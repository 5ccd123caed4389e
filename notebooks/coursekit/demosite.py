"""The Scrapy demo shop on 127.0.0.1, a free port, in a daemon thread; requests are logged, not printed."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import urllib.parse
import urllib.request
from collections import namedtuple
from pathlib import Path

from coursekit import CourseError

SITE = Path(__file__).resolve().parent.parent / "data" / "bookshop"  #: made by tools/make_demo_site.py
HOST = "127.0.0.1"  #: the only address the demo server listens on
LoggedRequest = namedtuple("LoggedRequest", "method path status")
Page = namedtuple("Page", "status text")


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
    """The static site ``folder`` on ``http://127.0.0.1:<port>/``; start() and stop() (or ``with``) may repeat."""

    def __init__(self, folder: str | os.PathLike = SITE, port: int = 0):
        if not isinstance(folder, (str, os.PathLike)) or not Path(folder).is_dir():
            raise CourseError(f"There is no folder {str(folder)!r:.80} to serve: check the path.")
        self.folder, self._port, self._server, self._thread, self._log = Path(folder).resolve(), port, None, None, []

    def start(self) -> DemoSite:
        if self._server is None:
            handler = functools.partial(_Handler, directory=str(self.folder))
            try:
                self._server = http.server.ThreadingHTTPServer((HOST, self._port), handler)
            except (OSError, OverflowError, TypeError) as exc:  # a busy port, or not a port number
                raise CourseError(f"Could not listen on {HOST}:{self._port!r:.20} ({exc}): use port=0.") from None
            self._server.log = self._log
            self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            self._thread.join(timeout=5)

    __enter__ = start

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None and self._thread.is_alive()

    @property
    def url(self) -> str:
        """The site's root URL, ending with '/' (only while running)."""
        if self._server is None:
            raise CourseError("The demo site is not running: call start() first.")
        return f"http://{HOST}:{self._server.server_address[1]}/"

    def get(self, path: str = "", timeout: float = 5) -> Page:
        """Fetch ``path`` (relative to the site's root) from this server; a 404 is a page, not an error."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=timeout) as answer:  # noqa: S310
                return Page(answer.status, answer.read().decode("utf-8", "replace"))
        except urllib.request.HTTPError as err:
            return Page(err.code, err.read().decode("utf-8", "replace"))

    def log(self, clear: bool = False) -> list[LoggedRequest]:
        """The requests answered so far, in order; ``clear=True`` also empties the log."""
        entries = self._log[: len(self._log)]
        if clear:
            del self._log[: len(entries)]  # requests that arrive meanwhile stay
        return entries

    def __repr__(self) -> str:
        return f"<DemoSite {self.folder.name!r}: {'http://127.0.0.1:PORT/' if self.running else 'stopped'}>"
