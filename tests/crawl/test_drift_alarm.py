"""Drift alarms (health.py) on real crawls of the local fixture site: a healthy run stays ok; a
layout change or a feed that empties makes the run degraded (exit 6), and `antara-crawler health`
says why."""

import json

from click.testing import CliRunner

from antara_crawler.crawl.exitcodes import EXIT_DEGRADED
from antara_crawler.tools.cli import cli
from crawling import crawl, serve
from helpers import fixtures

CURRENT_BODY = b"wrap__article-detail-content"


def health(db):
    return CliRunner().invoke(cli, ["health", "--db", str(db)])


def test_a_healthy_run_is_ok_and_says_how_it_read_each_site(site, tmp_path):
    run = crawl(tmp_path / "a.db", "-a", "sites=www,mataram", "-a", f"mirror={site.base_url}")
    report = health(run.db)
    assert report.exit_code == 0, report.output
    assert "no alarms" in report.output and "www:" in report.output and "dom:current-2019" in report.output
    assert "source https://www.antaranews.com/rss/terkini.xml: " in report.output
    [(stored,)] = run.query("select health from crawl_runs")
    assert json.loads(stored)["alarms"] == []


def test_a_renamed_body_container_makes_the_run_degraded(site, tmp_path):
    db = tmp_path / "a.db"
    crawl(db, "-a", "sites=www", "-a", f"mirror={site.base_url}")  # a healthy run first
    changed = 0
    for saved in fixtures():
        body = saved.path.read_bytes()
        if saved.url.startswith("https://www.antaranews.com/berita/") and CURRENT_BODY in body:
            site.replace_page(saved.url, body.replace(CURRENT_BODY, b"article-body-v2"))
            changed += 1
    assert changed >= 3
    run = crawl(db, "-a", "sites=www", "-a", f"mirror={site.base_url}", "-a", "refresh=10000d", expect=EXIT_DEGRADED)
    [(verdict,)] = run.query("select verdict from crawl_runs order by id desc limit 1")
    assert verdict.startswith("degraded: www: ") and "generic extractor" in verdict
    report = health(db)
    assert (
        report.exit_code == EXIT_DEGRADED
        and "ALARM www: " in report.output
        and "has the layout changed?" in report.output
    )


def test_a_feed_with_no_items_makes_the_run_degraded(site, tmp_path):
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>ANTARA</title></channel></rss>'
    site.faults["/www.antaranews.com/rss/terkini.xml"] = serve(empty, "application/rss+xml")
    run = crawl(tmp_path / "a.db", "-a", "sites=www", "-a", f"mirror={site.base_url}", expect=EXIT_DEGRADED)
    [(verdict,)] = run.query("select verdict from crawl_runs")
    assert (
        verdict
        == "degraded: https://www.antaranews.com/rss/terkini.xml gave no links: has the feed or listing changed?"
    )
    assert len(run.stored()) > 0  # the listing still found the articles: stored, and the run says what drifted
