"""The selector tester and the exercise checks of ``11_scrapy.ipynb``: the tester and the XPath check read the
shop's pages from disk; the spider check runs ``scrapy runspider listing.py`` against its own copy of the shop."""

from __future__ import annotations

import json
import re

from parsel import Selector

from coursekit import CourseError, workspace
from coursekit.checks import Wrong, compile_answer, exercise, first_mistake, last_line, read_answer, run_python
from coursekit.demosite import SITE, DemoSite
from coursekit.ui import never_raises

NOTEBOOK, SPIDER_FILE = "11_scrapy", "listing.py"  #: the learner's spider, in that notebook's folder
CRAWL_TIME_LIMIT = 30.0  #: seconds the learner's crawl may take (the shop's 4 pages take about 1 s)
SHOWN = 8  #: matches the tester lists
NO_SPIDER = 'a spider is a class that inherits from scrapy.Spider and has a name (name = "listing").'


def site_pages() -> list[str]:
    """The HTML pages of the demo shop, as paths from its root, sorted."""
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))


def listed_books() -> dict:
    """Every book of the four catalogue pages: {title: price} (None where it shows ``£?``)."""
    books = {}
    for page in (p for p in site_pages() if p.startswith("catalogue/")):
        for book in Selector(text=(SITE / page).read_text(encoding="utf-8")).css("article.product"):
            price = book.css(".price::text").re_first(r"\d+\.\d+")
            books[book.css("h3 a::text").get()] = float(price) if price else None
    return books


def matches(selector: str, kind: str, page: str) -> list[str]:
    """What ``selector`` (CSS or XPath) matches on ``page``, each shortened to one line; CourseError if invalid."""
    document = Selector(text=(SITE / page).read_text(encoding="utf-8"))
    try:
        found = document.css(selector) if kind == "css" else document.xpath(selector)
    except Exception as exc:  # cssselect's SelectorSyntaxError, lxml's XPath errors (as ValueError)
        reason = str(exc).replace("XPath error: ", "").split(" in ")[0]
        what = "CSS selector" if kind == "css" else "XPath expression"
        raise CourseError(f"{selector!r} is not a valid {what} ({reason}): check brackets and quotes.") from None
    values = [node.get() if isinstance(node.root, str) else " ".join(node.get().split()) for node in found]
    return [value if len(value) <= 70 else value[:69] + "…" for value in values]


@never_raises
def try_selector(selector, kind="css", page="catalogue/page-1.html") -> str:
    """Try a CSS or XPath ``selector`` on one page of the shop and say what it matches."""
    if kind not in ("css", "xpath"):
        raise CourseError(f"kind must be 'css' or 'xpath', not {kind!r:.40}.")
    label = "CSS" if kind == "css" else "XPath"
    if not isinstance(selector, str) or not selector.strip():
        return f"Type a {label} selector, e.g. {'h3 a::text' if kind == 'css' else '//h3/a/@title'}"
    if page not in site_pages():
        raise CourseError(f"{page!r:.60} is not a page of the demo shop; try catalogue/page-1.html.")
    values = matches(selector.strip(), kind, page)
    lines = [f"{label} {selector.strip()!r} on {page}: {len(values)} match{'' if len(values) == 1 else 'es'}"]
    lines += [f"  {i}. {value!r}" for i, value in enumerate(values[:SHOWN], start=1)]
    lines += [f"  ... and {len(values) - SHOWN} more"] if len(values) > SHOWN else []
    lines += [] if values else ["  (nothing: check class names and nesting against the page's HTML)"]
    return "\n".join(lines)


@exercise(
    "Finding the next page with XPath",
    hint='the button is <li class="next"><a href="...">: //li[@class=\'next\']/a/@href',
)
def check_next_page_xpath(xpath):
    """An XPath that gives the href of the "next" button, and nothing on the last page."""
    if not isinstance(xpath, str) or not xpath.strip().startswith(("/", "(", ".")):
        raise Wrong(f"{xpath!r:.60} does not look like XPath: give a string that starts with / or //.")
    for page, want in (("page-1.html", ["page-2.html"]), ("page-3.html", ["page-4.html"]), ("page-4.html", [])):
        got = matches(xpath.strip(), "xpath", "catalogue/" + page)  # an invalid XPath: its CourseError says why
        if got and all(g.startswith("<") for g in got):
            raise Wrong(f"on catalogue/{page} your XPath matches the element {got[0][:50]!r}: end it with /@href.")
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
    if result.returncode != 0:
        reason = last_line(log).removeprefix("__main__.py: error: ")
        hint = NO_SPIDER if "No spider" in reason else None
        raise Wrong(f"scrapy runspider {SPIDER_FILE} stopped with an error: {reason}", hint)
    try:
        items = json.loads(feed.read_text(encoding="utf-8")) if feed.is_file() else []
    finally:
        feed.unlink(missing_ok=True)
    if not items:
        errors = re.findall(r"^\w+(?:\.\w+)*(?:Error|Exception): .*", log, re.MULTILINE)
        no_start = "def start(" not in source
        first_mistake(
            (errors, f"your spider yielded no items; a callback raised {''.join(errors[-1:])}"),
            (no_start and "start_requests" in source, "Scrapy 2.16 ignores start_requests(): rename it start()."),
            (no_start and "start_urls" not in source, "your spider has no start: give it `async def start(self):`."),
            (True, "your spider ran but yielded no items: does parse() yield one dict per book? Try the tester."),
        )
    _compare(items, listed_books())
    return f"{len(items)} books from the four catalogue pages, each with a title and a price."


def _compare(items: list, want: dict) -> None:
    if not all(isinstance(item, dict) for item in items):
        raise Wrong("every item should be a dict such as {'title': 'Frankenstein', 'price': 7.5}.")
    if missing := sorted({"title", "price"} - {key for item in items for key in item}):
        raise Wrong(f"the items have no {missing[0]!r} key.")
    titles = sorted(str(item["title"]) for item in items)
    unknown = next((title for title in titles if title not in want), None)
    first_mistake(
        (len(items) == 6, "your spider found the 6 books of page 1 only: follow the 'next' link to pages 2-4."),
        (unknown, f"{unknown!r} is not a title as the catalogue lists it: the text of the link in each <h3>."),
        (titles != sorted(want), f"the catalogue lists {len(want)} books; your spider yielded {len(items)} items."),
    )
    for item in items:
        title, price, expected = item["title"], item["price"], want[item["title"]]
        if expected is None and price is not None:
            raise Wrong(f"the catalogue shows no price for {title!r} ('£?'): its price should be None, not {price!r}.")
        if expected is not None and not (isinstance(price, (int, float)) and round(price, 2) == expected):
            raise Wrong(f"the price of {title!r} is {price!r}, but the catalogue says {expected!r} (a number).")
