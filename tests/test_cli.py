"""The antara-crawler command line."""

import json

import pytest
from click.testing import CliRunner

from antara_crawler.cli import cli
from antara_crawler.store import ArticleStore
from conftest import FIXTURES
from test_store import fixture_articles

SEED = FIXTURES / "www" / "seed-china-ai-2025-02-12.html"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "antara.db"
    store = ArticleStore(str(path))
    store.upsert_articles(fixture_articles())
    store.close()
    return path


@pytest.mark.parametrize("command", [[], ["parse"], ["export"], ["search"], ["runs"], ["fixture-site"], ["rejects"], ["reparse"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if command:
        assert "Example:" in result.output


def test_parse_prints_one_item_per_page():
    result = run("parse", SEED, FIXTURES / "www" / "video-page.html")
    assert result.exit_code == 0
    seed, video = [json.loads(line) for line in result.output.splitlines()]
    assert seed["dateline"] == "Beijing" and seed["reporters"] == ["Desca Lidya Natalia"]
    assert seed["url"].endswith("/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai")
    assert video["rejected"]["reason"] == "video"


def test_parse_url_option_overrides(tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes(SEED.read_bytes())
    [item] = [json.loads(line) for line in run("parse", page, "--url", "https://jatim.antaranews.com/berita/77/x").output.splitlines()]
    assert item["site"] == "www"  # the page's canonical link is the article's real address
    result = run("parse", page, page, "--url", "https://www.antaranews.com/berita/1/x")
    assert result.exit_code == 2 and "one FILE" in result.output


def test_parse_missing_file_is_a_usage_error(tmp_path):
    result = run("parse", tmp_path / "nope.html")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_parse_garbage_is_a_result_not_a_crash(tmp_path):
    for name, content in [("empty.html", b""), ("binary.html", bytes(range(256)) * 10), ("text.html", b"just words")]:
        (tmp_path / name).write_bytes(content)
        result = run("parse", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["rejected"]["stage"] == "parse"


def test_export_writes_json_lines_with_filters(db, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("export", out, "--db", db, "--since", "2025-03-01", "--until", "2025-12-31", "--site", "www")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["article_id"] for r in rows] == ["4671235", "4702288"]
    assert isinstance(rows[0]["reporters"], list) and rows[0]["reporters"] == ["Hreeloita Dharma Shanti", "Bayu Saputra"]
    assert "exported 2 articles" in result.output


def test_export_without_a_store_says_so(tmp_path):
    result = run("export", tmp_path / "out.jsonl", "--db", tmp_path / "missing.db")
    assert result.exit_code == 1 and "no article store" in result.output


def test_search(db):
    result = run("search", "kakao", "--db", db)
    assert result.exit_code == 0
    assert [json.loads(line)["article_id"] for line in result.output.splitlines()] == ["823456"]
    bad = run("search", 'AND "', "--db", db)
    assert bad.exit_code == 1 and "search failed" in bad.output


def test_runs_lists_crawl_runs(db):
    store = ArticleStore(str(db))
    run_id = store.start_run("antara", "{}", 1)
    store.finish_run(run_id, finish_reason="finished", exit_code=0, verdict="ok", new=3)
    store.close()
    result = run("runs", "--db", db)
    assert result.exit_code == 0
    [row] = [json.loads(line) for line in result.output.splitlines()]
    assert (row["finish_reason"], row["exit_code"], row["new"]) == ("finished", 0, 3)


def test_fixture_site_command_serves_until_stopped(tmp_path):
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "antara_crawler.cli", "fixture-site", "--port", str(port), "--fixtures", str(FIXTURES)],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        assert "serving" in server.stderr.readline()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/www.antaranews.com/rss/terkini.xml", timeout=10) as answer:
            feed = answer.read().decode()
        assert feed.count("<item>") == 10 and "https://www.antaranews.com/berita/" in feed
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/www.antaranews.com/robots.txt", timeout=10) as answer:
            assert "Sitemap: https://www.antaranews.com/sitemap.xml" in answer.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()
    with socket.socket() as taken:  # a port something else already listens on
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run(
            [sys.executable, "-m", "antara_crawler.cli", "fixture-site", "--port", str(port), "--fixtures", str(FIXTURES)],
            capture_output=True, text=True, timeout=30,
        )
    assert busy.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr
