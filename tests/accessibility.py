"""axe-core, the accessibility rules engine, for the browser tests (JupyterLab and the built editions).

axe-core 4.12 ships inside the pinned package axe-playwright-python (tests/requirements.in) as
``axe.min.js``; it is injected into the page from disk, so no CDN is involved. In JupyterLab only what
the course puts on the page counts against it (Markdown cells and outputs, widgets included); rules
that JupyterLab's own interface breaks are listed in :data:`LAB_RULES` with the reason, and that list
only shrinks: a new rule broken there fails the test until someone looks and lists it.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")

#: What the course writes onto a JupyterLab page: rendered Markdown and every output area.
CONTENT = ".jp-MarkdownOutput, .jp-OutputArea-output, .jp-RenderedHTMLCommon"

#: Rules JupyterLab 4.5's own interface breaks (measured 2026-12-01), each with where and why.
LAB_RULES = {
    "aria-allowed-attr": "toolbar buttons (jp-button) carry aria-pressed, which their role does not allow",
    "aria-input-field-name": "every cell editor (CodeMirror, role=textbox) has no accessible name",
    "aria-required-children": "the notebook's cell list (role=feed) holds cells that are not articles",
    "button-name": "the collapse buttons JupyterLab adds beside Markdown headings have no text",
    "region": "the skip-link wrapper and the status bar lie outside every landmark",
    "scrollable-region-focusable": "a cell editor's scroller is not focusable (the editor inside it is)",
}

#: Rules a widget library breaks in every notebook that uses the widget, not the course's own markup:
#: (rule, a class of the element) -> why, and what the course does about it.
WIDGET_RULES = {
    ("aria-input-field-name", "noUi-handle"): "ipywidgets 8 gives a slider's handle (role=slider) no name; "
    "every slider of the course is linked to a labelled number box (tests/test_notebook_rules.py checks it)",
}

_RUN_JS = """async (content) => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.flatMap(v => v.nodes.map(n => {
    const element = document.querySelector(n.target[0]);
    return {rule: v.id, help: v.help, target: n.target.join(' '), html: n.html.slice(0, 160),
            classes: element ? Array.from(element.classList) : [],
            content: content ? !!(element && element.closest(content)) : true};
  }));
}"""


def audit(page, content: str | None = None) -> list[dict]:
    """The violations on ``page``: each a dict of rule, help, target, html, ``content`` (whether the
    element lies inside ``content``, a CSS selector; without one, every element counts as content) and
    ``widget`` (the reason from :data:`WIDGET_RULES` when a widget library, not the course, breaks it)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS)
    found = page.evaluate(_RUN_JS, content)
    for violation in found:
        violation["widget"] = next(
            (
                why
                for (rule, cls), why in WIDGET_RULES.items()
                if rule == violation["rule"] and cls in violation["classes"]
            ),
            None,
        )
    return found


def describe(violations: list[dict]) -> str:
    """One line per violation, for an assertion message."""
    return "\n".join(f"{v['rule']} ({v['help']}): {v['target']} {v['html']!r}" for v in violations[:12])
