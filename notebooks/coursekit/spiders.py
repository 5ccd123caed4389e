"""The Scrapy demo: two spiders for the demo bookshop, one shared pipeline, a re-runnable crawl.

- :class:`BookSpider` starts at the shop's front page, follows the pagination
  and every book link, and yields one :class:`Book` item per detail page.
- :class:`BookApiSpider` reads the same catalogue from the shop's JSON API.
- :class:`CleanBookPipeline` is shared by both: it turns raw text such as
  ``'£9.99'``, ``'Three'`` or ``'In stock (4 available)'`` into numbers and drops
  items it cannot repair, saying why. Neither spider repeats that code.
- :func:`crawl` runs a spider in a fresh Python process (``python -m
  coursekit.spiders``), because Twisted's reactor cannot be restarted inside one
  process: the crawl cell can therefore be re-run in the same kernel as often as
  you like. It returns a :class:`CrawlResult` with the items, Scrapy's stats, the
  dropped items and the server's request log.
- :func:`try_selector` is the logic of the notebook's selector tester: a CSS or
  XPath expression, tried on one page of the shop, answered with a readable report.

The spiders' parsing methods are plain functions of a response, so they can be
tried without any crawl:

>>> from scrapy.http import HtmlResponse
>>> body = (SITE / "books" / "frankenstein.html").read_bytes()
>>> page = HtmlResponse(url="http://127.0.0.1/books/frankenstein.html", body=body, encoding="utf-8")
>>> raw = next(BookSpider().parse_book(page))
>>> raw["title"], raw["price"], raw["rating"], raw["stock"]
('Frankenstein', '£7.50', 'Four', 'In stock (2 available)')
>>> clean = CleanBookPipeline().process_item(raw)
>>> clean["price"], clean["rating"], clean["stock"]
(7.5, 4, 2)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import scrapy
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, TextResponse

from coursekit import CourseError, workspace
from coursekit.demosite import HOST, SITE, DemoSite
from coursekit.ui import WARNING, never_raises

__all__ = [
    "Book",
    "BookSpider",
    "BookApiSpider",
    "OldStyleSpider",
    "CleanBookPipeline",
    "SPIDERS",
    "SETTINGS",
    "crawl",
    "CrawlResult",
    "fetch",
    "page_response",
    "try_selector",
    "SelectorReport",
    "site_pages",
    "clean_price",
    "clean_rating",
    "clean_stock",
]

NOTEBOOKS = Path(__file__).resolve().parent.parent
RATING_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


# ---------------------------------------------------------------------------
# The item: the fields every spider fills in (a typo in a field name is an error)
# ---------------------------------------------------------------------------
class Book(scrapy.Item):
    """One book of the shop, from whichever spider found it."""

    title = scrapy.Field()
    author = scrapy.Field()
    category = scrapy.Field()
    price = scrapy.Field()
    rating = scrapy.Field()
    stock = scrapy.Field()
    path = scrapy.Field()


# ---------------------------------------------------------------------------
# Cleaning: small pure functions, used by the pipeline (and testable alone)
# ---------------------------------------------------------------------------
def clean_text(value: Any) -> str:
    """Collapse runs of whitespace: ``'  A Tangled   Web '`` -> ``'A Tangled Web'``.

    >>> clean_text("  A Tangled \\n  Web ")
    'A Tangled Web'
    >>> clean_text(None)
    ''
    """
    return " ".join(str(value).split()) if value is not None else ""


def clean_price(value: Any) -> float:
    """A price as a number of pounds, from ``'£9.99'``, ``'9.99'`` or ``9.99``.

    >>> clean_price("£9.99"), clean_price("12"), clean_price(4.5)
    (9.99, 12.0, 4.5)
    >>> clean_price("£price on request")
    Traceback (most recent call last):
    ...
    ValueError: price '£price on request' is not a number
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("price is missing")
    text = clean_text(value).replace("£", "").replace(",", "").strip()
    try:
        price = float(text)
    except ValueError:
        raise ValueError(f"price {clean_text(value)!r} is not a number") from None
    if not price >= 0:  # also rejects nan
        raise ValueError(f"price {clean_text(value)!r} is negative")
    return round(price, 2)


def clean_rating(value: Any) -> int:
    """A star rating 0-5 from ``'Three'``, ``'star-rating Three'``, ``'3'`` or ``3``.

    >>> clean_rating("star-rating Three"), clean_rating("5"), clean_rating(1)
    (3, 5, 1)
    """
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 5:
        return value
    words = clean_text(value).lower().split()
    for word in reversed(words):
        if word in RATING_WORDS:
            return RATING_WORDS[word]
        if word.isdigit() and 0 <= int(word) <= 5:
            return int(word)
    raise ValueError(f"rating {value!r} is not 0-5 stars")


def clean_stock(value: Any) -> int:
    """Copies in stock, from ``'In stock (4 available)'``, ``'Out of stock'`` or ``4``.

    >>> clean_stock("In stock (4 available)"), clean_stock("Out of stock"), clean_stock(7)
    (4, 0, 7)
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    text = clean_text(value).lower()
    if text.startswith("out of stock"):
        return 0
    number = re.search(r"\d+", text)
    if number is None:
        raise ValueError(f"stock {value!r} gives no number of copies")
    return int(number.group())


class CleanBookPipeline:
    """Item pipeline shared by both spiders: clean every field, drop what cannot be fixed.

    Scrapy calls ``process_item`` for each item a spider yields. Raising
    ``DropItem`` removes the item from the feed; Scrapy counts it in the stats
    and logs the reason.
    """

    required = ("title", "price")

    def process_item(self, item):
        adapter = ItemAdapter(item)
        title = clean_text(adapter.get("title"))
        if not title:
            raise DropItem(f"no title on {adapter.get('path') or 'the page'}")
        adapter["title"] = title
        for name in ("author", "category", "path"):
            adapter[name] = clean_text(adapter.get(name)) or None
        try:
            adapter["price"] = clean_price(adapter.get("price"))
            adapter["rating"] = clean_rating(adapter.get("rating"))
            adapter["stock"] = clean_stock(adapter.get("stock"))
        except ValueError as exc:
            raise DropItem(f"{title!r}: {exc}") from None
        return item


# ---------------------------------------------------------------------------
# The spiders
# ---------------------------------------------------------------------------
class _ShopSpider(scrapy.Spider):
    """What both spiders share: stay on 127.0.0.1, start from the URL given."""

    allowed_domains = [HOST]  # the offsite middleware drops requests to any other host
    start_path = "index.html"

    def __init__(self, start_url: str | None = None, **kwargs):
        super().__init__(**kwargs)
        if start_url:
            self.start_urls = [start_url]


class BookSpider(_ShopSpider):
    """Front page -> catalogue pages (following "next") -> one item per book page."""

    name = "books"
    start_path = "index.html"

    def parse(self, response):
        """The front page: go to the catalogue."""
        yield from response.follow_all(css="a.catalogue", callback=self.parse_listing)

    def parse_listing(self, response):
        """A catalogue page: follow each book, then the "next" button."""
        yield from response.follow_all(css="article.product h3 a", callback=self.parse_book)
        yield from response.follow_all(css="li.next a", callback=self.parse_listing)

    def parse_book(self, response) -> Iterator[Book]:
        """A book's own page: the raw fields, exactly as the page shows them."""
        product = response.css(".product-page")
        if not product:
            self.logger.warning("No book on %s", response.url)
            return
        yield Book(
            title=product.css("h1::text").get(),
            author=product.css(".author span::text").get(),
            category=product.css(".breadcrumb .category::text").get(),
            price=product.css(".price").xpath("string()").get(),
            rating=(product.css(".star-rating::attr(class)").get() or "").replace("star-rating", "").strip(),
            stock=product.css(".availability::text").get(),
            path=urllib.parse.urlsplit(response.url).path,
        )


class BookApiSpider(_ShopSpider):
    """The same catalogue from the shop's JSON API, page after page."""

    name = "books_api"
    start_path = "api/books-1.json"

    def parse(self, response):
        try:
            data = json.loads(response.text)
        except ValueError as exc:
            self.logger.error("%s is not JSON: %s", response.url, exc)
            return
        if not isinstance(data, dict) or not isinstance(data.get("books", []), list):
            self.logger.error("%s is JSON, but not a page of books", response.url)
            return
        for record in data.get("books", []):
            if not isinstance(record, dict):
                self.logger.warning("Skipping a record that is not an object: %r", record)
                continue
            yield Book(
                title=record.get("title"),
                author=record.get("author"),
                category=record.get("category"),
                price=record.get("price"),
                rating=record.get("rating"),
                stock=record.get("stock"),
                path=record.get("url"),
            )
        if data.get("next"):
            yield response.follow(data["next"], callback=self.parse)


class OldStyleSpider(BookSpider):
    """BookSpider written the way tutorials before Scrapy 2.13 did: it starts in ``start_requests()``.

    Current Scrapy calls ``async def start()`` instead and never calls
    ``start_requests()``, so this spider sends no request at all, and no warning.
    """

    name = "old_style"

    def __init__(self, start_url: str | None = None, **kwargs):
        super().__init__(**kwargs)  # no start_urls: the first request is meant to come from below
        self.first_url = start_url

    def start_requests(self):
        yield scrapy.Request(self.first_url, callback=self.parse)


#: The spiders :func:`crawl` knows, by name.
SPIDERS = {spider.name: spider for spider in (BookSpider, BookApiSpider, OldStyleSpider)}

#: Settings of every demo crawl: polite, fast on 127.0.0.1, quiet, reproducible.
SETTINGS = {
    "ROBOTSTXT_OBEY": True,  # False by default outside a Scrapy project!
    "USER_AGENT": "coursekit-bookshop-spider (Python Packages course demo)",
    "ITEM_PIPELINES": {"coursekit.spiders.CleanBookPipeline": 300},
    "DOWNLOAD_DELAY": 0,  # our own server on 127.0.0.1: no need to wait
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 8,
    "RETRY_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 10,
    "CLOSESPIDER_TIMEOUT": 60,
    "TELNETCONSOLE_ENABLED": False,  # would open another port
    "REMOTE_CONTROL_ENABLED": False,  # new in 2.19: a code-running HTTP server + a job file in ~
    "LOG_LEVEL": "DEBUG",
    "LOG_FORMAT": "%(levelname)s [%(name)s] %(message)s",
}


# ---------------------------------------------------------------------------
# Running a crawl (in a child process, so it can run again and again)
# ---------------------------------------------------------------------------
@dataclass
class CrawlResult:
    """What one crawl produced. ``items`` are sorted by title (feeds follow completion order)."""

    spider: str
    items: list[dict]
    stats: dict[str, Any]
    dropped: list[dict]
    server_log: list = field(default_factory=list)
    feed: Path | None = None
    logfile: Path | None = None
    seconds: float = 0.0

    def table(self):
        """The items as a pandas DataFrame, one row per book, sorted by title."""
        import pandas as pd

        columns = list(Book.fields)
        frame = pd.DataFrame(self.items, columns=sorted(columns, key=_FIELD_ORDER.index))
        return frame.sort_values("title", ignore_index=True)

    def summary(self) -> dict[str, int]:
        """The stats that tell how the crawl went (counts only, stable from run to run)."""
        keys = [k for k in self.stats if isinstance(self.stats[k], int) and k.startswith(_SUMMARY_PREFIXES)]
        return {k: self.stats[k] for k in sorted(keys)}

    def log_lines(self, *words: str) -> list[str]:
        """Log messages (not the settings dumps) that contain any of ``words``, sorted."""
        if self.logfile is None or not self.logfile.exists():
            return []
        lines = self.logfile.read_text(encoding="utf-8").splitlines()
        return sorted(line for line in lines if line.startswith(_LEVELS) and any(w in line for w in words))

    def __repr__(self) -> str:
        return (
            f"<CrawlResult {self.spider!r}: {len(self.items)} items, {len(self.dropped)} dropped, "
            f"{self.stats.get('downloader/request_count', 0)} requests>"
        )


_LEVELS = ("DEBUG ", "INFO ", "WARNING ", "ERROR ", "CRITICAL ")
_FIELD_ORDER = ["title", "author", "category", "price", "rating", "stock", "path"]
_SUMMARY_PREFIXES = (
    "downloader/request_count",
    "downloader/response_status_count",
    "item_",
    "robotstxt/",
    "offsite/",
    "httperror/",
    "response_received_count",
    "log_count/ERROR",
)


def crawl(spider: str, site: DemoSite | str, out_dir: str | os.PathLike, *, timeout: float = 90) -> CrawlResult:
    """Run the spider called ``spider`` against ``site`` and collect everything it produced.

    ``site`` is a running :class:`~coursekit.demosite.DemoSite` (its request log is
    then captured too) or a URL on 127.0.0.1. Files land in ``out_dir``, which must
    be inside the course workspace: ``<spider>.json`` (the feed),
    ``<spider>.log``, ``<spider>.stats.json`` and ``<spider>.dropped.json``.
    Each call is a fresh process, so calling it again gives the same result.
    """
    if not isinstance(spider, str) or spider not in SPIDERS:
        raise CourseError(f"There is no spider called {spider!r}: choose one of {sorted(SPIDERS)}.")
    cls = SPIDERS[spider]
    if isinstance(site, DemoSite):
        if not site.running:
            raise CourseError("The demo site is not running: start it first (`site.start()`).")
        start_url, server = site.url_for(cls.start_path), site
    elif isinstance(site, str):
        start_url, server = _local_url(site, cls.start_path), None
    else:
        raise CourseError(f"`site` must be a running DemoSite or a URL on {HOST}, not {type(site).__name__}.")
    out = workspace.safe_path(out_dir, ".")
    out.mkdir(parents=True, exist_ok=True)
    files = {
        kind: workspace.safe_path(out, f"{spider}{suffix}")
        for kind, suffix in (("feed", ".json"), ("log", ".log"), ("stats", ".stats.json"), ("dropped", ".dropped.json"))
    }
    for path in files.values():
        path.unlink(missing_ok=True)

    if server is not None:
        server.log(clear=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(NOTEBOOKS), os.environ.get("PYTHONPATH")]))}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    command = [
        sys.executable,
        "-m",
        "coursekit.spiders",
        spider,
        start_url,
        str(files["feed"]),
        str(files["log"]),
        str(files["stats"]),
        str(files["dropped"]),
    ]
    begin = time.perf_counter()
    try:
        child = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CourseError(
            f"The {spider!r} crawl took longer than {timeout:g} s and was stopped; see {workspace.rel(files['log'])}."
        ) from None
    seconds = time.perf_counter() - begin
    if child.returncode != 0 or not files["stats"].exists():
        tail = "\n".join((child.stderr or "").strip().splitlines()[-5:])
        raise CourseError(f"The {spider!r} crawl failed (exit code {child.returncode}):\n{tail}")

    items = json.loads(files["feed"].read_text(encoding="utf-8")) if files["feed"].exists() else []
    return CrawlResult(
        spider=spider,
        items=sorted(items, key=lambda i: (str(i.get("title")), str(i.get("path")))),
        stats=json.loads(files["stats"].read_text(encoding="utf-8")),
        dropped=json.loads(files["dropped"].read_text(encoding="utf-8")),
        server_log=server.log() if server is not None else [],
        feed=files["feed"],
        logfile=files["log"],
        seconds=seconds,
    )


def _local_url(url: str, start_path: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname != HOST:
        raise CourseError(
            f"{url!r} is not a URL on {HOST}: the demo spiders only crawl the course's "
            "own site, e.g. 'http://127.0.0.1:8000/'."
        )
    return urllib.parse.urljoin(url if url.endswith("/") else url + "/", start_path)


def _run_in_child(spider: str, start_url: str, feed: str, log: str, stats: str, dropped: str) -> int:
    """The child process's side of :func:`crawl` (``python -m coursekit.spiders ...``)."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    settings = {
        **SETTINGS,
        "LOG_FILE": log,
        "FEEDS": {Path(feed).as_uri(): {"format": "json", "overwrite": True, "indent": 2, "encoding": "utf-8"}},
    }
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(SPIDERS[spider])
    drops: list[dict] = []

    def on_dropped(item, response, exception, spider):
        drops.append(
            {"title": ItemAdapter(item).get("title"), "path": ItemAdapter(item).get("path"), "reason": str(exception)}
        )

    crawler.signals.connect(on_dropped, signal=signals.item_dropped)
    process.crawl(crawler, start_url=start_url)
    process.start()
    data = {k: (v if isinstance(v, (int, float, str)) else str(v)) for k, v in crawler.stats.get_stats().items()}
    Path(stats).write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    Path(dropped).write_text(json.dumps(sorted(drops, key=lambda d: str(d["title"])), indent=2), encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------
# The shell experience: one page, selectors tried by hand
# ---------------------------------------------------------------------------
def site_pages() -> list[str]:
    """The HTML pages of the demo shop, as paths from its root, sorted.

    >>> site_pages()[:3]
    ['about.html', 'books/a-dictionary-of-cookery.html', 'books/a-tangled-web.html']
    """
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))


def page_response(page: str = "catalogue/page-1.html") -> HtmlResponse:
    """One page of the demo shop read from disk, as the response a spider would get.

    No server needed: the URL says ``http://127.0.0.1/...`` (no port) so links resolve.
    """
    if not isinstance(page, str) or page not in site_pages():
        raise CourseError(f"{page!r} is not a page of the demo shop; try one of: {', '.join(site_pages()[:4])}, ...")
    return HtmlResponse(url=f"http://{HOST}/{page}", body=(SITE / page).read_bytes(), encoding="utf-8")


def fetch(site: DemoSite, page: str = "") -> TextResponse:
    """Like ``fetch()`` in the Scrapy shell: download ``page`` from the running demo site.

    Returns an ``HtmlResponse`` (or a ``TextResponse`` for JSON/text) whose
    ``.status`` may be 404; ``.css()``, ``.xpath()`` and ``.urljoin()`` work on it.
    """
    if not isinstance(site, DemoSite) or not site.running:
        raise CourseError("fetch() needs the running demo site: `site = DemoSite().start()`.")
    answer = site.get(page)
    cls = HtmlResponse if not page.endswith((".json", ".txt")) else TextResponse
    return cls(url=answer.url, status=answer.status, body=answer.text.encode("utf-8"), encoding="utf-8")


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
    """Try a CSS or XPath ``selector`` on one page of the shop and report what it matches.

    >>> try_selector("li.next a::attr(href)")
    CSS 'li.next a::attr(href)' on catalogue/page-1.html: 1 match
      1. 'page-2.html'
    >>> try_selector("//h3/a[", kind="xpath")
    ⚠️ '//h3/a[' is not a valid XPath expression (Invalid expression). Check brackets and quotes, e.g. //h3/a/@title
    """
    kind_name = kind.lower().strip() if isinstance(kind, str) else kind
    if kind_name not in ("css", "xpath"):
        return SelectorReport(False, (f"{WARNING}kind must be 'css' or 'xpath', not {kind!r}.",))
    example = "h3 a::text" if kind_name == "css" else "//h3/a/@title"
    if not isinstance(selector, str) or not selector.strip():
        return SelectorReport(
            False, (f"Type a {kind_name.upper() if kind_name == 'css' else 'XPath'} selector, e.g. {example}",)
        )
    try:
        response = page_response(page)
    except CourseError as exc:
        return SelectorReport(False, (WARNING + str(exc),))
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        return SelectorReport(False, (f"{WARNING}limit must be a whole number of at least 1, not {limit!r}.",))
    selector = selector.strip()
    try:
        found = response.css(selector) if kind_name == "css" else response.xpath(selector)
    except Exception as exc:  # cssselect's SelectorSyntaxError, lxml's XPath errors via ValueError
        reason = str(exc).replace("XPath error: ", "").split(" in ")[0]
        what = "CSS selector" if kind_name == "css" else "XPath expression"
        message = f"{WARNING}{selector!r} is not a valid {what} ({reason}). Check brackets and quotes, e.g. {example}"
        return SelectorReport(False, (message,))
    values = tuple(_show(node) for node in found)
    label = "CSS" if kind_name == "css" else "XPath"
    lines = [f"{label} {selector!r} on {page}: {len(values)} match{'es' if len(values) != 1 else ''}"]
    lines += [f"  {i}. {value!r}" for i, value in enumerate(values[:limit], start=1)]
    if len(values) > limit:
        lines.append(f"  ... and {len(values) - limit} more")
    if not values:
        lines.append("  (nothing: check class names and nesting against the page's HTML)")
    return SelectorReport(True, tuple(lines), values)


def _show(node, width: int = 70) -> str:
    """A match as text: strings as they are, elements as their HTML, shortened."""
    text = node.get()
    if node.root is not None and not isinstance(node.root, str):
        text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the child process started by :func:`crawl`."""
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.spiders", description="Run one demo spider (used by coursekit.spiders.crawl)."
    )
    parser.add_argument("spider", choices=sorted(SPIDERS))
    for name in ("start_url", "feed", "log", "stats", "dropped"):
        parser.add_argument(name)
    args = parser.parse_args(argv)
    return _run_in_child(args.spider, args.start_url, args.feed, args.log, args.stats, args.dropped)


if __name__ == "__main__":
    from coursekit.spiders import main as _main  # the importable module, not this __main__ copy

    sys.exit(_main())
