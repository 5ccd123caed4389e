"""The course in JupyterLab itself, driven through a real browser (Chromium + Playwright).

nbval runs kernels but never sees JupyterLab. This test starts JupyterLab on
127.0.0.1 with a token, and for every notebook's *learner edition* (the copy a class
starts from: solutions removed, exercises blank): opens it, runs all cells from the
Lab UI, and checks that no cell failed, that every widget the notebook displays is
rendered (by its DOM class, not only the absence of "Error displaying widget"),
that using one widget changes what is shown, and that its navigation links
resolve. Then it runs every cell a second time in the same kernel, as an instructor
re-running a notebook live does (sent by a kernel client of its own, so that the browser
does not draw every output again), and checks what tests/test_notebooks_execute.py
checks without a browser: no error, every blank exercise answered "not answered yet",
and a last probe cell finds nothing left behind (threads, child processes, servers,
temporary files). One execution thus serves both checks; the nbclient run there
only runs where this test cannot. Screenshots go to ``build/screenshots/``
(git-ignored) for people to look at.

Lab serves a *copy* of the course in a temporary folder, so Lab's autosave can
never rewrite the committed notebooks. Without Chromium or Playwright the test
skips and says so; ``COURSE_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns that
skip into a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import accessibility
import nbformat
import pytest
from conftest import CHROMIUM_ARGS, browser_missing, chromium
from test_notebooks_execute import PROBE, assert_learner_run_is_clean, learner_edition_with_probe

import course_tools

ROOT = course_tools.ROOT
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = chromium()
REQUIRED = os.environ.get("COURSE_REQUIRE_BROWSER") == "1"
RUN_TIMEOUT_MS = 120_000
BASELINE = "leak_baseline.ipynb"  # a notebook holding only the leak probe: what an idle kernel has

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

_missing = browser_missing()
if _missing:
    if REQUIRED:
        raise RuntimeError(f"The browser test is required here (COURSE_REQUIRE_BROWSER=1) but {_missing}.")
    pytestmark = pytest.mark.skip(reason=f"SKIPPED the JupyterLab browser test: {_missing}")

# User settings for the test's JupyterLab: every cell kept in the DOM (no windowing) so that
# widgets below the fold are rendered and can be checked. (No news and no update check come
# from the course's own jupyter_lab_config.py, as in `make lab`.)
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}

# Which control to use in each notebook, when the first interactive one is not the best
# demonstration. Keys are notebook stems; values are CSS selectors of the control.
PREFERRED_CONTROL: dict[str, str] = {
    # the slider picks an image; the button jumps to the next one the network gets wrong
    "12_pytorch": "button.jupyter-button:has-text('Next mistake')",
}

CONTROLS = [  # (CSS selector, how to use it), in order of preference
    (".widget-checkbox input[type=checkbox]", "click"),
    (".widget-hslider .noUi-handle, .widget-vslider .noUi-handle", "slide"),
    (".widget-dropdown select", "select"),
    (".widget-text input[type=text], .widget-textarea textarea", "type"),
    (".widget-toggle-buttons button, .widget-radio-box input", "click-second"),
    ("button.jupyter-button", "click"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0  # not listening (yet)


@pytest.fixture(scope="class")
def lab(tmp_path_factory):
    """A JupyterLab serving a copy of the course, with a token; stopped afterwards."""
    base = tmp_path_factory.mktemp("lab")
    course = base / "course"
    shutil.copytree(
        ROOT / "notebooks",
        course / "notebooks",
        ignore=shutil.ignore_patterns("workspace", ".ipynb_checkpoints", "__pycache__"),
    )
    for name in ("images", "sample_packages"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("requirements.in", "requirements.txt"):  # notebook 10 reads both
        shutil.copy(ROOT / name, course / name)
    for path in course_tools.notebook_paths():
        nbformat.write(learner_edition_with_probe(path), course / "notebooks" / path.name)
    baseline = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    baseline.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(baseline, course / "notebooks" / BASELINE)
    tmp = base / "tmp"  # every kernel's TMPDIR: what a notebook leaves there is a leak
    tmp.mkdir()
    settings = base / "settings"
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    port, token = _free_port(), os.urandom(12).hex()
    runtime = base / "runtime"  # the kernels' connection files: the re-run connects to the kernel there
    env = {
        **os.environ,
        **course_tools.STABLE_ENV,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "TMPDIR": str(tmp),
        "JUPYTER_RUNTIME_DIR": str(runtime),
    }
    env.pop("COURSE_WORKSPACE", None)
    log = open(base / "lab.log", "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            f"--config={ROOT / 'jupyter_lab_config.py'}",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={course}",
            f"--LabApp.workspaces_dir={base / 'lab-ws'}",
            f"--LabApp.user_settings_dir={settings}",
            "--LabApp.expose_app_in_browser=True",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _get(f"{url}/api/status?token={token}") != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not start:\n" + (base / "lab.log").read_text()[-3000:])
            time.sleep(0.2)
        yield {"url": url, "token": token, "root": course, "tmp": tmp, "runtime": runtime}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="class")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# JavaScript run in the page: the notebook's cells as JupyterLab's model sees them.
MODEL_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = [];
  const list = panel.content.model.cells;
  for (let i = 0; i < list.length; i++) {
    const cell = list.get(i).toJSON();
    cells.push({type: cell.cell_type, count: cell.execution_count ?? null,
                tags: (cell.metadata && cell.metadata.tags) || [],
                first: String(Array.isArray(cell.source) ? cell.source.join('') : cell.source).split('\\n')[0],
                outputs: (cell.outputs || []).map(o => ({type: o.output_type, ename: o.ename || null,
                          evalue: o.evalue || null,
                          widget: !!(o.data && o.data['application/vnd.jupyter.widget-view+json'])}))});
  }
  return cells;
}"""


# What a widget cell shows, without its controls: its outputs, HTML, images and labels.
RESULT_JS = """area => {
  const copy = area.cloneNode(true);
  copy.querySelectorAll('input, select, textarea, button, .noUi-target, .widget-readout, '
                        + '.widget-slider, .widget-hslider, .widget-vslider, .widget-progress, '
                        + '.widget-checkbox, .widget-dropdown, .widget-toggle-buttons, .widget-text, '
                        + '.widget-textarea, .widget-combobox').forEach(e => e.remove());
  return copy.innerHTML;
}"""


def unexpected_errors(cells: list[dict]) -> list[str]:
    """The errors of code cells not tagged ``raises-exception``, one line each, from the cells
    MODEL_JS reads (or any list of cells with type, source or first line, tags and outputs)."""
    first_lines = [(c.get("first") or c.get("source") or "").partition("\n")[0] for c in cells]
    return [
        f"cell {i} ({first_lines[i][:50]!r}): {o['ename']}: {(o['evalue'] or '')[:200]}"
        for i, c in enumerate(cells)
        if c["type"] == "code" and "raises-exception" not in c["tags"]
        for o in c["outputs"]
        if o["type"] == "error"
    ]


def _kernel_idle(page) -> bool:
    return page.evaluate("""() => {
      const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
      const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
      return !!k && k.status === 'idle';
    }""")


def _wait_idle(page, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while not _kernel_idle(page):
        if time.monotonic() > deadline:
            raise AssertionError("the kernel did not become idle")
        page.wait_for_timeout(200)


def _shutdown_kernels(lab) -> None:
    base, token = lab["url"], lab["token"]
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}") as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request).close()


def use_a_widget(page, stem: str) -> str:
    """Use one interactive control; return a description of what was done."""
    candidates = ([(PREFERRED_CONTROL[stem], "auto")] if stem in PREFERRED_CONTROL else []) + CONTROLS
    for selector, how in candidates:
        controls = page.locator(f".jp-OutputArea {selector}")
        if controls.count() == 0:
            continue
        control = controls.first
        control.scroll_into_view_if_needed()
        tag = control.evaluate("e => e.tagName.toLowerCase() + (e.type ? ':' + e.type : '')")
        if how == "auto":
            how = {
                "input:checkbox": "click",
                "select:select-one": "select",
                "input:text": "type",
                "textarea:textarea": "type",
            }.get(tag, "slide" if "noUi" in selector else "click")
        if how == "slide":
            control.focus()
            for _ in range(3):
                control.press("ArrowRight")
        elif how == "select":
            options = control.locator("option")
            values = [
                options.nth(i).get_attribute("value") or options.nth(i).inner_text() for i in range(options.count())
            ]
            current = control.input_value()
            control.select_option(next(v for v in values if v != current))
        elif how == "type":
            control.fill(control.input_value() + "x")
            control.press("Enter")
        elif how == "click-second":
            controls.nth(1 if controls.count() > 1 else 0).click()
        else:
            control.click()
        return f"{how} {selector}"
    raise AssertionError("no interactive control (slider, checkbox, text box, dropdown, button) was found")


@pytest.fixture(scope="class")
def lab_page(lab, browser):
    """One JupyterLab page for every notebook: loading the app once saves seconds per notebook.

    The page keeps the browser console's errors and the kernel messages it receives over
    the websocket; each test clears them before it starts.
    """
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    state = {"page": page, "console": [], "frames": [], "outside": [], "missing": []}
    page.on("console", lambda msg: state["console"].append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: state["missing"].append(f"{r.status} {r.url}") if r.status == 404 else None)

    def only_this_lab(route):  # the course runs offline: a request to any other host fails the test
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            state["outside"].append(route.request.url)
            route.abort()

    page.route("**/*", only_this_lab)

    def on_websocket(socket):
        def keep(payload):
            state["frames"].append(payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))

        socket.on("framereceived", keep)

    page.on("websocket", on_websocket)
    page.goto(f"{lab['url']}/lab?token={lab['token']}&reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored")
    try:
        yield state
    finally:
        page.close()


CLOSE_ALL_JS = """() => {
  for (const widget of Array.from(window.jupyterapp.shell.widgets('main'))) {
    if (widget.context) { widget.context.model.dirty = false; }  // close without a save dialog
    widget.dispose();
  }
}"""


# The text a cell shows (streams and plain-text results), with its whole source.
TEXTS_JS = """() => {
  const list = window.jupyterapp.shell.currentWidget.content.model.cells;
  const cells = [];
  for (let i = 0; i < list.length; i++) {
    const cell = list.get(i).toJSON();
    const join = s => Array.isArray(s) ? s.join('') : String(s || '');
    const text = (cell.outputs || []).map(o => join(o.text) + join(o.data && o.data['text/plain'])).join('');
    cells.push({type: cell.cell_type, source: join(cell.source), text});
  }
  return cells;
}"""


def _files(folder) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _open(page, name: str) -> None:
    """Open notebook ``name`` (a path below Lab's root) and wait for its kernel."""
    page.evaluate("path => window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'})", name)
    page.wait_for_function(
        """path => {
        const w = window.jupyterapp.shell.currentWidget;
        return !!w && !!w.context && w.context.path === path && !!w.content && w.content.widgets.length > 0;
    }""",
        arg=name,
        timeout=60_000,
    )
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    _wait_idle(page)


def _run_all(page) -> None:
    """Run all cells from the Lab UI; wait until every code cell has run (it has an execution
    count) and the kernel has stayed idle, or the time is up."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:  # the kernel can be idle for a moment between two cells
        page.wait_for_timeout(500)
        cells = page.evaluate(MODEL_JS)
        pending = [c for c in cells if c["type"] == "code" and c["first"].strip() and not c["count"]]
        if not pending and _kernel_idle(page):
            page.wait_for_timeout(500)
            if _kernel_idle(page):
                return


def _run_again(lab, page, timeout_s: float = RUN_TIMEOUT_MS / 1000) -> list[dict]:
    """Every cell once more in the notebook's own kernel, as an instructor re-running it live does.

    Lab's UI ran the cells the first time; this time a kernel client of the test's own sends them to
    the same kernel (its connection file is in the Lab's runtime folder), so that the browser does
    not draw every output a second time. Returns each cell as TEXTS_JS does, with its errors."""
    from jupyter_client import BlockingKernelClient

    kernel = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id")
    client = BlockingKernelClient(connection_file=str(lab["runtime"] / f"kernel-{kernel}.json"))
    client.load_connection_file()
    client.start_channels()
    cells = []
    try:
        client.wait_for_ready(timeout=30)
        for cell in page.evaluate(TEXTS_JS):
            cell = {**cell, "text": "", "errors": []}
            if cell["type"] == "code" and cell["source"].strip():

                def keep(message, cell=cell):
                    content, kind = message["content"], message["msg_type"]
                    if kind == "stream":
                        cell["text"] += content["text"]
                    elif kind in ("execute_result", "display_data"):
                        cell["text"] += content["data"].get("text/plain", "")
                    elif kind == "error":
                        cell["errors"].append(f"{content['ename']}: {content['evalue'][:200]}")

                client.execute_interactive(cell["source"], timeout=timeout_s, output_hook=keep, allow_stdin=False)
            cells.append(cell)
    finally:
        client.stop_channels()
    return cells


def _probe_state(texts) -> dict:
    """The leak probe's reading: the last code cell prints LEAKCHECK and a JSON object."""
    probe = [c["text"] for c in texts if c["type"] == "code"][-1]
    assert "LEAKCHECK" in probe, f"the leak probe printed no reading: {probe[-300:]!r}"
    return json.loads(probe.split("LEAKCHECK", 1)[1])


@pytest.fixture(scope="class")
def lab_baseline(lab, lab_page):
    """What an idle kernel started by this JupyterLab has running (its own threads and ports)."""
    page = lab_page["page"]
    try:
        _open(page, f"notebooks/{BASELINE}")
        _run_all(page)
        return _probe_state(page.evaluate(TEXTS_JS))
    finally:
        page.evaluate(CLOSE_ALL_JS)
        _shutdown_kernels(lab)


# Two halves, each a class with its own JupyterLab and browser: with `--dist loadscope` the
# two halves run on two workers at once (one Lab for all notebooks took the longest of all).
NOTEBOOKS = course_tools.notebook_paths()


class TestJupyterLabFirstHalf:
    def test_lab_refuses_requests_without_the_token(self, lab):
        assert _get(f"{lab['url']}/api/contents") == 403
        assert _get(f"{lab['url']}/api/contents?token=wrong-token") == 403
        assert _get(f"{lab['url']}/api/contents?token={lab['token']}") == 200

    def test_slides_open_without_the_internet(self, lab, lab_page):
        """RISE's default theme loads Google Fonts; the course's notebooks pick one that does not."""
        page = lab_page["page"]
        lab_page["console"].clear()
        lab_page["outside"].clear()
        lab_page["missing"].clear()
        try:
            config = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)")
            assert config["news"] == {"disabled": True}, "jupyter_lab_config.py must turn the news feed off"
            page.wait_for_timeout(1500)  # the news question, when it comes, comes a moment after start-up
            assert page.get_by_text("official Jupyter news").count() == 0, "Lab asked whether to fetch the news"
            _open(page, "notebooks/01_modules.ipynb")
            page.evaluate("() => window.jupyterapp.commands.execute('RISE:preview')")
            page.wait_for_function(
                """() => Array.from(document.querySelectorAll('iframe')).some(f => {
                    const d = f.contentDocument;
                    return d && d.querySelector('.reveal .slides section') && d.fonts && d.fonts.status === 'loaded';
                })""",
                timeout=60_000,
            )
            page.wait_for_timeout(1000)  # the theme's stylesheet and fonts load after the first slide
            assert not lab_page["outside"], f"the slideshow asked the internet for {lab_page['outside'][:3]}"
            # jupyterlab-rise asks for a Markdown image ../images/x.png at the server's root,
            # /images/x.png: tools/rise_images.py (loaded by jupyter_lab_config.py) serves it there.
            missing, failed = lab_page["missing"], [e for e in lab_page["console"] if "Failed to load" in e]
            assert not missing and not failed, f"the slideshow's failed requests: {missing[:3]} {failed[:3]}"
            shown = page.evaluate("""() => Array.from(document.querySelectorAll('iframe')).flatMap(f =>
                Array.from(f.contentDocument ? f.contentDocument.querySelectorAll('.reveal img') : [])
                     .map(i => i.complete && i.naturalWidth > 0))""")
            assert shown and all(shown), f"diagrams in the slideshow that did not load: {shown}"
        finally:
            page.evaluate(CLOSE_ALL_JS)
            _shutdown_kernels(lab)

    @pytest.mark.parametrize("path", NOTEBOOKS[0::2], ids=lambda p: p.stem)
    def test_notebook_runs_in_jupyterlab(self, lab, lab_page, lab_baseline, path):
        check_notebook_in_jupyterlab(lab, lab_page, lab_baseline, path)


class TestJupyterLabSecondHalf:
    @pytest.mark.parametrize("path", NOTEBOOKS[1::2], ids=lambda p: p.stem)
    def test_notebook_runs_in_jupyterlab(self, lab, lab_page, lab_baseline, path):
        check_notebook_in_jupyterlab(lab, lab_page, lab_baseline, path)


def check_notebook_in_jupyterlab(lab, lab_page, lab_baseline, path):
    """Open the learner edition of ``path`` in Lab, run it, use a widget, run it again; check all."""
    name, stem = path.name, path.stem
    page, console_errors, frames = lab_page["page"], lab_page["console"], lab_page["frames"]
    console_errors.clear()
    frames.clear()
    lab_page["outside"].clear()
    lab_page["missing"].clear()
    tmp_before = _files(lab["tmp"])
    try:
        name = f"notebooks/{path.name}"  # Lab serves the course's root, as `make lab` does
        _open(page, name)
        _run_all(page)
        SHOTS.mkdir(parents=True, exist_ok=True)

        cells = page.evaluate(MODEL_JS)
        code = [(i, c) for i, c in enumerate(cells) if c["type"] == "code" and c["first"].strip()]
        not_run = [f"cell {i} ({c['first'][:50]!r})" for i, c in code if c["count"] is None]
        assert not not_run, f"{name}: cells not run from the Lab UI: {not_run}"
        failed = unexpected_errors(cells)
        assert not failed, f"{name}: cells failed when run in JupyterLab: {failed}"

        widget_cells = [i for i, c in code if any(o["widget"] for o in c["outputs"])]
        assert widget_cells, f"{name}: no cell displays a widget; every notebook needs one interaction"
        dom_cells = page.locator(".jp-Notebook .jp-Cell")
        for i in widget_cells:
            cell = dom_cells.nth(i)
            label = f"{name}, cell {i} ({cells[i]['first'][:50]!r})"
            outputs = cell.locator(".jp-Cell-outputArea")
            deadline, shown = time.monotonic() + 30, ""
            while time.monotonic() < deadline:
                shown = outputs.inner_text()
                rendered = cell.locator(
                    ".jp-OutputArea-output.jupyter-widgets, .jp-OutputArea-output .jupyter-widgets"
                ).count()
                if rendered and "Loading widget..." not in shown:
                    break
                page.wait_for_timeout(300)
            else:
                raise AssertionError(f"{label}: the widget was not rendered; the cell shows: {shown[:200]!r}")
            for bad in ("Error displaying widget", "Failed to load model class", "Click to show javascript error"):
                assert bad not in shown, f"{label}: shows {bad!r} (is the widget's front-end missing?)"
            assert cell.locator(".jupyter-widgets-error-widget").count() == 0, (
                f"{label}: ipywidgets shows its error widget (is the widget's front-end missing?)"
            )
        page.evaluate(
            "() => document.querySelectorAll('.jp-WindowedPanel-outer, .jp-NotebookPanel-notebook')"
            ".forEach(e => { e.scrollTop = 0; })"
        )
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / f"{stem}-top.png"))

        # Use one widget and watch what it *shows* change: the controls themselves (a moved
        # slider, its readout) are left out of the comparison, and any traceback that a
        # callback sends to JupyterLab (its log console, not a cell) fails the test.
        def shown(i):
            return dom_cells.nth(i).locator(".jp-Cell-outputArea").evaluate(RESULT_JS)

        before = {i: shown(i) for i in widget_cells}
        frames.clear()
        action = use_a_widget(page, stem)
        changed = []
        deadline = time.monotonic() + 30
        while not changed and time.monotonic() < deadline:
            page.wait_for_timeout(300)
            tracebacks = [f for f in frames if "Traceback (most recent call last)" in f or "Exception in comm_msg" in f]
            assert not tracebacks, (
                f"{name}: using a widget ({action}) raised in its callback (widget cells "
                f"{widget_cells}): {tracebacks[0][-400:]!r}"
            )
            changed = [i for i in widget_cells if shown(i) != before[i]]
        assert changed, (
            f"{name}: using a widget ({action}) changed nothing shown in the widget cell(s) "
            f"{[(i, cells[i]['first'][:40]) for i in widget_cells]}: does its callback fail?"
        )
        _wait_idle(page)
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"{stem}-widget.png"))
        # Accessibility (axe-core): nothing the course shows may break a rule, widgets included.
        found = accessibility.audit(page, accessibility.CONTENT)
        ours = [v for v in found if v["content"] and not v["widget"]]
        assert not ours, f"{name}: the notebook's content breaks accessibility rules:\n{accessibility.describe(ours)}"
        lab_new = [v for v in found if not v["content"] and v["rule"] not in accessibility.LAB_RULES]
        assert not lab_new, (
            f"{name}: JupyterLab breaks rules not in tests/accessibility.py's LAB_RULES (is it the course's "
            f"doing? if not, list the rule there with the reason):\n{accessibility.describe(lab_new)}"
        )
        errors_in_widgets = page.locator(
            ".jp-OutputArea .jupyter-widgets [data-mime-type='application/vnd.jupyter.stderr']"
        ).count()
        cells_after = page.evaluate(MODEL_JS)
        new_errors = unexpected_errors(cells_after)
        assert not new_errors and not errors_in_widgets, (
            f"{name}: using a widget ({action}) raised an error: {new_errors or 'traceback inside a widget'}"
            f" in cell(s) {changed}"
        )

        # Every link to another notebook resolves to a notebook that exists.
        hrefs = page.eval_on_selector_all(".jp-RenderedMarkdown a[href]", "els => els.map(e => e.getAttribute('href'))")
        # Lab renders a relative link as /files/<path>?_xsrf=...; clicking it opens <path> in Lab.
        paths = [urllib.parse.unquote(urllib.parse.urlsplit(h).path) for h in hrefs]
        targets = sorted({p.split("/files/", 1)[-1] for p in paths if p.endswith(".ipynb")})
        assert targets, f"{name}: no links to other notebooks (header/footer navigation missing?)"
        broken = [
            t
            for t in targets
            if _get(
                f"{lab['url']}/api/contents/"
                f"{t if t.startswith('notebooks/') else 'notebooks/' + t}"
                f"?content=0&token={lab['token']}"
            )
            != 200
        ]
        # Every picture in the notebook's text really loads (a diagram outside Lab's root does not).
        images = page.eval_on_selector_all(
            ".jp-RenderedMarkdown img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0])"
        )
        missing = [src for src, ok in images if not ok]
        assert not missing, f"{name}: images that do not load in JupyterLab: {missing}"
        assert not broken, f"{name}: links to notebooks that do not exist: {broken}"
        widget_errors = [e for e in console_errors if "widget" in e.lower() or "model" in e.lower()]
        assert not widget_errors, f"{name}: widget errors in the browser console: {widget_errors[:3]}"
        assert not lab_page["outside"], f"{name}: JupyterLab asked the internet for {lab_page['outside'][:3]}"
        assert not console_errors, f"{name}: errors in the browser console: {console_errors[:3]}"
        assert not lab_page["missing"], f"{name}: requests that got 404 Not Found: {lab_page['missing'][:3]}"

        # Every cell once more in the same kernel, as an instructor re-running it live.
        texts = _run_again(lab, page)
        failed = [
            f"cell {i} ({c['source'][:50]!r}): {error}"
            for i, (c, tags) in enumerate(zip(texts, [c["tags"] for c in cells], strict=True))
            if "raises-exception" not in tags
            for error in c["errors"]
        ]
        assert not failed, f"{name}: cells failed when run a second time in the same kernel: {failed}"
        # IPython reports an unknown %magic on stderr, not as an error output: look for it.
        unknown = [f"cell {i}" for i, c in enumerate(texts) if "UsageError" in c["text"]]
        assert not unknown, f"{name}: a magic IPython does not know (UsageError) in {unknown}"
        feedback = [c["text"] for c in texts if c["type"] == "code" and "check" in c["source"]]
        left = sorted(_files(lab["tmp"]) - tmp_before)
        assert_learner_run_is_clean(name, feedback, _probe_state(texts), lab_baseline, left)
    finally:
        page.evaluate(CLOSE_ALL_JS)
        _shutdown_kernels(lab)
