"""The static editions built by tools/build_editions.py (`make build`)."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import syllabus
from conftest import CHROMIUM_ARGS, browser_missing, chromium

import build_editions
import course_tools

NOTEBOOKS = course_tools.notebook_paths()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    # Offline: the front-end files come from the cache `make setup` filled. Executing every
    # notebook again only for its widget state would double this test's time; the start page
    # (widgets on it) proves that the state reaches the page.
    timings = build_editions.build(out, fetch=False, widget_state=NOTEBOOKS[:1])
    return out, timings


class _Refs(HTMLParser):
    """Collect the URLs a page loads (scripts, styles, images) and the links it offers."""

    def __init__(self):
        super().__init__()
        self.loads, self.links, self.sections, self.notes = [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "section":
            self.sections += 1
        if tag == "aside" and "notes" in attrs.get("class", ""):
            self.notes += 1


def _refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url))


def test_every_notebook_has_an_html_page_and_a_deck(built):
    out, _ = built
    for path in NOTEBOOKS:
        assert (out / "html" / f"{path.stem}.html").stat().st_size > 10_000
        assert (out / "slides" / f"{path.stem}.slides.html").stat().st_size > 10_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_has_slides_and_speaker_notes(built, path):
    refs = _refs(built[0] / "slides" / f"{path.stem}.slides.html")
    assert 6 <= refs.sections <= 120, f"{path.name}: {refs.sections} slides"
    assert refs.notes >= 1, f"{path.name}: no speaker notes in the deck"


def test_built_pages_load_nothing_from_the_network(built):
    out, _ = built
    pages = sorted(out.glob("html/*.html")) + sorted(out.glob("slides/*.html")) + [out / "index.html"]
    for page in pages:
        refs = _refs(page)
        remote = [url for url in refs.loads if _remote(url)]
        assert not remote, f"{page.name} loads {remote}"
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r"""require\(\s*\{[^}]*\}\s*,\s*\[([^\]]*)\]""", text):
            assert "http" not in url, f"{page.name} requires {url}"
        for ref in refs.loads:
            if not ref.startswith("data:"):
                assert (page.parent / ref.split("?")[0]).exists(), f"{page.name} loads missing {ref}"
    for css in out.glob("assets/**/*.css"):
        imports = re.findall(r"@import\s+url\(\s*['\"]?(https?:[^)'\"]+)", css.read_text(encoding="utf-8"))
        assert not imports, f"{css.relative_to(out)} imports {imports}"


def test_missing_assets_fail_at_once_naming_the_command(tmp_path):
    with pytest.raises(build_editions.AssetsMissing, match="make setup"):
        build_editions.fetch_assets(tmp_path / "assets", tmp_path / "empty-cache", fetch=False)


def test_widget_renderer_is_local_in_html_pages(built):
    text = (built[0] / "html" / f"{NOTEBOOKS[0].stem}.html").read_text(encoding="utf-8")
    assert "var widgetRendererSrc = '../assets/html-manager/embed-amd.js'" in text
    assert "application/vnd.jupyter.widget-state+json" in text  # stored state travels with the page


def test_index_links_every_edition_in_course_order(built):
    out, _ = built
    links = [link for link in _refs(out / "index.html").links]
    stems = [Path(item.file).stem for item in syllabus.LESSONS]
    pages = [link for link in links if link.startswith("html/")]
    assert pages == [f"html/{stem}.html" for stem in stems]
    for link in links:
        assert (out / link).exists(), f"index.html links to missing {link}"


def test_links_between_notebooks_point_to_built_pages(built):
    out, _ = built
    for kind, suffix in (("html", ".html"), ("slides", ".slides.html")):
        for page in out.glob(f"{kind}/*.html"):
            for link in _refs(page).links:
                target = link.split("#")[0]
                assert not target.endswith(".ipynb"), f"{page.name} still links to {link}"
                if target.endswith(suffix) and not _remote(target):
                    assert (page.parent / target).exists(), f"{page.name} links to missing {link}"


def test_learner_edition_folds_solutions_and_has_no_exercise_outputs(built):
    out, _ = built
    for path in NOTEBOOKS:
        original = nbformat.read(path, as_version=4)
        learner = nbformat.read(out / "learner" / "notebooks" / path.name, as_version=4)
        solutions = [c.source for c in original.cells if course_tools.SOLUTION in c.metadata.get("tags", [])]
        assert len(solutions) >= 2, f"{path.name}: fewer than two worked solutions"
        code = "\n".join(c.source for c in learner.cells if c.cell_type == "code")
        folded = "\n".join(c.source for c in learner.cells if "solution-folded" in c.metadata.get("tags", []))
        assert course_tools.SOLUTION_FIRST_LINE not in code, f"{path.name}: a solution cell survived"
        for solution in solutions:
            body = "\n".join(line for line in solution.splitlines()[1:] if line.strip())
            assert body not in code, f"{path.name}: solution code is still in a code cell of the learner edition"
            assert body in "\n".join(line for line in folded.splitlines() if line.strip()), (
                f"{path.name}: a worked solution is missing from the folded solutions"
            )
        exercises = False
        for cell in learner.cells:
            if cell.cell_type == "markdown" and cell.source.startswith("## "):
                exercises = cell.source.startswith("## Exercises")
            if exercises and cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: exercise output kept"


def test_learner_edition_is_a_runnable_course(built):
    learner = built[0] / "learner"
    for name in ("requirements.in", "requirements.txt", "notebooks/coursekit/checks.py", "images"):
        assert (learner / name).exists(), f"learner edition lacks {name}"
    assert not (learner / "notebooks" / "workspace").exists()


def test_editions_pass_the_accessibility_rules(built):
    """axe-core in Chromium on every built page (WCAG AA contrast, link underlines, table headers,
    titles, landmarks...): the templates and the notebooks' content give no violation at all."""
    missing = browser_missing()
    if missing:
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the accessibility test needs a browser: {missing}")
        pytest.skip(missing)
    import accessibility
    from playwright.sync_api import sync_playwright

    out, _ = built
    pages = [out / "index.html", *sorted(out.glob("html/*.html")), *sorted(out.glob("slides/*.html"))]
    problems = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            for path in pages:
                page.goto(path.as_uri(), wait_until="load")
                if path.parent.name == "slides":
                    # reveal.js starts after "load" (require.js loads it) and hides and shows slides
                    # while it lays them out; it marks the deck "ready" when the first slide is shown.
                    page.wait_for_selector(".reveal.ready", state="attached", timeout=20_000)
                found = accessibility.audit(page)
                if found:
                    problems[str(path.relative_to(out))] = accessibility.describe(found)
        finally:
            browser.close()
    assert not problems, "\n".join(f"{name}:\n{text}" for name, text in problems.items())
