"""The SQLite store: a real file, migrations, idempotent upserts, history, FTS, rejects, batches that
cost a bad article only itself."""

import dataclasses
from datetime import UTC, datetime

import pytest

from antara_crawler.items import Article, Reject, article_record
from antara_crawler.parsing.page import PageInput
from antara_crawler.process import process_page
from antara_crawler.store import ArticleStore, StoreError, db_path, migrations
from antara_crawler.window import Window
from helpers import fixtures


def fixture_articles() -> list[Article]:
    return [r for r in (process_page(s.page_input()) for s in fixtures()) if isinstance(r, Article)]


@pytest.fixture
def store(tmp_path):
    s = ArticleStore(str(tmp_path / "antara.db"))
    yield s
    s.close()


def test_schema_comes_from_migrations_and_reopening_is_safe(tmp_path):
    path = str(tmp_path / "a.db")
    ArticleStore(path).close()
    again = ArticleStore(path)
    assert [m.name for m in migrations.applied(again.db)] == [
        "m001_articles_versions_rejects_pages",
        "m002_crawl_runs",
        "m003_page_headers_and_books",
        "m004_discovery_watermarks",
        "m005_translators_and_image_credit",
        "m006_one_reject_row_per_page_and_reason",
        "m007_row_hash_and_fts_on_text_only",
        "m008_warc_files_and_sources",
        "m009_run_health",
        "m010_ingested_batches",
    ]
    assert {"articles", "article_versions", "rejects", "articles_fts", "crawl_runs", "pages"} <= set(
        again.db.table_names()
    )
    assert "content_type" in again.db["rejects"].columns_dict and "unaccounted" in again.db["crawl_runs"].columns_dict
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upsert_is_idempotent(store):
    articles = fixture_articles()
    assert store.store_articles(articles) == ["new"] * len(articles)
    assert store.store_articles(articles) == ["unchanged"] * len(articles)
    assert store.count() == len(articles)
    assert store.count("article_versions") == 0


def fts_segments(store) -> int:
    return store.db.execute("select count(*) from articles_fts_data").fetchone()[0]


def test_an_unchanged_article_stored_again_touches_only_its_times(store):
    articles = fixture_articles()
    store.store_articles(articles)
    before = {r["article_id"]: r for r in store.db["articles"].rows}
    segments = fts_segments(store)
    again = [dataclasses.replace(a, fetched_at="2031-01-01T00:00:00+00:00") for a in articles]
    assert store.store_articles(again) == ["unchanged"] * len(articles)
    assert fts_segments(store) == segments  # the full-text index was not rewritten
    for row in store.db["articles"].rows:
        old = before[row["article_id"]]
        assert row["fetched_at"] == "2031-01-01T00:00:00+00:00" and row["last_seen"] >= old["last_seen"]
        assert {k: v for k, v in row.items() if k not in ("fetched_at", "last_seen")} == {
            k: v for k, v in old.items() if k not in ("fetched_at", "last_seen")
        }


def test_a_changed_field_outside_the_text_is_written_without_a_version(store):
    [first, *_] = fixture_articles()
    store.store_articles([first])
    segments = fts_segments(store)
    retagged = dataclasses.replace(first, tags=[*first.tags, "tag baru"])
    assert store.store_articles([retagged]) == ["unchanged"]
    assert next(store.articles())["tags"][-1] == "tag baru"
    assert store.count("article_versions") == 0 and fts_segments(store) == segments
    retitled = dataclasses.replace(first, title="Judul yang diperbaiki redaksi")
    store.store_articles([retitled])
    assert [h["article_id"] for h in store.search("diperbaiki redaksi")] == [first.article_id]


def test_rows_stored_before_row_hashes_are_rewritten_once(store):
    articles = fixture_articles()
    store.store_articles(articles)
    store.db.execute("update articles set row_hash = null")
    assert store.store_articles(articles) == ["unchanged"] * len(articles)
    assert store.db.execute("select count(*) from articles where row_hash is null").fetchone()[0] == 0


def test_same_article_under_another_slug_is_one_row(store):
    [first, *_] = fixture_articles()
    other = dataclasses.replace(first, url=first.url + "-judul-diubah")
    assert store.store_articles([first]) == ["new"]
    assert store.store_articles([other]) == ["unchanged"]
    assert store.count() == 1
    assert next(store.articles())["url"] == other.url


def test_the_same_article_twice_in_one_batch(store):
    [first, *_] = fixture_articles()
    corrected = dataclasses.replace(first, body=first.body + "\n\nRalat.", content_hash="changed")
    assert store.store_articles([first, corrected]) == ["new", "updated"]
    assert store.count() == 1 and next(store.articles())["body"].endswith("Ralat.")
    [old] = store.versions(first.site, first.article_id)
    assert old["body"] == first.body


def test_changed_text_updates_and_keeps_history(store):
    [first, *_] = fixture_articles()
    store.store_articles([first])
    corrected = dataclasses.replace(first, body=first.body + "\n\nRalat: angka diperbaiki.", content_hash="changed")
    assert store.store_articles([corrected]) == ["updated"]
    assert next(store.articles())["body"].endswith("Ralat: angka diperbaiki.")
    [old] = store.versions(first.site, first.article_id)
    assert old["body"] == first.body and old["content_hash"] == first.content_hash
    assert store.search("Ralat")  # the FTS index follows the update


def test_fts_finds_title_and_body_words(store):
    store.store_articles(fixture_articles())
    assert [h["title"] for h in store.search("vulkanik")] == [
        "Bandara Lombok kembali dibuka setelah abu vulkanik menipis"
    ]
    assert [h["article_id"] for h in store.search("kakao")] == ["823456"]
    assert store.search("tidakadakatainidimanapun") == []


def test_lists_round_trip_as_lists(store):
    articles = fixture_articles()
    store.store_articles(articles)
    stored = {(a["site"], a["article_id"]): a for a in store.articles()}
    for article in articles:
        assert stored[(article.site, article.article_id)] == article_record(article)


def test_export_windows(store):
    store.store_articles(fixture_articles())
    now = datetime(2026, 11, 27, tzinfo=UTC)
    assert [a["site"] for a in store.articles(site="papua")] == ["papua"]
    window = [a["published_at"][:10] for a in store.articles(Window.parse("2025-02-01", "2025-03-19", now), site="www")]
    assert window == ["2025-02-12", "2025-03-19"]  # until is a date: its whole day counts
    # times compare as instants across zones: 07:30 WITA is 06:30 WIB
    later = [
        a["published_at"]
        for a in store.articles(Window.parse("2025-03-10T06:30:00+07:00", "2025-03-28T14:00:00+07:00", now))
    ]
    assert later == ["2025-03-10T07:30:00+08:00", "2025-03-19T15:02:11+07:00"]  # until a time: not inclusive
    recent = list(store.articles(Window.parse("400d", None, now)))  # durations, as the crawl's window reads them
    assert recent and all(a["published_at"] >= "2025-10-23" for a in recent)
    assert all(a["published_at"] >= "2026" for a in store.articles(Window.parse("2026-01-01", None, now)))


def test_sql_looking_text_is_stored_verbatim(store):
    [first, *_] = fixture_articles()
    store.store_articles([dataclasses.replace(first, title="'); DROP TABLE articles; --", body="x' OR '1'='1")])
    assert next(store.articles())["title"] == "'); DROP TABLE articles; --"
    store.add_reject(Reject("https://www.antaranews.com/berita/1/'--", "parse", "Robert'); DROP TABLE rejects;--"))
    assert store.rejects()[0]["reason"] == "Robert'); DROP TABLE rejects;--"


def test_rejects_are_recorded_with_their_page(store):
    page = PageInput(
        "https://www.antaranews.com/video/1/x",
        b"<html>video</html>",
        "2026-01-01T00:00:00+00:00",
        {"content-type": "text/html; charset=cp1252"},
    )
    store.add_reject(Reject(page.url, "parse", "video", "a video page", page))
    [row] = store.rejects()
    assert (row["url"], row["stage"], row["reason"], row["detail"], row["has_html"]) == (
        page.url,
        "parse",
        "video",
        "a video page",
        True,
    )
    [(_, kept)] = list(store.kept_pages("rejects"))
    assert (kept.body, kept.content_type, kept.url) == (page.body, "text/html; charset=cp1252", page.url)


def test_a_batch_is_one_transaction(store):
    commits = []
    store.db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None)
    store.store_articles(fixture_articles())
    assert len(commits) == 1


def test_a_bad_article_costs_only_itself(store):
    """A batch the database refuses is retried article by article: the others are stored, the bad one
    is an error outcome (the pipeline records it as a store reject)."""
    articles = fixture_articles()
    broken = dataclasses.replace(articles[3], title=None)  # NOT NULL
    outcomes = store.store_articles([*articles[:3], broken, *articles[4:]])
    assert outcomes[3].startswith("error: IntegrityError") and outcomes[:3] + outcomes[4:] == ["new"] * (
        len(articles) - 1
    )
    assert store.count() == len(articles) - 1


def test_a_database_that_fails_for_everything_raises(tmp_path):
    path = tmp_path / "a.db"
    store = ArticleStore(str(path))
    store.db.execute("PRAGMA query_only = 1")  # every write fails, whatever the article
    with pytest.raises(StoreError, match="cannot write to the article store"):
        store.store_articles(fixture_articles()[:2])
    store.close()


def test_unwritable_path_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the article store"):
        ArticleStore(str(tmp_path / "no" / "such" / "dir" / "a.db"))


def test_corrupt_file_is_a_clear_error(tmp_path):
    path = tmp_path / "a.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"cannot open the article store .*a\.db.*not a database"):
        ArticleStore(str(path))


def test_the_store_path_has_one_default_and_one_setting(monkeypatch):
    monkeypatch.delenv("ANTARA_DB", raising=False)
    assert db_path({}) == "antara.db"
    monkeypatch.setenv("ANTARA_DB", "/srv/x.db")
    assert db_path({}) == "/srv/x.db"
    assert db_path({"ANTARA_DB": "/tmp/y.db"}) == "/tmp/y.db"  # the setting wins over the environment


def test_a_busy_store_is_waited_for_not_failed(tmp_path):
    """Writers take the write lock up front (BEGIN IMMEDIATE): while another process holds it, a
    write waits (busy_timeout) and succeeds when it is released."""
    import sqlite3
    import threading
    import time

    path = str(tmp_path / "a.db")
    ArticleStore(path).close()
    other = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: other.execute("COMMIT")).start()
    store = ArticleStore(path)
    started = time.monotonic()
    assert store.store_articles(fixture_articles()[:3]) == ["new"] * 3
    run_id = store.start_run("antara", {}, 1)  # the start-of-run record waits the same way
    assert time.monotonic() - started >= 0.9 and run_id == 1
    other.execute("BEGIN IMMEDIATE")
    impatient = ArticleStore(path, busy_timeout=0.2)
    with pytest.raises(StoreError, match="database is locked"):
        impatient.store_articles(fixture_articles()[:1])
    other.execute("ROLLBACK")


@pytest.mark.parametrize("damage", ["replaced", "removed", "truncated"])
def test_a_store_file_replaced_or_cut_short_under_a_run_is_noticed(tmp_path, damage):
    import os

    path = tmp_path / "a.db"
    store = ArticleStore(str(path))
    assert store.store_articles(fixture_articles()[:3]) == ["new"] * 3
    if damage == "replaced":
        (tmp_path / "garbage").write_bytes(b"not a database" * 1000)
        os.replace(tmp_path / "garbage", path)
    elif damage == "removed":
        path.unlink()
    else:
        with open(path, "r+b") as file:
            file.truncate(1024)
    with pytest.raises(StoreError, match=r"replaced or removed|shrank"):
        store.store_articles(fixture_articles()[3:5])


def test_an_older_capture_never_replaces_the_stored_article(store):
    [first, *_] = fixture_articles()
    store.store_articles([first])
    older = dataclasses.replace(
        first, fetched_at="2001-01-01T00:00:00+00:00", body=first.body + " Versi lama.", content_hash="older"
    )
    assert store.store_articles([older]) == ["history"]
    assert store.store_articles([older]) == ["unchanged"]  # the history has it already
    assert next(store.articles())["body"] == first.body
    [kept] = store.versions(first.site, first.article_id)
    assert kept["content_hash"] == "older" and kept["fetched_at"] == "2001-01-01T00:00:00+00:00"
    same = dataclasses.replace(first, fetched_at="2001-01-01T00:00:00+00:00")
    assert store.store_articles([same]) == ["unchanged"]
    assert next(store.articles())["fetched_at"] == first.fetched_at  # an older fetch never moves it back


def test_a_batch_stored_with_its_id_is_stored_once_and_says_what_it_did_then(store):
    first, second = fixture_articles()[:2]
    assert store.store_articles([first, second], batch="b1") == ["new", "new"]
    assert store.store_articles([first, second], batch="b1") == ["new", "new"]  # again: what it did then
    assert store.store_articles([first, second], batch="b2") == ["unchanged", "unchanged"]
    assert store.count() == 2 and store.batch_outcomes("b1") == ["new", "new"]
