"""coursekit.exercises.scrapy_demo: the selector tester, and the two checks of notebook 11.

The solutions pass; wrong types, wrong values, code that raises, a missing file, a placeholder
and a syntax error each get a helpful message. The spider check really runs ``scrapy runspider``
(about a second per test).
"""

import pytest

from coursekit.checks import Feedback
from coursekit.exercises import scrapy_demo as ex


def right(fb):
    assert isinstance(fb, Feedback) and fb.ok, fb.message
    assert fb.message.startswith("✅")


def wrong(fb, fragment):
    assert isinstance(fb, Feedback) and not fb.ok, fb.message
    assert fragment in fb.message, fb.message
    assert "Traceback" not in fb.message and "💡 Hint:" in fb.message


# -- the shop's pages, from disk ---------------------------------------------------------
def test_site_pages_and_the_listed_books():
    pages = ex.site_pages()
    assert "catalogue/page-4.html" in pages and "staff/preview/secrets-of-the-stockroom.html" in pages
    books = ex.listed_books()
    assert len(books) == 24 and books["Maps of Distant Shores"] == 11.0  # the partner shop's, listed too


# -- the selector tester (widget logic) --------------------------------------------------
def test_try_selector_css_and_xpath_agree():
    css = ex.matches("article.product h3 a::attr(title)", "css", "catalogue/page-1.html")
    xpath = ex.matches("//article[@class='product']/h3/a/@title", "xpath", "catalogue/page-1.html")
    assert css == xpath and len(css) == 6
    assert ex.try_selector("article.product h3 a::attr(title)").startswith(
        "CSS 'article.product h3 a::attr(title)' on catalogue/page-1.html: 6 matches\n  1. "
    )


def test_try_selector_shows_elements_shortened_and_limits_the_list():
    found = ex.matches("p", "css", "catalogue/page-1.html")
    assert len(found) > ex.SHOWN and all(len(m) <= 70 for m in found)
    assert f"... and {len(found) - ex.SHOWN} more" in ex.try_selector("p")
    assert ex.matches("count(//article)", "xpath", "catalogue/page-1.html") == ["6.0"]


@pytest.mark.parametrize(
    "selector, kind, fragment",
    [
        ("h3 a[", "css", "is not a valid CSS selector"),
        ("p::attr(", "css", "is not a valid CSS selector"),
        ("//h3/a[", "xpath", "is not a valid XPath expression"),
        ("count(//h3", "xpath", "is not a valid XPath expression"),
        ("", "css", "Type a CSS selector"),
        ("   ", "xpath", "Type a XPath selector"),
        (None, "css", "Type a CSS selector"),
        (42, "css", "Type a CSS selector"),
        ("h3", "regex", "kind must be 'css' or 'xpath'"),
        ("h3", None, "kind must be 'css' or 'xpath'"),
    ],
)
def test_try_selector_bad_input_gives_a_message_not_a_traceback(selector, kind, fragment):
    assert fragment in ex.try_selector(selector, kind=kind)


def test_try_selector_bad_page_and_no_match():
    assert "not a page of the demo shop" in ex.try_selector("h1", page="nope.html")
    assert "not a page of the demo shop" in ex.try_selector("h1", page="../../README.md")
    nothing = ex.try_selector("div.does-not-exist")
    assert "0 matches" in nothing and "check class names" in nothing


def test_try_selector_copes_with_the_malformed_page():
    assert ex.matches("h1::text", "css", "books/a-tangled-web.html") == ["A Tangled   Web"]


# -- Exercise 1: XPath for the next page --------------------------------------------------
@pytest.mark.parametrize(
    "solution",
    ["//li[@class='next']/a/@href", "//ul[@class='pager']/li[@class='next']/a/@href", "//a[text()='next']/@href"],
)
def test_next_page_xpath_solutions(solution):
    right(ex.check_next_page_xpath(solution))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (3, "3 does not look like XPath"),
        (None, "None does not look like XPath"),
        ("li.next a::attr(href)", "does not look like XPath"),
        ("//li[@class='next']/a", "end it with /@href"),
        ("//li[@class='next'", "is not a valid XPath expression"),
        ("//li/a/@href", "on catalogue/page-3.html your XPath gives ['page-2.html', 'page-4.html']"),
        ("//li[@class='previous']/a/@href", "on catalogue/page-1.html your XPath gives []"),
        ("//link/@href", "your XPath gives ['../style.css']"),
        ("", "'' does not look like XPath"),
    ],
)
def test_next_page_xpath_wrong_answers(answer, fragment):
    wrong(ex.check_next_page_xpath(answer), fragment)


def test_next_page_xpath_not_answered():
    assert "not answered yet" in ex.check_next_page_xpath(...).message


# -- Exercise 2: a spider file, run with scrapy runspider -----------------------------------
SOLUTION = """import scrapy


class ListingSpider(scrapy.Spider):
    name = "listing"
    allowed_domains = ["127.0.0.1"]

    async def start(self):
        yield scrapy.Request(self.base + "catalogue/page-1.html")

    def parse(self, response):
        for book in response.css("article.product"):
            price = book.css(".price::text").re_first(r"\\d+\\.\\d+")  # None for '£?'
            yield {"title": book.css("h3 a::text").get(), "price": float(price) if price else None}
        yield from response.follow_all(css="li.next a")
"""


@pytest.fixture
def answer(scratch):
    """Write ``listing.py`` into the notebook's folder of a scratch workspace."""
    folder = scratch / ex.NOTEBOOK
    folder.mkdir()

    def write(text):
        (folder / ex.SPIDER_FILE).write_text(text, encoding="utf-8")
        return folder

    return write


def test_listing_spider_solution_passes_and_leaves_no_feed_behind(answer):
    folder = answer(SOLUTION)
    right(ex.check_listing_spider())
    assert sorted(p.name for p in folder.iterdir()) == [ex.SPIDER_FILE]


def test_listing_spider_with_start_urls_passes_too(answer):
    answer(
        SOLUTION.replace("    async def start(self):\n", "    def __init__(self, base, **kw):\n")
        .replace(
            '        yield scrapy.Request(self.base + "catalogue/page-1.html")\n',
            '        super().__init__(**kw)\n        self.start_urls = [base + "catalogue/page-1.html"]\n',
        )
        .replace('"price": float', '"url": response.url, "price": float')  # an extra field is fine
    )
    right(ex.check_listing_spider())


def test_listing_spider_missing_file(scratch):
    (scratch / ex.NOTEBOOK).mkdir()
    wrong(ex.check_listing_spider(), "there is no file listing.py yet")


def test_listing_spider_placeholder_is_not_answered_yet(answer):
    answer("# Replace this comment with your spider,\n# then run this cell.\n")
    assert "not answered yet" in ex.check_listing_spider().message


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("class ListingSpider(scrapy.Spider:\n    pass\n", "line 1 of listing.py is not valid Python"),
        ("import scrapy\n\nprint('hello')\n", "No spider found in file: listing.py"),
        ("class Listing:\n    name = 'listing'\n", "inherits from scrapy.Spider"),
        ("import nosuchmodule\n\nclass S:\n    pass\n", "stopped with an error: Unable to load 'listing.py'"),
    ],
)
def test_listing_spider_files_that_cannot_run(answer, text, fragment):
    answer(text)
    wrong(ex.check_listing_spider(), fragment)


@pytest.mark.parametrize(
    "old, new, fragment",
    [
        ("async def start(self)", "def start_requests(self)", "Scrapy 2.16 ignores start_requests()"),
        (
            '    async def start(self):\n        yield scrapy.Request(self.base + "catalogue/page-1.html")\n',
            "",
            "no start",
        ),
        ('"title": book', '"title": 1 / 0, "t": book', "a callback raised ZeroDivisionError"),
        ('yield from response.follow_all(css="li.next a")', "pass", "the 6 books of page 1 only"),
        ("float(price) if price else None", "book.css('.price::text').get()", "is '£9.99'"),
        ("if price else None", "if price else 0.0", "its price should be None, not 0.0"),
        ('"title": book.css("h3 a::text")', '"name": book.css("h3 a::text")', "no 'title' key"),
        ('book.css("h3 a::text").get()', 'book.css("h3 a::text").get().upper()', "not a title as the catalogue"),
        ('response.css("article.product")', 'response.css("article.product")[:5]', "yielded 20 items"),
        ("float(price)", "float(price) + 1", "but the catalogue says 9.99"),
    ],
)
def test_listing_spider_wrong_spiders(answer, old, new, fragment):
    assert old in SOLUTION
    answer(SOLUTION.replace(old, new))
    wrong(ex.check_listing_spider(), fragment)


def test_listing_spider_that_never_ends_is_stopped(answer, monkeypatch):
    monkeypatch.setattr(ex, "CRAWL_TIME_LIMIT", 4)
    answer(
        SOLUTION.replace(
            "    def parse(self, response):\n", "    def parse(self, response):\n        while True: pass\n"
        )
    )
    wrong(ex.check_listing_spider(), "ran for more than 4 s")
