"""Hostile input, crash and contention cases, each rebuilt from its description and driven through a
real `scrapy crawl` against the local fixture site; each asserts its exact outcome and that the
run's books balance (every URL touched ends in one outcome, nothing lost)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

from antara_crawler.crawl.exitcodes import EXIT_FAILED, EXIT_LOCKED, EXIT_STORE
from crawling import WWW, article_page, crawl, path, redirect, scrapy_command, serve, url
from helpers import ROOT

GOOD_FEED_ITEM = "<item><link>{url}</link><pubDate>Wed, 12 Feb 2025 10:00:00 +0700</pubDate></item>"


def urls_file(tmp_path, ids) -> str:
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(url(i) for i in ids) + "\n", encoding="utf-8")
    return f"urls_file={listed}"


def balanced(run) -> dict:
    last = run.last_run()
    assert last["unaccounted"] is None, last["unaccounted"]
    return last


def jsonld(page: bytes, old: str, new: str) -> bytes:
    assert old.encode() in page, old
    return page.replace(old.encode(), new.encode(), 1)


# D1, D2: one bad article never costs another ------------------------------------------------


def test_bad_text_and_dates_cost_nothing_beside_them(site, tmp_path):
    """120 good articles and three with a lone surrogate escape in JSON-LD (description, keywords,
    author) and one dated 0001-01-01, at the default batch size: all stored, the bad values cleaned
    or distrusted with a warning, nothing rejected, the books balanced."""
    good = list(range(7001, 7121))
    for i in good:
        site.faults[path(i)] = serve(article_page(i, title=f"Berita baik nomor {i}"))
    seed = article_page(7200)
    site.faults[path(7200)] = serve(jsonld(seed, '"description": "Pemerintah', '"description": "\\ud800Pemerintah'))
    site.faults[path(7201)] = serve(jsonld(article_page(7201), '"keywords": "China', '"keywords": "\\udc00China'))
    site.faults[path(7202)] = serve(jsonld(article_page(7202), '"name": "ANTARA"', '"name": "Desk \\ud83d"'))
    site.faults[path(7203)] = serve(article_page(7203, published="0001-01-01T00:00:00+07:00"))
    bad = [7200, 7201, 7202, 7203]
    run = crawl(tmp_path / "a.db", "-a", urls_file(tmp_path, good + bad), "-a", f"mirror={site.base_url}")
    assert run.stored() == {("www", str(i)) for i in good + bad}
    assert run.query("select count(*) from rejects") == [(0,)]
    rows = {r["article_id"]: r for r in run.rows}
    assert rows["7200"]["summary"].startswith("\ufffdPemerintah")
    assert rows["7201"]["tags"][0] == "\ufffdChina"
    assert rows["7203"]["published_at"] is None and rows["7203"]["warnings"][-1].startswith(
        "date before 1996 not trusted"
    )
    assert balanced(run)["new"] == len(good + bad)


def test_broken_structured_data_urls_and_dates_are_read_around(site, tmp_path):
    cases = {
        7301: jsonld(article_page(7301), '"@type": "NewsArticle"', '"@type": {"bad": "object"}, "x": "NewsArticle"'),
        7302: article_page(7302).replace(
            b"</head>", b'<script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000 + b"</script></head>"
        ),
        7303: article_page(7303).replace(
            b'rel="canonical" href="https://www.antaranews.com/berita/7303',
            b'rel="canonical" href="http://[x/berita/7303',
        ),
        7304: jsonld(
            article_page(7304),
            '"url": "https://img.antaranews.com/cache/1200x800/2025/02/12/guo-jiakun.jpg"',
            '"url": "http://[x/foto.jpg"',
        ),
        7305: article_page(7305).replace(
            b"<b>Baca juga:</b> </span>", b'<b>Baca juga:</b> <a href="http://[x/berita/1/y">Rusak</a></span>', 1
        ),
        7306: jsonld(
            article_page(7306), '"datePublished"', '"dateModified": "9999-12-31T23:00-12:00", "datePublished"'
        ),
        7307: jsonld(article_page(7307), '"headline": "China', '"headline": "\\ud800China'),
    }
    for i, page in cases.items():
        site.faults[path(i)] = serve(page)
    run = crawl(tmp_path / "a.db", "-a", urls_file(tmp_path, cases), "-a", f"mirror={site.base_url}")
    assert run.stored() == {("www", str(i)) for i in cases}
    rows = {r["article_id"]: r for r in run.rows}
    assert rows["7303"]["warnings"] == ["canonical link is not a URL: 'http://[x/berita/7303/artikel-7303'"]
    assert rows["7303"]["url"] == url(7303)
    assert (
        rows["7304"]["image_url"] == "https://img.antaranews.com/cache/1200x800/2025/02/12/guo-jiakun.jpg"
    )  # the body's own, not the broken one
    assert rows["7305"]["related"] == []
    assert rows["7306"]["modified_at"] is None and rows["7306"]["warnings"][0].startswith(
        "date in the future not trusted"
    )
    assert rows["7307"]["title"].startswith("\ufffdChina")
    assert balanced(run)["rejected"] == 0


# D3: one bad entry never costs a feed, sitemap or listing its good ones ----------------------


def test_a_bad_entry_costs_its_feed_sitemap_or_listing_nothing(site, tmp_path):
    good = list(range(7401, 7406))
    for i in good:
        site.faults[path(i)] = serve(article_page(i))
    items = "".join(GOOD_FEED_ITEM.format(url=url(i)) for i in good)
    feed = (
        "<rss><channel><item><link>https://[x/berita/1/a</link></item>"
        f"<item><link>{url(7499)}</link><pubDate>Fri, 31 Dec 9999 23:00:00 -1200</pubDate></item>{items}</channel></rss>"
    )
    site.faults["/www.antaranews.com/rss/terkini.xml"] = serve(feed.encode(), "application/rss+xml")
    site.faults[path(7499)] = serve(article_page(7499))
    run = crawl(tmp_path / "a.db", "-a", "sites=www", "-a", "sources=rss", "-a", f"mirror={site.base_url}")
    assert {("www", str(i)) for i in [*good, 7499]} <= run.stored()
    balanced(run)

    sitemap = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{url(i)}</loc><lastmod>2025-02</lastmod></url>" for i in good)
        + "</urlset>"
    )
    site.faults["/www.antaranews.com/sitemap.xml"] = serve(sitemap.encode(), "application/xml")
    run = crawl(
        tmp_path / "b.db",
        "-a",
        "sites=www",
        "-a",
        "sources=sitemap",
        "-a",
        "since=2025-02-01",
        "-a",
        f"mirror={site.base_url}",
    )
    assert run.stored() == {("www", str(i)) for i in good}
    balanced(run)

    cards = '<a href="http://[x/berita/1/a">rusak</a>' + "".join(
        f'<article class="card__post"><h2 class="post_title"><a href="{url(i)}">Berita {i}</a></h2></article>'
        for i in good
    )
    site.faults["/www.antaranews.com/politik"] = serve(f"<html><body>{cards}</body></html>".encode())
    run = crawl(tmp_path / "c.db", "-a", f"listing={WWW}/politik", "-a", "max_pages=1", "-a", f"mirror={site.base_url}")
    assert run.stored() == {("www", str(i)) for i in good}
    balanced(run)


# D4, D5: redirects -----------------------------------------------------------------------------


def test_redirect_loops_are_recorded_and_mirror_runs_stay_on_the_mirror(site, tmp_path):
    site.faults[path(7501)] = redirect(f"{site.base_url}{path(7502)}")  # A → B → A
    site.faults[path(7502)] = redirect(f"{site.base_url}{path(7501)}")
    site.faults[path(7503)] = redirect(f"{site.base_url}{path(7503)}")  # a 301 to itself
    refresh = f'<html><head><meta http-equiv="refresh" content="0;url={site.base_url}{path(7504)}"></head><body></body></html>'
    site.faults[path(7504)] = serve(refresh.encode())  # a meta refresh to itself
    site.faults[path(7505)] = redirect(url(7506))  # an absolute redirect to the live site
    site.faults[path(7506)] = serve(article_page(7506))
    run = crawl(tmp_path / "a.db", "-a", urls_file(tmp_path, [7501, 7503, 7504, 7505]), "-a", f"mirror={site.base_url}")
    rejects = dict(run.query("select url, detail from rejects where reason = 'ignored'"))
    assert set(rejects) == {url(7501), url(7503), url(7504)}
    assert all(d.startswith("redirect loop: ") for d in rejects.values())
    assert f"{path(7501)} -> " in rejects[url(7501)]
    assert run.stored() == {("www", "7506")}  # fetched from the mirror, not from the live host
    assert path(7506) in site.requests
    balanced(run)


# D6, D7: writers wait for each other and never share a store ---------------------------------


def test_a_crawl_waits_for_a_busy_store_and_the_lock_holds_through_a_symlink(site, tmp_path):
    db = tmp_path / "data" / "a.db"
    db.parent.mkdir()
    crawl(db, "-a", f"url={url(4645921)}", "-a", f"mirror={site.base_url}")  # the store exists
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process writes for 2 s
    threading.Timer(2.0, lambda: other.execute("COMMIT")).start()
    for i in range(7601, 7611):
        site.faults[path(i)] = serve(article_page(i))
    run = crawl(db, "-a", urls_file(tmp_path, range(7601, 7611)), "-a", f"mirror={site.base_url}")
    assert len(run.stored()) == 11 and len(run.query("select * from crawl_runs")) == 2
    balanced(run)

    os.symlink(tmp_path / "data", tmp_path / "link")
    site.delay = 0.3
    site.requests.clear()
    first = subprocess.Popen(
        scrapy_command(db, "-a", "sites=www", "-a", f"mirror={site.base_url}"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not site.article_requests() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = crawl(tmp_path / "link" / "a.db", "-a", "sites=www", "-a", f"mirror={site.base_url}", expect=EXIT_LOCKED)
    assert "another run is already writing to this store" in second.log
    reparse = subprocess.run(
        [sys.executable, "-m", "antara_crawler.tools.cli", "reparse", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reparse.returncode == 1 and "another run is already writing to this store" in reparse.stderr
    assert first.wait(timeout=120) == 0


# D8: a killed run's gap is caught up, whatever ran in between ---------------------------------


def publish(site, ids, start: datetime):
    for n, i in enumerate(ids):
        site.publish(url(i), f"Berita {i}", start + timedelta(minutes=n), article_page(i, title=f"Berita {i}"))


def test_a_killed_runs_gap_is_caught_up_after_a_clean_run_in_between(site, tmp_path):
    db = tmp_path / "a.db"
    site.page_size = 20
    site.articles["www.antaranews.com"] = []
    args = ["-a", "sites=www", "-a", "sources=listing", "-a", f"mirror={site.base_url}"]
    publish(site, range(8001, 8101), datetime(2026, 1, 1, tzinfo=UTC))
    first = crawl(db, *args)
    assert len(first.stored()) == 100  # complete: the watermark is the newest id

    publish(site, range(8101, 8201), datetime(2026, 2, 1, tzinfo=UTC))  # 100 new articles
    site.delay = 0.05
    killed = subprocess.Popen(
        scrapy_command(db, *args, "-s", "CONCURRENT_REQUESTS=1", "-s", "ANTARA_DB_BATCH_SIZE=1"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as conn:
            if conn.execute("select count(*) from articles").fetchone()[0] >= 125:
                break
        time.sleep(0.02)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    site.delay = 0
    with sqlite3.connect(db) as conn:
        stored_after_kill = conn.execute("select count(*) from articles").fetchone()[0]
    assert 125 <= stored_after_kill < 200

    crawl(db, "-a", f"url={url(8001)}", "-a", f"mirror={site.base_url}")  # a clean run in between
    caught_up = crawl(db, *args)
    assert len(caught_up.stored()) == 200  # the newest pages were all known: paging went on to the watermark
    assert caught_up.query("select count(*) from article_versions") == [(0,)]
    assert balanced(caught_up)["exit_code"] == 0
    assert caught_up.query("select article_id from discovery_watermarks") == [(8200,)]


# D9, D10: deep and huge pages --------------------------------------------------------------------


def test_deep_and_huge_pages(site, tmp_path):
    words = " ".join(["kata"] * 40)
    fonts = "Jakarta (ANTARA) - Awal berita." + "<font>" * 300 + f"<p>{words}</p>" * 9
    site.faults[path(7701)] = serve(article_page(7701, body=fonts))
    divs = "<div>" * 3000 + f"<p>{words}</p>" + "</div>" * 3000
    site.faults[path(7702)] = serve(article_page(7702, body=divs))
    speech = "Pertemuan itu penting, kata Menteri di Jakarta, Rabu. " * 30000  # ~1.6 MB of text
    site.faults[path(7703)] = serve(article_page(7703, body=f"<p>{speech}</p>"))
    run = crawl(tmp_path / "a.db", "-a", urls_file(tmp_path, [7701, 7702, 7703]), "-a", f"mirror={site.base_url}")
    rows = {r["article_id"]: r for r in run.rows}
    assert rows["7701"]["word_count"] == 2 + 9 * 40  # nothing lost below 300 unclosed tags
    [(reason, detail)] = run.query("select reason, detail from rejects")
    assert reason == "unsupported" and "deeper than 2048 levels" in detail
    assert len(rows["7703"]["date_mentions"]) == 2000 and rows["7703"]["date_mentions"][-1]["warning"].startswith(
        "more than 2000"
    )
    balanced(run)


# D13: one article, one row, whatever the spelling ------------------------------------------------


def test_one_article_under_many_spellings_is_one_row(site, tmp_path):
    page = article_page(7801).replace(
        b'<link rel="canonical" href="https://www.antaranews.com/berita/7801/artikel-7801">', b""
    )
    site.faults["/www.antaranews.com/berita/7801/artikel-7801"] = serve(page)
    site.faults["/www.antaranews.com/berita/07801/artikel-7801"] = serve(page)
    spellings = [
        "https://www.antaranews.com/berita/7801/artikel-7801",
        "http://www.antaranews.com/berita/7801/artikel-7801",
        "https://m.antaranews.com/berita/7801/artikel-7801",
        "https://antaranews.com/berita/7801/lain",
        "https://www.antaranews.com:443/berita/7801/artikel-7801",
        "https://user:pw@www.antaranews.com/berita/7801/x",
        "https://WWW.ANTARANEWS.COM/berita/7801/artikel-7801",
        "https://www.antaranews.com/berita/07801/artikel-7801",
        "https://www.antaranews.com/berita/７８０１/artikel-7801",
        "https://www.antaranews.com/amp/berita/7801/artikel-7801",
        "https://www.antaranews.com/berita/7801/artikel-7801?utm_source=x",
        "https://www.antaranews.com/berita/7801/artikel-7801#top",
    ]
    run = crawl(tmp_path / "a.db", "-a", "url=" + ",".join(spellings), "-a", f"mirror={site.base_url}")
    assert run.query("select site, article_id, url from articles") == [
        ("www", "7801", "https://www.antaranews.com/berita/7801/artikel-7801")
    ]
    assert balanced(run)["skipped"] == len(spellings) - 1  # one request; every other spelling is the same article again

    other = article_page(7802).replace(
        b"berita/7802/artikel-7802", b"berita/4645921/artikel-lain"
    )  # canonical names another article
    site.faults[path(7802)] = serve(other)
    home = article_page(7803).replace(
        b'href="https://www.antaranews.com/berita/7803/artikel-7803"', b'href="https://www.antaranews.com/"', 1
    )
    site.faults[path(7803)] = serve(home)
    run = crawl(tmp_path / "a.db", "-a", f"url={url(7802)},{url(7803)}", "-a", f"mirror={site.base_url}")
    rows = {r["article_id"]: r for r in run.rows}
    assert rows["7802"]["warnings"] == [
        "canonical link names another page: https://www.antaranews.com/berita/4645921/artikel-lain"
    ]
    assert rows["7803"]["warnings"] == ["canonical link names another page: https://www.antaranews.com/"]
    assert run.query("select count(*) from articles where article_id = '4645921'") == [(0,)]  # untouched


# D14: pagination ---------------------------------------------------------------------------------


def test_search_listings_keep_their_query_and_a_listing_that_ignores_pages_stops(site, tmp_path):
    def search(h, attempt):
        page = int((h.path.split("page=")[1:] or ["1"])[0])
        ids = [7900 + page * 2, 7901 + page * 2] if page <= 3 else []
        cards = "".join(
            f'<article class="card__post"><h2 class="post_title"><a href="{url(i)}">{i}</a></h2></article>' for i in ids
        )
        h._send(200, f"<html><body>{cards}</body></html>".encode(), "text/html")

    site.faults["/www.antaranews.com/search"] = search
    for i in range(7902, 7908):
        site.faults[path(i)] = serve(article_page(i))
    run = crawl(tmp_path / "a.db", "-a", f"listing={WWW}/search?q=banjir", "-a", f"mirror={site.base_url}")
    assert len(run.stored()) == 6
    assert "/www.antaranews.com/search?q=banjir&page=3" in site.requests

    same = "".join(
        f'<article class="card__post"><h2 class="post_title"><a href="{url(i)}">{i}</a></h2></article>'
        for i in (7902, 7903)
    )
    site.faults["/www.antaranews.com/ekonomi"] = serve(f"<html><body>{same}</body></html>".encode())
    site.requests.clear()
    run = crawl(tmp_path / "b.db", "-a", f"listing={WWW}/ekonomi", "-a", f"mirror={site.base_url}")
    assert [p for p in site.requests if "ekonomi" in p] == [
        "/www.antaranews.com/ekonomi",
        "/www.antaranews.com/ekonomi?page=2",
    ]
    balanced(run)


# D15, D16: a store that goes away, robots.txt that forbids everything ------------------------------


def test_a_store_replaced_mid_run_fails_loudly(site, tmp_path):
    db = tmp_path / "a.db"
    site.delay = 0.1
    process = subprocess.Popen(
        scrapy_command(
            db,
            "-a",
            "sites=www,en,jatim,mataram",
            "-a",
            f"mirror={site.base_url}",
            "-s",
            "ANTARA_DB_BATCH_SIZE=1",
            "-s",
            "CONCURRENT_REQUESTS=1",
        ),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(site.article_requests()) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    (tmp_path / "garbage").write_bytes(b"not a database" * 1000)
    os.replace(tmp_path / "garbage", db)
    _, log = process.communicate(timeout=120)
    assert process.returncode == EXIT_STORE, log[-2000:]
    assert "the store's file was replaced or removed while it was open" in log and "Traceback" not in log


def test_an_in_memory_store_is_refused_and_robots_forbidding_everything_fails_the_run(site, tmp_path):
    done = subprocess.run(
        scrapy_command(":memory:", "-a", f"url={url(1)}"), cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == EXIT_STORE and "ANTARA_DB=:memory: would keep nothing" in done.stderr

    site.faults["/robots.txt"] = serve(b"User-agent: *\nDisallow: /\n", "text/plain")
    run = crawl(tmp_path / "a.db", "-a", "sites=www", "-a", f"mirror={site.base_url}", expect=EXIT_FAILED)
    last = balanced(run)
    assert last["verdict"].startswith("every request failed or was refused (0 errors, 2 refused")
    args = json.loads(last["args"])
    assert (last["mode"], args["arguments"]) == ("mirror", {"sites": "www", "mirror": site.base_url})
