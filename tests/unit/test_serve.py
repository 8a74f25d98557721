"""The archive's web view: its Datasette metadata, and the cell rendering that makes an article read
as one without ever letting the page's text become markup."""

import importlib.util
import json

from antara_crawler.tools.serve import PLUGINS, metadata


def plugin():
    spec = importlib.util.spec_from_file_location("antara_render", PLUGINS / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Urls:
    def row(self, database, table, pk):
        return f"/{database}/{table}/{pk}"


class Datasette:
    urls = Urls()


def render(column, value, table="articles", row=None):
    return plugin().render_cell(row or {}, value, column, table, "antara", Datasette())


def test_metadata_is_made_for_the_stores_database_name():
    found = metadata("antara")
    tables = found["databases"]["antara"]["tables"]
    assert tables["articles"]["sort_desc"] == "published_utc"
    assert {"array": "reporters"} in tables["articles"]["facets"] and tables["articles_fts"]["hidden"]
    assert {"search", "search_feed", "latest_per_site", "rejects_by_reason", "runs"} <= set(
        found["databases"]["antara"]["queries"]
    )
    assert "escape_fts(:q)" in found["databases"]["antara"]["queries"]["search"]["sql"]


def test_cells_read_as_an_article():
    assert str(render("body", "Satu.\n\nDua.")) == "<div class='article-body'><p>Satu.</p><p>Dua.</p></div>"
    assert str(render("reporters", json.dumps(["A", "B"]))) == "<ul><li>A</li><li>B</li></ul>"
    mention = [
        {"text": "Rabu (12/2)", "date": "2025-02-12"},
        {"text": "Senin (12/2)", "date": None, "warning": "weekday does not match the date"},
    ]
    shown = str(render("date_mentions", json.dumps(mention)))
    assert "Rabu (12/2)</q> → 2025-02-12" in shown and "no date <em>(weekday does not match the date)</em>" in shown
    assert (
        str(render("snippet", "…membantu «negara-negara» berkembang…", table=None))
        == "…membantu <mark>negara-negara</mark> berkembang…"
    )
    linked = str(render("title", "Judul", table=None, row={"site": "www", "article_id": "1"}))
    assert linked == "<a href='/antara/articles/www,1'>Judul</a>"
    assert render("title", "Judul") is None  # other cells: Datasette's own rendering


def test_the_pages_text_never_becomes_markup():
    hostile = "<script>alert(1)</script>"
    assert "<script>" not in str(render("body", hostile))
    assert "<script>" not in str(render("reporters", json.dumps([hostile])))
    assert "<script>" not in str(render("snippet", hostile + "«x»", table=None))
    assert "<script>" not in str(render("title", hostile, table=None, row={"site": "www", "article_id": "1"}))
    assert "javascript:" not in str(render("related", json.dumps([{"title": "x", "url": "javascript:alert(1)"}])))
    assert render("url", "javascript:alert(1)") is None and render("image_url", "javascript:alert(1)") is None
