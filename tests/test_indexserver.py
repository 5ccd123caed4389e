"""coursekit.indexserver: pypiserver on 127.0.0.1, started and stopped from a kernel.

The index must bind the loopback address only, answer before start() returns, refuse a
wrong password (403) and a second upload of a file name (400 to twine, 409 to others),
never send pip to PyPI, say clearly when it cannot start (a busy port, a missing folder or
password file, a server that does not answer), and leave nothing listening when stopped.
"""

import base64
import gc
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import zipfile

import pytest
from passlib.apache import HtpasswdFile

from coursekit import CourseError, indexserver
from coursekit.indexserver import PackageIndex


def _wheel(folder, name="tiny_pkg", version="1.0.0"):
    """A minimal valid wheel (pypiserver only reads the file name; pip is not involved)."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}/__init__.py", f'__version__ = "{version}"\n')
        archive.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        archive.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        archive.writestr(f"{info}/RECORD", "")
    return path


@pytest.fixture
def site(tmp_path):
    (tmp_path / "packages").mkdir()
    passwords = HtpasswdFile(str(tmp_path / "htpasswd.txt"), new=True)
    passwords.set_password("learner", "correct-horse")
    passwords.save()
    return tmp_path


@pytest.fixture
def index(site):
    running = PackageIndex(site / "packages", site / "htpasswd.txt").start()
    yield running
    running.stop()


def _listening(port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _twine(index, *files, password="correct-horse"):
    command = [sys.executable, "-m", "twine", "--no-color", "upload", "--non-interactive", "--disable-progress-bar"]
    command += ["--repository-url", index.url, "-u", "learner", "-p", password, *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_it_listens_on_loopback_only_and_answers_when_start_returns(index):
    assert index.running
    assert index._server.server_address[0] == "127.0.0.1"
    assert index.url == f"http://127.0.0.1:{index._server.server_address[1]}/"
    assert index.simple_url == index.url + "simple/"
    assert index.get("simple/").status == 200
    assert repr(index) == "<PackageIndex 'packages': http://127.0.0.1:PORT/>".replace(
        "'packages'", repr(index.packages.as_posix())
    )


def test_stop_frees_the_port_and_ends_the_thread(site):
    index = PackageIndex(site / "packages", site / "htpasswd.txt").start()
    port = index._server.server_address[1]
    threads = {t.name for t in threading.enumerate()}
    assert "PackageIndex (pypiserver)" in threads
    index.stop()
    index.stop()  # twice is fine
    assert not index.running
    assert not _listening(port)
    assert "PackageIndex (pypiserver)" not in {t.name for t in threading.enumerate()}
    with pytest.raises(CourseError, match="not running"):
        _ = index.url


def test_a_new_index_stops_the_one_started_before(site):
    first = PackageIndex(site / "packages", site / "htpasswd.txt").start()
    port = first._server.server_address[1]
    second = PackageIndex(site / "packages", site / "htpasswd.txt").start()
    try:
        assert not first.running and not _listening(port)
        assert second.running
    finally:
        second.stop()
        indexserver.stop_all()


def test_a_forgotten_index_is_stopped_by_the_next_one(site):
    port = PackageIndex(site / "packages", site / "htpasswd.txt").start()._server.server_address[1]
    gc.collect()  # nothing refers to that index any more: it still serves, until the next one starts
    assert _listening(port)
    second = PackageIndex(site / "packages", site / "htpasswd.txt").start()
    try:
        assert not _listening(port)
    finally:
        second.stop()


def test_a_busy_port_gets_a_clear_message_and_nothing_runs(site):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        index = PackageIndex(site / "packages", site / "htpasswd.txt", port=port)
        with pytest.raises(
            CourseError, match=f"Could not listen on 127.0.0.1:{port} .*another server listens there; use port=0"
        ):
            index.start()
        assert not index.running


def test_a_server_that_does_not_answer_is_stopped_with_a_clear_message(site, monkeypatch):
    def never(self, path="", timeout=5):
        raise OSError("no answer")

    monkeypatch.setattr(PackageIndex, "get", never)
    index = PackageIndex(site / "packages", site / "htpasswd.txt", timeout=0.3)
    with pytest.raises(CourseError, match="did not answer within 0.3 s, so it was stopped"):
        index.start()
    assert not index.running
    assert "PackageIndex (pypiserver)" not in {t.name for t in threading.enumerate()}


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: (p / "packages").rmdir(), "There is no folder .* make it first"),
        (lambda p: (p / "htpasswd.txt").unlink(), "There is no password file .* with a user"),
        (lambda p: (p / "htpasswd.txt").write_text(""), "There is no password file .* with a user"),
    ],
    ids=["no packages folder", "no password file", "empty password file"],
)
def test_missing_files_get_a_clear_message(site, make, message):
    make(site)
    index = PackageIndex(site / "packages", site / "htpasswd.txt")
    with pytest.raises(CourseError, match=message):
        index.start()
    assert not index.running


@pytest.mark.parametrize("port", [-1, 70000, "8080", True, 1.5])
def test_bad_ports_are_refused(site, port):
    with pytest.raises(CourseError, match="whole number from 0 to 65535"):
        PackageIndex(site / "packages", site / "htpasswd.txt", port=port)


@pytest.mark.parametrize("value", [None, "", 3])
def test_bad_paths_are_refused(value):
    with pytest.raises(CourseError, match="must be paths"):
        PackageIndex(value)


def test_it_never_sends_pip_to_pypi(index):
    page = index.get("simple/numpy/")
    assert page.status == 404 and "pypi.org" not in page.text


def test_twine_uploads_and_a_wrong_password_or_a_second_upload_is_refused(index, tmp_path):
    wheel = _wheel(tmp_path)
    wrong = _twine(index, wheel, password="wrong-horse")
    assert wrong.returncode == 1 and "403 Forbidden" in wrong.stdout + wrong.stderr
    assert sorted(p.name for p in index.packages.iterdir()) == []
    good = _twine(index, wheel)
    assert good.returncode == 0, good.stdout + good.stderr
    assert sorted(p.name for p in index.packages.iterdir()) == [wheel.name]
    again = _twine(index, wheel)
    assert again.returncode == 1 and "400 Bad Request" in again.stdout + again.stderr
    assert "keyring" not in (good.stdout + good.stderr + again.stdout + again.stderr).lower()
    listed = index.get("simple/tiny-pkg/")
    assert listed.status == 200 and wheel.name in listed.text


def test_a_second_upload_from_another_client_gets_409_conflict(index, tmp_path):
    wheel = _wheel(tmp_path)
    (index.packages / wheel.name).write_bytes(wheel.read_bytes())
    boundary = "xxBOUNDARYxx"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name=":action"\r\n\r\nfile_upload\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="content"; filename="{wheel.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + wheel.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        index.url,
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Authorization": "Basic " + base64.b64encode(b"learner:correct-horse").decode(),
            "User-Agent": "curl/8",
        },
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 409
    assert "already exists" in refused.value.read().decode()


def test_the_terminal_command_is_pypiservers_own():
    command = PackageIndex().command()
    assert command.startswith("pypi-server run ")
    help_text = subprocess.run(
        [sys.executable, "-m", "pypiserver", "run", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    for flag in ("-i HOST", "-p PORT", "-a AUTHENTICATE", "-P PASSWORD_FILE", "--disable-fallback"):
        assert flag in help_text
        assert flag.split()[0] in command
