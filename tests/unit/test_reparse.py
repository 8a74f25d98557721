"""Rejects are data: listed, kept with their HTML, and re-processed by a newer parser."""

import json
import sqlite3

from click.testing import CliRunner

from antara_crawler.items import Reject
from antara_crawler.parsing.page import PageInput
from antara_crawler.store import ArticleStore
from antara_crawler.tools.cli import cli
from helpers import SEED, SEED_URL


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def page(url: str, body: bytes) -> PageInput:
    return PageInput(url, body, "2026-01-01T00:00:00+00:00", {"content-type": "text/html; charset=utf-8"})


def test_a_reject_from_a_parser_bug_is_reprocessed(tmp_path):
    """A page an older parser could not read (its reject kept the HTML) is stored by `reparse`."""
    db = tmp_path / "a.db"
    store = ArticleStore(str(db))
    store.add_reject(
        Reject(
            SEED_URL, "parse", "unsupported", "no article body found by any layer", page(SEED_URL, SEED.read_bytes())
        )
    )
    store.add_reject(
        Reject(
            "https://www.antaranews.com/berita/1/x",
            "parse",
            "unsupported",
            "still nothing",
            page("https://www.antaranews.com/berita/1/x", b"<html><body></body></html>"),
        )
    )
    store.add_reject(Reject("https://www.antaranews.com/berita/2/y", "fetch", "gone", "HTTP 404"))
    store.close()

    listed = [json.loads(line) for line in run("rejects", "--db", db).output.splitlines()]
    assert [(r["stage"], r["reason"], r["has_html"]) for r in listed] == [
        ("parse", "unsupported", True),
        ("parse", "unsupported", True),
        ("fetch", "gone", False),
    ]
    assert [
        r["url"]
        for r in json.loads("[" + ",".join(run("rejects", "--db", db, "--stage", "fetch").output.splitlines()) + "]")
    ] == ["https://www.antaranews.com/berita/2/y"]

    result = run("reparse", "--db", db)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert (counts["pages"], counts["stored"], counts["new"], counts["still_rejected"]) == (2, 1, 1, 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select dateline, reporters from articles").fetchall() == [
            ("Beijing", '["Desca Lidya Natalia"]')
        ]
    remaining = [json.loads(line)["url"] for line in run("rejects", "--db", db).output.splitlines()]
    assert SEED_URL not in remaining and len(remaining) == 2
    resolved = [json.loads(line) for line in run("rejects", "--db", db, "--all").output.splitlines()]
    assert next(r for r in resolved if r["url"] == SEED_URL)["resolved_at"]
    assert json.loads(run("reparse", "--db", db).output)["stored"] == 0  # nothing left to recover
