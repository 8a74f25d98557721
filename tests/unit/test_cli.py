"""The antara-crawler command line."""

import json

import pytest
from click.testing import CliRunner
from test_store import fixture_articles

from antara_crawler.store import ArticleStore
from antara_crawler.tools.cli import cli
from helpers import FIXTURES, SEED, SEED_URL

VIDEO = FIXTURES / "not-article" / "www-2026-11-25-video-page.html"


def commands(group=cli, path=()):
    """Every command of the command line, found in it (not listed by hand)."""
    import click

    for name, command in group.commands.items():
        yield [*path, name]
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "antara.db"
    store = ArticleStore(str(path))
    store.store_articles(fixture_articles())
    store.close()
    return path


def test_the_command_list_is_complete():
    assert {" ".join(c) for c in commands()} >= {
        "parse",
        "export",
        "search",
        "runs",
        "rejects",
        "reparse",
        "fixture-site",
        "fixture",
        "fixture save",
        "fixture update",
    }


@pytest.mark.parametrize("command", [[], *commands()], ids=lambda c: " ".join(c) or "antara-crawler")
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if command:
        assert "Example:" in result.output


def test_parse_prints_one_item_per_page():
    result = run("parse", SEED, VIDEO)
    assert result.exit_code == 0
    seed, video = [json.loads(line) for line in result.output.splitlines()]
    assert seed["dateline"] == "Beijing" and seed["reporters"] == ["Desca Lidya Natalia"]
    assert seed["url"].endswith("/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai")
    assert video["rejected"]["reason"] == "video"


def test_parse_url_option_overrides(tmp_path):
    """The URL a page was fetched from is its identity; a canonical link naming another article is a
    warning, never an identity (it would overwrite that other article)."""
    page = tmp_path / "saved.html"
    page.write_bytes(SEED.read_bytes())
    [item] = [
        json.loads(line)
        for line in run("parse", page, "--url", "https://jatim.antaranews.com/berita/77/x").output.splitlines()
    ]
    assert (item["site"], item["article_id"], item["url"]) == (
        "jatim",
        "77",
        "https://jatim.antaranews.com/berita/77/x",
    )
    assert item["warnings"] == [f"canonical link names another page: {SEED_URL}"]
    [found] = [
        json.loads(line) for line in run("parse", page).output.splitlines()
    ]  # a file: the page says where it lives
    assert (found["site"], found["article_id"], found["warnings"]) == ("www", "4645921", [])
    result = run("parse", page, page, "--url", "https://www.antaranews.com/berita/1/x")
    assert result.exit_code == 2 and "one FILE" in result.output


def test_parse_missing_file_is_a_usage_error(tmp_path):
    result = run("parse", tmp_path / "nope.html")
    assert result.exit_code == 2 and "no such file or directory" in result.output


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
    assert isinstance(rows[0]["reporters"], list) and rows[0]["reporters"] == [
        "Hreeloita Dharma Shanti",
        "Bayu Saputra",
    ]
    assert "exported 2 articles" in result.output


def test_export_without_a_store_says_so(tmp_path):
    result = run("export", tmp_path / "out.jsonl", "--db", tmp_path / "missing.db")
    assert result.exit_code == 1 and "no article store" in result.output


def test_search(db):
    result = run("search", "kakao", "--db", db)
    assert result.exit_code == 0
    [hit] = [json.loads(line) for line in result.output.splitlines()]
    assert hit["article_id"] == "823456" and "«kakao»" in hit["snippet"]
    bad = run("search", 'AND "', "--db", db, "--fts")
    assert bad.exit_code == 1 and "search failed" in bad.output
    assert run("search", 'AND "', "--db", db).exit_code == 0  # plain words: no syntax to get wrong


def test_search_takes_hyphenated_words_and_filters(db):
    """'negara-negara' was "no such column: negara": words are quoted as sqlite-utils' quote=True does."""
    hits = [json.loads(line) for line in run("search", "negara-negara", "--db", db).output.splitlines()]
    assert hits and all("«negara-negara»" in h["snippet"] for h in hits)
    assert [
        h["site"] for h in map(json.loads, run("search", "banjir", "--db", db, "--site", "papua").output.splitlines())
    ] in ([], ["papua"])
    dated = [
        json.loads(line)
        for line in run(
            "search", "negara-negara", "--db", db, "--since", "2025-02-12", "--until", "2025-02-12"
        ).output.splitlines()
    ]
    assert [h["article_id"] for h in dated] == ["4645921"]
    assert len(run("search", "dan", "--db", db, "--limit", "2").output.splitlines()) == 2
    ranked = [json.loads(line)["article_id"] for line in run("search", "vulkanik", "--db", db).output.splitlines()]
    assert ranked[0] == "412345"  # the article about volcanic ash ranks first


def test_runs_lists_crawl_runs(db):
    store = ArticleStore(str(db))
    run_id = store.start_run("antara", {"mode": "replay", "arguments": {"sites": "www"}, "settings": {}}, 1, "replay")
    store.finish_run(run_id, finish_reason="finished", exit_code=0, verdict="ok", new=3)
    store.close()
    result = run("runs", "--db", db)
    assert result.exit_code == 0
    [row] = [json.loads(line) for line in result.output.splitlines()]
    assert (row["finish_reason"], row["exit_code"], row["new"], row["mode"]) == ("finished", 0, 3, "replay")
    assert row["args"]["arguments"] == {"sites": "www"}  # an object, not JSON inside JSON


def test_export_csv_and_limit(db, tmp_path):
    import csv

    out = tmp_path / "out.csv"
    result = run("export", out, "--db", db, "--limit", "3")
    assert result.exit_code == 0 and "exported 3 articles" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (
        len(rows) == 3
        and json.loads(rows[0]["tags"]) == json.loads(rows[0]["tags"])
        and rows[0]["tags"].startswith("[")
    )
    assert json.loads(rows[0]["date_mentions"]) is not None  # JSON, never Python's repr
    assert not list(tmp_path.glob(".*partial"))  # written beside, renamed into place


def test_rejects_show_and_one_row_per_page_and_reason(tmp_path):
    from antara_crawler.items import Reject
    from antara_crawler.parsing.page import PageInput

    path = tmp_path / "a.db"
    store = ArticleStore(str(path))
    page = PageInput("https://www.antaranews.com/video/1/x", b"<html>video</html>", "2026-01-01T00:00:00+00:00")
    for _ in range(3):  # the same page rejected on three runs
        store.add_reject(Reject(page.url, "parse", "video", "a video page", page))
    store.add_reject(Reject("https://www.antaranews.com/berita/2/y", "fetch", "gone", "HTTP 404"))
    store.close()
    listed = [json.loads(line) for line in run("rejects", "--db", path).output.splitlines()]
    assert [(r["url"], r["count"]) for r in listed] == [(page.url, 3), ("https://www.antaranews.com/berita/2/y", 1)]
    shown = json.loads(run("rejects", "show", str(listed[0]["id"]), "--db", path).output)
    assert shown["reason"] == "video" and shown["last_seen"] >= shown["rejected_at"]
    html = tmp_path / "page.html"
    assert run("rejects", "show", str(listed[0]["id"]), "--db", path, "--html", html).exit_code == 0
    assert html.read_bytes() == b"<html>video</html>"
    nothing = run("rejects", "show", str(listed[1]["id"]), "--db", path, "--html", html)
    assert nothing.exit_code == 1 and "kept no page" in nothing.output
    assert run("rejects", "show", "999", "--db", path).exit_code == 1


def test_the_top_level_help_gives_every_command_a_whole_line():
    result = run("--help")
    for name in ("crawl", "export", "search", "rejects", "reparse", "runs", "parse", "fixture-site", "fixture"):
        line = next(line for line in result.output.splitlines() if line.strip().startswith(name + " "))
        assert not line.rstrip().endswith("..."), line
    assert run("--version").output.startswith("antara-crawler, version ")


def test_parse_reads_folders_and_standard_input():
    folder = run("parse", FIXTURES / "old-2015")
    assert folder.exit_code == 0 and len(folder.output.splitlines()) == 2
    piped = CliRunner().invoke(
        cli, ["parse", "-", "--url", "https://www.antaranews.com/berita/4645921/x"], input=SEED.read_bytes()
    )
    [item] = [json.loads(line) for line in piped.output.splitlines()]
    assert item["file"] == "-" and item["dateline"] == "Beijing"


def test_parse_refuses_a_time_that_is_not_one():
    result = run("parse", SEED, "--fetched-at", "yesterday")
    assert result.exit_code == 2 and "not an ISO 8601 time: 'yesterday'" in result.output


def test_export_shares_the_crawls_window_syntax(db, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run("export", out, "--db", db, "--since", "100000d").exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(fixture_articles())
    for bad in ("02/01/2025", "2025-13-01", "2d2"):
        result = run("export", out, "--db", db, "--since", bad)
        assert (
            result.exit_code == 2
            and "not a date, time or duration" in result.output
            and "Traceback" not in result.output
        )


def test_runs_last_must_be_positive(db):
    result = run("runs", "--db", db, "--last", "0")
    assert result.exit_code == 2


def test_the_store_can_be_named_by_the_environment(db, monkeypatch):
    monkeypatch.setenv("ANTARA_DB", str(db))
    assert [json.loads(line)["article_id"] for line in run("search", "kakao").output.splitlines()] == ["823456"]


def test_fixture_save_then_update(tmp_path):
    folder = tmp_path / "fixtures"
    saved = run(
        "fixture",
        "save",
        SEED,
        "--url",
        "https://www.antaranews.com/berita/4645921/x",
        "--fetched-at",
        "2026-01-01T00:00:00Z",
        "--reconstructed",
        "--evidence",
        "the seed",
        "--notes",
        "a test",
        "--fixtures",
        folder,
    )
    assert saved.exit_code == 0, saved.output
    [page] = folder.glob("current-2019/www-2025-02-12-4645921.html")
    meta = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["expected"]["dateline"] == "Beijing" and meta["provenance"]["reconstructed"] is True
    assert "content_hash" not in meta["expected"] and meta["fetched_at"] == "2026-01-01T00:00:00+00:00"
    again = run("fixture", "save", SEED, "--url", "https://www.antaranews.com/berita/4645921/x", "--fixtures", folder)
    assert again.exit_code == 1 and "exists" in again.output

    meta["expected"]["dateline"] = "Jakarta"  # an expectation out of date
    page.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    check = run("fixture", "update", "--check", "--fixtures", folder)
    assert check.exit_code == 1 and "dateline: expected 'Jakarta', got 'Beijing'" in check.output
    updated = run("fixture", "update", "--fixtures", folder)
    assert updated.exit_code == 0 and "1 fixture(s) updated" in updated.output
    assert json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["expected"]["dateline"] == "Beijing"
    assert run("fixture", "update", "--check", "--fixtures", folder).exit_code == 0  # the layouts were recorded too


def test_the_repositorys_fixtures_are_up_to_date():
    result = run("fixture", "update", "--check", "--fixtures", FIXTURES)
    assert result.exit_code == 0, result.output


def test_parse_reads_at_most_a_page(tmp_path):
    result = run("parse", "/dev/zero")
    assert result.exit_code == 2 and "/dev/zero is larger than 10 MB" in result.output


def test_export_survives_odd_text(db, tmp_path):
    """A cell another tool wrote as bytes that are not UTF-8 does not stop the export; U+2028 in a
    field does not cut a record in two for str.splitlines()."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("update articles set title = cast(x'4b6166e92062726f6b656e' as text) where article_id = '823456'")
        conn.execute("update articles set summary = 'satu\u2028dua\u2029tiga' where article_id = '412345'")
    out = tmp_path / "out.jsonl"
    result = run("export", out, "--db", db)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(fixture_articles())
    rows = {r["article_id"]: r for r in map(json.loads, lines)}
    assert rows["823456"]["title"] == "Kaf\ufffd broken" and rows["412345"]["summary"] == "satu\u2028dua\u2029tiga"


@pytest.mark.parametrize("bound", ["garbage", "2025-13-45", "2d2"])
def test_export_refuses_bad_bounds_in_one_line(db, tmp_path, bound):
    result = run("export", tmp_path / "out.jsonl", "--db", db, "--until", bound)
    assert (
        result.exit_code == 2 and "not a date, time or duration" in result.output and "Traceback" not in result.output
    )


def test_parse_reads_gzip_pages(tmp_path):
    import gzip

    page = tmp_path / "seed.html.gz"
    page.write_bytes(gzip.compress(SEED.read_bytes()))
    [item] = [
        json.loads(line)
        for line in run("parse", page, "--url", "https://www.antaranews.com/berita/4645921/x").output.splitlines()
    ]
    assert item["dateline"] == "Beijing" and item["file"] == str(page)
    assert len(run("parse", tmp_path).output.splitlines()) == 1  # a folder's .html.gz too
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (11 * 1024 * 1024)))
    result = run("parse", bomb)
    assert result.exit_code == 2 and "larger than 10 MB" in result.output


def test_progress_shows_on_a_terminal_only(monkeypatch, db, tmp_path):
    import sys

    from antara_crawler.tools import cli as module

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert module._progress(False, "x") is None  # cron, a pipe: nothing
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert module._progress(True, "x") is None  # --quiet
    bar = module._progress(False, "x")
    assert bar is not None and list(bar(iter([1, 2, 3]), 3)) == [1, 2, 3]
    quiet = run("export", tmp_path / "q.jsonl", "--db", db, "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
