"""Exercise checks for ``11_scrapy.ipynb`` (selectors and a parse function on the demo shop).

All checks work on the shop's files read from disk, so they need no server:

>>> check_title_selector("article.product h3 a::attr(title)")
✅ Selecting titles with CSS: correct! All 6 titles of catalogue/page-1.html, as text.
>>> check_title_selector("h3 a")  # doctest: +NORMALIZE_WHITESPACE
❌ Selecting titles with CSS: your selector matches whole elements such as
'<a href="../books/pride-and-prejudice.html" title="Pride and Prejudic…', not their text.
💡 Hint: end the selector with ::text (the text inside) or ::attr(title) (an attribute).
"""

from __future__ import annotations

from coursekit.checks import Wrong, call, exercise, expect_callable, expect_type
from coursekit.spiders import clean_text, page_response, try_selector
from coursekit.ui import WARNING

__all__ = ["check_title_selector", "check_next_page_xpath", "check_parse_book"]

LISTING = "catalogue/page-1.html"


def _expected_titles(page: str = LISTING) -> list[str]:
    return page_response(page).css("article.product h3 a::text").getall()


def _run(selector, kind: str, page: str):
    """Apply the learner's selector; an invalid one becomes a Wrong with the tester's message."""
    expect_type(selector, str, "your selector")
    report = try_selector(selector, kind=kind, page=page, limit=50)
    if not report.ok:
        raise Wrong(report.lines[0].removeprefix(WARNING))
    return list(report.matches)


@exercise(
    "Selecting titles with CSS",
    hint="the titles are in the links inside each book's <h3>: try article.product h3 a::text",
)
def check_title_selector(selector):
    """The answer: a CSS selector giving the titles of all books on the first listing page."""
    if isinstance(selector, str) and selector.strip().startswith(("/", "(")):
        raise Wrong(
            f"{selector!r} looks like XPath, but this exercise wants CSS.",
            hint="CSS uses tag and class names: h3 a::text, not //h3/a/text().",
        )
    got = _run(selector, "css", LISTING)
    want = _expected_titles()
    if got and all(g.startswith("<") for g in got):
        raise Wrong(
            f"your selector matches whole elements such as {got[0]!r}, not their text.",
            hint="end the selector with ::text (the text inside) or ::attr(title) (an attribute).",
        )
    cleaned = [clean_text(g) for g in got]
    if cleaned == want:
        return f"All {len(want)} titles of {LISTING}, as text."
    if not got:
        raise Wrong(f"your selector matches nothing on {LISTING}.")
    if set(want) <= set(cleaned):
        raise Wrong(
            f"your selector gives {len(got)} strings: the {len(want)} titles and some other text "
            f"too (e.g. {next(c for c in cleaned if c not in want)!r}).",
            hint="make it more specific: only the links inside article.product h3.",
        )
    raise Wrong(f"your selector gives {cleaned[:3]!r}..., but the titles start with {want[:2]!r}.")


@exercise(
    "Finding the next page with XPath",
    hint='the button is <li class="next"><a href="...">: //li[@class=\'next\']/a/@href',
)
def check_next_page_xpath(xpath):
    """The answer: an XPath that gives the href of the "next" button, and nothing on the last page."""
    if isinstance(xpath, str) and xpath.strip() and not xpath.strip().startswith(("/", "(", ".")):
        raise Wrong(
            f"{xpath!r} does not look like XPath (XPath paths start with / or //).",
            hint="for example //li[@class='next']/a/@href",
        )
    for page, want in (
        ("catalogue/page-1.html", ["page-2.html"]),
        ("catalogue/page-3.html", ["page-4.html"]),
        ("catalogue/page-4.html", []),
    ):
        got = _run(xpath, "xpath", page)
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


@exercise(
    "A parse function for book pages",
    hint="title: response.css('h1::text').get(); price: response.css('.price').re_first(r'\\d+\\.\\d+')",
)
def check_parse_book(parse_book):
    """The answer: ``parse_book(response) -> {'title': str, 'price': float or None}``."""
    expect_callable(parse_book, "parse_book")
    cases = [
        ("books/frankenstein.html", {"title": "Frankenstein", "price": 7.5}),
        ("books/the-raven-and-other-poems.html", {"title": "The Raven and Other Poems", "price": 4.99}),
        ("books/a-tangled-web.html", {"title": "A Tangled Web", "price": None}),
    ]
    for page, want in cases:
        got = call(parse_book, page_response(page), what=f"parse_book(<the response for {page}>)")
        expect_type(got, dict, f"parse_book(...) for {page}")
        missing = sorted(set(want) - set(got))
        if missing:
            raise Wrong(f"the dict for {page} has no key {missing[0]!r} (it has {sorted(got)}).")
        if got["title"] != want["title"]:
            tip = (
                "collapse the extra spaces: ' '.join(text.split())"
                if isinstance(got["title"], str) and clean_text(got["title"]) == want["title"]
                else None
            )
            raise Wrong(f"for {page} the title is {got['title']!r}, expected {want['title']!r}.", hint=tip)
        price = got["price"]
        if want["price"] is None:
            if price is not None:
                raise Wrong(
                    f"{page} shows no usable price ('£price on request'), so 'price' should be None, not {price!r}.",
                    hint="re_first() returns None when nothing matches: keep it.",
                )
        elif isinstance(price, bool) or not isinstance(price, (int, float)) or round(price, 2) != want["price"]:
            raise Wrong(
                f"for {page} the price is {price!r}, expected the number {want['price']!r} (no '£').",
                hint="turn the text into a number with float(...).",
            )
    return "It copes with the malformed page too."
