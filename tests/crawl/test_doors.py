"""The same bytes give the same item whichever door they come through: `antara-crawler parse`, a
replayed crawl through Scrapy's downloader, and `reparse` of the kept page."""

import json

from click.testing import CliRunner

from antara_crawler.items import ARTICLE_FIELDS
from antara_crawler.tools.cli import cli
from crawling import crawl
from helpers import SEED

URL = "https://www.antaranews.com/berita/4700001/kafe-kutip-di-jakarta"


def test_a_cp1252_page_declared_utf8_reads_the_same_through_every_door(tmp_path):
    saved = tmp_path / "pages"
    saved.mkdir()
    html = SEED.read_text(encoding="utf-8").replace("China tanggapi penolakan", "Kafé “kutip” China tanggapi penolakan")
    html = html.replace(
        "4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai", "4700001/kafe-kutip-di-jakarta"
    )
    (saved / "page.html").write_bytes(html.encode("cp1252", "replace"))  # the bytes are cp1252, the page says UTF-8
    meta = {
        "url": URL,
        "fetched_at": "2026-11-20T08:00:00+00:00",
        "headers": {"Content-Type": "text/html; charset=utf-8"},
    }
    (saved / "page.json").write_text(json.dumps(meta), encoding="utf-8")

    parsed = CliRunner().invoke(cli, ["parse", str(saved / "page.html")])
    [from_parse] = [json.loads(line) for line in parsed.output.splitlines()]
    assert from_parse["title"] == "Kafé “kutip” China tanggapi penolakan Inggris-AS dalam kesepakatan global soal AI"

    run = crawl(tmp_path / "a.db", "-a", f"url={URL}", "-s", f"ANTARA_REPLAY_DIR={saved}", "-s", "ANTARA_KEEP_HTML=1")
    [from_crawl] = run.rows
    assert from_crawl == {k: from_parse[k] for k in ARTICLE_FIELDS}  # the saved fetch time included

    reparsed = CliRunner().invoke(cli, ["reparse", "--pages", "--db", str(run.db)])
    assert json.loads(reparsed.output)["unchanged"] == 1  # the kept page gives the same text again
    [(title, fetched_at)] = run.query("select title, fetched_at from articles")
    assert (title, fetched_at) == (from_parse["title"], meta["fetched_at"])
