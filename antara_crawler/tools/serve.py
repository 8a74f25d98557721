"""A browsable archive: Datasette over the store, configured for reading (Datasette 0.65).

The metadata is made for the store's own database name: full-text search over articles with
highlighted snippets and bm25 ranking, facets (site, category, reporters, day), newest first, canned
queries (search, latest per site, rejects by reason, runs with their verdicts), an Atom feed of a
search (datasette-atom), and article pages that read as articles (datasette/plugins/render.py).
"""

from __future__ import annotations

import html
import json
import tempfile
from pathlib import Path
from typing import Any

PLUGINS = Path(__file__).with_name("datasette") / "plugins"
ARTICLE_TEMPLATE = Path(__file__).with_name("datasette") / "templates" / "article.html"
# Between these, a snippet's match (as the CLI shows it); the plugin makes them <mark> in the browser
MARK = ("«", "»")

SEARCH_SQL = f"""select a.site, a.article_id, a.published_at, a.title,
  snippet(articles_fts, 1, '{MARK[0]}', '{MARK[1]}', '…', 24) as snippet, a.url
from articles_fts join articles a on a.rowid = articles_fts.rowid
where articles_fts match escape_fts(:q)
  and (:site = '' or a.site = :site)
order by bm25(articles_fts) limit 100"""

FEED_SQL = """select a.site || '/' || a.article_id as atom_id, a.title as atom_title,
  coalesce(a.published_utc, a.first_seen) as atom_updated, a.url as atom_link,
  a.summary as atom_content, a.reporters as atom_author_name
from articles_fts join articles a on a.rowid = articles_fts.rowid
where articles_fts match escape_fts(:q)
order by a.published_utc desc limit 50"""


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for a store whose database Datasette names `database` (its file's stem)."""
    hidden = {name: {"hidden": True} for name in (
        "articles_fts", "articles_fts_config", "articles_fts_data", "articles_fts_docsize", "articles_fts_idx", "_sqlite_migrations",
    )}  # fmt: skip
    return {
        "title": "ANTARA news archive",
        "description_html": (
            "Articles of ANTARA, Indonesia's national news agency, as crawled and normalized by "
            f'<code>antara_crawler</code>. Search with <a href="/{html.escape(database)}/search">the article search</a>.'
        ),
        "databases": {
            database: {
                "tables": {
                    **hidden,
                    "articles": {
                        "sort_desc": "published_utc",
                        "facets": ["site", "category", {"array": "reporters"}, {"date": "published_at"}],
                        "label_column": "title",
                        "size": 20,
                        "description": "One row per article (site, article_id); newest first. Search searches titles and bodies.",
                    },
                    "article_versions": {
                        "sort_desc": "replaced_at",
                        "description": "Earlier texts of corrected articles.",
                    },
                    "rejects": {
                        "sort_desc": "last_seen",
                        "facets": ["stage", "reason"],
                        "description": "What was not stored, and why.",
                    },
                    "crawl_runs": {
                        "sort_desc": "id",
                        "facets": ["mode", "exit_code"],
                        "description": "Every crawl, its arguments and verdict.",
                    },
                    "pages": {"hidden": True},
                },
                "queries": {
                    "search": {
                        "title": "Search articles",
                        "description": "Words as you would type them (negara-negara, BI-Rate); best match first, matches highlighted.",
                        "sql": SEARCH_SQL,
                        "hide_sql": True,
                    },
                    "search_feed": {"title": "Search as an Atom feed (add .atom)", "sql": FEED_SQL},
                    "latest_per_site": {
                        "title": "Latest article of every site",
                        "sql": (
                            "select site, count(*) as articles, max(published_at) as latest, "
                            "(select title from articles b where b.site = a.site order by published_utc desc limit 1) as latest_title "
                            "from articles a group by site order by latest desc"
                        ),
                    },
                    "rejects_by_reason": {
                        "title": "Rejects by stage and reason",
                        "sql": "select stage, reason, count(*) as pages, sum(count) as times, max(last_seen) as last "
                        "from rejects where resolved_at is null group by stage, reason order by pages desc",
                    },
                    "runs": {
                        "title": "Crawl runs with their verdicts",
                        "sql": "select id, mode, started_at, finished_at, exit_code, verdict, new, updated, unchanged, rejected, "
                        "skipped, ignored, errors from crawl_runs order by id desc limit 200",
                    },
                },
            }
        },
        "plugins": {"antara": {"mark": list(MARK)}},
    }


def datasette_args(db: str, host: str, port: int) -> list[str]:
    """The `datasette serve` command line for a store, with the metadata written to a temporary file."""
    from datasette.utils import to_css_class

    database = Path(db).stem
    folder = Path(tempfile.mkdtemp(prefix="antara-datasette-"))
    (folder / "metadata.json").write_text(json.dumps(metadata(database), ensure_ascii=False), encoding="utf-8")
    templates = folder / "templates"
    templates.mkdir()
    (templates / f"row-{to_css_class(database)}-articles.html").write_text(
        ARTICLE_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return [
        "serve", db, "--metadata", str(folder / "metadata.json"), "--plugins-dir", str(PLUGINS), "--template-dir", str(templates),
        "--host", host, "--port", str(port), "--setting", "facet_time_limit_ms", "500",
    ]  # fmt: skip
