"""The SQLite store: a real file, migrations, idempotent upserts, history, FTS, rejects, batching."""

import sqlite3
from dataclasses import asdict

import pytest

from antara_crawler.items import ARTICLE_FIELDS
from antara_crawler.normalize import build_article
from antara_crawler.parsing import parse_page
from antara_crawler.store import ArticleStore, StoreError, migrations
from conftest import fixture_meta, fixture_pages


def fixture_articles() -> list[dict]:
    found = []
    for page in fixture_pages():
        meta = fixture_meta(page)
        raw = parse_page(page.read_bytes(), meta["url"], meta["fetched_at"])
        if raw.kind == "article":
            found.append(asdict(build_article(raw)))
    return found


@pytest.fixture
def store(tmp_path):
    s = ArticleStore(str(tmp_path / "antara.db"))
    yield s
    s.close()


def test_schema_comes_from_migrations_and_reopening_is_safe(tmp_path):
    path = str(tmp_path / "a.db")
    ArticleStore(path).close()
    again = ArticleStore(path)
    assert [m.name for m in migrations.applied(again.db)] == ["m001_articles_versions_rejects_pages", "m002_crawl_runs"]
    assert {"articles", "article_versions", "rejects", "articles_fts", "crawl_runs", "pages"} <= set(again.db.table_names())
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upsert_is_idempotent(store):
    articles = fixture_articles()
    assert store.upsert_articles(articles).new == len(articles)
    counts = store.upsert_articles(articles)
    assert (counts.new, counts.updated, counts.unchanged) == (0, 0, len(articles))
    assert store.count() == len(articles)
    assert store.count("article_versions") == 0


def test_same_article_under_another_slug_is_one_row(store):
    [first, *_] = fixture_articles()
    other = {**first, "url": first["url"] + "-judul-diubah"}
    store.upsert_articles([first])
    store.upsert_articles([other])
    assert store.count() == 1
    assert next(store.articles())["url"] == other["url"]


def test_changed_text_updates_and_keeps_history(store):
    [first, *_] = fixture_articles()
    store.upsert_articles([first])
    corrected = {**first, "body": first["body"] + "\n\nRalat: angka diperbaiki.", "content_hash": "changed"}
    counts = store.upsert_articles([corrected])
    assert (counts.new, counts.updated) == (0, 1)
    assert next(store.articles())["body"].endswith("Ralat: angka diperbaiki.")
    [old] = store.versions(first["site"], first["article_id"])
    assert old["body"] == first["body"] and old["content_hash"] == first["content_hash"]
    assert store.search("Ralat")  # the FTS index follows the update


def test_fts_finds_title_and_body_words(store):
    store.upsert_articles(fixture_articles())
    assert [h["title"] for h in store.search("vulkanik")] == ["Bandara Lombok kembali dibuka setelah abu vulkanik menipis"]
    assert [h["article_id"] for h in store.search("kakao")] == ["823456"]
    assert store.search("tidakadakatainidimanapun") == []


def test_lists_round_trip_as_lists(store):
    articles = fixture_articles()
    store.upsert_articles(articles)
    stored = {a["article_id"]: a for a in store.articles()}
    for article in articles:
        assert stored[article["article_id"]] == {k: article[k] for k in ARTICLE_FIELDS}


def test_export_filters(store):
    store.upsert_articles(fixture_articles())
    assert [a["site"] for a in store.articles(site="papua")] == ["papua"]
    window = [a["published_at"][:10] for a in store.articles(since="2025-02-01", until="2025-03-19", site="www")]
    assert window == ["2025-02-12", "2025-03-19"]  # until is a date: its whole day counts
    # times compare as instants across zones: 07:30 WITA is 06:30 WIB
    later = [a["published_at"] for a in store.articles(since="2025-03-10T06:30:00+07:00", until="2025-03-28T14:00:00+07:00")]
    assert later == ["2025-03-10T07:30:00+08:00", "2025-03-19T15:02:11+07:00"]  # until a time: not inclusive
    assert all(a["published_at"] >= "2026" for a in store.articles(since="2026-01-01"))


def test_sql_looking_text_is_stored_verbatim(store):
    [first, *_] = fixture_articles()
    nasty = {**first, "title": "'); DROP TABLE articles; --", "body": "x' OR '1'='1"}
    store.upsert_articles([nasty])
    assert next(store.articles())["title"] == "'); DROP TABLE articles; --"
    store.add_reject("https://www.antaranews.com/berita/1/'--", "parse", "Robert'); DROP TABLE rejects;--")
    assert store.rejects()[0]["reason"] == "Robert'); DROP TABLE rejects;--"


def test_rejects_are_recorded(store):
    store.add_reject("https://www.antaranews.com/video/1/x", "parse", "video", "a video page")
    [row] = store.rejects()
    assert (row["url"], row["stage"], row["reason"], row["detail"]) == ("https://www.antaranews.com/video/1/x", "parse", "video", "a video page")
    assert row["rejected_at"]


def test_a_batch_is_one_transaction(store):
    commits = []
    store.db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None)
    store.upsert_articles(fixture_articles())
    assert len(commits) == 1


def test_a_failed_batch_leaves_nothing_half_written(store):
    articles = fixture_articles()
    broken = {**articles[-1], "title": None}  # NOT NULL: the whole batch must roll back
    with pytest.raises(StoreError, match="cannot write"):
        store.upsert_articles([*articles[:-1], broken])
    assert store.count() == 0


def test_unwritable_path_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the article store"):
        ArticleStore(str(tmp_path / "no" / "such" / "dir" / "a.db"))


def test_corrupt_file_is_a_clear_error(tmp_path):
    path = tmp_path / "a.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="a.db"):
        ArticleStore(str(path))
    assert isinstance(StoreError("x"), RuntimeError) and not isinstance(StoreError("x"), sqlite3.Error)
