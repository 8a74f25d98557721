"""The run's record: its crawl_runs row, its books, its verdict."""

import json

from antara_crawler.crawl import signals as antara_signals
from antara_crawler.crawl.exitcodes import EXIT_FAILED, EXIT_OK
from antara_crawler.crawl.extensions import RunRecord
from antara_crawler.store import ArticleStore
from helpers import make_crawler


def record_of(tmp_path, **spider_args):
    crawler = make_crawler({"ANTARA_DB": str(tmp_path / "a.db")}, **spider_args)
    record = next(e for e in crawler.extensions.middlewares if isinstance(e, RunRecord))
    return crawler, record


def finish(crawler, record):
    record.spider_opened(crawler.spider)
    send = crawler.signals.send_catch_log
    send(antara_signals.url_requested, url="https://www.antaranews.com/rss/terkini.xml", kind="discovery")
    send(antara_signals.url_requested, url="https://www.antaranews.com/berita/1/a", kind="article")
    send(antara_signals.url_requested, url="https://www.antaranews.com/berita/2/b", kind="article")
    send(antara_signals.url_skipped, url="https://www.antaranews.com/berita/3/c", outcome="skipped/known")
    send(antara_signals.url_ended, url="https://www.antaranews.com/rss/terkini.xml", outcome="read")
    send(antara_signals.url_ended, url="https://www.antaranews.com/berita/1/a", outcome="stored/new")
    return send


def test_a_balanced_run_is_recorded_with_its_arguments_and_counts(tmp_path):
    crawler, record = record_of(tmp_path, sites="www", since="2025-01-01")
    send = finish(crawler, record)
    send(
        antara_signals.url_ended,
        url="https://www.antaranews.com/berita/2/b",
        outcome="rejected/parse",
        stage="parse",
        reason="video",
    )
    crawler.stats.set_value("finish_reason", "finished")
    record.spider_closed(crawler.spider, "finished")
    [run] = ArticleStore(str(tmp_path / "a.db")).runs()
    args = json.loads(run["args"])  # JSON, once: the mode, every argument, the settings that change behaviour
    assert (run["mode"], args["mode"], args["arguments"]) == ("live", "live", {"sites": "www", "since": "2025-01-01"})
    assert args["settings"]["ANTARA_DB"] == str(tmp_path / "a.db") and args["settings"]["ROBOTSTXT_OBEY"] is True
    assert (run["exit_code"], run["verdict"], run["new"], run["rejected"], run["skipped"], run["unaccounted"]) == (
        EXIT_OK,
        "ok",
        1,
        1,
        1,
        None,
    )
    assert crawler.stats.get_value("antara/books/touched") == 4 == crawler.stats.get_value("antara/books/settled")


def test_a_url_without_an_outcome_fails_the_run_and_is_named(tmp_path):
    crawler, record = record_of(tmp_path)
    finish(crawler, record)
    crawler.stats.set_value("finish_reason", "finished")
    record.spider_closed(crawler.spider, "finished")
    [run] = ArticleStore(str(tmp_path / "a.db")).runs()
    assert run["exit_code"] == EXIT_FAILED and run["verdict"].startswith("the books do not balance")
    assert json.loads(run["unaccounted"]) == ["https://www.antaranews.com/berita/2/b"]
    assert crawler.stats.get_value("antara/run/exit_code") == EXIT_FAILED
