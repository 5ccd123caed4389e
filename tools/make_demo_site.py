"""Write the Scrapy demo site, a small second-hand bookshop, into notebooks/data/bookshop/.

    python tools/make_demo_site.py           # (re)write the site
    python tools/make_demo_site.py --check   # change nothing; exit 1 if the files are out of date

The output is deterministic (no dates, no randomness), so the generated files are
committed and re-running the script changes nothing. The site is built to show
how a well-behaved spider copes with the real web:

- ``index.html``, ``about.html`` and four listing pages ``catalogue/page-N.html``
  (six entries each, linked by "next" buttons);
- one detail page per book in ``books/``;
- ``robots.txt`` forbids ``/staff/``, and one listing entry (an unreleased title)
  links to a staff-only preview page there;
- one listing entry links to ``books/the-lost-chapter.html``, which does not
  exist: the server answers 404;
- ``books/a-tangled-web.html`` is malformed HTML (unclosed tags, cut off halfway,
  no usable price);
- one entry links to a partner shop on another host (``www.example.com``);
- ``api/books-1.json`` and ``api/books-2.json``: the same catalogue as a
  paginated JSON API.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "notebooks" / "data" / "bookshop"

RATINGS = ["Zero", "One", "Two", "Three", "Four", "Five"]

# title, author, category, price in pounds, rating (1-5), copies in stock
BOOKS = [
    ("Pride and Prejudice", "Jane Austen", "Fiction", "9.99", 5, 4),
    ("Frankenstein", "Mary Shelley", "Fiction", "7.50", 4, 2),
    ("Moby-Dick", "Herman Melville", "Fiction", "12.00", 3, 1),
    ("The Time Machine", "H. G. Wells", "Science fiction", "6.25", 4, 7),
    ("The War of the Worlds", "H. G. Wells", "Science fiction", "6.75", 4, 0),
    ("Twenty Thousand Leagues Under the Seas", "Jules Verne", "Science fiction", "8.40", 3, 3),
    ("On the Origin of Species", "Charles Darwin", "Science", "14.20", 5, 2),
    ("Opticks", "Isaac Newton", "Science", "18.00", 2, 1),
    ("Relativity: The Special and General Theory", "Albert Einstein", "Science", "11.30", 4, 5),
    ("The Elements of Style", "William Strunk Jr.", "Reference", "5.00", 4, 9),
    ("A Dictionary of Cookery", "Cassell", "Reference", "15.60", 2, 1),
    ("Leaves of Grass", "Walt Whitman", "Poetry", "8.00", 4, 3),
    ("The Raven and Other Poems", "Edgar Allan Poe", "Poetry", "4.99", 5, 6),
    ("Songs of Innocence and of Experience", "William Blake", "Poetry", "7.10", 3, 0),
    ("The Histories", "Herodotus", "History", "13.45", 3, 2),
    ("The Decline and Fall of the Roman Empire", "Edward Gibbon", "History", "21.00", 4, 1),
    ("Meditations", "Marcus Aurelius", "Philosophy", "6.60", 5, 8),
    ("The Republic", "Plato", "Philosophy", "9.20", 4, 4),
    ("Alice's Adventures in Wonderland", "Lewis Carroll", "Children", "5.75", 5, 10),
    ("The Wonderful Wizard of Oz", "L. Frank Baum", "Children", "6.10", 4, 0),
]

# The four entries that make the site realistic (position in the listing, kind, title).
MISSING = ("The Lost Chapter", "books/the-lost-chapter.html")  # -> 404
MALFORMED = ("A Tangled Web", "books/a-tangled-web.html")  # broken HTML
UNRELEASED = ("Secrets of the Stockroom", "staff/preview/secrets-of-the-stockroom.html")  # robots.txt
PARTNER = ("Maps of Distant Shores", "https://www.example.com/books/maps-of-distant-shores.html")

PER_PAGE = 6
API_PER_PAGE = 10


def slug(title: str) -> str:
    """'Alice's Adventures in Wonderland' -> 'alices-adventures-in-wonderland'."""
    kept = "".join(c.lower() if c.isalnum() else " " for c in title.replace("'", ""))
    return "-".join(kept.split())


def book_path(title: str) -> str:
    return f"books/{slug(title)}.html"


def page(title: str, body: str, depth: int) -> str:
    """A complete, valid HTML page; ``depth`` is how many folders below the site root."""
    up = "../" * depth
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)} | Dusty Pages Books</title>
  <link rel="stylesheet" href="{up}style.css">
</head>
<body>
  <header>
    <a class="brand" href="{up}index.html">Dusty Pages Books</a>
    <nav>
      <a href="{up}catalogue/page-1.html">Catalogue</a>
      <a href="{up}about.html">About</a>
      <a href="{up}staff/index.html">Staff area</a>
    </nav>
  </header>
  <main>
{body}
  </main>
  <footer>Dusty Pages Books is a made-up shop: a demo site for the Python Packages course.</footer>
</body>
</html>
"""


def listing_entries() -> list[tuple[str, str, str, str, str]]:
    """(title, href from the site root, price text, rating word, note) for every listing entry."""
    entries = [(t, book_path(t), f"£{p}", RATINGS[r], "") for t, _, _, p, r, _ in BOOKS]
    entries.insert(3, (MISSING[0], MISSING[1], "£10.00", "Three", ""))
    entries.insert(9, (MALFORMED[0], MALFORMED[1], "£?", "Two", ""))
    entries.insert(14, (UNRELEASED[0], UNRELEASED[1], "£19.99", "Five", "Coming soon"))
    entries.insert(20, (PARTNER[0], PARTNER[1], "£11.00", "Four", "Sold by our partner shop"))
    return entries


def listing_page(number: int, entries: list, pages: int) -> str:
    articles = []
    for title, href, price, rating, note in entries:
        link = href if href.startswith("http") else "../" + href
        extra = f'\n        <p class="note">{note}</p>' if note else ""
        articles.append(f"""      <li>
        <article class="product">
          <p class="star-rating {rating}">{RATINGS.index(rating)} of 5 stars</p>
          <h3><a href="{html.escape(link)}" title="{html.escape(title)}">{html.escape(title)}</a></h3>
          <p class="price">{price}</p>{extra}
        </article>
      </li>""")
    pager = []
    if number > 1:
        pager.append(f'<li class="previous"><a href="page-{number - 1}.html">previous</a></li>')
    pager.append(f'<li class="current">Page {number} of {pages}</li>')
    if number < pages:
        pager.append(f'<li class="next"><a href="page-{number + 1}.html">next</a></li>')
    body = (
        '    <h1>All books</h1>\n    <ol class="products">\n'
        + "\n".join(articles)
        + '\n    </ol>\n    <ul class="pager">\n      '
        + "\n      ".join(pager)
        + "\n    </ul>"
    )
    return page(f"All books, page {number}", body, depth=1)


def detail_page(title, author, category, price, rating, stock) -> str:
    availability = f"In stock ({stock} available)" if stock else "Out of stock"
    body = f"""    <article class="product-page">
      <ul class="breadcrumb">
        <li><a href="../index.html">Home</a></li>
        <li><a href="../catalogue/page-1.html">Books</a></li>
        <li class="category">{html.escape(category)}</li>
      </ul>
      <h1>{html.escape(title)}</h1>
      <p class="author">by <span>{html.escape(author)}</span></p>
      <p class="price">£{price}</p>
      <p class="availability">{availability}</p>
      <p class="star-rating {RATINGS[rating]}">{rating} of 5 stars</p>
      <table class="product-info">
        <tr><th>Category</th><td>{html.escape(category)}</td></tr>
        <tr><th>Price</th><td>£{price}</td></tr>
        <tr><th>Stock</th><td>{stock}</td></tr>
      </table>
    </article>"""
    return page(title, body, depth=1)


# Cut off in the middle of a tag, unclosed elements, a closing tag that never opened,
# and no usable price: lxml still builds a tree, the pipeline drops the item.
MALFORMED_HTML = """<html><head><title>A Tangled Web | Dusty Pages Books</title>
<body>
<div class="product-page"
  <ul class="breadcrumb"><li><a href="../index.html">Home<li class="category">Fiction
  <h1>A Tangled   Web</h1>
  <p class="author">by <span>Anonymous</i>
  <p class="price">£<b>price on request</p>
  <p class="availability">In stock (1 available)
  <p class="star-rating Two">2 of 5 stars
  <table class="product-info"><tr><th>Category<td>Fiction
</div></div></span>
<p>This page was saved half-way thro"""

STAFF_PAGE = page(
    "Preview: Secrets of the Stockroom",
    """    <article class="product-page">
      <h1>Secrets of the Stockroom</h1>
      <p class="author">by <span>The Staff</span></p>
      <p class="price">£19.99</p>
      <p class="availability">Not released yet: staff only, please do not crawl.</p>
      <p class="star-rating Five">5 of 5 stars</p>
    </article>""",
    depth=2,
)

STAFF_INDEX = page(
    "Staff area",
    """    <h1>Staff area</h1>
    <ul><li><a href="preview/secrets-of-the-stockroom.html">Preview of an unreleased title</a></li></ul>""",
    depth=1,
)

ROBOTS = """# Dusty Pages Books: robots welcome, but not in the staff area.
User-agent: *
Disallow: /staff/
"""

STYLE = """body { font-family: sans-serif; max-width: 46em; margin: auto; color: #222; }
header { display: flex; justify-content: space-between; border-bottom: 2px solid #864; }
.brand { font-weight: bold; color: #864; text-decoration: none; }
nav a { margin-left: 1em; }
ol.products { list-style: none; display: grid; grid-template-columns: repeat(3, 1fr); gap: 1em; padding: 0; }
.product { border: 1px solid #ddd; padding: .5em; }
.price { color: #363; font-weight: bold; }
.note { color: #864; font-style: italic; }
.pager { display: flex; gap: 1em; list-style: none; padding: 0; }
footer { margin-top: 2em; font-size: small; color: #666; }
"""


def index_page() -> str:
    categories = sorted({b[2] for b in BOOKS})
    items = "\n".join(f"        <li>{html.escape(c)}</li>" for c in categories)
    body = f"""    <h1>Welcome to Dusty Pages Books</h1>
    <p>Second-hand classics at honest prices. {len(BOOKS)} titles in stock and more arriving.</p>
    <p><a class="catalogue" href="catalogue/page-1.html">Browse the catalogue</a></p>
    <p>Developers: the catalogue is also available as JSON, starting at
       <a class="api" href="api/books-1.json">api/books-1.json</a>.</p>
    <section>
      <h2>Categories</h2>
      <ul class="categories">
{items}
      </ul>
    </section>"""
    return page("Home", body, depth=0)


ABOUT = page(
    "About",
    """    <h1>About us</h1>
    <p>We have sold old books from the same little shop since the day this demo was written.</p>
    <p>We also work with <a href="https://www.example.com/">a partner shop</a> for maps and atlases.</p>""",
    depth=0,
)


def api_pages() -> dict[str, str]:
    """The catalogue as a paginated JSON API (raw values, as an API would send them)."""
    records = [
        {
            "title": t,
            "author": a,
            "category": c,
            "price": p,
            "currency": "GBP",
            "rating": r,
            "stock": s,
            "url": "/" + book_path(t),
        }
        for t, a, c, p, r, s in BOOKS
    ]
    chunks = [records[i : i + API_PER_PAGE] for i in range(0, len(records), API_PER_PAGE)]
    out = {}
    for n, chunk in enumerate(chunks, start=1):
        data = {
            "page": n,
            "pages": len(chunks),
            "count": len(records),
            "books": chunk,
            "next": f"books-{n + 1}.json" if n < len(chunks) else None,
        }
        out[f"api/books-{n}.json"] = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return out


def site_files() -> dict[str, str]:
    """Every file of the site: {path relative to the site root: text}."""
    files = {
        "index.html": index_page(),
        "about.html": ABOUT,
        "robots.txt": ROBOTS,
        "style.css": STYLE,
        "staff/index.html": STAFF_INDEX,
        UNRELEASED[1]: STAFF_PAGE,
        MALFORMED[1]: MALFORMED_HTML,
    }
    entries = listing_entries()
    pages = [entries[i : i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)]
    for n, chunk in enumerate(pages, start=1):
        files[f"catalogue/page-{n}.html"] = listing_page(n, chunk, len(pages))
    for book in BOOKS:
        files[book_path(book[0])] = detail_page(*book)
    files.update(api_pages())
    return dict(sorted(files.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    args = parser.parse_args(argv)
    files = site_files()
    stale = (
        sorted(
            [
                p
                for p, text in files.items()
                if not (SITE / p).is_file() or (SITE / p).read_text(encoding="utf-8") != text
            ]
            + [
                p.relative_to(SITE).as_posix()
                for p in SITE.rglob("*")
                if p.is_file() and p.relative_to(SITE).as_posix() not in files
            ]
        )
        if SITE.exists()
        else sorted(files)
    )
    if args.check:
        print("\n".join(f"out of date: {p}" for p in stale) or "demo site up to date")
        return 1 if stale else 0
    for path in SITE.rglob("*") if SITE.exists() else []:
        if path.is_file() and path.relative_to(SITE).as_posix() not in files:
            path.unlink()
    for rel_path, text in files.items():
        target = SITE / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {SITE.relative_to(ROOT)}/ ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
