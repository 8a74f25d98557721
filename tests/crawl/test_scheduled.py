"""Scheduled incremental runs, date-window backfills, JOBDIR resume, the run lock and exit codes:
real `scrapy crawl` processes against the local fixture site (several ANTARA sites)."""

import signal
import subprocess
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from antara_crawler.crawl.exitcodes import EXIT_FAILED, EXIT_LOCKED
from crawling import crawl, fixture_articles, in_window, keys, scrapy_command, store_state
from helpers import ROOT

SITES = "www,en,jatim,mataram"
HOSTS = {
    "www": "www.antaranews.com",
    "en": "en.antaranews.com",
    "jatim": "jatim.antaranews.com",
    "mataram": "mataram.antaranews.com",
}
LISTING_PATH = {"www": "/terkini", "en": "/latest-news", "jatim": "/terkini", "mataram": "/terkini"}


def test_two_scheduled_runs_then_a_refresh_after_a_correction(site, tmp_path):
    db = tmp_path / "antara.db"
    args = ["-a", f"sites={SITES}", "-a", f"mirror={site.base_url}"]

    first = crawl(db, *args)
    assert first.stored() == keys(fixture_articles(set(HOSTS)))
    assert len(first.stored()) == 33

    site.requests.clear()
    second = crawl(db, *args)
    assert site.article_requests() == []  # no article page fetched again
    assert len(site.requests) < 10  # robots.txt, one feed and one listing page per site
    [run] = second.query("select new, fetched, updated, exit_code from crawl_runs where id = 2")
    assert run == (0, 0, 0, 0)

    newest = site.articles["www.antaranews.com"][0]
    page = site.pages[next(k for k in site.pages if newest.url.split("/")[4] in k)].path.read_bytes()
    corrected = page.replace(b"selama tiga hari.", b"selama empat hari (ralat).")
    assert corrected != page
    site.replace_page(newest.url, corrected)
    days = (datetime.now(UTC) - newest.published).days + 1  # refresh exactly the newest article
    site.requests.clear()
    third = crawl(db, *args, "-a", f"refresh={days}d")
    assert len(site.article_requests()) == 1
    assert third.query("select new, updated, unchanged from crawl_runs where id = 3") == [(0, 1, 0)]
    [(versions,)] = third.query("select count(*) from article_versions")
    assert versions == 1
    [(body,)] = third.query(
        "select body from articles where site = 'www' and article_id = ?", [newest.url.split("/")[4]]
    )
    assert "selama empat hari (ralat)." in body
    assert third.query("select count(*) from articles") == [(33,)]


def listing_pages(site, name: str) -> set[int]:
    prefix = f"/{HOSTS[name]}{LISTING_PATH[name]}"
    return {int(p.rpartition("page=")[2]) if "page=" in p else 1 for p in site.requests if p.startswith(prefix)}


def pages_until_stop(site, name: str, since: date) -> int:
    """The page after which a backfill must stop: the first whose cards are all older than the window
    (by more than the one-day slack the spider allows for card times)."""
    entries = site.articles[HOSTS[name]]
    chunks = [entries[i : i + site.page_size] for i in range(0, len(entries), site.page_size)]
    for number, chunk in enumerate(chunks, start=1):
        if all((e.published + timedelta(days=1)).date() < since for e in chunk):
            return number
    return len(chunks)


def test_date_window_backfill_stores_the_window_and_stops_paging_early(site, tmp_path):
    since, until = date(2025, 2, 1), date(2025, 3, 31)
    run = crawl(
        tmp_path / "a.db",
        "-a",
        f"sites={SITES}",
        "-a",
        "sources=listing",
        "-a",
        f"since={since}",
        "-a",
        f"until={until}",
        "-a",
        f"mirror={site.base_url}",
    )
    expected = [a for a in fixture_articles(set(HOSTS)) if in_window(a, since, until)]
    assert run.stored() == keys(expected)
    assert {a["site"] for a in expected} == set(HOSTS)  # every site has articles in the window
    skipped = 0
    for name, host in HOSTS.items():
        total_pages = -(-len(site.articles[host]) // site.page_size)
        stop = pages_until_stop(site, name, since)
        assert listing_pages(site, name) == set(range(1, stop + 1)), name  # not one page (nor the empty one) more
        skipped += stop < total_pages
    assert skipped >= 3  # www, en and jatim have whole pages of older articles that were never asked for
    fetched = len(site.article_requests())
    assert fetched < sum(len(v) for v in site.articles.values() if v)  # cards outside the window were not fetched


def test_relative_window_and_sitemaps(site, tmp_path):
    """sitemap discovery (robots.txt → Sitemap: → urlset) with a relative window that opens
    before the newest www article."""
    newest = site.articles["www.antaranews.com"][0].published
    days = (datetime.now(UTC) - newest).days + 2
    run = crawl(
        tmp_path / "a.db",
        "-a",
        "sites=www",
        "-a",
        "sources=sitemap",
        "-a",
        f"since={days}d",
        "-a",
        f"mirror={site.base_url}",
    )
    www = fixture_articles({"www"})
    cutoff = datetime.now(UTC) - timedelta(days=days)
    assert run.stored() == keys([a for a in www if datetime.fromisoformat(a["published_at"]) >= cutoff])
    assert "/www.antaranews.com/robots.txt" in site.requests and "/www.antaranews.com/sitemap.xml" in site.requests


def test_jobdir_backfill_killed_and_resumed(site, tmp_path):
    db, job = tmp_path / "a.db", tmp_path / "job"
    args = [
        "-a",
        f"sites={SITES}",
        "-a",
        "sources=listing",
        "-a",
        "since=2024-01-01",
        "-a",
        f"mirror={site.base_url}",
        "-s",
        f"JOBDIR={job}",
        "-s",
        "CONCURRENT_REQUESTS=1",
        "-s",
        "ANTARA_DB_BATCH_SIZE=2",
    ]
    expected = keys([a for a in fixture_articles(set(HOSTS)) if a["published_at"] >= "2024-01-01"])
    site.delay = 0.2
    process = subprocess.Popen(scrapy_command(db, *args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(site.article_requests()) < 10 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the crawl ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    integrity, killed = store_state(db)
    assert integrity == "ok" and 0 < killed < len(expected)

    site.delay = 0
    resumed = crawl(db, *args)
    assert resumed.stored() == expected  # nothing missing
    assert resumed.query("select count(*) from articles") == [(len(expected),)]  # nothing twice
    assert resumed.query("PRAGMA integrity_check") == [("ok",)]


def test_two_runs_started_together(site, tmp_path):
    db = tmp_path / "a.db"
    args = ["-a", "sites=www", "-a", f"mirror={site.base_url}"]
    site.delay = 0.3
    first = subprocess.Popen(
        scrapy_command(db, *args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while not site.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    second = crawl(db, *args, expect=EXIT_LOCKED)
    assert "another run is already writing to this store" in second.log
    assert f"pid {first.pid}" in second.log
    _, log = first.communicate(timeout=120)
    assert first.returncode == 0, log[-3000:]
    runs = second.query("select exit_code from crawl_runs")
    assert runs == [(0,)]  # the refused run did not even open the store for writing


def test_a_run_where_every_request_fails_exits_non_zero(tmp_path):
    import socket

    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = crawl(
        tmp_path / "a.db",
        "-a",
        "sites=www",
        "-a",
        f"mirror=http://127.0.0.1:{port}",
        "-s",
        "RETRY_TIMES=1",
        "-s",
        "ROBOTSTXT_OBEY=0",
        expect=EXIT_FAILED,
    )
    [(code, verdict, errors)] = run.query("select exit_code, verdict, errors from crawl_runs")
    assert code == EXIT_FAILED and verdict.startswith("every request failed") and errors == 2


def test_a_run_where_most_pages_do_not_parse_exits_non_zero(site, tmp_path):
    """What a layout change looks like: pages arrive, but no layer finds an article in them."""
    for entry in site.articles["www.antaranews.com"]:
        site.replace_page(
            entry.url, b"<html><head><title>x</title></head><body><div class='redesign'></div></body></html>"
        )
    run = crawl(tmp_path / "a.db", "-a", "sites=www", "-a", f"mirror={site.base_url}", expect=EXIT_FAILED)
    [(verdict, fetched, rejected)] = run.query("select verdict, fetched, rejected from crawl_runs")
    assert "has the layout changed?" in verdict
    assert fetched == rejected == 12


@pytest.mark.parametrize("value", ["relative", "2025-02-01", "2025-02-01T08:00:00+07:00"])
def test_window_arguments_of_every_form_store_exactly_the_window(value, site, tmp_path):
    if value == "relative":  # back to 40 days before the newest www article, whatever today is
        value = f"{(datetime.now(UTC) - site.articles['www.antaranews.com'][0].published).days + 40}d"
    run = crawl(
        tmp_path / "a.db",
        "-a",
        "sites=www",
        "-a",
        f"since={value}",
        "-a",
        "sources=rss",
        "-a",
        f"mirror={site.base_url}",
    )
    since = (
        datetime.now(UTC) - timedelta(days=int(value[:-1]))
        if value.endswith("d")
        else datetime.fromisoformat(value if "T" in value else value + "T00:00:00+07:00")
    )
    www = fixture_articles({"www"})
    assert run.stored() == keys([a for a in www if datetime.fromisoformat(a["published_at"]) >= since])
    assert 0 < len(run.stored()) < len(www)  # the window cut something and kept something
    assert run.last_run()["exit_code"] == 0
