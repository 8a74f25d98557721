"""Throughput of the parse + normalize path over the fixtures, beside trafilatura and bare lxml.

    python benchmarks/parse_speed.py [--seconds 3]

Prints pages/second for each contender on the same pages in the same run, and the ratios the
project aims for: at least 10x trafilatura's extract, within 5x of bare lxml.html.fromstring.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import lxml.html
import trafilatura

from antara_crawler.parsing.page import PageInput
from antara_crawler.process import process_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Real captures (old layout, real page sizes), read in place when they are beside the repository
REAL = {
    "www-berita-527615-2015-11-05.html": "http://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan",
    "otomotif-berita-546646-2016-02-23.html": "http://otomotif.antaranews.com/berita/546646/prototype",
}
REAL_DIR = ROOT.parent / "shared" / "antara-real"


def load_pages() -> list[tuple[bytes, str, str, str]]:
    pages = []
    for page in sorted(FIXTURES.rglob("*.html")):
        meta = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        if "rejected" not in meta.get("expected", {"rejected": True}):
            pages.append((page.read_bytes(), meta["url"], meta["fetched_at"], meta["expected"]["extraction_method"]))
    return pages


def load_real_pages() -> list[tuple[bytes, str, str, str]]:
    if not REAL_DIR.is_dir():
        return []
    return [
        ((REAL_DIR / name).read_bytes(), url, "2016-03-01T00:00:00+00:00", "dom:old-2015") for name, url in REAL.items()
    ]


def ours(html, url, fetched_at):
    return process_page(PageInput(url, html, fetched_at))


def rate(name: str, fn, pages, seconds: float, rounds: int = 3) -> float:
    """Pages per second: the best of a few rounds (the machine's other work only slows a round down)."""
    fn(*pages[0][:3])  # imports and first-call set-up are not throughput
    best = 0.0
    for _ in range(rounds):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / rounds:
            for html, url, fetched_at, _ in pages:
                fn(html, url, fetched_at)
            done += len(pages)
        best = max(best, done / (time.perf_counter() - start))
    print(f"  {name:<44} {best:9.1f} pages/s  ({1000 / best:6.2f} ms/page)")
    return best


def cold_pass(pages) -> float:
    """One pass with empty caches, as a crawl meets new pages (dateparser's first calls included)."""
    start = time.perf_counter()
    for html, url, fetched_at, _ in pages:
        ours(html, url, fetched_at)
    return (time.perf_counter() - start) / len(pages) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per contender")
    args = parser.parse_args()
    pages = load_pages()
    dom_pages = [p for p in pages if p[3].startswith("dom:")]
    print(f"{len(pages)} article pages ({len(dom_pages)} answered by a layout, the rest by the generic fallback)")
    print(f"cold first pass (ours, fresh caches): {cold_pass(pages):.2f} ms/page")
    sets = [("all reconstructed fixture pages", pages), ("fixture pages answered by a layout", dom_pages)]
    real = load_real_pages()
    if real:
        sets.append(("real captures, old layout, 35-49 KB (../shared/antara-real)", real))
    lines = []
    for label, chosen in sets:
        print(f"{label}: {sum(len(p[0]) for p in chosen) // len(chosen) // 1024} KB a page on average")
        mine = rate("antara_crawler parse+normalize", ours, chosen, args.seconds)
        traf = rate("trafilatura.extract", lambda h, u, f: trafilatura.extract(h, url=u), chosen, args.seconds)
        bare = rate("lxml.html.fromstring (parse only)", lambda h, u, f: lxml.html.fromstring(h), chosen, args.seconds)
        lines.append(
            f"{label}: {mine / traf:5.1f}x trafilatura (target >= 10), bare lxml {bare / mine:4.1f}x ours (target <= 5)"
        )
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
