"""The item pipelines, built from the project's settings with their crawler: process, window, store;
every page ends in one outcome in the run's books, whatever fails."""

import asyncio
import inspect
import sqlite3

import pytest
from scrapy.exceptions import DropItem

import antara_crawler.process
from antara_crawler.crawl.extensions import RunRecord
from antara_crawler.crawl.pipelines import ProcessPipeline, StorePipeline, WindowPipeline
from antara_crawler.items import Article, Reject
from antara_crawler.parsing.page import PageInput
from helpers import SEED, fixtures, make_crawler

ARTICLES = [s for s in fixtures() if "rejected" not in s.meta["expected"]]


def result(value):
    """A pipeline's answer: its coroutine's, run to the end, or the value itself."""
    return asyncio.run(value) if inspect.iscoroutine(value) else value


class Run:
    """The pipelines of one crawler, and its books; items go through them as Scrapy sends them."""

    def __init__(self, tmp_path, settings=None, **spider_args):
        self.db = tmp_path / "a.db"
        # parsed in this process (monkeypatches reach it); the worker processes have tests of their own
        settings = {"ANTARA_DB": str(self.db), "ANTARA_PARSE_WORKERS": 0, **(settings or {})}
        self.crawler = make_crawler(settings, **spider_args)
        self.books = next(e for e in self.crawler.extensions.middlewares if isinstance(e, RunRecord)).books
        self.pipelines = [cls.from_crawler(self.crawler) for cls in (ProcessPipeline, WindowPipeline, StorePipeline)]
        self.store = self.pipelines[2]
        self.store.open_spider()

    def send(self, item, asked_for: str):
        self.books.requested(asked_for)
        try:
            for pipeline in self.pipelines:
                item = result(pipeline.process_item(item))
        except DropItem:
            return None
        return item

    def close(self):
        self.store.close_spider()

    def query(self, sql):
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()


def page_of(saved) -> PageInput:
    page = saved.page_input()
    page.requested_url = saved.url
    return page


def test_pages_become_stored_articles_and_rejects(tmp_path):
    run = Run(tmp_path, {"ANTARA_DB_BATCH_SIZE": 5})
    for saved in fixtures():
        run.send(page_of(saved), saved.url)
    assert run.query("select count(*) from articles") == [(len(ARTICLES) // 5 * 5,)]  # whole batches only, so far
    run.close()
    assert run.query("select count(*) from articles") == [(len(ARTICLES),)]
    assert sorted(r for (r,) in run.query("select reason from rejects")) == ["not_article", "not_found", "video"]
    assert run.books.balanced and run.books.counts["antara/books/stored/new"] == len(ARTICLES)
    assert run.crawler.stats.get_value("antara/extraction/dom:current-2019") >= 8


def test_a_reject_never_reaches_a_feed(tmp_path):
    run = Run(tmp_path)
    assert (
        run.send(
            Reject("https://www.antaranews.com/berita/1/x", "fetch", "gone", "HTTP 404"),
            "https://www.antaranews.com/berita/1/x",
        )
        is None
    )
    assert run.query("select url, stage, reason from rejects") == [
        ("https://www.antaranews.com/berita/1/x", "fetch", "gone")
    ]
    assert run.books.balanced and run.books.counts["antara/books/rejected/fetch"] == 1


def test_an_ignored_request_is_its_own_outcome(tmp_path):
    run = Run(tmp_path)
    run.send(
        Reject("https://www.antaranews.com/berita/1/x", "fetch", "ignored", "Forbidden by robots.txt"),
        "https://www.antaranews.com/berita/1/x",
    )
    assert run.books.counts["antara/books/ignored"] == 1 and run.books.balanced


def test_articles_outside_the_window_are_skipped(tmp_path):
    run = Run(tmp_path, since="2025-03-01", until="2025-03-31")
    kept = [run.send(page_of(s), s.url) for s in ARTICLES]
    run.close()
    stored = {a.published_at[:7] for a in kept if isinstance(a, Article)}
    assert stored == {"2025-03"}
    assert run.books.counts["antara/books/skipped/outside_window"] == len(ARTICLES) - len([a for a in kept if a])
    assert run.books.balanced


@pytest.mark.parametrize(
    "stage, target", [("parse", "parse_page"), ("normalize", "build_article"), ("validate", "problems")]
)
def test_an_exception_in_one_page_costs_only_that_page(tmp_path, monkeypatch, stage, target):
    original = getattr(antara_crawler.process, target)
    victim = ARTICLES[2].url

    def sometimes_broken(arg):
        url = arg.url if hasattr(arg, "url") else ""
        if url == victim or getattr(getattr(arg, "page", None), "url", None) == victim:
            raise KeyError(f"injected into {stage}")
        return original(arg)

    monkeypatch.setattr(antara_crawler.process, target, sometimes_broken)
    run = Run(tmp_path, {"ANTARA_DB_BATCH_SIZE": 50})
    for saved in ARTICLES:
        run.send(page_of(saved), saved.url)
    run.close()
    assert run.query("select count(*) from articles") == [(len(ARTICLES) - 1,)]
    [(url, got_stage, reason, detail)] = run.query("select url, stage, reason, detail from rejects")
    assert (url, got_stage, reason) == (victim, stage, "error: KeyError") and "injected into" in detail
    assert run.books.balanced


def test_an_article_the_database_refuses_costs_only_itself(tmp_path):
    """A lone surrogate (from a JSON-LD escape) cannot be encoded for SQLite: that article is a store
    reject, the rest of its batch is stored."""
    run = Run(tmp_path, {"ANTARA_DB_BATCH_SIZE": 50})
    outputs = [run.send(page_of(s), s.url) for s in ARTICLES]
    outputs[1].summary = "bad \ud800 text"
    run.close()
    assert run.query("select count(*) from articles") == [(len(ARTICLES) - 1,)]
    [(stage, reason)] = run.query("select stage, reason from rejects")
    assert stage == "store" and reason.startswith("error: UnicodeEncodeError")
    assert run.books.balanced and run.books.counts["antara/books/rejected/store"] == 1


def test_a_failing_store_stops_the_run_and_keeps_the_batch_pending(tmp_path):
    run = Run(tmp_path, {"ANTARA_DB_BATCH_SIZE": 2})
    run.store.store.db.execute("PRAGMA query_only = 1")
    run.send(page_of(ARTICLES[0]), ARTICLES[0].url)
    run.send(page_of(ARTICLES[1]), ARTICLES[1].url)
    assert run.store.failed and len(run.store.pending) == 2
    assert "cannot write to the article store" in run.crawler.stats.get_value("antara/store/error")
    assert not run.books.balanced  # the run is stopped (exit 5); the next one fetches them again


def test_other_items_pass_through(tmp_path):
    run = Run(tmp_path)
    assert result(run.pipelines[0].process_item({"x": 1})) == {"x": 1}
    assert isinstance(
        result(
            run.pipelines[0].process_item(
                PageInput("https://www.antaranews.com/berita/4645921/x", SEED.read_bytes(), "2026-01-01T00:00:00+00:00")
            )
        ),
        Article,
    )
