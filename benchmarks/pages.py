"""The pages the benchmarks measure with: real-size ANTARA article pages.

- The real captures in ../shared/antara-real/ (old layout, 35 and 49 KB), read in place.
- More pages of the same size made from the real www capture's structure: its markup, furniture and
  scripts kept byte for byte, its article id, headline and body replaced by paragraphs of the
  reviewed article fixtures, ~2,000 characters a page (the real captures' bodies are 1,047 and
  2,142, the 2025 seed article's 3,112), so every generated page carries real text shapes.
- The reconstructed fixture pages (current layout, 5-15 KB): smaller than the real site's.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REAL_DIR = ROOT.parent / "shared" / "antara-real"
REAL = {
    "www-berita-527615-2015-11-05.html": "http://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan",
    "otomotif-berita-546646-2016-02-23.html": "http://otomotif.antaranews.com/berita/546646/prototype",
}
TEMPLATE = "www-berita-527615-2015-11-05.html"
TEMPLATE_ID = b"527615"
TEMPLATE_TITLE = b"29 penerbangan Bandara Internasional Lombok dibatalkan"
BODY_START = b'itemprop="articleBody">'
BODY_END = b'<p class="mt10">'
FETCHED_AT = "2016-03-01T00:00:00+00:00"


@dataclass(frozen=True)
class Page:
    html: bytes
    url: str
    fetched_at: str


def require_real() -> None:
    if not (REAL_DIR / TEMPLATE).is_file():
        raise SystemExit(f"the benchmarks read the real captures in place: {REAL_DIR} is missing")


def real_pages() -> list[Page]:
    require_real()
    return [Page((REAL_DIR / name).read_bytes(), url, FETCHED_AT) for name, url in REAL.items()]


def fixture_bodies() -> list[tuple[str, str]]:
    """(title, body) of every reviewed Indonesian article fixture."""
    found = []
    for meta_path in sorted(FIXTURES.rglob("*.json")):
        expected = json.loads(meta_path.read_text(encoding="utf-8")).get("expected") or {}
        if expected.get("body") and expected.get("language") == "id":
            found.append((expected["title"], expected["body"]))
    return found


class Generator:
    """Real-size pages from the real www capture's structure, one per article id."""

    def __init__(self) -> None:
        require_real()
        template = (REAL_DIR / TEMPLATE).read_bytes()
        start = template.index(BODY_START) + len(BODY_START)
        end = template.index(BODY_END, start)
        self.head, self.tail = template[:start], template[end:]
        articles = fixture_bodies()
        paragraphs = [p for _, body in articles for p in body.split("\n\n")]
        self.bodies = []
        for n, (title, _) in enumerate(articles):
            chosen: list[str] = []
            while sum(map(len, chosen)) < 2000:
                chosen.append(paragraphs[(n * 7 + len(chosen)) % len(paragraphs)])
            self.bodies.append((title.encode(), b"<br>\n<br>\n".join(html.escape(p).encode() for p in chosen)))

    def page(self, article_id: int) -> bytes:
        title, body = self.bodies[article_id % len(self.bodies)]
        number = str(article_id).encode()
        head = self.head.replace(TEMPLATE_ID, number).replace(TEMPLATE_TITLE, title + b" " + number)
        return head + b"Jakarta (ANTARA News) - " + body + self.tail.replace(TEMPLATE_ID, number)

    @staticmethod
    def url(article_id: int) -> str:
        return f"http://www.antaranews.com/berita/{article_id}/artikel-{article_id}"

    def pages(self, count: int, first: int = 600000) -> list[Page]:
        return [Page(self.page(i), self.url(i), FETCHED_AT) for i in range(first, first + count)]


def fixture_pages() -> list[Page]:
    """The reconstructed article fixtures answered by a layout (smaller than real pages)."""
    pages = []
    for page in sorted(FIXTURES.rglob("*.html")):
        meta = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        method = meta.get("expected", {}).get("extraction_method") or ""
        if method.startswith("dom:"):
            pages.append(Page(page.read_bytes(), meta["url"], meta["fetched_at"]))
    return pages
