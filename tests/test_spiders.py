"""coursekit.spiders: parsing (good, bad, empty pages), the shared pipeline, the crawl runner, the selector tester."""

import json

import pytest
from conftest import files_under
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request, TextResponse

from coursekit import CourseError, spiders
from coursekit.demosite import SITE, DemoSite
from coursekit.spiders import (
    BookApiSpider,
    BookSpider,
    CleanBookPipeline,
    clean_price,
    clean_rating,
    clean_stock,
    crawl,
    fetch,
    page_response,
    try_selector,
)

URL = "http://127.0.0.1/"


def html(path, body):
    return HtmlResponse(url=URL + path, body=body.encode("utf-8") if isinstance(body, str) else body, encoding="utf-8")


# -- parsing pages ------------------------------------------------------------
def test_book_page_gives_the_raw_fields():
    [book] = list(BookSpider().parse_book(page_response("books/the-war-of-the-worlds.html")))
    assert dict(book) == {
        "title": "The War of the Worlds",
        "author": "H. G. Wells",
        "category": "Science fiction",
        "price": "£6.75",
        "rating": "Four",
        "stock": "Out of stock",
        "path": "/books/the-war-of-the-worlds.html",
    }


def test_malformed_page_still_parses_and_the_pipeline_drops_it_with_a_reason():
    [book] = list(BookSpider().parse_book(page_response("books/a-tangled-web.html")))
    assert book["title"] == "A Tangled   Web" and book["price"] == "£price on request"
    with pytest.raises(DropItem, match="'A Tangled Web': price '£price on request' is not a number"):
        CleanBookPipeline().process_item(book)


@pytest.mark.parametrize(
    "body", [b"", "<html></html>", "<<<>>> not html at all &&&", "\x00\xff garbage", "<div class='product-page'>"]
)
def test_empty_or_broken_pages_give_no_item_or_an_item_that_is_dropped(body):
    items = list(BookSpider().parse_book(html("books/x.html", body)))
    for item in items:  # an empty product block: the pipeline refuses it, no crash
        with pytest.raises(DropItem, match="no title"):
            CleanBookPipeline().process_item(item)
    assert len(items) <= 1


def test_listing_page_follows_every_book_and_the_next_page():
    requests = list(BookSpider().parse_listing(page_response("catalogue/page-1.html")))
    urls = [r.url for r in requests]
    assert len(urls) == 7
    assert URL + "books/the-lost-chapter.html" in urls  # the 404 link is followed like any other
    assert urls[-1] == URL + "catalogue/page-2.html"
    assert all(isinstance(r, Request) for r in requests)


def test_last_listing_page_has_no_next_and_links_off_site():
    urls = [r.url for r in BookSpider().parse_listing(page_response("catalogue/page-4.html"))]
    assert not any("page-5" in u for u in urls)
    assert "https://www.example.com/books/maps-of-distant-shores.html" in urls  # the offsite middleware drops it


def test_front_page_leads_to_the_catalogue_only():
    urls = [r.url for r in BookSpider().parse(page_response("index.html"))]
    assert urls == [URL + "catalogue/page-1.html"]


def test_404_response_and_empty_listing_give_nothing():
    missing = HtmlResponse(url=URL + "books/gone.html", status=404, body=b"<h1>Not found</h1>", encoding="utf-8")
    assert list(BookSpider().parse_book(missing)) == []
    assert list(BookSpider().parse_listing(html("catalogue/page-9.html", ""))) == []


def test_api_spider_reads_records_and_the_next_page():
    body = (SITE / "api" / "books-1.json").read_bytes()
    out = list(BookApiSpider().parse(TextResponse(url=URL + "api/books-1.json", body=body, encoding="utf-8")))
    books, follow = out[:-1], out[-1]
    assert len(books) == 10 and follow.url == URL + "api/books-2.json"
    assert CleanBookPipeline().process_item(books[0])["price"] == 9.99


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[]", b'{"books": []}', b'{"books": "oops"}', b'{"books": [1, null]}']
)
def test_api_spider_copes_with_bad_or_empty_json(body):
    assert list(BookApiSpider().parse(TextResponse(url=URL + "api/x.json", body=body, encoding="utf-8"))) == []


# -- the shared pipeline -----------------------------------------------------
@pytest.mark.parametrize("raw, price", [("£9.99", 9.99), (" £ 12 ", 12.0), ("1,250.50", 1250.5), (3, 3.0)])
def test_clean_price(raw, price):
    assert clean_price(raw) == price


@pytest.mark.parametrize("raw", [None, "", "£?", "free", "-2", True, "nan"])
def test_clean_price_refuses(raw):
    with pytest.raises(ValueError):
        clean_price(raw)


@pytest.mark.parametrize("raw, stars", [("Three", 3), ("star-rating Five", 5), ("0", 0), (4, 4)])
def test_clean_rating(raw, stars):
    assert clean_rating(raw) == stars


@pytest.mark.parametrize("raw", [None, "Seven", 9, -1, "", True])
def test_clean_rating_refuses(raw):
    with pytest.raises(ValueError):
        clean_rating(raw)


@pytest.mark.parametrize("raw, copies", [("In stock (4 available)", 4), ("Out of stock", 0), (0, 0)])
def test_clean_stock(raw, copies):
    assert clean_stock(raw) == copies


def test_pipeline_cleans_items_from_both_spiders_the_same_way():
    from_html = spiders.Book(
        title="  Opticks ",
        price="£18.00",
        rating="Two",
        stock="In stock (1 available)",
        category="Science",
        author="Isaac Newton",
        path="/books/opticks.html",
    )
    from_api = {
        "title": "Opticks",
        "price": "18.00",
        "rating": 2,
        "stock": 1,
        "category": "Science",
        "author": "Isaac Newton",
        "path": "/books/opticks.html",
    }
    pipe = CleanBookPipeline()
    assert dict(pipe.process_item(from_html)) == pipe.process_item(from_api)


@pytest.mark.parametrize(
    "item, reason",
    [
        ({"title": "", "price": "£1"}, "no title"),
        ({"title": None, "price": "£1", "path": "/x.html"}, "no title on /x.html"),
        ({"title": "X", "price": None, "rating": 1, "stock": 1}, "price is missing"),
        ({"title": "X", "price": "£1", "rating": "Seven", "stock": 1}, "rating 'Seven'"),
        ({"title": "X", "price": "£1", "rating": 1, "stock": "call us"}, "stock 'call us'"),
    ],
)
def test_pipeline_drops_what_it_cannot_fix_and_says_why(item, reason):
    with pytest.raises(DropItem, match=reason):
        CleanBookPipeline().process_item(item)


# -- crawling (real child processes against a real server on 127.0.0.1) -------
@pytest.fixture(scope="module")
def shop():
    with DemoSite() as site:
        yield site


@pytest.fixture
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    return home


def test_crawl_collects_items_stats_and_drops_and_writes_only_in_its_folder(shop, scratch, isolated_home):
    out = scratch / "11_scrapy"
    result = crawl("books", shop, out)
    assert len(result.items) == 20
    assert [i["title"] for i in result.items] == sorted(i["title"] for i in result.items)
    summary = result.summary()
    assert summary["downloader/response_status_count/404"] == 1
    assert summary["robotstxt/forbidden"] == 1
    assert summary["offsite/filtered"] == 1
    assert summary["item_dropped_count"] == 1
    assert result.dropped == [
        {
            "title": "A Tangled Web",
            "path": "/books/a-tangled-web.html",
            "reason": "'A Tangled Web': price '£price on request' is not a number",
        }
    ]
    paths = [r.path for r in result.server_log]
    assert paths[0] == "/robots.txt"
    assert not any(p.startswith("/staff/") for p in paths)
    assert json.loads(result.feed.read_text(encoding="utf-8"))  # a real JSON feed
    assert result.log_lines("Forbidden by robots.txt")
    assert files_under(scratch) == [
        "11_scrapy/books.dropped.json",
        "11_scrapy/books.json",
        "11_scrapy/books.log",
        "11_scrapy/books.stats.json",
    ]
    assert files_under(isolated_home) == []  # e.g. no remote-control job file in ~/.local/state


def test_crawl_twice_gives_the_same_table_and_api_agrees_with_html(shop, scratch):
    first = crawl("books", shop, scratch / "a").table()
    again = crawl("books", shop, scratch / "a").table()
    api = crawl("books_api", shop, scratch / "a").table()
    assert first.equals(again)
    assert first.equals(api)
    assert list(first.columns) == ["title", "author", "category", "price", "rating", "stock", "path"]


def test_crawl_of_an_empty_site_finds_nothing_without_crashing(tmp_path, scratch):
    empty = tmp_path / "empty_site"
    empty.mkdir()
    with DemoSite(empty) as site:
        result = crawl("books", site, scratch / "empty")
    assert result.items == [] and result.dropped == []
    assert result.summary()["downloader/response_status_count/404"] == 2  # robots.txt and index.html


def test_a_spider_with_only_start_requests_crawls_nothing_in_current_scrapy(shop, scratch):
    result = crawl("old_style", shop, scratch / "old")
    assert result.items == [] and result.server_log == []
    assert "downloader/request_count" not in result.stats
    assert result.stats["finish_reason"] == "finished"


def test_crawl_accepts_a_local_url(shop, scratch):
    result = crawl("books_api", shop.url, scratch / "u")
    assert len(result.items) == 20 and result.server_log == []


@pytest.mark.parametrize("spider, fragment", [("nope", "no spider called 'nope'"), (None, "no spider called None")])
def test_crawl_refuses_unknown_spiders(shop, scratch, spider, fragment):
    with pytest.raises(CourseError, match=fragment):
        crawl(spider, shop, scratch)


def test_crawl_refuses_other_hosts_stopped_sites_and_folders_outside_the_workspace(shop, scratch, tmp_path):
    with pytest.raises(CourseError, match="not a URL on 127.0.0.1"):
        crawl("books", "https://www.example.com/", scratch)
    with pytest.raises(CourseError, match="not running"):
        crawl("books", DemoSite(), scratch)
    with pytest.raises(CourseError, match="must be a running DemoSite"):
        crawl("books", 8000, scratch)
    with pytest.raises(CourseError, match="not inside the course workspace"):
        crawl("books", shop, tmp_path / "elsewhere")
    assert files_under(scratch) == []


# -- the shell experience ------------------------------------------------------
def test_fetch_gives_responses_with_status(shop):
    ok = fetch(shop, "catalogue/page-1.html")
    assert ok.status == 200 and ok.css("li.next a::attr(href)").get() == "page-2.html"
    assert ok.urljoin("page-2.html") == shop.url + "catalogue/page-2.html"
    assert fetch(shop, "books/the-lost-chapter.html").status == 404
    assert fetch(shop, "api/books-2.json").json()["next"] is None
    with pytest.raises(CourseError, match="running demo site"):
        fetch(DemoSite(), "index.html")


def test_page_response_refuses_unknown_pages():
    with pytest.raises(CourseError, match="not a page of the demo shop"):
        page_response("../../README.md")
    with pytest.raises(CourseError, match="not a page of the demo shop"):
        page_response(None)


# -- the selector tester (widget logic) --------------------------------------------
def test_try_selector_css_and_xpath_agree():
    css = try_selector("article.product h3 a::attr(title)")
    xpath = try_selector("//article[@class='product']/h3/a/@title", kind="xpath")
    assert css.ok and xpath.ok and css.matches == xpath.matches and len(css.matches) == 6
    assert repr(css).startswith("CSS 'article.product h3 a::attr(title)' on catalogue/page-1.html: 6 matches")


def test_try_selector_shows_elements_shortened_and_limits_the_list():
    report = try_selector("p", page="catalogue/page-1.html", limit=2)
    assert report.ok and len(report.matches) > 2
    assert "... and" in repr(report) and all(len(m) <= 70 for m in report.matches)


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
    report = try_selector(selector, kind=kind)
    assert not report.ok and fragment in repr(report)


def test_try_selector_bad_page_and_limit_and_no_match():
    assert "not a page of the demo shop" in repr(try_selector("h1", page="nope.html"))
    assert "limit must be" in repr(try_selector("h1", limit=0))
    nothing = try_selector("div.does-not-exist")
    assert nothing.ok and nothing.matches == () and "0 matches" in repr(nothing)
    assert "check class names" in repr(nothing)


def test_try_selector_copes_with_the_malformed_page():
    report = try_selector("h1::text", page="books/a-tangled-web.html")
    assert report.matches == ("A Tangled   Web",)
