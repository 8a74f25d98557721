"""Stage 4 of the flow: the SQLite store (sqlite-utils). Schema by migrations, idempotent upserts,
a version history for corrected articles, FTS5 over title and body, rejects and the run record."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .items import ARTICLE_FIELDS, Article, Reject, article_record
from .parsing.page import PageInput
from .window import Window

DEFAULT_DB = "antara.db"  # the store's one default name: the ANTARA_DB setting and every --db
KEY = ("site", "article_id")
JSON_FIELDS = ("tags", "reporters", "editors", "translators", "related", "date_mentions", "warnings")
migrations = Migrations("antara_crawler")
# What article_versions keeps of a replaced row (its own id and replaced_at aside)
VERSIONED_COLUMNS = (*ARTICLE_FIELDS, "published_utc", "first_seen", "last_seen", "row_hash", "source")


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
    db.table("articles").create(_ARTICLE_COLUMNS, pk=KEY, not_null={"url", "title", "body"})
    db.table("articles").create_index(["published_utc"])
    db.table("articles").create_index(["url"])
    db.table("articles").enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.table("article_versions").create({"id": int, "replaced_at": str, **_ARTICLE_COLUMNS}, pk="id")
    db.table("article_versions").create_index(["site", "article_id"])
    db.table("rejects").create(
        {
            "id": int,
            "url": str,
            "stage": str,
            "reason": str,
            "detail": str,
            "rejected_at": str,
            "html": bytes,
            "resolved_at": str,
        },
        pk="id",
    )
    db.table("rejects").create_index(["url"])
    # The fetched pages, gzip-compressed, when ANTARA_KEEP_HTML is on: `antara-crawler reparse` input
    db.table("pages").create({"site": str, "article_id": str, "url": str, "fetched_at": str, "html": bytes}, pk=KEY)


@migrations()
def m002_crawl_runs(db: sqlite_utils.Database) -> None:
    db.table("crawl_runs").create(
        {
            "id": int,
            "spider": str,
            "args": str,
            "pid": int,
            "started_at": str,
            "finished_at": str,
            "finish_reason": str,
            "exit_code": int,
            "verdict": str,
            "requests": int,
            "discovered": int,
            "fetched": int,
            "new": int,
            "updated": int,
            "unchanged": int,
            "rejected": int,
            "errors": int,
        },
        pk="id",
    )


@migrations()
def m003_page_headers_and_books(db: sqlite_utils.Database) -> None:
    """Kept pages keep their Content-Type (decoding needs it); a run's record keeps its books."""
    db.table("rejects").add_column("content_type", str)
    db.table("pages").add_column("content_type", str)
    for column, kind in (("skipped", int), ("ignored", int), ("unaccounted", str)):
        db.table("crawl_runs").add_column(column, kind)


def _text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


@migrations()
def m004_discovery_watermarks(db: sqlite_utils.Database) -> None:
    """Per listing source, the newest article id a completed run paged down from: below it, every
    article was reached by some completed run. A killed or failed run never moves it, so the next run
    pages past stored articles until it reaches it again (catching up the gap)."""
    db.table("discovery_watermarks").create(
        {"source": str, "site": str, "article_id": int, "run_id": int, "updated_at": str}, pk="source"
    )


@migrations()
def m005_translators_and_image_credit(db: sqlite_utils.Database) -> None:
    for table in ("articles", "article_versions"):
        db.table(table).add_column("translators", str)
        db.table(table).add_column("image_credit", str)


@migrations()
def m006_one_reject_row_per_page_and_reason(db: sqlite_utils.Database) -> None:
    """A page rejected again for the same reason is one row with a count and the last time, not a
    row per run; a run's record says how it fetched (live, mirror, replay, archive)."""
    db.table("rejects").add_column("count", int, not_null_default=1)
    db.table("rejects").add_column("last_seen", str)
    db.execute("update rejects set last_seen = rejected_at")
    db.execute(
        """with groups as (
             select min(id) as keep, count(*) as n, max(rejected_at) as latest from rejects
             where resolved_at is null group by url, stage, reason having count(*) > 1
           )
           update rejects set count = (select n from groups where keep = rejects.id),
                              last_seen = (select latest from groups where keep = rejects.id)
           where id in (select keep from groups)"""
    )
    db.execute(
        """delete from rejects where resolved_at is null and id not in
           (select min(id) from rejects where resolved_at is null group by url, stage, reason)"""
    )
    db.execute("create unique index rejects_open on rejects (url, stage, reason) where resolved_at is null")
    db.table("crawl_runs").add_column("mode", str)


@migrations()
def m007_row_hash_and_fts_on_text_only(db: sqlite_utils.Database) -> None:
    """A stored article keeps a hash of everything it publishes, so re-storing an unchanged article
    is a one-column UPDATE; the full-text index is rewritten only when the title or body changes."""
    for table in ("articles", "article_versions"):
        db.table(table).add_column("row_hash", str)
    db.execute("drop trigger if exists articles_au")
    db.execute(
        """create trigger articles_au after update of title, body on articles
           when old.title is not new.title or old.body is not new.body begin
             insert into articles_fts (articles_fts, rowid, title, body) values ('delete', old.rowid, old.title, old.body);
             insert into articles_fts (rowid, title, body) values (new.rowid, new.title, new.body);
           end"""
    )


@migrations()
def m008_warc_files_and_sources(db: sqlite_utils.Database) -> None:
    """A run's record lists the WARC files it wrote; an article says where its stored text came from
    (a WARC record, `file#offset`, for an import; empty for a crawl)."""
    db.table("crawl_runs").add_column("warc_files", str)
    for table in ("articles", "article_versions"):
        db.table(table).add_column("source", str)


@migrations()
def m009_run_health(db: sqlite_utils.Database) -> None:
    """A run's health (health.py): its articles measured per site, its sources' links, its alarms."""
    db.table("crawl_runs").add_column("health", str)


@migrations()
def m010_ingested_batches(db: sqlite_utils.Database) -> None:
    """The distributed writer's batches, each stored once: a batch id and its outcomes, written in the
    transaction that stored it, so a batch stored again after a crash returns what it did then."""
    db.table("ingested_batches").create({"batch": str, "outcomes": str, "stored_at": str}, pk="batch")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


# What one article can cause (bad text, a value SQLite cannot hold), as opposed to the database
# failing for every article (full disk, I/O error, read-only file, corrupt file)
_ITEM_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError, TypeError, OverflowError)


class ArticleStore:
    """One SQLite file of articles. Safe to reopen: pending migrations run on open."""

    def __init__(self, path: str = DEFAULT_DB, busy_timeout: float = 10.0):
        self.path = path
        try:
            self.db = sqlite_utils.Database(path)
            # One text column another tool wrote as bytes that are not UTF-8 must not stop a read or an export
            self.db.conn.text_factory = _text
            if path != ":memory:":
                self.db.enable_wal()  # readers (the spider's seen checks) never block the writer
            self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            migrations.apply(self.db)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the article store {path!r}: {exc}") from exc
        self.file = self._file_state()

    def _file_state(self) -> tuple[int, int, int] | None:
        """(device, inode, size) of the store's file, to notice it replaced or cut short under us."""
        if self.path == ":memory:":
            return None
        try:
            found = os.stat(self.path)
        except OSError:
            return (0, 0, 0)
        return found.st_dev, found.st_ino, found.st_size

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction that takes the write lock up front (BEGIN IMMEDIATE): a store another
        process is writing is waited for (busy_timeout), not failed at the first write. Before it
        starts, the file must still be the one opened and no shorter than this process left it."""
        if self.file is not None:
            now = self._file_state()
            assert now is not None
            if now[:2] != self.file[:2]:
                raise sqlite3.DatabaseError("the store's file was replaced or removed while it was open")
            if now[2] < self.file[2]:
                raise sqlite3.DatabaseError(
                    f"the store's file shrank from {self.file[2]} to {now[2]} bytes while it was open"
                )
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        self.file = self._file_state()

    @classmethod
    def from_settings(cls, settings: Any) -> ArticleStore:
        return cls(db_path(settings))

    def close(self) -> None:
        self.db.close()

    def _failed(self, exc: BaseException) -> StoreError:
        return StoreError(f"cannot write to the article store {self.path!r}: {exc}")

    # Articles --------------------------------------------------------------------------------

    def store_articles(self, articles: list[Article], keep_html: bool = False, batch: str | None = None) -> list[str]:
        """Store a batch in one transaction; one outcome per article, in order: "new", "updated",
        "unchanged", or "error: ..." for an article the database would not take. When the batch
        fails, each article is tried alone, so a bad article costs only itself. The same article
        again is one row; a changed text (content_hash) updates the row and keeps the previous
        version in article_versions. With a batch id, a batch stored before is not stored again: its
        outcomes then are returned. Raises StoreError when the database itself fails."""
        if not articles:
            return []
        try:
            if batch is not None and (done := self.batch_outcomes(batch)) is not None:
                return done
            return self._write(articles, keep_html, batch)
        except _ITEM_ERRORS:
            pass
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc
        outcomes = []
        for article in articles:
            try:
                outcomes += self._write([article], keep_html)
            except _ITEM_ERRORS as exc:
                outcomes.append(f"error: {type(exc).__name__}: {str(exc)[:300]}")
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc
        if batch is not None:
            try:
                with self.transaction():
                    self._batch_done(batch, outcomes)
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc
        return outcomes

    def batch_outcomes(self, batch: str) -> list[str] | None:
        rows = self.db.execute("select outcomes from ingested_batches where batch = ?", [batch]).fetchall()
        return json.loads(rows[0][0]) if rows else None

    def _batch_done(self, batch: str, outcomes: list[str]) -> None:
        self.db.execute(
            "insert into ingested_batches (batch, outcomes, stored_at) values (?, ?, ?)",
            [batch, json.dumps(outcomes), now()],
        )

    def _write(self, articles: list[Article], keep_html: bool, batch: str | None = None) -> list[str]:
        """Three ways to write a row, cheapest first: an article whose every published field is as
        stored (row_hash) gets only last_seen and fetched_at; a changed text (content_hash) keeps the
        stored row in article_versions first; anything else is replaced in place. A capture older than
        the stored one (an import, a replay) never replaces it: a text the history lacks joins it."""
        stamp = now()
        outcomes = []
        seen_again, versions, changed, history = [], [], [], []
        with self.transaction():
            existing = self._existing(list({(a.site, a.article_id) for a in articles}))
            for article in articles:
                key = (article.site, article.article_id)
                old = existing.get(key)
                digest = row_hash(article)
                if old is not None and _older(article.fetched_at, old["fetched_at"]):
                    known = old["content_hash"] == article.content_hash or self._in_history(key, article.content_hash)
                    outcomes.append("unchanged" if known else "history")
                    if not known:
                        history.append({**_to_row(article, digest), "replaced_at": old["fetched_at"]})
                    continue
                if old is None:
                    outcomes.append("new")
                elif old["content_hash"] != article.content_hash:
                    outcomes.append("updated")
                    versions.append(old)
                else:
                    outcomes.append("unchanged")
                    if old["row_hash"] == digest:
                        seen_again.append((stamp, article.fetched_at, *key))
                        continue
                row = _to_row(article, digest)
                row["last_seen"] = stamp
                row["first_seen"] = old["first_seen"] if old else stamp
                changed.append(row)
                # the same article twice in a batch: the second compares with the first
                existing[key] = {"rowid": None, **row}
            conn = self.db.conn
            if history:
                self.db.table("article_versions").insert_all(
                    [{k: row.get(k) for k in ("replaced_at", *VERSIONED_COLUMNS)} for row in history]
                )
            if versions:
                columns = ", ".join(VERSIONED_COLUMNS)
                conn.executemany(
                    f"insert into article_versions (replaced_at, {columns}) select ?, {columns} from articles where rowid = ?",
                    [(stamp, old["rowid"]) for old in versions if old["rowid"] is not None],
                )
                # a text replaced within this batch was never stored: its version is the row itself
                earlier = [{k: old[k] for k in VERSIONED_COLUMNS} for old in versions if old["rowid"] is None]
                self.db.table("article_versions").insert_all([{"replaced_at": stamp, **r} for r in earlier])
            if seen_again:
                conn.executemany(
                    "update articles set last_seen = ?, fetched_at = ? where site = ? and article_id = ?", seen_again
                )
            if changed:
                self.db.table("articles").upsert_all(changed, pk=KEY)
            if keep_html:
                self.db.table("pages").upsert_all([_page_row(a) for a in articles if a.page is not None], pk=KEY)
            if batch is not None:
                self._batch_done(batch, outcomes)
        return outcomes

    def _existing(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        """What a write compares with: the stored rows' hashes and first_seen, by key."""
        found = {}
        for start in range(0, len(keys), 400):  # stay under SQLite's bound-parameter limit
            chunk = keys[start : start + 400]
            where = " or ".join("(site = ? and article_id = ?)" for _ in chunk)
            params = [v for key in chunk for v in key]
            sql = f"select rowid, site, article_id, first_seen, content_hash, row_hash, fetched_at from articles where {where}"
            for rowid, site, article_id, first_seen, content_hash, digest, fetched_at in self.db.execute(sql, params):
                found[(site, article_id)] = {
                    "rowid": rowid, "first_seen": first_seen, "content_hash": content_hash, "row_hash": digest,
                    "fetched_at": fetched_at,
                }  # fmt: skip
        return found

    def _in_history(self, key: tuple[str, str], content_hash: str) -> bool:
        sql = "select 1 from article_versions where site = ? and article_id = ? and content_hash = ? limit 1"
        return bool(self.db.execute(sql, [*key, content_hash]).fetchall())

    def seen(self, site: str, article_id: str) -> dict | None:
        """The stored article's publication time (UTC) and last_seen, or None if it is not stored."""
        rows = self.db.execute(
            "select published_utc, last_seen from articles where site = ? and article_id = ?", [site, article_id]
        ).fetchall()
        return {"published_utc": rows[0][0], "last_seen": rows[0][1]} if rows else None

    def count(self, table: str = "articles") -> int:
        return self.db[table].count

    def search(
        self,
        query: str,
        limit: int = 20,
        site: str | None = None,
        window: Window | None = None,
        fts: bool = False,
        mark: tuple[str, str] = ("«", "»"),
    ) -> list[dict]:
        """Full-text search over title and body, best match first (FTS5's bm25 rank). The words are
        quoted, as sqlite-utils' quote=True does ("negara-negara", "BI-Rate" are words, not syntax);
        fts=True passes FTS5 syntax through (AND, OR, NEAR, "phrases", prefix*). Each hit has a
        snippet of its body with the matches between `mark`."""
        where, params = _window_sql(window, "a.")
        if site:
            where.append("a.site = ?")
            params.append(site)
        sql = f"""select a.site, a.article_id, a.published_at, a.title, a.url,
                         snippet(articles_fts, 1, ?, ?, '…', 16) as snippet, bm25(articles_fts) as rank
                  from articles_fts join articles a on a.rowid = articles_fts.rowid
                  where articles_fts match ? {"".join(" and " + w for w in where)}
                  order by rank limit ?"""
        match = query if fts else self.db.quote_fts(query)
        return list(self.db.query(sql, [mark[0], mark[1], match, *params, limit]))

    def articles(
        self, window: Window | None = None, site: str | None = None, limit: int | None = None
    ) -> Iterator[dict]:
        """Stored articles in publication order, as published items, optionally within a window (a
        date bound is the article's local day, both ends inclusive; a time bound is an instant,
        since inclusive, until not) and of one site."""
        where, params = _window_sql(window)
        if site:
            where.append("site = ?")
            params.append(site)
        sql = f"select {', '.join(ARTICLE_FIELDS)} from articles"
        if where:
            sql += " where " + " and ".join(where)
        sql += " order by published_utc, site, article_id"
        if limit is not None:
            sql += " limit ?"
            params.append(limit)
        for row in self.db.query(sql, params):
            yield _from_row(row)

    def count_articles(self, window: Window | None = None, site: str | None = None) -> int:
        where, params = _window_sql(window)
        if site:
            where.append("site = ?")
            params.append(site)
        sql = "select count(*) from articles" + (" where " + " and ".join(where) if where else "")
        return int(self.db.execute(sql, params).fetchone()[0])

    def versions(self, site: str, article_id: str) -> list[dict]:
        return list(
            self.db.table("article_versions").rows_where(
                "site = ? and article_id = ?", [site, article_id], order_by="id"
            )
        )

    # Rejects and kept pages ------------------------------------------------------------------

    def add_reject(self, reject: Reject) -> None:
        """Record a page or request that was not stored; its fetched HTML, if any, is kept
        gzip-compressed for reparse."""
        page = reject.page
        stamp = now()
        html = gzip.compress(page.body) if page and page.body else None
        values = [
            reject.url,
            reject.stage,
            reject.reason,
            reject.detail,
            stamp,
            stamp,
            html,
            page.content_type if page else None,
        ]
        try:
            with self.transaction():
                self.db.execute(
                    """insert into rejects (url, stage, reason, detail, rejected_at, last_seen, count, html, content_type)
                       values (?, ?, ?, ?, ?, ?, 1, ?, ?)
                       on conflict (url, stage, reason) where resolved_at is null do update set
                         count = count + 1, last_seen = excluded.last_seen, detail = excluded.detail,
                         html = coalesce(excluded.html, html), content_type = coalesce(excluded.content_type, content_type)""",
                    values,
                )
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def has_reject(self, reject: Reject) -> bool:
        """Whether this page is already recorded as rejected at this stage for this reason (unresolved)."""
        sql = "select 1 from rejects where url = ? and stage = ? and reason = ? and resolved_at is null limit 1"
        return bool(self.db.execute(sql, [reject.url, reject.stage, reject.reason]).fetchall())

    def rejects(self, stage: str | None = None, include_resolved: bool = False) -> list[dict]:
        """Recorded rejects, oldest first, without their HTML (has_html says whether it was kept)."""
        where = [] if include_resolved else ["resolved_at is null"]
        params = []
        if stage:
            where.append("stage = ?")
            params.append(stage)
        sql = (
            "select id, url, stage, reason, detail, count, rejected_at, last_seen, resolved_at, html is not null as has_html"
            " from rejects"
        )
        sql += (" where " + " and ".join(where) if where else "") + " order by id"
        return [dict(r) | {"has_html": bool(r["has_html"])} for r in self.db.query(sql, params)]

    def reject(self, reject_id: int) -> tuple[dict, PageInput | None]:
        """One recorded reject (without its HTML) and its kept page, if any. KeyError if there is none."""
        rows = list(self.db.query("select * from rejects where id = ?", [reject_id]))
        if not rows:
            raise KeyError(reject_id)
        row = rows[0]
        page = None
        if row["html"] is not None:
            headers = {"content-type": row["content_type"]} if row["content_type"] else {}
            page = PageInput(row["url"], gzip.decompress(row["html"]), row["rejected_at"], headers)
        return {k: v for k, v in row.items() if k != "html"}, page

    def kept_pages(self, source: str) -> Iterator[tuple[Any, PageInput]]:
        """(row key, page) of kept pages: 'rejects' (unresolved, with HTML) or 'pages'."""
        if source == "rejects":
            sql = "select id as key, url, rejected_at as fetched_at, html, content_type from rejects"
            sql += " where html is not null and resolved_at is null order by id"
        else:
            sql = "select site, article_id, url, fetched_at, html, content_type from pages order by site, article_id"
        for row in self.db.query(sql):
            headers = {"content-type": row["content_type"]} if row["content_type"] else {}
            key = row["key"] if source == "rejects" else (row["site"], row["article_id"])
            yield key, PageInput(row["url"], gzip.decompress(row["html"]), row["fetched_at"], headers)

    def resolve_reject(self, reject_id: int) -> None:
        with self.transaction():
            self.db.table("rejects").update(reject_id, {"resolved_at": now()})

    # Runs ------------------------------------------------------------------------------------

    def start_run(self, spider: str, args: dict, pid: int, mode: str | None = None) -> int:
        with self.transaction():
            row = {
                "spider": spider,
                "args": json.dumps(args, ensure_ascii=False, default=str),
                "pid": pid,
                "started_at": now(),
                "mode": mode,
            }
            run_id = self.db.table("crawl_runs").insert(row).last_pk
        assert isinstance(run_id, int)
        return run_id

    def finish_run(self, run_id: int, **outcome: Any) -> None:
        with self.transaction():
            self.db.table("crawl_runs").update(run_id, {"finished_at": now(), **outcome})

    def watermarks(self) -> dict[str, int]:
        """Listing source URL → the article id down to which its discovery is complete."""
        return {row["source"]: row["article_id"] for row in self.db.table("discovery_watermarks").rows}

    def set_watermarks(self, found: dict[str, tuple[str, int]], run_id: int | None) -> None:
        """Record, for sources whose paging a successful run completed, the newest id it started from."""
        rows = [
            {"source": source, "site": site, "article_id": article_id, "run_id": run_id, "updated_at": now()}
            for source, (site, article_id) in found.items()
        ]
        with self.transaction():
            self.db.table("discovery_watermarks").upsert_all(rows, pk="source")

    def run_started(self, run_id: int) -> str:
        return str(self.db.execute("select started_at from crawl_runs where id = ?", [run_id]).fetchone()[0])

    def healthy_runs(self, before: int, limit: int) -> list[tuple[int, dict]]:
        """(id, health) of the latest runs before `before` that ended well and measured their health."""
        sql = """select id, health from crawl_runs where id < ? and exit_code = 0 and health is not null
                 order by id desc limit ?"""
        return [(run_id, json.loads(health)) for run_id, health in self.db.execute(sql, [before, limit])]

    def runs(self) -> list[dict]:
        return list(self.db.table("crawl_runs").rows_where(order_by="id"))


def _window_sql(window: Window | None, prefix: str = "") -> tuple[list[str], list[Any]]:
    """SQL conditions for a window: a date bound is the article's local day (both ends inclusive), a
    time bound an instant (since inclusive, until not)."""
    where: list[str] = []
    params: list[Any] = []
    for bound, date_op, time_op in ((window and window.since, ">=", ">="), (window and window.until, "<=", "<")):
        if isinstance(bound, datetime):
            where.append(f"{prefix}published_utc {time_op} ?")
            params.append(bound.astimezone(UTC).isoformat(timespec="seconds"))
        elif isinstance(bound, date):
            where.append(f"substr({prefix}published_at, 1, 10) {date_op} ?")
            params.append(bound.isoformat())
    return where, params


def db_path(settings: Any) -> str:
    """The store named by the ANTARA_DB setting (or the environment variable of that name)."""
    return str(settings.get("ANTARA_DB") or os.environ.get("ANTARA_DB") or DEFAULT_DB)


def utc(iso: str | None) -> str | None:
    """An ISO 8601 time with offset as UTC (what sorts and compares correctly across WIB/WITA/WIT)."""
    if not iso:
        return None
    value = datetime.fromisoformat(iso)
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _older(fetched_at: str | None, than: str | None) -> bool:
    """Whether a capture's fetch time is before another's (ISO 8601 with offsets; unreadable: no)."""
    try:
        return bool(fetched_at and than) and datetime.fromisoformat(fetched_at) < datetime.fromisoformat(than)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


_JSON = json.JSONEncoder(ensure_ascii=False).encode
_HASHED = [k for k in ARTICLE_FIELDS if k != "fetched_at"]


def row_hash(article: Article) -> str:
    """A digest of everything the article publishes but its fetch time: the same digest, the same row."""
    return hashlib.blake2b(repr([getattr(article, k) for k in _HASHED]).encode(), digest_size=16).hexdigest()


def _to_row(article: Article, digest: str | None = None) -> dict:
    record = article_record(article)
    row = {k: (_JSON(v) if k in JSON_FIELDS else v) for k, v in record.items()}
    row["published_utc"] = utc(article.published_at)
    row["row_hash"] = digest or row_hash(article)
    row["source"] = article.page.source if article.page is not None else None
    return row


def _page_row(article: Article) -> dict:
    page = article.page
    assert page is not None
    return {
        "site": article.site, "article_id": article.article_id, "url": article.url, "fetched_at": article.fetched_at,
        "html": gzip.compress(page.body), "content_type": page.content_type,
    }  # fmt: skip


def _from_row(row: dict) -> dict:
    return {k: (json.loads(row[k]) if k in JSON_FIELDS and row[k] is not None else row.get(k)) for k in ARTICLE_FIELDS}
