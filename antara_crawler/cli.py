"""The command line over the library: parse saved pages, export and search the store."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import click

from .items import RawPage
from .normalize import build_article
from .parsing import parse_page
from .store import ArticleStore, StoreError
from .validate import problems


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def page_result(raw: RawPage) -> dict:
    """A parsed page as one JSON-ready record: the published item, or why it would not be stored
    (a "rejected" key: just the reason for non-articles, the item as far as it goes otherwise)."""
    if raw.kind != "article":
        return {"url": raw.url, "rejected": {"stage": "parse", "reason": raw.kind, "detail": raw.reason}}
    article = build_article(raw)
    found = problems(article)
    record = asdict(article)
    if found:
        record["rejected"] = {"stage": "validate", "reason": "; ".join(found)}
    return record


def _saved_meta(path: Path) -> dict:
    """NAME.json beside NAME.html (the fixture layout): its url and fetched_at, if present."""
    meta_path = path.with_suffix(".json")
    if path.suffix != ".json" and meta_path.is_file():
        try:
            return json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            return {}
    return {}


@click.group()
@click.version_option(package_name="antara-crawler")
def cli():
    """Crawl, normalize and archive ANTARA news articles. The crawl itself is `scrapy crawl antara`."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The page's original URL (one file only). Default: NAME.json beside the file, else the page's canonical link.")
@click.option("--fetched-at", help="ISO time the page was fetched. Default: NAME.json, else the file's modification time.")
def parse(files: tuple[Path, ...], url: str | None, fetched_at: str | None):
    """Parse saved pages offline; print one JSON item per page.

    Example: antara-crawler parse fixtures/www/seed-china-ai-2025-02-12.html
    """
    if url and len(files) > 1:
        raise click.UsageError("--url names one page: give one FILE with it")
    for path in files:
        meta = _saved_meta(path)
        when = fetched_at or meta.get("fetched_at") or datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
        raw = parse_page(path.read_bytes(), url or meta.get("url") or path.resolve().as_uri(), when)
        click.echo(_dumps({**page_result(raw), "file": str(path)} if raw.kind != "article" else page_result(raw)))


def _open_store(db: str) -> ArticleStore:
    if db != ":memory:" and not Path(db).is_file():
        raise click.ClickException(f"no article store at {db!r} (crawl first, or pass --db)")
    try:
        return ArticleStore(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("output", type=click.File("w", encoding="utf-8"))
@click.option("--db", default="antara.db", show_default=True, help="The SQLite store.")
@click.option("--since", help="Published on or after this ISO date/time.")
@click.option("--until", help="Published on or before this ISO date (whole day) or before this date/time.")
@click.option("--site", help="Only this site: www, en, jatim, ...")
def export(output, db: str, since: str | None, until: str | None, site: str | None):
    """Write stored articles as JSON Lines (OUTPUT '-' is standard output).

    Example: antara-crawler export articles.jsonl --since 2025-02-01 --until 2025-02-28 --site www
    """
    store = _open_store(db)
    count = 0
    for article in store.articles(since=since, until=until, site=site):
        output.write(_dumps(article) + "\n")
        count += 1
    click.echo(f"exported {count} articles", err=True)


@cli.command()
@click.argument("query")
@click.option("--db", default="antara.db", show_default=True, help="The SQLite store.")
@click.option("--limit", default=20, show_default=True)
def search(query: str, db: str, limit: int):
    """Full-text search over titles and bodies (SQLite FTS5 syntax); one JSON line per hit.

    Example: antara-crawler search 'bandara AND abu'
    """
    store = _open_store(db)
    try:
        hits = store.search(query, limit=limit)
    except Exception as exc:  # sqlite reports a malformed FTS query as OperationalError
        raise click.ClickException(f"search failed for {query!r}: {exc}") from exc
    for hit in hits:
        click.echo(_dumps({k: hit[k] for k in ("site", "article_id", "published_at", "title", "url")}))


@cli.command()
@click.option("--db", default="antara.db", show_default=True, help="The SQLite store.")
@click.option("--stage", type=click.Choice(["fetch", "parse", "validate"]), help="Only this stage.")
@click.option("--all", "include_resolved", is_flag=True, help="Also those a reparse has since resolved.")
def rejects(db: str, stage: str | None, include_resolved: bool):
    """Everything a crawl dropped, one JSON line each: URL, stage, reason, detail, time, whether its HTML was kept.

    Example: antara-crawler rejects --stage parse
    """
    for row in _open_store(db).rejects(stage=stage, include_resolved=include_resolved):
        click.echo(_dumps(row))


@cli.command()
@click.option("--db", default="antara.db", show_default=True, help="The SQLite store.")
@click.option("--pages", "source", flag_value="pages", help="Re-parse every kept article page (crawled with ANTARA_KEEP_HTML=1).")
@click.option("--rejects", "source", flag_value="rejects", default=True, help="Re-parse rejected pages (the default).")
def reparse(db: str, source: str):
    """Re-parse kept pages with this version's parser and store what now parses.

    Example: antara-crawler reparse --rejects
    """
    from .reparse import reparse as run_reparse

    store = _open_store(db)
    try:
        counts = run_reparse(store, source)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_dumps({"source": source, **asdict(counts)}))


@cli.command("fixture-site")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--fixtures", "folder", default="fixtures", show_default=True, type=click.Path(exists=True, file_okay=False))
@click.option("--page-size", default=3, show_default=True, help="Cards on each listing page.")
def fixture_site(port: int, folder: str, page_size: int):
    """Serve the saved pages as a local stand-in for the ANTARA sites, until interrupted.

    Crawl it with the same spider: scrapy crawl antara -a sites=www,en -a mirror=http://127.0.0.1:8000

    Example: antara-crawler fixture-site --port 8000
    """
    from .fixture_site import FixtureSite

    try:
        server = FixtureSite(folder, port=port, page_size=page_size)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    sites = ", ".join(sorted(server.articles))
    click.echo(f"serving {len(server.pages)} saved pages for {sites} at {server.base_url} (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.option("--db", default="antara.db", show_default=True, help="The SQLite store.")
@click.option("--last", default=20, show_default=True, help="How many of the latest runs.")
def runs(db: str, last: int):
    """The latest crawl runs, one JSON line each: times, counts, finish reason, exit code.

    Example: antara-crawler runs --last 5
    """
    for run in _open_store(db).runs()[-last:]:
        click.echo(_dumps(run))


if __name__ == "__main__":
    cli()
