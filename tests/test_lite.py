"""The browser edition (`make lite`, tools/build_lite.py) in a real browser, with no network.

Serves ``build/lite/`` on 127.0.0.1 with a plain static file server (what a learner's
``python -m http.server`` does), opens every notebook of the edition in headless Chromium,
runs all its cells from the JupyterLite UI and checks: no request goes to any other host
(each is aborted and fails the test), no cell fails except those tagged ``raises-exception``,
every exercise check says what it says in JupyterLab ("not answered yet" where the stored
JupyterLab notebook says so, ✅ for the worked solutions), a widget renders and, used, changes what
its cell shows (as in tests/test_browser.py), and axe-core finds no accessibility violation in the
course's content. What every cell printed goes to ``build/lite-outputs/`` to read. The kernel-ready
time and each notebook's Run All time are printed (targets: 20 s and 30 s) and written with the
site's size to ``build/lite-timings.json``.

It runs with ``make test-lite`` (``COURSE_TEST_LITE=1``), not in ``make test``: it is another Python
(Pyodide's 3.14) in another runtime, as ``make test-pythons`` is for 3.12 and 3.13. Without a built
site, Chromium or Playwright it skips and says so; ``COURSE_REQUIRE_BROWSER=1`` (set by ``.ci/run``)
turns that skip into a failure.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import time
import urllib.parse

import accessibility
import nbformat
import pytest
from conftest import CHROMIUM_ARGS, browser_missing, chromium
from test_browser import RESULT_JS, unexpected_errors, use_a_widget

import course_tools
from build_lite import EDITION

ROOT = course_tools.ROOT
SITE = ROOT / "build" / "lite"
TIMINGS = ROOT / "build" / "lite-timings.json"
OUTPUTS = ROOT / "build" / "lite-outputs"  # what each cell printed in the browser, to read
SHOTS = ROOT / "build" / "screenshots"
REQUIRED = os.environ.get("COURSE_REQUIRE_BROWSER") == "1"
KERNEL_READY_S, RUN_ALL_S, SITE_MB = 20, 30, 60

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

if os.environ.get("COURSE_TEST_LITE") != "1":  # its own command, which builds the site first
    pytestmark = pytest.mark.skip(reason="the browser edition is tested by `make test-lite`")
elif _missing := browser_missing() or (None if (SITE / "index.html").exists() else "the site is not built (make lite)"):
    if REQUIRED:
        raise RuntimeError(f"The browser-edition test is required here (COURSE_REQUIRE_BROWSER=1) but {_missing}.")
    pytestmark = pytest.mark.skip(reason=f"SKIPPED the browser-edition test: {_missing}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium_browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            yield chromium_browser
        finally:
            chromium_browser.close()


@pytest.fixture(scope="module")
def timings():
    found = {"site_mb": round(sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file()) / 1e6, 1)}
    yield found
    TIMINGS.write_text(json.dumps(found, indent=2) + "\n")


MODEL_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const list = panel.content.model.cells, cells = [];
  const join = s => Array.isArray(s) ? s.join('') : String(s || '');
  for (let i = 0; i < list.length; i++) {
    const cell = list.get(i).toJSON();
    cells.push({type: cell.cell_type, count: cell.execution_count ?? null,
                tags: (cell.metadata && cell.metadata.tags) || [], source: join(cell.source),
                text: (cell.outputs || []).map(o => join(o.text) + join(o.data && o.data['text/plain'])).join(''),
                outputs: (cell.outputs || []).map(o => ({type: o.output_type, ename: o.ename || null,
                          evalue: o.evalue || null,
                          widget: !!(o.data && o.data['application/vnd.jupyter.widget-view+json'])}))});
  }
  return cells;
}"""

KERNEL_IDLE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""


def _stored_messages(stem: str) -> list[str]:
    """What each exercise check of the JupyterLab notebook says ("" for other code cells), in order."""
    stored = nbformat.read(course_tools.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    messages = []
    for cell in stored.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        if ".check_" not in cell.source:  # an exercise check: `exercises.<module>.check_<name>(...)`
            text = ""
        messages.append("not answered yet" if "not answered yet" in text else "✅" if "✅" in text else "")
    return messages


def _wait(page, test, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(test):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")
        page.wait_for_timeout(200)


@pytest.mark.parametrize("stem", EDITION)
def test_notebook_runs_in_the_browser_edition(site, browser, timings, stem):
    context = browser.new_context()
    page = context.new_page()
    outside = []

    def only_this_site(route):  # the edition runs offline: a request to any other host fails the test
        url = route.request.url
        if urllib.parse.urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_this_site)
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    try:
        started = time.monotonic()
        page.goto(f"{site}/lab/index.html?path=notebooks/{stem}.ipynb")
        _wait(page, "() => !!(window.jupyterapp && window.jupyterapp.shell)", 60, "JupyterLite")
        _wait(
            page,
            """() => { const w = window.jupyterapp.shell.currentWidget;
                       return !!w && !!w.content && w.content.widgets && w.content.widgets.length > 0; }""",
            60,
            "the notebook to open",
        )
        _wait(page, KERNEL_IDLE_JS, 90, "the kernel to be ready")
        ready = time.monotonic() - started

        started = time.monotonic()
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        deadline = started + 180
        while time.monotonic() < deadline:
            page.wait_for_timeout(300)
            cells = page.evaluate(MODEL_JS)
            pending = [c for c in cells if c["type"] == "code" and c["source"].strip() and c["count"] is None]
            if not pending and page.evaluate(KERNEL_IDLE_JS):
                page.wait_for_timeout(300)
                if page.evaluate(KERNEL_IDLE_JS):
                    break
        run_all = time.monotonic() - started
        timings[stem] = {"kernel_ready_s": round(ready, 1), "run_all_s": round(run_all, 1)}
        print(f"\n{stem}: kernel ready in {ready:.1f} s, Run All in {run_all:.1f} s")

        cells = page.evaluate(MODEL_JS)
        code = [(i, c) for i, c in enumerate(cells) if c["type"] == "code" and c["source"].strip()]
        not_run = [f"cell {i} ({c['source'][:50]!r})" for i, c in code if c["count"] is None]
        assert not not_run, f"{stem}: cells not run: {not_run}"
        failed = unexpected_errors(cells)
        assert not failed, f"{stem}: cells failed in the browser: {failed}"

        course_cells = [c for c in cells if c["type"] == "code" and "browser-edition" not in c["tags"]]
        expected = _stored_messages(stem)
        assert len(course_cells) == len(expected), f"{stem}: the edition has other code cells than the course"
        wrong = [
            f"{c['source'][:60]!r} shows {c['text'][-160:]!r}, not {want!r}"
            for c, want in zip(course_cells, expected, strict=True)
            if want and want not in c["text"]
        ]
        assert not wrong, f"{stem}: exercise checks differ from JupyterLab: {wrong}"
        assert "not answered yet" in expected and "✅" in expected, f"{stem}: no exercise checks found"

        OUTPUTS.mkdir(parents=True, exist_ok=True)
        (OUTPUTS / f"{stem}.txt").write_text(
            "".join(
                f"----- cell {i} ({c['type']})\n{c['source']}\n" + (f"----- shows\n{c['text']}\n" if c["text"] else "")
                for i, c in enumerate(cells)
            ),
            encoding="utf-8",
        )

        widget_cells = [i for i, c in code if any(o["widget"] for o in c["outputs"])]
        assert widget_cells, f"{stem}: no cell displays a widget"
        page.wait_for_selector(".jp-OutputArea-output .jupyter-widgets", timeout=30_000)
        shown = page.locator(".jp-Notebook").inner_text()
        for bad in ("Error displaying widget", "Failed to load model class"):
            assert bad not in shown, f"{stem}: shows {bad!r} (is the widgets' front end missing?)"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"lite-{stem}.png"))

        # Use one widget, as the JupyterLab test does: what its cell shows must change.
        dom_cells = page.locator(".jp-Notebook .jp-Cell")

        def result(i):
            return dom_cells.nth(i).locator(".jp-Cell-outputArea").evaluate(RESULT_JS)

        before = {i: result(i) for i in widget_cells}
        action = use_a_widget(page, stem)
        _wait(page, KERNEL_IDLE_JS, 30, "the widget's callback")
        deadline, changed = time.monotonic() + 30, []
        while not changed and time.monotonic() < deadline:
            page.wait_for_timeout(300)
            changed = [i for i in widget_cells if result(i) != before[i]]
        assert changed, (
            f"{stem}: using a widget ({action}) changed nothing shown in cells {widget_cells}; the browser's "
            f"console said: {console[-6:]}"
        )
        raised = unexpected_errors(page.evaluate(MODEL_JS))
        assert not raised, f"{stem}: using a widget ({action}) raised an error in {raised}"

        # Accessibility (axe-core), as in JupyterLab: the course's content breaks no rule.
        found = accessibility.audit(page, accessibility.CONTENT)
        ours = [v for v in found if v["content"] and not v["widget"]]
        assert not ours, f"{stem}: the notebook's content breaks accessibility rules:\n{accessibility.describe(ours)}"
        assert not outside, f"{stem}: requests to other hosts (aborted): {outside[:5]}"
    finally:
        context.close()


def test_the_site_is_small_enough(timings):
    assert timings["site_mb"] <= SITE_MB, f"the browser edition is {timings['site_mb']} MB (target {SITE_MB} MB)"
