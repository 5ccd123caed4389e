"""coursekit.demosite: a static site on 127.0.0.1, a free port, no leaks, no noise."""

import socket
import threading
import urllib.parse
import urllib.request

import pytest

from coursekit import CourseError
from coursekit.demosite import HOST, SITE, DemoSite


def port_of(site):
    return urllib.parse.urlsplit(site.url).port


def test_serves_the_shop_and_answers_404_for_missing_pages():
    with DemoSite() as site:
        assert site.get("index.html").status == 200
        assert "Dusty Pages Books" in site.get("").text  # "/" serves index.html
        assert site.get("books/the-lost-chapter.html").status == 404
        assert site.get("api/books-1.json").text.lstrip().startswith("{")


def test_listens_on_loopback_only_on_a_free_port():
    with DemoSite() as one, DemoSite() as two:
        assert port_of(one) != port_of(two)
        assert one.url == f"http://127.0.0.1:{port_of(one)}/"
        assert one._server.server_address[0] == HOST


def test_stop_frees_the_port_and_the_thread():
    threads_before = threading.active_count()
    site = DemoSite().start()
    port = port_of(site)
    assert site.running
    site.stop()
    site.stop()  # twice is fine
    assert not site.running
    assert threading.active_count() == threads_before
    with pytest.raises(OSError):
        socket.create_connection((HOST, port), timeout=1).close()
    with socket.socket() as probe:  # the port can be bound again at once
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((HOST, port))


def test_start_twice_keeps_one_server_and_restart_works():
    site = DemoSite()
    try:
        assert site.start() is site.start()
        site.stop()
        site.start()
        assert site.get("robots.txt").status == 200
    finally:
        site.stop()


def test_context_manager_stops_even_after_an_error():
    with pytest.raises(RuntimeError):
        with DemoSite() as site:
            raise RuntimeError("boom")
    assert not site.running


def test_requests_are_logged_not_printed(capfd):
    with DemoSite() as site:
        site.get("robots.txt")
        site.get("nope.html")
        log = site.log()
        assert [(r.method, r.path, r.status) for r in log] == [("GET", "/robots.txt", 200), ("GET", "/nope.html", 404)]
        assert site.log(clear=True) == log
        assert site.log() == []
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_no_directory_listings_and_no_escape_from_the_folder(tmp_path):
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "sub").mkdir()
    (tmp_path / "inside" / "page.html").write_text("<p>in</p>")
    (tmp_path / "secret.txt").write_text("outside")
    with DemoSite(tmp_path / "inside") as site:
        assert site.get("page.html").status == 200
        assert site.get("sub/").status == 404  # no listing of a folder
        for trick in ("../secret.txt", "%2e%2e/secret.txt", "sub/../../secret.txt"):
            raw = urllib.request.Request(site.url + trick)
            try:
                with urllib.request.urlopen(raw, timeout=5) as answer:
                    assert "outside" not in answer.read().decode()
            except urllib.error.HTTPError as err:
                assert err.code == 404


def test_repr_hides_the_port():
    site = DemoSite(SITE)
    assert repr(site) == "<DemoSite 'bookshop': stopped>"
    with site:
        assert repr(site) == "<DemoSite 'bookshop': http://127.0.0.1:PORT/>"


@pytest.mark.parametrize("folder, fragment", [(None, "no folder 'None'"), (42, "no folder"), ("no/such", "no folder")])
def test_bad_folders_get_a_message(folder, fragment):
    with pytest.raises(CourseError, match=fragment):
        DemoSite(folder)


@pytest.mark.parametrize("port", [-1, 70000, "8000", 3.5, None])
def test_bad_ports_get_a_message(port):
    site = DemoSite(SITE, port=port)
    with pytest.raises(CourseError, match="Could not listen .*use port=0"):
        site.start()
    assert not site.running


def test_a_busy_port_gets_a_message():
    with DemoSite() as first:
        with pytest.raises(CourseError, match="Could not listen .*in use"):
            DemoSite(SITE, port=port_of(first)).start()


def test_url_needs_a_running_site_and_stays_on_it():
    site = DemoSite()
    with pytest.raises(CourseError, match="not running"):
        site.url  # noqa: B018
    with site:
        assert site.get("/books/opticks.html").status == 200
        assert site.get("https://www.example.com/").status == 404  # a path on the demo site, not another host


def test_malformed_requests_get_an_error_page_not_a_traceback(capfd):
    with DemoSite() as site:
        for raw in (b"GARBAGE\r\n\r\n", b"GET /%zz%%.html HTTP/1.0\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n"):
            with socket.create_connection((HOST, port_of(site)), timeout=5) as conn:
                conn.sendall(raw)
                assert b"Error" in conn.makefile("rb").read()  # an error page, not a dropped connection
        assert len(site.log()) == 3 and all(r.status >= 400 for r in site.log()), site.log()
    assert capfd.readouterr().err == ""
