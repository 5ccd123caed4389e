"""A plain nbclient pass over the learner edition of every notebook, run twice in one kernel.

Beside nbval (which compares outputs) this catches what nbval lets through: an unknown
`%magic` fails here. Running the *learner edition* (solutions removed) proves that a
class can start from blanks: every exercise check then says "not answered yet" kindly.
Running every cell a second time in the same kernel proves that an instructor can
re-run a notebook live. A last probe cell then looks for leaks: threads, child
processes and listening sockets left behind, and files left in the kernel's own TMPDIR.
Each run has its own temporary workspace.

Where the JupyterLab browser test can run (Chromium and Playwright present, as in CI), it
runs each learner edition twice in Lab and makes the same checks with the same function
(:func:`assert_learner_run_is_clean`), so the kernel-only runs here are skipped: one
execution serves both. Without a browser they run here.
"""

import json

import nbformat
import pytest
from conftest import browser_missing

import build_editions
import course_tools

PROBE = """\
import json as _json, threading as _threading, psutil as _psutil
_me = _psutil.Process()
_app = get_ipython().kernel.parent  # the kernel app knows its own ZMQ ports
_own = {getattr(_app, n, None) for n in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
print("LEAKCHECK" + _json.dumps({
    # pyzmq starts a GarbageCollectorThread for large messages, and JupyterLab asks ipykernel 7 for
    # "subshell-..." threads (kernel subshells): the kernel's and the front end's, not a leak.
    "threads": sorted(t.name for t in _threading.enumerate()
                      if type(t).__name__ != "GarbageCollectorThread" and not t.name.startswith("subshell-")),
    "children": sorted(f"{p.pid}:{' '.join(p.cmdline()[:3])}" for p in _me.children(recursive=True)),
    "listening": sorted(f"{c.laddr.ip}:{c.laddr.port}" for c in _me.net_connections(kind="inet")
                        if c.status == _psutil.CONN_LISTEN and c.laddr.port not in _own),
}))
"""


def _probe(nb) -> dict:
    text = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    return json.loads(text.split("LEAKCHECK", 1)[1])


def _run(path, notebook, tmp_path):
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    nb = course_tools.execute(  # a cell that hangs fails after 2 minutes
        path, notebook=notebook, workspace=tmp_path / "workspace", runs=2, env={"TMPDIR": str(tmp)}, timeout=120
    )
    return nb, tmp


@pytest.fixture(scope="session")  # once per worker: the notebooks' classes spread over the workers
def baseline(tmp_path_factory):
    """What an empty notebook's kernel has running: the kernel's own threads."""
    path = course_tools.notebook_paths()[0]
    nb, _ = _run(path, nbformat.v4.new_notebook(), tmp_path_factory.mktemp("baseline"))
    return _probe(nb)


def learner_edition_with_probe(path):
    """The learner edition of ``path`` (solutions removed, exercises blank), plus the leak probe."""
    learner = build_editions.learner_notebook(nbformat.read(path, as_version=4))
    learner.cells.append(nbformat.v4.new_code_cell(PROBE))
    return learner


def check_learner_edition(path, tmp_path, baseline):
    """Run the learner edition of ``path`` twice in one kernel; check feedback and leaks."""
    learner = build_editions.learner_notebook(nbformat.read(path, as_version=4))
    nb, tmp = _run(path, learner, tmp_path)
    errors = [
        f"cell {i}: {out.get('ename')}: {out.get('evalue')}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", [])
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors, f"{path.name}: errors on the second run: {errors}"
    feedback = [
        "".join(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "check" in cell.source
    ]
    left = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*"))
    assert_learner_run_is_clean(path.name, feedback, _probe(nb), baseline, left)


def assert_learner_run_is_clean(name, feedback, state, baseline, left_in_tmp):
    """What a learner edition run twice must show: every blank exercise answered kindly, and
    nothing left behind (threads, child processes, servers, temporary files).

    ``feedback`` holds the text of each exercise check's output, ``state`` the leak probe's
    reading after the run, ``baseline`` an idle kernel's, ``left_in_tmp`` the files the run
    left in the kernel's TMPDIR. Shared by the nbclient run below and the JupyterLab run in
    tests/test_browser.py."""
    waiting = [text for text in feedback if "not answered yet" in text]
    assert len(waiting) >= 2, f"{name}: exercise checks do not say 'not answered yet': {feedback}"
    assert not any("Traceback" in text for text in feedback)

    # Nothing left behind after the notebook (run twice) has finished.
    threads = sorted(set(state["threads"]) - set(baseline["threads"]))
    assert len(state["threads"]) <= len(baseline["threads"]), f"{name}: threads left running: {threads}"
    assert state["children"] == [], f"{name}: child processes left running: {state['children']}"
    # An idle kernel listens on its own ports (excluded) plus internal ones (in the baseline).
    assert len(state["listening"]) <= len(baseline["listening"]), (
        f"{name}: servers still listening: {state['listening']} (an idle kernel: {baseline['listening']})"
    )
    assert left_in_tmp == [], f"{name}: temporary files left outside the workspace: {left_in_tmp[:10]}"


def _learner_edition_class(path):
    @_in_the_browser
    def test_learner_edition_runs_twice_in_one_kernel(self, tmp_path, baseline):
        check_learner_edition(path, tmp_path, baseline)

    name = f"TestLearnerEdition_{path.stem}"
    return type(
        name, (), {"test_learner_edition_runs_twice_in_one_kernel": test_learner_edition_runs_twice_in_one_kernel}
    )


# Where the JupyterLab browser test runs, it runs each learner edition twice and checks the
# same (tests/test_browser.py): then these kernel-only runs are not needed.
_in_the_browser = pytest.mark.skipif(
    browser_missing() is None,
    reason="the JupyterLab browser test runs the learner editions twice (tests/test_browser.py)",
)


# One class per notebook (not one parametrized test): pytest-xdist's loadscope then sends
# each notebook's run to whichever worker is free, instead of all of them to one worker.
for _path in course_tools.notebook_paths():
    _cls = _learner_edition_class(_path)
    globals()[_cls.__name__] = _cls


def test_the_leak_probe_sees_a_server_left_running(tmp_path, baseline):
    leaky = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import http.server, threading, tempfile\n"
                "server = http.server.HTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler)\n"
                "threading.Thread(target=server.serve_forever, name='forgotten-server', daemon=True).start()\n"
                "open(tempfile.mkstemp()[1], 'w').close()"
            )
        ]
    )
    nb, tmp = _run(course_tools.notebook_paths()[0], leaky, tmp_path)
    state = _probe(nb)
    assert len(state["listening"]) > len(baseline["listening"])
    assert "forgotten-server" in state["threads"]
    assert list(tmp.iterdir()), "the temporary file should have been seen"
