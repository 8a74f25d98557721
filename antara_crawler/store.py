"""Stage 4 of the flow: the SQLite store (sqlite-utils). Schema by migrations, idempotent upserts,
a version history for corrected articles, FTS5 over title and body, and the rejects table."""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .items import ARTICLE_FIELDS

KEY = ("site", "article_id")
JSON_FIELDS = ("tags", "reporters", "editors", "related", "date_mentions", "warnings")
migrations = Migrations("antara_crawler")


# The schema as it was first released. Later changes are new migrations, never edits here.
_ARTICLE_COLUMNS = {
    "url": str, "article_id": str, "site": str, "language": str, "title": str, "summary": str, "category": str,
    "tags": str, "published_at": str, "modified_at": str, "dateline": str, "body": str, "reporters": str,
    "editors": str, "image_url": str, "image_caption": str, "related": str, "date_mentions": str,
    "copyright_year": int, "word_count": int, "content_hash": str, "fetched_at": str, "extraction_method": str,
    "parser_version": str, "warnings": str, "published_utc": str, "first_seen": str, "last_seen": str,
}  # fmt: skip


@migrations()
def m001_articles_versions_rejects_pages(db: sqlite_utils.Database) -> None:
    db["articles"].create(_ARTICLE_COLUMNS, pk=KEY, not_null={"url", "title", "body"})
    db["articles"].create_index(["published_utc"])
    db["articles"].create_index(["url"])
    db["articles"].enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db["article_versions"].create({"id": int, "replaced_at": str, **_ARTICLE_COLUMNS}, pk="id")
    db["article_versions"].create_index(["site", "article_id"])
    db["rejects"].create(
        {"id": int, "url": str, "stage": str, "reason": str, "detail": str, "rejected_at": str, "html": bytes, "resolved_at": str},
        pk="id",
    )
    db["rejects"].create_index(["url"])
    # The fetched pages, gzip-compressed, when ANTARA_KEEP_HTML is on: `antara-crawler reparse` input
    db["pages"].create({"site": str, "article_id": str, "url": str, "fetched_at": str, "html": bytes}, pk=KEY)


@migrations()
def m002_crawl_runs(db: sqlite_utils.Database) -> None:
    db["crawl_runs"].create(
        {
            "id": int, "spider": str, "args": str, "pid": int, "started_at": str, "finished_at": str,
            "finish_reason": str, "exit_code": int, "verdict": str, "requests": int, "discovered": int,
            "fetched": int, "new": int, "updated": int, "unchanged": int, "rejected": int, "errors": int,
        },
        pk="id",
    )


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


class ArticleStore:
    """One SQLite file of articles. Safe to reopen: pending migrations run on open."""

    def __init__(self, path: str = "antara.db"):
        self.path = path
        try:
            self.db = sqlite_utils.Database(path)
            if path != ":memory:":
                self.db.enable_wal()  # readers (the spider's seen checks) never block the writer
            self.db.execute("PRAGMA busy_timeout = 10000")
            migrations.apply(self.db)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the article store {path!r}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    def upsert_articles(self, articles: Iterable[dict], keep_html: bool = False) -> UpsertCounts:
        """Store a batch in one transaction. Same article again: one row. Changed text (content_hash):
        the row is updated and the previous version is kept in article_versions. With keep_html, each
        article's fetched page (its raw_html) is kept, compressed, in pages."""
        rows = {(a["site"], a["article_id"]): dict(a) for a in articles}  # last one of a key wins
        counts = UpsertCounts()
        if not rows:
            return counts
        stamp = now()
        try:
            with self.db.atomic():
                existing = self._existing(list(rows))
                for key, row in rows.items():
                    old = existing.get(key)
                    row["last_seen"] = stamp
                    row["first_seen"] = old["first_seen"] if old else stamp
                    if old is None:
                        counts.new += 1
                    elif old["content_hash"] != row["content_hash"]:
                        counts.updated += 1
                        self.db["article_versions"].insert({**old, "replaced_at": stamp}, alter=False)
                    else:
                        counts.unchanged += 1
                self.db["articles"].upsert_all([_to_row(r) for r in rows.values()], pk=KEY)
                if keep_html:
                    pages = [
                        {"site": r["site"], "article_id": r["article_id"], "url": r["url"], "fetched_at": r["fetched_at"], "html": gzip.compress(r["raw_html"])}
                        for r in rows.values() if r.get("raw_html")
                    ]
                    self.db["pages"].upsert_all(pages, pk=KEY)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the article store {self.path!r}: {exc}") from exc
        return counts

    def _existing(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        found = {}
        for start in range(0, len(keys), 400):  # stay under SQLite's bound-parameter limit
            chunk = keys[start : start + 400]
            where = " or ".join("(site = ? and article_id = ?)" for _ in chunk)
            params = [v for key in chunk for v in key]
            for row in self.db.query(f"select * from articles where {where}", params):
                found[(row["site"], row["article_id"])] = row
        return found

    def seen(self, site: str, article_id: str) -> dict | None:
        """The stored article's publication time (UTC) and last_seen, or None if it is not stored."""
        rows = self.db.execute(
            "select published_utc, last_seen from articles where site = ? and article_id = ?", [site, article_id]
        ).fetchall()
        return {"published_utc": rows[0][0], "last_seen": rows[0][1]} if rows else None

    def add_reject(self, url: str, stage: str, reason: str, detail: str | None = None, html: bytes | None = None) -> None:
        """Record a dropped page or item; its fetched HTML, if given, is kept gzip-compressed for reparse."""
        try:
            with self.db.atomic():
                self.db["rejects"].insert(
                    {"url": url, "stage": stage, "reason": reason, "detail": detail, "rejected_at": now(),
                     "html": gzip.compress(html) if html else None}
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the article store {self.path!r}: {exc}") from exc

    def start_run(self, spider: str, args: str, pid: int) -> int:
        with self.db.atomic():
            return self.db["crawl_runs"].insert({"spider": spider, "args": args, "pid": pid, "started_at": now()}).last_pk

    def finish_run(self, run_id: int, **outcome) -> None:
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, {"finished_at": now(), **outcome})

    def previous_run_failed(self, current_pid: int) -> bool:
        """Did the last run before this process's own end badly (killed, interrupted, failed)?"""
        rows = self.db.execute("select pid, finished_at, exit_code from crawl_runs order by id desc limit 2").fetchall()
        if rows and rows[0][0] == current_pid and rows[0][1] is None:
            rows = rows[1:]  # this run's own row
        return bool(rows) and (rows[0][1] is None or rows[0][2] != 0)

    def runs(self) -> list[dict]:
        return list(self.db["crawl_runs"].rows_where(order_by="id"))

    def count(self, table: str = "articles") -> int:
        return self.db[table].count

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Full-text search over title and body (FTS5 syntax), best match first."""
        return [_from_row(r) for r in self.db["articles"].search(query, limit=limit, columns=ARTICLE_FIELDS)]

    def articles(self, since: str | None = None, until: str | None = None, site: str | None = None) -> Iterator[dict]:
        """Stored articles in publication order, as published items. `since`/`until` are ISO dates (the
        article's local date, both ends inclusive) or times with an offset (since inclusive, until not)."""
        where, params = [], []
        for value, date_op, time_op in ((since, ">=", ">="), (until, "<=", "<")):
            if value:
                condition, param = _bound(value, date_op, time_op)
                where.append(condition)
                params.append(param)
        if site:
            where.append("site = ?")
            params.append(site)
        sql = f"select {', '.join(ARTICLE_FIELDS)} from articles"
        if where:
            sql += " where " + " and ".join(where)
        for row in self.db.query(sql + " order by published_utc, site, article_id", params):
            yield _from_row(row)

    def versions(self, site: str, article_id: str) -> list[dict]:
        return list(self.db["article_versions"].rows_where("site = ? and article_id = ?", [site, article_id], order_by="id"))

    def rejects(self, stage: str | None = None, include_resolved: bool = False) -> list[dict]:
        """Recorded rejects, oldest first, without their HTML (has_html says whether it was kept)."""
        where = [] if include_resolved else ["resolved_at is null"]
        params = []
        if stage:
            where.append("stage = ?")
            params.append(stage)
        sql = "select id, url, stage, reason, detail, rejected_at, resolved_at, html is not null as has_html from rejects"
        sql += (" where " + " and ".join(where) if where else "") + " order by id"
        return [dict(r) | {"has_html": bool(r["has_html"])} for r in self.db.query(sql, params)]

    def kept_html(self, source: str) -> Iterator[tuple[int | tuple, str, str, bytes]]:
        """(id, url, fetched_at, html) of kept pages: 'rejects' (unresolved, with HTML) or 'pages'."""
        if source == "rejects":
            sql = "select id, url, rejected_at, html from rejects where html is not null and resolved_at is null order by id"
            for row in self.db.query(sql):
                yield row["id"], row["url"], row["rejected_at"], gzip.decompress(row["html"])
        else:
            for row in self.db.query("select site, article_id, url, fetched_at, html from pages order by site, article_id"):
                yield (row["site"], row["article_id"]), row["url"], row["fetched_at"], gzip.decompress(row["html"])

    def resolve_reject(self, reject_id: int) -> None:
        with self.db.atomic():
            self.db["rejects"].update(reject_id, {"resolved_at": now()})


def utc(iso: str | None) -> str | None:
    """An ISO 8601 time with offset as UTC (what sorts and compares correctly across WIB/WITA/WIT)."""
    if not iso:
        return None
    value = datetime.fromisoformat(iso)
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")


def _bound(value: str, date_op: str, time_op: str) -> tuple[str, str]:
    """A since/until condition: a bare date compares with the article's local date, a time with UTC."""
    if len(value) == 10:
        return f"substr(published_at, 1, 10) {date_op} ?", value
    return f"published_utc {time_op} ?", utc(value)


def _to_row(article: dict) -> dict:
    row = {k: (json.dumps(article.get(k), ensure_ascii=False) if k in JSON_FIELDS else article.get(k)) for k in ARTICLE_FIELDS}
    row["published_utc"] = utc(article.get("published_at"))
    row.update({k: article[k] for k in ("first_seen", "last_seen") if k in article})
    return row


def _from_row(row: dict) -> dict:
    return {k: (json.loads(row[k]) if k in JSON_FIELDS and row[k] is not None else row.get(k)) for k in ARTICLE_FIELDS}
