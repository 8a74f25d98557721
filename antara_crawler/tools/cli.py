"""The command line over the library: parse saved pages, export and search the store, look at runs
and rejects, re-parse kept pages, save and update fixtures, serve the fixture site. Every command
only calls the library; the crawl itself is `scrapy crawl antara`."""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from ..crawl.exitcodes import EXIT_FAILED, EXIT_LOCKED, EXIT_STORE, EXIT_USAGE
from ..exports import FORMATS
from ..exports import export as export_articles
from ..items import STAGES, json_line
from ..parsing.page import PageInput
from ..store import DEFAULT_DB, ArticleStore, StoreError
from ..window import Window

DB_OPTION = click.option(
    "--db", default=DEFAULT_DB, show_default=True, envvar="ANTARA_DB", show_envvar=True, help="The SQLite store."
)


def _dumps(record: dict) -> str:
    return json_line(record)


def _iso_time(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {value!r} (e.g. 2025-02-12T10:00:00+00:00)") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _open_store(db: str, create: bool = False) -> ArticleStore:
    if db != ":memory:" and not create and not Path(db).is_file():
        raise click.ClickException(f"no article store at {db!r} (crawl first, or pass --db)")
    try:
        return ArticleStore(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _window(since: str | None, until: str | None) -> Window:
    try:
        return Window.parse(since, until)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since/--until") from None


@click.group()
@click.version_option(package_name="antara-crawler", prog_name="antara-crawler")
def cli() -> None:
    """Crawl, normalize and archive ANTARA news articles: `crawl` fetches, the others read and keep the
    store (ANTARA_DB, antara.db by default)."""


def _inputs(paths: tuple[str, ...]) -> list[Path | None]:
    """Files as given; a directory gives its .html files; '-' is standard input (None)."""
    found: list[Path | None] = []
    for name in paths:
        path = Path(name)
        if name == "-":
            found.append(None)
        elif path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz"))))
        elif path.exists():  # a file, or a device or pipe: read with a limit (_read)
            found.append(path)
        else:
            raise click.BadParameter(f"no such file or directory: {name}", param_hint="FILES")
    return found


MAX_PAGE = 10 * 1024 * 1024  # as DOWNLOAD_MAXSIZE: no page the crawl would take is larger


def _read(file: Any, label: str) -> bytes:
    """At most MAX_PAGE bytes, gunzipped if they are gzip: /dev/zero, a 2 GB file or a gzip bomb is
    refused in one line, not read into memory."""
    data = file.read(MAX_PAGE + 1)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(MAX_PAGE + 1)
        except (OSError, EOFError) as exc:
            raise click.BadParameter(f"{label} is not readable gzip: {exc}", param_hint="FILES") from None
    if len(data) > MAX_PAGE:
        raise click.BadParameter(
            f"{label} is larger than {MAX_PAGE // (1024 * 1024)} MB, the most a page may be", param_hint="FILES"
        )
    return bytes(data)


@cli.command(short_help="Parse saved pages offline; one JSON record each.")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--url",
    help="The page's original URL (one page only). Default: NAME.json beside the file, else the page's canonical link.",
)
@click.option(
    "--fetched-at",
    callback=_iso_time,
    help="ISO time the page was fetched. Default: NAME.json, else the file's modification time.",
)
def parse(files: tuple[str, ...], url: str | None, fetched_at: str | None) -> None:
    """Parse saved pages offline (files, folders of .html, or - for standard input); print one JSON
    record per page: the item, or why it would not be stored under "rejected".

    Example: antara-crawler parse fixtures/current-2019/www-2025-02-12-seed-china-ai.html
    """
    from ..process import process_page
    from .fixtures import result_record

    inputs = _inputs(files)
    if url and len(inputs) > 1:
        raise click.UsageError("--url names one page: give one FILE with it")
    for path in inputs:
        meta: dict[str, Any] = {}
        if path is None:
            body, label, mtime = _read(sys.stdin.buffer, "standard input"), "-", datetime.now(UTC)
        else:
            with path.open("rb") as file:
                body = _read(file, str(path))
            label, mtime = str(path), datetime.fromtimestamp(path.stat().st_mtime, UTC)
            beside = path.with_name(path.name.removesuffix(".gz")).with_suffix(".json")
            if path.suffix != ".json" and beside.is_file():
                meta = json.loads(beside.read_text(encoding="utf-8"))
        page = PageInput(
            url or meta.get("url") or (path.resolve().as_uri() if path else "file:///dev/stdin"),
            body,
            fetched_at or meta.get("fetched_at") or mtime.isoformat(timespec="seconds"),
            {str(k).lower(): str(v) for k, v in (meta.get("headers") or {}).items()},
        )
        click.echo(_dumps({**result_record(process_page(page)), "file": label}))


def _progress(quiet: bool, label: str) -> Callable[[Iterable[Any], int], Any] | None:
    """A progress bar on a terminal (standard error), nothing in cron or a pipe, or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None

    def bar(items: Iterable[Any], total: int) -> Iterator[Any]:
        with click.progressbar(items, length=total, label=label, file=sys.stderr) as shown:
            yield from shown

    return bar


QUIET = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (and the output asked for).")


@cli.command(short_help="Write stored articles as JSON Lines or CSV.")
@click.argument("output")
@DB_OPTION
@click.option(
    "--since", help="Published on or after: a date (the article's local day), an ISO time, or a duration ago (2d)."
)
@click.option("--until", help="Published on or before this date (whole day), or before this ISO time.")
@click.option("--site", help="Only this site: www, en, jatim, ...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: by OUTPUT's ending (.csv), else jsonl.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many articles (the oldest first).")
@QUIET
def export(
    output: str,
    db: str,
    since: str | None,
    until: str | None,
    site: str | None,
    fmt: str | None,
    limit: int | None,
    quiet: bool,
) -> None:
    """Write stored articles in publication order as JSON Lines or CSV (lists and objects as JSON);
    OUTPUT '-' is standard output. The whole archive unless a window, a site or a limit says less.

    Example: antara-crawler export articles.jsonl --since 2025-02-01 --until 2025-02-28 --site www
    """
    window = _window(since, until)
    store = _open_store(db)
    try:
        count = export_articles(store, output, fmt, window, site, limit, _progress(quiet or output == "-", "exporting"))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    if not quiet:
        click.echo(f"exported {count} articles to {output}", err=True)


@cli.command(short_help="Full-text search with highlighted snippets.")
@click.argument("query")
@DB_OPTION
@click.option("--site", help="Only this site.")
@click.option("--since", help="Published on or after (as for export).")
@click.option("--until", help="Published on or before (as for export).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--fts", is_flag=True, help='QUERY is SQLite FTS5 syntax (AND, OR, NEAR, "phrases", prefix*), not plain words.'
)
def search(query: str, db: str, site: str | None, since: str | None, until: str | None, limit: int, fts: bool) -> None:
    """Full-text search over titles and bodies, best match first; one JSON line per hit with a snippet
    of the body, the matches between « ». Plain words by default: 'negara-negara' and 'BI-Rate' are
    words, not syntax.

    Example: antara-crawler search 'banjir rob' --site jatim --since 30d
    """
    window = _window(since, until)
    store = _open_store(db)
    try:
        hits = store.search(query, limit=limit, site=site, window=window, fts=fts)
    except sqlite3.OperationalError as exc:  # only FTS syntax (--fts) can be malformed
        raise click.ClickException(f"search failed for {query!r}: {exc}") from exc
    for hit in hits:
        click.echo(_dumps({k: hit[k] for k in ("site", "article_id", "published_at", "title", "url", "snippet")}))


@cli.group(invoke_without_command=True, short_help="What crawls did not store, and why.")
@DB_OPTION
@click.option("--stage", type=click.Choice(STAGES), help="Only this stage.")
@click.option("--all", "include_resolved", is_flag=True, help="Also those a reparse has since resolved.")
@click.pass_context
def rejects(ctx: click.Context, db: str, stage: str | None, include_resolved: bool) -> None:
    """Everything a crawl did not store, one JSON line each: URL, stage, reason, detail, how many times
    and when first and last, whether its HTML was kept. `rejects show ID` shows one.

    Example: antara-crawler rejects --stage parse
    """
    if ctx.invoked_subcommand:
        return
    for row in _open_store(db).rejects(stage=stage, include_resolved=include_resolved):
        click.echo(_dumps(row))


@rejects.command("show")
@click.argument("reject_id", type=int)
@DB_OPTION
@click.option(
    "--html",
    "html_out",
    type=click.File("wb"),
    help="Write the page as it was fetched to this file ('-': standard output).",
)
def rejects_show(reject_id: int, db: str, html_out: Any) -> None:
    """One reject as JSON; with --html, the page it kept, as fetched.

    Example: antara-crawler rejects show 12 --html page.html
    """
    try:
        row, page = _open_store(db).reject(reject_id)
    except KeyError:
        raise click.ClickException(f"no reject {reject_id} in {db}") from None
    if html_out is None:
        click.echo(_dumps(row))
    elif page is None:
        raise click.ClickException(f"reject {reject_id} kept no page (stage {row['stage']}: {row['reason']})")
    else:
        html_out.write(page.body)


@cli.command(short_help="Re-parse kept pages with this version's parser.")
@DB_OPTION
@click.option(
    "--pages", "source", flag_value="pages", help="Re-parse every kept article page (crawled with ANTARA_KEEP_HTML=1)."
)
@click.option("--rejects", "source", flag_value="rejects", default=True, help="Re-parse rejected pages (the default).")
@click.option(
    "--warc",
    "warcs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Re-parse the pages in a WARC file a crawl kept (--warc-dir); repeat for more.",
)
@QUIET
@click.pass_context
def reparse(ctx: click.Context, db: str, source: str, warcs: tuple[str, ...], quiet: bool) -> None:
    """Re-parse kept pages with this version's parser and store what now parses.

    Example: antara-crawler reparse --rejects; antara-crawler reparse --warc warc/*.warc.gz
    """
    if warcs:  # the pages of a crawl's WARC files: what `import` does with any WARC file
        ctx.invoke(import_warc, files=warcs, db=db, workers=min(4, os.cpu_count() or 1), quiet=quiet)
        return
    from ..lock import Locked, RunLock, lock_path
    from .reparse import reparse as run_reparse

    store = _open_store(db)
    try:
        with RunLock(lock_path({"ANTARA_DB": db}), "reparse"):
            counts = run_reparse(store, source, _progress(quiet, "re-parsing"))
    except (StoreError, Locked) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_dumps({"source": source, **asdict(counts)}))


@cli.command("import", short_help="Store the ANTARA articles in WARC files (Common Crawl, Wayback, wget, ours).")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@DB_OPTION
@click.option(
    "--workers",
    default=min(4, os.cpu_count() or 1),
    show_default=True,
    type=click.IntRange(min=0),
    help="Processes reading files in parallel (0: this one).",
)
@QUIET
def import_warc(files: tuple[str, ...], db: str, workers: int, quiet: bool) -> None:
    """Read WARC files and store every capture of an ANTARA article in them, through the same parser
    as a crawl, with its source (FILE#OFFSET) and capture time. Importing twice changes nothing; a
    capture older than the stored article becomes history, never the current text. Prints one JSON
    line of counts; a file that cannot be read to its end is one line on standard error (what was
    read is kept) and the exit code is 3.

    Example: antara-crawler import CC-MAIN-*.warc.gz crawl-data/*.warc.gz
    """
    from ..lock import Locked, RunLock, lock_path
    from .importer import import_warcs

    store = _open_store(db, create=True)
    show = not quiet and sys.stderr.isatty()
    try:
        with RunLock(lock_path({"ANTARA_DB": db}), "import"):
            if show:
                with click.progressbar(length=len(files), label="importing", file=sys.stderr) as bar:
                    counts = import_warcs(store, list(files), workers, bar.update)
            else:
                counts = import_warcs(store, list(files), workers)
    except (StoreError, Locked) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_dumps(asdict(counts)))
    for line in counts.failed:
        click.echo(f"Error: {line}", err=True)
    if counts.failed:
        sys.exit(EXIT_FAILED)


REDIS_OPTION = click.option(
    "--redis", "redis_url", required=True, envvar="ANTARA_REDIS_URL", show_envvar=True,
    help="The distributed crawl's Redis (redis://host:6379/0).",
)  # fmt: skip


def _redis(url: str) -> Any:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        server = Redis.from_url(url)
        server.ping()
    except (RedisError, ValueError) as exc:
        raise click.ClickException(f"cannot reach Redis at {url}: {exc}") from exc
    return server


@cli.command(short_help="The writer of a distributed crawl: store what the workers send.")
@REDIS_OPTION
@DB_OPTION
@click.option("--batch", default=50, show_default=True, type=click.IntRange(min=1), help="Items per transaction.")
@click.option(
    "--keep-html", is_flag=True, help="Keep the pages the workers sent (they send them with ANTARA_KEEP_HTML=1)."
)
@click.option(
    "--idle-exit", type=click.FloatRange(min=0),
    help="Exit once the crawl is finished (nothing queued, in flight or waiting; no worker alive) for this many seconds.",
)  # fmt: skip
@QUIET
def ingest(redis_url: str, db: str, batch: int, keep_html: bool, idle_exit: float | None, quiet: bool) -> None:
    """Drain the items distributed workers (ANTARA_REDIS_URL) send into the store, with
    acknowledgement: an item leaves Redis only after its transaction committed; a writer killed
    mid-batch leaves it for the next. When a run's crawl is finished (nothing queued or in flight, no
    worker alive) the run as a whole is judged and recorded in crawl_runs. Holds the store's lock (a
    second writer exits 75). Stops after the batch in hand on SIGTERM or Ctrl-C; prints one JSON
    line of counts and runs; with --idle-exit the exit code is the last run's.

    Example: antara-crawler ingest --redis redis://10.0.0.5:6379/0 --db antara.db
    """
    from redis.exceptions import RedisError

    from ..lock import Locked, RunLock, lock_path
    from .ingest import ingest as drain

    server = _redis(redis_url)
    store = _open_store(db, create=True)

    def report(totals: Any) -> None:
        if not quiet and sys.stderr.isatty():
            click.echo(f"\rstored {sum(totals.values())}: {dict(totals)}", err=True, nl=False)

    try:
        with RunLock(lock_path({"ANTARA_DB": db}), "ingest"):
            counts, runs = drain(server, store, batch, keep_html, idle_exit, report)
    except Locked as exc:
        click.echo(f"antara_crawler: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except StoreError as exc:
        click.echo(f"antara_crawler: {exc}", err=True)
        sys.exit(EXIT_STORE)
    except RedisError as exc:  # what was taken and not committed stays in antara:writing for the next writer
        click.echo(f"antara_crawler: lost Redis at {redis_url}: {exc}", err=True)
        sys.exit(EXIT_STORE)
    finally:
        store.close()
    click.echo(_dumps({**counts, "runs": runs}))
    if runs and idle_exit is not None:
        sys.exit(runs[-1]["exit_code"])


@cli.command(short_help="A distributed crawl's progress: queue, workers, writer.")
@REDIS_OPTION
def status(redis_url: str) -> None:
    """One JSON object: requests queued and seen, each worker (alive, requests in flight), items
    waiting for the writer, stored per minute over the last five minutes, totals.

    Example: antara-crawler status --redis redis://10.0.0.5:6379/0
    """
    from .ingest import status as read_status

    click.echo(json.dumps(read_status(_redis(redis_url)), indent=2))


@cli.command(short_help="The latest crawl runs: arguments, counts, verdicts.")
@DB_OPTION
@click.option("--last", default=20, show_default=True, type=click.IntRange(min=1), help="How many of the latest runs.")
def runs(db: str, last: int) -> None:
    """The latest crawl runs, one JSON line each: times, mode (live, mirror, replay, archive), arguments and
    settings, counts, finish reason, exit code, verdict, health and WARC files.

    Example: antara-crawler runs --last 5
    """
    for run in _open_store(db).runs()[-last:]:
        for column in ("args", "unaccounted", "health", "warc_files"):
            if run.get(column):
                run[column] = json.loads(run[column])
        click.echo(_dumps(run))


@cli.command(short_help="How the latest run read the sites, beside the runs before it; exit 6 if degraded.")
@DB_OPTION
@click.option("--run", "run_id", type=int, help="This run (an id from `runs`) instead of the latest.")
def health(db: str, run_id: int | None) -> None:
    """A run's health: per site, its pages by extraction method, field coverage, median body words
    and furniture left in bodies; the links each feed or listing gave; and the alarms, compared with
    the healthy runs before it. The exit code is the run's: 0 ok, 6 degraded, 3 failed, ...

    Example: antara-crawler health && echo healthy
    """
    from ..health import report

    runs = _open_store(db).runs()
    chosen = next((r for r in runs if r["id"] == run_id), None) if run_id is not None else (runs[-1] if runs else None)
    if chosen is None:
        raise click.ClickException(f"no run {run_id} in {db}" if run_id is not None else f"no run recorded in {db}")
    click.echo(report(chosen))
    sys.exit(chosen.get("exit_code") or 0)


def _pairs(values: tuple[str, ...], flag: str) -> dict[str, str]:
    found = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint=flag)
        found[name] = setting
    return found


@cli.command(short_help="Crawl: the spider with the project's settings, from anywhere.")
@click.option("--sites", help="Which sites: www,en,jatim or all (default www).")
@click.option("--sources", help="rss,listing,sitemap,cdx (default rss,listing; cdx with --cdx).")
@click.option("--url", "urls", multiple=True, help="An article URL to fetch (repeat).")
@click.option("--urls-file", help="A file of article URLs, one a line.")
@click.option("--listing", "listings", multiple=True, help="A listing page to page through (repeat).")
@click.option("--since", help="A window's start: a date, an ISO time or a duration ago (2d).")
@click.option("--until", help="A window's end.")
@click.option("--refresh", help="Also re-fetch stored articles this young (1d).")
@click.option("--max-pages", help="Listing pages at most.")
@click.option("--mirror", help="Fetch https://<host>/<path> from MIRROR/<host>/<path>.")
@click.option("--replay", type=click.Path(), help="Answer every request from saved pages in this folder (offline).")
@click.option("--redis", "redis_url", help="Distributed mode: be one worker of the crawl this Redis holds.")
@click.option("--cdx", help="Build from a web archive: its CDX index endpoint (Wayback, Common Crawl, pywb).")
@click.option("--cdx-replay", help="Fetch the captures from this replay prefix (<prefix>/<timestamp>id_/<url>).")
@click.option("--cdx-warc", help="Or fetch their WARC records by range from the files under this URL.")
@DB_OPTION
@click.option("--keep-html", is_flag=True, help="Keep every fetched article page for reparse --pages.")
@click.option(
    "--warc-dir", type=click.Path(file_okay=False), help="Keep every request and response as WARC files here."
)
@click.option(
    "--output", "-o", help="After the crawl, write the whole archive here (.jsonl or .csv), every stored article."
)
@click.option("-a", "spider_args", multiple=True, help="Any spider argument NAME=VALUE (as scrapy crawl -a).")
@click.option("-s", "setting_args", multiple=True, help="Any setting NAME=VALUE (as scrapy crawl -s).")
@QUIET
@click.option("--verbose", "-v", is_flag=True, help="Log every request (DEBUG).")
def crawl(
    sites: str | None,
    sources: str | None,
    urls: tuple[str, ...],
    urls_file: str | None,
    listings: tuple[str, ...],
    since: str | None,
    until: str | None,
    refresh: str | None,
    max_pages: str | None,
    mirror: str | None,
    replay: str | None,
    redis_url: str | None,
    cdx: str | None,
    cdx_replay: str | None,
    cdx_warc: str | None,
    db: str,
    keep_html: bool,
    warc_dir: str | None,
    output: str | None,
    spider_args: tuple[str, ...],
    setting_args: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Crawl ANTARA with the project's settings: `scrapy crawl antara` from any folder, after pip
    install. The exit code says how the run went (README: exit codes); with --output the whole
    archive is written after it, whatever this run found.

    Example: antara-crawler crawl --sites www,en --since 2d --output articles.jsonl

    Example: antara-crawler crawl --cdx https://index.commoncrawl.org/CC-MAIN-2025-08-index --sites all
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from ..commands.crawl import guarded_run
    from ..spiders.antara import AntaraSpider

    given = {
        "sites": sites, "sources": sources, "url": ",".join(urls) or None, "urls_file": urls_file,
        "listing": ",".join(listings) or None, "since": since, "until": until, "refresh": refresh,
        "max_pages": max_pages, "mirror": mirror, "cdx": cdx, "cdx_replay": cdx_replay, "cdx_warc": cdx_warc,
    }  # fmt: skip
    arguments = {k: v for k, v in given.items() if v} | _pairs(spider_args, "-a")
    settings = Settings()
    settings.setmodule("antara_crawler.settings", priority="project")
    overrides: dict[str, Any] = {"ANTARA_DB": db, "LOG_LEVEL": "DEBUG" if verbose else "WARNING" if quiet else "INFO"}
    if replay:
        overrides["ANTARA_REPLAY_DIR"] = replay
    if keep_html:
        overrides["ANTARA_KEEP_HTML"] = True
    if warc_dir:
        overrides["ANTARA_WARC_DIR"] = warc_dir
    if redis_url:
        overrides["ANTARA_REDIS_URL"] = redis_url
    settings.setdict({**overrides, **_pairs(setting_args, "-s")}, priority="cmdline")

    def start() -> list[Any]:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(AntaraSpider)
        process.crawl(crawler, **arguments)
        process.start()
        return [crawler]

    code = guarded_run(settings, arguments, start)
    if output and code not in (EXIT_USAGE, EXIT_LOCKED, EXIT_STORE):
        count = export_articles(_open_store(db), output, progress=_progress(quiet, "exporting"))
        if not quiet:
            click.echo(f"wrote the archive, {count} articles, to {output}", err=True)
    sys.exit(code)


@cli.command(short_help="Browse and search the archive in a web browser (Datasette).")
@DB_OPTION
@click.option("--port", default=8001, show_default=True, help="Port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
def serve(db: str, port: int, host: str) -> None:
    """Browse the archive: Datasette over the store, with full-text search (snippets, best first),
    facets by site, category, reporter and day, article pages that read as articles, canned queries
    and an Atom feed of a search. Needs the serve extra: pip install 'antara-crawler[serve]'.

    Example: antara-crawler serve --db antara.db --port 8001
    """
    _open_store(db).close()  # exists, opens, migrations applied
    try:
        from datasette.cli import cli as datasette
    except ImportError:
        raise click.ClickException("Datasette is not installed: pip install 'antara-crawler[serve]'") from None
    from .serve import datasette_args

    datasette.main(args=datasette_args(db, host, port), prog_name="antara-crawler serve")


@cli.command("fixture-site", short_help="Serve the saved pages as a local stand-in for the sites.")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option(
    "--fixtures", "folder", default="fixtures", show_default=True, type=click.Path(exists=True, file_okay=False)
)
@click.option("--page-size", default=3, show_default=True, help="Cards on each listing page.")
def fixture_site(port: int, folder: str, page_size: int) -> None:
    """Serve the saved pages as a local stand-in for the ANTARA sites, until interrupted.

    Crawl it with the same spider: scrapy crawl antara -a sites=www,en -a mirror=http://127.0.0.1:8000

    Example: antara-crawler fixture-site --port 8000
    """
    from .fixture_site import FixtureSite

    try:
        server = FixtureSite(folder, port=port, page_size=page_size)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    if not server.pages:
        server.server_close()
        raise click.ClickException(f"no saved pages under {folder!r} (NAME.html + NAME.json with a url)")
    sites = ", ".join(sorted(server.articles))
    click.echo(f"serving {len(server.pages)} saved pages for {sites} at {server.base_url} (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.group(short_help="Save pages as fixtures; keep their expectations current.")
def fixture() -> None:
    """Save pages as fixtures and keep their expected outputs up to date (see CONTRIBUTING.md).

    Example: antara-crawler fixture update
    """


@fixture.command("save")
@click.argument("source")
@click.option("--url", help="The page's address on the real site (required for a FILE).")
@click.option(
    "--fetched-at", callback=_iso_time, help="When it was fetched (default: now for a URL, the file's time for a FILE)."
)
@click.option("--name", help="A short name for the fixture (default: the article id).")
@click.option("--reconstructed", is_flag=True, help="The page was written by hand to imitate the site, not captured.")
@click.option("--evidence", multiple=True, help="What a reconstructed page was built from (repeat).")
@click.option("--notes", default="", help="What the page shows, for the reviewer.")
@click.option(
    "--fixtures", "folder", default="fixtures", show_default=True, type=click.Path(file_okay=False, path_type=Path)
)
def fixture_save(
    source: str,
    url: str | None,
    fetched_at: str | None,
    name: str | None,
    reconstructed: bool,
    evidence: tuple[str, ...],
    notes: str,
    folder: Path,
) -> None:
    """Save a page (a FILE, or a URL fetched once) with its metadata and its current output as the
    expectation, under fixtures/<layout>/; then review the .json before committing it.

    Example: antara-crawler fixture save saved.html --url https://www.antaranews.com/berita/4645921/slug
    """
    from .fixtures import save

    headers: dict[str, str] = {}
    if source.startswith(("http://", "https://")):
        body, headers, fetched_at, url = _fetch_once(source, fetched_at, url)
    else:
        path = Path(source)
        if not path.is_file():
            raise click.BadParameter(f"no such file: {source}", param_hint="SOURCE")
        if not url:
            raise click.UsageError("--url is required for a FILE: the page's address on the real site")
        body = path.read_bytes()
        fetched_at = fetched_at or datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    provenance = {"reconstructed": reconstructed, "evidence": list(evidence), "notes": notes}
    try:
        saved = save(body, url, fetched_at, headers, folder, name, provenance)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"saved {saved} and {saved.with_suffix('.json')}: review the expected output field by field", err=True)


def _fetch_once(source: str, fetched_at: str | None, url: str | None) -> tuple[bytes, dict[str, str], str, str]:
    """One polite GET with the project's User-Agent, for saving a page by hand."""
    import urllib.request

    from ..settings import USER_AGENT

    request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only, checked by the caller
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - http(s) only, checked by the caller
            body = answer.read(10 * 1024 * 1024)
            headers = {"Content-Type": answer.headers.get("Content-Type", "text/html")}
            final = answer.geturl()
    except OSError as exc:
        raise click.ClickException(f"cannot fetch {source}: {exc}") from exc
    return body, headers, fetched_at or datetime.now(UTC).isoformat(timespec="seconds"), url or final


@fixture.command("update")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any expectation or layout record is out of date.")
@click.option(
    "--fixtures",
    "folder",
    default="fixtures",
    show_default=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
def fixture_update(files: tuple[Path, ...], check: bool, folder: Path) -> None:
    """Regenerate the expected outputs after a deliberate parser change (all fixtures, or FILES) and
    print what changed, field by field; record the layouts' versions in fixtures/layouts.json.

    Example: antara-crawler fixture update --check
    """
    from .fixtures import frozen_problems, read_lock, update, write_lock

    changed = update(folder, list(files) or None, write=not check)
    for path, diff in changed:
        click.echo(f"{path}:")
        for line in diff:
            click.echo(f"  {line}")
    problems = frozen_problems(read_lock(folder)) if check else write_lock(folder)
    for problem in problems:
        click.echo(f"layout {problem}", err=True)
    click.echo(f"{len(changed)} fixture(s) {'out of date' if check else 'updated'}", err=True)
    if problems or (check and changed):
        sys.exit(1)


if __name__ == "__main__":
    cli()
