"""The store at 100k articles: insert, re-store unchanged, search, export, each beside the plainest
SQLite code doing the same work on the same schema (no hashing, no history, no JSON decoding)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from antara_crawler.exports import export
from antara_crawler.items import Article
from antara_crawler.process import process_page
from antara_crawler.saved_pages import saved_pages
from antara_crawler.store import ArticleStore, _to_row

from .common import ROOT, Row

BATCH = 50  # the crawl's ANTARA_DB_BATCH_SIZE
WORDS = ["banjir", "pemilu", "inflasi", "vulkanik", "kereta cepat", "harga cabai", "Jakarta", "ekspor nikel"]


def articles(count: int) -> list[Article]:
    """count distinct articles made from the reviewed fixtures (their text, a new id and title each)."""
    inputs = [s.page_input() for s in saved_pages(ROOT / "fixtures") if "expected" in s.meta]
    found = [r for r in map(process_page, inputs) if isinstance(r, Article)]
    made = []
    for n in range(count):
        base = found[n % len(found)]
        made.append(
            dataclasses.replace(
                base,
                article_id=str(5_000_000 + n),
                url=f"https://{base.site}.antaranews.com/berita/{5_000_000 + n}/artikel-{n}",
                title=f"{base.title} {n}",
                content_hash=f"{base.content_hash[:48]}{n:016d}",
            )
        )
    return made


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def rows(quick: bool = False) -> list[Row]:
    count = 10_000 if quick else 100_000
    made = articles(count)
    batches = [made[i : i + BATCH] for i in range(0, count, BATCH)]
    with tempfile.TemporaryDirectory() as name:
        ours_db, plain_db = Path(name, "ours.db"), Path(name, "plain.db")
        store = ArticleStore(str(ours_db))
        ArticleStore(str(plain_db)).close()  # the same schema, tables, indexes and FTS triggers
        plain = sqlite3.connect(plain_db, isolation_level=None)
        plain.execute("PRAGMA journal_mode = wal")
        table_rows = [_to_row(a) for a in made]
        columns = list(table_rows[0])
        insert = f"insert into articles ({', '.join(columns)}) values ({', '.join('?' * len(columns))})"
        values = [[r[c] for c in columns] for r in table_rows]

        def plain_batches(sql: str, params: list) -> None:
            for i in range(0, len(params), BATCH):
                plain.execute("begin immediate")
                plain.executemany(sql, params[i : i + BATCH])
                plain.execute("commit")

        results = []
        ours_insert = seconds(lambda: [store.store_articles(b) for b in batches])
        plain_insert = seconds(lambda: plain_batches(insert, values))
        results.append(("insert", ours_insert, plain_insert, "executemany INSERT, same batches"))

        before = size(ours_db)
        again = [[dataclasses.replace(a, fetched_at="2030-01-01T00:00:00+00:00") for a in b] for b in batches]
        ours_refresh = seconds(lambda: [store.store_articles(b) for b in again])
        grew = size(ours_db) - before
        stamps = [("2030-01-01T00:00:00+00:00", a.site, a.article_id) for a in made]
        plain_refresh = seconds(
            lambda: plain_batches("update articles set last_seen = ? where site = ? and article_id = ?", stamps)
        )
        results.append(("re-store unchanged", ours_refresh, plain_refresh, "last_seen-only UPDATE, same batches"))

        queries = WORDS * (5 if quick else 25)
        ours_search = seconds(lambda: [store.search(q) for q in queries]) / len(queries)
        fts = "select rowid from articles_fts where articles_fts match ? order by rank limit 20"
        plain_search = seconds(lambda: [plain.execute(fts, [json.dumps(q)]).fetchall() for q in queries]) / len(queries)
        results.append(("search, 20 hits", ours_search, plain_search, "FTS5 MATCH, rowids only"))

        out = Path(name, "out.jsonl")
        ours_export = seconds(lambda: export(store, str(out)))

        def plain_export() -> None:
            with open(Path(name, "plain.jsonl"), "w", encoding="utf-8") as f:
                cursor = plain.execute("select * from articles order by published_utc")
                names = [d[0] for d in cursor.description]
                for row in cursor:
                    f.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n")

        plain_export_s = seconds(plain_export)
        results.append(("export JSON Lines", ours_export, plain_export_s, "SELECT * + json.dumps per row"))
        store.close()
        plain.close()
    found = []
    for what, ours, anchor, how in results:
        unit = "ms" if what.startswith("search") else "s"
        scale = 1000 if unit == "ms" else 1
        goal, met = ("<= 1.2x", ours / anchor <= 1.2) if what == "re-store unchanged" else ("(measured)", None)
        found.append(
            Row(
                f"store {count:,} articles: {what}",
                f"{ours * scale:.2f} {unit}"
                + (f", file +{grew / 2**20:.1f} MB" if what.startswith("re-store") else ""),
                f"{how} {anchor * scale:.2f} {unit}",
                [ours / anchor],
                goal,
                met,
            )
        )
    return found
