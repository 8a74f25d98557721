"""Datasette plugin: articles that read as articles. A body is its paragraphs (cut short in lists),
people and tags are lists, date mentions say what they resolve to, snippets mark their matches."""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

MARK = ("«", "»")
LISTS = {"reporters", "editors", "translators", "tags", "warnings"}
EMPTY = Markup("<span class='empty'>—</span>")  # an empty list (Datasette shows its own rendering for a falsy value)


def _json(value: Any) -> Any:
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return None


def _paragraphs(text: str) -> Markup:
    return Markup("".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p))


def _mentions(found: list[dict]) -> Markup:
    items = []
    for m in found:
        when = m.get("date") or "no date"
        if m.get("end_date"):
            when += f" to {m['end_date']}"
        if m.get("datetime"):
            when = m["datetime"]
        note = f" <em>({escape(m['warning'])})</em>" if m.get("warning") else ""
        items.append(f"<li><q>{escape(m['text'])}</q> → {escape(when)}{note}</li>")
    return Markup(f"<ul class='mentions'>{''.join(items)}</ul>")


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if column == "snippet" and isinstance(value, str):
        return Markup(str(escape(value)).replace(MARK[0], "<mark>").replace(MARK[1], "</mark>"))
    if table is None and column == "title" and isinstance(value, str) and {"site", "article_id"} <= set(row.keys()):
        page = datasette.urls.row(database, "articles", f"{row['site']},{row['article_id']}")
        return Markup(f"<a href='{escape(page)}'>{escape(value)}</a>")  # a search hit opens its article
    if table not in ("articles", "article_versions") or not isinstance(value, str):
        return None
    if column == "body":  # whole on an article's page, the first lines in a list (STYLE)
        return Markup(f"<div class='article-body'>{_paragraphs(value)}</div>")
    if column in LISTS and isinstance(found := _json(value), list):
        return Markup("<ul>" + "".join(f"<li>{escape(v)}</li>" for v in found) + "</ul>") if found else EMPTY
    if column == "date_mentions" and isinstance(found := _json(value), list):
        return _mentions(found) if found else EMPTY
    if column == "related" and isinstance(found := _json(value), list):
        links = (
            f"<li><a href='{escape(r['url'])}'>{escape(r['title'])}</a></li>"
            if str(r.get("url") or "").startswith(("https://", "http://"))
            else f"<li>{escape(r['title'])}</li>"
            for r in found
        )
        return Markup("<ul>" + "".join(links) + "</ul>") if found else EMPTY
    if column == "image_url" and value.startswith(("https://", "http://")):
        return Markup(f"<img class='lead' src='{escape(value)}' alt='' loading='lazy'>")
    if column == "url" and value.startswith(("https://", "http://")):
        return Markup(f"<a href='{escape(value)}'>{escape(value)}</a>")
    return None


STYLE = (
    ".article-body p{max-width:46em;line-height:1.5;margin:0 0 .8em}"
    "body.table .article-body{max-height:6.2em;max-width:40em;overflow:hidden}"
    "mark{background:#ffe066;padding:0 .1em}ul.mentions,td ul{margin:0;padding-left:1.1em}"
    "body.table img.lead{max-width:8em}.antara-article{max-width:48em}.antara-article h1{border:0;padding:0}"
    ".antara-meta,.antara-summary{color:#555}.antara-article img.lead{max-width:100%}figcaption{color:#555;font-size:.9em}"
    ".antara-credits dt{font-weight:bold;margin-top:.6em}.antara-credits dd{margin-left:0}.antara-credits ul{display:inline;padding:0}"
    ".antara-credits ul li{display:inline}.antara-credits ul li+li:before{content:', '}.antara-credits ul.mentions li{display:list-item;margin-left:1.2em}"
    ".antara-credits ul.mentions li+li:before{content:''}"
)


@hookimpl
def extra_css_urls() -> list[str]:
    return ["data:text/css;charset=utf-8," + STYLE.replace(" ", "%20").replace("#", "%23")]
