"""Exercise checks and the selector tester for ``11_scrapy.ipynb``, *Scrapy crawls a site*.

The tester and the XPath check read the shop's pages from disk (``data/bookshop/``), so they
need no server. The spider check runs the learner's file as a terminal would,
``python -m scrapy runspider listing.py -a base=URL -O ...``, in a fresh process against its
own copy of the shop on 127.0.0.1, and then reads the items Scrapy wrote.

>>> try_selector("li.next a::attr(href)")
CSS 'li.next a::attr(href)' on catalogue/page-1.html: 1 match
  1. 'page-2.html'
>>> try_selector("//h3/a[", kind="xpath")  # doctest: +NORMALIZE_WHITESPACE
⚠️ '//h3/a[' is not a valid XPath expression (Invalid expression).
Check brackets and quotes, e.g. //h3/a/@title
>>> check_next_page_xpath("//li[@class='next']/a/@href")
✅ Finding the next page with XPath: correct! It also gives nothing on the last page, so a spider knows when to stop.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

from parsel import Selector

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, expect_type, last_line, read_answer, run_python
from coursekit.demosite import SITE, DemoSite
from coursekit.ui import WARNING, never_raises

__all__ = [
    "NOTEBOOK",
    "SPIDER_FILE",
    "CRAWL_TIME_LIMIT",
    "site_pages",
    "page_selector",
    "listed_books",
    "try_selector",
    "SelectorReport",
    "check_next_page_xpath",
    "check_listing_spider",
]

#: The notebook whose working folder holds the learner's spider.
NOTEBOOK = "11_scrapy"
#: The file exercise 2 asks for, in that folder.
SPIDER_FILE = "listing.py"
#: Seconds the learner's crawl may take (the shop's 4 pages take about 1 s).
CRAWL_TIME_LIMIT = 30.0


# ----------------------------------------------------------------- the shop's pages, from disk
def site_pages() -> list[str]:
    """The HTML pages of the demo shop, as paths from its root, sorted.

    >>> site_pages()[:3]
    ['about.html', 'books/a-dictionary-of-cookery.html', 'books/a-tangled-web.html']
    """
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))


def page_selector(page: str = "catalogue/page-1.html") -> Selector:
    """One page of the shop read from disk: ``.css()`` and ``.xpath()`` work as on a Scrapy response."""
    if not isinstance(page, str) or page not in site_pages():
        raise CourseError(f"{page!r} is not a page of the demo shop; try one of: {', '.join(site_pages()[:4])}, ...")
    return Selector(text=(SITE / page).read_text(encoding="utf-8"))


def listed_books() -> list[dict]:
    """Every book the four catalogue pages list, as ``{"title", "price"}``, in page order.

    The price is a number, or None where the catalogue shows none (``£?``).

    >>> books = listed_books()
    >>> len(books), books[1], [book["title"] for book in books if book["price"] is None]
    (24, {'title': 'Frankenstein', 'price': 7.5}, ['A Tangled Web'])
    """
    books = []
    for page in sorted(p for p in site_pages() if p.startswith("catalogue/")):
        for book in page_selector(page).css("article.product"):
            price = book.css(".price::text").re_first(r"\d+\.\d+")
            books.append({"title": book.css("h3 a::text").get(), "price": float(price) if price else None})
    return books


# ----------------------------------------------------------------- the selector tester
@dataclass(frozen=True)
class SelectorReport:
    """The answer of :func:`try_selector`: what a selector matched, or why it could not run."""

    ok: bool
    lines: tuple[str, ...]
    matches: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return "\n".join(self.lines)

    __str__ = __repr__


@never_raises(on_error=lambda message: SelectorReport(False, (message,)))
def try_selector(
    selector: str, kind: str = "css", page: str = "catalogue/page-1.html", limit: int = 8
) -> SelectorReport:
    """Try a CSS or XPath ``selector`` on one page of the shop and report what it matches."""
    kind_name = kind.lower().strip() if isinstance(kind, str) else kind
    if kind_name not in ("css", "xpath"):
        return SelectorReport(False, (f"{WARNING}kind must be 'css' or 'xpath', not {kind!r}.",))
    label = "CSS" if kind_name == "css" else "XPath"
    example = "h3 a::text" if kind_name == "css" else "//h3/a/@title"
    if not isinstance(selector, str) or not selector.strip():
        return SelectorReport(False, (f"Type a {label} selector, e.g. {example}",))
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        return SelectorReport(False, (f"{WARNING}limit must be a whole number of at least 1, not {limit!r}.",))
    document = page_selector(page)
    selector = selector.strip()
    try:
        found = document.css(selector) if kind_name == "css" else document.xpath(selector)
    except Exception as exc:  # cssselect's SelectorSyntaxError, lxml's XPath errors (as ValueError)
        reason = str(exc).replace("XPath error: ", "").split(" in ")[0]
        what = "CSS selector" if kind_name == "css" else "XPath expression"
        message = f"{WARNING}{selector!r} is not a valid {what} ({reason}). Check brackets and quotes, e.g. {example}"
        return SelectorReport(False, (message,))
    values = tuple(_show(node) for node in found)
    lines = [f"{label} {selector!r} on {page}: {len(values)} match{'es' if len(values) != 1 else ''}"]
    lines += [f"  {i}. {value!r}" for i, value in enumerate(values[:limit], start=1)]
    if len(values) > limit:
        lines.append(f"  ... and {len(values) - limit} more")
    if not values:
        lines.append("  (nothing: check class names and nesting against the page's HTML)")
    return SelectorReport(True, tuple(lines), values)


def _show(node, width: int = 70) -> str:
    """A match as text: strings as they are, elements as their HTML on one line, shortened."""
    text = node.get()
    if not isinstance(node.root, str):
        text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ----------------------------------------------------------------- exercise 1: an XPath
@exercise(
    "Finding the next page with XPath",
    hint='the button is <li class="next"><a href="...">: //li[@class=\'next\']/a/@href',
)
def check_next_page_xpath(xpath):
    """The answer: an XPath that gives the href of the "next" button, and nothing on the last page."""
    expect_type(xpath, str, "your XPath")
    if xpath.strip() and not xpath.strip().startswith(("/", "(", ".")):
        raise Wrong(
            f"{xpath!r} does not look like XPath (XPath paths start with / or //).",
            hint="for example //li[@class='next']/a/@href",
        )
    for page, want in (
        ("catalogue/page-1.html", ["page-2.html"]),
        ("catalogue/page-3.html", ["page-4.html"]),
        ("catalogue/page-4.html", []),
    ):
        report = try_selector(xpath, kind="xpath", page=page, limit=50)
        if not report.ok:
            raise Wrong(report.lines[0].removeprefix(WARNING))
        got = list(report.matches)
        if got and all(g.startswith("<") for g in got):
            raise Wrong(
                f"on {page} your XPath matches the element {got[0][:50]!r}, not the link's address.",
                hint="select the attribute itself: end the path with /@href.",
            )
        if got != want:
            raise Wrong(
                f"on {page} your XPath gives {got!r}, but the next page is {want!r}"
                + (" (the last page has no next button)." if not want else ".")
            )
    return "It also gives nothing on the last page, so a spider knows when to stop."


# ----------------------------------------------------------------- exercise 2: a spider file
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
    if not any(isinstance(node, ast.ClassDef) for node in ast.walk(ast.parse(source))):
        raise Wrong(f"{SPIDER_FILE} defines no class: a spider is a class, e.g. `class ListingSpider(scrapy.Spider):`.")
    feed = folder / "listing-check.json"
    feed.unlink(missing_ok=True)
    with DemoSite() as site:
        command = ["runspider", SPIDER_FILE, "-a", f"base={site.url}", "-O", feed.name, "-L", "WARNING"]
        result = run_python(["-m", "scrapy", *command], cwd=folder, timeout=CRAWL_TIME_LIMIT)
    log = result.stderr.replace(str(folder), NOTEBOOK)
    if "No spider found" in log:
        raise Wrong(
            f"scrapy runspider found no spider in {SPIDER_FILE}: the class must inherit from scrapy.Spider "
            'and have a name (name = "listing").'
        )
    if result.returncode != 0:
        reason = last_line(log).removeprefix("__main__.py: error: ")
        raise Wrong(f"scrapy runspider {SPIDER_FILE} stopped with an error: {reason}")
    try:
        items = json.loads(feed.read_text(encoding="utf-8")) if feed.is_file() else []
    finally:
        feed.unlink(missing_ok=True)
    errors = [line for line in log.splitlines() if re.match(r"\w+(\.\w+)*(Error|Exception): ", line)]
    if not items:
        _no_items(source, errors)
    _compare(items, listed_books())
    return f"{len(items)} books from the four catalogue pages, each with a title and a price."


def _no_items(source: str, errors: list[str]) -> None:
    if errors:
        raise Wrong(f"your spider yielded no items; a callback raised {errors[-1]}")
    if "start_requests" in source and "def start(" not in source:
        raise Wrong(
            "your spider crawled nothing. Scrapy 2.16 removed start_requests(): it is silently ignored.",
            hint="rename it `async def start(self):` (same body: yield scrapy.Request(...)), or use start_urls.",
        )
    if "start_urls" not in source and "def start(" not in source:
        raise Wrong(
            "your spider has no start: give it `async def start(self):` that yields the first request.",
            hint="async def start(self): yield scrapy.Request(self.base + 'catalogue/page-1.html')",
        )
    raise Wrong(
        "your spider ran but yielded no items: does parse() yield one dict per book? "
        "Try its selectors in the tester above."
    )


def _compare(items: list, want: list[dict]) -> None:
    if not all(isinstance(item, dict) for item in items):
        raise Wrong("every item should be a dict such as {'title': 'Frankenstein', 'price': 7.5}.")
    keys = sorted({key for item in items for key in item})
    if not {"title", "price"} <= set(keys):
        missing = sorted({"title", "price"} - set(keys))
        raise Wrong(f"the items have no {missing[0]!r} key (they have {keys}).")
    by_title = {book["title"]: book["price"] for book in want}
    got = sorted(str(item["title"]) for item in items)
    if len(items) == 6:
        raise Wrong(
            "your spider found the 6 books of page 1 only: it must follow the 'next' link to pages 2-4.",
            hint="yield from response.follow_all(css='li.next a') at the end of parse().",
        )
    unknown = [title for title in got if title not in by_title]
    if unknown:
        raise Wrong(
            f"{unknown[0]!r} is not a title as the catalogue lists it; the titles are the text of the links "
            "in each book's <h3>."
        )
    missing = [title for title in by_title if title not in got]
    if missing or len(got) != len(by_title):
        extra = "" if not missing else f" Missing, for example: {missing[0]!r}."
        raise Wrong(f"the catalogue lists {len(by_title)} books; your spider yielded {len(got)} items.{extra}")
    for item in items:
        price, expected = item["price"], by_title[item["title"]]
        if expected is None:
            if price is not None:
                raise Wrong(
                    f"the catalogue shows no price for {item['title']!r} ('£?'), so its price should be None, "
                    f"not {price!r}.",
                    hint="re_first() gives None when no number matches: keep None instead of a made-up number.",
                )
            continue
        if isinstance(price, bool) or not isinstance(price, (int, float)):
            raise Wrong(
                f"the price of {item['title']!r} is {price!r}: it should be the number {expected!r}.",
                hint="take the digits with .re_first(r'\\d+\\.\\d+') and turn them into a number with float(...).",
            )
        if round(price, 2) != expected:
            raise Wrong(f"the price of {item['title']!r} is {price!r}, but the catalogue says {expected!r}.")
