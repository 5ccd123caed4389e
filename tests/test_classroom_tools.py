"""The classroom's tools without a hub: names, the published course, control groups, the sizing table.

These run in ``make test`` (no root, no hub). The real hub is tests/test_classroom.py's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "classroom"))

import build_editions  # noqa: E402
import cgroups  # noqa: E402
import classroom  # noqa: E402
import loadtest  # noqa: E402


@pytest.mark.parametrize("name", ["ada", "ada_l", "b0b", "_x", "a-b", "a" * 32])
def test_portable_unix_names_are_accepted(name):
    classroom.check_names([name])


@pytest.mark.parametrize("name", ["Ada", "ada lovelace", "1ada", "-ada", "../etc", "ada.l", "a" * 33, ""])
def test_other_names_are_refused_before_anything_is_done(name):
    with pytest.raises(classroom.ClassroomError, match=r"Not a valid account name: .*Nothing was changed"):
        classroom.check_names(["fine_name", name])


def test_the_pull_opens_the_learners_copy_of_the_start_page():
    query = classroom.pull_query(classroom.Layout(Path("/srv/python-packages")))
    assert query == {
        "repo": "/srv/python-packages/course.git",
        "branch": "main",
        "targetpath": "python-packages",
        "urlpath": "lab/tree/python-packages/notebooks/00_start_here.ipynb",
    }


def test_the_published_course_is_the_learner_edition_without_text_twins(tmp_path):
    count = classroom.learner_tree(tmp_path)
    notebooks = sorted(p.name for p in (tmp_path / "notebooks").glob("*.ipynb"))
    assert notebooks == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert not list((tmp_path / "notebooks").glob("*.md")), "text twins would be paired again in the learner's Lab"
    assert 'formats = "ipynb"' in (tmp_path / "jupytext.toml").read_text()
    for name in ("requirements.txt", "requirements.in", "notebooks/coursekit/__init__.py", "sample_packages"):
        assert (tmp_path / name).exists(), name  # what the notebooks read from the course's root
    assert not (tmp_path / "tests").exists() and not (tmp_path / "notebooks" / "workspace").exists()
    course = ROOT / "notebooks" / "03_creating_a_package.ipynb"
    expected = build_editions.learner_notebook(nbformat.read(course, as_version=4))
    assert nbformat.read(tmp_path / "notebooks" / course.name, as_version=4) == expected
    assert count == len(list(p for p in tmp_path.rglob("*") if p.is_file()))


def _fake_v1(root: Path) -> Path:
    for controller in ("memory", "cpu", "cpuacct"):
        (root / controller).mkdir(parents=True)
    return root


def test_limits_on_control_groups_version_1(tmp_path):
    made = cgroups.limit("ada", 4242, memory=2 * 1024**3, cpus=1.5, root=_fake_v1(tmp_path))
    assert made == [tmp_path / c / "python-packages" / "ada" for c in ("memory", "cpu", "cpuacct")]
    assert (made[0] / "memory.limit_in_bytes").read_text() == str(2 * 1024**3)
    assert (made[1] / "cpu.cfs_quota_us").read_text() == "150000"
    assert (made[1] / "cpu.cfs_period_us").read_text() == "100000"
    assert all((group / "cgroup.procs").read_text() == "4242" for group in made)


def test_limits_on_control_groups_version_2(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    made = cgroups.limit("ada", 4242, memory=1024**3, cpus=0.5, root=tmp_path)
    assert made == [tmp_path / "python-packages" / "ada"]
    assert (made[0] / "memory.max").read_text() == str(1024**3)
    assert (made[0] / "memory.swap.max").read_text() == "0"
    assert (made[0] / "cpu.max").read_text() == "50000 100000"
    assert (tmp_path / "python-packages" / "cgroup.subtree_control").read_text() == "+memory +cpu"
    assert (made[0] / "cgroup.procs").read_text() == "4242"


def test_no_cpu_limit_means_no_quota(tmp_path):
    made = cgroups.limit("ada", 1, memory=0, cpus=0, root=_fake_v1(tmp_path))
    assert (made[1] / "cpu.cfs_quota_us").read_text() == "-1"
    assert not (made[0] / "memory.limit_in_bytes").exists()


def test_what_a_learner_used_is_read_from_their_group(tmp_path):
    made = cgroups.limit("ada", 1, memory=1024**3, cpus=1, root=_fake_v1(tmp_path))
    (made[0] / "memory.max_usage_in_bytes").write_text("734003200\n")
    (made[0] / "memory.stat").write_text("cache 100\nrss 5\ntotal_cache 100\ntotal_rss 524288000\n")
    (made[2] / "cpuacct.usage").write_text("12500000000\n")
    assert cgroups.usage("ada", tmp_path) == (734003200, 12.5)
    assert cgroups.working_memory("ada", tmp_path) == 524288000
    cgroups.release("ada", tmp_path)  # a group with files in it (here: fake ones) is left as it is
    assert made[0].exists()


def test_the_sizing_section_is_computed_from_the_figures():
    measured = json.loads(loadtest.MEASURED.read_text(encoding="utf-8"))
    text = loadtest.sizing(measured)
    assert f"Measured on {measured['date']}" in text
    assert text.count("\n| ") >= len(measured["profile"]) + len(measured["rounds"]) + 4
    assert 'make classroom-load N=\\"5 10 20\\"' not in text and 'make classroom-load N="5 10 20"' in text
