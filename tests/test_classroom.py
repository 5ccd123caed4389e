"""A real JupyterHub with the repository's classroom configuration, on 127.0.0.1.

It runs with ``make test-classroom`` (``COURSE_TEST_HUB=1``), not in ``make test``: it needs root
(it creates Unix accounts) and the hub's environment, which ``make classroom-setup`` installs once,
online, into ``CLASSROOM_TEST_HOME`` (default /srv/python-packages-test). ``.ci/run`` does both.

The test makes a classroom folder of its own (a fresh course.git, database and state; the venv and
proxy are the installed ones), publishes this clone's course into it, creates three learners,
starts the hub with ``classroom/jupyterhub_config.py``, and then checks what a class relies on:
logins, spawns, nbgitpuller's copy, a notebook run through the Jupyter server API, the isolation
between learners, their limits, a second pull that keeps a learner's edits, a spawn that fails with
a message, the backup. At the end it stops the hub and checks that no learner's process is left,
then deletes the accounts and the folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "classroom"))

import classroom  # noqa: E402
import hubclient  # noqa: E402

INSTALLED = classroom.Layout(Path(os.environ.get("CLASSROOM_TEST_HOME", "/srv/python-packages-test")))
START = f"{classroom.COPY}/notebooks/00_start_here.ipynb"
PREFIX = "pp-test-"

if os.environ.get("COURSE_TEST_HUB") != "1":
    pytestmark = pytest.mark.skip(reason="the classroom hub is tested by `make test-classroom` (as root)")
elif os.geteuid() != 0:
    pytestmark = pytest.mark.skip(reason="SKIPPED the hub test: it must run as root (it creates Unix accounts)")


@pytest.fixture(scope="module")
def hub():
    names = [f"{PREFIX}ada", f"{PREFIX}bob", f"{PREFIX}cy"]
    try:
        with hubclient.trial_class(INSTALLED, names, MEM_LIMIT="1500M", CPU_LIMIT="1.5") as trial:
            learners = {name: trial.learner(name) for name in names[:2]}
            yield {
                "url": trial.url,
                "home": trial.home,
                "admin": trial.admin,
                "passwords": trial.passwords,
                "learners": learners,
            }
    except hubclient.HubError as error:
        pytest.fail(str(error))
    finally:
        print(trial.log[-3000:] if "trial" in locals() else "")


def _ada_bob(hub):
    ada, bob = (hub["learners"][f"{PREFIX}{name}"] for name in ("ada", "bob"))
    return ada, bob


def test_a_wrong_password_is_refused_with_the_hubs_message(hub):
    with pytest.raises(hubclient.HubError, match="Invalid username or password"):
        hubclient.Learner(hub["url"], f"{PREFIX}ada").login("not the password")


def test_a_name_that_is_not_a_unix_account_name_is_refused(hub):
    with pytest.raises(classroom.ClassroomError, match="Not a valid account name: 'Ada Lovelace'.*Nothing was changed"):
        classroom.add([f"{PREFIX}dan", "Ada Lovelace"])
    assert f"{PREFIX}dan" not in classroom.learners()  # checked before anything was made
    with pytest.raises(classroom.ClassroomError, match="root: already an account on this server that is not a learner"):
        classroom.check_names(["root"])
    with pytest.raises(hubclient.HubError, match="Invalid username or password"):  # at the hub's login form
        hubclient.Learner(hub["url"], "../ada").login("x")


def test_every_learner_gets_their_own_copy_and_runs_the_start_page(hub):
    for learner in hub["learners"].values():
        home = Path(f"/home/{learner.name}")
        copy = home / classroom.COPY
        assert (copy / "notebooks" / "00_start_here.ipynb").is_file()
        assert copy.stat().st_uid == home.stat().st_uid  # the learner owns their copy
        run = learner.run(START)
        assert not run.errors, run.errors
        assert "All set: everything the course needs is installed." in run.text
        assert "not answered yet" in run.text  # the learner edition: exercises blank
        checked = [line for line in run.text.splitlines() if "runs this kernel's own Python" in line]
        assert checked == ["`!python` runs this kernel's own Python: True"], run.text


def test_a_learners_server_runs_as_their_user_and_cannot_reach_another_learners_files(hub):
    ada, bob = _ada_bob(hub)
    with ada.kernel(START) as kernel:
        who = kernel.execute("import os, pwd; print(pwd.getpwuid(os.getuid()).pw_name, oct(os.stat('.').st_mode))")
        assert who["text"].split()[0] == ada.name
        transport = kernel.execute(
            "from ipykernel.kernelapp import IPKernelApp; print(IPKernelApp.instance().transport)"
        )
        assert transport["text"].strip() == "ipc", transport  # no TCP port to collide with another kernel's
        assert oct(Path(f"/home/{ada.name}").stat().st_mode & 0o777) == "0o700"
        listing = kernel.execute(f"os.listdir('/home/{bob.name}')")
        assert listing["error"] and listing["error"].startswith("PermissionError"), listing
        writing = kernel.execute(f"open('/home/{bob.name}/{classroom.COPY}/notebooks/01_modules.ipynb', 'a')")
        assert writing["error"] and writing["error"].startswith("PermissionError"), writing
        course = kernel.execute(f"open('{hub['home'].course}/HEAD', 'a')")  # the course the class shares
        assert course["error"] and course["error"].startswith("PermissionError"), course


def test_a_learners_token_gets_403_on_another_learners_server(hub):
    ada, bob = _ada_bob(hub)
    assert ada.api("GET", "/status").status_code == 200
    assert bob.api("GET", "/status", token=ada.token).status_code == 403
    assert bob.api("GET", f"/contents/{START}", token=ada.token).status_code == 403
    assert bob.api("POST", "/sessions", token=ada.token, json={"path": START, "type": "notebook"}).status_code == 403


def test_each_learners_processes_are_held_to_their_memory_and_cpu_limit(hub):
    ada, _ = _ada_bob(hub)
    with ada.kernel(START) as kernel:  # the kernel is a child of the server: it is in the same group
        membership = kernel.execute("print(open('/proc/self/cgroup').read())")["text"]
    groups = dict(line.split(":", 2)[1:] for line in membership.splitlines() if line)  # controller -> group
    memory, cpu = 1500 * 1024**2, 150_000  # CLASSROOM_MEM_LIMIT=1500M, CLASSROOM_CPU_LIMIT=1.5 (of 100 ms)
    if "memory" in groups:  # control groups version 1: a tree per controller
        assert groups["memory"] == groups.get("cpu", groups.get("cpu,cpuacct")), membership
        assert groups["memory"] == f"/python-packages/{ada.name}", membership
        assert int(Path(f"/sys/fs/cgroup/memory{groups['memory']}/memory.limit_in_bytes").read_text()) == memory
        assert int(Path(f"/sys/fs/cgroup/cpu{groups['cpu']}/cpu.cfs_quota_us").read_text()) == cpu
    else:  # version 2: one tree
        assert groups[""] == f"/python-packages/{ada.name}", membership
        assert int(Path(f"/sys/fs/cgroup{groups['']}/memory.max").read_text()) == memory
        assert Path(f"/sys/fs/cgroup{groups['']}/cpu.max").read_text().split() == [str(cpu), "100000"]


def test_pulling_again_merges_the_new_course_and_keeps_the_learners_edits(hub):
    ada, bob = _ada_bob(hub)
    notebook = f"{classroom.COPY}/notebooks/03_creating_a_package.ipynb"
    mine = ada.notebook(notebook)
    mine["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": "My own note: __init__.py runs first."})
    saved = ada.api("PUT", f"/contents/{notebook}", json={"type": "notebook", "format": "json", "content": mine})
    assert saved.status_code == 200, saved.text
    _change_the_course(hub["home"], ["notebooks/03_creating_a_package.ipynb", "notebooks/05_dotted_module_names.ipynb"])
    deleted = f"{classroom.COPY}/notebooks/01_modules.ipynb"
    assert bob.api("DELETE", f"/contents/{deleted}").status_code == 204  # bob deletes a notebook
    link = bob.session.get(f"{hub['url']}/hub/user-redirect/git-pull?{urlencode(classroom.pull_query(hub['home']))}")
    assert link.status_code == 200 and link.url.startswith(f"{hub['url']}/user/{bob.name}/git-pull?"), link.url
    for learner in (ada, bob):
        learner.pull(classroom.pull_query(hub["home"]))
        learner.pull(classroom.pull_query(hub["home"]))  # twice: nothing changes, nothing lost
    assert "My own note" in json.dumps(ada.notebook(notebook))  # ada's edit won
    assert "New in this version" in json.dumps(
        ada.notebook(notebook.replace("03_creating_a_package", "05_dotted_module_names"))
    )
    assert "New in this version" in json.dumps(bob.notebook(notebook))  # bob changed nothing: he gets it
    assert bob.notebook(deleted)["cells"], "a deleted notebook comes back at the next pull"
    assert not ada.run(START).errors


def test_a_learner_who_fills_the_memory_loses_only_their_own_kernel(hub):
    ada, bob = _ada_bob(hub)
    with ada.kernel(START) as kernel:
        filled = kernel.execute("too_much = b'x' * (3 * 1024**3)")  # 3 GB, over the class's 1500M
    assert filled["error"] == "KernelDied: the kernel died and restarts", filled
    assert ada.api("GET", "/status").status_code == 200  # ada's server lives on, and so does bob's
    assert bob.api("GET", "/status").status_code == 200
    assert not bob.run(START).errors


def _change_the_course(home: classroom.Layout, paths: list[str]) -> None:
    """A new version of the course in course.git, as the instructor's next `publish` makes one."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "course"
        subprocess.run(["git", "clone", "--quiet", home.course, work], check=True)
        for path in paths:
            nb = json.loads((work / path).read_text(encoding="utf-8"))
            nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "New in this version."})
            (work / path).write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
        git = ["git", "-c", "user.name=test", "-c", "user.email=test@localhost"]
        subprocess.run([*git, "commit", "--quiet", "-am", "A new version"], cwd=work, check=True)
        subprocess.run(["git", "push", "--quiet", "origin", "HEAD:main"], cwd=work, check=True)
    classroom.readable_by_all(home.course)


def test_a_spawn_that_fails_tells_the_learner_why(hub):
    name = f"{PREFIX}cy"
    shutil.rmtree(f"/home/{name}")  # a home folder lost
    learner = hubclient.Learner(hub["url"], name)
    learner.login(hub["passwords"][name])
    with pytest.raises(hubclient.HubError, match=f"Your home folder /home/{name} is missing.*classroom.py add {name}"):
        learner.spawn()
    classroom.add([name])  # what the message says to do
    assert Path(f"/home/{name}").is_dir()


def test_every_notebook_of_the_course_runs_in_a_learners_server(hub):
    """Run All of every notebook of the learner's copy, through the server API: the course's
    environment as the hub gives it (its PATH, the kernel's folder, no write access outside the
    learner's home) must be enough for the venvs, pip, the package index, Scrapy, PyTorch, MoviePy."""
    _, bob = _ada_bob(hub)
    notebooks = sorted((Path(f"/home/{bob.name}") / classroom.COPY / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) == 16
    failed = {}
    for notebook in notebooks:
        run = bob.run(f"{classroom.COPY}/notebooks/{notebook.name}")
        if run.errors:
            failed[notebook.name] = run.errors
    assert not failed, failed


def test_the_backup_holds_each_learners_work_but_not_their_scratch(hub):
    ada, _ = _ada_bob(hub)
    archive = classroom.backup(hub["home"], [ada.name]) / f"{ada.name}.tar.gz"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert f"{ada.name}/{classroom.COPY}/notebooks/03_creating_a_package.ipynb" in names
    assert not [n for n in names if "/notebooks/workspace/" in n], "the scratch workspace was backed up"
    assert oct(archive.parent.stat().st_mode & 0o777) == "0o700"


def test_the_idle_culler_runs_as_a_hub_service(hub):
    services = hub["admin"].api("GET", "/services").json()
    assert services["idle-culler"]["pid"], services


def test_the_hub_serves_https_itself_with_a_certificate(hub, tmp_path):
    """CLASSROOM_SSL_CERT and CLASSROOM_SSL_KEY, as the README gives them for a hub without a reverse proxy."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        check=True,
        capture_output=True,
    )
    with hubclient.trial_class(INSTALLED, [], SSL_CERT=str(cert), SSL_KEY=str(key)) as trial:
        assert trial.url.startswith("https://")
        assert requests.get(f"{trial.url}/hub/login", verify=str(cert), timeout=30).status_code == 200
        with pytest.raises(requests.exceptions.SSLError):  # a client that does not know the certificate refuses it
            requests.get(f"{trial.url}/hub/login", timeout=30)
