"""The selector tester and the exercise checks of ``11_scrapy.ipynb``.

The tester and the XPath check read the shop's pages from disk; the spider check runs
``python -m scrapy runspider listing.py`` in a fresh process against its own copy of the shop."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from parsel import Selector

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, expect_type, last_line, read_answer, run_python
from coursekit.demosite import SITE, DemoSite
from coursekit.ui import WARNING, never_raises

NOTEBOOK, SPIDER_FILE = "11_scrapy", "listing.py"  #: the learner's spider, in that notebook's folder
CRAWL_TIME_LIMIT = 30.0  #: seconds the learner's crawl may take (the shop's 4 pages take about 1 s)


def site_pages() -> list[str]:
    """The HTML pages of the demo shop, as paths from its root, sorted."""
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))


def listed_books() -> list[dict]:
    """Every book of the four catalogue pages as ``{"title", "price"}`` (None where it shows ``£?``)."""
    books = []
    for page in (p for p in site_pages() if p.startswith("catalogue/")):
        for book in Selector(text=(SITE / page).read_text(encoding="utf-8")).css("article.product"):
            price = book.css(".price::text").re_first(r"\d+\.\d+")
            books.append({"title": book.css("h3 a::text").get(), "price": float(price) if price else None})
    return books


@dataclass(frozen=True)
class SelectorReport:
    """What :func:`try_selector` matched (``matches``), or why it could not run; prints as ``lines``."""

    ok: bool
    lines: tuple[str, ...]
    matches: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return "\n".join(self.lines)


def _show(node, width: int = 70) -> str:
    text = node.get() if isinstance(node.root, str) else " ".join(node.get().split())
    return text if len(text) <= width else text[: width - 1] + "…"


@never_raises(on_error=lambda message: SelectorReport(False, (message,)))
def try_selector(selector, kind="css", page="catalogue/page-1.html", limit=8) -> SelectorReport:
    """Try a CSS or XPath ``selector`` on one page of the shop and report what it matches."""
    kind = kind.lower().strip() if isinstance(kind, str) else kind
    if kind not in ("css", "xpath"):
        raise CourseError(f"kind must be 'css' or 'xpath', not {kind!r:.40}.")
    label, example = ("CSS", "h3 a::text") if kind == "css" else ("XPath", "//h3/a/@title")
    if not isinstance(selector, str) or not selector.strip():
        return SelectorReport(False, (f"Type a {label} selector, e.g. {example}",))
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise CourseError(f"limit must be a whole number of at least 1, not {limit!r:.40}.")
    if not isinstance(page, str) or page not in site_pages():
        raise CourseError(
            f"{page!r:.60} is not a page of the demo shop; try one of: {', '.join(site_pages()[:3])}, ..."
        )
    document, selector = Selector(text=(SITE / page).read_text(encoding="utf-8")), selector.strip()
    try:
        found = document.css(selector) if kind == "css" else document.xpath(selector)
    except Exception as exc:  # cssselect's SelectorSyntaxError, lxml's XPath errors (as ValueError)
        reason = str(exc).replace("XPath error: ", "").split(" in ")[0]
        what = "CSS selector" if kind == "css" else "XPath expression"
        raise CourseError(
            f"{selector!r} is not a valid {what} ({reason}). Check brackets and quotes, e.g. {example}"
        ) from None
    values = tuple(_show(node) for node in found)
    lines = [f"{label} {selector!r} on {page}: {len(values)} match{'' if len(values) == 1 else 'es'}"]
    lines += [f"  {i}. {value!r}" for i, value in enumerate(values[:limit], start=1)]
    lines += [f"  ... and {len(values) - limit} more"] if len(values) > limit else []
    lines += [] if values else ["  (nothing: check class names and nesting against the page's HTML)"]
    return SelectorReport(True, tuple(lines), values)


@exercise(
    "Finding the next page with XPath",
    hint='the button is <li class="next"><a href="...">: //li[@class=\'next\']/a/@href',
)
def check_next_page_xpath(xpath):
    """An XPath that gives the href of the "next" button, and nothing on the last page."""
    expect_type(xpath, str, "your XPath")
    if xpath.strip() and not xpath.strip().startswith(("/", "(", ".")):
        raise Wrong(f"{xpath!r} does not look like XPath (XPath paths start with / or //).")
    for page, want in (("page-1.html", ["page-2.html"]), ("page-3.html", ["page-4.html"]), ("page-4.html", [])):
        report = try_selector(xpath, kind="xpath", page="catalogue/" + page, limit=50)
        got = list(report.matches)
        if not report.ok:
            raise Wrong(report.lines[0].removeprefix(WARNING))
        if got and all(g.startswith("<") for g in got):
            raise Wrong(
                f"on catalogue/{page} your XPath matches the element {got[0][:50]!r}, not the link's address.",
                hint="select the attribute itself: end the path with /@href.",
            )
        if got != want:
            last = " (the last page has no next button)" if not want else ""
            raise Wrong(f"on catalogue/{page} your XPath gives {got!r}, but the next page is {want!r}{last}.")
    return "It also gives nothing on the last page, so a spider knows when to stop."


@exercise(
    "A spider for the catalogue",
    hint="start at self.base + 'catalogue/page-1.html'; in parse(), loop over response.css('article.product'), "
    "yield a dict per book, then follow the 'next' link (li.next a), as books.py does.",
)
def check_listing_spider():
    """Run ``listing.py`` with ``scrapy runspider`` against a fresh copy of the shop; check its items."""
    folder = workspace.folder(NOTEBOOK)
    source = read_answer(folder / SPIDER_FILE, SPIDER_FILE)
    compile_answer(source, SPIDER_FILE)
    feed = folder / "listing-check.json"
    feed.unlink(missing_ok=True)
    with DemoSite() as site:
        command = ["-m", "scrapy", "runspider", SPIDER_FILE, "-a", f"base={site.url}", "-O", feed.name, "-L", "WARNING"]
        result = run_python(command, cwd=folder, timeout=CRAWL_TIME_LIMIT)
    log = result.stderr.replace(str(folder), NOTEBOOK)
    if "No spider found" in log:
        raise Wrong(
            f"scrapy runspider found no spider in {SPIDER_FILE}: a spider is a class that inherits from "
            'scrapy.Spider and has a name (name = "listing").'
        )
    if result.returncode != 0:
        reason = last_line(log).removeprefix("__main__.py: error: ")
        raise Wrong(f"scrapy runspider {SPIDER_FILE} stopped with an error: {reason}")
    try:
        items = json.loads(feed.read_text(encoding="utf-8")) if feed.is_file() else []
    finally:
        feed.unlink(missing_ok=True)
    if not items:
        errors = [line for line in log.splitlines() if re.match(r"\w+(\.\w+)*(Error|Exception): ", line)]
        why = next((message, hint) for test, message, hint in _NO_ITEMS if test(source, errors))
        raise Wrong(why[0].format(errors[-1] if errors else ""), hint=why[1])
    _compare(items, {book["title"]: book["price"] for book in listed_books()})
    return f"{len(items)} books from the four catalogue pages, each with a title and a price."


#: Why a spider that ran yielded nothing: (test of its source and its errors, message, hint), first match wins.
_NO_ITEMS = (
    (lambda source, errors: errors, "your spider yielded no items; a callback raised {}", None),
    (
        lambda source, errors: "start_requests" in source and "def start(" not in source,
        "your spider crawled nothing. Scrapy 2.16 removed start_requests(): it is silently ignored.",
        "rename it `async def start(self):` (same body: yield scrapy.Request(...)), or use start_urls.",
    ),
    (
        lambda source, errors: "start_urls" not in source and "def start(" not in source,
        "your spider has no start: give it `async def start(self):` that yields the first request.",
        "async def start(self): yield scrapy.Request(self.base + 'catalogue/page-1.html')",
    ),
    (
        lambda source, errors: True,
        "your spider ran but yielded no items: does parse() yield one dict per book? Try its selectors in the tester.",
        None,
    ),
)


def _compare(items: list, want: dict) -> None:
    if not all(isinstance(item, dict) for item in items):
        raise Wrong("every item should be a dict such as {'title': 'Frankenstein', 'price': 7.5}.")
    keys = sorted({key for item in items for key in item})
    if missing := sorted({"title", "price"} - set(keys)):
        raise Wrong(f"the items have no {missing[0]!r} key (they have {keys}).")
    if len(items) == 6:
        raise Wrong(
            "your spider found the 6 books of page 1 only: it must follow the 'next' link to pages 2-4.",
            hint="yield from response.follow_all(css='li.next a') at the end of parse().",
        )
    got = sorted(str(item["title"]) for item in items)
    if unknown := [title for title in got if title not in want]:
        raise Wrong(f"{unknown[0]!r} is not a title as the catalogue lists it: the text of the link in each <h3>.")
    if len(got) != len(want) or set(got) != set(want):
        extra = f" Missing, for example: {min(set(want) - set(got))!r}." if set(want) - set(got) else ""
        raise Wrong(f"the catalogue lists {len(want)} books; your spider yielded {len(got)} items.{extra}")
    for item in items:
        price, expected = item["price"], want[item["title"]]
        if expected is None and price is not None:
            raise Wrong(
                f"the catalogue shows no price for {item['title']!r} ('£?'): its price should be None, not {price!r}.",
                hint="re_first() gives None when no number matches: keep None instead of a made-up number.",
            )
        number = isinstance(price, (int, float)) and not isinstance(price, bool)
        if expected is not None and not (number and round(price, 2) == expected):
            raise Wrong(
                f"the price of {item['title']!r} is {price!r}, but the catalogue says {expected!r}.",
                hint=None if number else "take the digits with .re_first(r'\\d+\\.\\d+'), then float(...) them.",
            )
