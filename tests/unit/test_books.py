"""The books: every URL touched ends in exactly one outcome; the sums say so."""

from antara_crawler.books import EXTRA, SETTLED, TOUCHED, UNACCOUNTED, Books, count, key, reason_key, reasons, rejected


def test_a_run_whose_every_url_ended_balances():
    books = Books()
    books.requested("https://www.antaranews.com/rss/terkini.xml", "discovery")
    books.requested("https://www.antaranews.com/berita/1/a")
    books.requested("https://www.antaranews.com/berita/2/b")
    books.skipped("skipped/known")
    books.skipped("skipped/again")
    books.ended("https://www.antaranews.com/rss/terkini.xml", "read")
    books.ended("https://www.antaranews.com/berita/1/a", "stored/new")
    books.ended("https://www.antaranews.com/berita/2/b", "rejected/parse", "parse", "video")
    assert books.balanced
    stats = books.stats()
    assert (stats[TOUCHED], stats[SETTLED], stats[UNACCOUNTED]) == (5, 5, 0)
    assert count(stats, "stored/new", "read") == 2 and rejected(stats) == 1 and rejected(stats, "parse") == 1
    assert reasons(stats, "parse", "video") == 1 and stats[reason_key("parse", "video")] == 1


def test_a_url_without_an_outcome_is_unaccounted():
    books = Books()
    books.requested("https://www.antaranews.com/berita/1/a")
    books.requested("https://www.antaranews.com/berita/2/b")
    books.ended("https://www.antaranews.com/berita/1/a", "stored/new")
    assert not books.balanced
    assert books.stats()[UNACCOUNTED] == 1 and list(books.open) == ["https://www.antaranews.com/berita/2/b"]


def test_a_second_outcome_or_a_second_request_is_counted_as_extra():
    books = Books()
    books.requested("u")
    books.ended("u", "stored/new")
    books.ended("u", "rejected/store", "store", "error: X")
    books.requested("v")
    books.requested("v")
    books.ended("v", "read")
    assert not books.balanced
    assert books.stats()[EXTRA] == 2 and key("rejected/store") not in books.stats()
    assert books.extra == ["rejected/store <u>", "requested twice <v>"]
