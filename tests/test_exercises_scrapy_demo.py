"""coursekit.exercises.scrapy_demo: solutions pass; wrong types, values and crashing code get messages."""

import pytest

from coursekit.checks import Feedback
from coursekit.exercises import scrapy_demo as ex


def right(fb):
    assert isinstance(fb, Feedback) and fb.ok, fb.message
    assert fb.message.startswith("✅")


def wrong(fb, fragment):
    assert isinstance(fb, Feedback) and not fb.ok
    assert fragment in fb.message, fb.message
    assert "Traceback" not in fb.message and "💡 Hint:" in fb.message


# -- Exercise 1: CSS selector for the titles ----------------------------------------
@pytest.mark.parametrize("solution", ["article.product h3 a::text", "h3 a::attr(title)", ".products h3 > a::text"])
def test_title_selector_solutions(solution):
    right(ex.check_title_selector(solution))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (None, "should be a str, but it is None"),
        (["h3 a::text"], "should be a str, but it is a list"),
        ("h3 a", "matches whole elements"),
        ("h3 a[", "is not a valid CSS selector"),
        ("", "Type a CSS selector"),
        ("//h3/a/text()", "looks like XPath"),
        ("h2 a::text", "matches nothing"),
        ("a::text", "and some other text"),
        (".price::text", "but the titles start with"),
    ],
)
def test_title_selector_wrong_answers(answer, fragment):
    wrong(ex.check_title_selector(answer), fragment)


def test_title_selector_not_answered():
    assert "not answered yet" in ex.check_title_selector(...).message


# -- Exercise 2: XPath for the next page --------------------------------------------
@pytest.mark.parametrize(
    "solution",
    ["//li[@class='next']/a/@href", "//ul[@class='pager']/li[@class='next']/a/@href", "//a[text()='next']/@href"],
)
def test_next_page_xpath_solutions(solution):
    right(ex.check_next_page_xpath(solution))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (3, "should be a str, but it is an int"),
        ("li.next a::attr(href)", "does not look like XPath"),
        ("//li[@class='next']/a", "not the link's address"),
        ("//li[@class='next'", "is not a valid XPath expression"),
        ("//li/a/@href", "on catalogue/page-3.html your XPath gives ['page-2.html', 'page-4.html']"),
        ("//li[@class='previous']/a/@href", "on catalogue/page-1.html your XPath gives []"),
        ("//link/@href", "your XPath gives ['../style.css']"),
    ],
)
def test_next_page_xpath_wrong_answers(answer, fragment):
    wrong(ex.check_next_page_xpath(answer), fragment)


# -- Exercise 3: a parse function -----------------------------------------------------
def solution_parse_book(response):
    title = " ".join(response.css("h1::text").get(default="").split())
    price = response.css(".price").re_first(r"\d+\.\d+")
    return {"title": title, "price": float(price) if price else None}


def test_parse_book_solution():
    right(ex.check_parse_book(solution_parse_book))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (None, "should be a function, but it is None"),
        ("parse_book", "should be a function, but it is a str"),
        (lambda response: 1 / 0, "raised ZeroDivisionError"),
        (lambda: {}, "raised TypeError"),
        (lambda response: None, "should be a dict, but it is None"),
        (lambda response: {"title": "x"}, "has no key 'price'"),
        (
            lambda response: {**solution_parse_book(response), "title": response.css("h1::text").get()},
            "collapse the extra spaces",
        ),
        (
            lambda response: {
                "title": " ".join(response.css("h1::text").get().split()),
                "price": response.css(".price::text").get(),
            },
            "expected the number 7.5",
        ),
        (
            lambda response: {
                "title": " ".join(response.css("h1::text").get().split()),
                "price": float(response.css(".price").re_first(r"\d+\.\d+") or "0"),
            },
            "so 'price' should be None, not 0.0",
        ),
    ],
)
def test_parse_book_wrong_answers(answer, fragment):
    wrong(ex.check_parse_book(answer), fragment)


def test_parse_book_crash_on_the_malformed_page_is_reported_not_raised():
    def naive(response):
        return {
            "title": " ".join(response.css("h1::text").get().split()),
            "price": float(response.css(".price").re_first(r"\d+\.\d+")),
        }

    wrong(ex.check_parse_book(naive), "parse_book(<the response for books/a-tangled-web.html>) raised TypeError")
