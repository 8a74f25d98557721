"""End-to-end properties: generated batches of hostile pages (structured data, dates and zones, URLs,
nesting, encodings) beside good ones, served by the local site and crawled for real. Whatever the
batch: the books balance, every page ends in exactly one recorded outcome, and no good article beside
a bad one is lost. A few examples per run keep CI well inside its time."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antara_crawler.crawl.exitcodes import EXIT_FAILED, EXIT_OK
from crawling import article_page, crawl, path, serve, url


def jsonld(page: bytes, old: str, new: str) -> bytes:
    return page.replace(old.encode(), new.encode(), 1)


MUTATIONS = {
    "ld type object": lambda p: jsonld(p, '"@type": "NewsArticle"', '"@type": {"x": 1}, "y": "NewsArticle"'),
    "ld lone surrogate": lambda p: jsonld(p, '"headline": "', '"headline": "\\udfff'),
    "ld nested": lambda p: p.replace(
        b"</head>", b'<script type="application/ld+json">' + b"[" * 30000 + b"]" * 30000 + b"</script></head>"
    ),
    "ld number date": lambda p: jsonld(
        p, '"datePublished": "2025-02-12T17:26:00+07:00"', '"datePublished": 1739355960'
    ),
    "date 9999": lambda p: jsonld(p, "2025-02-12T17:26:00+07:00", "9999-12-31T23:00:00-12:00"),
    "date 0001": lambda p: jsonld(p, "2025-02-12T17:26:00+07:00", "0001-01-01T00:00:00+07:00"),
    "date in UTC text": lambda p: jsonld(p, "Rabu, 12 Februari 2025 17:26 WIB", "Rabu, 12 Februari 2025 10:26 UTC"),
    "canonical not a URL": lambda p: p.replace(
        b'rel="canonical" href="https://', b'rel="canonical" href="http://[x', 1
    ),
    "canonical elsewhere": lambda p: p.replace(
        b'rel="canonical" href="https://www.antaranews.com/berita/',
        b'rel="canonical" href="https://www.antaranews.com/berita/1',
        1,
    ),
    "image not a URL": lambda p: jsonld(p, '"url": "https://img.antaranews.com', '"url": "http://[x'),
    "read-also not a URL": lambda p: p.replace(
        b"<b>Baca juga:</b> </span>", b'<b>Baca juga:</b> <a href="http://[x/1">x</a></span>', 1
    ),
    "cp1252 bytes": lambda p: p.decode("utf-8").replace("China tanggapi", "Kafé “kutip”").encode("cp1252", "replace"),
    "utf-16": lambda p: p.decode("utf-8").replace('<meta charset="utf-8">', "").encode("utf-16"),
    "nul bytes": lambda p: p.replace(b"Pemerintah China", b"Pemerintah\x00 China"),
    "control characters": lambda p: jsonld(p, '"headline": "', '"headline": "\\u0007\\u2028'),
    "truncated": lambda p: p[: len(p) // 2],
    "empty": lambda p: b"",
    "not html": lambda p: b"%PDF-1.4\n" + bytes(range(256)) * 20,
    "deep nesting": lambda p: p.replace(b"Beijing (ANTARA) -", b"<div>" * 3000 + b"Beijing (ANTARA) -", 1),
    "unclosed tags": lambda p: p.replace(b"Beijing (ANTARA) -", b"<font>" * 400 + b"Beijing (ANTARA) -", 1),
}


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    bad=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=3, max_size=8), good=st.integers(min_value=2, max_value=5)
)
def test_a_hostile_batch_balances_its_books_and_loses_no_good_article(site, bad, good):
    site.faults.clear()
    pages = {}
    for n, mutation in enumerate(bad):
        pages[9600 + n] = MUTATIONS[mutation](article_page(9600 + n))
    for n in range(good):
        pages[9700 + n] = article_page(9700 + n, title=f"Berita baik {n}")
    for article_id, body in pages.items():
        site.faults[path(article_id)] = serve(body)
    with tempfile.TemporaryDirectory() as folder:
        listed = Path(folder) / "urls.txt"
        listed.write_text("\n".join(url(i) for i in pages), encoding="utf-8")
        run = crawl(Path(folder) / "a.db", "-a", f"urls_file={listed}", "-a", f"mirror={site.base_url}", expect=None)
        last = run.last_run()
        assert last["unaccounted"] is None and last["exit_code"] in (EXIT_OK, EXIT_FAILED), last
        assert last["exit_code"] == EXIT_OK or "could not be parsed" in last["verdict"]
        stored = {int(i) for _, i in run.stored()}
        rejected = [u for (u,) in run.query("select url from rejects")]
        assert {9700 + n for n in range(good)} <= stored  # no good article lost beside the bad ones
        assert len(stored) + len(rejected) == len(pages)  # every page one outcome, none twice
        assert not stored & {int(u.split("/")[4]) for u in rejected}
