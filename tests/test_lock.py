"""requirements.txt is a complete lock, made from requirements.in (tools/lock.py, `make lock`)."""

import importlib.metadata
import re
from pathlib import Path

import pytest

import lock

ROOT = Path(__file__).resolve().parent.parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[_normal(name)] = version.split(";")[0].strip()
    return pins


@pytest.mark.parametrize(("source", "target"), lock.PAIRS, ids=["course", "tests", "browser edition", "classroom"])
def test_every_direct_requirement_is_locked_at_its_version(source, target):
    wanted, locked = _pins(source), _pins(target)
    assert wanted, f"{source.name} pins nothing"
    differ = {name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != version}
    assert not differ, f"{target.relative_to(ROOT)} is out of date with {source.name}: {differ}; run `make lock`"


def test_the_lock_pins_everything_this_environment_has():
    locked = {**_pins(ROOT / "requirements.txt"), **_pins(ROOT / "tests" / "requirements.txt")}
    installed = {_normal(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    installed.pop("coursekit", None)  # the course's own package, installed editable from pyproject.toml
    missing = sorted(set(installed) - set(locked))
    assert not missing, f"installed but not in the lock: {missing}; add them to requirements.in and run `make lock`"
    other = {n: (v, locked[n]) for n, v in installed.items() if v != locked[n] and v.split("+")[0] != locked[n]}
    assert not other, f"installed at other versions than the lock says: {other}"


def test_the_lock_holds_no_version_pypi_does_not_have():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert not re.search(r"^torch==[^\s]*\+", text, flags=re.M), "torch must be pinned without +cpu (tools/lock.py)"
    assert lock.fix_local_builds("torch==2.13.0+cpu\n    # via x\n") == "torch==2.13.0\n    # via x\n"
    assert lock.fix_local_builds("torchvision==1.0+cpu\n") == "torchvision==1.0+cpu\n"


def test_the_canary_drops_pins_but_keeps_torchs():
    text = "# comment\njupyterlab==4.6.6\nScrapy==2.19.0  # why\ntorch==2.13.0\n\nnumpy>=2\n"
    assert lock.unpinned(text) == ["jupyterlab", "Scrapy", "torch==2.13.0", "numpy"]


def test_every_locked_package_installs_on_every_python_the_course_promises():
    """The lock pins exact versions, so each must accept Python 3.11.0 (Debian 12 has 3.11.2) to 3.13."""
    from packaging.specifiers import SpecifierSet

    refused = {}
    for dist in importlib.metadata.distributions():
        needs = dist.metadata.get("Requires-Python")
        if needs:
            pythons = [v for v in ("3.11.0", "3.11.2", "3.12.0", "3.13.0") if v not in SpecifierSet(needs)]
            if pythons:
                refused[f"{dist.metadata['Name']}=={dist.version}"] = f"Requires-Python {needs}"
    assert not refused, f"pinned versions that some Python 3.11-3.13 cannot install: {refused}"
