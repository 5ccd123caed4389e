"""Nothing in the course starts Jupyter without authentication or listens beyond localhost."""

import json
import re

import pytest

import course_tools

ROOT = course_tools.ROOT

UNSAFE = {
    "binds every interface": re.compile(r"0\.0\.0\.0|--ip[= ]['\"]?\*|--ip[= ]['\"]?::(?![\w.])"),
    "turns off the token": re.compile(r"token[= ]?(''|\"\")|token=(?=\s|$)|--no-auth|disable_check_xsrf"),
    "turns off the password": re.compile(r"password[= ]?(''|\"\")"),
    "binds all addresses from Python": re.compile(r"""\(\s*(""|'')\s*,\s*\d+\s*\)"""),
}


def _texts():
    files = [ROOT / "Makefile", ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / ".ci" / "run"]
    files += sorted((ROOT / "tools").rglob("*.py")) + sorted((ROOT / "notebooks" / "coursekit").rglob("*.py"))
    files += sorted((ROOT / "sample_packages").rglob("*.py")) + sorted((ROOT / "classroom").glob("*.py"))
    for path in files:
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for path in course_tools.notebook_paths():
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            yield f"{path.name} cell {i}", "".join(cell["source"])


@pytest.mark.parametrize("problem", sorted(UNSAFE))
def test_no_unsafe_server_settings(problem):
    found = [where for where, text in _texts() if UNSAFE[problem].search(text)]
    assert not found, f"something {problem}: {found}"


def test_the_lab_command_binds_localhost_with_the_default_token():
    makefile = (ROOT / "Makefile").read_text()
    lab = [line for line in makefile.splitlines() if "jupyter lab" in line]
    assert lab and all("--ip=127.0.0.1" in line and "token" not in line for line in lab)
    readme = (ROOT / "README.md").read_text()
    assert all("--ip=127.0.0.1" in line for line in readme.splitlines() if "bin/jupyter lab" in line)


def test_the_patterns_catch_what_they_should():
    assert UNSAFE["binds every interface"].search("jupyter lab --ip=0.0.0.0")
    assert UNSAFE["turns off the token"].search("--IdentityProvider.token=''")
    assert UNSAFE["binds all addresses from Python"].search("HTTPServer(('', 8000), Handler)")
    assert not UNSAFE["binds all addresses from Python"].search("HTTPServer(('127.0.0.1', 0), Handler)")
